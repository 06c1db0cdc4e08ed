// The team's calendar: a day (a column per rep) or a week (a column per day), appointments placed
// by their time in the user's zone, coloured by status, with the time the chosen reps do not work
// greyed out (their hours are kept in their own zone and converted). Blocks that overlap sit side
// by side. t today, d / w day / week, ← → or j / k move, a block opens its detail.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Appointment, AppointmentStatus } from '../../../../shared/api/appointments';
import type { RoutingConfigView } from '../../../../shared/api/routing';
import { Icon } from '../../components/Icon';
import { call } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { addDays, formatRange, localizeMessage, startOfDay, startOfWeek, STATUS_LABELS } from './appointment-format';
import { buildColumns, overlapsDay } from './calendar-layout';
import { CalendarGrid, HOUR_PX } from './CalendarGrid';
import { useAppointmentsUi } from './appointments-store';
import { FilterMenu } from './FilterMenu';

const LIMIT = 2000;
const OPEN_STATUSES: AppointmentStatus[] = ['scheduled', 'confirmed', 'completed', 'no_show'];

export function CalendarView({ workspaceId, config, dataVersion, onOpen, keysEnabled }: { workspaceId: string; config: RoutingConfigView | null; dataVersion: number; onOpen: (id: string) => void; keysEnabled: boolean }) {
  const { view, day, calendarReps, showCancelled, setView, setDay, setCalendarReps, setShowCancelled } = useAppointmentsUi();
  const [rows, setRows] = useState<Appointment[]>([]);
  const [total, setTotal] = useState(0);
  const [state, setState] = useState<{ loading: boolean; error: string | null }>({ loading: true, error: null });
  const scrollRef = useRef<HTMLDivElement>(null);

  const rangeStart = view === 'day' ? startOfDay(new Date(day)) : startOfWeek(new Date(day));
  const days = view === 'day' ? 1 : 7;
  const rangeEnd = addDays(rangeStart, days);
  const rangeKey = `${rangeStart.getTime()}-${days}`;
  const repsKey = calendarReps.join(',');

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    call('appointments.list', {
      workspaceId,
      // An appointment that starts before the range (up to the longest, 8 hours) may run into it.
      from: new Date(rangeStart.getTime() - 8 * 3_600_000).toISOString(),
      to: rangeEnd.toISOString(),
      ...(calendarReps.length ? { repIds: calendarReps } : {}),
      ...(showCancelled ? {} : { statuses: OPEN_STATUSES }),
      sort: 'scheduledAt',
      dir: 'asc',
      limit: LIMIT,
    })
      .then((page) => {
        if (!live) return;
        setRows(page.rows);
        setTotal(page.total);
        setState({ loading: false, error: null });
      })
      .catch((err: Error) => live && setState({ loading: false, error: localizeMessage(err.message) }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspaceId, rangeKey, repsKey, showCancelled, dataVersion]);

  // Open on the working day: scrolled to 7:00, or earlier when something starts before.
  const shown = rows.filter((a) => overlapsDay(a, rangeStart, rangeEnd));
  const earliest = shown.length ? Math.min(...shown.map((a) => (Date.parse(a.scheduledAt) < rangeStart.getTime() ? 0 : new Date(a.scheduledAt).getHours()))) : 7;
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = Math.max(0, Math.min(7, earliest) * HOUR_PX - 16);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rangeKey, view, state.loading]);

  const repsById = useMemo(() => new Map((config?.reps ?? []).map((r) => [r.userId, r])), [config]);
  const todayStart = startOfDay(new Date()).getTime();

  const team = useMemo(() => (config?.reps ?? []).filter((r) => r.inRotation).map((r) => r.userId), [config]);
  const columns = useMemo(
    () => buildColumns({ view, rangeStart, rangeEnd, rows, chosen: calendarReps, team, repsById, todayStart }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, rangeKey, rows, repsKey, repsById, team, todayStart],
  );

  const move = (dir: -1 | 1) => setDay(addDays(new Date(day), dir * days).getTime());
  const goToday = () => setDay(startOfDay(new Date()).getTime());
  useHotkeys(
    [
      { keys: 't', run: goToday },
      { keys: 'd', run: () => setView('day') },
      { keys: 'w', run: () => setView('week') },
      { keys: 'arrowleft', run: () => move(-1) },
      { keys: 'arrowright', run: () => move(1) },
      { keys: 'k', run: () => move(-1) },
      { keys: 'j', run: () => move(1) },
    ],
    keysEnabled,
  );

  const repOptions = (config?.reps ?? []).map((r) => ({ value: r.userId, label: r.name, hint: [r.team, r.inRotation ? 'in rotation' : null].filter(Boolean).join(' · ') || undefined }));
  const showRepOnBlock = view === 'week' && calendarReps.length !== 1;
  const onlyOne = calendarReps.length === 1 ? repsById.get(calendarReps[0]!) : undefined;

  return (
    <div className="cal" data-testid="calendar" data-view={view} aria-busy={state.loading ? 'true' : undefined}>
      <div className="cal-toolbar">
        <button className="button" onClick={goToday} title="Today (t)" data-testid="cal-today">Today <kbd>t</kbd></button>
        <div className="cal-nav">
          <button className="icon-button" onClick={() => move(-1)} aria-label={`Previous ${view} (←)`} title={`Previous ${view} (← or k)`} data-testid="cal-prev"><Icon name="chevron" className="chev-left" /></button>
          <button className="icon-button" onClick={() => move(1)} aria-label={`Next ${view} (→)`} title={`Next ${view} (→ or j)`} data-testid="cal-next"><Icon name="chevron" className="chev-right" /></button>
        </div>
        <h2 className="cal-range" data-testid="cal-range" aria-live="polite">{formatRange(rangeStart, days)}</h2>
        <div className="segmented" role="group" aria-label="Calendar view">
          <button className={view === 'day' ? 'active' : ''} aria-pressed={view === 'day'} onClick={() => setView('day')} data-testid="cal-view-day">Day <kbd>d</kbd></button>
          <button className={view === 'week' ? 'active' : ''} aria-pressed={view === 'week'} onClick={() => setView('week')} data-testid="cal-view-week">Week <kbd>w</kbd></button>
        </div>
        <FilterMenu label="Reps" anyLabel="Whole team" options={repOptions} selected={calendarReps} onChange={setCalendarReps} testId="cal-reps" />
        <label className="field-check small">
          <input type="checkbox" checked={showCancelled} onChange={(e) => setShowCancelled(e.target.checked)} /> Show cancelled
        </label>
        <span className="count cal-count" data-testid="cal-count">
          {state.loading ? 'Loading…' : `${formatCount(shown.length)} appointment${shown.length === 1 ? '' : 's'}`}
          {total > rows.length ? ` (first ${formatCount(rows.length)} of ${formatCount(total)})` : ''}
        </span>
      </div>
      <div className="cal-legend" aria-label="Legend">
        {(Object.keys(STATUS_LABELS) as AppointmentStatus[]).filter((s) => showCancelled || s !== 'cancelled').map((s) => (
          <span key={s} className="cal-legend-item"><span className={`cal-swatch appt-st-${s}`} aria-hidden="true" /> {STATUS_LABELS[s]}</span>
        ))}
        <span className="cal-legend-item"><span className="cal-swatch cal-swatch-rebook" aria-hidden="true" /> Needs rebooking</span>
        <span className="cal-legend-item"><span className="cal-swatch cal-swatch-off" aria-hidden="true" /> {onlyOne ? (onlyOne.hours ? `Outside ${onlyOne.name}'s hours` : `${onlyOne.name} has no set hours`) : 'Outside working hours'}</span>
        <span className="muted small cal-zone">Times in your zone ({Intl.DateTimeFormat().resolvedOptions().timeZone})</span>
      </div>
      {state.error ? <div className="banner banner-error" role="alert"><Icon name="alert" /> Could not load the calendar: {state.error}</div> : null}
      {!state.loading && !state.error && shown.length === 0 && columns.length > 0 ? (
        <p className="cal-nothing muted small" data-testid="cal-nothing">
          Nothing booked {view === 'day' ? 'this day' : 'this week'}{calendarReps.length ? ' for the chosen reps' : ''}. Book from the Review queue (g r, then b), or move with ← →.
        </p>
      ) : null}
      {columns.length === 0 ? (
        <div className="empty-state" data-testid="cal-empty">
          <Icon name="appointments" size={24} />
          <h2>Nobody to show</h2>
          <p>No rep is in the routing rotation and nothing is booked this day. Choose reps above, or add reps to the rotation on the Routing tab.</p>
        </div>
      ) : (
        <CalendarGrid columns={columns} rows={rows} view={view} showRep={showRepOnBlock} scrollRef={scrollRef} onOpen={onOpen} onOpenDay={(d) => { setDay(d.getTime()); setView('day'); }} />
      )}
    </div>
  );
}
