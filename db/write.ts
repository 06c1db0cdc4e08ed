// The one write path for synced tables. Every insert, update and delete goes through here and
// appends its change to the outbox in the same SQLite transaction, so a change can never exist
// without its outbox entry (or the reverse), whatever crashes when.
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { HlcClock } from '../shared/domain/hlc';
import { prepared, type AppDb } from './connection';
import { isSyncedTable, tableMeta, type SyncedTable } from './synced-tables';

export interface Writer {
  db: AppDb;
  clock: HlcClock;
  actorUserId: string | null;
  /**
   * Rows that belong to this device only (the placeholder identity of a device that has never
   * synced): written without outbox entries. Everything else sets nothing here.
   */
  localOnly?: boolean;
  /** ISO-8601 UTC. */
  now(): string;
  newId(): string;
  /**
   * Told of every row this writer creates or changes (an import keeps the record it undoes from):
   * `before` holds the changed properties' previous values and the previous updatedAt.
   */
  journal?: WriteJournal;
}

export interface WriteJournal {
  created(table: string, id: string): void;
  updated(table: string, id: string, before: Record<string, unknown>): void;
}

type Row<T extends SyncedTable> = T['$inferSelect'];
type Insert<T extends SyncedTable> = Omit<T['$inferInsert'], 'id' | 'createdAt' | 'updatedAt' | 'deletedAt'> &
  Partial<Pick<T['$inferInsert'], 'id' | 'createdAt' | 'updatedAt'>>;
type Patch<T extends SyncedTable> = Partial<Omit<T['$inferInsert'], 'id' | 'workspaceId' | 'createdAt' | 'updatedAt'>>;

// One reusable transaction runner per connection (better-sqlite3 builds a wrapper per call otherwise).
const runners = new WeakMap<AppDb['sqlite'], ReturnType<AppDb['sqlite']['transaction']>>();

/**
 * Runs fn in a transaction, IMMEDIATE (no lock-upgrade deadlocks between connections). Inside an
 * open transaction fn simply joins it: an error anywhere rolls the whole outer transaction back,
 * which is the only behaviour the write path wants.
 */
export function transaction<R>(db: AppDb, fn: () => R): R {
  if (db.sqlite.inTransaction) return fn();
  let runner = runners.get(db.sqlite);
  if (!runner) {
    runner = db.sqlite.transaction((body: () => unknown) => body());
    runners.set(db.sqlite, runner);
  }
  return runner.immediate(fn) as R;
}

function toDriver(column: SQLiteColumn, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return column.mapToDriverValue(value);
}

function fromDriver(column: SQLiteColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return column.mapFromDriverValue(value);
}

export function rowFromDriver<T extends SyncedTable>(table: T, raw: Record<string, unknown>): Row<T> {
  const meta = tableMeta(table as SQLiteTable);
  const out: Record<string, unknown> = {};
  for (const [prop, column] of Object.entries(meta.columns)) out[prop] = fromDriver(column, raw[column.name]);
  return out as Row<T>;
}

function assertSynced(table: SQLiteTable): void {
  if (!isSyncedTable(table)) throw new Error(`${tableMeta(table).name} is not a synced table; it has no outbox path`);
}

/**
 * Columns every device derives for itself from synced data (e.g. a call's day in its workspace's
 * time zone). They are written locally but never travel in the outbox.
 */
export const LOCAL_COLUMNS: Readonly<Record<string, ReadonlySet<string>>> = {
  calls: new Set(['call_day']),
};

function shareable(tableName: string, changes: Record<string, unknown>): Record<string, unknown> {
  const local = LOCAL_COLUMNS[tableName];
  if (!local) return changes;
  return Object.fromEntries(Object.entries(changes).filter(([column]) => !local.has(column)));
}

/**
 * What a bulk insert's outbox entry (an import's) holds in place of the row: "the row as stored".
 * The push reads the row then (it is only ever newer by edits that have outbox entries and clocks
 * of their own), so an imported row is written once, not once more as JSON: a million-lead import
 * would otherwise write gigabytes of copies and take longer. Single inserts keep the JSON: reading
 * a row back costs the push about twice what parsing it does. Parked changes always hold the
 * columns (see materializeChanges).
 */
export const ROW_SNAPSHOT = '*';

/** Stored rows by id as driver-value arrays in `names` order (every column, local ones too). */
export function storedRowArrays(db: AppDb, tableName: string, ids: readonly string[]): { names: string[]; rows: Map<string, unknown[]> } {
  const stmt = prepared(db, `SELECT t.* FROM json_each(?) j CROSS JOIN "${tableName}" t ON t.id = j.value`);
  const names = stmt.columns().map((c) => c.name);
  const rows = new Map<string, unknown[]>();
  if (ids.length === 0) return { names, rows };
  const id = names.indexOf('id');
  for (const values of stmt.raw(true).all(JSON.stringify(ids)) as unknown[][]) rows.set(String(values[id]), values);
  return { names, rows };
}

/** Stored rows by id (driver values, synced columns only); ids with no row are absent. */
export function storedRows(db: AppDb, tableName: string, ids: readonly string[]): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (ids.length === 0) return out;
  // Arrays, then objects built here: better-sqlite3's own row objects cost twice as much a row.
  const { names, rows } = storedRowArrays(db, tableName, ids);
  const local = LOCAL_COLUMNS[tableName];
  const keep = names.map((n) => !local?.has(n));
  for (const [id, values] of rows) {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) if (keep[i]) row[names[i]!] = values[i];
    out.set(id, row);
  }
  return out;
}

/** An outbox entry's `changes` as JSON of its columns: a row snapshot is read now (null: the row is gone). */
export function materializeChanges(db: AppDb, tableName: string, rowId: string, changes: string): string | null {
  if (changes !== ROW_SNAPSHOT) return changes;
  const row = storedRows(db, tableName, [rowId]).get(rowId);
  return row ? JSON.stringify(row) : null;
}

/** The tenant a change belongs to: its workspace_id, or its own id for a workspace row. */
function workspaceOf(tableName: string, raw: Record<string, unknown>): string | null {
  if (tableName === 'workspaces') return (raw.id as string | undefined) ?? null;
  return (raw.workspace_id as string | undefined) ?? null;
}

function appendOutbox(
  w: Writer,
  tableName: string,
  rowId: string,
  workspaceId: string | null,
  op: 'insert' | 'update' | 'delete',
  changes: Record<string, unknown>,
  at: string,
): void {
  if (w.localOnly) return;
  prepared(
    w.db,
    'INSERT INTO outbox (table_name, row_id, workspace_id, op, changes, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(tableName, rowId, workspaceId, op, JSON.stringify(shareable(tableName, changes)), w.clock.now(), at);
}

/** Inserts one row (id minted if absent, timestamps set) and its outbox entry. Returns the stored row. */
export function insertRow<T extends SyncedTable>(w: Writer, table: T, values: Insert<T>): Row<T> {
  const t = table as SQLiteTable;
  assertSynced(t);
  const meta = tableMeta(t);
  const at = w.now();
  const input = values as Record<string, unknown>;
  const full: Record<string, unknown> = { ...input, id: input.id ?? w.newId(), createdAt: input.createdAt ?? at, updatedAt: input.updatedAt ?? at };

  const names: string[] = [];
  const params: unknown[] = [];
  for (const [prop, column] of Object.entries(meta.columns)) {
    const value = full[prop];
    if (value === undefined) continue; // column default applies
    names.push(column.name);
    params.push(toDriver(column, value));
  }
  const sqlText = `INSERT INTO "${meta.name}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')}) RETURNING *`;
  return transaction(w.db, () => {
    const raw = prepared(w.db, sqlText).get(...params) as Record<string, unknown>;
    // The outbox carries the whole stored row, defaults included, so the server gets what we have.
    const stored: Record<string, unknown> = {};
    for (const column of Object.values(meta.columns)) stored[column.name] = raw[column.name] ?? null;
    appendOutbox(w, meta.name, String(full.id), workspaceOf(meta.name, raw), 'insert', stored, at);
    w.journal?.created(meta.name, String(full.id));
    return rowFromDriver(table, raw);
  });
}

export interface UpdateResult<T extends SyncedTable> {
  before: Row<T>;
  after: Row<T>;
  /** Property names whose value changed. Empty when the patch changed nothing (no write, no outbox row). */
  changed: string[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a === null && b === undefined) || (a === undefined && b === null);
}

/** Updates the given columns of one live row; writes only what changed. Returns null if no such row. */
export function updateRow<T extends SyncedTable>(w: Writer, table: T, id: string, patch: Patch<T>): UpdateResult<T> | null {
  const t = table as SQLiteTable;
  assertSynced(t);
  const meta = tableMeta(t);
  return transaction(w.db, () => {
    const beforeRaw = prepared(w.db, `SELECT * FROM "${meta.name}" WHERE id = ? AND deleted_at IS NULL`).get(id) as
      | Record<string, unknown>
      | undefined;
    if (!beforeRaw) return null;
    const before = rowFromDriver(table, beforeRaw);

    const sets: string[] = [];
    const params: unknown[] = [];
    const changes: Record<string, unknown> = {};
    const changed: string[] = [];
    for (const [prop, value] of Object.entries(patch as Record<string, unknown>)) {
      if (value === undefined) continue;
      const column = meta.columns[prop];
      if (!column || prop === 'id' || prop === 'workspaceId' || prop === 'createdAt' || prop === 'updatedAt') {
        throw new Error(`Column ${prop} of ${meta.name} cannot be updated`);
      }
      const driverValue = toDriver(column, value);
      if (sameValue(beforeRaw[column.name], driverValue)) continue;
      sets.push(`"${column.name}" = ?`);
      params.push(driverValue);
      changes[column.name] = driverValue;
      changed.push(prop);
    }
    if (changed.length === 0) return { before, after: before, changed };

    const at = w.now();
    sets.push('"updated_at" = ?');
    params.push(at);
    changes.updated_at = at;
    const afterRaw = prepared(w.db, `UPDATE "${meta.name}" SET ${sets.join(', ')} WHERE id = ? RETURNING *`).get(
      ...params,
      id,
    ) as Record<string, unknown>;
    appendOutbox(w, meta.name, id, workspaceOf(meta.name, beforeRaw), 'update', changes, at);
    if (w.journal) {
      const previous: Record<string, unknown> = { updatedAt: (before as Record<string, unknown>).updatedAt };
      for (const prop of changed) previous[prop] = (before as Record<string, unknown>)[prop] ?? null;
      w.journal.updated(meta.name, id, previous);
    }
    return { before, after: rowFromDriver(table, afterRaw), changed };
  });
}

/** Tombstones a row (deleted_at), so the delete syncs like any other change. Returns false if absent. */
export function deleteRow<T extends SyncedTable>(w: Writer, table: T, id: string): boolean {
  const t = table as SQLiteTable;
  assertSynced(t);
  const meta = tableMeta(t);
  return transaction(w.db, () => {
    const at = w.now();
    const raw = prepared(
      w.db,
      `UPDATE "${meta.name}" SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING *`,
    ).get(at, at, id) as Record<string, unknown> | undefined;
    if (!raw) return false;
    appendOutbox(w, meta.name, id, workspaceOf(meta.name, raw), 'delete', { deleted_at: at, updated_at: at }, at);
    w.journal?.updated(meta.name, id, { deletedAt: null });
    return true;
  });
}

/** Brings a tombstoned row back (undo of a delete); syncs like any edit. Returns false if no such deleted row. */
export function restoreRow<T extends SyncedTable>(w: Writer, table: T, id: string): boolean {
  const t = table as SQLiteTable;
  assertSynced(t);
  const meta = tableMeta(t);
  return transaction(w.db, () => {
    const at = w.now();
    const raw = prepared(w.db, `UPDATE "${meta.name}" SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL RETURNING *`).get(at, id) as
      | Record<string, unknown>
      | undefined;
    if (!raw) return false;
    appendOutbox(w, meta.name, id, workspaceOf(meta.name, raw), 'update', { deleted_at: null, updated_at: at }, at);
    w.journal?.updated(meta.name, id, { deletedAt: at });
    return true;
  });
}

/** Changes waiting to sync (kept by triggers on the outbox, migration 0004). */
export function pendingChangeCount(db: AppDb): number {
  return (prepared(db, 'SELECT pending FROM outbox_counter WHERE id = 1').get() as { pending: number } | undefined)?.pending ?? 0;
}

/**
 * One live row by id, typed. A cached prepared statement rather than a query builder: this is on
 * every handler's path (permission checks, look-ups), where building SQL per call adds up.
 */
export function liveRowById<T extends SyncedTable>(db: AppDb, table: T, id: string): Row<T> | null {
  const meta = tableMeta(table as SQLiteTable);
  const raw = prepared(db, `SELECT * FROM "${meta.name}" WHERE id = ? AND deleted_at IS NULL`).get(id) as Record<string, unknown> | undefined;
  return raw ? rowFromDriver(table, raw) : null;
}
