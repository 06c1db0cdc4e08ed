// Cell transforms for CSV import: dates, money, integers, durations, booleans and value maps.
// They run once per cell on imports of a million rows, so the hot paths avoid regex where a
// character scan does, keep per-column state (time-zone offsets, repeated values) in the parser a
// column creates, and allocate nothing on success beyond the result. Reasons quote the value.
// Phones and emails are normalized by phone.ts and email.ts; names are split by names.ts.
import { zoneOffsetMinutes } from './dates';
import { splitFullName, type SplitName } from './names';

/** Results may be shared between cells with the same text (parsers memoize): treat them as read-only. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const EMPTY: ParseResult<null> = Object.freeze({ ok: true, value: null });
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
/** Values repeat in most columns (statuses, dates without time); each parser keeps this many answers. */
const MEMO_LIMIT = 4096;

// --- Dates ------------------------------------------------------------------------------------

export const DATE_FORMATS = ['iso', 'mdy', 'dmy', 'ymd', 'excel', 'text-month'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  iso: 'YYYY-MM-DD (ISO)',
  ymd: 'YYYY/MM/DD',
  mdy: 'MM/DD/YYYY (month first)',
  dmy: 'DD/MM/YYYY (day first)',
  excel: 'Excel serial numbers',
  'text-month': 'Month names (Mar 5, 2026)',
};

export interface DateFormatGuess {
  format: DateFormat;
  /** True when the values did not settle it and the format is a default the user should confirm. */
  assumed: boolean;
  reason: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
// Serials for 1950-01-01 .. 2100-12-31; a number column outside that is not dates.
const EXCEL_MIN = (Date.UTC(1950, 0, 1) - EXCEL_EPOCH) / DAY_MS;
const EXCEL_MAX = (Date.UTC(2100, 11, 31) - EXCEL_EPOCH) / DAY_MS;

const TIME = String.raw`(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([ap])\.?m?\.?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?`;
const AFTER_DATE = String.raw`(?:(?:t|\s+at\s+|\s*@\s*|,\s*|\s+)${TIME})?`;
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?`;
// Groups: year, separator, month, day, then the six time groups.
const YMD_RE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${AFTER_DATE}$`, 'i');
// Groups: first, separator, second, year, then time.
const NUM_RE = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${AFTER_DATE}$`, 'i');
// "Mar 5, 2026": month, day, year, then time. "5 Mar 2026" / "05-Mar-26": day, month, year, then time.
const TEXT_MDY_RE = new RegExp(String.raw`^${WEEKDAY}([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${AFTER_DATE}$`, 'i');
const TEXT_DMY_RE = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})${AFTER_DATE}$`, 'i');
const NUMBER_RE = /^\d+(?:\.\d+)?$/;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS = new Map<string, number>();
MONTH_NAMES.forEach((name, i) => {
  MONTHS.set(name.toLowerCase(), i + 1);
  MONTHS.set(name.slice(0, 3).toLowerCase(), i + 1);
});
MONTHS.set('sept', 9);

/** One parsed date; a parser reuses one of these for every cell of its column. */
interface DateParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Minutes east of UTC written in the value, or null for local time. */
  offset: number | null;
  /** The value is already the canonical UTC string this module returns. */
  canonical: boolean;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, mo: number): number => (mo === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31);

function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Machine exports write "YYYY-MM-DD[( |T)HH:mm[:ss[.sss]][Z]]"; read those without a regex. */
function readIsoFast(text: string, p: DateParts): boolean {
  const len = text.length;
  if (len !== 10 && len !== 16 && len !== 19 && len !== 20 && len !== 24) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  p.y = digitsAt(text, 0, 4);
  p.mo = digitsAt(text, 5, 2);
  p.d = digitsAt(text, 8, 2);
  p.h = p.mi = p.s = p.ms = 0;
  p.offset = null;
  p.canonical = false;
  if (p.y < 0 || p.mo < 0 || p.d < 0) return false;
  if (len === 10) return true;
  const t = text.charCodeAt(10);
  if ((t !== 84 && t !== 32) || text.charCodeAt(13) !== 58) return false;
  p.h = digitsAt(text, 11, 2);
  p.mi = digitsAt(text, 14, 2);
  if (p.h < 0 || p.mi < 0) return false;
  if (len === 16) return true;
  if (text.charCodeAt(16) !== 58) return false;
  p.s = digitsAt(text, 17, 2);
  if (p.s < 0) return false;
  if (len === 19) return true;
  if (text.charCodeAt(len - 1) !== 90) return false;
  p.offset = 0;
  if (len === 20) return true;
  p.ms = text.charCodeAt(19) === 46 ? digitsAt(text, 20, 3) : -1;
  p.canonical = t === 84;
  return p.ms >= 0;
}

function readTime(m: RegExpExecArray, at: number, text: string, p: DateParts): string | null {
  p.h = p.mi = p.s = p.ms = 0;
  p.offset = null;
  p.canonical = false;
  const hour = m[at];
  if (hour === undefined) return null;
  const minute = m[at + 1];
  const meridiem = m[at + 4];
  if (minute === undefined && meridiem === undefined) return `'${text}' has an hour without minutes`;
  p.h = Number(hour);
  p.mi = minute === undefined ? 0 : Number(minute);
  p.s = m[at + 2] === undefined ? 0 : Number(m[at + 2]);
  const frac = m[at + 3];
  if (frac !== undefined) p.ms = Number(frac.length >= 3 ? frac.slice(0, 3) : frac.padEnd(3, '0'));
  if (meridiem !== undefined) {
    if (p.h < 1 || p.h > 12) return `'${text}' has hour ${p.h} with AM/PM`;
    p.h = (p.h % 12) + (meridiem === 'p' || meridiem === 'P' ? 12 : 0);
  }
  const zone = m[at + 5];
  if (zone !== undefined) {
    const c = zone.charCodeAt(0);
    if (c !== 43 && c !== 45) p.offset = 0;
    else {
      const hh = Number(zone.slice(1, 3));
      const mm = zone.length > 3 ? Number(zone.slice(-2)) : 0;
      if (hh > 14 || mm > 59) return `'${text}' has an impossible UTC offset ${zone}`;
      p.offset = (c === 45 ? -1 : 1) * (hh * 60 + mm);
    }
  }
  return null;
}

const fullYear = (y: string): number => (y.length === 2 ? Number(y) + (Number(y) < 69 ? 2000 : 1900) : Number(y));

function readMonthName(word: string, text: string, p: DateParts): string | null {
  const mo = MONTHS.get(word.toLowerCase());
  if (mo === undefined) return `'${text}' has an unknown month '${word}'`;
  p.mo = mo;
  return null;
}

/** Fills `p` from a written date; returns why it is not one, or null. */
function readDate(text: string, dayFirst: boolean, p: DateParts): string | null {
  const c0 = text.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    if (readIsoFast(text, p)) return null;
    let m = YMD_RE.exec(text);
    if (m) {
      p.y = Number(m[1]);
      p.mo = Number(m[3]);
      p.d = Number(m[4]);
      return readTime(m, 5, text, p);
    }
    m = NUM_RE.exec(text);
    if (m) {
      p.y = fullYear(m[4]!);
      p.mo = Number(dayFirst ? m[3] : m[1]);
      p.d = Number(dayFirst ? m[1] : m[3]);
      return readTime(m, 5, text, p);
    }
    m = TEXT_DMY_RE.exec(text);
    if (m) {
      p.d = Number(m[1]);
      p.y = fullYear(m[3]!);
      return readMonthName(m[2]!, text, p) ?? readTime(m, 4, text, p);
    }
    return NUMBER_RE.test(text) ? `'${text}' is a number, not a date (numbers are read as Excel dates only when the whole column is)` : `'${text}' is not a date`;
  }
  const m = TEXT_MDY_RE.exec(text) ?? TEXT_DMY_RE.exec(text);
  if (!m) return `'${text}' is not a date`;
  const dmy = /^\d/.test(m[1]!);
  p.d = Number(dmy ? m[1] : m[2]);
  p.y = fullYear(m[3]!);
  return readMonthName(dmy ? m[2]! : m[1]!, text, p) ?? readTime(m, 4, text, p);
}

function readExcel(text: string, p: DateParts): string | null {
  const serial = Number(text);
  if (serial < EXCEL_MIN || serial > EXCEL_MAX + 1) return `'${text}' is outside the Excel dates read here (1950 to 2100)`;
  const days = Math.floor(serial);
  // Excel stores the time as a fraction of a day; round to the second it was typed as.
  const wall = EXCEL_EPOCH + days * DAY_MS + Math.round((serial - days) * 86_400) * 1000;
  const date = new Date(wall);
  p.y = date.getUTCFullYear();
  p.mo = date.getUTCMonth() + 1;
  p.d = date.getUTCDate();
  p.h = date.getUTCHours();
  p.mi = date.getUTCMinutes();
  p.s = date.getUTCSeconds();
  p.ms = 0;
  p.offset = null;
  p.canonical = false;
  return null;
}

function checkParts(text: string, p: DateParts): string | null {
  if (p.y < 1000 || p.y > 9999) return `'${text}' has year ${p.y}`;
  if (p.mo < 1 || p.mo > 12) return `'${text}' has no month ${p.mo}`;
  const dim = daysInMonth(p.y, p.mo);
  if (p.d < 1 || p.d > dim) return `'${text}' is not a real date: ${MONTH_NAMES[p.mo - 1]} ${p.y} has ${dim} days`;
  if (p.h > 23 || p.mi > 59 || p.s > 59) return `'${text}' has an impossible time of day`;
  return null;
}

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Same text as Date#toISOString for years 1000-9999, at a fraction of its cost (it is per cell). */
function isoInstant(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Civil date from a day count (H. Hinnant's algorithm), in integers.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${y}-${PAD2[m]}-${PAD2[d]}T${PAD2[h]}:${PAD2[mi]}:${PAD2[sec]}.${PAD3[rest - sec * 1000]}Z`;
}

/**
 * The UTC offset (minutes) for a local wall-clock time in a zone. Most days have one offset all day,
 * so it is cached per day; on a day with a change it is cached per quarter hour (every zone changes
 * on a quarter hour). A time that does not exist (the spring-forward gap) moves forward by the gap;
 * a time that happens twice (fall back) takes the first, as Temporal's "compatible" rule does.
 */
function createWallOffsets(timeZone: string): (wallMs: number) => number {
  if (/^(?:utc|etc\/utc|gmt|etc\/gmt|z)$/i.test(timeZone)) return () => 0;
  const days = new Map<number, number>();
  const quarters = new Map<number, number>();
  return (wall) => {
    const day = Math.floor(wall / DAY_MS);
    let offset = days.get(day);
    if (offset === undefined) {
      // Instants of one local day lie within 14 h before and 12 h after its UTC day.
      const early = zoneOffsetMinutes(day * DAY_MS - 15 * HOUR_MS, timeZone);
      const late = zoneOffsetMinutes((day + 1) * DAY_MS + 13 * HOUR_MS, timeZone);
      offset = early === late ? early : NaN;
      if (days.size >= 100_000) days.clear();
      days.set(day, offset);
    }
    if (!Number.isNaN(offset)) return offset;
    const key = Math.floor(wall / 900_000);
    offset = quarters.get(key);
    if (offset === undefined) {
      offset = transitionOffset(wall, timeZone);
      quarters.set(key, offset);
    }
    return offset;
  };
}

function transitionOffset(wall: number, timeZone: string): number {
  const before = zoneOffsetMinutes(wall - DAY_MS, timeZone);
  const after = zoneOffsetMinutes(wall + DAY_MS, timeZone);
  const fitsBefore = zoneOffsetMinutes(wall - before * 60_000, timeZone) === before;
  const fitsAfter = zoneOffsetMinutes(wall - after * 60_000, timeZone) === after;
  // Both fit: the repeated hour, and the larger offset is the earlier instant. Neither: the gap.
  if (fitsBefore && fitsAfter) return Math.max(before, after);
  return fitsAfter ? after : before;
}

export interface DateParserOptions {
  format: DateFormat;
  /** IANA zone for local times without an offset (the workspace's). */
  timeZone: string;
  /** 'datetime' returns an ISO UTC instant; 'date' returns the written calendar day (YYYY-MM-DD). */
  kind: 'date' | 'datetime';
}

/**
 * A parser for one column. It accepts every supported shape, so a stray ISO value in a US column
 * still reads; the column's format decides day/month order and whether plain numbers are Excel dates.
 * A date-only field keeps the day as written, ignoring any time and zone: a "2026-03-05T00:00:00Z"
 * birthday is the 5th, not the 4th in New York.
 */
export function createDateParser(options: DateParserOptions): (value: string) => ParseResult<string | null> {
  const { format, kind } = options;
  const dayFirst = format === 'dmy';
  const wallOffset = createWallOffsets(options.timeZone);
  const p: DateParts = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, ms: 0, offset: null, canonical: false };
  const memo = new Map<string, ParseResult<string | null>>();
  const convert = (text: string): ParseResult<string | null> => {
    const reason = (format === 'excel' && NUMBER_RE.test(text) ? readExcel(text, p) : readDate(text, dayFirst, p)) ?? checkParts(text, p);
    if (reason !== null) return fail(reason);
    if (kind === 'date') return { ok: true, value: `${p.y}-${PAD2[p.mo]}-${PAD2[p.d]}` };
    if (p.canonical) return { ok: true, value: text };
    const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
    const offset = p.offset ?? wallOffset(wall);
    return { ok: true, value: isoInstant(wall - offset * 60_000) };
  };
  return (value) => {
    const text = value.trim();
    if (text === '') return EMPTY;
    // Timestamps rarely repeat, so only short (day-only) values are remembered.
    if (text.length > 11) return convert(text);
    let result = memo.get(text);
    if (result === undefined) {
      result = convert(text);
      if (memo.size < MEMO_LIMIT) memo.set(text, result);
    }
    return result;
  };
}

/** One-off parse (no caching across calls); use createDateParser for a column. */
export function parseDateValue(value: string, options: DateParserOptions): ParseResult<string | null> {
  return createDateParser(options)(value);
}

type Shape = 'iso' | 'ymd' | 'num' | 'text' | 'number' | 'other';
const SHAPE_YMD = /^\d{4}([-/.])\d{1,2}\1\d{1,2}(?!\d)/;
const SHAPE_NUM = /^(\d{1,2})([-/.])(\d{1,2})\2(?:\d{4}|\d{2})(?!\d)/;

function shapeOf(text: string): Shape {
  const ymd = SHAPE_YMD.exec(text);
  if (ymd) return ymd[1] === '-' ? 'iso' : 'ymd';
  if (SHAPE_NUM.test(text)) return 'num';
  if (NUMBER_RE.test(text)) return 'number';
  return TEXT_MDY_RE.test(text) || TEXT_DMY_RE.test(text) ? 'text' : 'other';
}

/**
 * Decide one date format for a column from its values. Day/month order is settled by any value
 * whose first part is above 12 (day first) or whose second part is (month first); when none is,
 * `prefer` (default month first) is assumed and the guess says so.
 */
export function detectDateFormat(samples: readonly string[], options: { prefer?: 'mdy' | 'dmy' } = {}): DateFormatGuess {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return { format: 'iso', assumed: true, reason: 'The column is empty; ISO dates (YYYY-MM-DD) assumed.' };
  const counts: Record<Shape, number> = { iso: 0, ymd: 0, num: 0, text: 0, number: 0, other: 0 };
  for (const v of values) counts[shapeOf(v)]++;
  if (counts.number === values.length) return detectExcel(values);
  const ranked = (['iso', 'ymd', 'num', 'text'] as const).filter((s) => counts[s] > 0).sort((a, b) => counts[b] - counts[a]);
  const top = ranked[0];
  if (top === undefined) return { format: 'iso', assumed: true, reason: `No value looks like a date (e.g. '${values[0]}'); ISO dates assumed.` };
  const mixed = ranked.length > 1 ? ` (${counts[top]} of ${values.length} values; the others are read too)` : '';
  if (top === 'iso') return { format: 'iso', assumed: false, reason: `Dates are written year first, e.g. '${firstOf(values, 'iso')}'${mixed}.` };
  if (top === 'ymd') return { format: 'ymd', assumed: false, reason: `Dates are written year first, e.g. '${firstOf(values, 'ymd')}'${mixed}.` };
  if (top === 'text') return { format: 'text-month', assumed: false, reason: `Dates name the month, e.g. '${firstOf(values, 'text')}'${mixed}.` };
  return detectDayMonth(values.filter((v) => shapeOf(v) === 'num'), options.prefer ?? 'mdy');
}

const firstOf = (values: readonly string[], shape: Shape): string => values.find((v) => shapeOf(v) === shape) ?? '';

function detectExcel(values: readonly string[]): DateFormatGuess {
  const outside = values.find((v) => Number(v) < EXCEL_MIN || Number(v) > EXCEL_MAX + 1);
  if (outside !== undefined) return { format: 'excel', assumed: true, reason: `The values are numbers, but '${outside}' is outside the Excel dates read here (1950 to 2100); they may not be dates.` };
  return { format: 'excel', assumed: true, reason: `Every value is a number in the Excel date range, so they are read as Excel serial dates (e.g. '${values[0]}').` };
}

function detectDayMonth(values: readonly string[], prefer: 'mdy' | 'dmy'): DateFormatGuess {
  let dayFirst: string | undefined;
  let monthFirst: string | undefined;
  let dayVotes = 0;
  let monthVotes = 0;
  let dotted = 0;
  for (const v of values) {
    const m = SHAPE_NUM.exec(v)!;
    if (m[2] === '.') dotted++;
    if (Number(m[1]) > 12) {
      dayVotes++;
      dayFirst ??= v;
    } else if (Number(m[3]) > 12) {
      monthVotes++;
      monthFirst ??= v;
    }
  }
  if (dayFirst !== undefined && monthFirst !== undefined) {
    const format = dayVotes >= monthVotes ? 'dmy' : 'mdy';
    const side = format === 'dmy' ? 'day-first' : 'month-first';
    return { format, assumed: true, reason: `Some dates are day first ('${dayFirst}') and some month first ('${monthFirst}'); ${side} assumed as the more common (${Math.max(dayVotes, monthVotes)} values).` };
  }
  if (dayFirst !== undefined) return { format: 'dmy', assumed: false, reason: `'${dayFirst}' can only be day first (there is no month ${Number(SHAPE_NUM.exec(dayFirst)![1])}), so dates are DD/MM/YYYY.` };
  if (monthFirst !== undefined) return { format: 'mdy', assumed: false, reason: `'${monthFirst}' can only be month first (there is no month ${Number(SHAPE_NUM.exec(monthFirst)![3])}), so dates are MM/DD/YYYY.` };
  if (dotted === values.length) return { format: 'dmy', assumed: true, reason: `Every date fits both orders; dots (e.g. '${values[0]}') are the European style, so day first is assumed.` };
  const label = prefer === 'dmy' ? 'day first (DD/MM/YYYY)' : 'month first (MM/DD/YYYY)';
  return { format: prefer, assumed: true, reason: `Every date fits both orders (e.g. '${values[0]}'); ${label} is assumed.` };
}

// --- Money ------------------------------------------------------------------------------------

export type MoneyResult = { ok: true; value: number | null; currency: string | null } | { ok: false; reason: string };
export type DecimalSeparator = '.' | ',';
export interface MoneyOptions {
  /** The column's decimal separator (see detectDecimalSeparator); without it each value is judged alone. */
  decimal?: DecimalSeparator;
}

const EMPTY_MONEY: MoneyResult = Object.freeze({ ok: true, value: null, currency: null });
// Groups: sign, prefix (symbol or code), sign, number, suffix, trailing sign.
const MONEY_RE = /^([-−+]?)\s*([a-z]{3}(?![a-z])|[a-z]{0,2}\$|[€£¥₹])?\s*([-−+]?)\s*(\d[\d.,'’\s]*|[.,]\d+)?\s*([€£¥₹]|[a-z]{3})?\s*(-?)$/iu;
const SYMBOLS: Record<string, string> = { $: 'USD', US$: 'USD', A$: 'AUD', AU$: 'AUD', C$: 'CAD', CA$: 'CAD', NZ$: 'NZD', HK$: 'HKD', S$: 'SGD', R$: 'BRL', MX$: 'MXN', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const MAX_CENTS_DIGITS = 15;

/** Cents for plain "1234", "1234.5", "1234.56" (the usual machine export), or -1 to take the long way. */
function plainCents(text: string, decimal: number): number {
  const len = text.length;
  if (len > MAX_CENTS_DIGITS) return -1;
  let n = 0;
  let fraction = -1;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === decimal && fraction < 0 && i > 0 && i < len - 1) fraction = 0;
    else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      if (fraction >= 0 && ++fraction > 2) return -1;
    } else return -1;
  }
  return fraction <= 0 ? n * 100 : fraction === 1 ? n * 10 : n;
}

function currencyOf(token: string | undefined, text: string): string | null | { reason: string } {
  if (token === undefined) return null;
  const symbol = SYMBOLS[token.toUpperCase()];
  if (symbol !== undefined) return symbol;
  const code = token.toUpperCase();
  if (code.length === 3 && CURRENCY_CODES.has(code)) return code;
  return { reason: `'${text}' has an unknown currency '${token}'` };
}

/** The decimal separator of one number body, when the column does not say. */
function guessDecimal(body: string): DecimalSeparator {
  const dot = body.lastIndexOf('.');
  const comma = body.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ',';
  if (comma >= 0 && body.indexOf(',') === comma && body.length - comma - 1 <= 2) return ',';
  if (dot >= 0 && body.indexOf('.') !== dot) return ',';
  return '.';
}

const isGroupSeparator = (c: number): boolean => c === 46 || c === 44 || c === 39 || c === 0x2019 || c === 32 || c === 0xa0 || c === 0x202f;

/**
 * Exact cents from a number body, by counting digits (never floating point). Thousands groups
 * are checked: 1-3 leading digits, groups of 3 (Indian 2s allowed inside), the last one 3.
 */
function bodyCents(body: string, decimal: DecimalSeparator, text: string): number | string {
  const dec = decimal.charCodeAt(0);
  let n = 0;
  let digits = 0;
  let fraction = -1;
  let group = 0;
  let groups = 0;
  let grouped = true;
  let extra = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (fraction >= 0 && ++fraction > 2) {
        extra ||= c !== 48;
        continue;
      }
      if (fraction < 0) group++;
      n = n * 10 + (c - 48);
      digits++;
    } else if (fraction >= 0) {
      return c === dec ? `'${text}' has more than one decimal separator '${decimal}'` : `'${text}' is not an amount`;
    } else if (c === dec) {
      fraction = 0;
      if (groups > 0 && group !== 3) grouped = false;
    } else if (isGroupSeparator(c)) {
      if (groups === 0 ? group < 1 || group > 3 : group < 2 || group > 3) grouped = false;
      groups++;
      group = 0;
    } else return `'${text}' is not an amount`;
  }
  if (fraction < 0 && groups > 0 && group !== 3) grouped = false;
  if (!grouped) return `'${text}' is not an amount: its digits are not grouped in thousands`;
  if (digits === 0) return `'${text}' has no digits`;
  if (extra) {
    const hint = decimal === '.' && fraction === 3 && groups === 0 ? "; if '.' separates thousands in this column, set its decimal separator to ','" : '';
    return `'${text}' has more than two decimal places${hint}`;
  }
  if (digits > MAX_CENTS_DIGITS) return `'${text}' is too large an amount`;
  return fraction <= 0 ? n * 100 : fraction === 1 ? n * 10 : n;
}

/**
 * Integer cents and the currency written with them: "$1,234.50" -> 123450 USD, "1.234,50 €" ->
 * 123450 EUR, "(12.00)" -> -1200, "" -> null. A lone "$" reads as USD.
 */
export function parseMoney(input: string, options: MoneyOptions = {}): MoneyResult {
  const text = input.trim();
  if (text === '') return EMPTY_MONEY;
  const plain = plainCents(text, options.decimal === ',' ? 44 : 46);
  if (plain >= 0) return { ok: true, value: plain, currency: null };
  let inner = text;
  let negative = false;
  if (inner.startsWith('(') && inner.endsWith(')')) {
    negative = true;
    inner = inner.slice(1, -1).trim();
  }
  const m = MONEY_RE.exec(inner);
  if (!m || m[4] === undefined) return fail(`'${text}' is not an amount`);
  const prefix = currencyOf(m[2], text);
  const suffix = currencyOf(m[5], text);
  if (prefix !== null && typeof prefix === 'object') return fail(prefix.reason);
  if (suffix !== null && typeof suffix === 'object') return fail(suffix.reason);
  if (prefix !== null && suffix !== null && prefix !== suffix) return fail(`'${text}' names two currencies, ${prefix} and ${suffix}`);
  const signs = [m[1], m[3], m[6]].filter((s) => s === '-' || s === '−').length;
  if (signs > 1 || (signs === 1 && negative)) return fail(`'${text}' has more than one minus sign`);
  const body = m[4].trim();
  const cents = bodyCents(body, options.decimal ?? guessDecimal(body), text);
  if (typeof cents === 'string') return fail(cents);
  const sign = negative || signs === 1 ? -1 : 1;
  return { ok: true, value: cents === 0 ? 0 : sign * cents, currency: prefix ?? suffix };
}

export interface DecimalGuess {
  separator: DecimalSeparator;
  assumed: boolean;
  reason: string;
}

/** The column's decimal separator: "12,50" or "1.234,50" say comma; "12.50" or "1,234.50" say point. */
export function detectDecimalSeparator(samples: readonly string[]): DecimalGuess {
  let comma: string | undefined;
  let point: string | undefined;
  let commaVotes = 0;
  let pointVotes = 0;
  for (const sample of samples) {
    const body = sample.replace(/[^\d.,]/g, '');
    const dot = body.lastIndexOf('.');
    const com = body.lastIndexOf(',');
    let vote: DecimalSeparator | null = null;
    if (dot >= 0 && com >= 0) vote = dot > com ? '.' : ',';
    else if (com >= 0) vote = body.indexOf(',') !== com ? '.' : body.length - com - 1 === 3 ? null : ',';
    else if (dot >= 0) vote = body.indexOf('.') !== dot ? ',' : body.length - dot - 1 === 3 ? null : '.';
    if (vote === ',') {
      commaVotes++;
      comma ??= sample.trim();
    } else if (vote === '.') {
      pointVotes++;
      point ??= sample.trim();
    }
  }
  if (commaVotes > pointVotes) {
    const conflict = point === undefined ? '' : ` (though '${point}' reads point-first)`;
    return { separator: ',', assumed: point !== undefined, reason: `'${comma}' uses a decimal comma${conflict}.` };
  }
  if (pointVotes > 0) {
    const conflict = comma === undefined ? '' : ` (though '${comma}' reads comma-first)`;
    return { separator: '.', assumed: comma !== undefined || pointVotes === commaVotes, reason: `'${point}' uses a decimal point${conflict}.` };
  }
  return { separator: '.', assumed: true, reason: 'No amount shows its decimal separator; a decimal point is assumed.' };
}

// --- Whole numbers, durations, booleans -----------------------------------------------------

/** "3", "1,200", "2.0" -> a whole number; "2.5" and "abc" are refused. */
export function parseInteger(input: string, bounds: { min?: number; max?: number } = {}): ParseResult<number | null> {
  const text = input.trim();
  if (text === '') return EMPTY;
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.0{1,2})?$/.exec(text);
  if (!m) return fail(/^[+-]?\d+[.,]\d+$/.test(text) ? `'${text}' is not a whole number` : `'${text}' is not a number`);
  const n = Number(m[2]!.replace(/,/g, '')) * (m[1] === '-' ? -1 : 1);
  if (!Number.isSafeInteger(n)) return fail(`'${text}' is too large`);
  if (bounds.min !== undefined && n < bounds.min) return fail(`'${text}' is below ${bounds.min}`);
  if (bounds.max !== undefined && n > bounds.max) return fail(`'${text}' is above ${bounds.max}`);
  return { ok: true, value: n };
}

const DURATION_RE = /^(?:\d+(?:\.\d+)?\s*[a-z]+\s*)+$/;
const DURATION_PART_RE = /(\d+(?:\.\d+)?)\s*([a-z]+)/g;
const DURATION_UNITS: Record<string, number> = { h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, s: 1, sec: 1, secs: 1, second: 1, seconds: 1 };

/**
 * A duration in `unit`: a plain number is already in it; "1:02:03" is h:mm:ss; a two-part "12:34"
 * is m:ss for seconds and h:mm for minutes; "1h 30m", "90 min", "45s" are read by their units.
 */
export function parseDuration(input: string, unit: 'seconds' | 'minutes'): ParseResult<number | null> {
  const text = input.trim();
  if (text === '') return EMPTY;
  const per = unit === 'seconds' ? 1 : 60;
  let seconds: number;
  const colon = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (/^\d+$/.test(text)) seconds = Number(text) * per;
  else if (colon) {
    const [a, b, c] = [Number(colon[1]), Number(colon[2]), colon[3] === undefined ? null : Number(colon[3])];
    seconds = c !== null ? a * 3600 + b * 60 + c : unit === 'seconds' ? a * 60 + b : a * 3600 + b * 60;
  } else {
    const lower = text.toLowerCase();
    if (!DURATION_RE.test(lower)) return fail(`'${text}' is not a duration`);
    seconds = 0;
    for (const part of lower.matchAll(DURATION_PART_RE)) {
      const factor = DURATION_UNITS[part[2]!];
      if (factor === undefined) return fail(`'${text}' has an unknown unit '${part[2]}'`);
      seconds += Number(part[1]) * factor;
    }
  }
  return { ok: true, value: Math.round(seconds / per) };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 't', 'x', 'checked', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'f', 'unchecked', 'off']);

export function parseBoolean(input: string): ParseResult<boolean | null> {
  const word = input.trim().toLowerCase();
  if (word === '') return EMPTY;
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return fail(`'${input.trim()}' is not yes or no`);
}

// --- Value maps and enums --------------------------------------------------------------------

/** How enum values and value-map keys compare: case, spaces, dashes and underscores do not count. */
export function normalizeEnumKey(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface EnumMapperOptions {
  /** Source value -> stored value; null means "says nothing": the cell counts as blank. */
  valueMap?: Readonly<Record<string, string | null>>;
  /** The stored values of an enum field; a value outside them (after the map) is refused. */
  allowed?: readonly string[];
}

/**
 * A value map as a per-column lookup: the stored value, null for "says nothing" (treat the cell as
 * blank), or undefined when the map has no entry for the value. Keys compare by normalizeEnumKey.
 */
export function compileValueMap(map: Readonly<Record<string, string | null>>): (value: string) => string | null | undefined {
  const lookup = new Map<string, string | null>();
  for (const [from, to] of Object.entries(map)) lookup.set(normalizeEnumKey(from), to);
  const memo = new Map<string, string | null | undefined>();
  return (value) => {
    if (memo.has(value)) return memo.get(value);
    const hit = lookup.get(normalizeEnumKey(value));
    if (memo.size < MEMO_LIMIT) memo.set(value, hit);
    return hit;
  };
}

/**
 * A per-column mapper: the value map first, then the allowed values ("Closed Won" -> closed_won).
 * Without `allowed`, an unmapped value is kept as written (free-text fields like billing status).
 */
export function createEnumMapper(options: EnumMapperOptions): (value: string) => ParseResult<string | null> {
  const allowed = new Map((options.allowed ?? []).map((v) => [normalizeEnumKey(v), v]));
  const mapped = compileValueMap(options.valueMap ?? {});
  const allowedList = options.allowed?.join(', ');
  const memo = new Map<string, ParseResult<string | null>>();
  const map = (text: string): ParseResult<string | null> => {
    const fromMap = mapped(text);
    const hit = fromMap !== undefined ? fromMap : allowed.get(normalizeEnumKey(text));
    if (hit !== undefined) return hit === null ? EMPTY : { ok: true, value: hit };
    if (allowedList === undefined) return { ok: true, value: text };
    return fail(`'${text}' is not one of: ${allowedList}`);
  };
  return (value) => {
    let result = memo.get(value);
    if (result !== undefined) return result;
    const text = value.trim();
    result = text === '' ? EMPTY : map(text);
    if (memo.size < MEMO_LIMIT) memo.set(value, result);
    return result;
  };
}

// --- Names ---------------------------------------------------------------------------------

/** First and last name from the mapped columns, splitting the full name only when both are blank. */
export function personName(firstName: string | null | undefined, lastName: string | null | undefined, fullName: string | null | undefined): SplitName {
  const first = (firstName ?? '').trim();
  const last = (lastName ?? '').trim();
  if (first !== '' || last !== '') return { firstName: first, lastName: last };
  return splitFullName(fullName);
}
