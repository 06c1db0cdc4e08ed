// A merge on one laptop while another, offline, adds to the absorbed contact: after both sync,
// nothing points at the tombstone on either laptop or on the server (the late rows follow the
// merge to the survivor, through the sync service as the app runs it), and undoing the merge takes
// them back with the rest.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../electron/main/context';
import { createDispatcher } from '../../electron/main/handlers';
import type { MethodName, MethodOutput } from '../../shared/api';
import { createTestServer, type TestServer } from './pg';
import { MIGRATIONS, serverRows } from './clients';

let server: TestServer;
let ws: string;
const cleanup: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  server = await createTestServer();
  ws = await server.workspace('Merge Team');
});
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});
afterAll(async () => server?.close());

async function laptop(name: string) {
  const user = await server.user(ws, 'manager', name);
  const ctx: AppContext = await createAppContext({ dbPath: ':memory:', migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false });
  const d = createDispatcher(ctx);
  cleanup.push(async () => {
    await ctx.sync.close();
    ctx.close();
  });
  const ok = async <M extends MethodName>(method: M, input: unknown = {}): Promise<MethodOutput<M>> => {
    const r = await d.call(method, input);
    if (!r.ok) throw new Error(`${name} ${method}: ${r.error.message}`);
    return r.value as never;
  };
  const u = new URL(user.url);
  await ok('sync.saveSettings', { host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), sslMode: 'disable', rememberPassword: false, enabled: true });
  const sync = async () => {
    await ctx.sync.syncNow();
    const s = await ok('sync.status');
    if (s.error) throw new Error(`${name} sync: ${s.error.message}`);
  };
  await sync();
  const rows = (sql: string, ...params: unknown[]) => ctx.db.sqlite.prepare(sql).all(...params) as Record<string, unknown>[];
  return { ctx, ok, sync, rows };
}

describe('rows added offline to a contact merged away', () => {
  it('follow the merge to the survivor on every laptop and the server, and go back with an undo', async () => {
    const a = await laptop('Ann');
    const b = await laptop('Bob');
    const first = await a.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Dana', lastName: 'Ortiz', email: 'dana@example.com' }, lead: { leadType: 'solar', source: 'website' } });
    const second = await a.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Dana', lastName: 'Ortiz', phone: '(415) 555-0134' }, lead: { leadType: 'solar', source: 'webinar' } });
    await a.sync();
    await b.sync();
    const survivor = first.contact.id;
    const absorbed = second.contact.id;

    // Bob, offline, logs a call with the second Dana while Ann merges the two.
    const { call } = await b.ok('calls.create', { workspaceId: ws, contactId: absorbed });
    const merge = await a.ok('contacts.merge', { winnerId: survivor, loserId: absorbed });
    await a.sync();
    await b.sync(); // Bob's call goes up pointing at the absorbed contact; the merge comes down and moves it
    await b.sync(); // the move goes up
    await a.sync();

    for (const device of [a, b]) {
      expect(device.rows('SELECT contact_id FROM calls WHERE id = ?', call.id)).toEqual([{ contact_id: survivor }]);
      expect(device.rows("SELECT count(*) AS n FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.deleted_at IS NOT NULL AND l.deleted_at IS NULL")).toEqual([{ n: 0 }]);
      expect(device.rows('SELECT count(*) AS n FROM merge_orphans')).toEqual([{ n: 0 }]);
    }
    expect(await serverRows(server.admin, 'calls', `id = '${call.id}'`)).toEqual([expect.objectContaining({ contact_id: survivor })]);
    const timeline = await a.ok('contacts.timeline', { id: survivor });
    expect(JSON.stringify(timeline)).toContain(call.id);

    // Undo on Ann's laptop takes the late call back with the rows the merge moved.
    const undone = await a.ok('contacts.undoMerge', { mergeEventId: merge.mergeEventId });
    expect(undone.movedBack.calls).toBe(1);
    expect(a.rows('SELECT contact_id FROM calls WHERE id = ?', call.id)).toEqual([{ contact_id: absorbed }]);
    await a.sync();
    await b.sync();
    expect(b.rows('SELECT contact_id FROM calls WHERE id = ?', call.id)).toEqual([{ contact_id: absorbed }]);
  });
});
