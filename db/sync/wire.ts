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

const COPY_SPECIAL = /[\\\t\n\r\0\uD800-\uDFFF]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A local (SQLite driver) value as one field of COPY text: NULL as \N, booleans (0/1 here) as t/f.
 * Undefined when Postgres cannot store it (a NUL character, half a surrogate pair): such a change
 * is refused on this side, since a COPY that fails would stop the whole batch.
 */
export function copyField(column: PgColumn | undefined, value: unknown): string | undefined {
  if (value === null || value === undefined) return '\\N';
  if (column?.type === 'boolean') return value === 1 || value === true || value === '1' ? 't' : 'f';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (!COPY_SPECIAL.test(text)) return text;
  if (text.includes('\0') || LONE_SURROGATE.test(text)) return undefined;
  return text.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]!);
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
