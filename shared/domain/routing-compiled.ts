// Routing compiled once (Step 6): the same decisions as routeLead, for booking many leads against
// one rule set. Rules are indexed by product type and zip so the first match is found without
// trying all of them, local times come from zone offsets cached per hour instead of Intl calls,
// and each rep's calendar is a sorted array. routeLead stays the reference: for any input,
// route() gives the same status, rule, rep and reason (tests/unit/routing-compiled.test.ts).
import { localDay } from './dates';
import { assignedTo, compileZipPattern, normalizeZip, orderRules, parseZipPattern, routeLead } from './routing';
import type { BookedSlot, RoutingDecision, RoutingRep, RoutingRule, ZipPart } from './routing';

export type RouteResult = Pick<RoutingDecision, 'status' | 'ruleId' | 'repId' | 'reason'>;
export interface RouteLead {
  productType: string;
  zip: string;
}
export interface RouteRequest {
  start: string;
  durationMinutes: number;
}

/** The calendars and rotation counts routing reads and commit() advances; made by createState. */
export interface RoutingState {
  /** Every slot held: the ones given, then each commit's. */
  booked(): BookedSlot[];
  assigned(): Record<string, number>;
}

export interface Router {
  /** The rules in the order they are tried. */
  readonly rules: readonly RoutingRule[];
  readonly reps: readonly RoutingRep[];
  readonly fallbackOwnerId: string | null;
  createState(booked: readonly BookedSlot[], assigned: Readonly<Record<string, number>>): RoutingState;
  /** The first active rule that takes the lead, as routeLead would pick it. */
  matchRule(lead: RouteLead): RoutingRule | null;
  route(lead: RouteLead, request: RouteRequest, state: RoutingState): RouteResult;
  /** Records the booking a decision makes: the slot on the rep's calendar, and a turn of the rotation if routed. */
  commit(state: RoutingState, decision: RouteResult, request: RouteRequest): void;
  /** The full decision with every rule and rep explained (routeLead on the state's inputs). */
  explain(lead: RouteLead, request: RouteRequest, state: RoutingState): RoutingDecision;
}

export interface RouterConfig {
  rules: readonly RoutingRule[];
  reps: readonly RoutingRep[];
  fallbackOwnerId: string | null;
}

const NONE = 0x7fffffff;
const DIGITS = /^\d+$/;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// ---- the rule index ----------------------------------------------------------------------------

/** Same-length digit ranges as disjoint segments, each holding the first rule that covers it. */
interface RangeTable {
  points: Float64Array;
  first: Int32Array;
}

function rangeTable(ranges: readonly { lo: number; hi: number; order: number }[]): RangeTable {
  const points = Float64Array.from(new Set(ranges.flatMap((r) => [r.lo, r.hi + 1]))).sort();
  const first = new Int32Array(points.length).fill(NONE);
  // Rules arrive in try order; each paints only the segments no earlier rule holds.
  const next = Int32Array.from({ length: points.length + 1 }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (next[root] !== root) root = next[root]!;
    while (i !== root) {
      const up = next[i]!;
      next[i] = root;
      i = up;
    }
    return root;
  };
  for (const r of ranges) {
    const end = lowerBound(points, r.hi + 1);
    for (let i = find(lowerBound(points, r.lo)); i < end; i = find(i)) {
      first[i] = r.order;
      next[i] = i + 1;
    }
  }
  return { points, first };
}

function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rules of one product-type bucket by zip; `first(zip)` is the lowest try-order index, or NONE. */
class ZipIndex {
  private exact = new Map<string, number>();
  private prefixes = new Map<number, Map<string, number>>();
  private prefixLengths: number[] = [];
  private pending = new Map<number, { lo: string; hi: string; order: number }[]>();
  private tables = new Map<number, RangeTable>();
  /** Ranges too long for exact doubles (over 15 digits), tried one by one. */
  private longRanges = new Map<number, { lo: string; hi: string; order: number }[]>();
  private anyZip = NONE;

  /** Called in try order, so the first rule to claim a key keeps it. */
  add(part: ZipPart | null, order: number): void {
    if (!part) this.anyZip = Math.min(this.anyZip, order);
    else if (part.kind === 'exact') {
      if (!this.exact.has(part.zip)) this.exact.set(part.zip, order);
    } else if (part.kind === 'prefix') {
      let byPrefix = this.prefixes.get(part.prefix.length);
      if (!byPrefix) this.prefixes.set(part.prefix.length, (byPrefix = new Map()));
      if (!byPrefix.has(part.prefix)) byPrefix.set(part.prefix, order);
    } else {
      const list = this.pending.get(part.lo.length) ?? [];
      this.pending.set(part.lo.length, list);
      list.push({ lo: part.lo, hi: part.hi, order });
    }
  }

  build(): void {
    this.prefixLengths = [...this.prefixes.keys()].sort((a, b) => a - b);
    for (const [length, list] of this.pending) {
      if (length > 15) this.longRanges.set(length, list);
      else this.tables.set(length, rangeTable(list.map((r) => ({ lo: Number(r.lo), hi: Number(r.hi), order: r.order }))));
    }
    this.pending.clear();
  }

  first(zip: string): number {
    let best = Math.min(this.anyZip, this.exact.get(zip) ?? NONE);
    for (const length of this.prefixLengths) {
      if (length > zip.length) break;
      const hit = this.prefixes.get(length)!.get(zip.slice(0, length));
      if (hit !== undefined && hit < best) best = hit;
    }
    const table = this.tables.get(zip.length);
    if (table && DIGITS.test(zip)) {
      const k = lowerBound(table.points, Number(zip) + 1) - 1;
      if (k >= 0 && table.first[k]! < best) best = table.first[k]!;
    }
    const long = this.longRanges.get(zip.length);
    if (long && DIGITS.test(zip)) {
      for (const r of long) if (r.order < best && zip >= r.lo && zip <= r.hi) best = r.order;
    }
    return best;
  }
}

interface CompiledRule {
  rule: RoutingRule;
  /** Patterns in the rule's order with their tests (null: an unreadable pattern, which never matches); null: any zip. */
  tests: { pattern: string; test: ((zip: string) => boolean) | null }[] | null;
}

/** The verdict's "why" for a rule that matched, worded as routeLead words it. */
function matchedWhy(c: CompiledRule, productType: string, zip: string): string {
  if (!c.tests) return c.rule.productTypes.length ? `takes ${productType}, any zip` : 'takes every lead';
  const hit = c.tests.find((t) => t.test !== null && t.test(zip))!;
  return `${productType || 'any type'} in ${hit.pattern}`;
}

// ---- local time --------------------------------------------------------------------------------

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
// Offsets are cached per UTC hour between these; outside them (and in an hour holding a change of
// offset) every answer comes from Intl, as routeLead's do.
const FAST_FROM = 2 * DAY;
const FAST_TO = Date.UTC(2100, 0, 1);

/** One zone's wall clock: day of week, minute of day and calendar day of an instant. */
class ZoneClock {
  private clockFormat: Intl.DateTimeFormat | null = null;
  private offsetFormat: Intl.DateTimeFormat | null = null;
  /** UTC hour → offset in ms; NaN for an hour in which the offset changes. */
  private offsets = new Map<number, number>();
  private oddDays = new Map<string, number>();
  private lastMs = NaN;
  weekday = 0;
  minutes = 0;
  day = 0;

  constructor(readonly timeZone: string) {}

  /** Sets weekday, minutes and day for the instant (ms must be a number). */
  at(ms: number): void {
    if (ms === this.lastMs) return;
    const offset = this.offset(ms);
    if (Number.isNaN(offset)) {
      this.clockFormat ??= new Intl.DateTimeFormat('en-US', { timeZone: this.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const parts = Object.fromEntries(this.clockFormat.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
      this.weekday = WEEKDAY[parts.weekday!]!;
      this.minutes = Number(parts.hour) * 60 + Number(parts.minute);
      this.day = this.dayOfString(localDay(ms, this.timeZone));
    } else {
      const local = ms + offset;
      this.day = Math.floor(local / DAY);
      this.minutes = Math.floor((local - this.day * DAY) / 60_000);
      // 1 January 1970 was a Thursday.
      this.weekday = (this.day + 4) % 7;
    }
    this.lastMs = ms;
  }

  /** The calendar day as a number that is equal exactly when localDay's strings are. */
  dayKey(ms: number): number {
    const offset = this.offset(ms);
    return Number.isNaN(offset) ? this.dayOfString(localDay(ms, this.timeZone)) : Math.floor((ms + offset) / DAY);
  }

  private dayOfString(day: string): number {
    const m = day.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY;
    // Not a day Intl usually prints: a key of its own that no whole day number can equal.
    let key = this.oddDays.get(day);
    if (key === undefined) this.oddDays.set(day, (key = -0.5 - this.oddDays.size));
    return key;
  }

  private offset(ms: number): number {
    if (!(ms >= FAST_FROM && ms < FAST_TO)) return NaN;
    const hour = Math.floor(ms / HOUR);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const start = this.offsetAt(hour * HOUR);
      offset = start === this.offsetAt(hour * HOUR + HOUR - 1000) ? start : NaN;
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  /** The zone's offset in ms at a whole second, to the second. */
  private offsetAt(ms: number): number {
    this.offsetFormat ??= new Intl.DateTimeFormat('en-US', { timeZone: this.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const p = Object.fromEntries(this.offsetFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - ms;
  }
}

// ---- calendars ---------------------------------------------------------------------------------

/** One rep id's calendar: slots sorted by start (ends alongside) and every slot's start for the caps. */
interface Calendar {
  starts: number[];
  ends: number[];
  /** The longest slot, so a search can start where an overlapping slot could begin. */
  longest: number;
  /** Starts of every slot, NaN for one whose start is not a date. */
  all: number[];
  badStart: string | null;
}

function addToCalendar(c: Calendar, slot: BookedSlot): void {
  const start = Date.parse(slot.start);
  c.all.push(start);
  if (Number.isNaN(start)) {
    c.badStart ??= slot.start;
    return;
  }
  // The same arithmetic as routeLead's overlap test, so the comparisons agree to the bit.
  const length = slot.durationMinutes * 60_000;
  if (length > c.longest) c.longest = length;
  const at = lowerBound(c.starts, start);
  c.starts.splice(at, 0, start);
  c.ends.splice(at, 0, start + length);
}

function clashes(c: Calendar, start: number, end: number): boolean {
  // A slot starting at or before start - longest - 1 ends before start.
  let i = lowerBound(c.starts, start - c.longest - 1);
  for (const n = c.starts.length; i < n && c.starts[i]! < end; i++) if (start < c.ends[i]!) return true;
  return false;
}

class State implements RoutingState {
  readonly slots: BookedSlot[] = [];
  readonly counts: Record<string, number>;
  /** Per rep (by index): the rotation count, the calendar of its id, and its slots per local day once a cap needs them. */
  readonly given: number[];
  readonly calendars: Calendar[];
  readonly perDay: (Map<number, number> | undefined)[];
  private byId = new Map<string, Calendar>();

  constructor(readonly owner: CompiledRouter, booked: readonly BookedSlot[], assigned: Readonly<Record<string, number>>) {
    this.counts = { ...assigned };
    this.given = owner.reps.map((r) => assignedTo(assigned, r.id));
    this.calendars = owner.reps.map((r) => {
      let c = this.byId.get(r.id);
      if (!c) this.byId.set(r.id, (c = { starts: [], ends: [], longest: 0, all: [], badStart: null }));
      return c;
    });
    this.perDay = owner.reps.map(() => undefined);
    for (const slot of booked) this.add({ repId: slot.repId, start: slot.start, durationMinutes: slot.durationMinutes });
  }

  booked(): BookedSlot[] {
    return this.slots.map((s) => ({ ...s }));
  }

  assigned(): Record<string, number> {
    return { ...this.counts };
  }

  /** Takes the slot as its own: callers pass a copy. */
  add(slot: BookedSlot): void {
    this.slots.push(slot);
    const c = this.byId.get(slot.repId);
    if (!c) return;
    addToCalendar(c, slot);
    const start = c.all[c.all.length - 1]!;
    if (Number.isNaN(start)) return;
    for (const i of this.owner.repsWithId(slot.repId)) {
      const days = this.perDay[i];
      if (days) {
        const day = this.owner.clockOf(i).dayKey(start);
        days.set(day, (days.get(day) ?? 0) + 1);
      }
    }
  }

  /** Rep i's slots per local day in its zone, counted the first time its cap is checked. */
  daysOf(i: number): Map<number, number> {
    let days = this.perDay[i];
    if (!days) {
      const clock = this.owner.clockOf(i);
      days = new Map();
      for (const start of this.calendars[i]!.all) {
        if (Number.isNaN(start)) continue;
        const day = clock.dayKey(start);
        days.set(day, (days.get(day) ?? 0) + 1);
      }
      this.perDay[i] = days;
    }
    return days;
  }
}

// ---- the router --------------------------------------------------------------------------------

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

class CompiledRouter implements Router {
  readonly rules: readonly RoutingRule[];
  private compiled: CompiledRule[];
  /** Rules for any type; and per named type, that type's rules with the any-type ones, so one lookup answers. */
  private anyType = new ZipIndex();
  private byType = new Map<string, ZipIndex>();
  private nobodyWhy: string[];
  /** Reps in the rotation (weight > 0) in input order: everyone, and per team. */
  private everyone: number[];
  private teams = new Map<string, number[]>();
  private dayMask: number[];
  private startMin: number[];
  private endMin: number[];
  private zoneOf: number[];
  private clocks: ZoneClock[] = [];
  private byId = new Map<string, number[]>();

  constructor(readonly reps: readonly RoutingRep[], rules: readonly RoutingRule[], readonly fallbackOwnerId: string | null) {
    this.rules = orderRules(rules);
    for (const rule of this.rules) if (rule.isActive) for (const type of rule.productTypes) if (!this.byType.has(type)) this.byType.set(type, new ZipIndex());
    this.compiled = this.rules.map((rule, order) => this.index(rule, order));
    this.nobodyWhy = this.rules.map((rule) => `${rule.name} matched, but no rep${rule.targetTeam ? ` of ${rule.targetTeam}` : ''} can take it at that time`);
    this.anyType.build();
    for (const index of this.byType.values()) index.build();

    reps.forEach((rep, i) => this.byId.set(rep.id, [...(this.byId.get(rep.id) ?? []), i]));
    this.everyone = reps.flatMap((rep, i) => (rep.weight > 0 ? [i] : []));
    for (const i of this.everyone) {
      const team = reps[i]!.team;
      if (team !== null) this.teams.set(team, [...(this.teams.get(team) ?? []), i]);
    }
    // Only whole days 0–6 can equal a local weekday, as days.includes(day) reads them.
    this.dayMask = reps.map((r) => (r.hours?.days ?? []).reduce((m, d) => (Number.isInteger(d) && d >= 0 && d <= 6 ? m | (1 << d) : m), 0));
    this.startMin = reps.map((r) => (r.hours ? toMinutes(r.hours.start) : 0));
    this.endMin = reps.map((r) => (r.hours ? toMinutes(r.hours.end) : 0));
    const zones = new Map<string, number>();
    this.zoneOf = reps.map((r) => {
      let z = zones.get(r.timeZone);
      if (z === undefined) {
        zones.set(r.timeZone, (z = this.clocks.length));
        // Made lazily by Intl on first use, so an unknown zone throws only where routeLead would.
        this.clocks.push(new ZoneClock(r.timeZone));
      }
      return z;
    });
  }

  private index(rule: RoutingRule, order: number): CompiledRule {
    const tests = rule.zipPatterns.length === 0 ? null : rule.zipPatterns.map((pattern) => {
      const t = compileZipPattern(pattern);
      return { pattern, test: typeof t === 'function' ? t : null };
    });
    if (!rule.isActive) return { rule, tests };
    const buckets = rule.productTypes.length === 0 ? [this.anyType, ...this.byType.values()] : [...new Set(rule.productTypes)].map((type) => this.byType.get(type)!);
    // An unreadable pattern never matches; a rule with only those is never indexed.
    const parts = rule.zipPatterns.length === 0 ? [null] : rule.zipPatterns.flatMap((p) => {
      const parsed = parseZipPattern(p);
      return Array.isArray(parsed) ? parsed : [];
    });
    for (const bucket of buckets) for (const part of parts) bucket.add(part, order);
    return { rule, tests };
  }

  /** Indexes of the reps with this id (one, unless the input repeats an id). */
  repsWithId(id: string): readonly number[] {
    return this.byId.get(id) ?? [];
  }

  clockOf(rep: number): ZoneClock {
    return this.clocks[this.zoneOf[rep]!]!;
  }

  createState(booked: readonly BookedSlot[], assigned: Readonly<Record<string, number>>): RoutingState {
    return new State(this, booked, assigned);
  }

  private own(state: RoutingState): State {
    if (!(state instanceof State) || state.owner !== this) throw new Error('This routing state was made by another router');
    return state;
  }

  private firstRule(productType: string, zip: string): number {
    return (this.byType.get(productType) ?? this.anyType).first(zip);
  }

  matchRule(lead: RouteLead): RoutingRule | null {
    const order = this.firstRule(lead.productType, normalizeZip(lead.zip));
    return order === NONE ? null : this.rules[order]!;
  }

  route(lead: RouteLead, request: RouteRequest, state: RoutingState): RouteResult {
    const s = this.own(state);
    const zip = normalizeZip(lead.zip);
    const order = this.firstRule(lead.productType, zip);
    if (order === NONE) return this.nobody(null, 'no active rule matches');
    const c = this.compiled[order]!;
    const team = c.rule.targetTeam ?? null;
    const candidates = team === null ? this.everyone : (this.teams.get(team) ?? []);
    const start = Date.parse(request.start);
    const minutes = request.durationMinutes;
    const end = start + minutes * 60_000;
    let best = -1;
    let bestLoad = 0;
    for (const i of candidates) {
      const rep = this.reps[i]!;
      if (rep.hours) {
        if (Number.isNaN(start)) throw new RangeError('Invalid time value');
        const clock = this.clockOf(i);
        clock.at(start);
        if ((this.dayMask[i]! & (1 << clock.weekday)) === 0) continue;
        if (clock.minutes < this.startMin[i]! || clock.minutes + minutes > this.endMin[i]!) continue;
      }
      if (clashes(s.calendars[i]!, start, end)) continue;
      if (rep.dailyCap !== null) {
        if (Number.isNaN(start)) throw new Error(`Not a date: ${request.start}`);
        const clock = this.clockOf(i);
        clock.at(start);
        const days = s.daysOf(i);
        if (s.calendars[i]!.badStart !== null) throw new Error(`Not a date: ${s.calendars[i]!.badStart}`);
        if ((days.get(clock.day) ?? 0) >= rep.dailyCap) continue;
      }
      const load = (s.given[i]! + 1) / rep.weight;
      if (best < 0 || load < bestLoad || (load === bestLoad && rep.id < this.reps[best]!.id)) [best, bestLoad] = [i, load];
    }
    if (best < 0) return this.nobody(c.rule, this.nobodyWhy[order]!);
    const rep = this.reps[best]!;
    return { status: 'routed', ruleId: c.rule.id, repId: rep.id, reason: `${c.rule.name} (${matchedWhy(c, lead.productType, zip)}) → ${rep.name}, next in the rotation` };
  }

  private nobody(rule: RoutingRule | null, why: string): RouteResult {
    const ruleId = rule?.id ?? null;
    if (this.fallbackOwnerId) return { status: 'fallback', ruleId, repId: this.fallbackOwnerId, reason: `${why}: the fallback owner takes it` };
    return { status: 'unrouted', ruleId, repId: null, reason: `${why}, and there is no fallback owner` };
  }

  commit(state: RoutingState, decision: RouteResult, request: RouteRequest): void {
    const s = this.own(state);
    const repId = decision.repId;
    if (decision.status === 'unrouted' || repId === null) return;
    // The fallback owner's time is held too, but catching a lead is not a turn of the rotation.
    s.add({ repId, start: request.start, durationMinutes: request.durationMinutes });
    if (decision.status !== 'routed') return;
    s.counts[repId] = assignedTo(s.counts, repId) + 1;
    for (const i of this.repsWithId(repId)) s.given[i] = s.given[i]! + 1;
  }

  explain(lead: RouteLead, request: RouteRequest, state: RoutingState): RoutingDecision {
    const s = this.own(state);
    return routeLead({ lead, request, rules: this.rules, reps: this.reps, booked: s.slots, assigned: s.counts, fallbackOwnerId: this.fallbackOwnerId });
  }
}

/** Compiles a rule set and its reps once; route() then takes each lead in microseconds. */
export function compileRouter(config: RouterConfig): Router {
  return new CompiledRouter(config.reps, config.rules, config.fallbackOwnerId);
}
