// The CRM stage machine for calls (seed 004, DESIGN.md §3). Any stage may move to any other,
// except that leaving a closed stage (closed_won, lost) reopens a decided deal: only a manager
// (or admin) may do that. Moving to closed_won needs the sale value, which becomes a conversion.
import { roleAtLeast, type Role } from './leads';

export const CRM_STAGES = ['scheduled', 'in_progress', 'completed', 'no_show', 'closed_won', 'lost'] as const;
export type CrmStage = (typeof CRM_STAGES)[number];

export const CRM_STAGE_LABELS: Record<CrmStage, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  no_show: 'No-show',
  closed_won: 'Closed won',
  lost: 'Lost',
};

export const CLOSED_STAGES: ReadonlySet<CrmStage> = new Set(['closed_won', 'lost']);

export function isCrmStage(value: string): value is CrmStage {
  return (CRM_STAGES as readonly string[]).includes(value);
}

export type StageCheck = { ok: true; needsSaleValue: boolean } | { ok: false; reason: string; code: 'same_stage' | 'needs_manager' };

/** Whether `role` may move a call from `from` to `to`, and whether the move needs a sale value. */
export function checkStageChange(from: CrmStage, to: CrmStage, role: Role): StageCheck {
  if (from === to) return { ok: false, code: 'same_stage', reason: `The call is already ${CRM_STAGE_LABELS[to]}` };
  if (CLOSED_STAGES.has(from) && !roleAtLeast(role, 'manager')) {
    return { ok: false, code: 'needs_manager', reason: `Reopening a ${CRM_STAGE_LABELS[from]} call needs a manager` };
  }
  return { ok: true, needsSaleValue: to === 'closed_won' };
}

/** Seed 004's mapping of the legacy status/outcome pair to a CRM stage. */
export function legacyCrmStage(status: string | null | undefined, outcome: string | null | undefined): CrmStage {
  const s = (status ?? '').trim().toLowerCase().replace(/_/g, '-');
  const o = (outcome ?? '').trim().toLowerCase();
  if (s === 'completed' && o === 'won') return 'closed_won';
  if (s === 'completed' && o === 'lost') return 'lost';
  if (s === 'completed' && o === 'tbd') return 'completed';
  if (s === 'no-show' || s === 'noshow') return 'no_show';
  if (s === 'rescheduled') return 'scheduled';
  // The seed sends everything else to scheduled; a completed call with no outcome was still held.
  if (s === 'completed') return 'completed';
  if (s === 'in-progress') return 'in_progress';
  return 'scheduled';
}
