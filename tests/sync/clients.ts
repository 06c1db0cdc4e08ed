// A client for sync tests: its own local database (in memory unless a file is given) (real migrations), a controllable
// clock, and a real Postgres connection as its user's login role.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../electron/main/context';
import { createDispatcher } from '../../electron/main/handlers';
import type { Dispatcher } from '../../electron/main/dispatch';
import { connectUrl } from '../../db/sync/pg-client';
import { syncOnce, type SyncOnceOptions, type SyncRunResult } from '../../db/sync/engine';
import type { MethodName, MethodOutput } from '../../shared/api';

export const MIGRATIONS = join(__dirname, '..', '..', 'db', 'migrations');

export interface TestClient {
  name: string;
  ctx: AppContext;
  dispatcher: Dispatcher;
  clientId: string;
  login: string;
  url: string;
  /** Advances this client's wall clock (HLC physical time), ms. */
  tick(ms?: number): void;
  sync(options?: Partial<SyncOnceOptions>): Promise<SyncRunResult>;
  ok<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>>;
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  outbox(): number;
  close(): Promise<void>;
}

export async function createClient(name: string, user: { login: string; url: string }, startMs = Date.parse('2026-06-01T12:00:00Z'), dbPath = ':memory:'): Promise<TestClient> {
  let now = startMs;
  const ctx = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false, now: () => new Date(now) });
  const dispatcher = createDispatcher(ctx);
  const clientId = `${name}-${randomBytes(4).toString('hex')}`;
  const connections: pg.Client[] = [];
  const client: TestClient = {
    name,
    ctx,
    dispatcher,
    clientId,
    login: user.login,
    url: user.url,
    tick(ms = 1000) {
      now += ms;
    },
    async sync(options = {}) {
      const pgc = await connectUrl(user.url);
      connections.push(pgc);
      try {
        const result = await syncOnce(ctx.db, pgc, { clientId, login: user.login, wallClock: () => now, ...options });
        ctx.receiveClock(result.newestClock);
        return result;
      } finally {
        await pgc.end().catch(() => {});
        connections.splice(connections.indexOf(pgc), 1);
      }
    },
    async ok(method, input) {
      const r = await dispatcher.call(method, input);
      if (!r.ok) throw new Error(`${name} ${method}: ${r.error.message}`);
      return r.value as never;
    },
    query(sql, ...params) {
      return ctx.db.sqlite.prepare(sql).all(...params) as never;
    },
    outbox() {
      return ctx.db.sqlite.prepare('SELECT count(*) FROM outbox o WHERE o.workspace_id IN (SELECT workspace_id FROM synced_workspaces) OR o.workspace_id IS NULL').pluck().get() as number;
    },
    async close() {
      for (const c of connections) await c.end().catch(() => {});
      ctx.close();
    },
  };
  return client;
}

/** The rows of a synced table as the server holds them (admin view), without sync metadata. */
export async function serverRows(admin: pg.Client, table: string, where = 'true'): Promise<Record<string, unknown>[]> {
  return (await admin.query(`SELECT * FROM convio."${table}" WHERE ${where} ORDER BY id`)).rows.map(({ _clocks: _c, _xid: _x, ...rest }) => rest);
}
