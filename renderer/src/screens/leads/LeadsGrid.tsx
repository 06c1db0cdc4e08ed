import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef, type ColumnState, type GridApi, type ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { LEAD_COLUMNS, type LeadColumnKey, type LeadFilter, type LeadRow } from '../../../../shared/api/leads';
import { LEAD_STATUS_LABELS, LEAD_TYPE_LABELS, type LeadStatus, type LeadType } from '../../../../shared/domain/leads';
import type { Segment } from '../../../../shared/domain/rfm';
import { SegmentBadge } from '../../components/Badges';
import { formatDateTime, formatMoney, formatPhone } from '../../lib/format';
import { useLeads } from '../../stores/leads';
import { currentWorkspace, useSession } from '../../stores/session';
import { createLeadsDatasource } from './datasource';

ModuleRegistry.registerModules([AllCommunityModule]);

/** One theme, two colour modes, switched by data-ag-theme-mode on <body> (set by the app shell). */
export const gridTheme = themeQuartz
  .withParams({
    fontFamily: 'inherit',
    fontSize: 13,
    headerFontSize: 12,
    headerFontWeight: 600,
    spacing: 6,
    rowHeight: 34,
    headerHeight: 36,
    wrapperBorderRadius: 0,
    borderRadius: 4,
    wrapperBorder: false,
    accentColor: '#5b5bd6',
    backgroundColor: '#ffffff',
    foregroundColor: '#1c2024',
    headerBackgroundColor: '#f9f9fb',
    borderColor: '#e8e8ec',
    rowHoverColor: '#f3f3ff',
    selectedRowBackgroundColor: '#ebebfe',
  })
  .withParams(
    {
      backgroundColor: '#141519',
      foregroundColor: '#e6e7ea',
      headerBackgroundColor: '#18191d',
      borderColor: '#26272c',
      rowHoverColor: '#1d1e27',
      selectedRowBackgroundColor: '#242545',
      accentColor: '#8080f0',
    },
    'dark',
  );

/** What every big grid shares: the theme, and the infinite row model paging 100 rows at a time. */
export const INFINITE_GRID = {
  theme: gridTheme,
  rowModelType: 'infinite' as const,
  cacheBlockSize: 100,
  maxBlocksInCache: 40,
  infiniteInitialRowCount: 1,
  cacheOverflowSize: 2,
};

const STATUS_TONE: Record<string, string> = { new: 'blue', contacted: 'amber', qualified: 'green', unqualified: 'gray', converted: 'violet' };

function StatusCell({ value }: ICellRendererParams<LeadRow, string>) {
  if (!value) return null;
  return <span className={`badge tone-${STATUS_TONE[value] ?? 'gray'}`}>{LEAD_STATUS_LABELS[value as LeadStatus] ?? value}</span>;
}

function SegmentCell({ value }: ICellRendererParams<LeadRow, Segment>) {
  return value ? <SegmentBadge segment={value} /> : null;
}

/** The leads' chip filters (status, type, segment) as contract filters. */
export function chipFilters(s: { statuses: string[]; types: string[]; segments: string[] }): Partial<Record<LeadColumnKey, LeadFilter>> {
  return {
    ...(s.statuses.length ? { status: { kind: 'enum', values: s.statuses } as LeadFilter } : {}),
    ...(s.types.length ? { leadType: { kind: 'enum', values: s.types } as LeadFilter } : {}),
    ...(s.segments.length ? { segment: { kind: 'enum', values: s.segments } as LeadFilter } : {}),
  };
}

function TypeCell({ value }: ICellRendererParams<LeadRow, string>) {
  if (!value) return <span className="muted">—</span>;
  return <span className={`type-dot type-${value}`}>{LEAD_TYPE_LABELS[value as LeadType] ?? value}</span>;
}

function PhoneCell({ value, data }: ICellRendererParams<LeadRow, string>) {
  if (!value) return <span className="muted">—</span>;
  if (data?.phoneStatus !== 'valid') {
    return (
      <span className="invalid-value" title="Not a valid phone number; kept as entered">
        {value} <span className="badge tone-red">check</span>
      </span>
    );
  }
  return <span className="mono">{formatPhone(value)}</span>;
}

const TEXT_FILTER = { filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'], filterOptions: ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank'] } };
const NUMBER_FILTER = { filter: 'agNumberColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'], filterOptions: ['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange', 'blank', 'notBlank'] } };
const DATE_FILTER = { filter: 'agDateColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'], filterOptions: ['equals', 'lessThan', 'greaterThan', 'inRange'] } };

function columnDefs(): ColDef<LeadRow>[] {
  return (Object.keys(LEAD_COLUMNS) as LeadColumnKey[]).map((key) => {
    const spec = LEAD_COLUMNS[key];
    const def: ColDef<LeadRow> = {
      colId: key,
      field: key as keyof LeadRow,
      headerName: spec.label,
      sortable: spec.sortable,
      hide: !spec.visible,
      width: 150,
      minWidth: 70,
    };
    switch (spec.kind) {
      case 'enum':
        // Enum columns filter through the chips above the grid (a checkbox list per value).
        Object.assign(def, { filter: false, width: 120 });
        break;
      case 'date':
        Object.assign(def, DATE_FILTER, { width: 170, valueFormatter: (p: { value: string }) => formatDateTime(p.value) });
        break;
      case 'money':
        Object.assign(def, NUMBER_FILTER, { type: 'rightAligned', valueFormatter: (p: { value: number | null }) => formatMoney(p.value) });
        break;
      case 'number':
        Object.assign(def, NUMBER_FILTER, { type: 'rightAligned', width: 110 });
        break;
      default:
        Object.assign(def, TEXT_FILTER);
    }
    return def;
  }).map((def) => {
    if (def.colId === 'status') def.cellRenderer = StatusCell;
    if (def.colId === 'leadType') def.cellRenderer = TypeCell;
    if (def.colId === 'segment') def.cellRenderer = SegmentCell;
    if (def.colId === 'rfmScore') def.width = 90;
    if (def.colId === 'phone') Object.assign(def, { cellRenderer: PhoneCell, width: 170 });
    if (def.colId === 'email') def.width = 230;
    if (def.colId === 'contactCode') Object.assign(def, { width: 96, cellClass: 'mono', pinned: 'left' as const });
    if (def.colId === 'firstName' || def.colId === 'lastName') def.width = 130;
    if (def.colId === 'state') def.width = 80;
    return def;
  });
}

const PREFS_VERSION = 1;
export function columnPrefsKey(userId: string): string {
  return `convio.leadsGrid.v${PREFS_VERSION}.${userId}`;
}

export interface LeadsGridHandle {
  api: GridApi<LeadRow> | null;
}

export function LeadsGrid({ onOpen, apiRef, onSelection }: { onOpen: (id: string) => void; apiRef: React.MutableRefObject<GridApi<LeadRow> | null>; onSelection?: (ids: string[]) => void }) {
  const workspace = useSession(currentWorkspace);
  const userId = useSession((s) => s.bootstrap?.user.id ?? 'anon');
  const dataVersion = useSession((s) => s.dataVersion);
  const search = useLeads((s) => s.search);
  const statuses = useLeads((s) => s.statuses);
  const types = useLeads((s) => s.types);
  const segments = useLeads((s) => s.segments);
  const { setTotal, setLoading } = useLeads.getState();

  // The datasource reads the latest query through a ref; changing the query purges the cache.
  const queryRef = useRef({ workspaceId: workspace?.id ?? '', search, chips: {} as Partial<Record<LeadColumnKey, LeadFilter>> });
  queryRef.current = {
    workspaceId: workspace?.id ?? '',
    search,
    chips: chipFilters({ statuses, types, segments }),
  };
  const datasource = useMemo(
    () =>
      createLeadsDatasource(() => (queryRef.current.workspaceId ? queryRef.current : null), {
        onTotal: (t) => setTotal(t),
        onLoading: (loading, error) => setLoading(loading, error),
      }),
    [setTotal, setLoading],
  );
  const defs = useMemo(columnDefs, []);

  useEffect(() => {
    setTotal(null);
    apiRef.current?.purgeInfiniteCache();
  }, [workspace?.id, search, statuses, types, segments, dataVersion, apiRef, setTotal]);

  const saveColumns = useCallback(() => {
    const state = apiRef.current?.getColumnState();
    if (state) localStorage.setItem(columnPrefsKey(userId), JSON.stringify(state.map(({ colId, hide, width, pinned }) => ({ colId, hide, width, pinned }))));
  }, [apiRef, userId]);

  return (
    <div className="grid-wrap" data-testid="leads-grid">
      <AgGridReact<LeadRow>
        {...INFINITE_GRID}
        datasource={datasource}
        columnDefs={defs}
        defaultColDef={{ resizable: true, suppressHeaderMenuButton: false }}
        getRowId={(p) => p.data.id}
        // Ticked rows are the bulk selection; a click opens the lead without ticking it.
        rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false }}
        onSelectionChanged={(e) => onSelection?.(e.api.getSelectedRows().map((r) => r.id))}
        onGridReady={(e) => {
          apiRef.current = e.api;
          const saved = localStorage.getItem(columnPrefsKey(userId));
          if (saved) {
            try {
              e.api.applyColumnState({ state: JSON.parse(saved) as ColumnState[], applyOrder: true });
            } catch {
              localStorage.removeItem(columnPrefsKey(userId));
            }
          }
        }}
        onColumnVisible={saveColumns}
        onColumnMoved={(e) => e.finished && saveColumns()}
        onColumnResized={(e) => e.finished && saveColumns()}
        onColumnPinned={saveColumns}
        onRowClicked={(e) => e.data && onOpen(e.data.id)}
        onCellKeyDown={(e) => {
          const key = (e.event as KeyboardEvent | undefined)?.key;
          if (key === 'Enter' && e.data) onOpen(e.data.id);
        }}
        overlayNoRowsTemplate="<span class='grid-empty'>No leads match. Clear the search or filters, or create a lead with N.</span>"
        loadingOverlayComponentParams={{ loadingMessage: 'Loading leads…' }}
      />
    </div>
  );
}
