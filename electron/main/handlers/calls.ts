import type { callsApi, CallDetail } from '../../../shared/api/calls';
import { AppError } from '../../../shared/api/contract';
import { getContactRow, normalizePerson, findOrCreateContact } from '../../../db/queries/contacts';
import { callDetail, changeCallStage, createCall, getCallRow, leadOptions, updateCall } from '../../../db/queries/calls';
import { board, callsPage } from '../../../db/queries/calls-page';
import { getLeadRow } from '../../../db/queries/leads';
import { trafficConfig } from '../../../db/queries/workspace-settings';
import { getWorkspace, roleIn } from '../../../db/queries/workspaces';
import { transaction } from '../../../db/write';
import type { AreaHandlers, HandlerContext } from './types';

function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, [{ field, message }]);
}

function visibleCall(ctx: HandlerContext, id: string) {
  const row = getCallRow(ctx.app.db, id);
  if (!row || !roleIn(ctx.app.db, ctx.userId, row.workspaceId)) throw new AppError('not_found', 'No such call');
  return row;
}

function detailOf(ctx: HandlerContext, id: string): CallDetail {
  const detail = callDetail(ctx.app.db, id);
  if (!detail) throw new AppError('not_found', 'No such call');
  return detail;
}

function checkRep(ctx: HandlerContext, workspaceId: string, repUserId: string | null | undefined): void {
  if (repUserId && !roleIn(ctx.app.db, repUserId, workspaceId)) throw invalid('repUserId', "the rep must be a member of the call's workspace");
}

function checkSource(ctx: HandlerContext, workspaceId: string, source: string | null | undefined): void {
  if (!source) return;
  const { sources } = trafficConfig(ctx.app.db, workspaceId);
  if (!sources.some((s) => s.key === source)) throw invalid('trafficSourceOverride', `"${source}" is not a traffic source of this workspace (${sources.map((s) => s.key).join(', ')})`);
}

export const callsHandlers = {
  'calls.create': (input, ctx) => {
    ctx.requireMember(input.workspaceId);
    const workspace = getWorkspace(ctx.app.db, input.workspaceId)!;
    const w = ctx.writer();
    checkRep(ctx, input.workspaceId, input.repUserId);
    checkSource(ctx, input.workspaceId, input.trafficSourceOverride);
    const id = transaction(ctx.app.db, () => {
      let contactId = input.contactId;
      if (contactId) {
        const contact = getContactRow(ctx.app.db, contactId);
        if (!contact || !roleIn(ctx.app.db, ctx.userId, contact.workspaceId)) throw invalid('contactId', 'no such contact');
        if (contact.workspaceId !== input.workspaceId) {
          const other = getWorkspace(ctx.app.db, contact.workspaceId)?.name ?? 'another workspace';
          throw invalid('contactId', `this contact belongs to ${other}, not to the workspace of the call; log the call there`);
        }
      } else {
        contactId = findOrCreateContact(w, input.workspaceId, normalizePerson(input.newContact!, workspace.defaultCountry)).contact.id;
      }
      if (input.leadId) {
        const lead = getLeadRow(ctx.app.db, input.leadId);
        if (!lead || lead.contactId !== contactId) throw invalid('leadId', 'that lead is not one of this contact\'s leads');
      }
      const repUserId = input.repUserId === undefined ? (roleIn(ctx.app.db, ctx.userId, input.workspaceId) ? ctx.userId : null) : input.repUserId;
      return createCall(w, {
        workspaceId: input.workspaceId,
        timeZone: workspace.timezone,
        contactId,
        leadId: input.leadId ?? null,
        repUserId,
        evidence: input.evidence,
        trafficSourceOverride: input.trafficSourceOverride ?? null,
        rules: trafficConfig(ctx.app.db, input.workspaceId).rules,
        crmStage: input.crmStage,
        scheduledAt: input.scheduledAt ?? null,
        startedAt: input.startedAt ?? null,
        durationSeconds: input.durationSeconds ?? null,
        notes: input.notes,
        saleValueCents: input.saleValueCents ?? null,
      }).id;
    });
    ctx.changed(['calls', 'contacts', 'leads', 'conversions'], input.workspaceId);
    return detailOf(ctx, id);
  },
  'calls.get': ({ id }, ctx) => {
    visibleCall(ctx, id);
    return detailOf(ctx, id);
  },
  'calls.page': (input, ctx) => {
    ctx.requireMember(input.workspaceId);
    return callsPage(ctx.app.db, input);
  },
  'calls.changeStage': (input, ctx) => {
    const call = visibleCall(ctx, input.id);
    const role = ctx.requireMember(call.workspaceId);
    const result = changeCallStage(ctx.writer(), input.id, { to: input.to, role, reason: input.reason ?? null, saleValueCents: input.saleValueCents ?? null });
    ctx.changed(['calls', 'conversions', 'leads'], call.workspaceId);
    return { call: detailOf(ctx, input.id).call, conversionId: result.conversionId };
  },
  'calls.update': ({ id, patch }, ctx) => {
    const call = visibleCall(ctx, id);
    checkRep(ctx, call.workspaceId, patch.repUserId);
    checkSource(ctx, call.workspaceId, patch.trafficSourceOverride);
    const workspace = getWorkspace(ctx.app.db, call.workspaceId)!;
    updateCall(ctx.writer(), id, patch, trafficConfig(ctx.app.db, call.workspaceId).rules, workspace.timezone);
    ctx.changed(['calls'], call.workspaceId);
    return detailOf(ctx, id);
  },
  'calls.board': (input, ctx) => {
    ctx.requireMember(input.workspaceId);
    return board(ctx.app.db, input);
  },
  'calls.leadOptions': ({ contactId }, ctx) => {
    const contact = getContactRow(ctx.app.db, contactId);
    if (!contact || !roleIn(ctx.app.db, ctx.userId, contact.workspaceId)) throw new AppError('not_found', 'No such contact');
    return leadOptions(ctx.app.db, contactId);
  },
} satisfies AreaHandlers<typeof callsApi>;
