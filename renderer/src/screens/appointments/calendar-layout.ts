// The calendar's geometry, apart from React: which columns a day or week has, where a block sits
// (wall-clock hours in the user's zone, so a DST day still lines up with its hour labels), which
// blocks share a row of lanes, and which bands of a column are outside working hours.
import type { Appointment } from '../../../../shared/api/appointments';
import type { RoutingRepView } from '../../../../shared/api/routing';
import { addDays, formatWeekdayDate, workingIntervals } from './appointment-format';

export const UNASSIGNED = '__unassigned__';

export interface Column {
  key: string;
  label: string;
  sub?: string;
  start: Date;
  end: Date;
  /** Which of the fetched rows belong here. */
  holds: (a: Appointment) => boolean;
  /** Working time in this column (ms intervals); null: no hours to show. */
  working: [number, number][] | null;
  isToday: boolean;
  /** Clicking the header opens this day in the day view. */
  day?: Date;
}

/** Wall-clock hours since local midnight of `day`, clipped to the day. */
export function hoursInto(ms: number, day: Date, dayEnd: Date): number {
  if (ms <= day.getTime()) return 0;
  if (ms >= dayEnd.getTime()) return 24;
  const d = new Date(ms);
  return d.getHours() + d.getMinutes() / 60 + d.getSeconds() / 3600;
}

export function mergeIntervals(list: [number, number][]): [number, number][] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Off-hours as [fromHour, toHour) bands for a column, the complement of its working time. */
export function offBands(col: Column): [number, number][] {
  if (!col.working) return [];
  const bands: [number, number][] = [];
  let cursor = 0;
  for (const [s, e] of col.working) {
    const from = hoursInto(s, col.start, col.end);
    const to = hoursInto(e, col.start, col.end);
    if (from > cursor) bands.push([cursor, from]);
    cursor = Math.max(cursor, to);
  }
  if (cursor < 24) bands.push([cursor, 24]);
  return bands;
}

/** Side-by-side lanes for overlapping blocks. */
export function lanes(items: Appointment[]): Map<string, { lane: number; of: number }> {
  const sorted = [...items].sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt) || b.durationMinutes - a.durationMinutes);
  const out = new Map<string, { lane: number; of: number }>();
  let cluster: string[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const id of cluster) out.get(id)!.of = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const a of sorted) {
    const s = Date.parse(a.scheduledAt);
    const e = s + a.durationMinutes * 60_000;
    if (s >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= s);
    if (lane === -1) lane = laneEnds.push(e) - 1;
    else laneEnds[lane] = e;
    out.set(a.id, { lane, of: 1 });
    cluster.push(a.id);
    clusterEnd = Math.max(clusterEnd, e);
  }
  close();
  return out;
}

export const overlapsDay = (a: Appointment, start: Date, end: Date) => {
  const s = Date.parse(a.scheduledAt);
  return s < end.getTime() && s + a.durationMinutes * 60_000 > start.getTime();
};

function repWorking(rep: RoutingRepView | undefined, start: Date, end: Date): [number, number][] | null {
  if (!rep) return null;
  return workingIntervals(rep.hours, rep.timeZone, start.getTime(), end.getTime());
}

export interface ColumnsInput {
  view: 'day' | 'week';
  rangeStart: Date;
  rangeEnd: Date;
  rows: readonly Appointment[];
  /** Reps the user chose; empty: the team. */
  chosen: readonly string[];
  /** The team: reps in the rotation. */
  team: readonly string[];
  repsById: ReadonlyMap<string, RoutingRepView>;
  todayStart: number;
}

/**
 * A week: a column per day, greyed where none of the shown reps works. A day: a column per rep
 * (the chosen ones, or the rotation plus anyone booked that day), and one for unrouted bookings.
 */
export function buildColumns({ view, rangeStart, rangeEnd, rows, chosen, team, repsById, todayStart }: ColumnsInput): Column[] {
  const shownReps = chosen.length ? chosen : team;
  if (view === 'week') {
    return Array.from({ length: 7 }, (_, i) => {
      const start = addDays(rangeStart, i);
      const end = addDays(start, 1);
      // A rep with no set hours works any time, so the day has no grey band.
      const reps = shownReps.map((id) => repsById.get(id)).filter((r): r is RoutingRepView => !!r);
      const working = reps.length ? mergeIntervals(reps.flatMap((r) => repWorking(r, start, end) ?? [])) : null;
      return { key: String(start.getTime()), label: formatWeekdayDate(start), start, end, holds: (a: Appointment) => overlapsDay(a, start, end), working, isToday: start.getTime() === todayStart, day: start };
    });
  }
  const start = rangeStart;
  const end = rangeEnd;
  const isToday = start.getTime() === todayStart;
  const inDay = rows.filter((a) => overlapsDay(a, start, end));
  const ids = chosen.length ? [...chosen] : [...new Set([...team, ...inDay.map((a) => a.assignedUserId).filter((x): x is string => !!x)])];
  const names = new Map(inDay.map((a) => [a.assignedUserId ?? '', a.assignedName ?? '']));
  const cols: Column[] = ids.map((id) => {
    const rep = repsById.get(id);
    return {
      key: id,
      label: rep?.name ?? names.get(id) ?? 'Rep',
      sub: rep ? [rep.team, rep.inRotation ? null : 'not in rotation'].filter(Boolean).join(' · ') : undefined,
      start,
      end,
      holds: (a: Appointment) => a.assignedUserId === id && overlapsDay(a, start, end),
      working: repWorking(rep, start, end),
      isToday,
    };
  });
  if (inDay.some((a) => !a.assignedUserId)) {
    cols.push({ key: UNASSIGNED, label: 'Unrouted', sub: 'waiting for a rep', start, end, holds: (a) => !a.assignedUserId && overlapsDay(a, start, end), working: null, isToday });
  }
  return cols;
}
