import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CallColumnKey, CallRow, CallsPage } from '../../../../shared/api/calls';
import type { Cursor, LeadFilter } from '../../../../shared/api/leads';
import { CRM_STAGES, CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import { screenCommands } from '../../components/CommandPalette';
import { Icon } from '../../components/Icon';
import { call } from '../../lib/api';
import { downloadCsv, stampedName } from '../../lib/download';
import { formatCount, formatDate } from '../../lib/format';
import { shortcutLabel, useHotkeys } from '../../lib/hotkeys';
import { useCalls } from '../../stores/calls';
import { useMembers } from '../../stores/members';
import { currentWorkspace, useSession } from '../../stores/session';
import { sourceDef, useTraffic } from '../../stores/traffic';
import { useUi } from '../../stores/ui';
import { CallDrawer } from './CallDrawer';
import { CallsGrid, callsRequest, type CallsQuery } from './CallsGrid';
import './calls.css';

function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

const EXPORT_LIMIT = 50_000;
/** The rep filter's value for calls with no rep. */
const NO_REP = '__unassigned__';

/** "2026-10-18" -> "Oct 18, 2026" (a calendar day, not an instant: no time-zone shift). */
function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return formatDate(new Date(y, m - 1, d).toISOString());
}

export function CallsScreen() {
  const workspace = useSession(currentWorkspace);
  const dataVersion = useSession((s) => s.dataVersion);
  const drill = useCalls((s) => s.drill);
  const selectedId = useCalls((s) => s.selectedId);
  const traffic = useTraffic((s) => (workspace ? s.byWorkspace[workspace.id] : undefined));
  const toast = useUi((s) => s.toast);
  const [search, setSearch] = useState('');
  const [text, setText] = useState('');
  const [stages, setStages] = useState<CrmStage[]>([]);
  const [sources, setSources] = useState<string[]>([]);
  const [rep, setRep] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const members = useMembers(workspace?.id);
  const [status, setStatus] = useState<{ total: number | null; loading: boolean; error: string | null }>({ total: null, loading: true, error: null });
  const [exporting, setExporting] = useState(false);
  const apiRef = useRef<GridApi<CallRow> | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // An analytics drill-down arrives as a filter set.
  useEffect(() => {
    if (!drill) return;
    if (drill.workspaceId && drill.workspaceId !== useSession.getState().bootstrap?.currentWorkspaceId) {
      void useSession.getState().switchWorkspace(drill.workspaceId);
    }
    setStages(drill.crmStages ?? []);
    setSources(drill.trafficSource ? [drill.trafficSource] : []);
    setRep(drill.repUserId === null ? NO_REP : (drill.repUserId ?? ''));
    setFrom(drill.days?.from ?? '');
    setTo(drill.days?.to ?? '');
    setSearch('');
    setText('');
  }, [drill]);

  useEffect(() => {
    if (workspace) void useTraffic.getState().load(workspace.id);
  }, [workspace?.id]);

  useEffect(() => {
    const t = setTimeout(() => setSearch(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);

  const query = useMemo<CallsQuery | null>(() => {
    if (!workspace) return null;
    const filters: Partial<Record<CallColumnKey, LeadFilter>> = {};
    if (stages.length) filters.crmStage = { kind: 'enum', values: stages };
    if (sources.length) filters.trafficSource = { kind: 'enum', values: sources };
    if (rep) filters.repUserId = { kind: 'enum', values: [rep === NO_REP ? '' : rep] };
    return { workspaceId: workspace.id, search, filters, days: { ...(from ? { from } : {}), ...(to ? { to } : {}) } };
  }, [workspace, search, stages, sources, rep, from, to]);

  const onTotal = useCallback((total: number | null, loading: boolean, error: string | null) => setStatus({ total, loading, error }), []);
  const clear = () => {
    setStages([]);
    setSources([]);
    setRep('');
    setFrom('');
    setTo('');
    setText('');
    useCalls.getState().setDrill(null);
    apiRef.current?.setFilterModel(null);
  };

  const exportCsv = async () => {
    if (!query || !apiRef.current) return;
    setExporting(true);
    try {
      const base = callsRequest(query, { sortModel: apiRef.current.getColumnState().filter((c) => c.sort).map((c) => ({ colId: c.colId, sort: c.sort })), filterModel: apiRef.current.getFilterModel() });
      const rows: CallRow[] = [];
      let after: Cursor | undefined;
      do {
        const page: CallsPage = await call('calls.page', { ...base, limit: 500, ...(after ? { after } : {}) });
        rows.push(...page.rows);
        after = page.nextCursor ?? undefined;
      } while (after && rows.length < EXPORT_LIMIT);
      downloadCsv(
        stampedName('calls'),
        ['Scheduled', 'Contact', 'Contact code', 'Stage', 'Traffic source', 'Source set by hand', 'Source reason', 'Rep', 'Appointment source', 'Lead source', 'Duration (min)', 'Sale value', 'Day', 'Logged', 'Call id'],
        rows.map((r) => [r.scheduledAt ?? '', r.contactName, r.contactCode, r.crmStage, r.trafficSource, r.trafficSourceOverridden ? 'yes' : 'no', r.trafficSourceReason ?? '', r.repName ?? '', r.sourceOfSetAppointment ?? '', r.leadSource ?? '', r.durationSeconds == null ? '' : Math.round(r.durationSeconds / 60), r.saleValueCents == null ? '' : (r.saleValueCents / 100).toFixed(2), r.callDay, r.createdAt, r.id]),
      );
      toast(rows.length >= EXPORT_LIMIT ? `Exported the first ${formatCount(EXPORT_LIMIT)} calls; narrow the filters for the rest` : `Exported ${formatCount(rows.length)} calls`, 'success');
    } catch (err) {
      toast(`Export failed: ${(err as Error).message}`, 'error');
    } finally {
      setExporting(false);
    }
  };

  useHotkeys([{ keys: '/', run: () => searchRef.current?.focus() }]);
  useEffect(() => {
    screenCommands.set('calls', [
      { id: 'calls-export', title: 'Export calls to CSV', section: 'Calls', icon: 'download', run: () => void exportCsv() },
      { id: 'calls-clear', title: 'Clear call filters', section: 'Calls', icon: 'filter', run: clear },
    ]);
    return () => void screenCommands.delete('calls');
  });

  const filtered = stages.length > 0 || sources.length > 0 || rep !== '' || from !== '' || to !== '' || search !== '';
  return (
    <section className="screen screen-calls" aria-label="Calls">
      <header className="screen-head">
        <div className="screen-title">
          <h1>Calls</h1>
          <span className="count" data-testid="calls-total">
            {status.total === null ? (status.loading ? 'Counting…' : '') : `${formatCount(status.total)}${filtered ? ' matching' : ''} call${status.total === 1 ? '' : 's'}`}
          </span>
        </div>
        <div className="toolbar">
          <div className="search-box">
            <Icon name="search" size={14} />
            <input ref={searchRef} type="search" aria-label="Search calls by contact" placeholder="Name, phone, email" title="Search by the contact's name, phone, email or contact code" value={text} onChange={(e) => setText(e.target.value)} />
            <kbd>/</kbd>
          </div>
          <label className="date-range">
            <span className="muted small">From</span>
            <input type="date" aria-label="From day" value={from} onChange={(e) => setFrom(e.target.value)} />
            <span className="muted small">to</span>
            <input type="date" aria-label="To day" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <select aria-label="Rep" value={rep} onChange={(e) => setRep(e.target.value)}>
            <option value="">All reps</option>
            <option value={NO_REP}>Unassigned</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>{m.displayName}</option>
            ))}
          </select>
          <button className="button button-ghost" onClick={() => void exportCsv()} disabled={exporting} data-testid="export-calls">
            <Icon name="download" size={14} /> {exporting ? 'Exporting…' : 'Export'}
          </button>
          <button className="button button-primary" onClick={() => useCalls.getState().openForm()} title={`Log a call (${shortcutLabel('c')})`}>
            <Icon name="plus" size={14} /> Log call
          </button>
        </div>
      </header>
      <div className="chip-row" role="group" aria-label="Filter by stage and source">
        {CRM_STAGES.map((s) => (
          <button key={s} className={`chip ${stages.includes(s) ? 'chip-active' : ''}`} aria-pressed={stages.includes(s)} onClick={() => setStages(toggle(stages, s))} data-testid={`stage-chip-${s}`}>
            {CRM_STAGE_LABELS[s]}
          </button>
        ))}
        <span className="chip-divider" aria-hidden="true" />
        {(traffic?.sources ?? []).map((s) => (
          <button key={s.key} className={`chip ${sources.includes(s.key) ? 'chip-active' : ''}`} aria-pressed={sources.includes(s.key)} onClick={() => setSources(toggle(sources, s.key))}>
            <span className="source-dot" style={{ background: s.color }} aria-hidden="true" /> {s.label}
          </button>
        ))}
        {filtered ? (
          <button className="link-button clear-filters" onClick={clear}>
            Clear filters
          </button>
        ) : null}
      </div>
      {drill ? (
        <div className="drill-banner" data-testid="drill-banner">
          <Icon name="filter" size={14} /> From Analytics: <strong>{drill.label}</strong>
          {drill.trafficSource ? ` · ${sourceDef(traffic?.sources, drill.trafficSource).label}` : ''}
          {drill.days?.from || drill.days?.to ? ` · ${drill.days?.from ? dayLabel(drill.days.from) : 'the start'} – ${drill.days?.to ? dayLabel(drill.days.to) : 'today'}` : ''}
          <button className="link-button" onClick={clear}>Show all calls</button>
        </div>
      ) : null}
      {status.error ? <div className="banner banner-error" role="alert"><Icon name="alert" /> Could not load calls: {status.error}</div> : null}
      <div className="leads-body">
        {query ? <CallsGrid query={query} dataVersion={dataVersion} apiRef={apiRef} onOpen={(id) => useCalls.getState().select(id)} onTotal={onTotal} /> : null}
        {status.total === 0 && !status.loading ? (
          <div className="grid-empty-state" data-testid="calls-empty">
            <Icon name="calls" size={24} />
            <h2>{filtered ? 'No calls match' : 'No calls yet'}</h2>
            <p>{filtered ? 'Try a wider date range or fewer filters.' : `Log the first call with ${shortcutLabel('c')}.`}</p>
            {filtered ? <button className="button" onClick={clear}>Clear filters</button> : <button className="button button-primary" onClick={() => useCalls.getState().openForm()}>Log a call</button>}
          </div>
        ) : null}
        {selectedId ? <CallDrawer callId={selectedId} onClose={() => useCalls.getState().select(null)} /> : null}
      </div>
    </section>
  );
}

