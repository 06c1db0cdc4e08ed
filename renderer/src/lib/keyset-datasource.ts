// ag-grid's infinite row model asks for rows by position; the database pages by keyset. Each
// block remembers the cursor after its last row, so scrolling on asks "rows after X" (an index
// range scan) and only a jump far ahead falls back to an offset. Shared by every big grid.
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { Cursor } from '../../../shared/api/leads';

export interface PageRequest<Q> {
  query: Q;
  limit: number;
  includeTotal: boolean;
  after?: Cursor;
  offset?: number;
}

export interface PageResult<R> {
  rows: R[];
  nextCursor: Cursor | null;
  total: number | null;
}

export interface KeysetEvents {
  onTotal(total: number | null): void;
  onLoading(loading: boolean, error: string | null): void;
}

/**
 * `query(params)` turns the grid's sort and filter models (plus whatever the screen holds) into the
 * request's query, or null when there is nothing to show yet. A change of query resets the cursors.
 */
export function createKeysetDatasource<Q, R>(
  query: (params: IGetRowsParams) => Q | null,
  fetchPage: (request: PageRequest<Q>) => Promise<PageResult<R>>,
  events: KeysetEvents,
): IDatasource {
  let cursors = new Map<number, Cursor>();
  let signature = '';
  let total: number | null = null;
  return {
    getRows(params: IGetRowsParams) {
      const q = query(params);
      if (q === null) {
        params.successCallback([], 0);
        return;
      }
      const sig = JSON.stringify(q);
      if (sig !== signature) {
        signature = sig;
        cursors = new Map();
        total = null;
      }
      const after = params.startRow === 0 ? undefined : cursors.get(params.startRow);
      events.onLoading(true, null);
      fetchPage({
        query: q,
        limit: params.endRow - params.startRow,
        includeTotal: total === null,
        ...(after ? { after } : params.startRow > 0 ? { offset: params.startRow } : {}),
      })
        .then((page) => {
          if (sig !== signature) return; // the query changed while this page was in flight
          if (page.total !== null) {
            total = page.total;
            events.onTotal(total);
          }
          if (page.nextCursor) cursors.set(params.startRow + page.rows.length, page.nextCursor);
          const lastRow = page.nextCursor ? (total ?? -1) : params.startRow + page.rows.length;
          params.successCallback(page.rows, lastRow);
          events.onLoading(false, null);
        })
        .catch((err: Error) => {
          events.onLoading(false, err.message);
          params.failCallback();
        });
    },
  };
}
