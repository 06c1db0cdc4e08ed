// The managers' dashboard: headline call figures, show and close rate over time by traffic source,
// the by-rep and by-source tables, and seed 002's reports. Every figure opens the calls behind it;
// every table exports as CSV; figures refetch whenever data changes anywhere (dataVersion).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { WorkspaceInfo } from '../../../../shared/api/app';
import type { TrafficSourceDef } from '../../../../shared/domain/traffic-source';
import { screenCommands } from '../../components/CommandPalette';
import { Icon } from '../../components/Icon';
import { currentWorkspace, useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { rangeLabel } from './analytics-format';
import { useAnalyticsFilters } from './analytics-store';
import { CallTablePanel, exportCallTable, repTableSpec, REVENUE_DESC, sourceTableSpec, workspaceTableSpec } from './CallTables';
import type { DrillScope } from './drill';
import { RangePicker, RepPicker, useMembers, WorkspacePicker } from './Filters';
import { KpiTiles } from './KpiTiles';
import { EmptyNote } from './Panel';
import { customRangeProblem, presetDays, RANGE_PRESETS, todayIn, type DayRange } from './range';
import { ChartsRow, useSources } from './RateCharts';
import { AppointmentsPanel, DailyConversionsPanel, FunnelPanel, WorkspaceConversionsPanel } from './SeedReports';
import { SegmentBreakdownPanel } from './SegmentBreakdown';
import type { SortState } from './SortTable';
import { useAnalyticsData, type CallsData, type ReportsData } from './use-analytics-data';
import './analytics.css';

/** Palette commands while the dashboard is open; they read the latest figures through a ref. */
function usePaletteCommands(data: CallsData | null, current: boolean, failed: boolean, repSort: SortState, def: (key: string) => TrafficSourceDef): void {
  const latest = useRef({ data, current, failed, repSort, def });
  latest.current = { data, current, failed, repSort, def };
  useEffect(() => {
    const { setPreset } = useAnalyticsFilters.getState();
    // An export is what the screen shows for the filters chosen: not the previous range's figures.
    const loading = () =>
      useUi
        .getState()
        .toast(latest.current.failed ? 'The figures could not be loaded, so there is nothing to export' : latest.current.data ? 'The figures are still updating; export again in a moment' : 'The figures are still loading');
    screenCommands.set('analytics', [
      {
        id: 'export-by-rep',
        title: 'Export by-rep table',
        section: 'Analytics',
        icon: 'download',
        run: () => (latest.current.data && latest.current.current ? exportCallTable(repTableSpec(), latest.current.data.byRep, latest.current.repSort) : loading()),
      },
      {
        id: 'export-by-source',
        title: 'Export by-source table',
        section: 'Analytics',
        icon: 'download',
        run: () => (latest.current.data && latest.current.current ? exportCallTable(sourceTableSpec(latest.current.def), latest.current.data.bySource, REVENUE_DESC) : loading()),
      },
      { id: 'analytics-30d', title: 'Analytics: last 30 days', section: 'Analytics', icon: 'analytics', run: () => setPreset('30d') },
      { id: 'analytics-all', title: 'Analytics: all time', section: 'Analytics', icon: 'analytics', run: () => setPreset('all') },
    ]);
    return () => void screenCommands.delete('analytics');
  }, []);
}

interface CallsSectionProps {
  data: CallsData;
  scope: DrillScope;
  busy: boolean;
  /** The figures answer the filters chosen (their tables may be exported). */
  exportable: boolean;
  chartRange: { from: string; to: string } | null;
  sources: TrafficSourceDef[];
  def: (key: string) => TrafficSourceDef;
  repSort: SortState;
  onRepSort: (s: SortState) => void;
  workspaceNames: Map<string, string>;
  repFiltered: boolean;
}

function CallsSection({ data, scope, busy, exportable, chartRange, sources, def, repSort, onRepSort, workspaceNames, repFiltered }: CallsSectionProps) {
  // Opening a workspace's figure moves into that workspace, where the Calls screen can show them.
  const switchTo = (id: string) => useSession.getState().switchWorkspace(id).then(() => useAnalyticsFilters.getState().setScope('current'));
  return (
    <>
      <KpiTiles total={data.bySource.total} scope={scope} busy={busy} />
      {data.bySource.total.metrics.calls === 0 ? (
        <EmptyNote testId="analytics-empty">
          <strong>No calls in this range.</strong> Try a longer range{repFiltered ? ' or everyone instead of one rep' : ''}.
        </EmptyNote>
      ) : null}
      <div className="an-grid">
        <ChartsRow stats={data.byDaySource} range={chartRange} sources={sources} def={def} scope={scope} />
        <div className="an-wide">
          <CallTablePanel spec={repTableSpec()} stats={data.byRep} base={scope} exportable={exportable} sort={repSort} onSort={onRepSort} maxHeight={420} />
        </div>
        <div className="an-wide">
          <CallTablePanel spec={sourceTableSpec(def)} stats={data.bySource} base={scope} exportable={exportable} />
        </div>
        {data.byWorkspace ? (
          <div className="an-wide">
            <CallTablePanel spec={workspaceTableSpec(workspaceNames, switchTo)} stats={data.byWorkspace} base={scope} exportable={exportable} />
          </div>
        ) : null}
      </div>
    </>
  );
}

function ReportsSection({ data, error, multiWorkspace }: { data: ReportsData | null; error: string | null; multiWorkspace: boolean }) {
  return (
    <>
      <div className="an-section-head">
        <h2>Reports</h2>
        <span className="muted small">The old reports (seed 002 views), for the same workspaces. Not split by rep.</span>
      </div>
      {error ? (
        <div className="banner banner-error an-inline-banner" role="alert">
          <Icon name="alert" /> Could not load the reports: {error}
        </div>
      ) : null}
      {data ? (
        <div className="an-grid">
          <FunnelPanel rows={data.funnel} />
          <WorkspaceConversionsPanel rows={data.workspaces} />
          <DailyConversionsPanel rows={data.daily} multiWorkspace={multiWorkspace} />
          <AppointmentsPanel summary={data.appointments} scopeNote={`counts by status, and the next ones${multiWorkspace ? ' across your workspaces' : ''} from now`} />
        </div>
      ) : error ? null : (
        <div className="an-loading" role="status">
          Loading reports…
        </div>
      )}
    </>
  );
}

function ScopeNotes({ scopedToRep, inScope, current }: { scopedToRep: string | null; inScope: WorkspaceInfo[]; current: WorkspaceInfo }) {
  return (
    <>
      {scopedToRep ? (
        <div className="an-note" data-testid="scoped-to-rep" role="note">
          <Icon name="user" size={14} /> These are <strong>your own calls only</strong>. As an SDR you see your figures; managers see the whole team’s.
        </div>
      ) : null}
      {inScope.length > 1 ? (
        <div className="an-note" role="note">
          <Icon name="analytics" size={14} /> Figures add up all {inScope.length} of your workspaces. Opening a figure shows the calls in {current.name}, the workspace you are in; use <strong>By workspace</strong> to open another’s.
        </div>
      ) : null}
    </>
  );
}

export function AnalyticsScreen() {
  const bootstrap = useSession((s) => s.bootstrap);
  const workspace = useSession(currentWorkspace);
  const { preset, custom, scope: scopeMode, repUserId } = useAnalyticsFilters();
  const [repSort, setRepSort] = useState<SortState>(REVENUE_DESC);

  const all = bootstrap?.workspaces ?? [];
  const inScope = workspace ? (scopeMode === 'all' ? all : [workspace]) : [];
  const workspaceIds = inScope.map((w) => w.id);
  // SDRs only ever see their own calls (the server enforces it); the rep filter is for the team's leads.
  const canSeeTeam = inScope.length > 0 && inScope.every((w) => w.role !== 'sdr');
  const members = useMembers(workspaceIds, canSeeTeam);
  const today = todayIn(workspace?.timezone ?? 'UTC');
  const problem = preset === 'custom' ? customRangeProblem(custom) : null;
  const days: DayRange = presetDays(preset, today, custom);
  const effectiveRep = canSeeTeam ? repUserId : null;
  const { calls, reports } = useAnalyticsData(workspace && !problem ? { workspaceIds, days, repUserId: effectiveRep } : null);
  const { sources, def } = useSources(workspaceIds);
  usePaletteCommands(calls.data, calls.current, calls.error !== null, repSort, def);

  // A rep from another workspace's list means nothing here.
  useEffect(() => {
    if (repUserId && members.length && !members.some((m) => m.id === repUserId)) useAnalyticsFilters.getState().setRep(null);
  }, [members, repUserId]);

  const data = calls.data;
  const covered = data?.byDaySource.days ?? null;
  const scopedToRep = data?.byRep.scopedToRep ?? null;
  const presetLong = RANGE_PRESETS.find((p) => p.id === preset)!.long;
  const repName = effectiveRep ? members.find((m) => m.id === effectiveRep)?.displayName ?? 'Selected rep' : undefined;
  // An SDR's figures are their own calls, so their drill-downs are too.
  const drillRep = effectiveRep ?? scopedToRep;
  const scope: DrillScope = {
    rangeLabel: preset === 'custom' ? rangeLabel(days) : presetLong,
    ...(preset === 'custom' ? {} : { presetLabel: presetLong }),
    days,
    ...(drillRep ? { repUserId: drillRep, ...(repName ? { repName } : {}) } : {}),
  };
  const chartRange = useMemo(() => {
    const from = days.from ?? covered?.from ?? null;
    const to = days.to ?? covered?.to ?? null;
    return from && to && from <= to ? { from, to } : null;
  }, [days.from, days.to, covered?.from, covered?.to]);

  if (!workspace) return null;
  const busy = calls.loading && data !== null;
  // What the tables export: the figures for the filters chosen, never the last ones kept on screen.
  const exportable = calls.current;
  return (
    <section className="screen an-screen" aria-label="Analytics">
      <header className="screen-head an-head">
        <div className="screen-title an-title">
          <h1>Analytics</h1>
          <span className="count" data-testid="analytics-scope">
            {inScope.length > 1 ? `${inScope.length} workspaces` : workspace.name} · {rangeLabel(days, preset === 'all' ? covered ?? undefined : undefined)}
            {repName ? ` · ${repName}` : ''}
          </span>
          {busy ? <span className="an-updating" role="status">Updating…</span> : null}
        </div>
        <div className="toolbar an-toolbar">
          <RangePicker today={today} />
          <WorkspacePicker workspaces={all} current={workspace} />
          {canSeeTeam ? <RepPicker members={members} /> : null}
        </div>
      </header>
      {calls.error ? (
        <div className="banner banner-error" role="alert">
          <Icon name="alert" /> Could not load the figures: {calls.error}
        </div>
      ) : null}
      <div className="an-body">
        <ScopeNotes scopedToRep={scopedToRep} inScope={inScope} current={workspace} />
        {problem ? (
          <EmptyNote testId="range-problem">
            <strong>{problem}.</strong> Pick a “From” day on or before the “To” day to see the figures.
          </EmptyNote>
        ) : (
          <>
            {data ? (
              <CallsSection data={data} scope={scope} busy={busy} exportable={exportable} chartRange={chartRange} sources={sources} def={def} repSort={repSort} onRepSort={setRepSort} workspaceNames={new Map(all.map((w) => [w.id, w.name]))} repFiltered={Boolean(effectiveRep)} />
            ) : calls.error ? null : (
              <div className="an-loading" role="status">
                Loading figures…
              </div>
            )}
            <ReportsSection data={reports.data} error={reports.error} multiWorkspace={inScope.length > 1} />
            <div className="an-grid">
              <SegmentBreakdownPanel workspaceId={workspace.id} workspaceName={workspace.name} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}
