// Date-range presets for the dashboard. Days are the workspace's own calendar days (the
// summaries bucket calls by workspace-local day), so "today" is computed in its time zone, not
// the browser's.
import { addDays, DAY_RE, localDay } from '../../../../shared/domain/dates';

export type RangePreset = '7d' | '30d' | '90d' | 'ytd' | 'all' | 'custom';

export const RANGE_PRESETS: { id: RangePreset; label: string; long: string }[] = [
  { id: '7d', label: '7D', long: 'Last 7 days' },
  { id: '30d', label: '30D', long: 'Last 30 days' },
  { id: '90d', label: '90D', long: 'Last 90 days' },
  { id: 'ytd', label: 'This year', long: 'This year' },
  { id: 'all', label: 'All time', long: 'All time' },
  { id: 'custom', label: 'Custom', long: 'Custom range' },
];

export interface DayRange {
  from?: string;
  to?: string;
}

export interface CustomRange {
  from: string;
  to: string;
}

export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return localDay(now, timeZone);
  } catch {
    return localDay(now, 'UTC');
  }
}

/** The inclusive day range a preset stands for; {} means no bound (all time). */
export function presetDays(preset: RangePreset, today: string, custom: CustomRange): DayRange {
  switch (preset) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'ytd':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'all':
      return {};
    case 'custom': {
      const out: DayRange = {};
      if (DAY_RE.test(custom.from)) out.from = custom.from;
      if (DAY_RE.test(custom.to)) out.to = custom.to;
      return out;
    }
  }
}

/** Why a custom range cannot be used, or null when it can. */
export function customRangeProblem(custom: CustomRange): string | null {
  if (custom.from && custom.to && custom.from > custom.to) return '“From” is after “To”';
  return null;
}
