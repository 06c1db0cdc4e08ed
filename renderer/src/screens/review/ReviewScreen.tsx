// The review queue: the leads the grid selects (search and chips), one at a time, worked from the
// keyboard alone: next / previous, a status in one key (unqualified asks why), a note, log a call,
// assign to me. Every change goes through the same calls as the grid and drawer, offline.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Appointment } from '../../../../shared/api/appointments';
import type { Cursor, LeadDetail, LeadRow } from '../../../../shared/api/leads';
import { LEAD_STATUSES, LEAD_STATUS_LABELS, type LeadStatus } from '../../../../shared/domain/leads';
import { LeadStatusBadge, SegmentBadge } from '../../components/Badges';
import { Icon } from '../../components/Icon';
import { call } from '../../lib/api';
import { formatCount, formatDateTime, formatPhone } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { useCalls } from '../../stores/calls';
import { useLeads } from '../../stores/leads';
import { currentWorkspace, useSession } from '../../stores/session';
import { openContact, useUi } from '../../stores/ui';
import { chipFilters } from '../leads/LeadsGrid';
import { AppointmentDrawer, RebookBadge, StatusBadge } from '../appointments/AppointmentDrawer';
import { formatSlot } from '../appointments/appointment-format';
import { BookDialog } from './BookDialog';

const PAGE = 100;
const STATUS_KEYS: Record<string, LeadStatus> = Object.fromEntries(LEAD_STATUSES.map((s, i) => [String(i + 1), s]));

interface Queue {
  rows: LeadRow[];
  next: Cursor | null;
  total: number | null;
}

export function ReviewScreen() {
  const workspace = useSession(currentWorkspace);
  const userId = useSession((s) => s.bootstrap?.user.id ?? null);
  const { search, statuses, types, segments } = useLeads();
  const toast = useUi((s) => s.toast);
  const [queue, setQueue] = useState<Queue>({ rows: [], next: null, total: null });
  const [index, setIndex] = useState(0);
  const [detail, setDetail] = useState<LeadDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'idle' | 'note' | 'reason' | 'book' | 'appointment'>('idle');
  const [openAppointment, setOpenAppointment] = useState<string | null>(null);
  const [booked, setBooked] = useState<Appointment[]>([]);
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const filters = chipFilters({ statuses, types, segments });
  const filtersKey = JSON.stringify([search, filters]);

  const load = useCallback(
    async (after: Cursor | null, append: boolean) => {
      if (!workspace) return;
      try {
        const page = await call('leads.page', { workspaceId: workspace.id, search, filters, sort: [{ col: 'createdAt', dir: 'desc' }], limit: PAGE, includeTotal: !append, ...(after ? { after } : {}) });
        setQueue((q) => ({ rows: append ? [...q.rows, ...page.rows] : page.rows, next: page.nextCursor, total: append ? q.total : page.total }));
        setError(null);
      } catch (err) {
        setError((err as Error).message);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [workspace?.id, filtersKey],
  );

  useEffect(() => {
    setIndex(0);
    void load(null, false);
  }, [load]);

  const current = queue.rows[index] ?? null;
  // Keyed on the id: a status change replaces the row object, and update() already refetched it.
  const currentId = current?.id ?? null;
  useEffect(() => {
    if (!currentId) return setDetail(null);
    let live = true;
    void call('leads.get', { id: currentId }).then((d) => live && setDetail(d), (err: Error) => live && setError(err.message));
    void call('appointments.forLead', { leadId: currentId }).then((a) => live && setBooked(a), () => live && setBooked([]));
    return () => {
      live = false;
    };
  }, [currentId]);

  // The card shows the lead whose details have loaded; after j / k that is the previous one for a
  // moment. Keys act only once the card is the current lead's, never on a lead not yet on screen.
  const ready = current !== null && detail !== null && detail.lead.id === current.id;
  const shown = detail ? (queue.rows.find((r) => r.id === detail.lead.id) ?? null) : null;

  // The note or reason box takes focus in the same commit that shows it (a key's update is
  // rendered before the next key is handled), so what the rep types straight after N lands in it.
  useLayoutEffect(() => {
    if (mode === 'note' || mode === 'reason') inputRef.current?.focus();
  }, [mode]);

  const move = (delta: number) => {
    setMode('idle');
    const to = index + delta;
    if (to < 0) return;
    if (to >= queue.rows.length) {
      if (queue.next) void load(queue.next, true).then(() => setIndex(to));
      else toast('That was the last lead in this queue', 'info');
      return;
    }
    setIndex(to);
    // Read ahead so the next page is there before the rep reaches it.
    if (queue.next && to > queue.rows.length - 10) void load(queue.next, true);
  };

  const update = async (patch: Record<string, unknown>, note?: string) => {
    if (!current || !ready) return;
    try {
      await call('leads.update', { id: current.id, patch, ...(note ? { note } : {}) });
      const fresh = await call('leads.get', { id: current.id });
      setDetail(fresh);
      setQueue((q) => ({ ...q, rows: q.rows.map((r) => (r.id === current.id ? { ...r, status: fresh.lead.status, ownerUserId: fresh.lead.ownerUserId } : r)) }));
      return true;
    } catch (err) {
      toast(`Not saved: ${(err as Error).message}`, 'error');
      return false;
    }
  };

  const setStatus = async (status: LeadStatus) => {
    if (!ready) return;
    if (status === 'unqualified') {
      setMode('reason');
      setText('');
      return;
    }
    if (await update({ status })) toast(`Marked ${LEAD_STATUS_LABELS[status].toLowerCase()}`, 'success');
  };

  /** A note lands in the lead's notes, stamped, and in its history. */
  const saveText = async () => {
    const value = text.trim();
    if (!value || !detail || !ready) return;
    const ok =
      mode === 'reason'
        ? await update({ status: 'unqualified', statusReason: value })
        : await update({ notes: `${detail.lead.notes ? `${detail.lead.notes}\n` : ''}${formatDateTime(new Date().toISOString())}: ${value}` }, value);
    if (ok) {
      toast(mode === 'reason' ? 'Marked unqualified' : 'Note added', 'success');
      setMode('idle');
      setText('');
    }
  };

  const startNote = () => {
    if (!ready) return;
    setMode('note');
    setText('');
  };

  useHotkeys(
    [
      { keys: 'j', run: () => move(1) },
      { keys: 'arrowdown', run: () => move(1) },
      { keys: 'k', run: () => move(-1) },
      { keys: 'arrowup', run: () => move(-1) },
      ...Object.entries(STATUS_KEYS).map(([keys, status]) => ({ keys, run: () => void setStatus(status) })),
      { keys: 'n', run: startNote },
      { keys: 'c', run: () => ready && current && useCalls.getState().openForm({ contactId: current.contactId, contactLabel: `${current.firstName} ${current.lastName}`.trim(), leadId: current.id }) },
      { keys: 'a', run: () => ready && userId && void update({ ownerUserId: userId }).then((ok) => ok && toast('Assigned to you', 'success')) },
      { keys: 'b', run: () => ready && setMode('book') },
      { keys: 'o', run: () => ready && current && openContact(current.contactId) },
    ],
    mode === 'idle',
  );

  if (!workspace) return null;
  return (
    <section className="screen screen-review" aria-label="Review queue">
      <header className="screen-head">
        <div className="screen-title">
          <h1>Review queue</h1>
          <span className="count" data-testid="review-position" aria-live="polite">
            {queue.total === null ? '' : queue.total === 0 ? 'No leads' : `${formatCount(index + 1)} of ${formatCount(queue.total)}`}
          </span>
        </div>
        <p className="muted small">The leads the Leads screen's search and chips select, newest first. j / k move, 1–5 set the status, n adds a note, c logs a call, b books an appointment, a assigns to you, o opens the contact.</p>
      </header>
      {error ? (
        <div className="banner banner-error" role="alert">
          <Icon name="alert" /> {error}
        </div>
      ) : null}
      {queue.total === 0 ? (
        <div className="grid-empty-state" data-testid="review-empty">
          <Icon name="leads" size={24} />
          <h2>Nothing to review</h2>
          <p>No lead matches the Leads screen's search and chips. Change them there, then come back.</p>
          <button className="button" onClick={() => useUi.getState().go('leads')}>Go to Leads</button>
        </div>
      ) : null}
      {current && shown && detail ? (
        <article className="review-card" data-testid="review-card" data-lead-id={shown.id} aria-busy={ready ? undefined : 'true'}>
          <header className="review-head">
            <h2>
              {`${detail.lead.firstName} ${detail.lead.lastName}`.trim() || detail.lead.email || 'Unnamed lead'}
              <span className="mono muted small"> #{shown.contactCode}</span>
            </h2>
            <LeadStatusBadge status={detail.lead.status} testId="review-status" />
            <SegmentBadge segment={shown.segment} score={shown.rfmScore} />
            <button className="button button-ghost" onClick={() => openContact(shown.contactId)} data-testid="review-open-contact" title="Open the contact (o)">
              Open contact <kbd>o</kbd>
            </button>
          </header>
          <dl className="review-facts">
            <dt>Email</dt>
            <dd>{detail.lead.email || '—'}</dd>
            <dt>Phone</dt>
            <dd className="mono">{detail.lead.phone ? formatPhone(detail.lead.phone) : '—'}</dd>
            <dt>Source</dt>
            <dd>{[detail.lead.source, detail.lead.utmSource, detail.lead.utmCampaign].filter(Boolean).join(' · ') || '—'}</dd>
            <dt>Owner</dt>
            <dd>{detail.ownerName ?? 'Unassigned'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(detail.lead.createdAt)}</dd>
            {detail.lead.statusReason ? (
              <>
                <dt>Reason</dt>
                <dd>{detail.lead.statusReason}</dd>
              </>
            ) : null}
          </dl>
          <div className="review-statuses" role="group" aria-label="Set status">
            {LEAD_STATUSES.map((s, i) => (
              <button key={s} className={`chip ${detail.lead.status === s ? 'chip-active' : ''}`} onClick={() => void setStatus(s)}>
                <kbd>{i + 1}</kbd> {LEAD_STATUS_LABELS[s]}
              </button>
            ))}
          </div>
          {booked.length ? (
            <section aria-label="Appointments">
              <h3>Appointments</h3>
              <ul className="review-history review-appointments" data-testid="review-appointments">
                {booked.slice(0, 3).map((a) => (
                  <li key={a.id}>
                    <button
                      className="link-button"
                      onClick={() => {
                        setMode('appointment');
                        setOpenAppointment(a.id);
                      }}
                      title="Open the appointment"
                      data-testid="review-appointment"
                    >
                      {formatSlot(a.scheduledAt, a.durationMinutes)}
                    </button>
                    <span className="muted small"> · {a.durationMinutes} min · {a.assignedName ?? 'unrouted'} </span>
                    <StatusBadge status={a.status} />
                    {a.needsRebooking ? <RebookBadge /> : null}
                  </li>
                ))}
                {booked.length > 3 ? <li className="muted small">and {booked.length - 3} more</li> : null}
              </ul>
            </section>
          ) : null}
          {mode === 'book' && workspace && userId ? (
            <BookDialog
              leadId={current.id}
              workspaceId={workspace.id}
              userId={userId}
              who={`${detail.lead.firstName} ${detail.lead.lastName}`.trim() || 'this lead'}
              onClose={() => setMode('idle')}
              onBooked={({ appointment: a }) => {
                setMode('idle');
                setBooked((list) => [a, ...list]);
                toast(a.assignedUserId ? `Booked ${formatDateTime(a.scheduledAt)} with ${a.assignedName ?? 'the rep'}` : `Booked ${formatDateTime(a.scheduledAt)}; it waits in the Unrouted queue for a rep`, 'success', {
                  label: 'Open',
                  run: () => {
                    setMode('appointment');
                    setOpenAppointment(a.id);
                  },
                });
              }}
            />
          ) : null}
          {mode === 'appointment' && openAppointment ? (
            <AppointmentDrawer
              id={openAppointment}
              onClose={() => {
                setMode('idle');
                setOpenAppointment(null);
              }}
              onChanged={(d) => setBooked((list) => list.map((x) => (x.id === d.appointment.id ? d.appointment : x)))}
            />
          ) : null}
          {mode === 'note' || mode === 'reason' ? (
            <div className="review-input">
              <label htmlFor="review-text">{mode === 'reason' ? 'Why is this lead unqualified?' : 'Note'}</label>
              <textarea
                id="review-text"
                ref={inputRef}
                rows={3}
                value={text}
                data-testid="review-text"
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    void saveText();
                  } else if (e.key === 'Escape') {
                    setMode('idle');
                  }
                }}
              />
              <span className="muted small">Enter saves, Shift+Enter a new line, Esc cancels.</span>
            </div>
          ) : null}
          {detail.lead.notes ? <pre className="review-notes" data-testid="review-notes">{detail.lead.notes}</pre> : null}
          <section aria-label="History">
            <h3>History</h3>
            <ol className="review-history">
              {detail.events.slice(0, 6).map((e) => (
                <li key={e.id}>
                  <span className="muted small">{formatDateTime(e.createdAt)}</span> {e.eventType.replace(/_/g, ' ')}
                  {e.note ? ` — ${e.note}` : ''}
                  {e.actorName ? <span className="muted small"> · {e.actorName}</span> : null}
                </li>
              ))}
            </ol>
          </section>
          <footer className="review-nav">
            <button className="button" onClick={() => move(-1)} disabled={index === 0}>
              <kbd>k</kbd> Previous
            </button>
            <button className="button button-primary" onClick={() => move(1)} data-testid="review-next">
              Next <kbd>j</kbd>
            </button>
          </footer>
        </article>
      ) : null}
    </section>
  );
}
