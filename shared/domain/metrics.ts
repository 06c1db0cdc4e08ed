// Call metrics (DESIGN.md §3). The seed's SQL counted no-shows as "completed", which inflates the
// show rate; ours uses held = completed + closed_won + lost, resolved = held + no_show. The seed's
// own figures are kept under their own names for comparison with the old dashboard.
import type { CrmStage } from './crm-stage';

export type StageCounts = Record<CrmStage, number>;

export const EMPTY_STAGE_COUNTS: StageCounts = { scheduled: 0, in_progress: 0, completed: 0, no_show: 0, closed_won: 0, lost: 0 };

export interface CallMetrics {
  calls: number;
  held: number;
  noShows: number;
  resolved: number;
  closedWon: number;
  lost: number;
  /** held / resolved, or null when nothing is resolved yet. */
  showRate: number | null;
  /** closed_won / held, or null when nothing was held. */
  closeRate: number | null;
  /** Seed 004: completed + no_show + closed_won + lost ("completed_calls"). */
  seedCompletedCalls: number;
  /** Seed 004: seedCompletedCalls / all calls, in percent rounded to 2 places (counts no-shows as shows). */
  seedShowRatePct: number | null;
  /** Seed 004: closed_won / seedCompletedCalls, in percent rounded to 2 places. */
  seedCloseRatePct: number | null;
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);
const pct2 = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num * 10000) / den) / 100);

export function callMetrics(c: StageCounts): CallMetrics {
  const calls = c.scheduled + c.in_progress + c.completed + c.no_show + c.closed_won + c.lost;
  const held = c.completed + c.closed_won + c.lost;
  const resolved = held + c.no_show;
  const seedCompletedCalls = c.completed + c.no_show + c.closed_won + c.lost;
  return {
    calls,
    held,
    noShows: c.no_show,
    resolved,
    closedWon: c.closed_won,
    lost: c.lost,
    showRate: ratio(held, resolved),
    closeRate: ratio(c.closed_won, held),
    seedCompletedCalls,
    seedShowRatePct: pct2(seedCompletedCalls, calls),
    seedCloseRatePct: pct2(c.closed_won, seedCompletedCalls),
  };
}

export function addCounts(a: StageCounts, b: Partial<StageCounts>): StageCounts {
  return {
    scheduled: a.scheduled + (b.scheduled ?? 0),
    in_progress: a.in_progress + (b.in_progress ?? 0),
    completed: a.completed + (b.completed ?? 0),
    no_show: a.no_show + (b.no_show ?? 0),
    closed_won: a.closed_won + (b.closed_won ?? 0),
    lost: a.lost + (b.lost ?? 0),
  };
}
