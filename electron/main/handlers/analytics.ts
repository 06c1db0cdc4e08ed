import type { analyticsApi } from '../../../shared/api/analytics';
import { startOfLocalDay } from '../../../shared/domain/dates';
import { appointmentSummary, callStats, dailyConversions, funnel, mergeCallStats, workspaceConversions } from '../../../db/queries/analytics';
import { getWorkspace } from '../../../db/queries/workspaces';
import type { AreaHandlers } from './types';

/**
 * SDRs see their own figures; managers and admins see the team's. Scoped per workspace: someone
 * who manages one workspace and is an SDR in another sees the team in the first, themselves in
 * the second, summed.
 */
export const analyticsHandlers = {
  'analytics.calls': (input, ctx) => {
    const own = input.workspaceIds.filter((id) => ctx.requireMember(id) === 'sdr');
    const team = input.workspaceIds.filter((id) => !own.includes(id));
    const parts = [
      ...(team.length ? [callStats(ctx.app.db, { ...input, workspaceIds: team, repUserId: input.repUserId ?? null })] : []),
      ...(own.length ? [callStats(ctx.app.db, { ...input, workspaceIds: own, repUserId: ctx.userId })] : []),
    ];
    return { ...mergeCallStats(parts), scopedToRep: own.length ? ctx.userId : null };
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
