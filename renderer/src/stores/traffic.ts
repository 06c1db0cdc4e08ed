import { create } from 'zustand';
import type { TrafficConfigView } from '../../../shared/api/settings';
import { DEFAULT_TRAFFIC_SOURCES, type TrafficSourceDef } from '../../../shared/domain/traffic-source';
import { call } from '../lib/api';

/** Each workspace's traffic sources and rules, loaded once and refreshed after a save. */
interface TrafficState {
  byWorkspace: Record<string, TrafficConfigView>;
  load(workspaceId: string, force?: boolean): Promise<TrafficConfigView>;
  set(view: TrafficConfigView): void;
}

export const useTraffic = create<TrafficState>((set, get) => ({
  byWorkspace: {},
  async load(workspaceId, force = false) {
    const cached = get().byWorkspace[workspaceId];
    if (cached && !force) return cached;
    const view = await call('settings.traffic', { workspaceId });
    set((s) => ({ byWorkspace: { ...s.byWorkspace, [workspaceId]: view } }));
    return view;
  },
  set(view) {
    set((s) => ({ byWorkspace: { ...s.byWorkspace, [view.workspaceId]: view } }));
  },
}));

export function sourceDef(sources: readonly TrafficSourceDef[] | undefined, key: string): TrafficSourceDef {
  return (sources ?? DEFAULT_TRAFFIC_SOURCES).find((s) => s.key === key) ?? { key, label: key, color: '#8b8d98' };
}
