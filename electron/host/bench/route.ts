// route_100k (Step 6): 100,000 leads routed and booked one after another, as a year of bookings
// would (about as many as 50 reps' calendars hold), against 1,000 rules and 50 reps in four zones with existing appointments. The
// baseline is the same loop with routing reduced to one Map lookup of a rep per lead.
import { compileRouter, type RouteRequest } from '../../../shared/domain/routing-compiled';
import { routeLead, type BookedSlot, type RoutingRep, type RoutingRule } from '../../../shared/domain/routing';
import { median, type Workload } from './harness';

const LEADS = 100_000;
const RULES = 1_000;
const REPS = 50;
const APPOINTMENTS = 3_000;
const WEEKS = 52;
const TYPES = ['solar', 'solar', 'solar', 'roofing', 'roofing', 'hvac', 'windows', 'insurance'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
const TEAMS = ['north', 'south', 'east', 'west', 'central'];
/** Monday 2 November 2026, 12:00 UTC (07:00 in New York): the week's first bookable half hour. */
const WEEK = Date.parse('2026-11-02T12:00:00Z');
const FALLBACK = 'fallback-owner';

/** mulberry32: a small seeded generator, so every run routes the same week. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RouteBenchData {
  rules: RoutingRule[];
  reps: RoutingRep[];
  booked: BookedSlot[];
  leads: { productType: string; zip: string }[];
  requests: RouteRequest[];
}

/**
 * Zips cluster in 300 three-digit areas (as leads do around a service region); rules mix exact
 * lists, prefixes, ranges, mixed lists and any-zip rules for one, two or any product types; a tenth
 * are inactive; most name one of five teams. Reps work Monday to Friday in their zone.
 */
export function routeBenchData(): RouteBenchData {
  const rnd = random(0x5eed_0006);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const areas = Array.from({ length: 300 }, () => String(100 + int(900)));
  const zipIn = (area: string) => `${area}${String(int(100)).padStart(2, '0')}`;
  const rangeIn = (area: string) => {
    const lo = int(90);
    return `${area}${String(lo).padStart(2, '0')}-${area}${String(lo + 1 + int(99 - lo)).padStart(2, '0')}`;
  };
  // A few neighbouring areas at once, e.g. 11200-11499.
  const wideRange = () => {
    const from = 100 + int(900);
    return `${from}00-${Math.min(999, from + int(4))}99`;
  };
  const part = (): string => {
    const kind = rnd();
    return kind < 0.4 ? zipIn(pick(areas)) : kind < 0.75 ? `${pick(areas)}*` : rangeIn(pick(areas));
  };
  const rules: RoutingRule[] = Array.from({ length: RULES }, (_, i) => {
    const shape = rnd();
    const zipPatterns =
      shape < 0.35 ? [Array.from({ length: 3 + int(8) }, () => zipIn(pick(areas))).join(', ')]
      : shape < 0.6 ? [`${pick(areas)}*`]
      : shape < 0.8 ? [rnd() < 0.7 ? rangeIn(pick(areas)) : wideRange()]
      : shape < 0.96 ? Array.from({ length: 1 + int(3) }, () => Array.from({ length: 1 + int(3) }, part).join(', '))
      : [];
    const types = rnd();
    return {
      id: `rule-${String(i).padStart(4, '0')}`,
      name: `Rule ${i}`,
      productTypes: types < 0.7 ? [pick(TYPES)] : types < 0.85 ? [...new Set([pick(TYPES), pick(TYPES)])] : [],
      zipPatterns,
      priority: int(500),
      isActive: rnd() >= 0.1,
      targetTeam: rnd() < 0.8 ? pick(TEAMS) : null,
      createdAt: new Date(Date.UTC(2025, 0, 1) + int(600) * 86_400_000).toISOString(),
    };
  });
  const reps: RoutingRep[] = Array.from({ length: REPS }, (_, i) => ({
    id: `rep-${String(i).padStart(2, '0')}`,
    name: `Rep ${i}`,
    team: TEAMS[i % TEAMS.length]!,
    weight: 1 + int(3),
    dailyCap: rnd() < 0.8 ? 6 + int(5) : null,
    hours: { days: [1, 2, 3, 4, 5], start: pick(['08:00', '09:00']), end: pick(['17:00', '18:00']) },
    timeZone: ZONES[i % ZONES.length]!,
  }));
  // Half hours from 07:00 in New York to 17:30 in Los Angeles, Monday to Friday, over 52 weeks.
  const slot = () => WEEK + int(WEEKS) * 7 * 86_400_000 + int(5) * 86_400_000 + int(28) * 1_800_000;
  // The calendars already hold appointments across the year.
  const booked: BookedSlot[] = Array.from({ length: APPOINTMENTS }, () => ({ repId: pick(reps).id, start: new Date(slot()).toISOString(), durationMinutes: pick([30, 60]) }));
  const leads = Array.from({ length: LEADS }, () => ({ productType: pick(TYPES), zip: rnd() < 0.9 ? zipIn(pick(areas)) : String(10_000 + int(90_000)) }));
  const requests = Array.from({ length: LEADS }, () => ({ start: new Date(slot()).toISOString(), durationMinutes: pick([60, 60, 60, 30, 90]) }));
  return { rules, reps, booked, leads, requests };
}

export const route100k: Workload = {
  name: 'route_100k',
  rows: () => LEADS,
  baseline: 'the same loop, one Map lookup of a rep per lead',
  target: '≥ 100,000 routes/s',
  async setup(_scale, log) {
    // The sizes are the issue's, whatever --scale says.
    const data = routeBenchData();
    const t0 = process.hrtime.bigint();
    const router = compileRouter({ rules: data.rules, reps: data.reps, fallbackOwnerId: FALLBACK });
    const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
    log(`${RULES.toLocaleString('en-US')} rules (${data.rules.filter((r) => !r.isActive).length} inactive), ${REPS} reps in ${ZONES.length} zones, ${APPOINTMENTS.toLocaleString('en-US')} existing appointments over ${WEEKS} weeks; compiled in ${compileMs.toFixed(1)} ms`);

    // The compiled router must decide as routeLead does; check the week's first leads step by step.
    const spot = router.createState(data.booked, {});
    const booked = [...data.booked];
    const assigned: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const [lead, request] = [data.leads[i]!, data.requests[i]!];
      const d = routeLead({ lead, request, rules: data.rules, reps: data.reps, booked, assigned, fallbackOwnerId: FALLBACK });
      const got = router.route(lead, request, spot);
      if (got.status !== d.status || got.ruleId !== d.ruleId || got.repId !== d.repId || got.reason !== d.reason) {
        throw new Error(`Lead ${i}: the compiled router says ${JSON.stringify(got)}, routeLead ${JSON.stringify({ status: d.status, ruleId: d.ruleId, repId: d.repId, reason: d.reason })}`);
      }
      router.commit(spot, got, request);
      if (d.status !== 'unrouted') booked.push({ repId: d.repId!, start: request.start, durationMinutes: request.durationMinutes });
      if (d.status === 'routed') assigned[d.repId!] = (assigned[d.repId!] ?? 0) + 1;
    }
    log('first 300 decisions identical to routeLead');

    const repByZip = new Map(data.leads.map((l, i) => [l.zip, data.reps[i % REPS]!.id]));
    const outcome = { routed: 0, fallback: 0, unrouted: 0 };
    const times: number[] = [];
    return {
      rounds: 9,
      // A fresh week each time: the existing appointments, no rotation yet, then every lead booked in turn.
      ours: () => {
        const start = process.hrtime.bigint();
        const state = router.createState(data.booked, {});
        const counts = { routed: 0, fallback: 0, unrouted: 0 };
        for (let i = 0; i < LEADS; i++) {
          const request = data.requests[i]!;
          const d = router.route(data.leads[i]!, request, state);
          router.commit(state, d, request);
          counts[d.status]++;
        }
        times.push(Number(process.hrtime.bigint() - start) / 1e9);
        Object.assign(outcome, counts);
        return counts;
      },
      baseline: () => {
        let found = 0;
        for (let i = 0; i < LEADS; i++) if (repByZip.get(data.leads[i]!.zip) !== undefined) found++;
        return found;
      },
      check: () => {
        const perSecond = LEADS / median(times);
        return perSecond >= 100_000 ? null : `${Math.round(perSecond).toLocaleString('en-US')} routes/s is below 100,000`;
      },
      note: () => {
        const perSecond = Math.round(LEADS / median(times));
        return (
          `${perSecond.toLocaleString('en-US')} routes/s (route + commit); ` +
          `${outcome.routed.toLocaleString('en-US')} routed, ${outcome.fallback.toLocaleString('en-US')} to the fallback owner once calendars and caps fill, ${outcome.unrouted} unrouted; ` +
          `compile ${compileMs.toFixed(1)} ms`
        );
      },
      teardown: () => undefined,
    };
  },
};
