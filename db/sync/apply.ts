// Applying pulled rows to the local copy: the server's values, column by column, except where a
// change made here is still waiting to be pushed (that column keeps the local value until the
// server has decided). Bypasses the outbox: these are not local changes.
import type Database from 'better-sqlite3';
import { randomContactCode } from '../../shared/domain/contact-code';
import { localDay } from '../../shared/domain/dates';
import { prepared, type AppDb } from '../connection';
import { mintContactCode } from '../queries/contacts';
import { ROW_SNAPSHOT } from '../write';
import { readBulkLoad } from './bulk-load';
import { fromWire, pgTable } from './wire';

/** A row read from Postgres by column name (pg driver values). */
export type PulledRow = Record<string, unknown>;

/**
 * A row as the pull reads it: the table's synced columns in pgTable order, values as the pg driver
 * gives them except timestamps, already in the app's ISO form.
 */
export type PulledValues = readonly unknown[];

/** Columns with a pending (unpushed or parked) local write, per row id. */
function pendingColumns(db: AppDb, table: string, ids: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const source of ['outbox', 'parked_changes']) {
    // Usually nothing of this table is pending (always on a first pull): one probe, not a look-up per page.
    if (!prepared(db, `SELECT 1 FROM ${source} WHERE table_name = ? LIMIT 1`).get(table)) continue;
    const rows = prepared(db, `SELECT row_id, changes FROM ${source} WHERE table_name = ? AND row_id IN (SELECT value FROM json_each(?))`).all(table, JSON.stringify(ids)) as {
      row_id: string;
      changes: string;
    }[];
    for (const r of rows) {
      let set = out.get(r.row_id);
      if (!set) out.set(r.row_id, (set = new Set()));
      // A row created here and not yet pushed: every column is this device's.
      const columns = r.changes === ROW_SNAPSHOT ? pgTable(table).columns.map((c) => c.name) : Object.keys(JSON.parse(r.changes) as object);
      for (const column of columns) set.add(column);
    }
  }
  return out;
}

function upsertStatement(db: AppDb, table: string, columns: string[], skip: ReadonlySet<string>, rowsPer = 1): Database.Statement {
  const names = columns.map((c) => `"${c}"`).join(', ');
  const updates = columns.filter((c) => c !== 'id' && !skip.has(c)).map((c) => `"${c}" = excluded."${c}"`);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sqlText = `INSERT INTO "${table}" (${names}) VALUES ${Array.from({ length: rowsPer }, () => tuple).join(', ')}
    ON CONFLICT (id) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  return prepared(db, sqlText);
}

/** Rows per multi-row upsert: binding is paid per statement as much as per value (about a fifth faster than one row a statement). */
const ROWS_PER_STATEMENT = 32;

export interface ApplyContext {
  /** Workspace time zones, for the calls' local day column. */
  timeZones: Map<string, string>;
}

const NO_SKIP: ReadonlySet<string> = new Set();

/** Applies rows read by column name. Call inside a transaction. Returns the rows written. */
export function applyRows(db: AppDb, table: string, rows: readonly PulledRow[], ctx: ApplyContext): number {
  const columns = pgTable(table).columns;
  return applyValues(db, table, rows.map((row) => columns.map((c) => fromWire(c, row[c.name]))), ctx);
}

/** Applies one page of one table. Call inside a transaction. Returns the rows written. */
export function applyValues(db: AppDb, table: string, rows: readonly PulledValues[], ctx: ApplyContext): number {
  if (rows.length === 0) return 0;
  const columns = pgTable(table).columns;
  const names = columns.map((c) => c.name);
  const at = (name: string) => names.indexOf(name);
  const id = at('id');
  const booleans = columns.flatMap((c, i) => (c.type === 'boolean' ? [i] : []));
  // Calls keep their day in the workspace's time zone, derived here (never synced).
  const day = table === 'calls' ? { scheduled: at('scheduled_at'), created: at('created_at'), workspace: at('workspace_id') } : null;
  const allColumns = day ? [...names, 'call_day'] : names;
  const pending = pendingColumns(db, table, rows.map((r) => String(r[id])));
  // During a bulk load of contacts the code index is away; clashes are settled when it returns.
  if (table === 'contacts' && readBulkLoad(db)?.table !== 'contacts') freeContactCodes(db, rows, id, at('workspace_id'), at('contact_code'));
  const width = allColumns.length;
  const upsertOne = upsertStatement(db, table, allColumns, NO_SKIP);
  const upsertMany = upsertStatement(db, table, allColumns, NO_SKIP, ROWS_PER_STATEMENT);
  // Rows without a pending local edit go ROWS_PER_STATEMENT at a time; the others one by one.
  const chunk: unknown[] = new Array(width * ROWS_PER_STATEMENT);
  let inChunk = 0;
  const values: unknown[] = new Array(width);
  for (const row of rows) {
    for (let i = 0; i < names.length; i++) values[i] = row[i] ?? null;
    for (const i of booleans) if (values[i] !== null) values[i] = values[i] === true || values[i] === 't' || values[i] === 1 ? 1 : 0;
    if (day) {
      const tz = ctx.timeZones.get(String(row[day.workspace])) ?? 'UTC';
      values[names.length] = localDay(String(row[day.scheduled] ?? row[day.created]), tz);
    }
    const skip = pending.get(String(row[id]));
    if (skip) {
      upsertStatement(db, table, allColumns, skip).run(values);
      continue;
    }
    for (let i = 0; i < width; i++) chunk[inChunk * width + i] = values[i];
    if (++inChunk === ROWS_PER_STATEMENT) {
      upsertMany.run(chunk);
      inChunk = 0;
    }
  }
  for (let r = 0; r < inChunk; r++) upsertOne.run(chunk.slice(r * width, (r + 1) * width));
  if (table === 'workspaces') {
    const timezone = at('timezone');
    for (const row of rows) {
      ctx.timeZones.set(String(row[id]), String(row[timezone] ?? 'UTC'));
      prepared(db, 'INSERT OR IGNORE INTO synced_workspaces (workspace_id, first_synced_at) VALUES (?, ?)').run(String(row[id]), new Date().toISOString());
    }
  }
  return rows.length;
}

/**
 * Two laptops offline can mint the same contact code; the server keeps it for one contact and gives
 * the other a new one. Until that new code arrives here, the local contact still holds the old
 * one: it takes a free code now (the server's arrives with a later page or pull and replaces it).
 */
function freeContactCodes(db: AppDb, rows: readonly PulledValues[], id: number, workspace: number, code: number): void {
  const incoming = rows.map((r) => [r[workspace], r[code], r[id]]);
  const taken = (ws: string) => new Set(incoming.filter((t) => t[0] === ws).map((t) => String(t[1])));
  const clashes = prepared(
    db,
    `SELECT c.id, c.workspace_id AS ws FROM json_each(?) j JOIN contacts c
       ON c.workspace_id = j.value ->> 0 AND c.contact_code = j.value ->> 1 AND c.id <> j.value ->> 2`,
  ).all(JSON.stringify(incoming)) as { id: string; ws: string }[];
  const recode = prepared(db, 'UPDATE contacts SET contact_code = ? WHERE id = ?');
  for (const clash of clashes) {
    const avoid = taken(clash.ws);
    const fresh = mintContactCode(db, clash.ws, () => {
      let candidate = randomContactCode();
      while (avoid.has(candidate)) candidate = randomContactCode();
      return candidate;
    });
    recode.run(fresh, clash.id);
  }
}

export function localTimeZones(db: AppDb): Map<string, string> {
  return new Map((db.sqlite.prepare('SELECT id, timezone FROM workspaces').all() as { id: string; timezone: string }[]).map((r) => [r.id, r.timezone]));
}
