import { users, workspaceMemberships } from '../../db/schema';
import { insertRow } from '../../db/write';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../electron/main/context';
import { createDispatcher } from '../../electron/main/handlers';
import type { Dispatcher } from '../../electron/main/dispatch';
import { getMeta } from '../../db/queries/meta';
import type { MethodName, MethodOutput } from '../../shared/api';

export const MIGRATIONS = join(__dirname, '..', '..', 'db', 'migrations');

export interface TestApp {
  ctx: AppContext;
  dispatcher: Dispatcher;
  workspaceId: string;
  userId: string;
  /** Calls a method and returns its value, failing the test with the API's message otherwise. */
  ok<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>>;
  outboxCount(): number;
}

/** A fresh in-memory app built from the real migrations, with its own user and workspace. */
export async function createTestApp(options: { demo?: boolean; demoLeads?: number } = {}): Promise<TestApp> {
  const ctx = await createAppContext({
    dbPath: ':memory:',
    migrationsFolder: MIGRATIONS,
    appVersion: 'test',
    demo: options.demo ?? false,
    demoOptions: { leads: options.demoLeads ?? 600, anchor: new Date('2026-06-01T00:00:00Z') },
  });
  const dispatcher = createDispatcher(ctx);
  const userId = getMeta(ctx.db, 'current_user_id')!;
  const workspaceId =
    getMeta(ctx.db, 'current_workspace_id') ??
    (ctx.db.sqlite.prepare('SELECT workspace_id FROM workspace_memberships WHERE user_id = ? ORDER BY workspace_id LIMIT 1').pluck().get(userId) as string);
  return {
    ctx,
    dispatcher,
    workspaceId,
    userId,
    async ok(method, input) {
      const result = await dispatcher.call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
      return result.value as never;
    },
    outboxCount: () => ctx.db.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
  };
}

export function tempDir(prefix = 'convio-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new user who is a member of the app's workspace with this role; returns their id. */
export function addMember(app: TestApp, role: 'sdr' | 'manager' | 'admin', name: string): string {
  const w = app.ctx.writer(null);
  const user = insertRow(w, users, { email: `${name.toLowerCase()}@example.com`, displayName: name });
  insertRow(w, workspaceMemberships, { workspaceId: app.workspaceId, userId: user.id, role });
  return user.id;
}

/** Makes this user the device's current user: the next calls act as them. */
export function actAs(app: TestApp, userId: string): void {
  app.ctx.db.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'current_user_id'").run(userId);
}
