import type { IDatasource } from 'ag-grid-community';
import type { LeadColumnKey, LeadFilter } from '../../../../shared/api/leads';
import { call } from '../../lib/api';
import { createKeysetDatasource, type KeysetEvents } from '../../lib/keyset-datasource';
import { toLeadFilters, toSort, type AgFilterModel } from './grid-filters';

export interface LeadsQueryContext {
  workspaceId: string;
  search: string;
  chips: Partial<Record<LeadColumnKey, LeadFilter>>;
}

export type LeadsDatasourceEvents = KeysetEvents;

export function createLeadsDatasource(context: () => LeadsQueryContext | null, events: KeysetEvents): IDatasource {
  return createKeysetDatasource(
    (params) => {
      const ctx = context();
      if (!ctx) return null;
      return {
        workspaceId: ctx.workspaceId,
        search: ctx.search,
        sort: toSort(params.sortModel as { colId: string; sort: 'asc' | 'desc' }[]),
        filters: { ...toLeadFilters(params.filterModel as AgFilterModel), ...ctx.chips },
      };
    },
    ({ query, ...page }) => call('leads.page', { ...query, ...page }),
    events,
  );
}
