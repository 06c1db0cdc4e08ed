// Drill-down: every number on the dashboard opens the Calls screen filtered to the calls behind it.
import type { CrmStage } from '../../../../shared/domain/crm-stage';
import { useCalls, type CallsDrill } from '../../stores/calls';
import { useUi } from '../../stores/ui';
import type { DayRange } from './range';

export const HELD_STAGES: CrmStage[] = ['completed', 'closed_won', 'lost'];
export const RESOLVED_STAGES: CrmStage[] = [...HELD_STAGES, 'no_show'];

/** The figure a cell shows, and which stages it counts (undefined: every call). */
export type Measure = 'calls' | 'held' | 'noShows' | 'closedWon' | 'lost' | 'resolved' | 'revenue';

export const MEASURE_STAGES: Record<Measure, CrmStage[] | undefined> = {
  calls: undefined,
  held: HELD_STAGES,
  noShows: ['no_show'],
  closedWon: ['closed_won'],
  lost: ['lost'],
  resolved: RESOLVED_STAGES,
  revenue: ['closed_won'],
};

export const MEASURE_LABEL: Record<Measure, string> = {
  calls: 'Calls',
  held: 'Held calls',
  noShows: 'No-shows',
  closedWon: 'Closed won',
  lost: 'Lost',
  resolved: 'Resolved calls',
  revenue: 'Closed-won revenue',
};

export interface DrillScope {
  /** "Last 30 days", "Mar 4 – Apr 2, 2026", "Week of …": for titles on this screen. */
  rangeLabel: string;
  /** A named preset ("Last 30 days", "All time") for the drill's label; the Calls screen shows the days itself. */
  presetLabel?: string;
  days: DayRange;
  repUserId?: string | null;
  repName?: string;
  trafficSource?: string;
  sourceLabel?: string;
}

export function openDrill(measure: Measure, scope: DrillScope): void {
  // The Calls screen's banner adds the source and the days after this label, so they are left out here.
  const parts = [MEASURE_LABEL[measure], scope.repName, scope.presetLabel].filter(Boolean);
  const drill: CallsDrill = { label: parts.join(' · '), days: scope.days };
  const stages = MEASURE_STAGES[measure];
  if (stages) drill.crmStages = stages;
  if (scope.trafficSource !== undefined) drill.trafficSource = scope.trafficSource;
  if (scope.repUserId !== undefined) drill.repUserId = scope.repUserId;
  useCalls.getState().setDrill(drill);
  useUi.getState().go('calls');
}
