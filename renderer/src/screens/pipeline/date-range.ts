// The board's date presets. Days are the workspace's own calendar days (the server buckets calls
// by them), and a preset sets only the start: upcoming calls stay on the board, because a
// pipeline without next week's scheduled calls is not much of a pipeline.
import { addDays, localDay } from '../../../../shared/domain/dates';

export type RangePreset = '7d' | '30d' | '90d' | 'all';

export interface RangeOption {
  id: RangePreset;
  /** On the segmented control. */
  short: string;
  /** In the palette and the Calls drill-down. */
  label: string;
  days: number | null;
}

export const RANGE_OPTIONS: readonly RangeOption[] = [
  { id: '7d', short: '7 days', label: 'Last 7 days', days: 7 },
  { id: '30d', short: '30 days', label: 'Last 30 days', days: 30 },
  { id: '90d', short: '90 days', label: 'Last 90 days', days: 90 },
  { id: 'all', short: 'All time', label: 'All time', days: null },
];

export function rangeOption(id: RangePreset): RangeOption {
  return RANGE_OPTIONS.find((o) => o.id === id) ?? RANGE_OPTIONS[1]!;
}

/** "Last 7 days" is today and the 6 days before it, in the workspace's zone. */
export function rangeDays(id: RangePreset, now: Date, timeZone: string): { from?: string } {
  const days = rangeOption(id).days;
  if (days === null) return {};
  return { from: addDays(localDay(now, timeZone), -(days - 1)) };
}

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "Oct 18, 2026" for a YYYY-MM-DD day, without shifting it through a time zone. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayLabel.format(new Date(Date.UTC(y, m - 1, d)));
}
