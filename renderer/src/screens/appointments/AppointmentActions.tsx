// The drawer's inline forms: reschedule (a new time, refused when the rep is busy then), cancel
// (with a reason) and reassign (a manager, with a reason). Enter saves, Esc goes back. A new time
// or rep outside the rep's working hours is warned of, not refused: it was agreed by hand.
import { useEffect, useRef, useState } from 'react';
import type { Appointment, AppointmentDetail } from '../../../../shared/api/appointments';
import type { RoutingRepView } from '../../../../shared/api/routing';
import { outsideHours } from '../../../../shared/domain/routing';
import { Icon } from '../../components/Icon';
import { call } from '../../lib/api';
import { formatDateTime, localInputValue } from '../../lib/format';
import { useMembers } from '../../stores/members';
import { localizeMessage } from './appointment-format';

export type ActionMode = 'reschedule' | 'cancel' | 'reassign';

const LENGTHS = [15, 30, 45, 60, 90, 120, 180, 240];

export function AppointmentActionForm({ mode, appointment, onCancel, onDone }: { mode: ActionMode; appointment: Appointment; onCancel: () => void; onDone: (d: AppointmentDetail, message: string) => void }) {
  const members = useMembers(appointment.workspaceId);
  const [when, setWhen] = useState(() => localInputValue(new Date(appointment.scheduledAt)));
  const [minutes, setMinutes] = useState(appointment.durationMinutes);
  const [reason, setReason] = useState('');
  const [rep, setRep] = useState(() => appointment.assignedUserId ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const needsReason = mode !== 'reschedule';
  const [reps, setReps] = useState<RoutingRepView[] | null>(null);
  useEffect(() => {
    if (mode === 'cancel') return;
    let live = true;
    // The reps' working hours, for the warning; without them (a failed read) there is none.
    void call('routing.config', { workspaceId: appointment.workspaceId }).then((c) => live && setReps(c.reps), () => undefined);
    return () => {
      live = false;
    };
  }, [mode, appointment.workspaceId]);
  const hoursWarning = (() => {
    if (mode === 'cancel' || !reps) return null;
    const target = reps.find((r) => r.userId === (mode === 'reschedule' ? appointment.assignedUserId : rep));
    const at = mode === 'reschedule' ? new Date(when) : new Date(appointment.scheduledAt);
    if (!target || Number.isNaN(at.getTime())) return null;
    const why = outsideHours(target, at.toISOString(), mode === 'reschedule' ? minutes : appointment.durationMinutes);
    return why ? `Outside working hours: ${target.name} ${why}. You can still save it.` : null;
  })();

  const save = async () => {
    if (saving) return;
    if (needsReason && reason.trim().length < 3) {
      setError(mode === 'cancel' ? 'Say why it is cancelled (at least 3 characters)' : 'Say why it goes to another rep (at least 3 characters)');
      reasonRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      if (mode === 'reschedule') {
        const at = new Date(when);
        if (Number.isNaN(at.getTime())) throw new Error('Choose a date and time');
        const d = await call('appointments.reschedule', { id: appointment.id, scheduledAt: at.toISOString(), durationMinutes: minutes, reason: reason.trim() });
        onDone(d, `Rescheduled to ${formatDateTime(d.appointment.scheduledAt)}`);
      } else if (mode === 'cancel') {
        onDone(await call('appointments.cancel', { id: appointment.id, reason: reason.trim() }), 'Appointment cancelled');
      } else {
        if (!rep) throw new Error('Choose the rep who takes it');
        const d = await call('appointments.reassign', { id: appointment.id, userId: rep, reason: reason.trim() });
        onDone(d, `Reassigned to ${d.appointment.assignedName ?? 'the rep'}`);
      }
    } catch (err) {
      setError(localizeMessage((err as Error).message));
      setSaving(false);
    }
  };

  const title = mode === 'reschedule' ? 'Reschedule' : mode === 'cancel' ? 'Cancel the appointment' : 'Reassign to another rep';
  return (
    <form
      className="appt-action-form"
      data-testid={`appt-form-${mode}`}
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <h4>{title}</h4>
      {mode === 'reschedule' ? (
        <div className="field-pair">
          <label className="field">
            <span>New time (yours)</span>
            <input type="datetime-local" value={when} onChange={(e) => { setWhen(e.target.value); if (error) setError(null); }} autoFocus data-testid="appt-new-time" />
          </label>
          <label className="field">
            <span>Length</span>
            <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {[...new Set([...LENGTHS, appointment.durationMinutes])].sort((a, b) => a - b).map((m) => <option key={m} value={m}>{m} minutes</option>)}
            </select>
          </label>
        </div>
      ) : null}
      {mode === 'reassign' ? (
        <label className="field">
          <span>Give it to</span>
          <select value={rep} onChange={(e) => setRep(e.target.value)} autoFocus data-testid="appt-reassign-rep">
            {appointment.assignedUserId ? null : <option value="">Choose a rep…</option>}
            {members.map((m) => (
              <option key={m.id} value={m.id}>{m.displayName}{m.id === appointment.assignedUserId ? ' (now)' : ''}</option>
            ))}
          </select>
        </label>
      ) : null}
      <label className={`field ${error && needsReason && reason.trim().length < 3 ? 'field-invalid' : ''}`}>
        <span>{needsReason ? 'Reason (required)' : 'Reason (optional)'}</span>
        <input ref={reasonRef} value={reason} onChange={(e) => { setReason(e.target.value); if (error) setError(null); }} maxLength={500} autoFocus={mode === 'cancel'} data-testid="appt-reason" placeholder={mode === 'cancel' ? 'e.g. customer went with a competitor' : mode === 'reassign' ? 'e.g. Dana is out sick' : 'e.g. customer asked for the afternoon'} />
      </label>
      {hoursWarning ? (
        <p className="shadow-warning" role="note" data-testid="appt-hours-warning">
          <Icon name="alert" size={13} /> {hoursWarning}
        </p>
      ) : null}
      {error ? <p className="field-error" role="alert" data-testid="appt-form-error">{error}</p> : null}
      <div className="row-end">
        <button type="button" className="button button-ghost" onClick={onCancel}>Back <kbd>Esc</kbd></button>
        <button type="submit" className={`button ${mode === 'cancel' ? 'button-danger' : 'button-primary'}`} disabled={saving} data-testid="appt-form-save">
          {saving ? 'Saving…' : mode === 'reschedule' ? 'Reschedule' : mode === 'cancel' ? 'Cancel appointment' : 'Reassign'}
        </button>
      </div>
    </form>
  );
}
