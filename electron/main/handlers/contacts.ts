import { AppError } from '../../../shared/api/contract';
import type { contactsApi } from '../../../shared/api/contacts';
import { editContact, findDuplicateExcept, getContactRow, normalizePerson, searchContacts, toContact } from '../../../db/queries/contacts';
import { getWorkspace, roleIn } from '../../../db/queries/workspaces';
import type { AreaHandlers, HandlerContext } from './types';

export function visibleContact(ctx: HandlerContext, id: string) {
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
  'contacts.update': ({ id, patch, allowDuplicate }, ctx) => {
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
    // A phone or email that now points at another person is said, not silently saved: the UI
    // offers a merge, or saves anyway when the person says they are different people.
    const probe: Parameters<typeof findDuplicateExcept>[2] = {};
    if (patch.phone !== undefined && person.phone !== row.phone) Object.assign(probe, { phone: person.phone, phoneStatus: person.phoneStatus });
    if (patch.email !== undefined && person.email !== row.email) probe.email = person.email;
    const dup = findDuplicateExcept(ctx.app.db, row.workspaceId, probe, row.id);
    const duplicate = dup
      ? {
          contact: { id: dup.row.id, contactCode: dup.row.contactCode, firstName: dup.row.firstName, lastName: dup.row.lastName, email: dup.row.email, phone: dup.row.phone, matchedOn: dup.matchedBy },
          matchedBy: dup.matchedBy,
        }
      : null;
    if (duplicate && !allowDuplicate) return { contact: toContact(row), saved: false, changed: [], duplicate };
    const result = editContact(ctx.writer(), id, changes);
    if (!result) throw new AppError('not_found', 'No such contact');
    if (result.changed.length > 0) ctx.changed(['contacts', 'contact_events'], row.workspaceId);
    return { contact: toContact(result.after), saved: true, changed: result.changed.filter((k) => k !== 'updatedAt'), duplicate };
  },
} satisfies AreaHandlers<typeof contactsApi>;
