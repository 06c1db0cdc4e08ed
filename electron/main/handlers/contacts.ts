import { AppError } from '../../../shared/api/contract';
import type { contactsApi } from '../../../shared/api/contacts';
import { getContactRow, normalizePerson, searchContacts, toContact, updateContact } from '../../../db/queries/contacts';
import { getWorkspace, roleIn } from '../../../db/queries/workspaces';
import type { AreaHandlers, HandlerContext } from './types';

function visibleContact(ctx: HandlerContext, id: string) {
  const row = getContactRow(ctx.app.db, id);
  if (!row || !roleIn(ctx.app.db, ctx.userId, row.workspaceId)) throw new AppError('not_found', 'No such contact');
  return row;
}

export const contactsHandlers = {
  'contacts.get': ({ id }, ctx) => toContact(visibleContact(ctx, id)),
  'contacts.search': ({ workspaceId, query, limit }, ctx) => {
    ctx.requireMember(workspaceId);
    return searchContacts(ctx.app.db, workspaceId, query, limit);
  },
  'contacts.update': ({ id, patch }, ctx) => {
    const row = visibleContact(ctx, id);
    if (patch.ownerUserId && !roleIn(ctx.app.db, patch.ownerUserId, row.workspaceId)) {
      throw new AppError('invalid_input', "ownerUserId: must be a member of the contact's workspace", [
        { field: 'ownerUserId', message: "must be a member of the contact's workspace" },
      ]);
    }
    // Re-normalize only what the patch touches; untouched fields keep their stored values.
    const country = getWorkspace(ctx.app.db, row.workspaceId)?.defaultCountry ?? 'US';
    const person = normalizePerson({ ...row, phone: patch.phone ?? row.phoneRaw, ...patch }, country);
    const changes: Record<string, unknown> = {};
    if (patch.firstName !== undefined) changes.firstName = person.firstName;
    if (patch.lastName !== undefined) changes.lastName = person.lastName;
    if (patch.email !== undefined) Object.assign(changes, { email: person.email, emailValid: person.emailValid });
    if (patch.phone !== undefined) {
      Object.assign(changes, { phone: person.phone, phoneRaw: person.phoneRaw, phoneStatus: person.phoneStatus, phoneIssue: person.phoneIssue });
    }
    for (const key of ['address', 'city', 'state', 'zipCode'] as const) if (patch[key] !== undefined) changes[key] = person[key];
    if (patch.ownerUserId !== undefined) changes.ownerUserId = patch.ownerUserId;
    const result = updateContact(ctx.writer(), id, changes);
    if (!result) throw new AppError('not_found', 'No such contact');
    ctx.changed(['contacts'], row.workspaceId);
    return toContact(result.after);
  },
} satisfies AreaHandlers<typeof contactsApi>;
