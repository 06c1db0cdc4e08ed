// The list's query as the contract takes it, its "when" periods (in the user's zone), and the
// export: every row the filters select, fetched a page at a time, written as formula-safe CSV.
import type { Appointment } from '../../../../shared/api/appointments';
import { call } from '../../lib/api';
import { downloadCsv, stampedName } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { addDays, startOfDay, startOfWeek, typeLabel } from './appointment-format';
import type { ListQuery, Period } from './appointments-store';

export const EXPORT_LIMIT = 50_000;
const EXPORT_PAGE = 2000;

export const PERIODS: { key: Period; label: string }[] = [
  { key: 'any', label: 'Any time' },
  { key: 'today', label: 'Today' },
  { key: 'this_week', label: 'This week' },
  { key: 'next_7', label: 'Next 7 days' },
  { key: 'last_30', label: 'Last 30 days' },
];

/** The [from, to) a period means today, in the user's zone. */
export function periodRange(period: Period, now = new Date()): { from?: string; to?: string } {
  const today = startOfDay(now);
  switch (period) {
    case 'today':
      return { from: today.toISOString(), to: addDays(today, 1).toISOString() };
    case 'this_week': {
      const start = startOfWeek(now);
      return { from: start.toISOString(), to: addDays(start, 7).toISOString() };
    }
    case 'next_7':
      return { from: now.toISOString(), to: addDays(today, 8).toISOString() };
    case 'last_30':
      return { from: addDays(today, -30).toISOString(), to: now.toISOString() };
    default:
      return {};
  }
}

export function listRequest(workspaceId: string, q: ListQuery) {
  return {
    workspaceId,
    queue: q.queue,
    search: q.search,
    sort: q.sort,
    dir: q.dir,
    ...(q.statuses.length ? { statuses: q.statuses } : {}),
    ...(q.repIds.length ? { repIds: q.repIds } : {}),
    ...periodRange(q.period),
  };
}


/** Downloads every appointment the query selects (up to EXPORT_LIMIT); returns what it wrote. */
export async function exportAppointments(workspaceId: string, q: ListQuery): Promise<Appointment[]> {
  const all: Appointment[] = [];
  let expected = Infinity;
  for (let offset = 0; offset < expected && all.length < EXPORT_LIMIT; offset += EXPORT_PAGE) {
    const p = await call('appointments.list', { ...listRequest(workspaceId, q), limit: EXPORT_PAGE, offset });
    expected = p.total;
    all.push(...p.rows);
    if (p.rows.length < EXPORT_PAGE) break;
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  downloadCsv(
    stampedName('appointments'),
    ['Scheduled (UTC)', `Scheduled (${zone})`, 'Duration (min)', 'Contact', 'Lead type', 'Zip', 'Type', 'Location', 'Rep', 'Status', 'Outcome', 'Routing', 'Routing reason', 'Needs rebooking', 'Notes', 'Booked at (UTC)', 'Appointment id', 'Contact id', 'Lead id'],
    all.map((a) => [a.scheduledAt, formatDateTime(a.scheduledAt), a.durationMinutes, a.contactName, a.leadType ?? '', a.zip, typeLabel(a.appointmentType), a.locationType ?? '', a.assignedName ?? '', a.status, a.outcome ?? '', a.routingStatus ?? '', a.routingReason, a.needsRebooking ? 'yes' : 'no', a.notes, a.createdAt, a.id, a.contactId, a.leadId ?? '']),
  );
  return all;
}
