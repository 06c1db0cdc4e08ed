import type { appApi, Bootstrap } from '../../../shared/api/app';
import { AppError } from '../../../shared/api/contract';
import { getMeta, setMeta } from '../../../db/queries/meta';
import { demoUsers, getUser, membersOf, membershipsOfUser, roleIn, workspacesForUser } from '../../../db/queries/workspaces';
import { removeDemoData } from '../../../db/seed/remove-demo';
import { ensureLocalIdentity, type AppContext } from '../context';
import type { AreaHandlers } from './types';

export function bootstrap(app: AppContext, userId: string): Bootstrap {
  const user = getUser(app.db, userId);
  if (!user) throw new AppError('not_found', 'The current user no longer exists on this device');
  const workspaces = workspacesForUser(app.db, userId);
  const stored = getMeta(app.db, 'current_workspace_id');
  const current = workspaces.find((w) => w.id === stored) ?? workspaces[0] ?? null;
  const hasDemoData = app.db.sqlite.prepare('SELECT 1 FROM workspaces WHERE is_demo = 1 AND deleted_at IS NULL LIMIT 1').get() !== undefined;
  return {
    user: { id: user.id, displayName: user.displayName, email: user.email, isDemo: user.isDemo },
    workspaces,
    currentWorkspaceId: current?.id ?? null,
    deviceId: app.deviceId,
    appVersion: app.appVersion,
    hasDemoData,
    switchableUsers: user.isDemo
      ? demoUsers(app.db).map((u) => ({ id: u.id, displayName: u.displayName, email: u.email, isDemo: true, roles: membershipsOfUser(app.db, u.id) }))
      : [],
  };
}

export const appHandlers = {
  'app.bootstrap': (_input, ctx) => bootstrap(ctx.app, ctx.userId),
  'app.status': (_input, ctx) => ctx.app.status(),
  'session.switchWorkspace': ({ workspaceId }, ctx) => {
    ctx.requireMember(workspaceId);
    setMeta(ctx.app.db, 'current_workspace_id', workspaceId);
    return bootstrap(ctx.app, ctx.userId);
  },
  'session.switchUser': ({ userId }, ctx) => {
    // Acting as someone else exists only to show the demo from each role's seat.
    const me = getUser(ctx.app.db, ctx.userId);
    const target = getUser(ctx.app.db, userId);
    if (!me?.isDemo || !target?.isDemo) throw new AppError('forbidden', 'Switching user is only possible inside the demo data');
    setMeta(ctx.app.db, 'current_user_id', userId);
    const current = getMeta(ctx.app.db, 'current_workspace_id');
    if (!current || !roleIn(ctx.app.db, userId, current)) {
      const first = workspacesForUser(ctx.app.db, userId)[0];
      if (first) setMeta(ctx.app.db, 'current_workspace_id', first.id);
    }
    ctx.changed(['session'], null);
    return bootstrap(ctx.app, userId);
  },
  'users.list': ({ workspaceId }, ctx) => {
    ctx.requireMember(workspaceId);
    return membersOf(ctx.app.db, workspaceId);
  },
  'demo.remove': (_input, ctx) => {
    const workspaces = workspacesForUser(ctx.app.db, ctx.userId);
    const demo = workspaces.filter((w) => w.isDemo);
    if (demo.length === 0) throw new AppError('not_found', 'There is no demo data on this device');
    if (!demo.every((w) => w.role === 'admin')) throw new AppError('forbidden', 'Only an admin can remove the demo data');
    const result = removeDemoData(ctx.app.db);
    ensureLocalIdentity(ctx.app);
    ctx.changed(['workspaces', 'leads', 'contacts', 'session'], null);
    return result;
  },
} satisfies AreaHandlers<typeof appApi>;
