import { describe, expect, it } from 'vitest';
import { compileZipPattern, normalizeZip, outsideHours, routeLead, type RoutingInput, type RoutingRep, type RoutingRule } from '../../shared/domain/routing';

const rule = (id: string, over: Partial<RoutingRule> = {}): RoutingRule => ({ id, name: `Rule ${id}`, productTypes: [], zipPatterns: [], priority: 100, isActive: true, targetTeam: null, createdAt: '2026-01-01T00:00:00Z', ...over });
const rep = (id: string, over: Partial<RoutingRep> = {}): RoutingRep => ({ id, name: `Rep ${id}`, team: null, weight: 1, dailyCap: null, hours: null, timeZone: 'America/New_York', ...over });
// Wednesday 2 December 2026, 10:00 in New York.
const AT = '2026-12-02T15:00:00.000Z';
const input = (over: Partial<RoutingInput> = {}): RoutingInput => ({
  lead: { productType: 'solar', zip: '10001' },
  request: { start: AT, durationMinutes: 60 },
  rules: [rule('r1')],
  reps: [rep('a'), rep('b')],
  booked: [],
  assigned: {},
  fallbackOwnerId: null,
  ...over,
});
const test = (pattern: string, zip: string) => {
  const t = compileZipPattern(pattern);
  if (typeof t !== 'function') throw new Error(t.error);
  return t(zip);
};

describe('zip patterns', () => {
  it('exact, prefix, range and list', () => {
    expect(test('10001', '10001')).toBe(true);
    expect(test('10001', '10002')).toBe(false);
    expect(test('100*', '10099')).toBe(true);
    expect(test('100*', '10100')).toBe(false);
    expect(test('10001-10099', '10001')).toBe(true);
    expect(test('10001-10099', '10099')).toBe(true);
    expect(test('10001-10099', '10100')).toBe(false);
    expect(test('10001-10099', '1005')).toBe(false);
    expect(test('10001, 20002 ,303*', '20002')).toBe(true);
    expect(test('10001, 20002 ,303*', '30399')).toBe(true);
    expect(test('10001, 20002 ,303*', '30400')).toBe(false);
  });

  it('refuses patterns it cannot read, saying why', () => {
    expect(compileZipPattern('10099-10001')).toEqual({ error: '"10099-10001": the range starts after it ends' });
    expect(compileZipPattern('100-10099')).toMatchObject({ error: expect.stringMatching(/same number of digits/) });
    expect(compileZipPattern('1*0')).toMatchObject({ error: expect.stringMatching(/is not a zip, a prefix/) });
  });

  it('reads ZIP+4 as its five digits', () => {
    expect(normalizeZip(' 10001-1234 ')).toBe('10001');
    expect(normalizeZip('sw1a 1aa')).toBe('SW1A1AA');
  });
});

describe('choosing the rule', () => {
  it('tries rules by priority, then the older one, skips inactive ones, and explains each', () => {
    const d = routeLead(input({
      rules: [
        rule('late', { priority: 10, createdAt: '2026-03-01T00:00:00Z', zipPatterns: ['100*'] }),
        rule('early', { priority: 10, createdAt: '2026-02-01T00:00:00Z', zipPatterns: ['100*'] }),
        rule('off', { priority: 1, isActive: false }),
        rule('hvac', { priority: 5, productTypes: ['hvac'] }),
        rule('far', { priority: 7, zipPatterns: ['90001-90099'] }),
      ],
    }));
    expect(d.ruleId).toBe('early');
    expect(d.rules.map((r) => [r.id, r.matched, r.why])).toEqual([
      ['off', false, 'inactive'],
      ['hvac', false, 'takes hvac, not solar'],
      ['far', false, 'zip 10001 is outside 90001-90099'],
      ['early', true, 'solar in 100*'],
      ['late', false, 'not tried: an earlier rule matched'],
    ]);
    expect(d.reason).toMatch(/^Rule early \(solar in 100\*\) → Rep a, next in the rotation$/);
  });

  it('falls back to the fallback owner, or leaves the lead unrouted with the reason', () => {
    const none = input({ rules: [rule('r', { productTypes: ['insurance'] })] });
    expect(routeLead(none)).toMatchObject({ status: 'unrouted', repId: null, reason: 'no active rule matches, and there is no fallback owner' });
    expect(routeLead({ ...none, fallbackOwnerId: 'boss' })).toMatchObject({ status: 'fallback', repId: 'boss', reason: 'no active rule matches: the fallback owner takes it' });
  });
});

describe('choosing the rep', () => {
  it('only the rule’s team, within working hours in the rep’s zone, not double-booked, under the daily cap', () => {
    const reps = [
      rep('other-team', { team: 'west' }),
      rep('night', { team: 'east', hours: { days: [1, 2, 3, 4, 5], start: '18:00', end: '22:00' } }),
      rep('la', { team: 'east', timeZone: 'America/Los_Angeles', hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } }), // 07:00 there
      rep('weekend', { team: 'east', hours: { days: [0, 6], start: '09:00', end: '17:00' } }),
      rep('busy', { team: 'east' }),
      rep('capped', { team: 'east', dailyCap: 2 }),
      rep('free', { team: 'east', hours: { days: [3], start: '09:00', end: '11:00' } }),
    ];
    const booked = [
      { repId: 'busy', start: '2026-12-02T15:30:00.000Z', durationMinutes: 30 },
      { repId: 'capped', start: '2026-12-02T13:00:00.000Z', durationMinutes: 30 },
      { repId: 'capped', start: '2026-12-02T20:00:00.000Z', durationMinutes: 30 },
      // The day before in New York (23:30 on the 1st): not today's cap.
      { repId: 'free', start: '2026-12-02T04:30:00.000Z', durationMinutes: 30 },
    ];
    const d = routeLead(input({ rules: [rule('east', { targetTeam: 'east' })], reps, booked }));
    expect(d.repId).toBe('free');
    expect(Object.fromEntries(d.reps.map((r) => [r.id, r.why]))).toEqual({
      'other-team': 'not in east',
      night: 'works 18:00–22:00 (America/New_York)',
      la: 'works 09:00–17:00 (America/Los_Angeles)',
      weekend: 'does not work on Wed',
      busy: 'already booked at that time',
      capped: 'at the daily cap (2 of 2 on 2026-12-02)',
      free: 'next in the rotation: available, 0 assigned at weight 1',
    });
    // An appointment that would run past the end of the day does not fit.
    expect(routeLead(input({ rules: [rule('east', { targetTeam: 'east' })], reps, booked, request: { start: AT, durationMinutes: 90 } })).status).toBe('unrouted');
  });

  it('back to back is not a clash', () => {
    const d = routeLead(input({ reps: [rep('a')], booked: [{ repId: 'a', start: '2026-12-02T14:00:00.000Z', durationMinutes: 60 }] }));
    expect(d.repId).toBe('a');
  });

  it('a matched rule with nobody free goes to the fallback owner, saying so', () => {
    const d = routeLead(input({ reps: [rep('a', { weight: 0 })], fallbackOwnerId: 'boss' }));
    expect(d).toMatchObject({ status: 'fallback', ruleId: 'r1', repId: 'boss', reason: 'Rule r1 matched, but no rep can take it at that time: the fallback owner takes it' });
    expect(d.reps).toEqual([{ id: 'a', name: 'Rep a', chosen: false, why: 'weight 0: out of the rotation' }]);
  });

  it('spreads 10,000 leads by weight within 2%', () => {
    const reps = [rep('a', { weight: 5 }), rep('b', { weight: 3 }), rep('c', { weight: 2 })];
    const assigned: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const d = routeLead(input({ reps, assigned }));
      assigned[d.repId!] = (assigned[d.repId!] ?? 0) + 1;
    }
    for (const [id, share] of [['a', 0.5], ['b', 0.3], ['c', 0.2]] as const) expect(Math.abs(assigned[id]! / 10_000 - share)).toBeLessThanOrEqual(0.02);
  });

  it('is deterministic: the same inputs give the same decision', () => {
    const i = input({ reps: [rep('b'), rep('a')], assigned: { a: 3, b: 3 } });
    expect(routeLead(i)).toEqual(routeLead(i));
    expect(routeLead(i).repId).toBe('a'); // a tie goes to the smaller id
  });
});

describe('outsideHours (the warning on a manual reschedule or reassign)', () => {
  const hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
  const chicago = { hours, timeZone: 'America/Chicago' };
  it('reads the time in the rep’s zone, across a change of clocks', () => {
    // 15:00 UTC is 09:00 in Chicago in winter (CST) and 10:00 in summer (CDT).
    expect(outsideHours(chicago, '2026-11-18T15:00:00.000Z', 60)).toBeNull();
    expect(outsideHours(chicago, '2026-07-15T14:00:00.000Z', 60)).toBeNull();
    expect(outsideHours(chicago, '2026-11-18T14:00:00.000Z', 60)).toBe('works 09:00–18:00 (America/Chicago)');
    // 03:00 UTC on Thursday is Wednesday 21:00 in Chicago.
    expect(outsideHours(chicago, '2026-11-19T03:00:00.000Z', 30)).toBe('works 09:00–18:00 (America/Chicago)');
  });
  it('takes the whole length: an appointment may end at the end of the day, not after it', () => {
    expect(outsideHours(chicago, '2026-11-18T23:00:00.000Z', 60)).toBeNull();
    expect(outsideHours(chicago, '2026-11-18T23:00:00.000Z', 61)).toBe('works 09:00–18:00 (America/Chicago)');
  });
  it('names the day a rep does not work, in their zone, and says nothing for a rep without hours', () => {
    expect(outsideHours(chicago, '2026-11-21T16:00:00.000Z', 60)).toBe('does not work on Sat');
    expect(outsideHours({ hours: null, timeZone: 'America/Chicago' }, '2026-11-21T16:00:00.000Z', 60)).toBeNull();
  });
});
