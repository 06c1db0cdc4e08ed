import { AppError } from '../../../shared/api/contract';
import type { reviewApi } from '../../../shared/api/review';
import { bulkUpdateLeads } from '../../../db/queries/lead-bulk';
import { changeView, createView, getViewRow, listViews, mayEditView, setViewDeleted, viewNameTaken } from '../../../db/queries/saved-views';
import { getWorkspace, roleIn } from '../../../db/queries/workspaces';
import { assertOwnerIsMember } from './leads';
import type { AreaHandlers, HandlerContext } from './types';

/** A view the user may see (own, or shared in one of their workspaces); not found otherwise. */
function visibleView(ctx: HandlerContext, id: string) {
  const row = getViewRow(ctx.app.db, id);
  const role = row ? roleIn(ctx.app.db, ctx.userId, row.workspace_id) : null;
  if (!row || !role || (row.visibility === 'personal' && row.owner_user_id !== ctx.userId)) throw new AppError('not_found', 'No such view');
  return { row, role };
}

function editableView(ctx: HandlerContext, id: string) {
  const { row, role } = visibleView(ctx, id);
  if (!mayEditView(row, ctx.userId, role)) throw new AppError('forbidden', 'Only its owner, a manager or an admin can change a shared view');
  return { row, role };
}

export const reviewHandlers = {
  'views.list': ({ workspaceId }, ctx) => listViews(ctx.app.db, workspaceId, ctx.userId, ctx.requireMember(workspaceId)),
  'views.save': ({ workspaceId, id, name, visibility, definition }, ctx) => {
    const role = ctx.requireMember(workspaceId);
    if (viewNameTaken(ctx.app.db, workspaceId, ctx.userId, name, id ?? null)) {
      throw new AppError('conflict', `name: a view called "${name}" already exists`, [{ field: 'name', message: 'already used by another view' }]);
    }
    const input = { workspaceId, name, visibility, definition };
    if (!id) {
      const view = createView(ctx.writer(), input, ctx.userId, role);
      ctx.changed(['saved_views'], workspaceId);
      return view;
    }
    const { row } = editableView(ctx, id);
    if (row.workspace_id !== workspaceId) throw new AppError('not_found', 'No such view');
    if (row.deleted_at) throw new AppError('not_found', 'This view was deleted');
    const view = changeView(ctx.writer(), id, input, ctx.userId, role);
    ctx.changed(['saved_views'], workspaceId);
    return view;
  },
  'views.delete': ({ id }, ctx) => {
    const { row, role } = editableView(ctx, id);
    if (row.deleted_at) return { deleted: false };
    setViewDeleted(ctx.writer(), id, true, ctx.userId, role);
    ctx.changed(['saved_views'], row.workspace_id);
    return { deleted: true };
  },
  'views.restore': ({ id }, ctx) => {
    const { row, role } = editableView(ctx, id);
    if (row.deleted_at && viewNameTaken(ctx.app.db, row.workspace_id, ctx.userId, row.name, id)) {
      throw new AppError('conflict', `Another view is now called "${row.name}"; rename it first`);
    }
    const view = setViewDeleted(ctx.writer(), id, false, ctx.userId, role);
    ctx.changed(['saved_views'], row.workspace_id);
    return view;
  },
  'leads.bulkUpdate': ({ workspaceId, ids, patch, note }, ctx) => {
    ctx.requireMember(workspaceId);
    assertOwnerIsMember(ctx, workspaceId, patch.ownerUserId);
    const country = getWorkspace(ctx.app.db, workspaceId)?.defaultCountry ?? 'US';
    const result = bulkUpdateLeads(ctx.writer(), workspaceId, [...new Set(ids)].map((id) => ({ id, patch })), country, note);
    ctx.changed(['leads'], workspaceId);
    return result;
  },
  'leads.bulkRestore': ({ workspaceId, items }, ctx) => {
    ctx.requireMember(workspaceId);
    for (const owner of new Set(items.map((i) => i.patch.ownerUserId))) assertOwnerIsMember(ctx, workspaceId, owner);
    const country = getWorkspace(ctx.app.db, workspaceId)?.defaultCountry ?? 'US';
    const result = bulkUpdateLeads(ctx.writer(), workspaceId, items, country, 'undo of a bulk change');
    ctx.changed(['leads'], workspaceId);
    return result;
  },
} satisfies AreaHandlers<typeof reviewApi>;
