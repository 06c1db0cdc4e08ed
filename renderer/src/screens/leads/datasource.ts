// ag-grid's infinite row model asks for rows by position; the database pages by keyset. Each
// block remembers the cursor after its last row, so scrolling on asks "rows after X" (an index
// range scan) and only a jump far ahead falls back to an offset.
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { Cursor, LeadColumnKey, LeadFilter, LeadsPage } from '../../../../shared/api/leads';
import { call } from '../../lib/api';
import { toLeadFilters, toSort, type AgFilterModel } from './grid-filters';

export interface LeadsQueryContext {
  workspaceId: string;
  search: string;
  chips: Partial<Record<LeadColumnKey, LeadFilter>>;
}

export interface LeadsDatasourceEvents {
  onTotal(total: number | null): void;
  onLoading(loading: boolean, error: string | null): void;
}

export function createLeadsDatasource(context: () => LeadsQueryContext | null, events: LeadsDatasourceEvents): IDatasource {
  let cursors = new Map<number, Cursor>();
  let signature = '';
  let total: number | null = null;
  return {
    getRows(params: IGetRowsParams) {
      const ctx = context();
      if (!ctx) {
        params.successCallback([], 0);
        return;
      }
      const sort = toSort(params.sortModel as { colId: string; sort: 'asc' | 'desc' }[]);
      const filters = { ...toLeadFilters(params.filterModel as AgFilterModel), ...ctx.chips };
      const sig = JSON.stringify([ctx.workspaceId, ctx.search, sort, filters]);
      if (sig !== signature) {
        signature = sig;
        cursors = new Map();
        total = null;
      }
      const after = params.startRow === 0 ? undefined : cursors.get(params.startRow);
      const limit = params.endRow - params.startRow;
      events.onLoading(true, null);
      call('leads.page', {
        workspaceId: ctx.workspaceId,
        search: ctx.search,
        sort,
        filters,
        limit,
        includeTotal: total === null,
        ...(after ? { after } : params.startRow > 0 ? { offset: params.startRow } : {}),
      })
        .then((page: LeadsPage) => {
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
