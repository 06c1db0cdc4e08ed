import { create } from 'zustand';
import type { RangePreset } from './date-range';

/**
 * The board's filters, kept while the user visits other screens. Rep and source belong to the
 * workspace they were chosen in: another workspace's rep would silently empty the board.
 */
interface PipelineFilters {
  range: RangePreset;
  workspaceId: string | null;
  repUserId: string | null;
  trafficSource: string | null;
  setRange(range: RangePreset): void;
  setRep(workspaceId: string, repUserId: string | null): void;
  setSource(workspaceId: string, trafficSource: string | null): void;
  clear(): void;
}

export const usePipelineFilters = create<PipelineFilters>((set, get) => ({
  range: '30d',
  workspaceId: null,
  repUserId: null,
  trafficSource: null,
  setRange: (range) => set({ range }),
  setRep: (workspaceId, repUserId) => set({ repUserId, ...(get().workspaceId === workspaceId ? {} : { workspaceId, trafficSource: null }) }),
  setSource: (workspaceId, trafficSource) => set({ trafficSource, ...(get().workspaceId === workspaceId ? {} : { workspaceId, repUserId: null }) }),
  clear: () => set({ range: '30d', repUserId: null, trafficSource: null }),
}));

/** The rep and source that apply in `workspaceId` (none when they were chosen elsewhere). */
export function filtersFor(state: Pick<PipelineFilters, 'workspaceId' | 'repUserId' | 'trafficSource'>, workspaceId: string): { repUserId: string | null; trafficSource: string | null } {
  return state.workspaceId === workspaceId ? { repUserId: state.repUserId, trafficSource: state.trafficSource } : { repUserId: null, trafficSource: null };
}
