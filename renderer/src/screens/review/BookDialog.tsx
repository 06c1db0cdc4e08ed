// Book an appointment for the lead under review: when (in the user's time zone), how long, what.
// Where the workspace has routing rules, the rep is routing's choice, shown with its reason as the
// time changes; a manager may override it with a reason. Without rules the person booking picks
// the rep (themselves by default). A clash with the rep's calendar is refused by the main process
// and shown here, its times in the user's zone.
import { useEffect, useRef, useState } from 'react';
import { APPOINTMENT_TYPES, type AppointmentDetail } from '../../../../shared/api/appointments';
import type { RoutingConfigView } from '../../../../shared/api/routing';
import type { RoutingDecision } from '../../../../shared/domain/routing';
import { roleAtLeast } from '../../../../shared/domain/leads';
import { Dialog } from '../../components/Dialog';
import { ApiCallError, call } from '../../lib/api';
import { localInputValue } from '../../lib/format';
import { useMembers } from '../../stores/members';
import { currentWorkspace, useSession } from '../../stores/session';
import { localizeMessage, TYPE_LABELS } from '../appointments/appointment-format';
import { DecisionCard, decisionRepName } from '../appointments/RoutingExplanation';

/** The next whole hour, as a datetime-local value in the user's zone. */
function nextHour(): string {
  const d = new Date();
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return localInputValue(d);
}

const ROUTE_DEBOUNCE_MS = 250;

/** `askedFor`: the time and length the decision on screen answers (see `askKey`). */
type Routing = { state: 'loading' } | { state: 'manual' } | { state: 'rules'; decision: RoutingDecision | null; askedFor: string | null; pending: boolean; error: string | null };

const askKey = (when: string, minutes: number) => `${when}|${minutes}`;

export function BookDialog({ leadId, workspaceId, userId, who, onClose, onBooked }: { leadId: string; workspaceId: string; userId: string; who: string; onClose: () => void; onBooked: (a: AppointmentDetail) => void }) {
  const members = useMembers(workspaceId);
  const role = useSession((s) => currentWorkspace(s)?.role ?? 'sdr');
  const canOverride = roleAtLeast(role, 'manager');
  const [when, setWhen] = useState(nextHour());
  const [minutes, setMinutes] = useState(60);
  const [type, setType] = useState<(typeof APPOINTMENT_TYPES)[number]>('consultation');
  const [rep, setRep] = useState(userId);
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [routing, setRouting] = useState<Routing>({ state: 'loading' });
  const routeSeq = useRef(0);
  const reasonRef = useRef<HTMLInputElement>(null);

  // Whether the workspace routes at all decides which form this is.
  useEffect(() => {
    let live = true;
    call('routing.config', { workspaceId })
      .then((c: RoutingConfigView) => live && setRouting(c.rules.length === 0 ? { state: 'manual' } : { state: 'rules', decision: null, askedFor: null, pending: true, error: null }))
      // Without the setup the old picker still books; the main process routes or refuses.
      .catch(() => live && setRouting({ state: 'manual' }));
    return () => {
      live = false;
    };
  }, [workspaceId]);

  const routes = routing.state === 'rules';
  // What routing would do at this time and length, asked again as they change (debounced).
  useEffect(() => {
    if (!routes) return;
    const at = new Date(when);
    if (Number.isNaN(at.getTime())) return;
    const seq = ++routeSeq.current;
    const asked = askKey(when, minutes);
    setRouting((r) => (r.state === 'rules' ? { ...r, pending: true } : r));
    const t = setTimeout(() => {
      call('appointments.route', { leadId, scheduledAt: at.toISOString(), durationMinutes: minutes })
        .then((decision) => seq === routeSeq.current && setRouting({ state: 'rules', decision, askedFor: asked, pending: false, error: null }))
        .catch((err: Error) => seq === routeSeq.current && setRouting({ state: 'rules', decision: null, askedFor: asked, pending: false, error: localizeMessage(err.message) }));
    }, ROUTE_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [routes, when, minutes, leadId]);

  const decision = routing.state === 'rules' ? routing.decision : null;
  // Pending from the render that changes the time, before the effect marks it: the decision shown is the last time's.
  const routingPending = routing.state === 'rules' && (routing.pending || routing.askedFor !== askKey(when, minutes));
  // An override starts from routing's pick (or the person booking), so the select shows a real choice.
  const startOverride = () => {
    setOverride(true);
    setRep(decision?.repId ?? userId);
  };
  // The reason is what an override needs next: focus it once its box is on screen.
  useEffect(() => {
    if (override) reasonRef.current?.focus();
  }, [override]);

  // Alt+O pressed while the routing setup loaded. Without rules the rep picker is already the choice.
  const [overrideAsked, setOverrideAsked] = useState(false);
  useEffect(() => {
    if (!overrideAsked || routing.state === 'loading') return;
    setOverrideAsked(false);
    if (routes) startOverride();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [overrideAsked, routing.state]);

  const book = async () => {
    if (saving) return;
    const at = new Date(when);
    if (Number.isNaN(at.getTime())) return setError('Choose a date and time');
    const overriding = routes && override;
    if (overriding && overrideReason.trim().length < 3) {
      setReasonError('Say why you are overriding routing (at least 3 characters)');
      reasonRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    setReasonError(null);
    try {
      // Still learning whether the workspace routes: send no choice, which the main process reads
      // as "routing decides" or, without rules, "the person booking", the picker's default.
      const choice = routing.state === 'manual' ? { assignedUserId: rep } : overriding ? { assignedUserId: rep, overrideReason: overrideReason.trim() } : {};
      onBooked(await call('appointments.book', { leadId, scheduledAt: at.toISOString(), durationMinutes: minutes, appointmentType: type, notes, ...choice }));
    } catch (err) {
      const reason = err instanceof ApiCallError ? err.fieldMessage('overrideReason') : undefined;
      if (reason) setReasonError(reason);
      else setError(localizeMessage((err as Error).message));
      setSaving(false);
    }
  };

  const memberName = (id: string) => members.find((m) => m.id === id)?.displayName ?? (id === userId ? 'Me' : 'this rep');
  return (
    <Dialog
      title={`Book an appointment with ${who}`}
      onClose={onClose}
      width={520}
      footer={
        <>
          <span className="muted small">Enter books · Esc closes</span>
          <button className="button" onClick={onClose}>Cancel</button>
          <button className="button button-primary" onClick={() => void book()} disabled={saving} data-testid="book-confirm">
            {saving ? 'Booking…' : override && routes ? `Book with ${memberName(rep)}` : 'Book'}
          </button>
        </>
      }
    >
      <form
        className="form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          void book();
        }}
        onKeyDown={(e) => {
          // Alt+O: override routing without leaving the keyboard (code, not key: macOS types "ø").
          if (e.altKey && e.code === 'KeyO' && canOverride && !override) {
            e.preventDefault();
            // Pressed before the workspace's routing setup has loaded: it opens as soon as it has.
            if (routes) startOverride();
            else if (routing.state === 'loading') setOverrideAsked(true);
          }
        }}
        data-testid="book-dialog"
      >
        <label className="field">
          <span>When (your time)</span>
          <input type="datetime-local" value={when} onChange={(e) => { setWhen(e.target.value); setError(null); }} data-autofocus data-testid="book-when" />
        </label>
        <div className="field-pair">
          <label className="field">
            <span>Length</span>
            <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} data-testid="book-length">
              {[15, 30, 45, 60, 90, 120].map((m) => <option key={m} value={m}>{m} minutes</option>)}
            </select>
          </label>
          <label className="field">
            <span>Type</span>
            <select value={type} onChange={(e) => setType(e.target.value as typeof type)}>
              {APPOINTMENT_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
            </select>
          </label>
        </div>
        {routing.state === 'loading' ? <p className="muted small">Checking the workspace's routing…</p> : null}
        {routing.state === 'manual' ? (
          <label className="field">
            <span>Rep</span>
            <select value={rep} onChange={(e) => setRep(e.target.value)} data-testid="book-rep">
              {members.length === 0 ? <option value={userId}>Me</option> : members.map((m) => <option key={m.id} value={m.id}>{m.id === userId ? `${m.displayName} (me)` : m.displayName}</option>)}
            </select>
            <span className="muted small">This workspace has no routing rules, so you choose the rep.</span>
          </label>
        ) : null}
        {routing.state === 'rules' ? (
          <section className="book-routing" aria-label="Routing" aria-live="polite">
            <div className="book-routing-head">
              <h3>Routing picks</h3>
              {canOverride && !override ? (
                <button type="button" className="link-button small" onClick={startOverride} data-testid="book-override" title="Give it to another rep, with a reason (Alt+O)">
                  Override rep <kbd>Alt+O</kbd>
                </button>
              ) : null}
            </div>
            {routing.error ? <p className="field-error" role="alert">Routing could not decide: {routing.error}</p> : null}
            {decision ? (
              <DecisionCard decision={decision} repName={decisionRepName(decision, members)} pending={routingPending} testId="book-decision" />
            ) : !routing.error ? (
              <p className="muted small">Working out who takes it…</p>
            ) : null}
            {override ? (
              <div className="override-box" data-testid="book-override-box">
                <div className="field-pair">
                  <label className="field">
                    <span>Give it to</span>
                    <select value={rep} onChange={(e) => setRep(e.target.value)} data-testid="book-rep">
                      {members.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.displayName}
                          {m.id === decision?.repId ? ' (routing’s pick)' : m.id === userId ? ' (me)' : ''}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className={`field ${reasonError ? 'field-invalid' : ''}`}>
                    <span>Why (required)</span>
                    <input ref={reasonRef} value={overrideReason} onChange={(e) => { setOverrideReason(e.target.value); if (reasonError) setReasonError(null); }} maxLength={500} placeholder="e.g. customer asked for Dana" data-testid="book-override-reason" aria-invalid={!!reasonError} />
                  </label>
                </div>
                {reasonError ? <p className="field-error" role="alert" data-testid="book-override-error">{reasonError}</p> : null}
                <button type="button" className="link-button small" onClick={() => { setOverride(false); setReasonError(null); }}>Use routing’s pick instead</button>
              </div>
            ) : null}
          </section>
        ) : null}
        <label className="field">
          <span>Notes</span>
          <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
        </label>
        {error ? <p className="field-error" role="alert" data-testid="book-error">{error}</p> : null}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
