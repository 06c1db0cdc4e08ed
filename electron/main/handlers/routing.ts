// The routing setup: everyone in the workspace reads it (the booking dialog explains routing to
// SDRs too); only admins change it, as the server's policies expect.
import { AppError } from '../../../shared/api/contract';
import type { routingApi } from '../../../shared/api/routing';
import { routeLead } from '../../../shared/domain/routing';
import { deleteRule, restoreRule, routingConfig, routingInput, ruleWorkspace, saveRep, saveRule, setFallbackOwner } from '../../../db/queries/routing';
import type { AreaHandlers, HandlerContext } from './types';

function view(ctx: HandlerContext, workspaceId: string) {
  const role = ctx.requireMember(workspaceId);
  return routingConfig(ctx.app.db, workspaceId, ctx.app.now().toISOString(), role === 'admin');
}

function changed(ctx: HandlerContext, workspaceId: string, table: string) {
  ctx.changed([table], workspaceId);
  return view(ctx, workspaceId);
}

function ruleInWorkspace(ctx: HandlerContext, id: string, includeDeleted: boolean): string {
  const ws = ruleWorkspace(ctx.app.db, id, includeDeleted);
  if (!ws) throw new AppError('not_found', 'No such routing rule');
  ctx.requireMember(ws, 'admin');
  return ws;
}

export const routingHandlers = {
  'routing.config': ({ workspaceId }, ctx) => view(ctx, workspaceId),
  'routing.saveRule': ({ workspaceId, id, ...fields }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    saveRule(ctx.writer(), workspaceId, id, fields);
    return changed(ctx, workspaceId, 'appointment_routing_rules');
  },
  'routing.deleteRule': ({ id }, ctx) => {
    const ws = ruleInWorkspace(ctx, id, false);
    deleteRule(ctx.writer(), id);
    return changed(ctx, ws, 'appointment_routing_rules');
  },
  'routing.restoreRule': ({ id }, ctx) => {
    const ws = ruleInWorkspace(ctx, id, true);
    restoreRule(ctx.writer(), id);
    return changed(ctx, ws, 'appointment_routing_rules');
  },
  'routing.saveRep': ({ workspaceId, userId, ...fields }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    saveRep(ctx.writer(), workspaceId, userId, fields);
    return changed(ctx, workspaceId, 'routing_reps');
  },
  'routing.setFallback': ({ workspaceId, userId }, ctx) => {
    ctx.requireMember(workspaceId, 'admin');
    setFallbackOwner(ctx.writer(), workspaceId, userId);
    return changed(ctx, workspaceId, 'workspace_settings');
  },
  'routing.test': ({ workspaceId, productType, zip, scheduledAt, durationMinutes }, ctx) => {
    ctx.requireMember(workspaceId);
    return routeLead(routingInput(ctx.app.db, workspaceId, { productType, zip }, { start: new Date(scheduledAt).toISOString(), durationMinutes }, ctx.app.now().toISOString()));
  },
} satisfies AreaHandlers<typeof routingApi>;
