import { AppError } from '../../../shared/api/contract';
import { LEADS_EXPORT_LIMIT, type LeadDetail, type leadsApi } from '../../../shared/api/leads';
import { getContactRow, normalizePerson, toContact } from '../../../db/queries/contacts';
import { createLead, getLeadRow, leadEventsFor, otherLeadsOfContact, toLead, updateLead, userNames } from '../../../db/queries/leads';
import { leadsPage } from '../../../db/queries/leads-page';
import { refreshIfPending } from '../../../db/queries/rfm';
import { exportLeadsCsv } from '../../../db/queries/leads-export';
import { getWorkspace, roleIn } from '../../../db/queries/workspaces';
import type { AreaHandlers, HandlerContext } from './types';

/** A lead the user may see: not found (rather than forbidden) for other tenants' ids, so ids leak nothing. */
export function visibleLead(ctx: HandlerContext, id: string) {
  const row = getLeadRow(ctx.app.db, id);
  if (!row || !roleIn(ctx.app.db, ctx.userId, row.workspaceId)) throw new AppError('not_found', 'No such lead');
  return row;
}

export function assertOwnerIsMember(ctx: HandlerContext, workspaceId: string, ownerUserId: string | null | undefined): void {
  if (ownerUserId && !roleIn(ctx.app.db, ownerUserId, workspaceId)) {
    throw new AppError('invalid_input', 'ownerUserId: the owner must be a member of the lead\'s workspace', [
      { field: 'ownerUserId', message: "must be a member of the lead's workspace" },
    ]);
  }
}

function defaultCountry(ctx: HandlerContext, workspaceId: string): string {
  return getWorkspace(ctx.app.db, workspaceId)?.defaultCountry ?? 'US';
}

export const leadsHandlers = {
  'leads.page': (input, ctx) => {
    ctx.requireMember(input.workspaceId);
    // Scores of contacts whose conversions changed are brought up to date before the grid shows them.
    refreshIfPending(ctx.app.db, input.workspaceId, ctx.app.now());
    return leadsPage(ctx.app.db, input);
  },
  'leads.exportCsv': (input, ctx) => {
    // The whole lead list leaves the app: a manager's or an admin's call.
    ctx.requireMember(input.workspaceId, 'manager');
    refreshIfPending(ctx.app.db, input.workspaceId, ctx.app.now());
    return exportLeadsCsv(ctx.app.db, input, LEADS_EXPORT_LIMIT);
  },
  'leads.get': ({ id }, ctx): LeadDetail => {
    const row = visibleLead(ctx, id);
    const contact = getContactRow(ctx.app.db, row.contactId);
    if (!contact) throw new AppError('not_found', 'The contact of this lead is missing');
    const owner = row.ownerUserId ? userNames(ctx.app.db, [row.ownerUserId]).get(row.ownerUserId) ?? null : null;
    return {
      lead: toLead(row),
      contact: toContact(contact),
      ownerName: owner,
      otherLeads: otherLeadsOfContact(ctx.app.db, row.contactId, row.id),
      events: leadEventsFor(ctx.app.db, row.id),
    };
  },
  'leads.create': ({ workspaceId, contact, lead }, ctx) => {
    ctx.requireMember(workspaceId);
    assertOwnerIsMember(ctx, workspaceId, lead.ownerUserId);
    const person = normalizePerson(contact, defaultCountry(ctx, workspaceId));
    const created = createLead(ctx.writer(), workspaceId, person, lead);
    ctx.changed(['leads', 'contacts'], workspaceId);
    return {
      lead: toLead(created.lead),
      contact: toContact(created.contact),
      contactCreated: created.contactCreated,
      matchedBy: created.matchedBy,
    };
  },
  'leads.update': ({ id, patch, note }, ctx) => {
    const row = visibleLead(ctx, id);
    assertOwnerIsMember(ctx, row.workspaceId, patch.ownerUserId);
    const updated = updateLead(ctx.writer(), id, patch, defaultCountry(ctx, row.workspaceId), note);
    if (!updated) throw new AppError('not_found', 'No such lead');
    ctx.changed(['leads'], row.workspaceId);
    return toLead(updated);
  },
} satisfies AreaHandlers<typeof leadsApi>;
