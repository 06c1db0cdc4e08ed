import { create } from 'zustand';
import type { CustomRange, RangePreset } from './range';

export type WorkspaceScope = 'current' | 'all';

/** The dashboard's filters; kept across screens so a drill-down and "back" lands where you were. */
interface AnalyticsFilters {
  preset: RangePreset;
  custom: CustomRange;
  scope: WorkspaceScope;
  repUserId: string | null;
  setPreset(preset: RangePreset): void;
  setCustom(custom: CustomRange): void;
  setScope(scope: WorkspaceScope): void;
  setRep(repUserId: string | null): void;
}

export const useAnalyticsFilters = create<AnalyticsFilters>((set) => ({
  preset: '90d',
  custom: { from: '', to: '' },
  scope: 'current',
  repUserId: null,
  setPreset: (preset) => set({ preset }),
  setCustom: (custom) => set({ custom, preset: 'custom' }),
  setScope: (scope) => set({ scope, repUserId: null }),
  setRep: (repUserId) => set({ repUserId }),
}));
