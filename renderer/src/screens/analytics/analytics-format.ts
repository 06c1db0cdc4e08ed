// Formatting used across the dashboard: rates with one decimal, workspace-local day strings as
// "Mar 4", money in CSV as exact decimal text.
import type { DayRange } from './range';

/** 0.6251 -> "62.5%"; null (nothing to divide by) -> "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** A percentage already in percent (the seed's figures): 74.13 -> "74.1%". */
export function formatPct(pct: number | null | undefined): string {
  if (pct === null || pct === undefined) return '—';
  return `${pct.toFixed(1)}%`;
}

/** For CSV cells: 0.6251 -> "62.5", null -> "". */
export function rateCsv(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '' : (rate * 100).toFixed(1);
}

/** Integer cents -> "1234.56" without floating point. */
export function centsCsv(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const shortFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

function dayDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** "2026-03-04" -> "Mar 4" (a calendar day, so no time-zone shift). */
export function shortDay(day: string): string {
  return shortFmt.format(dayDate(day));
}

/** "2026-03-04" -> "Mar 4, 2026". */
export function longDay(day: string): string {
  return longFmt.format(dayDate(day));
}

/** "Mar 4 – Apr 2, 2026", "Dec 1, 2025 – Jan 3, 2026", or "All time". */
export function rangeLabel(days: DayRange, covered?: { from: string | null; to: string | null }): string {
  const from = days.from ?? null;
  const to = days.to ?? null;
  if (!from && !to) {
    if (covered?.from && covered.to) return `All time (${longDay(covered.from)} – ${longDay(covered.to)})`;
    return 'All time';
  }
  if (from && to) {
    if (from === to) return longDay(from);
    return from.slice(0, 4) === to.slice(0, 4) ? `${shortDay(from)} – ${longDay(to)}` : `${longDay(from)} – ${longDay(to)}`;
  }
  return from ? `Since ${longDay(from)}` : `Until ${longDay(to!)}`;
}
