import { type ColDef, type GridApi, type ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CALL_COLUMNS, type CallColumnKey, type CallRow } from '../../../../shared/api/calls';
import type { LeadFilter } from '../../../../shared/api/leads';
import { CRM_STAGES, CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import { SegmentBadge, SourceBadge } from '../../components/Badges';
import { StageChangeDialog, needsStageDialog, type StageChangeRequest } from '../../components/StageChangeDialog';
import { ApiCallError, call } from '../../lib/api';
import { formatDateTime, formatMoney } from '../../lib/format';
import { createKeysetDatasource } from '../../lib/keyset-datasource';
import { useUi } from '../../stores/ui';
import { INFINITE_GRID } from '../leads/LeadsGrid';
import { toGridFilters, toGridSort, type AgFilterModel } from '../leads/grid-filters';

export interface CallsQuery {
  workspaceId: string;
  search: string;
  filters: Partial<Record<CallColumnKey, LeadFilter>>;
  days: { from?: string; to?: string };
}

/** The stage cell is a select: changing it moves the call (through the dialog when it needs a value or a reason). */
function StageCell({ data, context }: ICellRendererParams<CallRow, CrmStage, { requestStage: (r: StageChangeRequest) => void }>) {
  if (!data) return null;
  return (
    <select
      className={`stage-select stage-${data.crmStage}`}
      aria-label={`Stage of the call with ${data.contactName}`}
      value={data.crmStage}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      onChange={(e) => context.requestStage({ callId: data.id, contactName: data.contactName, from: data.crmStage, to: e.target.value as CrmStage })}
    >
      {CRM_STAGES.map((s) => (
        <option key={s} value={s}>{CRM_STAGE_LABELS[s]}</option>
      ))}
    </select>
  );
}

function SourceCell({ data }: ICellRendererParams<CallRow>) {
  return data ? <SourceBadge source={data.trafficSource} workspaceId={data.workspaceId} overridden={data.trafficSourceOverridden} /> : null;
}

function ContactCell({ data }: ICellRendererParams<CallRow>) {
  if (!data) return null;
  return (
    <span>
      {data.contactName || '—'} <span className="mono muted small">{data.contactCode}</span>
    </span>
  );
}

const TEXT = { filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'] } };
const NUMBER = { filter: 'agNumberColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'] } };
const DATE = { filter: 'agDateColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'], filterOptions: ['equals', 'lessThan', 'greaterThan', 'inRange'] } };

function columnDefs(): ColDef<CallRow>[] {
  return [
    { colId: 'scheduledAt', field: 'scheduledAt', headerName: 'Scheduled', width: 196, sortable: true, ...DATE, valueFormatter: (p) => formatDateTime(p.value) || 'Not scheduled' },
    { colId: 'contactName', field: 'contactName', headerName: 'Contact', width: 210, sortable: false, ...TEXT, cellRenderer: ContactCell },
    { colId: 'crmStage', field: 'crmStage', headerName: 'Stage', width: 150, sortable: true, filter: false, cellRenderer: StageCell },
    { colId: 'trafficSource', field: 'trafficSource', headerName: 'Traffic source', width: 165, sortable: true, filter: false, cellRenderer: SourceCell },
    { colId: 'repUserId', field: 'repName', headerName: 'Rep', width: 150, sortable: false, filter: false, valueFormatter: (p) => p.value ?? 'Nobody' },
    { colId: 'contactSegment', field: 'contactSegment', headerName: 'Segment', width: 110, sortable: false, filter: false, cellRenderer: (p: { data?: CallRow }) => (p.data ? <SegmentBadge segment={p.data.contactSegment} score={p.data.contactScore} /> : null) },
    { colId: 'sourceOfSetAppointment', field: 'sourceOfSetAppointment', headerName: 'Appointment source', width: 175, sortable: true, ...TEXT },
    { colId: 'leadSource', field: 'leadSource', headerName: 'Lead source', width: 150, sortable: true, ...TEXT },
    { colId: 'durationSeconds', field: 'durationSeconds', headerName: 'Duration', width: 110, sortable: true, ...NUMBER, type: 'rightAligned', valueFormatter: (p) => (p.value == null ? '' : `${Math.round(p.value / 60)} min`) },
    { colId: 'saleValueCents', field: 'saleValueCents', headerName: 'Sale value', width: 130, sortable: true, ...NUMBER, type: 'rightAligned', valueFormatter: (p) => formatMoney(p.value) },
    { colId: 'createdAt', field: 'createdAt', headerName: 'Logged', width: 170, sortable: true, ...DATE, hide: true, valueFormatter: (p) => formatDateTime(p.value) },
  ];
}

export function callsRequest(query: CallsQuery, params: { sortModel: unknown; filterModel: unknown }) {
  const grid = toGridFilters(params.filterModel as AgFilterModel, CALL_COLUMNS);
  return {
    workspaceId: query.workspaceId,
    search: query.search,
    sort: toGridSort(params.sortModel as { colId: string; sort: 'asc' | 'desc' }[], CALL_COLUMNS, { col: 'scheduledAt', dir: 'desc' }),
    // Money filters are typed in dollars: toGridFilters turns them into cents.
    filters: { ...grid, ...query.filters },
    days: query.days,
  };
}

export function CallsGrid({ query, dataVersion, apiRef, onOpen, onTotal }: { query: CallsQuery; dataVersion: number; apiRef: React.MutableRefObject<GridApi<CallRow> | null>; onOpen: (id: string) => void; onTotal: (total: number | null, loading: boolean, error: string | null) => void }) {
  const queryRef = useRef(query);
  queryRef.current = query;
  const [stageRequest, setStageRequest] = useState<StageChangeRequest | null>(null);
  const toast = useUi((s) => s.toast);
  const totalRef = useRef<number | null>(null);
  const datasource = useMemo(
    () =>
      createKeysetDatasource(
        (params) => callsRequest(queryRef.current, params),
        ({ query: q, ...page }) => call('calls.page', { ...q, ...page }),
        {
          onTotal: (t) => {
            totalRef.current = t;
            onTotal(t, false, null);
          },
          onLoading: (loading, error) => onTotal(totalRef.current, loading, error),
        },
      ),
    [onTotal],
  );
  const defs = useMemo(columnDefs, []);
  const signature = JSON.stringify([query, dataVersion]);
  useEffect(() => {
    apiRef.current?.purgeInfiniteCache();
  }, [signature, apiRef]);

  const requestStage = (r: StageChangeRequest) => {
    if (r.from === r.to) return;
    if (needsStageDialog(r.from, r.to)) {
      setStageRequest(r);
      apiRef.current?.refreshInfiniteCache();
      return;
    }
    call('calls.changeStage', { id: r.callId, to: r.to })
      .then(() => toast(`${r.contactName}: moved to ${CRM_STAGE_LABELS[r.to]}`, 'success'))
      .catch((err: unknown) => {
        toast(err instanceof ApiCallError ? err.message : String(err), 'error');
        apiRef.current?.refreshInfiniteCache();
      });
  };

  return (
    <div className="grid-wrap" data-testid="calls-grid">
      <AgGridReact<CallRow>
        {...INFINITE_GRID}
        datasource={datasource}
        columnDefs={defs}
        defaultColDef={{ resizable: true }}
        context={{ requestStage }}
        getRowId={(p) => p.data.id}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onGridReady={(e) => (apiRef.current = e.api)}
        onRowClicked={(e) => {
          const target = e.event?.target as HTMLElement | undefined;
          if (e.data && target?.tagName !== 'SELECT') onOpen(e.data.id);
        }}
        onCellKeyDown={(e) => {
          const key = (e.event as KeyboardEvent | undefined)?.key;
          if (key === 'Enter' && e.data) onOpen(e.data.id);
        }}
      />
      {stageRequest ? (
        <StageChangeDialog
          request={stageRequest}
          onCancel={() => setStageRequest(null)}
          onDone={() => {
            setStageRequest(null);
            apiRef.current?.refreshInfiniteCache();
          }}
        />
      ) : null}
    </div>
  );
}
