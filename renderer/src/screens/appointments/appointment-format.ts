// Words, colours and times for appointments. Times are shown in the user's own zone (the
// browser's); a rep's working hours are kept in the rep's zone and converted here.
import { APPOINTMENT_TYPES, LOCATION_TYPES, type AppointmentStatus, type RoutingStatus } from '../../../../shared/api/appointments';
import { zoneOffsetMinutes } from '../../../../shared/domain/dates';
import { LEAD_TYPE_LABELS, type LeadType } from '../../../../shared/domain/leads';
import { formatDateTime } from '../../lib/format';

export const STATUS_LABELS: Record<AppointmentStatus, string> = { scheduled: 'Scheduled', confirmed: 'Confirmed', completed: 'Showed', no_show: 'No-show', cancelled: 'Cancelled' };
export const STATUS_TONE: Record<AppointmentStatus, string> = { scheduled: 'blue', confirmed: 'violet', completed: 'green', no_show: 'red', cancelled: 'gray' };
export const TYPE_LABELS: Record<(typeof APPOINTMENT_TYPES)[number], string> = { consultation: 'Consultation', home_consultation: 'Home consultation', policy_review: 'Policy review', follow_up: 'Follow-up', demo: 'Demo' };
export const LOCATION_LABELS: Record<(typeof LOCATION_TYPES)[number], string> = { in_home: 'In home', video: 'Video', phone: 'Phone', office: 'Office' };
export const ROUTING_LABELS: Record<RoutingStatus, string> = { routed: 'Routed', fallback: 'Fallback owner', unrouted: 'Unrouted', override: 'Override', manual: 'Chosen by hand' };
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export const statusLabel = (s: string) => STATUS_LABELS[s as AppointmentStatus] ?? s.replace(/_/g, ' ');
export const statusTone = (s: string) => STATUS_TONE[s as AppointmentStatus] ?? 'gray';
export const typeLabel = (t: string) => TYPE_LABELS[t as keyof typeof TYPE_LABELS] ?? t.replace(/_/g, ' ');
export const locationLabel = (t: string | null) => (t ? (LOCATION_LABELS[t as keyof typeof LOCATION_LABELS] ?? t.replace(/_/g, ' ')) : '—');
/** Still holding the rep's time: the actions that change it apply. */
export const isOpen = (status: string) => status === 'scheduled' || status === 'confirmed';

const ISO_RE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A message from the main process as the user should read it: its field prefix ("scheduledAt: ")
 * dropped, and any UTC instant in it shown in the user's zone.
 */
export function localizeMessage(message: string): string {
  return localizeTimes(message.replace(/^[a-zA-Z.\d]+: /, ''));
}

/** Every UTC instant in a text, shown in the user's zone. */
export function localizeTimes(text: string): string {
  return text.replace(ISO_RE, (iso) => formatDateTime(iso));
}

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekdayDate = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const weekdayDateYear = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const hourOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric' });

export const formatTime = (ms: number | string) => time.format(new Date(ms));
export const formatWeekdayDate = (d: Date) => weekdayDate.format(d);
export const formatLongDay = (d: Date) => longDay.format(d);
export const formatHour = (h: number) => hourOnly.format(new Date(2000, 0, 1, h));

/** "Tue, Dec 10 · 10:00 AM – 11:00 AM", with the year when it is not this year's. */
export function formatSlot(startIso: string, minutes: number): string {
  const start = new Date(startIso);
  if (Number.isNaN(start.getTime())) return startIso;
  const end = start.getTime() + minutes * 60_000;
  const day = start.getFullYear() === new Date().getFullYear() ? weekdayDate : weekdayDateYear;
  return `${day.format(start)} · ${time.format(start)} – ${time.format(end)}`;
}

/** "HVAC" for "hvac"; a type the app does not know is shown as stored. */
export const leadTypeLabel = (t: string) => LEAD_TYPE_LABELS[t as LeadType] ?? t;

/** "Dec 8 – 14, 2026" or "Dec 29, 2026 – Jan 4, 2027" for a week starting at `start`. */
export function formatRange(start: Date, days: number): string {
  if (days === 1) return formatLongDay(start);
  const end = addDays(start, days - 1);
  const sameYear = start.getFullYear() === end.getFullYear();
  const y = (d: Date) => d.getFullYear();
  return sameYear ? `${monthDay.format(start)} – ${monthDay.format(end)}, ${y(end)}` : `${monthDay.format(start)}, ${y(start)} – ${monthDay.format(end)}, ${y(end)}`;
}

// ---- local calendar days (the user's zone) -----------------------------------------------------

export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** Calendar arithmetic on local days, so a DST change does not shift midnight. */
export function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

/** The first day of the week in the user's locale (Sunday for en-US, Monday elsewhere). */
export function firstDayOfWeek(): number {
  try {
    const loc = new Intl.Locale(navigator.language) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    // Intl numbers days 1 (Monday) … 7 (Sunday).
    if (info) return info.firstDay % 7;
  } catch {
    // An old engine without week info: ISO weeks.
  }
  return 1;
}

export function startOfWeek(d: Date): Date {
  const first = firstDayOfWeek();
  const day = startOfDay(d);
  return addDays(day, -((day.getDay() - first + 7) % 7));
}

/** "2026-12-10" of a local Date, for datetime-local inputs and keys. */
export function dayKey(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// ---- a rep's working hours, in the user's zone --------------------------------------------------

const ymdFormatters = new Map<string, Intl.DateTimeFormat>();
function ymdIn(ms: number, zone: string): { y: number; m: number; d: number; weekday: number } {
  let f = ymdFormatters.get(zone);
  if (!f) ymdFormatters.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' })));
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), weekday: WEEKDAYS.indexOf(p.weekday as (typeof WEEKDAYS)[number]) };
}

/** The instant at wall-clock `hhmm` on day y-m-d in `zone`. */
function zonedInstant(y: number, m: number, d: number, hhmm: string, zone: string): number {
  const guess = Date.UTC(y, m - 1, d, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)));
  // Two passes settle the offset next to a DST change.
  let ms = guess - zoneOffsetMinutes(guess, zone) * 60_000;
  ms = guess - zoneOffsetMinutes(ms, zone) * 60_000;
  return ms;
}

export interface Hours {
  days: readonly number[];
  start: string;
  end: string;
}

/**
 * The rep's working time that falls in [fromMs, toMs) (a day in the user's zone), as intervals.
 * The rep's own days around it are checked, since their zone may put the shift across midnight.
 */
export function workingIntervals(hours: Hours | null, zone: string, fromMs: number, toMs: number): [number, number][] {
  if (!hours) return [[fromMs, toMs]];
  const out: [number, number][] = [];
  const seen = new Set<string>();
  for (let t = fromMs - 86_400_000; t <= toMs + 86_400_000; t += 43_200_000) {
    let local: ReturnType<typeof ymdIn>;
    try {
      local = ymdIn(t, zone);
    } catch {
      return [[fromMs, toMs]];
    }
    const key = `${local.y}-${local.m}-${local.d}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!hours.days.includes(local.weekday)) continue;
    const s = Math.max(fromMs, zonedInstant(local.y, local.m, local.d, hours.start, zone));
    const e = Math.min(toMs, zonedInstant(local.y, local.m, local.d, hours.end, zone));
    if (e > s) out.push([s, e]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** "Mon–Fri", "Every day", "Mon, Wed, Fri" */
export function describeDays(list: readonly number[]): string {
  const days = [...list].sort((a, b) => a - b);
  const consecutive = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  return days.length === 7 ? 'Every day' : consecutive ? `${WEEKDAYS[days[0]!]}–${WEEKDAYS[days[days.length - 1]!]}` : days.map((d) => WEEKDAYS[d]).join(', ');
}

/** "Mon–Fri 09:00–17:00" */
export function describeHours(hours: Hours | null): string {
  return hours ? `${describeDays(hours.days)} ${hours.start}–${hours.end}` : 'Any time';
}
