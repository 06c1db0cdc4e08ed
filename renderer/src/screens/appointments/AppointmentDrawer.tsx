// One appointment, from the calendar, the list or the review queue: who and when (the user's
// zone), why this rep (the stored routing decision and any override), its history, and what can be
// done with it: reschedule, cancel, record the outcome, reassign (managers). One that two offline
// bookings made clash leads with a banner naming the clash.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppointmentDetail } from '../../../../shared/api/appointments';
import { roleAtLeast } from '../../../../shared/domain/leads';
import { Icon } from '../../components/Icon';
import { Timeline } from '../../components/Timeline';
import { ApiCallError, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { currentWorkspace, useSession } from '../../stores/session';
import { openContact, useUi } from '../../stores/ui';
import { AppointmentActionForm, type ActionMode } from './AppointmentActions';
import { isOpen, leadTypeLabel, localizeMessage, localizeTimes, locationLabel, ROUTING_LABELS, formatSlot, statusLabel, statusTone, typeLabel } from './appointment-format';
import { Verdicts } from './RoutingExplanation';


export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return <span className={`badge tone-${statusTone(status)}`} data-status={status} data-testid={testId}>{statusLabel(status)}</span>;
}

export function RebookBadge() {
  return <span className="badge tone-amber rebook-badge" title="Another booking of this rep at the same time was made first">Needs rebooking</span>;
}

export function AppointmentDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged?: (d: AppointmentDetail) => void }) {
  const [detail, setDetail] = useState<AppointmentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<ActionMode | null>(null);
  const [busy, setBusy] = useState(false);
  const dataVersion = useSession((s) => s.dataVersion);
  const role = useSession((s) => currentWorkspace(s)?.role ?? 'sdr');
  const isManager = roleAtLeast(role, 'manager');
  const toast = useUi((s) => s.toast);
  const ref = useRef<HTMLElement>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await call('appointments.get', { id }));
      setError(null);
    } catch (err) {
      setError(localizeMessage((err as Error).message));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);
  useEffect(() => setMode(null), [id]);

  // Focus moves into the drawer so its keys work at once; it goes back where it was on close.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const applied = (d: AppointmentDetail, message: string) => {
    setDetail(d);
    setMode(null);
    onChanged?.(d);
    toast(message, 'success');
  };

  const outcome = async (value: 'show' | 'no_show') => {
    if (busy || !detail) return;
    setBusy(true);
    try {
      applied(await call('appointments.outcome', { id, outcome: value }), value === 'show' ? 'Recorded: they showed' : 'Recorded: no-show');
    } catch (err) {
      toast(localizeMessage(err instanceof ApiCallError ? err.message : String(err)), 'error');
    } finally {
      setBusy(false);
    }
  };

  const a = detail?.appointment;
  const open = a ? isOpen(a.status) : false;
  const canReschedule = open;
  // An outcome once it has started; a recorded one can be corrected (show ↔ no-show).
  const started = a ? Date.parse(a.scheduledAt) <= Date.now() : false;
  const canOutcome = !!a && a.status !== 'cancelled' && started;
  const start = (m: ActionMode) => {
    if (!a) return;
    if (m === 'reassign' && !isManager) return;
    if ((m === 'cancel' || m === 'reassign') && !open) return;
    if (m === 'reschedule' && !canReschedule) return;
    setMode(m);
  };

  useHotkeys(
    [
      { keys: 'escape', run: onClose },
      { keys: 'r', run: () => start('reschedule') },
      { keys: 'x', run: () => start('cancel') },
      { keys: 'a', run: () => start('reassign') },
      { keys: 's', run: () => canOutcome && a?.status !== 'completed' && void outcome('show') },
      { keys: 'n', run: () => canOutcome && a?.status !== 'no_show' && void outcome('no_show') },
    ],
    mode === null,
  );

  const routing = detail?.routing ?? null;
  return (
    <aside className="appt-drawer" aria-label="Appointment details" data-testid="appt-drawer" data-appointment-id={id} tabIndex={-1} ref={ref}>
      <header className="drawer-head">
        <div className="appt-drawer-title">
          {a ? (
            <>
              <h2>
                <button className="link-button appt-contact-link" onClick={() => openContact(a.contactId)} title="Open the contact" data-testid="appt-contact">
                  {a.contactName || 'Unnamed contact'}
                </button>
              </h2>
              <p className="appt-when" data-testid="appt-when">{formatSlot(a.scheduledAt, a.durationMinutes)}</p>
              <div className="appt-badges">
                <StatusBadge status={a.status} testId="appt-status" />
                {a.needsRebooking ? <RebookBadge /> : null}
                {a.routingStatus === 'unrouted' ? <span className="badge tone-red">Unrouted</span> : null}
              </div>
            </>
          ) : (
            <h2>{error ? 'Appointment' : 'Loading…'}</h2>
          )}
        </div>
        <button className="icon-button" aria-label="Close (Esc)" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      {error ? <div className="banner banner-error" role="alert"><Icon name="alert" /> {error}</div> : null}
      {detail && a ? (
        <div className="drawer-body">
          {a.needsRebooking ? (
            <div className="rebook-banner" role="alert" data-testid="appt-rebook-banner">
              <Icon name="alert" />
              <div>
                <strong>Needs rebooking.</strong>{' '}
                {detail.clashesWith ? (
                  <>
                    {a.assignedName ?? 'The rep'} is also booked with <strong>{detail.clashesWith.contactName || 'another contact'}</strong> at {formatSlot(detail.clashesWith.scheduledAt, detail.clashesWith.durationMinutes)}, a booking made first (on another device, before the two synced).
                  </>
                ) : (
                  'Another booking of this rep at the same time was made first.'
                )}
                <div className="rebook-actions">
                  <button className="button" onClick={() => start('reschedule')}>Reschedule</button>
                  {isManager ? <button className="button" onClick={() => start('reassign')}>Reassign</button> : <span className="muted small">A manager can reassign it.</span>}
                </div>
              </div>
            </div>
          ) : null}

          <section className="drawer-section" aria-label="Actions">
            <div className="appt-actions" role="group" aria-label="Appointment actions">
              <button className="button" onClick={() => start('reschedule')} disabled={!canReschedule || busy} data-testid="appt-reschedule" title="Reschedule (r)">
                Reschedule <kbd>r</kbd>
              </button>
              <button className="button" onClick={() => void outcome('show')} disabled={!canOutcome || a.status === 'completed' || busy} data-testid="appt-show" title={started ? 'Record that they showed (s)' : 'Record the outcome once it has started'}>
                Showed <kbd>s</kbd>
              </button>
              <button className="button" onClick={() => void outcome('no_show')} disabled={!canOutcome || a.status === 'no_show' || busy} data-testid="appt-no-show" title={started ? 'Record a no-show (n)' : 'Record the outcome once it has started'}>
                No-show <kbd>n</kbd>
              </button>
              <button className="button" onClick={() => start('cancel')} disabled={!open || busy} data-testid="appt-cancel" title="Cancel the appointment (x)">
                Cancel <kbd>x</kbd>
              </button>
              {isManager ? (
                <button className="button" onClick={() => start('reassign')} disabled={!open || busy} data-testid="appt-reassign" title="Give it to another rep (a)">
                  Reassign <kbd>a</kbd>
                </button>
              ) : null}
            </div>
            {a.status === 'cancelled' ? <p className="muted small">Cancelled appointments stay in the history; book a new one from the lead.</p> : null}
            {!open && a.status !== 'cancelled' ? <p className="muted small">Outcome recorded: {statusLabel(a.status).toLowerCase()}. The other outcome button corrects it.</p> : null}
            {open && !started ? <p className="muted small">Show / no-show can be recorded once it has started.</p> : null}
            {mode ? (
              <AppointmentActionForm
                mode={mode}
                appointment={a}
                onCancel={() => setMode(null)}
                onDone={(d, message) => applied(d, message)}
              />
            ) : null}
          </section>

          <section className="drawer-section">
            <h3>Details</h3>
            <dl className="kv-list">
              <div className="kv"><dt>Rep</dt><dd data-testid="appt-rep">{a.assignedName ?? 'Nobody yet (unrouted)'}</dd></div>
              <div className="kv"><dt>Lead type</dt><dd>{a.leadType ? <span className={`type-dot type-${a.leadType}`}>{leadTypeLabel(a.leadType)}</span> : '—'}</dd></div>
              <div className="kv"><dt>Zip</dt><dd className="mono">{a.zip || '—'}</dd></div>
              <div className="kv"><dt>When</dt><dd>{formatDateTime(a.scheduledAt)} · {a.durationMinutes} min</dd></div>
              <div className="kv"><dt>Type</dt><dd>{typeLabel(a.appointmentType)} · {locationLabel(a.locationType)}</dd></div>
              <div className="kv"><dt>Status</dt><dd>{statusLabel(a.status)}{a.outcome && a.outcome !== 'show' && a.outcome !== 'no_show' ? ` · ${a.outcome.replace(/_/g, ' ')}` : ''}</dd></div>
              <div className="kv"><dt>Booked</dt><dd>{formatDateTime(a.createdAt)}</dd></div>
              {a.notes ? <div className="kv"><dt>Notes</dt><dd className="pre-wrap">{a.notes}</dd></div> : null}
            </dl>
          </section>

          <section className="drawer-section" data-testid="appt-why">
            <h3>Why this rep</h3>
            <div className="why-head">
              {a.routingStatus ? <span className="badge tone-gray" data-testid="appt-routing-status">{ROUTING_LABELS[a.routingStatus] ?? a.routingStatus}</span> : null}
              <p className="decision-reason" data-testid="appt-routing-reason">{a.routingReason || routing?.decision?.reason || routing?.note || 'No routing was recorded for this appointment.'}</p>
            </div>
            {routing?.override ? (
              <div className="override-note" data-testid="appt-override">
                <strong>{routing.override.byName}</strong> overrode routing: “{routing.override.reason}”
                {routing.decision ? <span className="muted"> · routing had chosen {routing.decision.status === 'unrouted' ? 'nobody' : (routing.decision.reps.find((r) => r.id === routing.override!.routedRepId)?.name ?? 'another rep')}</span> : null}
              </div>
            ) : null}
            {routing?.note && routing.note !== a.routingReason ? <p className="muted small">{routing.note}</p> : null}
            {routing?.decision ? (
              <details className="decision-why" open>
                <summary>Rules and reps considered{routing.at ? ` · ${formatDateTime(routing.at)}` : ''}</summary>
                <Verdicts decision={routing.decision} testId="appt-verdicts" />
              </details>
            ) : null}
          </section>

          <section className="drawer-section">
            <h3>History</h3>
            {detail.events.length === 0 ? (
              <p className="muted small">No changes yet.</p>
            ) : (
              <Timeline
                testId="appt-events"
                entries={[...detail.events].sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : 0)).map((e) => ({
                  id: e.id,
                  text: localizeTimes(e.description || e.eventType.replace(/_/g, ' ')),
                  actorName: e.performedByName,
                  createdAt: e.createdAt,
                  // A reschedule's old and new times; other events' values are ids and states their text already names.
                  detail: e.eventType === 'rescheduled' && e.oldValue && e.newValue ? <div className="muted small" data-testid="appt-event-times">{localizeTimes(e.oldValue)} → {localizeTimes(e.newValue)}</div> : null,
                }))}
              />
            )}
          </section>
          <p className="muted small drawer-keys">Keys: r reschedule · s showed · n no-show · x cancel{isManager ? ' · a reassign' : ''} · Esc close</p>
        </div>
      ) : null}
    </aside>
  );
}
