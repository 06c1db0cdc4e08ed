// The SQL that scores contacts by RFM (shared/domain/rfm.ts is the rule; this is the same rule as
// set-based SQL, so 100k contacts score in one statement instead of a JS loop). Thresholds are
// validated integers and go into the text as literals: one statement per threshold set, cached.
import { BAND_SCORES, RFM_WEIGHTS, type RfmThresholds, type SegmentThresholds } from '../../shared/domain/rfm';
import { zoneOffsetMinutes } from '../../shared/domain/dates';

/**
 * How a conversion counts (seed 001 scores `lifetime_orders` and `lifetime_net`; seed 002's
 * conversions carry a type and a billing status):
 * - an order whose money went back (billing status `refunded`) is still an order the contact
 *   placed, so it counts for R and F, but adds nothing to the net (M);
 * - `cancelled` and `failed` orders never completed: they count for nothing;
 * - a refund recorded as its own row (conversion_type `refund`, value ≥ 0 like every row) is no
 *   order and subtracts its value from the net, which can then be negative (M = 1);
 * - every other type (sale, order, appointment, qualified, …) is a conversion with its value.
 * Soft-deleted rows (deleted_at) count for nothing. Values are summed as cents whatever the currency.
 */
const COUNTS = `(conversion_type <> 'refund' AND coalesce(billing_status, '') NOT IN ('cancelled', 'failed'))`;
const NET_CENTS = `CASE WHEN conversion_type = 'refund' THEN -value_cents WHEN coalesce(billing_status, '') IN ('refunded', 'cancelled', 'failed') THEN 0 ELSE value_cents END`;

/** Per-contact inputs (contact_id, last_at, n, net) from conversions matching `where` (over the table aliased v). */
export function conversionInputs(where: string): string {
  return `SELECT contact_id, max(CASE WHEN ${COUNTS} THEN converted_at END) AS last_at,
      count(CASE WHEN ${COUNTS} THEN 1 END) AS n, coalesce(sum(${NET_CENTS}), 0) AS net
    FROM conversions v WHERE ${where} AND deleted_at IS NULL GROUP BY contact_id`;
}

// ---- Local days in SQL --------------------------------------------------------------------------

interface OffsetSpan {
  /** ISO instant from which the offset holds. */
  from: string;
  minutes: number;
}

const MS_PER_DAY = 86_400_000;
// Pure memo of tz data (like the formatters in dates.ts): same zone and years, same answer.
const spanCache = new Map<string, OffsetSpan[]>();

/** The zone's UTC offsets over whole years fromYear..toYear, as spans starting at each change. */
export function offsetSpans(timeZone: string, fromYear: number, toYear: number): OffsetSpan[] {
  const key = `${timeZone}|${fromYear}|${toYear}`;
  const cached = spanCache.get(key);
  if (cached) return cached;
  const start = Date.UTC(fromYear, 0, 1) - MS_PER_DAY;
  const end = Date.UTC(toYear + 1, 0, 1) + MS_PER_DAY;
  const spans: OffsetSpan[] = [{ from: new Date(start).toISOString(), minutes: zoneOffsetMinutes(start, timeZone) }];
  // Daily samples find each change (zones change at most a few times a year), bisection its instant.
  for (let t = start; t < end; t += MS_PER_DAY) {
    const before = zoneOffsetMinutes(t, timeZone);
    const after = zoneOffsetMinutes(t + MS_PER_DAY, timeZone);
    if (before === after) continue;
    let lo = t;
    let hi = t + MS_PER_DAY;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zoneOffsetMinutes(mid, timeZone) === before) lo = mid;
      else hi = mid;
    }
    spans.push({ from: new Date(hi).toISOString(), minutes: after });
  }
  spanCache.set(key, spans);
  return spans;
}

const modifier = (minutes: number) => `'${minutes >= 0 ? '+' : ''}${minutes} minutes'`;

/**
 * SQL for the local calendar day (YYYY-MM-DD) of an ISO-8601 UTC column in the zone, exact over
 * the years given (the span of the data); outside them the nearest year's offset applies. Text
 * comparison of ISO UTC instants is chronological (DESIGN.md §2 keeps every timestamp so).
 */
export function localDaySql(column: string, timeZone: string, fromYear: number, toYear: number): string {
  const spans = offsetSpans(timeZone, fromYear, toYear);
  if (spans.every((s) => s.minutes === spans[0]!.minutes)) return `date(${column}, ${modifier(spans[0]!.minutes)})`;
  // Newest first: most scored conversions are recent, so the CASE usually stops at its first arms.
  const arms = spans
    .slice(1)
    .reverse()
    .map((s) => `WHEN ${column} >= '${s.from}' THEN ${modifier(s.minutes)}`)
    .join(' ');
  return `date(${column}, CASE ${arms} ELSE ${modifier(spans[0]!.minutes)} END)`;
}

// ---- Scoring ------------------------------------------------------------------------------------

export interface ScoringBasis {
  rfm: RfmThresholds;
  segments: SegmentThresholds;
  timeZone: string;
}

function bandCase(value: string, op: '<=' | '>=', limits: Record<2 | 3 | 4 | 5, number>): string {
  return `CASE ${BAND_SCORES.map((s) => `WHEN ${value} ${op} ${Math.trunc(limits[s])} THEN ${s}`).join(' ')} ELSE 1 END`;
}

/**
 * A SELECT of contact_rfm's columns scored from `inputs` (a query yielding contact_id, last_at, n,
 * net). Parameters: @today (the workspace's local day), @workspaceId, @computedAt. Each level is
 * fenced with `LIMIT -1` so SQLite runs it as a co-routine instead of flattening it: flattened,
 * every reference to r, f, m or score would repeat the CASE (and the date parsing) beneath it.
 */
export function scoredSelect(basis: ScoringBasis, inputs: string, years: { from: number; to: number }): string {
  const { rfm, segments } = basis;
  const ld = localDaySql('last_at', basis.timeZone, years.from, years.to);
  const drops = BAND_SCORES.map((s) => `WHEN ${s} THEN date(ld, '+${Math.trunc(rfm.recencyMaxDays[s]) + 1} days')`).join(' ');
  const score = `(${RFM_WEIGHTS.r} * r + ${RFM_WEIGHTS.f} * f + ${RFM_WEIGHTS.m} * m)`;
  return `SELECT contact_id, @workspaceId AS workspace_id, last_at, n, net, r, f, m, ${score} AS score,
      CASE WHEN ${score} >= ${segments.hot} THEN 'hot' WHEN ${score} >= ${segments.warm} THEN 'warm' WHEN ${score} >= ${segments.cool} THEN 'cool' ELSE 'cold' END AS segment,
      CASE r ${drops} ELSE NULL END AS drops_on, @computedAt AS computed_at
    FROM (
      SELECT contact_id, last_at, n, net, ld, ${bandCase('days', '<=', rfm.recencyMaxDays)} AS r,
        ${bandCase('n', '>=', rfm.frequencyMin)} AS f, ${bandCase('net', '>=', rfm.monetaryMinCents)} AS m
      FROM (
        -- A conversion stamped after today (a clock running ahead) counts as today, as in recencyDays.
        SELECT contact_id, last_at, n, net, ld, max(0, CAST(julianday(@today) - julianday(ld) AS INTEGER)) AS days
        FROM (SELECT contact_id, last_at, n, net, ${ld} AS ld FROM (${inputs}) WHERE n > 0 LIMIT -1)
        LIMIT -1
      )
      LIMIT -1
    )`;
}

export const RFM_COLUMNS = 'contact_id, workspace_id, last_conversion_at, conversions, total_cents, r, f, m, score, segment, recency_drops_on, computed_at';

/** Upsert form: re-scoring rows that exist (the daily pass) overwrites them in place. */
export const RFM_UPSERT = `ON CONFLICT (contact_id) DO UPDATE SET workspace_id = excluded.workspace_id, last_conversion_at = excluded.last_conversion_at,
  conversions = excluded.conversions, total_cents = excluded.total_cents, r = excluded.r, f = excluded.f, m = excluded.m, score = excluded.score,
  segment = excluded.segment, recency_drops_on = excluded.recency_drops_on, computed_at = excluded.computed_at`;
