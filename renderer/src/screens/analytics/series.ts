// Turns day × source rows into chart series: one per traffic source, bucketed by day, by
// Monday-start week when the range is long, and by month when it is very long (18 months of weeks
// is 80 spiky points of small samples, unreadable; 19 months is not). A bucket with nothing to
// divide by is null, so the chart draws a gap instead of a misleading zero.
import type { CallStatsRow } from '../../../../shared/api/analytics';
import { addDays, daysBetween } from '../../../../shared/domain/dates';
import type { TrafficSourceDef } from '../../../../shared/domain/traffic-source';

/** Ranges longer than this many days are shown by week... */
export const WEEKLY_AFTER_DAYS = 60;
/** ...and longer than this, by calendar month. */
export const MONTHLY_AFTER_DAYS = 250;

export type BucketUnit = 'day' | 'week' | 'month';

export interface Bucket {
  /** First and last day of the bucket (clipped to the range). */
  from: string;
  to: string;
}

export interface RatePoint {
  num: number;
  den: number;
}

export interface RateSeries {
  key: string;
  label: string;
  color: string;
  /** One entry per bucket; null when the denominator is zero. */
  show: (RatePoint | null)[];
  close: (RatePoint | null)[];
}

export interface ChartData {
  unit: BucketUnit;
  buckets: Bucket[];
  series: RateSeries[];
}

function weekStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

function monthAfter(monthStart: string): string {
  const [y, m] = monthStart.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

export function makeBuckets(from: string, to: string): { unit: BucketUnit; buckets: Bucket[] } {
  const days = daysBetween(from, to);
  if (days.length <= WEEKLY_AFTER_DAYS) return { unit: 'day', buckets: days.map((d) => ({ from: d, to: d })) };
  const buckets: Bucket[] = [];
  const monthly = days.length > MONTHLY_AFTER_DAYS;
  const first = monthly ? `${from.slice(0, 7)}-01` : weekStart(from);
  const next = monthly ? monthAfter : (d: string) => addDays(d, 7);
  for (let start = first; start <= to; start = next(start)) {
    const end = addDays(next(start), -1);
    buckets.push({ from: start < from ? from : start, to: end > to ? to : end });
  }
  return { unit: monthly ? 'month' : 'week', buckets };
}

/** Series in the workspace's own source order, then any source found only in the data. */
export function buildChart(rows: readonly CallStatsRow[], range: { from: string; to: string }, sources: readonly TrafficSourceDef[], def: (key: string) => TrafficSourceDef): ChartData {
  const { unit, buckets } = makeBuckets(range.from, range.to);
  const index = new Map<string, number>();
  buckets.forEach((b, i) => {
    for (const d of daysBetween(b.from, b.to)) index.set(d, i);
  });
  const present = new Set(rows.filter((r) => r.trafficSource !== undefined).map((r) => r.trafficSource!));
  const order = [...sources.map((s) => s.key).filter((k) => present.has(k)), ...[...present].filter((k) => !sources.some((s) => s.key === k)).sort()];
  const acc = new Map<string, { held: number[]; resolved: number[]; won: number[] }>();
  for (const key of order) acc.set(key, { held: buckets.map(() => 0), resolved: buckets.map(() => 0), won: buckets.map(() => 0) });
  for (const r of rows) {
    if (!r.day || r.trafficSource === undefined) continue;
    const i = index.get(r.day);
    const a = acc.get(r.trafficSource);
    if (i === undefined || !a) continue;
    a.held[i]! += r.metrics.held;
    a.resolved[i]! += r.metrics.resolved;
    a.won[i]! += r.metrics.closedWon;
  }
  const series = order.map((key): RateSeries => {
    const a = acc.get(key)!;
    const d = def(key);
    return {
      key,
      label: d.label,
      color: d.color,
      show: buckets.map((_, i) => (a.resolved[i]! > 0 ? { num: a.held[i]!, den: a.resolved[i]! } : null)),
      close: buckets.map((_, i) => (a.held[i]! > 0 ? { num: a.won[i]!, den: a.held[i]! } : null)),
    };
  });
  return { unit, buckets, series };
}
