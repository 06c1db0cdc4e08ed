// The main process's sync service through the contract (what the Sync screen calls): settings,
// test connection, Sync now, status, errors and backoff, the background loop, the worker thread
// on a database file, and parked changes listed, retried and discarded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_SCHEMA_VERSION } from '../../db/pg/schema-gen';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../electron/main/context';
import { createDispatcher } from '../../electron/main/handlers';
import type { Dispatcher } from '../../electron/main/dispatch';
import type { MethodName, MethodOutput } from '../../shared/api';
import { freePort } from '../../electron/host/embedded-pg';
import { createTestServer, type TestServer } from './pg';
import { MIGRATIONS, serverRows } from './clients';

let server: TestServer;
let ws: string;
const cleanup: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  server = await createTestServer();
  ws = await server.workspace('Service Team');
});
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});
afterAll(async () => server?.close());

interface App {
  ctx: AppContext;
  d: Dispatcher;
  ok<M extends MethodName>(method: M, input?: unknown): Promise<MethodOutput<M>>;
}

async function app(options: Partial<Parameters<typeof createAppContext>[0]> = {}): Promise<App> {
  const ctx = await createAppContext({ dbPath: ':memory:', migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false, ...options });
  const d = createDispatcher(ctx);
  cleanup.push(async () => {
    await ctx.sync.close();
    ctx.close();
  });
  return {
    ctx,
    d,
    async ok(method, input = {}) {
      const r = await d.call(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as never;
    },
  };
}

function connectionOf(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: decodeURIComponent(u.username), sslMode: 'disable' as const, password: decodeURIComponent(u.password) };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('sync service', () => {
  it('tests the connection, saves it, syncs now, and reports status and pending changes', async () => {
    const user = await server.user(ws, 'manager', 'Tess');
    const a = await app();
    const conn = connectionOf(user.url);
    const before = await a.ok('sync.status');
    expect(before).toMatchObject({ configured: false, state: 'not_configured' });
    expect(a.ctx.status().sync.state).toBe('not_configured');

    const tested = await a.ok('sync.test', conn);
    expect(tested).toMatchObject({ ok: true, schemaVersion: PG_SCHEMA_VERSION, workspaces: [{ name: 'Service Team', role: 'manager' }] });
    expect(tested.message).toMatch(/Connected as Tess/);
    expect((await a.ok('sync.test', { ...conn, password: 'wrong' })).message).toMatch(/refused the user name or password/);

    const saved = await a.ok('sync.saveSettings', { ...conn, rememberPassword: false, enabled: true });
    expect(saved).toMatchObject({ configured: true, passwordSource: 'session', connection: { host: conn.host, user: conn.user, sslMode: 'disable', enabled: true } });
    expect(JSON.stringify(saved)).not.toContain(conn.password); // the password never comes back

    await a.ctx.sync.syncNow();
    const synced = await a.ok('sync.status');
    expect(synced).toMatchObject({ state: 'online', online: true, pending: 0, parked: 0, error: null, serverUser: { displayName: 'Tess', workspaces: [{ name: 'Service Team', role: 'manager' }] } });
    expect(synced.lastSyncAt).not.toBeNull();
    // Roles come from the server's memberships.
    const boot = await a.ok('app.bootstrap');
    expect(boot.workspaces.map((w) => [w.name, w.role])).toEqual([['Service Team', 'manager']]);

    await a.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Pending', email: 'pending@example.com' } });
    expect((await a.ok('sync.status')).pending).toBeGreaterThan(0);
    expect(a.ctx.status().pendingChanges).toBeGreaterThan(0);
    await a.ctx.sync.syncNow();
    const after = await a.ok('sync.status');
    expect(after.pending).toBe(0);
    expect(after.last?.pushed).toBeGreaterThan(0);
    expect(after.totals.runs).toBe(2);
    expect(await serverRows(server.admin, 'leads', `first_name = 'Pending'`)).toHaveLength(1);
  });

  it('says why it cannot sync: wrong password, no server; and backs off', async () => {
    const user = await server.user(ws, 'sdr');
    const a = await app({ sync: { intervalMs: 1000, maxBackoffMs: 8000 } });
    const conn = connectionOf(user.url);
    await a.ok('sync.saveSettings', { ...conn, password: 'not-it', rememberPassword: false, enabled: true });
    await a.ctx.sync.syncNow();
    let s = await a.ok('sync.status');
    expect(s).toMatchObject({ state: 'error', online: false, error: { kind: 'auth', message: expect.stringMatching(/refused the user name or password/) } });
    expect(s.error!.message).not.toContain('not-it');

    await a.ok('sync.saveSettings', { ...conn, port: await freePort(), rememberPassword: false, enabled: true });
    for (let i = 0; i < 5; i++) await a.ctx.sync.syncNow();
    s = await a.ok('sync.status');
    expect(s).toMatchObject({ state: 'offline', error: { kind: 'network' } });
    expect(s.error!.message).toMatch(/Cannot reach the server.*Changes stay on this device/);
    expect(a.ctx.sync.backoffMs()).toBe(8000); // 1, 2, 4, 8 (capped) seconds after 5 failures
    expect(a.ctx.status().sync.state).toBe('offline');

    // Back online: the failure count resets and the interval returns to normal.
    await a.ok('sync.saveSettings', { ...conn, rememberPassword: false, enabled: true });
    await a.ctx.sync.syncNow();
    expect((await a.ok('sync.status')).state).toBe('online');
    expect(a.ctx.sync.backoffMs()).toBe(1000);
  });

  it('syncs in the background, soon after a local change, in a worker thread on the database file', async () => {
    const user = await server.user(ws, 'sdr', 'Wes');
    const dir = mkdtempSync(join(tmpdir(), 'convio-sync-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const a = await app({ dbPath: join(dir, 'convio.sqlite'), sync: { runner: 'worker', background: true, intervalMs: 60_000 } });
    const other = await app();
    const otherUser = await server.user(ws, 'sdr', 'Other');
    await other.ok('sync.saveSettings', { ...connectionOf(otherUser.url), rememberPassword: false, enabled: false });
    await other.ctx.sync.syncNow();
    const { lead } = await other.ok('leads.create', { workspaceId: ws, contact: { firstName: 'FromOther', email: 'from.other@example.com' } });
    await other.ctx.sync.syncNow();

    const statuses: string[] = [];
    a.ctx.events.on('app.status', (s) => statuses.push(s.sync.state));
    await a.ok('sync.saveSettings', { ...connectionOf(user.url), rememberPassword: false, enabled: true });
    await until('the first background sync', async () => (await a.ok('sync.status')).lastSyncAt !== null);
    expect(statuses).toContain('syncing');
    // Pulled by the worker's own connection, visible to the app's.
    expect(a.ctx.db.sqlite.prepare('SELECT first_name FROM leads WHERE id = ?').pluck().get(lead.id)).toBe('FromOther');
    // A local change is pushed within seconds, though the interval is a minute.
    await a.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Soon', email: 'soon@example.com' } });
    await until('the change to reach the server', async () => (await serverRows(server.admin, 'leads', `first_name = 'Soon'`)).length === 1);
    await until('pending to fall to zero', async () => (await a.ok('sync.status')).pending === 0);
  });

  it('lists parked changes with their reason; retry sends them again, discard restores the server version', async () => {
    const user = await server.user(ws, 'manager', 'Pat');
    const a = await app();
    await a.ok('sync.saveSettings', { ...connectionOf(user.url), rememberPassword: false, enabled: true });
    await a.ctx.sync.syncNow();
    const { contact, lead } = await a.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Parker', lastName: 'Lee', email: 'parker@example.com' } });
    const { call } = await a.ok('calls.create', { workspaceId: ws, contactId: contact.id, leadId: lead.id });
    await a.ctx.sync.syncNow();
    expect(await serverRows(server.admin, 'calls', `id = '${call.id}'`)).toHaveLength(1);

    // An edit the server refuses (a stage its check does not know), and a new record it refuses.
    await a.ok('leads.update', { id: lead.id, patch: { notes: 'kept' } });
    a.ctx.db.sqlite.pragma('ignore_check_constraints = ON');
    a.ctx.db.sqlite.prepare("UPDATE calls SET crm_stage = 'teleported' WHERE id = ?").run(call.id);
    a.ctx.db.sqlite.prepare("INSERT INTO outbox (table_name, row_id, workspace_id, op, changes, hlc, created_at) VALUES ('calls', ?, ?, 'update', json_object('crm_stage', 'teleported'), ?, ?)").run(call.id, ws, a.ctx.clock.now(), new Date().toISOString());
    const bad = await a.ok('calls.create', { workspaceId: ws, contactId: contact.id });
    a.ctx.db.sqlite.prepare("UPDATE outbox SET changes = json_set(changes, '$.crm_stage', 'warped') WHERE row_id = ?").run(bad.call.id);
    a.ctx.db.sqlite.pragma('ignore_check_constraints = OFF');
    await a.ctx.sync.syncNow();

    const status = await a.ok('sync.status');
    // The refused new call, its history entry (refused for want of the call), and the edit.
    expect(status).toMatchObject({ pending: 0, parked: 3, last: { parked: 3 } });
    const parked = await a.ok('sync.parked', {});
    expect(parked.total).toBe(3);
    expect(parked.rows.map((p) => [p.op, p.table, p.workspaceName])).toEqual([
      ['update', 'calls', 'Service Team'],
      ['insert', 'calls', 'Service Team'],
      ['insert', 'call_events', 'Service Team'],
    ]);
    expect(parked.rows[0]!.reason).toMatch(/calls_crm_stage_ck/);
    expect(parked.rows[0]!.explanation).toBe('The server does not accept this value for crm stage.');
    expect(parked.rows[2]!.explanation).toMatch(/refers to a record the server does not have/);
    expect(parked.rows[2]!.reason).toMatch(/foreign key/);
    expect(parked.rows[0]!.fields).toEqual(['crm_stage']);
    expect(parked.rows[0]!.label).toBe('Call with Parker Lee');
    // The good edit landed despite the refusals.
    expect((await serverRows(server.admin, 'leads', `id = '${lead.id}'`))[0]).toMatchObject({ notes: 'kept' });

    // Retry: sent again under a new sequence (not ignored as a replay), refused again, parked again.
    const seqBefore = parked.rows.map((p) => p.seq);
    expect(await a.ok('sync.retry', { seqs: [seqBefore[1]!] })).toEqual({ retried: 1 });
    expect((await a.ok('sync.status')).pending).toBe(1);
    await a.ctx.sync.syncNow();
    const again = await a.ok('sync.parked', {});
    expect(again.total).toBe(3);
    const retried = again.rows.find((p) => p.table === 'calls' && p.op === 'insert')!;
    expect(retried.seq).toBeGreaterThan(seqBefore[2]!);
    expect(retried.reason).toMatch(/calls_crm_stage_ck/);

    // Discard: the refused new call goes with its history entry; the refused edit is replaced by
    // the server's version.
    expect(await a.ok('sync.discard', { seqs: [again.rows[0]!.seq, retried.seq] })).toEqual({ discarded: 3 });
    await a.ctx.sync.syncNow();
    expect(await a.ok('sync.parked', {})).toEqual({ total: 0, rows: [] });
    expect(a.ctx.db.sqlite.prepare('SELECT crm_stage FROM calls WHERE id = ?').pluck().get(call.id)).toBe('scheduled');
    // The server never had the refused call: it is gone here too (so creating it again is a fresh insert).
    expect(a.ctx.db.sqlite.prepare('SELECT count(*) FROM calls WHERE id = ?').pluck().get(bad.call.id)).toBe(0);
    expect(a.ctx.db.sqlite.prepare('SELECT count(*) FROM call_events WHERE call_id = ?').pluck().get(bad.call.id)).toBe(0);
    expect((await a.ok('sync.status')).pending).toBe(0);
  });

  it('removes a workspace from this device when the server removes the membership', async () => {
    const ws2 = await server.workspace('Gone Soon');
    const user = await server.user(ws, 'sdr', 'Rho');
    await server.admin.query(
      `INSERT INTO convio.workspace_memberships (id, workspace_id, user_id, role, status, created_at, updated_at, _clocks) VALUES (gen_random_uuid(), $1, $2, 'sdr', 'active', now(), now(), '{}')`,
      [ws2, user.userId],
    );
    const a = await app();
    await a.ok('sync.saveSettings', { ...connectionOf(user.url), rememberPassword: false, enabled: true });
    await a.ctx.sync.syncNow();
    expect((await a.ok('app.bootstrap')).workspaces.map((w) => w.name).sort()).toEqual(['Gone Soon', 'Service Team']);
    await a.ok('leads.create', { workspaceId: ws2, contact: { firstName: 'Orphan', email: 'orphan@example.com' } });
    await a.ctx.sync.syncNow();
    await server.admin.query(`UPDATE convio.workspace_memberships SET deleted_at = now() WHERE workspace_id = $1 AND user_id = $2`, [ws2, user.userId]);
    await a.ok('leads.create', { workspaceId: ws2, contact: { firstName: 'Late', email: 'late@example.com' } });
    await a.ctx.sync.syncNow();
    expect((await a.ok('app.bootstrap')).workspaces.map((w) => w.name)).toEqual(['Service Team']);
    expect(a.ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE workspace_id = ?').pluck().get(ws2)).toBe(0);
    const parked = await a.ok('sync.parked', {});
    expect(parked.rows.every((p) => /no longer a member/.test(p.reason))).toBe(true);
    expect(parked.total).toBeGreaterThan(0);
  });
});
