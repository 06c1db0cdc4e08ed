// The team's appointments as a list: queues (all, upcoming, needs rebooking, unrouted) with their
// counts, search, status / rep / when filters, sortable columns and pages, and a CSV export of
// everything the filters select. j / k move, Enter opens, / searches, ← → turn pages.
import { useEffect, useMemo, useRef, useState } from 'react';
import { APPOINTMENT_STATUSES, type AppointmentsPage, type AppointmentStatus } from '../../../../shared/api/appointments';
import type { Member } from '../../../../shared/api/app';
import { screenCommands } from '../../components/CommandPalette';
import { Icon } from '../../components/Icon';
import { call } from '../../lib/api';
import { formatCount, formatDateTime } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { useUi } from '../../stores/ui';
import { formatSlot, leadTypeLabel, localizeMessage, ROUTING_LABELS, STATUS_LABELS } from './appointment-format';
import { EXPORT_LIMIT, exportAppointments, listRequest, PERIODS } from './appointments-query';
import { RebookBadge, StatusBadge } from './AppointmentDrawer';
import { DEFAULT_LIST, useAppointmentsUi, type Period, type Queue, type SortKey } from './appointments-store';
import { FilterMenu } from './FilterMenu';

const PAGE = 50;

const QUEUES: { key: Queue; label: string; count?: keyof AppointmentsPage['counts'] }[] = [
  { key: 'all', label: 'All' },
  { key: 'upcoming', label: 'Upcoming', count: 'upcoming' },
  { key: 'needs_rebooking', label: 'Needs rebooking', count: 'needsRebooking' },
  { key: 'unrouted', label: 'Unrouted', count: 'unrouted' },
];

const COLUMNS: { key: string; label: string; sort?: SortKey; className?: string }[] = [
  { key: 'when', label: 'When', sort: 'scheduledAt' },
  { key: 'contact', label: 'Contact', sort: 'contactName' },
  { key: 'lead', label: 'Lead' },
  { key: 'rep', label: 'Rep', sort: 'assignedName' },
  { key: 'status', label: 'Status', sort: 'status' },
  { key: 'routing', label: 'Routing' },
  { key: 'booked', label: 'Booked', sort: 'createdAt' },
];

export function AppointmentsList({ workspaceId, members, dataVersion, onOpen, openId, keysEnabled }: { workspaceId: string; members: Member[]; dataVersion: number; onOpen: (id: string) => void; openId: string | null; keysEnabled: boolean }) {
  const q = useAppointmentsUi((s) => s.list);
  const setList = useAppointmentsUi((s) => s.setList);
  const toast = useUi((s) => s.toast);
  // The page on screen and the query it answers: after a filter, sort or page change the old rows
  // stay until the new ones land, marked busy from that very render (not from the effect after it).
  const [loaded, setLoaded] = useState<{ key: string; pageNo: number; page: AppointmentsPage } | null>(null);
  const [state, setState] = useState<{ loading: boolean; error: string | null }>({ loading: true, error: null });
  const [text, setText] = useState(q.search);
  const [active, setActive] = useState(0);
  const [exporting, setExporting] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const key = JSON.stringify(q);

  useEffect(() => {
    const t = setTimeout(() => text.trim() !== q.search && setList({ search: text.trim() }), 200);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const forKey = key;
    const pageNo = q.page;
    call('appointments.list', { ...listRequest(workspaceId, q), limit: PAGE, offset: pageNo * PAGE })
      .then((p) => {
        if (!live) return;
        setLoaded({ key: forKey, pageNo, page: p });
        setState({ loading: false, error: null });
        setActive((i) => Math.min(i, Math.max(0, p.rows.length - 1)));
      })
      .catch((err: Error) => live && setState({ loading: false, error: localizeMessage(err.message) }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspaceId, key, dataVersion]);
  useEffect(() => setActive(0), [key]);

  const page = loaded?.page ?? null;
  // Busy too while typed search text waits out its debounce: the rows don't answer it yet.
  const busy = state.loading || (loaded !== null && loaded.key !== key && !state.error) || text.trim() !== q.search;
  const rows = page?.rows ?? [];
  const total = page?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  const focusRow = (i: number) => {
    setActive(i);
    bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-id]')[i]?.focus();
  };
  const moveRow = (delta: number) => {
    if (rows.length === 0) return;
    const i = Math.min(rows.length - 1, Math.max(0, active + delta));
    focusRow(i);
    // With the drawer open it follows the row, as the lead drawer does.
    if (openId && rows[i]) onOpen(rows[i]!.id);
  };
  const turn = (delta: number) => {
    const next = q.page + delta;
    if (next < 0 || next >= pages) return;
    setList({ page: next });
  };

  const exportCsv = async () => {
    if (exporting) return;
    setExporting(true);
    try {
      const all = await exportAppointments(workspaceId, q);
      toast(all.length >= EXPORT_LIMIT ? `Exported the first ${formatCount(EXPORT_LIMIT)} appointments; narrow the filters for the rest` : `Exported ${formatCount(all.length)} appointment${all.length === 1 ? '' : 's'}`, 'success');
    } catch (err) {
      toast(`Export failed: ${localizeMessage((err as Error).message)}`, 'error');
    } finally {
      setExporting(false);
    }
  };
  const exportRef = useRef(exportCsv);
  exportRef.current = exportCsv;
  useEffect(() => {
    screenCommands.set('appointments-list', [{ id: 'appointments-export', title: 'Export appointments to CSV', section: 'Appointments', icon: 'download', run: () => void exportRef.current() }]);
    return () => void screenCommands.delete('appointments-list');
  }, []);

  useHotkeys(
    [
      { keys: 'j', run: () => moveRow(1) },
      { keys: 'arrowdown', run: () => moveRow(1) },
      { keys: 'k', run: () => moveRow(-1) },
      { keys: 'arrowup', run: () => moveRow(-1) },
      { keys: '/', run: () => searchRef.current?.focus() },
      { keys: 'arrowleft', run: () => turn(-1) },
      { keys: 'arrowright', run: () => turn(1) },
    ],
    keysEnabled,
  );

  const repOptions = useMemo(() => members.map((m) => ({ value: m.id, label: m.displayName, hint: m.role === 'sdr' ? undefined : m.role })), [members]);
  const statusOptions = APPOINTMENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));
  const filtered = q.search !== '' || q.statuses.length > 0 || q.repIds.length > 0 || q.period !== 'any';
  const sortBy = (key: SortKey) => setList(q.sort === key ? { dir: q.dir === 'asc' ? 'desc' : 'asc' } : { sort: key, dir: key === 'createdAt' ? 'desc' : 'asc' });

  return (
    <div className="appt-list" data-testid="appt-list">
      <div className="appt-list-bar">
        <div className="queue-tabs" role="tablist" aria-label="Queues">
          {QUEUES.map((t) => {
            const n = t.count ? page?.counts[t.count] : q.queue === 'all' ? page?.total : undefined;
            return (
              <button key={t.key} role="tab" aria-selected={q.queue === t.key} className={`queue-tab ${q.queue === t.key ? 'active' : ''} ${t.key === 'needs_rebooking' && n ? 'queue-warn' : ''}`} onClick={() => setList({ queue: t.key })} data-testid={`queue-${t.key}`}>
                {t.label}
                {n !== undefined ? <span className="queue-count">{formatCount(n)}</span> : null}
              </button>
            );
          })}
        </div>
        <div className="toolbar">
          <div className="search-box">
            <Icon name="search" size={14} />
            <input
              ref={searchRef}
              type="search"
              aria-label="Search appointments"
              placeholder="Name, phone, email" title="Search by name, phone (any format), email or contact code"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setText('');
                  (e.target as HTMLInputElement).blur();
                } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
                  e.preventDefault();
                  focusRow(0);
                }
              }}
              data-testid="appt-search"
            />
            <kbd>/</kbd>
          </div>
          <FilterMenu label="Status" options={statusOptions} selected={q.statuses} onChange={(v) => setList({ statuses: v as AppointmentStatus[] })} testId="appt-status-filter" />
          <FilterMenu label="Rep" anyLabel="Anyone" options={repOptions} selected={q.repIds} onChange={(v) => setList({ repIds: v })} testId="appt-rep-filter" />
          <select aria-label="When" value={q.period} onChange={(e) => setList({ period: e.target.value as Period })} data-testid="appt-period">
            {PERIODS.map((p) => <option key={p.key} value={p.key}>{p.label}</option>)}
          </select>
          {filtered ? <button className="link-button small" onClick={() => { setText(''); setList({ ...DEFAULT_LIST, queue: q.queue, sort: q.sort, dir: q.dir }); }}>Clear filters</button> : null}
          <button className="button button-ghost" onClick={() => void exportCsv()} disabled={exporting || total === 0} data-testid="appt-export" title="Export every appointment these filters select">
            <Icon name="download" size={14} /> {exporting ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </div>
      {state.error ? <div className="banner banner-error" role="alert"><Icon name="alert" /> Could not load appointments: {state.error}</div> : null}
      <div className="appt-table-wrap">
        <table className="appt-table" aria-busy={busy ? 'true' : undefined} data-testid="appt-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} className={`col-${c.key}`} aria-sort={c.sort && q.sort === c.sort ? (q.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.sort ? (
                    <button className="th-sort" onClick={() => sortBy(c.sort!)} data-testid={`sort-${c.sort}`}>
                      {c.label}
                      {q.sort === c.sort ? <Icon name="chevron" size={11} className={q.dir === 'asc' ? 'rot-180' : ''} /> : null}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={bodyRef}>
            {rows.map((a, i) => (
              <tr
                key={a.id}
                data-id={a.id}
                tabIndex={i === active ? 0 : -1}
                className={`${i === active ? 'row-active' : ''} ${a.id === openId ? 'row-open' : ''} ${a.status === 'cancelled' ? 'row-cancelled' : ''}`}
                onClick={() => {
                  setActive(i);
                  onOpen(a.id);
                }}
                onFocus={() => setActive(i)}
                // Enter on the focused row only: a binding on the window would steal Enter from buttons.
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    onOpen(a.id);
                  }
                }}
                aria-selected={a.id === openId}
              >
                <td className="nowrap">{formatSlot(a.scheduledAt, a.durationMinutes)}</td>
                <td className="cell-contact">
                  <span className="cell-main">{a.contactName || 'Unnamed'}</span>
                  {a.needsRebooking ? <RebookBadge /> : null}
                </td>
                <td className="nowrap col-lead">
                  {a.leadType ? <span className={`type-dot type-${a.leadType}`}>{leadTypeLabel(a.leadType)}</span> : <span className="muted">—</span>}
                  {a.zip ? <span className="mono muted"> · {a.zip}</span> : null}
                </td>
                <td className="nowrap">{a.assignedName ?? <span className="badge tone-red">Unrouted</span>}</td>
                <td><StatusBadge status={a.status} /></td>
                <td className="cell-routing col-routing" title={a.routingReason}>
                  {a.routingStatus ? <span className="muted small">{ROUTING_LABELS[a.routingStatus] ?? a.routingStatus}</span> : null}
                  <span className="cell-reason">{a.routingReason}</span>
                </td>
                <td className="nowrap muted small col-booked">{formatDateTime(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!busy && rows.length === 0 && !state.error ? (
          <div className="grid-empty-state" data-testid="appt-list-empty">
            <Icon name="appointments" size={24} />
            <h2>{filtered ? 'No appointments match' : q.queue === 'needs_rebooking' ? 'Nothing needs rebooking' : q.queue === 'unrouted' ? 'Nothing is waiting for a rep' : q.queue === 'upcoming' ? 'Nothing coming up' : 'No appointments yet'}</h2>
            <p>
              {filtered
                ? 'Try fewer filters or a wider time.'
                : q.queue === 'needs_rebooking'
                  ? 'When two devices book one rep for the same time offline, the later booking shows up here once they sync.'
                  : q.queue === 'unrouted'
                    ? 'Bookings no routing rule and no fallback owner could place wait here for a manager.'
                    : 'Book one from the Review queue: g r, then b.'}
            </p>
            {filtered ? <button className="button" onClick={() => { setText(''); setList({ ...DEFAULT_LIST, queue: q.queue }); }}>Clear filters</button> : null}
          </div>
        ) : null}
      </div>
      <footer className="appt-pager">
        <span className="count" data-testid="appt-total">
          {page ? (total === 0 ? 'No appointments' : `${formatCount(loaded!.pageNo * PAGE + 1)}–${formatCount(Math.min(total, (loaded!.pageNo + 1) * PAGE))} of ${formatCount(total)}${filtered ? ' matching' : ''}`) : 'Loading…'}
        </span>
        <span className="muted small">j / k move · Enter opens · ← → pages</span>
        <div className="appt-pager-buttons">
          <button className="button" onClick={() => turn(-1)} disabled={q.page === 0} data-testid="appt-prev-page">Previous</button>
          <span className="muted small">Page {q.page + 1} of {formatCount(pages)}</span>
          <button className="button" onClick={() => turn(1)} disabled={q.page + 1 >= pages} data-testid="appt-next-page">Next</button>
        </div>
      </footer>
    </div>
  );
}
