// The pull: every row changed since the cursor, table by table in pages, below a commit-safe
// horizon. The horizon is pg_snapshot_xmin(pg_current_snapshot()): every transaction with a
// smaller id has finished, so no row below it can still appear later, and a long transaction
// that started before a quicker one is picked up once it commits (its id stays at or above the
// horizon until then). Progress is saved with each page, so a dropped connection resumes.
import type { Client } from 'pg';
import { getMeta, setMeta } from '../queries/meta';
import type { AppDb } from '../connection';
import { PG_SCHEMA } from '../pg/schema-gen';
import { transaction } from '../write';
import { applyValues, localTimeZones } from './apply';
import { beginBulkLoad, finishBulkLoad, isEmptyTable, readBulkLoad } from './bulk-load';
import { pgTable, syncedTableOrder } from './wire';

export interface PullState {
  /** Everything below this change position is here. */
  cursor: string;
  /** The horizon of a pull in progress, or null between pulls. */
  horizon: string | null;
  table: number;
  afterXid: string | null;
  afterId: string | null;
}

const INITIAL: PullState = { cursor: '0', horizon: null, table: 0, afterXid: null, afterId: null };

export function readPullState(db: AppDb): PullState {
  const raw = getMeta(db, 'sync_pull_state');
  return raw ? (JSON.parse(raw) as PullState) : { ...INITIAL };
}

export interface PullProgress {
  table: string;
  rows: number;
}

export interface PullOptions {
  pageSize?: number;
  /**
   * Called with the newest column clock of each page (at most clockCeiling), so this device's
   * clock can move past what it has seen.
   */
  onClock?: (hlc: string) => void;
  /** Clocks above this (a device far ahead of real time) are not passed to onClock. */
  clockCeiling?: string;
  onPage?: (progress: PullProgress) => void;
  /** Test hook: called before each page query (throwing simulates a dropped connection). */
  beforePage?: (table: string, page: number) => void;
}

/**
 * The query of one table's pull: the synced columns (timestamps as the app writes them), the
 * change position, the newest clock. Read through a cursor in pages: one plan and one pass for the
 * whole table (a query per page would plan, and maybe sort, the rest of the table each time).
 */
function pullSql(table: string, resume: boolean): string {
  const columns = pgTable(table)
    .columns.map((c) => (c.type === 'timestamptz' ? `to_char("${c.name}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `"${c.name}"`))
    .join(', ');
  // The newest column clock of the row, at most $3 (a clock from a device far ahead is not received).
  const newest = `GREATEST(CASE WHEN "_clock" COLLATE "C" <= $3 THEN "_clock" END,
    CASE WHEN "_clocks" <> '{}'::jsonb THEN (SELECT max(value #>> '{}' COLLATE "C") FROM jsonb_each("_clocks") WHERE value #>> '{}' COLLATE "C" <= $3) END)`;
  // ORDER BY names the table's columns (t."_xid", an xid8), not the output column of the same name:
  // "_xid"::text would sort 1000 before 999, and a resumed pull would skip what sorted after.
  // In xid8 order the table's ("_xid", "id") index streams the rows: no sort before the first page.
  return `SELECT ${columns}, t."_xid"::text AS "_position", ${newest} FROM ${PG_SCHEMA}."${table}" AS t
    WHERE t."_xid" >= $1::xid8 AND t."_xid" < $2::xid8 ${resume ? 'AND (t."_xid", t."id") > ($4::xid8, $5::uuid)' : ''} ORDER BY t."_xid", t."id"`;
}

/** The tables with a change in [cursor, horizon) that this user may see: the others cost no page. */
async function changedTables(pg: Client, state: PullState, tables: string[]): Promise<Set<string>> {
  const probes = tables.map((t) => `CASE WHEN EXISTS (SELECT 1 FROM ${PG_SCHEMA}."${t}" WHERE "_xid" >= $1::xid8 AND "_xid" < $2::xid8) THEN '${t}' END`);
  const { rows } = await pg.query<{ t: string[] }>(`SELECT array_remove(ARRAY[${probes.join(', ')}], NULL) AS t`, [state.cursor, state.horizon]);
  return new Set(rows[0]!.t);
}

export async function pull(db: AppDb, pg: Client, options: PullOptions = {}): Promise<number> {
  const pageSize = options.pageSize ?? 5000;
  let state = readPullState(db);
  if (state.horizon === null) {
    const horizon = (await pg.query<{ h: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h')).rows[0]!.h;
    if (horizon === state.cursor) return 0;
    // Saved with the first page: a pull cut short before it simply starts again.
    state = { ...state, horizon, table: 0, afterXid: null, afterId: null };
  }
  const tables = syncedTableOrder();
  // A bulk load left by a pull cut short carries on only if this pull resumes in its table.
  const bulk = readBulkLoad(db);
  if (bulk && tables[state.table] !== bulk.table) finishBulkLoad(db);
  const changed = await changedTables(pg, state, tables);
  const ctx = { timeZones: localTimeZones(db) };
  let pulled = 0;
  let page = 0;
  const fetchPage = async (table: string): Promise<unknown[][]> => {
    options.beforePage?.(table, page++);
    return (await pg.query<unknown[]>({ text: `FETCH FORWARD ${Math.floor(pageSize)} FROM convio_pull`, rowMode: 'array' })).rows;
  };
  for (let t = state.table; t < tables.length; t++) {
    const table = tables[t]!;
    if (!changed.has(table)) continue;
    const width = pgTable(table).columns.length;
    const id = pgTable(table).columns.findIndex((c) => c.name === 'id');
    // A read-only transaction takes no transaction id: it never holds back another client's horizon.
    await pg.query('BEGIN READ ONLY');
    try {
      const resume = state.afterXid !== null && state.afterId !== null;
      const params: unknown[] = [state.cursor, state.horizon, options.clockCeiling ?? '~', ...(resume ? [state.afterXid, state.afterId] : [])];
      await pg.query(`DECLARE convio_pull NO SCROLL CURSOR FOR ${pullSql(table, resume)}`, params);
      await pullTable(table, t, width, id);
      await pg.query('COMMIT');
    } catch (err) {
      await pg.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }
  state = { cursor: state.horizon!, horizon: null, table: 0, afterXid: null, afterId: null };
  setMeta(db, 'sync_pull_state', JSON.stringify(state));
  return pulled;

  async function pullTable(table: string, t: number, width: number, id: number): Promise<void> {
    let first = state.afterXid === null;
    let fetching: Promise<unknown[][]> | null = fetchPage(table);
    while (fetching) {
      const rows: unknown[][] = await fetching;
      const last = rows[rows.length - 1];
      const done: boolean = rows.length < pageSize;
      const next: PullState = done
        ? { ...state, table: t + 1, afterXid: null, afterId: null }
        : { ...state, table: t, afterXid: String(last![width]), afterId: String(last![id]) };
      // The next page is on its way while this one is written (if this write fails, it is dropped).
      fetching = done ? null : fetchPage(table);
      fetching?.catch(() => {});
      // A page and the progress that says it is here commit together.
      transaction(db, () => {
        // A full first page into an empty table: a first sync of this table, loaded in bulk.
        if (first && !done && !readBulkLoad(db) && isEmptyTable(db, table)) beginBulkLoad(db, table);
        applyValues(db, table, rows, ctx);
        setMeta(db, 'sync_pull_state', JSON.stringify(next));
      });
      state = next;
      first = false;
      if (done && readBulkLoad(db)?.table === table) finishBulkLoad(db);
      pulled += rows.length;
      if (options.onClock && rows.length) {
        let newest = '';
        for (const r of rows) {
          const hlc = r[width + 1] as string | null;
          if (hlc && hlc > newest) newest = hlc;
        }
        if (newest) options.onClock(newest);
      }
      if (rows.length) options.onPage?.({ table, rows: rows.length });
    }
  }
}
