import { AppError } from '../../../shared/api/contract';
import { prepared } from '../../../db/connection';
import type { contact360Api } from '../../../shared/api/contact360';
import { anyContactRow, contactOverview, duplicateCandidates, resolveMergedContact } from '../../../db/queries/contact-360';
import { mergeContacts, previewMerge, undoMerge } from '../../../db/queries/contact-merge';
import { contactTimeline } from '../../../db/queries/contact-timeline';
import { roleIn } from '../../../db/queries/workspaces';
import { visibleContact } from './contacts';
import type { AreaHandlers, HandlerContext } from './types';

/** Either contact of a merge, merged away or not; the merge code refuses what it cannot do with a reason. */
function memberOfContact(ctx: HandlerContext, id: string, field: string) {
  const row = anyContactRow(ctx.app.db, id);
  if (!row || !roleIn(ctx.app.db, ctx.userId, row.workspaceId)) throw new AppError('not_found', `No such contact (${field})`);
  return row;
}

const MERGE_TABLES = ['contacts', 'contact_events', 'leads', 'calls', 'appointments', 'conversions', 'analytics_events'];

export const contact360Handlers = {
  'contacts.overview': ({ id }, ctx) => {
    const asked = anyContactRow(ctx.app.db, id);
    if (!asked || !roleIn(ctx.app.db, ctx.userId, asked.workspaceId)) throw new AppError('not_found', 'No such contact');
    // A merged-away contact opens as the contact it lives on in.
    const row = resolveMergedContact(ctx.app.db, id);
    if (!row) throw new AppError('not_found', `Contact #${asked.contactCode} has been deleted`);
    return contactOverview(ctx.app.db, row, row.id === id ? null : { id, contactCode: asked.contactCode });
  },
  'contacts.timeline': ({ id, kinds, after, limit }, ctx) => {
    const row = visibleContact(ctx, id);
    return contactTimeline(ctx.app.db, { contactId: row.id, ...(kinds ? { kinds } : {}), ...(after ? { after } : {}), limit });
  },
  'contacts.duplicates': ({ id, limit }, ctx) => duplicateCandidates(ctx.app.db, visibleContact(ctx, id), limit),
  'contacts.mergePreview': ({ winnerId, loserId }, ctx) => {
    memberOfContact(ctx, winnerId, 'winnerId');
    memberOfContact(ctx, loserId, 'loserId');
    return previewMerge(ctx.app.db, winnerId, loserId);
  },
  'contacts.merge': ({ winnerId, loserId }, ctx) => {
    const winner = memberOfContact(ctx, winnerId, 'winnerId');
    memberOfContact(ctx, loserId, 'loserId');
    const result = mergeContacts(ctx.writer(), winnerId, loserId);
    ctx.changed(MERGE_TABLES, winner.workspaceId);
    return result;
  },
  'contacts.undoMerge': ({ mergeEventId }, ctx) => {
    const ws = prepared(ctx.app.db, 'SELECT workspace_id FROM contact_events WHERE id = ?').pluck().get(mergeEventId) as string | undefined;
    if (!ws || !roleIn(ctx.app.db, ctx.userId, ws)) throw new AppError('not_found', 'No such merge');
    const result = undoMerge(ctx.writer(), mergeEventId);
    ctx.changed(MERGE_TABLES, ws);
    return result;
  },
} satisfies AreaHandlers<typeof contact360Api>;
