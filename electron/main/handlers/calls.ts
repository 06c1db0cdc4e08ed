import type { callsApi, CallDetail } from '../../../shared/api/calls';
import { AppError } from '../../../shared/api/contract';
import { refreshIfPending } from '../../../db/queries/rfm';
import type { TrafficSourceDef } from '../../../shared/domain/traffic-source';
import { getContactRow, normalizePerson, findOrCreateContact } from '../../../db/queries/contacts';
import { assembleCallDetail, callDetail, changeCallStage, createCall, getCallRow, leadOptions, updateCall, userName } from '../../../db/queries/calls';
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

function checkSource(sources: readonly TrafficSourceDef[], source: string | null | undefined): void {
  if (!source) return;
  if (!sources.some((s) => s.key === source)) throw invalid('trafficSourceOverride', `"${source}" is not a traffic source of this workspace (${sources.map((s) => s.key).join(', ')})`);
}

export const callsHandlers = {
  'calls.create': (input, ctx) => {
    ctx.requireMember(input.workspaceId);
    const db = ctx.app.db;
    const workspace = getWorkspace(db, input.workspaceId)!;
    const config = trafficConfig(db, input.workspaceId);
    const w = ctx.writer();
    checkRep(ctx, input.workspaceId, input.repUserId);
    checkSource(config.sources, input.trafficSourceOverride);
    const created = transaction(db, () => {
      let contact;
      if (input.contactId) {
        contact = getContactRow(db, input.contactId);
        if (!contact || !roleIn(db, ctx.userId, contact.workspaceId)) throw invalid('contactId', 'no such contact');
        if (contact.workspaceId !== input.workspaceId) {
          const other = getWorkspace(db, contact.workspaceId)?.name ?? 'another workspace';
          throw invalid('contactId', `this contact belongs to ${other}, not to the workspace of the call; log the call there`);
        }
      } else {
        contact = findOrCreateContact(w, input.workspaceId, normalizePerson(input.newContact!, workspace.defaultCountry)).contact;
      }
      const lead = input.leadId ? getLeadRow(db, input.leadId) : null;
      if (input.leadId && (!lead || lead.contactId !== contact.id)) throw invalid('leadId', "that lead is not one of this contact's leads");
      // The person logging is a member (checked above), so by default the call is theirs.
      const repUserId = input.repUserId === undefined ? ctx.userId : input.repUserId;
      const result = createCall(w, {
        workspaceId: input.workspaceId,
        timeZone: workspace.timezone,
        contactId: contact.id,
        leadId: input.leadId ?? null,
        repUserId,
        evidence: input.evidence,
        trafficSourceOverride: input.trafficSourceOverride ?? null,
        rules: config.rules,
        crmStage: input.crmStage,
        scheduledAt: input.scheduledAt ?? null,
        startedAt: input.startedAt ?? null,
        durationSeconds: input.durationSeconds ?? null,
        notes: input.notes,
        saleValueCents: input.saleValueCents ?? null,
      });
      return { ...result, contact, lead: result.call.crmStage === 'closed_won' && lead ? getLeadRow(db, lead.id) : lead };
    });
    ctx.changed(['calls', 'contacts', 'leads', 'conversions'], input.workspaceId);
    // Everything the answer needs is in hand: no second read of what was just written.
    const { call, event, conversionId, contact, lead } = created;
    const actor = userName(db, ctx.userId);
    return assembleCallDetail(
      call,
      { contact_code: contact.contactCode, first_name: contact.firstName, last_name: contact.lastName, email: contact.email, phone: contact.phone },
      lead,
      call.repUserId === ctx.userId ? actor : userName(db, call.repUserId),
      [{ id: event.id, eventType: event.eventType, oldValue: event.oldValue, newValue: event.newValue, reason: event.reason, actorName: actor, createdAt: event.createdAt }],
      conversionId ? { id: conversionId, valueCents: call.saleValueCents ?? 0, currency: call.currency, convertedAt: event.createdAt } : null,
    );
  },
  'calls.get': ({ id }, ctx) => {
    visibleCall(ctx, id);
    return detailOf(ctx, id);
  },
  'calls.page': (input, ctx) => {
    ctx.requireMember(input.workspaceId);
    refreshIfPending(ctx.app.db, input.workspaceId, ctx.app.now());
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
    checkSource(trafficConfig(ctx.app.db, call.workspaceId).sources, patch.trafficSourceOverride);
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
