// The call-metric tables (by rep, by source, by workspace): the same seven figures per row, each
// count opening the calls behind it, sortable, and exportable as CSV in the order on screen.
import { useState } from 'react';
import type { CallStats, CallStatsRow } from '../../../../shared/api/analytics';
import type { TrafficSourceDef } from '../../../../shared/domain/traffic-source';
import { downloadCsv, stampedName } from '../../lib/download';
import { formatCount, formatMoney } from '../../lib/format';
import { centsCsv, formatRate, rateCsv } from './analytics-format';
import { openDrill, type DrillScope, type Measure } from './drill';
import { EmptyNote, ExportButton, Panel } from './Panel';
import { SortTable, sortRows, type Column, type SortState } from './SortTable';

type Drill = (row: CallStatsRow, measure: Measure) => void;

function DrillCount({ value, measure, row, drill, money }: { value: number; measure: Measure; row: CallStatsRow; drill: Drill; money?: boolean }) {
  const text = money ? formatMoney(value) : formatCount(value);
  if (value === 0) return <span className="an-zero">{text}</span>;
  return (
    <button type="button" className="an-drill" onClick={() => drill(row, measure)} title="Show these calls" data-measure={measure}>
      {text}
    </button>
  );
}

function Rate({ rate, num, den, what }: { rate: number | null; num: number; den: number; what: string }) {
  return (
    <span title={den === 0 ? `No ${what} yet` : `${formatCount(num)} of ${formatCount(den)} ${what}`} className={rate === null ? 'an-zero' : undefined}>
      {formatRate(rate)}
    </span>
  );
}

/** The seven metric columns shared by every call table, with totals from `total`. */
function metricColumns(drill: Drill, total: CallStatsRow): Column<CallStatsRow>[] {
  const m = total.metrics;
  const count = (key: string, label: string, measure: Measure, pick: (r: CallStatsRow) => number, totalValue: number, title?: string): Column<CallStatsRow> => ({
    key,
    label,
    numeric: true,
    ...(title ? { title } : {}),
    sort: pick,
    render: (r) => <DrillCount value={pick(r)} measure={measure} row={r} drill={drill} />,
    total: <DrillCount value={totalValue} measure={measure} row={total} drill={drill} />,
  });
  return [
    count('calls', 'Calls', 'calls', (r) => r.metrics.calls, m.calls, 'Every call in the range, whatever its stage'),
    count('held', 'Held', 'held', (r) => r.metrics.held, m.held, 'Completed + closed won + lost'),
    count('noShows', 'No-shows', 'noShows', (r) => r.metrics.noShows, m.noShows),
    count('closedWon', 'Closed won', 'closedWon', (r) => r.metrics.closedWon, m.closedWon),
    {
      key: 'showRate',
      label: 'Show rate',
      numeric: true,
      title: 'Held ÷ resolved (resolved = held + no-shows)',
      sort: (r) => r.metrics.showRate,
      render: (r) => <Rate rate={r.metrics.showRate} num={r.metrics.held} den={r.metrics.resolved} what="resolved calls held" />,
      total: <Rate rate={m.showRate} num={m.held} den={m.resolved} what="resolved calls held" />,
    },
    {
      key: 'closeRate',
      label: 'Close rate',
      numeric: true,
      title: 'Closed won ÷ held',
      sort: (r) => r.metrics.closeRate,
      render: (r) => <Rate rate={r.metrics.closeRate} num={r.metrics.closedWon} den={r.metrics.held} what="held calls won" />,
      total: <Rate rate={m.closeRate} num={m.closedWon} den={m.held} what="held calls won" />,
    },
    {
      key: 'revenue',
      label: 'Revenue',
      numeric: true,
      title: 'Sale value of closed-won calls',
      sort: (r) => r.saleValueCents,
      render: (r) => <DrillCount value={r.saleValueCents} measure="revenue" row={r} drill={drill} money />,
      total: <DrillCount value={total.saleValueCents} measure="revenue" row={total} drill={drill} money />,
    },
  ];
}

const METRIC_CSV_HEADER = ['Calls', 'Held', 'No-shows', 'Closed won', 'Lost', 'Resolved', 'Show rate %', 'Close rate %', 'Revenue (USD)'];

function metricCsv(r: CallStatsRow): (string | number)[] {
  const m = r.metrics;
  return [m.calls, m.held, m.noShows, m.closedWon, m.lost, m.resolved, rateCsv(m.showRate), rateCsv(m.closeRate), centsCsv(r.saleValueCents)];
}

export interface TableSpec {
  title: string;
  sub: string;
  /** Used in the file name and the export button's label. */
  what: string;
  fileBase: string;
  testId: string;
  first: Column<CallStatsRow>;
  rowKey: (r: CallStatsRow) => string;
  csvFirst: { header: string[]; cells: (r: CallStatsRow) => (string | number)[] };
  scope: (r: CallStatsRow) => Partial<DrillScope>;
  beforeDrill?: (r: CallStatsRow) => Promise<void>;
}

/** Downloads a table as CSV, rows in the order the table shows them. */
export function exportCallTable(spec: TableSpec, stats: CallStats, sort: SortState | null): void {
  const columns = [spec.first, ...metricColumns(() => {}, stats.total)];
  const rows = sortRows(stats.rows, columns, sort);
  downloadCsv(stampedName(spec.fileBase), [...spec.csvFirst.header, ...METRIC_CSV_HEADER], rows.map((r) => [...spec.csvFirst.cells(r), ...metricCsv(r)]));
}

function CallTable({ spec, stats, base, exportable, sort, onSort, maxHeight }: { spec: TableSpec; stats: CallStats; base: DrillScope; exportable: boolean; sort: SortState; onSort: (s: SortState) => void; maxHeight?: number }) {
  const drill: Drill = (row, measure) => {
    // The totals row carries no key of its own: it drills into everything in scope.
    const isTotal = row === stats.total;
    const go = () => openDrill(measure, { ...base, ...(isTotal ? {} : spec.scope(row)) });
    if (!isTotal && spec.beforeDrill) void spec.beforeDrill(row).then(go);
    else go();
  };
  const columns = [spec.first, ...metricColumns(drill, stats.total)];
  return (
    <Panel
      title={spec.title}
      sub={spec.sub}
      testId={spec.testId}
      actions={<ExportButton what={spec.what} testId={`${spec.testId}-export`} onClick={() => exportCallTable(spec, stats, sort)} disabled={!exportable || stats.rows.length === 0} />}
    >
      {stats.rows.length === 0 ? (
        <EmptyNote testId={`${spec.testId}-empty`}>No calls in this range</EmptyNote>
      ) : (
        <SortTable rows={stats.rows} columns={columns} rowKey={spec.rowKey} sort={sort} onSort={onSort} caption={spec.title} testId={`${spec.testId}-table`} showTotals={stats.rows.length > 1} {...(maxHeight ? { maxHeight } : {})} />
      )}
    </Panel>
  );
}

export const REVENUE_DESC: SortState = { key: 'revenue', dir: 'desc' };

export function repTableSpec(): TableSpec {
  return {
    title: 'By rep',
    sub: 'Calls each rep owns in the range',
    what: 'by-rep table',
    fileBase: 'analytics-by-rep',
    testId: 'by-rep',
    first: {
      key: 'rep',
      label: 'Rep',
      sort: (r) => r.repName ?? '',
      render: (r) => <span className={r.repUserId ? 'an-name' : 'an-name an-zero'}>{r.repName ?? 'Unassigned'}</span>,
      total: <span className="an-total-label">All reps</span>,
    },
    rowKey: (r) => r.repUserId ?? 'unassigned',
    csvFirst: { header: ['Rep', 'Rep ID'], cells: (r) => [r.repName ?? 'Unassigned', r.repUserId ?? ''] },
    scope: (r) => ({ repUserId: r.repUserId ?? null, repName: r.repName ?? 'Unassigned' }),
  };
}

export function sourceTableSpec(def: (key: string) => TrafficSourceDef): TableSpec {
  return {
    title: 'By traffic source',
    sub: 'Where the calls came from, as classified on each call',
    what: 'by-source table',
    fileBase: 'analytics-by-source',
    testId: 'by-source',
    first: {
      key: 'source',
      label: 'Source',
      sort: (r) => def(r.trafficSource ?? '').label,
      render: (r) => (
        <span className="source-badge">
          <span className="source-dot" style={{ background: def(r.trafficSource ?? '').color }} aria-hidden="true" />
          {def(r.trafficSource ?? '').label}
        </span>
      ),
      total: <span className="an-total-label">All sources</span>,
    },
    rowKey: (r) => r.trafficSource ?? '',
    csvFirst: { header: ['Source', 'Source key'], cells: (r) => [def(r.trafficSource ?? '').label, r.trafficSource ?? ''] },
    scope: (r) => ({ trafficSource: r.trafficSource ?? '', sourceLabel: def(r.trafficSource ?? '').label }),
  };
}

export function workspaceTableSpec(names: Map<string, string>, switchTo: (id: string) => Promise<void>): TableSpec {
  return {
    title: 'By workspace',
    sub: 'Opening a figure switches to that workspace',
    what: 'by-workspace table',
    fileBase: 'analytics-by-workspace',
    testId: 'by-workspace',
    first: {
      key: 'workspace',
      label: 'Workspace',
      sort: (r) => names.get(r.workspaceId ?? '') ?? '',
      render: (r) => <span className="an-name">{names.get(r.workspaceId ?? '') ?? r.workspaceId}</span>,
      total: <span className="an-total-label">All workspaces</span>,
    },
    rowKey: (r) => r.workspaceId ?? '',
    csvFirst: { header: ['Workspace', 'Workspace ID'], cells: (r) => [names.get(r.workspaceId ?? '') ?? '', r.workspaceId ?? ''] },
    scope: () => ({}),
    beforeDrill: (r) => switchTo(r.workspaceId ?? ''),
  };
}

/** One call table with its own sort, which its export follows. */
/** `exportable`: false while the figures shown are the previous filters' (new ones loading, or failed to): the export waits. */
export function CallTablePanel({ spec, stats, base, exportable, maxHeight, sort: sortProp, onSort: onSortProp }: { spec: TableSpec; stats: CallStats; base: DrillScope; exportable: boolean; maxHeight?: number; sort?: SortState; onSort?: (s: SortState) => void }) {
  const [own, setOwn] = useState<SortState>(REVENUE_DESC);
  const sort = sortProp ?? own;
  const onSort = onSortProp ?? setOwn;
  return <CallTable spec={spec} stats={stats} base={base} exportable={exportable} sort={sort} onSort={onSort} {...(maxHeight ? { maxHeight } : {})} />;
}

