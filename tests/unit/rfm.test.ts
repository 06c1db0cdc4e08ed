import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RFM_THRESHOLDS,
  DEFAULT_SEGMENT_THRESHOLDS,
  frequencyScore,
  MAX_RFM_SCORE,
  MIN_RFM_SCORE,
  monetaryScore,
  nextRecencyChange,
  recencyDays,
  recencyScore,
  RfmThresholdsSchema,
  scoreRfm,
  SEGMENT_KEYS,
  segmentOf,
  segmentRange,
  SEGMENTS,
  SegmentThresholdsSchema,
  type RfmInput,
  type RfmScore,
  type RfmThresholds,
  type Segment,
} from '../../shared/domain/rfm';

const AS_OF = '2026-06-15T12:00:00.000Z';
const DAY = 86_400_000;
const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY).toISOString();
const input = (over: Partial<RfmInput> = {}): RfmInput => ({ lastConversionAt: null, conversions: 0, totalCents: 0, ...over });

// Seed 001: "5 points: Last order ≤30 days ago; 4: ≤60; 3: ≤90; 2: ≤180; 1: >180 days".
const RECENCY_TABLE: [number, RfmScore][] = [
  [0, 5], [29, 5], [30, 5], [31, 4],
  [59, 4], [60, 4], [61, 3],
  [89, 3], [90, 3], [91, 2],
  [179, 2], [180, 2], [181, 1],
  [10_000, 1],
];

// Seed 001: "5 points: ≥10 orders; 4: ≥5; 3: ≥3; 2: ≥1; 1 point: 0 orders".
const FREQUENCY_TABLE: [number, RfmScore][] = [
  [0, 1], [1, 2], [2, 2],
  [3, 3], [4, 3],
  [5, 4], [6, 4],
  [9, 4], [10, 5], [11, 5],
  [1_000, 5],
];

// Seed 001: "5 points: ≥$1,000 spent; 4: ≥$500; 3: ≥$200; 2: ≥$50; 1 point: <$50" (lifetime net).
const MONETARY_TABLE: [number, RfmScore][] = [
  [-2_500, 1], [0, 1],
  [4_999, 1], [5_000, 2], [5_001, 2],
  [19_999, 2], [20_000, 3], [20_001, 3],
  [49_999, 3], [50_000, 4], [50_001, 4],
  [99_999, 4], [100_000, 5], [100_001, 5],
];

describe('recency score: the seed bands, upper limits inclusive', () => {
  it.each(RECENCY_TABLE)('%i days ago -> R %i', (days, r) => {
    expect(recencyScore(days)).toBe(r);
  });

  it.each(RECENCY_TABLE)('a conversion %i calendar days before asOf -> R %i through scoreRfm', (days, r) => {
    const result = scoreRfm(input({ lastConversionAt: daysBefore(AS_OF, days), conversions: 1, totalCents: 1 }), AS_OF);
    expect(result).toMatchObject({ r, recencyDays: days });
  });

  it('no conversion is R 1', () => {
    expect(recencyScore(null)).toBe(1);
  });
});

describe('frequency score: the seed bands, lower limits inclusive', () => {
  it.each(FREQUENCY_TABLE)('%i conversions -> F %i', (count, f) => {
    expect(frequencyScore(count)).toBe(f);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %d conversions', (count) => {
    expect(() => frequencyScore(count)).toThrow(/conversions must be a whole number/);
  });
});

describe('monetary score: the seed bands in integer cents, lower limits inclusive', () => {
  it.each(MONETARY_TABLE)('%i cents -> M %i', (cents, m) => {
    expect(monetaryScore(cents)).toBe(m);
  });

  it.each([49.99, 5_000.5, Number.NaN, 2 ** 53])('rejects %d: money is whole cents', (cents) => {
    expect(() => monetaryScore(cents)).toThrow(/whole cents/);
  });
});

describe('segments: hot ≥ 24, warm 18–23, cool 12–17, cold ≤ 11', () => {
  it.each<[number, Segment]>([
    [6, 'cold'], [11, 'cold'],
    [12, 'cool'], [17, 'cool'],
    [18, 'warm'], [23, 'warm'],
    [24, 'hot'], [30, 'hot'],
  ])('score %i -> %s', (score, segment) => {
    expect(segmentOf(score)).toBe(segment);
  });

  it.each([5, 31, 12.5, Number.NaN])('score %d is not an RFM score', (score) => {
    expect(() => segmentOf(score)).toThrow(/whole number from 6 to 30/);
  });

  it('ranges cover 6..30 without gaps or overlaps, best first', () => {
    expect(SEGMENTS.map((s) => s.key)).toEqual([...SEGMENT_KEYS]);
    expect(SEGMENT_KEYS.map((k) => segmentRange(k))).toEqual([
      { min: 24, max: 30 },
      { min: 18, max: 23 },
      { min: 12, max: 17 },
      { min: 6, max: 11 },
    ]);
    for (let score = MIN_RFM_SCORE; score <= MAX_RFM_SCORE; score++) {
      const { min, max } = segmentRange(segmentOf(score));
      expect(score).toBeGreaterThanOrEqual(min);
      expect(score).toBeLessThanOrEqual(max);
    }
  });

  it('descriptions carry no colours or emoji', () => {
    for (const s of SEGMENTS) expect(s.description).toMatch(/^[\w\s,.:'-]+$/);
  });

  it('follows edited thresholds', () => {
    const segments = { hot: 27, warm: 20, cool: 10 };
    expect([9, 10, 19, 20, 26, 27].map((s) => segmentOf(s, segments))).toEqual(['cold', 'cool', 'cool', 'warm', 'warm', 'hot']);
  });
});

describe('score = 3·R + 2·F + 1·M', () => {
  // One input per score on each dimension, from inside the band.
  const R_DAYS: Record<RfmScore, number | null> = { 5: 0, 4: 45, 3: 75, 2: 120, 1: null };
  const F_COUNT: Record<RfmScore, number> = { 5: 12, 4: 7, 3: 3, 2: 1, 1: 0 };
  const M_CENTS: Record<RfmScore, number> = { 5: 250_000, 4: 60_000, 3: 20_000, 2: 9_900, 1: 0 };
  const scores: RfmScore[] = [1, 2, 3, 4, 5];

  it('holds for all 125 combinations, with the segment of the result', () => {
    for (const r of scores) {
      for (const f of scores) {
        for (const m of scores) {
          const days = R_DAYS[r];
          const result = scoreRfm(
            { lastConversionAt: days === null ? null : daysBefore(AS_OF, days), conversions: F_COUNT[f], totalCents: M_CENTS[m] },
            AS_OF,
          );
          const score = 3 * r + 2 * f + m;
          expect(result).toEqual({ r, f, m, score, segment: segmentOf(score), recencyDays: days });
        }
      }
    }
  });

  it('is 6 at the bottom and 30 at the top', () => {
    expect(scoreRfm(input({ lastConversionAt: daysBefore(AS_OF, 400), conversions: 0, totalCents: 0 }), AS_OF)).toMatchObject({ score: 6, segment: 'cold' });
    expect(scoreRfm(input({ lastConversionAt: AS_OF, conversions: 10, totalCents: 100_000 }), AS_OF)).toEqual({
      r: 5, f: 5, m: 5, score: 30, segment: 'hot', recencyDays: 0,
    });
  });

  it('a contact with no conversion is 1/1/1, score 6, cold', () => {
    expect(scoreRfm(input(), AS_OF)).toEqual({ r: 1, f: 1, m: 1, score: 6, segment: 'cold', recencyDays: null });
    expect(nextRecencyChange(null, AS_OF)).toBeNull();
  });

  it('uses edited thresholds and segments', () => {
    const thresholds: RfmThresholds = {
      recencyMaxDays: { 5: 7, 4: 14, 3: 30, 2: 60 },
      frequencyMin: { 5: 4, 4: 3, 3: 2, 2: 1 },
      monetaryMinCents: { 5: 10_000, 4: 5_000, 3: 2_000, 2: 500 },
    };
    const result = scoreRfm(input({ lastConversionAt: daysBefore(AS_OF, 8), conversions: 2, totalCents: 500 }), AS_OF, {
      thresholds,
      segments: { hot: 25, warm: 20, cool: 18 },
    });
    expect(result).toEqual({ r: 4, f: 3, m: 2, score: 20, segment: 'warm', recencyDays: 8 });
  });
});

describe('recency counts calendar days in the workspace time zone', () => {
  it('a conversion late on Dec 31 in New York is Jan 1 in UTC', () => {
    const last = '2026-01-01T04:30:00Z'; // 23:30 on Dec 31 in New York
    const asOf = '2026-01-31T12:00:00Z';
    expect(scoreRfm(input({ lastConversionAt: last, conversions: 1 }), asOf)).toMatchObject({ recencyDays: 30, r: 5 });
    expect(scoreRfm(input({ lastConversionAt: last, conversions: 1 }), asOf, { timeZone: 'America/New_York' })).toMatchObject({ recencyDays: 31, r: 4 });
  });

  it('counts days, not elapsed 24-hour periods', () => {
    // 30 days and 2 hours elapsed, but 31 calendar days: 23:00 on Jan 1 to 01:00 on Feb 1.
    const last = '2026-01-01T23:00:00Z';
    expect(recencyDays(last, '2026-01-31T23:59:59.999Z')).toBe(30);
    expect(recencyDays(last, '2026-02-01T01:00:00Z')).toBe(31);
    expect(recencyDays(last, new Date('2026-02-01T00:00:00Z'))).toBe(31);
  });

  it('is not thrown off by a daylight-saving change', () => {
    // New York springs forward on 2026-03-08; Mar 1 to Mar 31 is still 30 days.
    expect(recencyDays('2026-03-01T05:00:00Z', '2026-03-31T04:30:00Z', 'America/New_York')).toBe(30);
  });

  it('a conversion stamped after asOf (clock skew) counts as today', () => {
    expect(scoreRfm(input({ lastConversionAt: '2026-06-16T08:00:00Z', conversions: 1 }), AS_OF)).toMatchObject({ recencyDays: 0, r: 5 });
  });

  it('rejects an unknown zone and an unreadable date', () => {
    expect(() => scoreRfm(input(), AS_OF, { timeZone: 'Mars/Olympus' })).toThrow(/Unknown time zone: Mars\/Olympus/);
    expect(() => recencyDays('last tuesday', AS_OF)).toThrow(/Not a date/);
  });
});

describe('nextRecencyChange', () => {
  it.each<[number, string, RfmScore]>([
    [0, '2026-07-16', 4],
    [30, '2026-06-16', 4],
    [31, '2026-07-15', 3],
    [60, '2026-06-16', 3],
    [61, '2026-07-15', 2],
    [90, '2026-06-16', 2],
    [91, '2026-09-13', 1],
    [180, '2026-06-16', 1],
  ])('a conversion %i days before 2026-06-15: R drops on %s to %i', (days, day, r) => {
    const last = daysBefore('2026-06-15T12:00:00Z', days);
    expect(nextRecencyChange(last, AS_OF)).toEqual({ day, at: new Date(`${day}T00:00:00.000Z`), r });
  });

  it('is null once R is 1', () => {
    expect(nextRecencyChange(daysBefore(AS_OF, 181), AS_OF)).toBeNull();
  });

  it('starts the day in the zone, after a daylight-saving change', () => {
    // Feb 10 + 31 days = Mar 13, after New York moved to UTC-4.
    const change = nextRecencyChange('2026-02-10T15:00:00Z', '2026-02-20T15:00:00Z', DEFAULT_RFM_THRESHOLDS, 'America/New_York');
    expect(change).toEqual({ day: '2026-03-13', at: new Date('2026-03-13T04:00:00Z'), r: 4 });
  });
});

describe('threshold validation', () => {
  it('accepts the defaults', () => {
    expect(RfmThresholdsSchema.parse(DEFAULT_RFM_THRESHOLDS)).toEqual(DEFAULT_RFM_THRESHOLDS);
    expect(SegmentThresholdsSchema.parse(DEFAULT_SEGMENT_THRESHOLDS)).toEqual(DEFAULT_SEGMENT_THRESHOLDS);
  });

  const withBand = <K extends keyof RfmThresholds>(field: K, band: Record<string, unknown>) => ({
    ...DEFAULT_RFM_THRESHOLDS,
    [field]: { ...DEFAULT_RFM_THRESHOLDS[field], ...band },
  });

  it.each<[string, unknown, (string | number)[], RegExp]>([
    ['R 4 no wider than R 5', withBand('recencyMaxDays', { 4: 30 }), ['recencyMaxDays', '4'], /recencyMaxDays\.4 \(30 days\) must be more than recencyMaxDays\.5 \(30 days\)/],
    ['R 2 below R 3', withBand('recencyMaxDays', { 2: 80 }), ['recencyMaxDays', '2'], /recencyMaxDays\.2 \(80 days\) must be more than recencyMaxDays\.3/],
    ['negative days', withBand('recencyMaxDays', { 5: -1 }), ['recencyMaxDays', '5'], /recencyMaxDays\.5 must be at least 0 days/],
    ['F 4 needing as many as F 5', withBand('frequencyMin', { 4: 10 }), ['frequencyMin', '4'], /frequencyMin\.4 \(10 conversions\) must be less than frequencyMin\.5 \(10 conversions\), or score 4 can never be reached/],
    ['F 2 at zero leaves no F 1', withBand('frequencyMin', { 2: 0 }), ['frequencyMin', '2'], /frequencyMin\.2 must be at least 1 conversion, so a contact with none scores 1/],
    ['M 2 at zero leaves no M 1', withBand('monetaryMinCents', { 2: 0 }), ['monetaryMinCents', '2'], /monetaryMinCents\.2 must be at least 1 cent/],
    ['M in fractional cents', withBand('monetaryMinCents', { 3: 20_000.5 }), ['monetaryMinCents', '3'], /monetaryMinCents\.3 must be a whole number of cents/],
    ['M 3 above M 4', withBand('monetaryMinCents', { 3: 60_000 }), ['monetaryMinCents', '3'], /monetaryMinCents\.3 \(60000 cents\) must be less than monetaryMinCents\.4/],
    ['a missing band', withBand('monetaryMinCents', { 2: undefined }), ['monetaryMinCents', '2'], /monetaryMinCents\.2 must be a number of cents/],
    ['a band as text', withBand('frequencyMin', { 5: '10' }), ['frequencyMin', '5'], /frequencyMin\.5 must be a number of conversions/],
    ['a band for score 1', withBand('recencyMaxDays', { 1: 365 }), ['recencyMaxDays'], /recencyMaxDays has limits for scores 5, 4, 3 and 2 only .*, not 1$/],
    ['a missing dimension', { recencyMaxDays: DEFAULT_RFM_THRESHOLDS.recencyMaxDays, frequencyMin: DEFAULT_RFM_THRESHOLDS.frequencyMin }, ['monetaryMinCents'], /monetaryMinCents needs a limit for each of the scores/],
  ])('rejects %s', (_name, value, path, message) => {
    const result = RfmThresholdsSchema.safeParse(value);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === path.join('.'));
    expect(issue, JSON.stringify(result.error?.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['cool at 6 leaves nothing cold', { hot: 24, warm: 18, cool: 6 }, 'cool', /segments\.cool \(6\) must be more than 6, or no score is cold/],
    ['warm equal to cool', { hot: 24, warm: 12, cool: 12 }, 'warm', /segments\.warm \(12\) must be more than segments\.cool \(12\)/],
    ['hot below warm', { hot: 20, warm: 22, cool: 12 }, 'hot', /segments\.hot \(20\) must be more than segments\.warm \(22\)/],
    ['hot above 30', { hot: 31, warm: 18, cool: 12 }, 'hot', /segments\.hot must be at most 30/],
    ['a fractional score', { hot: 24, warm: 18.5, cool: 12 }, 'warm', /segments\.warm must be a whole score/],
    ['a missing segment', { hot: 24, warm: 18 }, 'cool', /segments\.cool must be a score/],
  ])('rejects segments with %s', (_name, value, path, message) => {
    const result = SegmentThresholdsSchema.safeParse(value);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === path);
    expect(issue, JSON.stringify(result.error?.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });
});

describe('properties', () => {
  const MIN_MS = Date.parse('2015-01-01T00:00:00Z');
  const MAX_MS = Date.parse('2035-01-01T00:00:00Z');
  const instant = fc.integer({ min: MIN_MS, max: MAX_MS }).map((ms) => new Date(ms).toISOString());
  const zone = fc.constantFrom('UTC', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Pacific/Kiritimati', 'Pacific/Pago_Pago');
  const cuts = (min: number, max: number) =>
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 4, maxLength: 4 }).map((xs) => [...xs].sort((a, b) => a - b) as [number, number, number, number]);
  const thresholds: fc.Arbitrary<RfmThresholds> = fc
    .tuple(cuts(0, 1_000), cuts(1, 200), cuts(1, 10_000_000))
    .map(([d, f, c]) => ({
      recencyMaxDays: { 5: d[0], 4: d[1], 3: d[2], 2: d[3] },
      frequencyMin: { 5: f[3], 4: f[2], 3: f[1], 2: f[0] },
      monetaryMinCents: { 5: c[3], 4: c[2], 3: c[1], 2: c[0] },
    }));
  const rfmInput: fc.Arbitrary<RfmInput> = fc.record({
    lastConversionAt: fc.option(instant, { nil: null }),
    conversions: fc.nat({ max: 500 }),
    totalCents: fc.integer({ min: -1_000_000, max: 50_000_000 }),
  });
  const config = fc.record({ thresholds: fc.oneof(fc.constant(DEFAULT_RFM_THRESHOLDS), thresholds), timeZone: zone });

  it('generated thresholds are ones the schema accepts', () => {
    fc.assert(fc.property(thresholds, (t) => RfmThresholdsSchema.safeParse(t).success));
  });

  it('the score is always 6..30, with a matching segment', () => {
    fc.assert(
      fc.property(rfmInput, instant, config, (i, asOf, options) => {
        const result = scoreRfm(i, asOf, options);
        expect(result.score).toBeGreaterThanOrEqual(MIN_RFM_SCORE);
        expect(result.score).toBeLessThanOrEqual(MAX_RFM_SCORE);
        expect(result.score).toBe(3 * result.r + 2 * result.f + result.m);
        expect(result.segment).toBe(segmentOf(result.score));
      }),
    );
  });

  it('more recent, more frequent or more money never lowers the score', () => {
    fc.assert(
      fc.property(
        rfmInput,
        instant,
        config,
        fc.option(instant, { nil: null }),
        fc.nat({ max: 100 }),
        fc.nat({ max: 10_000_000 }),
        (base, asOf, options, otherInstant, moreConversions, moreCents) => {
          const before = scoreRfm(base, asOf, options).score;
          // The later of the two conversions, or any conversion rather than none.
          const dates = [base.lastConversionAt, otherInstant].filter((d): d is string => d !== null).sort();
          const moreRecent = dates.length ? dates[dates.length - 1]! : null;
          expect(scoreRfm({ ...base, lastConversionAt: moreRecent }, asOf, options).score).toBeGreaterThanOrEqual(before);
          expect(scoreRfm({ ...base, conversions: base.conversions + moreConversions }, asOf, options).score).toBeGreaterThanOrEqual(before);
          expect(scoreRfm({ ...base, totalCents: base.totalCents + moreCents }, asOf, options).score).toBeGreaterThanOrEqual(before);
          // And time passing never raises it.
          const later = new Date(Date.parse(asOf) + moreConversions * 3 * DAY);
          expect(scoreRfm(base, later, options).score).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it('nextRecencyChange is exactly when R drops, and R holds until then', () => {
    fc.assert(
      fc.property(instant, instant, config, (last, asOf, { thresholds: t, timeZone }) => {
        const rNow = scoreRfm(input({ lastConversionAt: last }), asOf, { thresholds: t, timeZone }).r;
        const change = nextRecencyChange(last, asOf, t, timeZone);
        if (rNow === 1) return change === null;
        expect(change).not.toBeNull();
        const at = change!.at.getTime();
        expect(at).toBeGreaterThan(Date.parse(asOf));
        expect(scoreRfm(input({ lastConversionAt: last }), new Date(at - 1), { thresholds: t, timeZone }).r).toBe(rNow);
        expect(scoreRfm(input({ lastConversionAt: last }), new Date(at), { thresholds: t, timeZone }).r).toBe(change!.r);
        expect(change!.r).toBe(rNow - 1);
        return true;
      }),
    );
  });
});
