// Applying pulled rows to the local copy: the server's values, column by column, except where a
// change made here is still waiting to be pushed (that column keeps the local value until the
// server has decided). Bypasses the outbox: these are not local changes.
import type Database from 'better-sqlite3';
import { localDay } from '../../shared/domain/dates';
import { prepared, type AppDb } from '../connection';
import { columnsOf, fromWire, pgTable } from './wire';

export type PulledRow = Record<string, unknown>;

/** Columns with a pending (unpushed or parked) local write, per row id. */
function pendingColumns(db: AppDb, table: string, ids: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (ids.length === 0) return out;
  const marks = ids.map(() => '?').join(', ');
  for (const source of ['outbox', 'parked_changes']) {
    const rows = db.sqlite.prepare(`SELECT row_id, changes FROM ${source} WHERE table_name = ? AND row_id IN (${marks})`).all(table, ...ids) as { row_id: string; changes: string }[];
    for (const r of rows) {
      let set = out.get(r.row_id);
      if (!set) {
        set = new Set();
        out.set(r.row_id, set);
      }
      for (const column of Object.keys(JSON.parse(r.changes) as object)) set.add(column);
    }
  }
  return out;
}

function upsertStatement(db: AppDb, table: string, columns: string[], skip: ReadonlySet<string>): Database.Statement {
  const names = columns.map((c) => `"${c}"`).join(', ');
  const updates = columns.filter((c) => c !== 'id' && !skip.has(c)).map((c) => `"${c}" = excluded."${c}"`);
  const sqlText = `INSERT INTO "${table}" (${names}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (id) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  return prepared(db, sqlText);
}

export interface ApplyContext {
  /** Workspace time zones, for the calls' local day column. */
  timeZones: Map<string, string>;
}

/** Applies one page of one table. Call inside a transaction. Returns the rows written. */
export function applyRows(db: AppDb, table: string, rows: PulledRow[], ctx: ApplyContext): number {
  if (rows.length === 0) return 0;
  const pg = pgTable(table);
  const columns = pg.columns.map((c) => c.name);
  const byName = columnsOf(table);
  const isCalls = table === 'calls';
  const allColumns = isCalls ? [...columns, 'call_day'] : columns;
  const pending = pendingColumns(db, table, rows.map((r) => String(r.id)));
  const noSkip = new Set<string>();
  for (const row of rows) {
    const values = columns.map((c) => fromWire(byName.get(c)!, row[c]));
    if (isCalls) {
      const at = (row.scheduled_at ?? row.created_at) as string;
      const tz = ctx.timeZones.get(String(row.workspace_id)) ?? 'UTC';
      values.push(localDay(fromWire(byName.get('created_at')!, at) as string, tz));
    }
    const skip = pending.get(String(row.id)) ?? noSkip;
    upsertStatement(db, table, allColumns, skip).run(...values);
  }
  if (table === 'workspaces') {
    for (const row of rows) {
      ctx.timeZones.set(String(row.id), String(row.timezone ?? 'UTC'));
      prepared(db, 'INSERT OR IGNORE INTO synced_workspaces (workspace_id, first_synced_at) VALUES (?, ?)').run(String(row.id), new Date().toISOString());
    }
  }
  return rows.length;
}

export function localTimeZones(db: AppDb): Map<string, string> {
  return new Map((db.sqlite.prepare('SELECT id, timezone FROM workspaces').all() as { id: string; timezone: string }[]).map((r) => [r.id, r.timezone]));
}
