import type { settingsApi, TrafficConfigView } from '../../../shared/api/settings';
import { resetTrafficConfig, saveTrafficConfig, trafficConfig } from '../../../db/queries/workspace-settings';
import type { AreaHandlers, HandlerContext } from './types';

function view(ctx: HandlerContext, workspaceId: string): TrafficConfigView {
  const role = ctx.requireMember(workspaceId);
  return { workspaceId, ...trafficConfig(ctx.app.db, workspaceId), editable: role === 'admin' };
}

export const settingsHandlers = {
  'settings.traffic': ({ workspaceId }, ctx) => view(ctx, workspaceId),
  'settings.saveTraffic': ({ workspaceId, sources, rules }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    saveTrafficConfig(ctx.writer(), workspaceId, sources, rules);
    ctx.changed(['workspace_settings'], workspaceId);
    return view(ctx, workspaceId);
  },
  'settings.resetTraffic': ({ workspaceId }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    resetTrafficConfig(ctx.writer(), workspaceId);
    ctx.changed(['workspace_settings'], workspaceId);
    return view(ctx, workspaceId);
  },
} satisfies AreaHandlers<typeof settingsApi>;
