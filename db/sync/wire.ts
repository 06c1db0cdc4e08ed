// Values between the local SQLite copy and Postgres: the column lists of each synced table (the
// same generator the server schema comes from) and the few type conversions (booleans are 0/1
// locally, timestamps ISO text, bigints numbers).
import { pgTables, type PgColumn, type PgTable } from '../pg/schema-gen';

const TABLES = new Map(pgTables().map((t) => [t.name, t]));

export function pgTable(name: string): PgTable {
  const t = TABLES.get(name);
  if (!t) throw new Error(`${name} is not a synced table`);
  return t;
}

export function syncedTableOrder(): string[] {
  return [...TABLES.keys()];
}

/** A local (SQLite driver) value as Postgres should receive it in JSON. */
export function toWire(column: PgColumn | undefined, value: unknown): unknown {
  if (value === null || value === undefined || !column) return value ?? null;
  if (column.type === 'boolean') return value === 1 || value === true || value === '1';
  return value;
}

/** A value read from Postgres (pg driver, with our type parsers) as SQLite stores it. */
export function fromWire(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return value === true || value === 't' ? 1 : 0;
    case 'bigint':
    case 'double precision':
      return typeof value === 'number' ? value : Number(value);
    case 'timestamptz':
      return normalizeTimestamp(String(value));
    default:
      return value;
  }
}

/** Postgres prints "2026-01-02 03:04:05.678+00"; the app stores "2026-01-02T03:04:05.678Z". */
export function normalizeTimestamp(text: string): string {
  const d = new Date(text.includes('T') ? text : text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

export function columnsOf(table: string): Map<string, PgColumn> {
  return new Map(pgTable(table).columns.map((c) => [c.name, c]));
}
