// Book an appointment for the lead under review: when (in the user's time zone), how long, what,
// and with whom (the person booking unless changed). A clash with the rep's calendar is refused by
// the main process and shown here.
import { useState } from 'react';
import { APPOINTMENT_TYPES, type Appointment } from '../../../../shared/api/appointments';
import { Dialog } from '../../components/Dialog';
import { call } from '../../lib/api';
import { formatDateTime, localInputValue } from '../../lib/format';
import { useMembers } from '../../stores/members';

const TYPE_LABELS: Record<(typeof APPOINTMENT_TYPES)[number], string> = { consultation: 'Consultation', home_consultation: 'Home consultation', policy_review: 'Policy review', follow_up: 'Follow-up', demo: 'Demo' };

/** The next whole hour, as a datetime-local value in the user's zone. */
function nextHour(): string {
  const d = new Date();
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return localInputValue(d);
}

export function BookDialog({ leadId, workspaceId, userId, who, onClose, onBooked }: { leadId: string; workspaceId: string; userId: string; who: string; onClose: () => void; onBooked: (a: Appointment) => void }) {
  const members = useMembers(workspaceId);
  const [when, setWhen] = useState(nextHour());
  const [minutes, setMinutes] = useState(60);
  const [type, setType] = useState<(typeof APPOINTMENT_TYPES)[number]>('consultation');
  const [rep, setRep] = useState(userId);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const book = async () => {
    if (saving) return;
    const at = new Date(when);
    if (Number.isNaN(at.getTime())) return setError('Choose a date and time');
    setSaving(true);
    try {
      onBooked(await call('appointments.book', { leadId, scheduledAt: at.toISOString(), durationMinutes: minutes, appointmentType: type, assignedUserId: rep, notes }));
    } catch (err) {
      // The main process names times in UTC; show them in the user's zone.
      setError((err as Error).message.replace(/^scheduledAt: /, '').replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, (iso) => formatDateTime(iso)));
      setSaving(false);
    }
  };
  return (
    <Dialog
      title={`Book an appointment with ${who}`}
      onClose={onClose}
      width={460}
      footer={
        <>
          <button className="button" onClick={onClose}>Cancel</button>
          <button className="button button-primary" onClick={() => void book()} disabled={saving} data-testid="book-confirm">{saving ? 'Booking…' : 'Book'}</button>
        </>
      }
    >
      <form className="form-stack" onSubmit={(e) => { e.preventDefault(); void book(); }} data-testid="book-dialog">
        <label className="field">
          <span>When</span>
          <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} data-autofocus data-testid="book-when" />
        </label>
        <div className="field-pair">
          <label className="field">
            <span>Length</span>
            <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
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
        <label className="field">
          <span>Rep</span>
          <select value={rep} onChange={(e) => setRep(e.target.value)} data-testid="book-rep">
            {members.length === 0 ? <option value={userId}>Me</option> : members.map((m) => <option key={m.id} value={m.id}>{m.id === userId ? `${m.displayName} (me)` : m.displayName}</option>)}
          </select>
        </label>
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
