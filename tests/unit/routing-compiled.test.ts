import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRouter, type RouteRequest } from '../../shared/domain/routing-compiled';
import { routeLead, type BookedSlot, type RoutingInput, type RoutingRep, type RoutingRule } from '../../shared/domain/routing';

// ---- generators: small pools, so rules, zips and calendars collide often --------------------

const TYPES = ['solar', 'roofing', 'hvac', ''];
const ZIPS = ['10001', '10002', '10010', '10099', '10100', '11201', '11299', '1000', '100', '100123', '20002', 'SW1A1AA', '99999999999999999999'];
const LEAD_ZIPS = [...ZIPS, ' 10001-1234 ', 'sw1a 1aa', '', '10O01', '112015'];
const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];
const REP_IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
// Changes of offset in 2026 (some in the middle of a UTC hour: St John's, Lord Howe), by zone.
const CHANGES: Record<string, string[]> = {
  'America/New_York': ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
  'Europe/London': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  'America/St_Johns': ['2026-03-08T05:30:00Z', '2026-11-01T04:30:00Z'],
  'Australia/Lord_Howe': ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'],
  'Pacific/Chatham': ['2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z'],
};
// Around those changes, an ordinary Wednesday, and years served by Intl alone.
const ANCHORS = [...Object.values(CHANGES).flat(), '2026-12-02T15:00:00Z', '1965-06-01T12:00:00Z', '2150-01-01T12:00:00Z'].map(Date.parse);
const hhmm = (quarter: number) => `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

const part = fc.oneof(
  fc.constantFrom(...ZIPS),
  fc.constantFrom(...ZIPS).chain((z) => fc.integer({ min: 1, max: Math.min(4, z.length) }).map((n) => `${z.slice(0, n)}*`)),
  fc.tuple(fc.constantFrom(...ZIPS), fc.constantFrom(...ZIPS)).filter(([a, b]) => a.length === b.length && /^\d+$/.test(a + b)).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b} - ${a}`)),
  fc.constantFrom('sw1a*', '112*', '1*0', '10099-10001', '100-10099'),
);
const pattern = fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(', '));

const rules = fc
  .array(
    fc.record({
      name: fc.constantFrom('Brooklyn', 'Manhattan', 'Any'),
      productTypes: fc.subarray(TYPES, { maxLength: 2 }),
      zipPatterns: fc.array(pattern, { maxLength: 3 }),
      priority: fc.integer({ min: 0, max: 4 }),
      isActive: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
      targetTeam: fc.constantFrom('east', 'west', '', null),
      createdAt: fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
    }),
    { maxLength: 10 },
  )
  .map((list) => list.map((r, i): RoutingRule => ({ ...r, id: `r${(i * 7) % 10}${i}`, name: `${r.name} ${i}` })));

const hours = fc.record({
  days: fc.subarray([0, 1, 2, 3, 4, 5, 6]),
  start: fc.oneof(fc.constantFrom('00:00', '08:00', '09:30'), fc.integer({ min: 0, max: 95 }).map(hhmm)),
  end: fc.oneof(fc.constantFrom('12:00', '17:00', '24:00'), fc.integer({ min: 1, max: 96 }).map(hhmm)),
});

const reps = fc.array(
  fc.record({
    id: fc.constantFrom(...REP_IDS),
    name: fc.constantFrom('Ana', 'Bo'),
    team: fc.constantFrom('east', 'west', '', null),
    weight: fc.constantFrom(0, 1, 1, 2, 3, 0.5),
    dailyCap: fc.option(fc.integer({ min: 0, max: 3 })),
    hours: fc.option(hours),
    timeZone: fc.constantFrom(...ZONES),
  }),
  { maxLength: 6 },
) as fc.Arbitrary<RoutingRep[]>;

// Days either side of an anchor or the hours next to it; mostly on a quarter-hour grid, sometimes at an odd millisecond.
const instant = fc
  .tuple(fc.constantFrom(...ANCHORS), fc.oneof(fc.integer({ min: -3 * 96, max: 3 * 96 }), fc.integer({ min: -8, max: 8 })), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 899_999 })))
  .map(([anchor, quarters, odd]) => new Date(anchor + quarters * 900_000 + odd).toISOString());
const request = fc.record({ start: instant, durationMinutes: fc.constantFrom(15, 30, 60, 90, 0) });
const booked = fc.array(fc.record({ repId: fc.constantFrom(...REP_IDS, 'boss', 'nobody'), start: instant, durationMinutes: fc.constantFrom(15, 30, 60, 240) }), { maxLength: 12 });
const assigned = fc.dictionary(fc.constantFrom(...REP_IDS), fc.integer({ min: 0, max: 5 }));
const lead = fc.record({ productType: fc.constantFrom(...TYPES, 'insurance'), zip: fc.constantFrom(...LEAD_ZIPS) });
// 'a' is also a rep: the fallback owner's own calendar then fills too.
const fallback = fc.constantFrom<string | null>('boss', 'a', '', null);

const decisionOf = (input: RoutingInput) => {
  const { status, ruleId, repId, reason } = routeLead(input);
  return { status, ruleId, repId, reason };
};

describe('compiled router ≡ routeLead', () => {
  it('gives the same status, rule, rep and reason for any input', () => {
    fc.assert(
      fc.property(lead, request, rules, reps, booked, assigned, fallback, (l, r, rs, ps, b, a, f) => {
        const router = compileRouter({ rules: rs, reps: ps, fallbackOwnerId: f });
        const state = router.createState(b, a);
        const input: RoutingInput = { lead: l, request: r, rules: rs, reps: ps, booked: b, assigned: a, fallbackOwnerId: f };
        expect(router.route(l, r, state)).toEqual(decisionOf(input));
        expect(router.explain(l, r, state)).toEqual(routeLead(input));
        expect(router.matchRule(l)?.id ?? null).toBe(routeLead({ ...input, reps: [] }).ruleId);
      }),
      { numRuns: 600 },
    );
  });

  it('route + commit over a sequence equals routeLead with the calendars and counts updated by hand', () => {
    const steps = fc.array(fc.tuple(lead, request), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(steps, rules, reps, booked, assigned, fallback, (seq, rs, ps, b0, a0, f) => {
        const router = compileRouter({ rules: rs, reps: ps, fallbackOwnerId: f });
        const state = router.createState(b0, a0);
        const booked: BookedSlot[] = [...b0];
        const assigned: Record<string, number> = { ...a0 };
        for (const [l, r] of seq) {
          const expected = decisionOf({ lead: l, request: r, rules: rs, reps: ps, booked, assigned, fallbackOwnerId: f });
          const got = router.route(l, r, state);
          expect(got).toEqual(expected);
          router.commit(state, got, r);
          // By hand: the fallback owner's time is held too; only a routed lead is a turn of the rotation.
          if (expected.status !== 'unrouted') booked.push({ repId: expected.repId!, start: r.start, durationMinutes: r.durationMinutes });
          if (expected.status === 'routed') assigned[expected.repId!] = (assigned[expected.repId!] ?? 0) + 1;
        }
        expect(state.booked()).toEqual(booked);
        expect(state.assigned()).toEqual(assigned);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- the rule index, case by case ------------------------------------------------------------

const rule = (id: string, over: Partial<RoutingRule> = {}): RoutingRule => ({ id, name: `Rule ${id}`, productTypes: [], zipPatterns: [], priority: 100, isActive: true, targetTeam: null, createdAt: '2026-01-01T00:00:00Z', ...over });
const rep = (id: string, over: Partial<RoutingRep> = {}): RoutingRep => ({ id, name: `Rep ${id}`, team: null, weight: 1, dailyCap: null, hours: null, timeZone: 'America/New_York', ...over });

describe('the rule index', () => {
  const index = [
    rule('exact', { priority: 1, zipPatterns: ['10001'] }),
    rule('prefix', { priority: 2, zipPatterns: ['100*'] }),
    rule('range', { priority: 3, zipPatterns: ['10000-10500'] }),
    rule('list', { priority: 4, productTypes: ['solar'], zipPatterns: ['20002, 303*, 40000-40010'] }),
    rule('uk', { priority: 5, zipPatterns: ['sw1a*'] }),
    rule('long', { priority: 6, zipPatterns: ['10000000000000000000-19999999999999999999'] }),
    rule('broken', { priority: 0, zipPatterns: ['50001, 1*0'] }),
    rule('any-roofing', { priority: 7, productTypes: ['roofing'] }),
    rule('off', { priority: 0, isActive: false }),
    rule('any', { priority: 8 }),
  ];
  const router = compileRouter({ rules: index, reps: [], fallbackOwnerId: null });
  it.each([
    ['solar', '10001', 'exact'],
    ['solar', '10001-4321', 'exact'],
    ['solar', '10002', 'prefix'],
    ['solar', '100', 'prefix'],
    ['solar', '10400', 'range'],
    ['solar', '10501', 'any'],
    ['solar', '1040', 'any'],
    ['solar', '20002', 'list'],
    ['hvac', '20002', 'any'],
    ['solar', '30399', 'list'],
    ['solar', '40010', 'list'],
    ['solar', '40011', 'any'],
    ['hvac', 'sw1a 1aa', 'uk'],
    ['hvac', '15000000000000000000', 'long'],
    ['hvac', '50001', 'any'],
    ['roofing', '99999', 'any-roofing'],
    ['roofing', '10001', 'exact'],
  ])('%s in %s goes to %s', (productType, zip, expected) => {
    expect(router.matchRule({ productType, zip })?.id).toBe(expected);
    expect(routeLead({ lead: { productType, zip }, request: { start: '2026-12-02T15:00:00Z', durationMinutes: 60 }, rules: index, reps: [], booked: [], assigned: {}, fallbackOwnerId: null }).ruleId).toBe(expected);
  });

  it('ties on priority go to the older rule, then the smaller id; an earlier narrower range beats a later one', () => {
    const r = compileRouter({
      rules: [
        rule('late', { priority: 1, createdAt: '2026-03-01T00:00:00Z', zipPatterns: ['10000-10099'] }),
        rule('early', { priority: 1, createdAt: '2026-02-01T00:00:00Z', zipPatterns: ['10050-10060'] }),
        rule('b', { priority: 2, createdAt: '2026-02-01T00:00:00Z' }),
        rule('a', { priority: 2, createdAt: '2026-02-01T00:00:00Z' }),
      ],
      reps: [],
      fallbackOwnerId: null,
    });
    expect(r.rules.map((x) => x.id)).toEqual(['early', 'late', 'a', 'b']);
    expect(r.matchRule({ productType: 'solar', zip: '10055' })?.id).toBe('early');
    expect(r.matchRule({ productType: 'solar', zip: '10049' })?.id).toBe('late');
    expect(r.matchRule({ productType: 'solar', zip: '10061' })?.id).toBe('late');
    expect(r.matchRule({ productType: 'solar', zip: '10100' })?.id).toBe('a');
  });

  it('no rule: the fallback owner, or unrouted', () => {
    const none = compileRouter({ rules: [rule('r', { productTypes: ['insurance'] })], reps: [rep('a')], fallbackOwnerId: 'boss' });
    expect(none.route({ productType: 'solar', zip: '1' }, { start: '2026-12-02T15:00:00Z', durationMinutes: 60 }, none.createState([], {}))).toEqual({
      status: 'fallback',
      ruleId: null,
      repId: 'boss',
      reason: 'no active rule matches: the fallback owner takes it',
    });
  });
});

describe('local time', () => {
  it('reads the rep’s wall clock like Intl in every quarter hour around each change of offset', () => {
    // One rep per local quarter hour of the night: only the rep whose quarter the request falls in can take it.
    for (const [timeZone, changes] of Object.entries(CHANGES)) {
      const reps = Array.from({ length: 24 }, (_, q) => rep(`q${String(q).padStart(2, '0')}`, { timeZone, hours: { days: [0, 1, 2, 3, 4, 5, 6], start: hhmm(q), end: hhmm(q + 1) } }));
      const router = compileRouter({ rules: [rule('all')], reps, fallbackOwnerId: null });
      const state = router.createState([], {});
      for (const change of changes) {
        for (let minute = -150; minute <= 150; minute += 7) {
          const request = { start: new Date(Date.parse(change) + minute * 60_000).toISOString(), durationMinutes: 1 };
          const lead = { productType: 'solar', zip: '10001' };
          expect(router.route(lead, request, state), `${timeZone} ${request.start}`).toEqual(decisionOf({ lead, request, rules: [rule('all')], reps, booked: [], assigned: {}, fallbackOwnerId: null }));
        }
      }
    }
  });
});

describe('a day of bookings', () => {
  it('fills calendars and caps, spreads by weight, then hands the rest to the fallback owner', () => {
    const router = compileRouter({
      rules: [rule('east', { targetTeam: 'east' })],
      reps: [rep('a', { team: 'east', weight: 2, dailyCap: 4, hours: { days: [3], start: '09:00', end: '17:00' } }), rep('b', { team: 'east', dailyCap: 2 })],
      fallbackOwnerId: 'boss',
    });
    const state = router.createState([{ repId: 'a', start: '2026-12-02T14:00:00.000Z', durationMinutes: 60 }], {});
    const taken: string[] = [];
    for (let h = 14; h < 22; h++) {
      const request: RouteRequest = { start: `2026-12-02T${h}:00:00.000Z`, durationMinutes: 60 };
      const d = router.route({ productType: 'solar', zip: '10001' }, request, state);
      router.commit(state, d, request);
      taken.push(d.repId!);
    }
    // 09:00 New York: a is booked, so b; then a (weight 2) until its cap of 4 (the 09:00 counts), b to its cap of 2.
    expect(taken).toEqual(['b', 'a', 'a', 'a', 'b', 'boss', 'boss', 'boss']);
    expect(state.assigned()).toEqual({ a: 3, b: 2 });
    expect(router.explain({ productType: 'solar', zip: '10001' }, { start: '2026-12-02T21:00:00.000Z', durationMinutes: 60 }, state).reps.map((r) => r.why)).toEqual([
      'at the daily cap (4 of 4 on 2026-12-02)',
      'at the daily cap (2 of 2 on 2026-12-02)',
    ]);
  });

  it('refuses a state made by another router', () => {
    const one = compileRouter({ rules: [], reps: [], fallbackOwnerId: null });
    const two = compileRouter({ rules: [], reps: [], fallbackOwnerId: null });
    expect(() => two.route({ productType: '', zip: '' }, { start: '2026-12-02T15:00:00Z', durationMinutes: 60 }, one.createState([], {}))).toThrow(/another router/);
  });
});
