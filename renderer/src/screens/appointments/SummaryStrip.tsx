// This week at a glance (the user's week, in their zone): booked, showed, no-shows, show rate
// (showed / (showed + no-shows), the held-over-resolved definition analytics uses), and the two
// queues that need someone: needs rebooking and unrouted. Each figure opens the list behind it.
import { useEffect, useState } from 'react';
import type { AppointmentStatus } from '../../../../shared/api/appointments';
import { call } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { addDays, formatRange, startOfWeek } from './appointment-format';
import type { ListQuery } from './appointments-store';

interface Figures {
  scheduled: number;
  shows: number;
  noShows: number;
  needsRebooking: number;
  unrouted: number;
}

export function SummaryStrip({ workspaceId, dataVersion, onPick }: { workspaceId: string; dataVersion: number; onPick: (q: Partial<ListQuery>) => void }) {
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const week = startOfWeek(new Date());
  const from = week.toISOString();
  const to = addDays(week, 7).toISOString();

  useEffect(() => {
    let live = true;
    const count = (statuses: AppointmentStatus[]) => call('appointments.list', { workspaceId, from, to, statuses, limit: 1 }).then((p) => p.total);
    Promise.all([count(['scheduled', 'confirmed']), count(['completed']), count(['no_show']), call('appointments.list', { workspaceId, limit: 1 })])
      .then(([scheduled, shows, noShows, all]) => {
        if (!live) return;
        setFigures({ scheduled, shows, noShows, needsRebooking: all.counts.needsRebooking, unrouted: all.counts.unrouted });
        setError(null);
      })
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [workspaceId, from, to, dataVersion]);

  const f = figures;
  const resolved = f ? f.shows + f.noShows : 0;
  const rate = f && resolved ? `${Math.round((f.shows / resolved) * 100)}%` : '—';
  const tiles: { key: string; label: string; value: string; foot: string; tone?: 'bad' | 'warn'; pick: Partial<ListQuery> }[] = [
    { key: 'scheduled', label: 'Scheduled', value: f ? formatCount(f.scheduled) : '…', foot: 'still to happen or confirm', pick: { queue: 'all', period: 'this_week', statuses: ['scheduled', 'confirmed'] } },
    { key: 'shows', label: 'Showed', value: f ? formatCount(f.shows) : '…', foot: 'appointments held', pick: { queue: 'all', period: 'this_week', statuses: ['completed'] } },
    { key: 'no-shows', label: 'No-shows', value: f ? formatCount(f.noShows) : '…', foot: 'did not turn up', tone: f?.noShows ? 'bad' : undefined, pick: { queue: 'all', period: 'this_week', statuses: ['no_show'] } },
    { key: 'show-rate', label: 'Show rate', value: f ? rate : '…', foot: resolved ? `of ${formatCount(resolved)} with an outcome` : 'no outcomes yet', pick: { queue: 'all', period: 'this_week', statuses: ['completed', 'no_show'] } },
    { key: 'rebook', label: 'Needs rebooking', value: f ? formatCount(f.needsRebooking) : '…', foot: 'double-booked once synced', tone: f?.needsRebooking ? 'warn' : undefined, pick: { queue: 'needs_rebooking', period: 'any', statuses: [] } },
    { key: 'unrouted', label: 'Unrouted', value: f ? formatCount(f.unrouted) : '…', foot: 'waiting for a rep', tone: f?.unrouted ? 'warn' : undefined, pick: { queue: 'unrouted', period: 'any', statuses: [] } },
  ];
  const tile = (t: (typeof tiles)[number]) => (
    <button key={t.key} className={`appt-tile ${t.tone ? `appt-tile-${t.tone}` : ''}`} onClick={() => onPick(t.pick)} data-testid={`summary-${t.key}`} title="Open these in the list">
      <span className="appt-tile-label">{t.label}</span>
      <span className="appt-tile-value">{t.value}</span>
      <span className="appt-tile-foot">{t.foot}</span>
    </button>
  );
  return (
    <div className="appt-summary" aria-label={`This week, ${formatRange(week, 7)}`} data-testid="appt-summary">
      <div className="appt-summary-label">
        <span className="muted small">This week</span>
        <span className="small">{formatRange(week, 7)}</span>
      </div>
      {tiles.slice(0, 4).map(tile)}
      <div className="appt-summary-label appt-summary-queues">
        <span className="muted small">Waiting</span>
        <span className="small">any date</span>
      </div>
      {tiles.slice(4).map(tile)}
      {error ? <span className="field-error small" role="alert">Figures unavailable: {error}</span> : null}
    </div>
  );
}
