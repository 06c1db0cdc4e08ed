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
import { applyRows, localTimeZones, type PulledRow } from './apply';
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

export async function pull(db: AppDb, pg: Client, options: PullOptions = {}): Promise<number> {
  const pageSize = options.pageSize ?? 2000;
  let state = readPullState(db);
  if (state.horizon === null) {
    const horizon = (await pg.query<{ h: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h')).rows[0]!.h;
    if (horizon === state.cursor) return 0;
    state = { ...state, horizon, table: 0, afterXid: null, afterId: null };
    setMeta(db, 'sync_pull_state', JSON.stringify(state));
  }
  const tables = syncedTableOrder();
  const ctx = { timeZones: localTimeZones(db) };
  let pulled = 0;
  let page = 0;
  for (let t = state.table; t < tables.length; t++) {
    const table = tables[t]!;
    const columns = pgTable(table).columns.map((c) => `"${c.name}"`).join(', ');
    for (;;) {
      options.beforePage?.(table, page++);
      const params: unknown[] = [state.cursor, state.horizon, pageSize, options.clockCeiling ?? '~'];
      let after = '';
      if (state.afterXid !== null && state.afterId !== null) {
        after = 'AND ("_xid", "id") > ($5::xid8, $6::uuid)';
        params.push(state.afterXid, state.afterId);
      }
      const { rows } = await pg.query<PulledRow & { _xid: string; _hlc: string | null }>(
        `SELECT ${columns}, "_xid"::text AS "_xid",
           (SELECT max(value #>> '{}') FROM jsonb_each("_clocks") WHERE value #>> '{}' <= $4::text) AS "_hlc" FROM ${PG_SCHEMA}."${table}"
         WHERE "_xid" >= $1::xid8 AND "_xid" < $2::xid8 ${after} ORDER BY "_xid", "id" LIMIT $3`,
        params,
      );
      const last = rows[rows.length - 1];
      const done = rows.length < pageSize;
      const next: PullState = done
        ? { ...state, table: t + 1, afterXid: null, afterId: null }
        : { ...state, table: t, afterXid: last!._xid, afterId: String(last!.id) };
      // A page and the progress that says it is here commit together.
      transaction(db, () => {
        applyRows(db, table, rows, ctx);
        setMeta(db, 'sync_pull_state', JSON.stringify(next));
      });
      state = next;
      pulled += rows.length;
      if (options.onClock && rows.length) {
        let newest = '';
        for (const r of rows) if (r._hlc && r._hlc > newest) newest = r._hlc;
        if (newest) options.onClock(newest);
      }
      if (rows.length) options.onPage?.({ table, rows: rows.length });
      if (done) break;
    }
  }
  state = { cursor: state.horizon!, horizon: null, table: 0, afterXid: null, afterId: null };
  setMeta(db, 'sync_pull_state', JSON.stringify(state));
  return pulled;
}
