import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shadowedRules, validateRule } from '../../shared/domain/routing-shadow';
import { routeLead, type RoutingRule } from '../../shared/domain/routing';

const rule = (id: string, priority: number, productTypes: string[], zipPatterns: string[], over: Partial<RoutingRule> = {}): RoutingRule => ({
  id,
  name: id,
  productTypes,
  zipPatterns,
  priority,
  isActive: true,
  targetTeam: null,
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});
/** The later rule is `late`; the rest come first. */
const shadowsOf = (earlier: RoutingRule[], late: RoutingRule) => shadowedRules([...earlier, late]).filter((w) => w.ruleId === late.id);

describe('rules that can never match', () => {
  it('says which rule takes its leads, in plain words', () => {
    expect(shadowedRules([rule('late', 20, ['solar'], ['112*'], { name: 'Brooklyn solar 2' }), rule('bk', 10, ['solar'], ['112*'], { name: 'Brooklyn solar' })])).toEqual([
      { ruleId: 'late', shadowedBy: ['bk'], message: "Never matches: 'Brooklyn solar' (priority 10) already takes every solar lead in 112*" },
    ]);
  });

  it.each<[string, RoutingRule[], RoutingRule, string[]]>([
    ['a shorter prefix covers a longer one', [rule('a', 1, ['solar'], ['11*'])], rule('late', 2, ['solar'], ['112*']), ['a']],
    ['zips in a list, each covered by a different rule', [rule('a', 1, [], ['10001']), rule('b', 2, ['solar'], ['2*']), rule('c', 3, [], ['30000-30999'])], rule('late', 4, ['solar'], ['10001, 20002', '30303']), ['a', 'b', 'c']],
    ['a range inside a digit prefix', [rule('a', 1, [], ['100*'])], rule('late', 2, [], ['10000-10099']), ['a']],
    ['a range covered by contiguous ranges of two rules', [rule('a', 1, [], ['10000-10049']), rule('b', 2, [], ['10050-10099'])], rule('late', 3, [], ['10010-10090']), ['a', 'b']],
    ['a range covered by ranges and single zips with no gap', [rule('a', 1, [], ['10000-10004, 10006-10010']), rule('b', 2, [], ['10005'])], rule('late', 3, [], ['10000-10010']), ['a', 'b']],
    ['a range covered by overlapping prefix and range', [rule('a', 1, [], ['1000*']), rule('b', 2, [], ['10005-10020'])], rule('late', 3, [], ['10003-10015']), ['a', 'b']],
    ['a catch-all takes everything after it', [rule('all', 1, [], [])], rule('late', 2, ['roofing'], ['90210']), ['all']],
    ['an any-type rule covers a typed one', [rule('a', 1, [], ['112*'])], rule('late', 2, ['solar', 'hvac'], ['11201']), ['a']],
    ['each of two types covered by its own rule', [rule('s', 1, ['solar'], ['112*']), rule('r', 2, ['roofing'], ['11*'])], rule('late', 3, ['solar', 'roofing'], ['1120*']), ['s', 'r']],
    ['a typed any-zip rule covers the same type anywhere', [rule('a', 1, ['solar'], [])], rule('late', 2, ['solar'], ['10001', '2*']), ['a']],
    ['same priority: the older rule is tried first', [rule('old', 5, [], ['100*'], { createdAt: '2025-01-01T00:00:00Z' })], rule('late', 5, [], ['10001'], { createdAt: '2026-01-01T00:00:00Z' }), ['old']],
    ['letters compare as the upper case of normalized zips', [rule('uk', 1, [], ['sw1a*'])], rule('late', 2, [], ['SW1A1AA']), ['uk']],
    ['a prefix takes the exact zip it spells', [rule('a', 1, [], ['10001*'])], rule('late', 2, [], ['10001']), ['a']],
  ])('warns: %s', (_, earlier, late, by) => {
    const found = shadowsOf(earlier, late);
    expect(found).toHaveLength(1);
    expect(found[0]!.shadowedBy).toEqual(by);
    expect(found[0]!.message).toMatch(/^Never matches: /);
  });

  it.each<[string, RoutingRule[], RoutingRule]>([
    ['a partial overlap of ranges', [rule('a', 1, [], ['10000-10050'])], rule('late', 2, [], ['10040-10099'])],
    ['a gap of one zip in a union of ranges', [rule('a', 1, [], ['10000-10049']), rule('b', 2, [], ['10051-10099'])], rule('late', 3, [], ['10000-10099'])],
    ['a different product type', [rule('a', 1, ['solar'], ['112*'])], rule('late', 2, ['roofing'], ['112*'])],
    ['an inactive earlier rule', [rule('a', 1, [], [], { isActive: false })], rule('late', 2, ['solar'], ['112*'])],
    ['a prefix is not covered by ranges: zips are not assumed to have 5 digits', [rule('a', 1, [], ['10000-10099'])], rule('late', 2, [], ['100*'])],
    ['any type is more than the types other rules name', [rule('s', 1, ['solar'], []), rule('r', 2, ['roofing'], []), rule('h', 3, ['hvac'], [])], rule('late', 4, [], ['112*'])],
    ['any zip is more than every digit prefix', [rule('d', 1, [], ['0*, 1*, 2*, 3*, 4*, 5*, 6*, 7*, 8*, 9*'])], rule('late', 2, [], [])],
    ['only one of two types covered', [rule('s', 1, ['solar'], ['112*'])], rule('late', 2, ['solar', 'roofing'], ['112*'])],
    ['a broader rule after a narrower one', [rule('a', 1, [], ['112*'])], rule('late', 2, [], ['11*'])],
    ['one zip of a list left uncovered', [rule('a', 1, [], ['10001'])], rule('late', 2, [], ['10001, 10002'])],
    ['an earlier pattern that does not parse covers nothing', [rule('a', 1, [], ['10001, 1*0'])], rule('late', 2, [], ['10001'])],
    ['a range of another length', [rule('a', 1, [], ['1000-1099'])], rule('late', 2, [], ['10000-10099'])],
    ['a prefix longer than the range', [rule('a', 1, [], ['100000*'])], rule('late', 2, [], ['10000-10000'])],
    ['a later rule with a lower priority number', [rule('a', 9, [], ['100*'])], rule('late', 2, [], ['10001'])],
  ])('does not warn: %s', (_, earlier, late) => {
    expect(shadowsOf(earlier, late)).toEqual([]);
  });

  it('warns only for active rules, and not for a rule whose patterns all fail to parse', () => {
    expect(shadowedRules([rule('all', 1, [], []), rule('off', 2, [], ['10001'], { isActive: false }), rule('bad', 3, [], ['1*0'])])).toEqual([]);
  });

  it('names many shadowing rules briefly', () => {
    const earlier = ['1', '2', '3', '4'].map((d, i) => rule(`r${d}`, i, [], [`1000${d}`]));
    const [w] = shadowedRules([...earlier, rule('late', 9, ['solar', 'roofing'], ['10001-10004'])]);
    expect(w!.shadowedBy).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(w!.message).toBe("Never matches: 'r1' (priority 0), 'r2' (priority 1) and 2 more rules already take every solar and roofing lead in 10001-10004");
  });
});

describe('never a false warning', () => {
  const ZIPS = ['10000', '10001', '10049', '10050', '10051', '10099', '10100', '1000', '100', '10', '100123', '11201', 'SW1A1AA'];
  const part = fc.oneof(
    fc.constantFrom(...ZIPS),
    fc.constantFrom(...ZIPS).chain((z) => fc.integer({ min: 1, max: Math.min(4, z.length) }).map((n) => `${z.slice(0, n)}*`)),
    fc.tuple(fc.constantFrom(...ZIPS), fc.constantFrom(...ZIPS)).filter(([a, b]) => a.length === b.length && /^\d+$/.test(a + b)).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}-${a}`)),
  );
  const rules = fc
    .array(
      fc.record({
        productTypes: fc.subarray(['solar', 'roofing'], { maxLength: 2 }),
        zipPatterns: fc.array(fc.array(part, { minLength: 1, maxLength: 3 }).map((p) => p.join(', ')), { maxLength: 2 }),
        priority: fc.integer({ min: 0, max: 3 }),
        isActive: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
      }),
      { maxLength: 8 },
    )
    .map((list) => list.map((r, i) => rule(`r${i}`, r.priority, r.productTypes, r.zipPatterns, { isActive: r.isActive })));
  // Every zip a pattern names, its neighbours, and strings that extend it.
  const probes = (rs: RoutingRule[]) => {
    const zips = new Set(ZIPS);
    for (const p of rs.flatMap((r) => r.zipPatterns).flatMap((p) => p.split(',')).map((p) => p.trim())) {
      const [lo, hi] = p.includes('-') ? p.split('-') : [p.replace('*', ''), p.replace('*', '')];
      for (const z of [lo!, hi!]) {
        zips.add(z).add(`${z}0`).add(`${z}9`).add(`${z}X`);
        const n = Number(z);
        zips.add(String(n + 1).padStart(z.length, '0')).add(String(Math.max(0, n - 1)).padStart(z.length, '0'));
      }
    }
    return [...zips];
  };

  it('a warned rule never takes a lead it could take alone: an earlier rule always does', () => {
    fc.assert(
      fc.property(rules, (rs) => {
        const route = (rules: RoutingRule[], productType: string, zip: string) =>
          routeLead({ lead: { productType, zip }, request: { start: '2026-12-02T15:00:00Z', durationMinutes: 60 }, rules, reps: [], booked: [], assigned: {}, fallbackOwnerId: null }).ruleId;
        for (const w of shadowedRules(rs)) {
          const shadowed = rs.find((r) => r.id === w.ruleId)!;
          for (const type of ['solar', 'roofing', 'hvac']) {
            for (const zip of probes(rs)) {
              if (route([shadowed], type, zip) === shadowed.id) expect(route(rs, type, zip), `${type} ${zip}`).not.toBe(shadowed.id);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('validateRule', () => {
  const ok = { name: 'Brooklyn', productTypes: ['solar'], zipPatterns: ['112*', '10001-10099, 20002'], priority: 10, targetTeam: null };
  it('accepts a good rule', () => expect(validateRule(ok)).toEqual([]));
  it('names each field that is wrong', () => {
    expect(validateRule({ name: ' ', productTypes: ['solar', '', 'solar'], zipPatterns: ['112*', '10099-10001'], priority: 1.5, targetTeam: '' })).toEqual([
      { field: 'name', message: 'give the rule a name' },
      { field: 'priority', message: 'must be a whole number' },
      { field: 'productTypes.1', message: 'empty product type' },
      { field: 'productTypes.2', message: '"solar" is listed twice' },
      { field: 'zipPatterns.1', message: '"10099-10001": the range starts after it ends' },
      { field: 'targetTeam', message: 'name a team, or leave it empty for every rep' },
    ]);
    expect(validateRule({ ...ok, priority: -1 })).toEqual([{ field: 'priority', message: 'must be between 0 and 100,000' }]);
  });
});
