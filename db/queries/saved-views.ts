// Saved views of the leads grid: a user's own, and the workspace's shared ones. They sync like any
// record (one write path); a deleted view is a tombstone, so delete can be undone.
import { LeadsViewDefinition, type SavedView } from '../../shared/api/review';
import type { Role } from '../../shared/domain/leads';
import { prepared, type AppDb } from '../connection';
import { savedViews } from '../schema';
import { deleteRow, insertRow, restoreRow, updateRow, type Writer } from '../write';

interface ViewRow {
  id: string;
  workspace_id: string;
  owner_user_id: string;
  name: string;
  visibility: 'personal' | 'workspace';
  definition: string;
  updated_at: string;
  deleted_at: string | null;
  owner_name: string | null;
}

const SELECT = `SELECT v.id, v.workspace_id, v.owner_user_id, v.name, v.visibility, v.definition, v.updated_at, v.deleted_at,
  (SELECT display_name FROM users u WHERE u.id = v.owner_user_id) AS owner_name FROM saved_views v`;

/** Its owner may change a view; a shared one also a manager or an admin. */
export function mayEditView(view: Pick<ViewRow, 'owner_user_id' | 'visibility'>, userId: string, role: Role): boolean {
  return view.owner_user_id === userId || (view.visibility === 'workspace' && role !== 'sdr');
}

function toView(r: ViewRow, userId: string, role: Role): SavedView {
  // A definition written by a newer version (or by hand on the server) that no longer parses
  // shows as an empty view rather than breaking the list.
  const parsed = LeadsViewDefinition.safeParse(safeJson(r.definition));
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    screen: 'leads',
    name: r.name,
    visibility: r.visibility,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    editable: mayEditView(r, userId, role),
    definition: parsed.success ? parsed.data : LeadsViewDefinition.parse({}),
    updatedAt: r.updated_at,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export function getViewRow(db: AppDb, id: string): ViewRow | null {
  return (prepared(db, `${SELECT} WHERE v.id = ?`).get(id) as ViewRow | undefined) ?? null;
}

/** The user's own views, then the shared ones, each by name. */
export function listViews(db: AppDb, workspaceId: string, userId: string, role: Role): SavedView[] {
  const rows = prepared(
    db,
    `${SELECT} WHERE v.workspace_id = ? AND v.screen = 'leads' AND v.deleted_at IS NULL AND (v.visibility = 'workspace' OR v.owner_user_id = ?)
     ORDER BY v.visibility = 'workspace', v.position, v.name COLLATE NOCASE, v.id`,
  ).all(workspaceId, userId) as ViewRow[];
  return rows.map((r) => toView(r, userId, role));
}

export interface ViewInput {
  workspaceId: string;
  name: string;
  visibility: 'personal' | 'workspace';
  definition: LeadsViewDefinition;
}

export function createView(w: Writer, input: ViewInput, userId: string, role: Role): SavedView {
  const row = insertRow(w, savedViews, { workspaceId: input.workspaceId, ownerUserId: userId, screen: 'leads', name: input.name, visibility: input.visibility, definition: JSON.stringify(input.definition) });
  return toView(getViewRow(w.db, row.id)!, userId, role);
}

export function changeView(w: Writer, id: string, input: ViewInput, userId: string, role: Role): SavedView {
  updateRow(w, savedViews, id, { name: input.name, visibility: input.visibility, definition: JSON.stringify(input.definition) });
  return toView(getViewRow(w.db, id)!, userId, role);
}

export function setViewDeleted(w: Writer, id: string, deleted: boolean, userId: string, role: Role): SavedView {
  if (deleted) deleteRow(w, savedViews, id);
  else restoreRow(w, savedViews, id);
  return toView(getViewRow(w.db, id)!, userId, role);
}

/** Same name among the views the user sees (case-insensitive), other than `exceptId`. */
export function viewNameTaken(db: AppDb, workspaceId: string, userId: string, name: string, exceptId: string | null): boolean {
  return (
    prepared(
      db,
      `SELECT 1 FROM saved_views WHERE workspace_id = ? AND screen = 'leads' AND deleted_at IS NULL AND (visibility = 'workspace' OR owner_user_id = ?)
       AND lower(name) = lower(?) AND id IS NOT ? LIMIT 1`,
    ).get(workspaceId, userId, name, exceptId) !== undefined
  );
}
