// The bulk side of the one write path, for imports: many new rows of one synced table written in
// multi-row statements, each with its outbox entry (a row snapshot, as insertRow records it) in the
// same transaction. Binding and statement overhead is paid per 50 rows instead of per row; the
// semantics are insertRow's. Call inside a transaction.
import type Database from 'better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '../connection';
import { tableMeta, type SyncedTable } from '../synced-tables';
import { ROW_SNAPSHOT, type Writer } from '../write';

const ROWS_PER_STATEMENT = 50;

/** A table's columns in a fixed order, and rows given in that order (driver values). */
export interface BulkTable {
  name: string;
  columns: string[];
  /** Index of the column in `columns`. */
  at(column: string): number;
  /** A new row holding every column's default (driver values), to fill in. */
  blank(): unknown[];
}

export function bulkTable(table: SyncedTable): BulkTable {
  const meta = tableMeta(table as SQLiteTable);
  const columns = Object.values(meta.columns).map((c) => c.name);
  const index = new Map(columns.map((c, i) => [c, i]));
  // Every column is written explicitly (the outbox carries the whole row), so defaults come from here.
  const defaults = Object.values(meta.columns).map((c) => (c.hasDefault && c.default !== undefined && typeof c.default !== 'object' ? c.mapToDriverValue(c.default) : null));
  return {
    blank: () => defaults.slice(),
    name: meta.name,
    columns,
    at(column) {
      const i = index.get(column);
      if (i === undefined) throw new Error(`${meta.name} has no column ${column}`);
      return i;
    },
  };
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: AppDb, sqlText: string): Database.Statement {
  let cache = statements.get(db.sqlite);
  if (!cache) statements.set(db.sqlite, (cache = new Map()));
  let stmt = cache.get(sqlText);
  if (!stmt) cache.set(sqlText, (stmt = db.sqlite.prepare(sqlText)));
  return stmt;
}

function insertSql(name: string, columns: string[], rows: number): string {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

const OUTBOX_TUPLE = '(?, ?, ?, ?, ?, ?, ?)';
function outboxSql(rows: number): string {
  return `INSERT INTO outbox (table_name, row_id, workspace_id, op, changes, hlc, created_at) VALUES ${Array.from({ length: rows }, () => OUTBOX_TUPLE).join(', ')}`;
}

/** Writes the rows (every column given, in `t.columns` order) and one outbox insert each. */
export function bulkInsert(w: Writer, t: BulkTable, rows: readonly unknown[][]): void {
  if (rows.length === 0) return;
  const id = t.at('id');
  const ws = t.columns.indexOf('workspace_id');
  const at = w.now();
  const width = t.columns.length;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
    const values: unknown[] = new Array(slice.length * width);
    for (let r = 0; r < slice.length; r++) {
      const row = slice[r]!;
      for (let c = 0; c < width; c++) values[r * width + c] = row[c] ?? null;
    }
    statement(w.db, insertSql(t.name, t.columns, slice.length)).run(values);
    if (w.localOnly) continue;
    const outbox: unknown[] = new Array(slice.length * 7);
    for (let r = 0; r < slice.length; r++) {
      const row = slice[r]!;
      outbox.splice(r * 7, 7, t.name, row[id], ws >= 0 ? row[ws] : null, 'insert', ROW_SNAPSHOT, w.clock.now(), at);
    }
    statement(w.db, outboxSql(slice.length)).run(outbox);
  }
}
