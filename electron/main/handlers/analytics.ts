import type { analyticsApi } from '../../../shared/api/analytics';
import { startOfLocalDay } from '../../../shared/domain/dates';
import { appointmentSummary, callStats, dailyConversions, funnel, workspaceConversions } from '../../../db/queries/analytics';
import { getWorkspace } from '../../../db/queries/workspaces';
import type { AreaHandlers, HandlerContext } from './types';

/** SDRs see their own figures; managers and admins see the team's. */
function scopeFor(ctx: HandlerContext, workspaceIds: string[]): string | null {
  const roles = workspaceIds.map((id) => ctx.requireMember(id));
  return roles.some((r) => r === 'sdr') ? ctx.userId : null;
}

export const analyticsHandlers = {
  'analytics.calls': (input, ctx) => {
    const scoped = scopeFor(ctx, input.workspaceIds);
    const stats = callStats(ctx.app.db, { ...input, repUserId: scoped ?? input.repUserId ?? null });
    return { ...stats, scopedToRep: scoped };
  },
  'analytics.funnel': ({ workspaceIds }, ctx) => {
    workspaceIds.forEach((id) => ctx.requireMember(id));
    return funnel(ctx.app.db, workspaceIds);
  },
  'analytics.dailyConversions': ({ workspaceIds, days }, ctx) => {
    workspaceIds.forEach((id) => ctx.requireMember(id));
    return dailyConversions(ctx.app.db, workspaceIds, days);
  },
  'analytics.workspaceConversions': ({ workspaceIds }, ctx) => {
    workspaceIds.forEach((id) => ctx.requireMember(id));
    return workspaceConversions(ctx.app.db, workspaceIds);
  },
  'analytics.appointments': ({ workspaceId, days, limit }, ctx) => {
    ctx.requireMember(workspaceId);
    const tz = getWorkspace(ctx.app.db, workspaceId)?.timezone ?? 'UTC';
    const from = days.from ? startOfLocalDay(days.from, tz).toISOString() : ctx.app.now().toISOString();
    return appointmentSummary(ctx.app.db, workspaceId, from, limit);
  },
} satisfies AreaHandlers<typeof analyticsApi>;
