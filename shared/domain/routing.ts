// Appointment routing (Step 6, seed 002's appointment_routing_rules): a lead's product type and
// zip pick the first matching active rule (lower priority number first, then the older rule), the
// rule names a team, and a rep of that team is chosen by weighted round robin among those who are
// working at the requested time, under their daily cap and free of an overlapping appointment.
// Otherwise the fallback owner takes it, or it waits unrouted with the reason. Pure and
// deterministic: the same inputs give the same decision, with every rule and rep considered and why.
import { localDay } from './dates';

export interface RoutingRule {
  id: string;
  name: string;
  /** Lead types the rule takes; empty takes any. */
  productTypes: readonly string[];
  /** "10001" exact, "100*" prefix, "10001-10099" range, "10001,10002" list; empty takes any zip. */
  zipPatterns: readonly string[];
  /** Lower first. */
  priority: number;
  isActive: boolean;
  /** The team whose reps take the rule's leads; null: every rep. */
  targetTeam: string | null;
  /** Ties on priority go to the older rule. */
  createdAt: string;
}

export interface WorkingHours {
  /** 0 = Sunday … 6 = Saturday, in the rep's zone. */
  days: readonly number[];
  /** "09:00" */
  start: string;
  /** "17:00" (exclusive end of the last appointment) */
  end: string;
}

export interface RoutingRep {
  id: string;
  name: string;
  team: string | null;
  /** Share of the rotation (> 0). */
  weight: number;
  /** Most appointments a local day; null: no cap. */
  dailyCap: number | null;
  hours: WorkingHours | null;
  timeZone: string;
}

export interface BookedSlot {
  repId: string;
  start: string;
  durationMinutes: number;
}

export interface RoutingInput {
  lead: { productType: string; zip: string };
  request: { start: string; durationMinutes: number };
  rules: readonly RoutingRule[];
  reps: readonly RoutingRep[];
  /** The reps' appointments that hold their time (scheduled, confirmed). */
  booked: readonly BookedSlot[];
  /** Leads each rep has been given so far in this rotation: the round robin's state. */
  assigned: Readonly<Record<string, number>>;
  fallbackOwnerId: string | null;
}

export interface RuleVerdict {
  id: string;
  name: string;
  matched: boolean;
  why: string;
}

export interface RepVerdict {
  id: string;
  name: string;
  chosen: boolean;
  why: string;
}

export interface RoutingDecision {
  status: 'routed' | 'fallback' | 'unrouted';
  ruleId: string | null;
  repId: string | null;
  /** One sentence a rep reads: why this rep (or why nobody). */
  reason: string;
  rules: RuleVerdict[];
  reps: RepVerdict[];
}

// ---- zip patterns ------------------------------------------------------------------------------

type ZipTest = (zip: string) => boolean;

/** One part of a pattern: a whole zip, the start of zips (100*), or same-length digit zips lo–hi. */
export type ZipPart = { kind: 'exact'; zip: string } | { kind: 'prefix'; prefix: string } | { kind: 'range'; lo: string; hi: string };

/**
 * A pattern's parts, or an error message naming what is wrong with it. Letters are upper-cased:
 * patterns compare against normalizeZip's output, which is upper case ("sw1a*" takes SW1A 1AA).
 */
export function parseZipPattern(pattern: string): ZipPart[] | { error: string } {
  const parts = pattern.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { error: 'empty zip pattern' };
  const out: ZipPart[] = [];
  for (const p of parts) {
    let m: RegExpMatchArray | null;
    if (/^[0-9A-Za-z]+$/.test(p)) out.push({ kind: 'exact', zip: p.toUpperCase() });
    else if ((m = p.match(/^([0-9A-Za-z]+)\*$/))) out.push({ kind: 'prefix', prefix: m[1]!.toUpperCase() });
    else if ((m = p.match(/^(\d+)\s*-\s*(\d+)$/))) {
      const [lo, hi] = [m[1]!, m[2]!];
      if (lo.length !== hi.length) return { error: `"${p}": both ends of a range need the same number of digits` };
      if (lo > hi) return { error: `"${p}": the range starts after it ends` };
      out.push({ kind: 'range', lo, hi });
    } else return { error: `"${p}" is not a zip, a prefix (100*), a range (10001-10099) or a list` };
  }
  return out;
}

const DIGITS = /^\d+$/;

/** Whether a normalized zip falls in one part of a pattern. */
export function zipPartMatches(part: ZipPart, z: string): boolean {
  if (part.kind === 'exact') return z === part.zip;
  if (part.kind === 'prefix') return z.startsWith(part.prefix);
  return z.length === part.lo.length && DIGITS.test(z) && z >= part.lo && z <= part.hi;
}

/** A pattern as a test, or an error message naming what is wrong with it. */
export function compileZipPattern(pattern: string): ZipTest | { error: string } {
  const parts = parseZipPattern(pattern);
  if (!Array.isArray(parts)) return parts;
  return (z) => parts.some((part) => zipPartMatches(part, z));
}

/** The leading 5 digits of a US ZIP+4, else the trimmed text: what patterns compare against. */
export function normalizeZip(zip: string): string {
  const t = zip.trim().toUpperCase();
  const us = t.match(/^(\d{5})(?:-\d{4})?$/);
  return us ? us[1]! : t.replace(/\s+/g, '');
}

// ---- time --------------------------------------------------------------------------------------

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function localClock(iso: string, timeZone: string): { day: number; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { day: WEEKDAY[parts.weekday!]!, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Why a rep can't take an appointment at `start` for `durationMinutes` by their working hours
 * ("does not work on Sat", "works 09:00–17:00 (America/Chicago)"), or null when they can or keep
 * no hours. Routing skips such reps; a manual reschedule or reassign is warned.
 */
export function outsideHours(rep: Pick<RoutingRep, 'hours' | 'timeZone'>, start: string, durationMinutes: number): string | null {
  if (!rep.hours) return null;
  const { day, minutes } = localClock(start, rep.timeZone);
  const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  if (!rep.hours.days.includes(day)) return `does not work on ${names[day]}`;
  if (minutes < toMinutes(rep.hours.start) || minutes + durationMinutes > toMinutes(rep.hours.end)) {
    return `works ${rep.hours.start}–${rep.hours.end} (${rep.timeZone})`;
  }
  return null;
}

const overlaps = (a: number, aMin: number, b: number, bMin: number) => a < b + bMin * 60_000 && b < a + aMin * 60_000;

// ---- the decision ------------------------------------------------------------------------------

function ruleVerdict(rule: RoutingRule, productType: string, zip: string): RuleVerdict {
  const base = { id: rule.id, name: rule.name };
  if (!rule.isActive) return { ...base, matched: false, why: 'inactive' };
  if (rule.productTypes.length > 0 && !rule.productTypes.includes(productType)) {
    return { ...base, matched: false, why: `takes ${rule.productTypes.join(', ')}, not ${productType || 'a lead without a type'}` };
  }
  if (rule.zipPatterns.length > 0) {
    const hit = rule.zipPatterns.find((p) => {
      const t = compileZipPattern(p);
      return typeof t === 'function' && t(zip);
    });
    if (!hit) return { ...base, matched: false, why: `zip ${zip || '(none)'} is outside ${rule.zipPatterns.join('; ')}` };
    return { ...base, matched: true, why: `${productType || 'any type'} in ${hit}` };
  }
  return { ...base, matched: true, why: rule.productTypes.length ? `takes ${productType}, any zip` : 'takes every lead' };
}

/** The rotation's count for a rep; own keys only, so a rep id like "constructor" reads 0, not Object's. */
export function assignedTo(assigned: Readonly<Record<string, number>>, repId: string): number {
  return Object.hasOwn(assigned, repId) ? (assigned[repId] ?? 0) : 0;
}

/** Rules in the order they are tried. */
export function orderRules(rules: readonly RoutingRule[]): RoutingRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

export function routeLead(input: RoutingInput): RoutingDecision {
  const zip = normalizeZip(input.lead.zip);
  const rules: RuleVerdict[] = [];
  let rule: RoutingRule | null = null;
  let ruleWhy = '';
  for (const r of orderRules(input.rules)) {
    if (rule) {
      rules.push({ id: r.id, name: r.name, matched: false, why: 'not tried: an earlier rule matched' });
      continue;
    }
    const v = ruleVerdict(r, input.lead.productType, zip);
    rules.push(v);
    if (v.matched) [rule, ruleWhy] = [r, v.why];
  }
  const start = Date.parse(input.request.start);
  const minutes = input.request.durationMinutes;
  const reps: RepVerdict[] = [];
  let best: { rep: RoutingRep; load: number; verdict: RepVerdict } | null = null;
  const team = rule?.targetTeam ?? null;
  for (const rep of input.reps) {
    const skip = (why: string) => reps.push({ id: rep.id, name: rep.name, chosen: false, why });
    if (!rule) break;
    if (team !== null && rep.team !== team) {
      skip(`not in ${team}`);
      continue;
    }
    if (!(rep.weight > 0)) {
      skip('weight 0: out of the rotation');
      continue;
    }
    const off = outsideHours(rep, input.request.start, minutes);
    if (off) {
      skip(off);
      continue;
    }
    const mine = input.booked.filter((b) => b.repId === rep.id);
    if (mine.some((b) => overlaps(start, minutes, Date.parse(b.start), b.durationMinutes))) {
      skip('already booked at that time');
      continue;
    }
    if (rep.dailyCap !== null) {
      const day = localDay(input.request.start, rep.timeZone);
      const that = mine.filter((b) => localDay(b.start, rep.timeZone) === day).length;
      if (that >= rep.dailyCap) {
        skip(`at the daily cap (${that} of ${rep.dailyCap} on ${day})`);
        continue;
      }
    }
    // Weighted round robin: the rep furthest below their share goes next.
    const given = assignedTo(input.assigned, rep.id);
    const load = (given + 1) / rep.weight;
    const verdict: RepVerdict = { id: rep.id, name: rep.name, chosen: false, why: `available, ${given} assigned at weight ${rep.weight}` };
    if (!best || load < best.load || (load === best.load && rep.id < best.rep.id)) best = { rep, load, verdict };
    reps.push(verdict);
  }
  if (rule && best) {
    best.verdict.chosen = true;
    best.verdict.why = `next in the rotation: ${best.verdict.why}`;
    return { status: 'routed', ruleId: rule.id, repId: best.rep.id, reason: `${rule.name} (${ruleWhy}) → ${best.rep.name}, next in the rotation`, rules, reps };
  }
  const why = rule ? `${rule.name} matched, but no rep${team ? ` of ${team}` : ''} can take it at that time` : 'no active rule matches';
  if (input.fallbackOwnerId) {
    return { status: 'fallback', ruleId: rule?.id ?? null, repId: input.fallbackOwnerId, reason: `${why}: the fallback owner takes it`, rules, reps };
  }
  return { status: 'unrouted', ruleId: rule?.id ?? null, repId: null, reason: `${why}, and there is no fallback owner`, rules, reps };
}
