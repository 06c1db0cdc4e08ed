import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Role } from '../../shared/domain/leads';
import { prepared, type AppDb } from '../connection';
import { liveRowById } from '../write';
import { users, workspaceMemberships, workspaces } from '../schema';

export interface WorkspaceWithRole {
  id: string;
  name: string;
  role: Role;
  isDemo: boolean;
  defaultCountry: string;
  timezone: string;
}

export function workspacesForUser(db: AppDb, userId: string): WorkspaceWithRole[] {
  return db.orm
    .select({
      id: workspaces.id,
      name: workspaces.name,
      role: workspaceMemberships.role,
      isDemo: workspaces.isDemo,
      defaultCountry: workspaces.defaultCountry,
      timezone: workspaces.timezone,
    })
    .from(workspaceMemberships)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMemberships.workspaceId))
    .where(
      and(
        eq(workspaceMemberships.userId, userId),
        eq(workspaceMemberships.status, 'active'),
        isNull(workspaceMemberships.deletedAt),
        isNull(workspaces.deletedAt),
      ),
    )
    .orderBy(asc(workspaces.name))
    .all();
}

/** The user's active role in a workspace, or null. On every handler's path, so a cached statement. */
export function roleIn(db: AppDb, userId: string, workspaceId: string): Role | null {
  const row = prepared(
    db,
    `SELECT role FROM workspace_memberships WHERE user_id = ? AND workspace_id = ? AND status = 'active' AND deleted_at IS NULL`,
  ).get(userId, workspaceId) as { role: Role } | undefined;
  return row?.role ?? null;
}

export function getWorkspace(db: AppDb, id: string) {
  return liveRowById(db, workspaces, id);
}

export function getUser(db: AppDb, id: string) {
  return liveRowById(db, users, id);
}

export function membersOf(db: AppDb, workspaceId: string) {
  return db.orm
    .select({ id: users.id, displayName: users.displayName, email: users.email, role: workspaceMemberships.role })
    .from(workspaceMemberships)
    .innerJoin(users, eq(users.id, workspaceMemberships.userId))
    .where(
      and(
        eq(workspaceMemberships.workspaceId, workspaceId),
        eq(workspaceMemberships.status, 'active'),
        isNull(workspaceMemberships.deletedAt),
        isNull(users.deletedAt),
      ),
    )
    .orderBy(asc(users.displayName))
    .all();
}

export function demoUsers(db: AppDb) {
  return db.orm.select().from(users).where(and(eq(users.isDemo, true), isNull(users.deletedAt))).orderBy(asc(users.displayName)).all();
}

export function membershipsOfUser(db: AppDb, userId: string): Record<string, Role> {
  const rows = db.orm
    .select({ workspaceId: workspaceMemberships.workspaceId, role: workspaceMemberships.role })
    .from(workspaceMemberships)
    .where(and(eq(workspaceMemberships.userId, userId), isNull(workspaceMemberships.deletedAt)))
    .all();
  return Object.fromEntries(rows.map((r) => [r.workspaceId, r.role]));
}
