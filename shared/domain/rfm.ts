// Lead scoring by RFM (seed 001, DESIGN.md §3): recency, frequency and monetary value of a
// contact's conversions, each scored 1..5, combined as 3·R + 2·F + 1·M (6..30) and cut into
// hot / warm / cool / cold. The thresholds are data so a workspace can edit them; the defaults
// are the seed's, boundaries included.
import { z } from 'zod';
import { addDays, isValidTimeZone, localDay, startOfLocalDay } from './dates';

export type RfmScore = 1 | 2 | 3 | 4 | 5;
/** The scores that have an explicit band; 1 is whatever falls outside all of them. */
export type BandScore = 2 | 3 | 4 | 5;
export const BAND_SCORES: readonly BandScore[] = [5, 4, 3, 2];

export interface RfmThresholds {
  /** Most days since the last conversion that still earn each R score (inclusive). Older, or no conversion at all, is R = 1. */
  recencyMaxDays: Record<BandScore, number>;
  /** Fewest conversions that earn each F score (inclusive). Fewer than the F = 2 count is F = 1. */
  frequencyMin: Record<BandScore, number>;
  /** Least net value, in integer cents, that earns each M score (inclusive). Less than the M = 2 amount is M = 1. */
  monetaryMinCents: Record<BandScore, number>;
}

/** Seed 001: "≤30 days … ≤180 days, 1 point: >180 days", "≥10 orders … ≥1 order, 1 point: 0 orders", "≥$1,000 … ≥$50, 1 point: <$50". */
export const DEFAULT_RFM_THRESHOLDS: RfmThresholds = {
  recencyMaxDays: { 5: 30, 4: 60, 3: 90, 2: 180 },
  frequencyMin: { 5: 10, 4: 5, 3: 3, 2: 1 },
  monetaryMinCents: { 5: 100_000, 4: 50_000, 3: 20_000, 2: 5_000 },
};

export const RFM_WEIGHTS = { r: 3, f: 2, m: 1 } as const;
export const MIN_RFM_SCORE = 6;
export const MAX_RFM_SCORE = 30;

export const SEGMENT_KEYS = ['hot', 'warm', 'cool', 'cold'] as const;
export type Segment = (typeof SEGMENT_KEYS)[number];

/** Lowest score of each segment (inclusive); cold is everything below cool. */
export interface SegmentThresholds {
  hot: number;
  warm: number;
  cool: number;
}

/** Seed 001: hot 24–30, warm 18–23, cool 12–17, cold 6–11. */
export const DEFAULT_SEGMENT_THRESHOLDS: SegmentThresholds = { hot: 24, warm: 18, cool: 12 };

export interface SegmentDef {
  key: Segment;
  label: string;
  description: string;
}

/** Best first. Descriptions say what the segment means for a rep, not which score range it is (that is editable). */
export const SEGMENTS: readonly SegmentDef[] = [
  { key: 'hot', label: 'Hot', description: 'Bought recently, often and for a lot: the first people to call.' },
  { key: 'warm', label: 'Warm', description: 'Engaged buyers with room to grow: worth a timely follow-up.' },
  { key: 'cool', label: 'Cool', description: 'Some history but fading or small: nurture before asking for more.' },
  { key: 'cold', label: 'Cold', description: 'Long quiet, one small purchase, or none yet: leave to campaigns.' },
];

// ---- Validation of editable thresholds ----------------------------------------------------------

const MAX_DAYS = 36_500;
const MAX_COUNT = 1_000_000;
const MAX_CENTS = 1e13;

type BandField = keyof RfmThresholds;

const BAND_RULES: Record<BandField, { unit: string; max: number; min: number; atLeast: string; direction: 'increasing' | 'decreasing' }> = {
  // Lower R scores reach further back, so the day limits grow from R = 5 to R = 2.
  recencyMaxDays: { unit: 'days', min: 0, max: MAX_DAYS, atLeast: 'at least 0 days', direction: 'increasing' },
  // Higher F and M scores need more, so the minimums shrink from 5 to 2; the 2-band must start
  // above zero or nothing could score 1.
  frequencyMin: { unit: 'conversions', min: 1, max: MAX_COUNT, atLeast: 'at least 1 conversion, so a contact with none scores 1', direction: 'decreasing' },
  monetaryMinCents: { unit: 'cents', min: 1, max: MAX_CENTS, atLeast: 'at least 1 cent, so a contact with nothing spent scores 1', direction: 'decreasing' },
};

function bandSchema(field: BandField) {
  const { unit, min, max, atLeast } = BAND_RULES[field];
  const value = (score: BandScore) => {
    const name = `${field}.${score}`;
    return z
      .number({ error: `${name} must be a number of ${unit}` })
      .int(`${name} must be a whole number of ${unit}`)
      .min(min, `${name} must be ${atLeast}`)
      .max(max, `${name} must be at most ${max} ${unit}`);
  };
  return z
    .object(
      { 5: value(5), 4: value(4), 3: value(3), 2: value(2) },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `${field} has limits for scores 5, 4, 3 and 2 only (1 is everything outside them), not ${issue.keys.join(', ')}`
            : `${field} needs a limit for each of the scores 5, 4, 3 and 2`,
      },
    )
    .strict();
}

export const RfmThresholdsSchema = z
  .object({
    recencyMaxDays: bandSchema('recencyMaxDays'),
    frequencyMin: bandSchema('frequencyMin'),
    monetaryMinCents: bandSchema('monetaryMinCents'),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const field of Object.keys(BAND_RULES) as BandField[]) {
      const { unit, direction } = BAND_RULES[field];
      for (let i = 1; i < BAND_SCORES.length; i++) {
        const higher = BAND_SCORES[i - 1]!;
        const lower = BAND_SCORES[i]!;
        const a = t[field][higher];
        const b = t[field][lower];
        const ordered = direction === 'increasing' ? b > a : b < a;
        if (!ordered) {
          ctx.addIssue({
            code: 'custom',
            path: [field, String(lower)],
            message: `${field}.${lower} (${b} ${unit}) must be ${direction === 'increasing' ? 'more' : 'less'} than ${field}.${higher} (${a} ${unit}), or score ${lower} can never be reached`,
          });
        }
      }
    }
  }) satisfies z.ZodType<RfmThresholds>;

function segmentValue(name: keyof SegmentThresholds) {
  return z
    .number({ error: `segments.${name} must be a score` })
    .int(`segments.${name} must be a whole score`)
    .min(MIN_RFM_SCORE, `segments.${name} must be at least ${MIN_RFM_SCORE}`)
    .max(MAX_RFM_SCORE, `segments.${name} must be at most ${MAX_RFM_SCORE}`);
}

export const SegmentThresholdsSchema = z
  .object({ hot: segmentValue('hot'), warm: segmentValue('warm'), cool: segmentValue('cool') })
  .strict()
  .superRefine((s, ctx) => {
    // Every segment keeps at least one score: cold needs 6, so cool starts at 7 or later.
    if (s.cool <= MIN_RFM_SCORE) ctx.addIssue({ code: 'custom', path: ['cool'], message: `segments.cool (${s.cool}) must be more than ${MIN_RFM_SCORE}, or no score is cold` });
    if (s.warm <= s.cool) ctx.addIssue({ code: 'custom', path: ['warm'], message: `segments.warm (${s.warm}) must be more than segments.cool (${s.cool}), or no score is cool` });
    if (s.hot <= s.warm) ctx.addIssue({ code: 'custom', path: ['hot'], message: `segments.hot (${s.hot}) must be more than segments.warm (${s.warm}), or no score is warm` });
  }) satisfies z.ZodType<SegmentThresholds>;

// ---- Scoring ------------------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000;

function dayIndex(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function checkTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
}

/**
 * Whole calendar days in `timeZone` from the day of the last conversion to the day of `asOf`:
 * a conversion at 23:50 is "1 day ago" ten minutes later. The seed does not say how it counts
 * days; calendar days match how reps read dates and do not drift with the hour of the recompute.
 * Null when there is no conversion.
 */
export function recencyDays(lastConversionAt: string | null, asOf: Date | string, timeZone = 'UTC'): number | null {
  checkTimeZone(timeZone);
  if (lastConversionAt === null) return null;
  const days = dayIndex(localDay(asOf, timeZone)) - dayIndex(localDay(lastConversionAt, timeZone));
  // A conversion stamped after asOf (another device's clock ran ahead) counts as today.
  return Math.max(0, days);
}

export function recencyScore(days: number | null, thresholds: RfmThresholds = DEFAULT_RFM_THRESHOLDS): RfmScore {
  if (days === null) return 1;
  for (const s of BAND_SCORES) if (days <= thresholds.recencyMaxDays[s]) return s;
  return 1;
}

export function frequencyScore(conversions: number, thresholds: RfmThresholds = DEFAULT_RFM_THRESHOLDS): RfmScore {
  if (!Number.isSafeInteger(conversions) || conversions < 0) throw new RangeError(`conversions must be a whole number ≥ 0, got ${conversions}`);
  for (const s of BAND_SCORES) if (conversions >= thresholds.frequencyMin[s]) return s;
  return 1;
}

/** `totalCents` is net of refunds (the seed scores `lifetime_net`), so it may be negative: M = 1. */
export function monetaryScore(totalCents: number, thresholds: RfmThresholds = DEFAULT_RFM_THRESHOLDS): RfmScore {
  if (!Number.isSafeInteger(totalCents)) throw new RangeError(`totalCents must be whole cents, got ${totalCents}`);
  for (const s of BAND_SCORES) if (totalCents >= thresholds.monetaryMinCents[s]) return s;
  return 1;
}

export function segmentOf(score: number, segments: SegmentThresholds = DEFAULT_SEGMENT_THRESHOLDS): Segment {
  if (!Number.isInteger(score) || score < MIN_RFM_SCORE || score > MAX_RFM_SCORE) {
    throw new RangeError(`An RFM score is a whole number from ${MIN_RFM_SCORE} to ${MAX_RFM_SCORE}, got ${score}`);
  }
  if (score >= segments.hot) return 'hot';
  if (score >= segments.warm) return 'warm';
  if (score >= segments.cool) return 'cool';
  return 'cold';
}

/** The scores a segment covers, for labels like "Warm (18–23)". */
export function segmentRange(segment: Segment, segments: SegmentThresholds = DEFAULT_SEGMENT_THRESHOLDS): { min: number; max: number } {
  switch (segment) {
    case 'hot':
      return { min: segments.hot, max: MAX_RFM_SCORE };
    case 'warm':
      return { min: segments.warm, max: segments.hot - 1 };
    case 'cool':
      return { min: segments.cool, max: segments.warm - 1 };
    case 'cold':
      return { min: MIN_RFM_SCORE, max: segments.cool - 1 };
  }
}

export interface RfmInput {
  /** ISO instant of the latest conversion, or null if the contact has none. */
  lastConversionAt: string | null;
  conversions: number;
  /** Net value of all conversions in integer cents. */
  totalCents: number;
}

export interface RfmOptions {
  thresholds?: RfmThresholds;
  segments?: SegmentThresholds;
  /** The workspace's IANA zone, in which recency days are counted. */
  timeZone?: string;
}

export interface RfmResult {
  r: RfmScore;
  f: RfmScore;
  m: RfmScore;
  score: number;
  segment: Segment;
  /** Calendar days since the last conversion; null when there is none. */
  recencyDays: number | null;
}

/**
 * Each dimension is scored from its own input: a contact with no conversion (null date, 0
 * conversions, 0 cents) is R = F = M = 1, score 6, cold; the seed gives 1 point for "0 orders",
 * "<$50" and ">180 days", and no order is older than any day count.
 */
export function scoreRfm(input: RfmInput, asOf: Date | string, options: RfmOptions = {}): RfmResult {
  const thresholds = options.thresholds ?? DEFAULT_RFM_THRESHOLDS;
  const days = recencyDays(input.lastConversionAt, asOf, options.timeZone ?? 'UTC');
  const r = recencyScore(days, thresholds);
  const f = frequencyScore(input.conversions, thresholds);
  const m = monetaryScore(input.totalCents, thresholds);
  const score = RFM_WEIGHTS.r * r + RFM_WEIGHTS.f * f + RFM_WEIGHTS.m * m;
  return { r, f, m, score, segment: segmentOf(score, options.segments), recencyDays: days };
}

export interface RecencyChange {
  /** The local day (YYYY-MM-DD, in the zone) on which R drops. */
  day: string;
  /** The instant that day starts. */
  at: Date;
  /** R from that day on. */
  r: RfmScore;
}

/**
 * When R next drops with no new conversion, so a daily recompute can touch only the contacts
 * whose band changes. Null when there is no conversion or R is already 1; after a new
 * conversion, ask again.
 */
export function nextRecencyChange(
  lastConversionAt: string | null,
  asOf: Date | string,
  thresholds: RfmThresholds = DEFAULT_RFM_THRESHOLDS,
  timeZone = 'UTC',
): RecencyChange | null {
  const days = recencyDays(lastConversionAt, asOf, timeZone);
  if (lastConversionAt === null || days === null) return null;
  const r = recencyScore(days, thresholds);
  if (r === 1) return null;
  // R = r holds up to recencyMaxDays[r] days; the next day is the first of the band below.
  const day = addDays(localDay(lastConversionAt, timeZone), thresholds.recencyMaxDays[r] + 1);
  return { day, at: startOfLocalDay(day, timeZone), r: (r - 1) as RfmScore };
}
