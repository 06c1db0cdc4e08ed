// The pull cursor (DESIGN.md §4.4): a dropped connection mid-pull resumes and ends complete, and
// a long transaction that took its change position before a quicker one commits last is still
// received. Plus the first sync of a new laptop: only the user's workspaces, in pages, with progress.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPullState } from '../../db/sync/pull';
import { createTestServer, type TestServer } from './pg';
import { createClient, type TestClient } from './clients';

let server: TestServer;
let ws: string;
let other: string;
const open: TestClient[] = [];
beforeAll(async () => {
  server = await createTestServer();
  ws = await server.workspace('North');
  other = await server.workspace('South');
});
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
afterAll(async () => server?.close());

async function client(name: string, workspace = ws) {
  const user = await server.user(workspace, 'manager', name);
  const c = await createClient(name, user);
  open.push(c);
  return c;
}

async function seedLeads(c: TestClient, count: number, prefix: string) {
  for (let i = 0; i < count; i++) {
    await c.ok('leads.create', { workspaceId: ws, contact: { firstName: `${prefix}${i}`, email: `${prefix.toLowerCase()}${i}@example.com` } });
  }
}

describe('pull', () => {
  it('resumes after the connection drops mid-pull, and ends complete with nothing twice', async () => {
    const writer = await client('Writer');
    await writer.sync();
    await seedLeads(writer, 45, 'Page');
    await writer.sync();
    const reader = await client('Reader');
    let pages = 0;
    // Drop the connection on the third page of leads.
    await expect(reader.sync({ pull: { pageSize: 10, beforePage: (table) => { if (table === 'leads' && ++pages === 3) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }); } } })).rejects.toThrow(/Connection terminated/);
    const state = readPullState(reader.ctx.db);
    expect(state.horizon).not.toBeNull(); // a pull in progress, resumable
    const partial = reader.query<{ n: number }>('SELECT count(*) AS n FROM leads')[0]!.n;
    expect(partial).toBe(20);
    await reader.sync({ pull: { pageSize: 10 } });
    expect(readPullState(reader.ctx.db).horizon).toBeNull();
    expect(reader.query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM leads')).toEqual([{ n: 45, d: 45 }]);
    expect(reader.query('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 45 }]);
  });

  it('still receives the rows of a long transaction that commits after a quicker, later one', async () => {
    const c = await client('Watcher');
    await c.sync();
    const longTx = new pg.Client({ connectionString: server.adminUrl });
    await longTx.connect();
    longTx.on('error', () => {});
    const now = new Date().toISOString();
    const mine = () => c.query(`SELECT first_name FROM contacts WHERE first_name IN ('Slow', 'Quick') ORDER BY first_name`);
    try {
      // The long transaction takes its change position (xid) first...
      await longTx.query('BEGIN');
      await longTx.query(`INSERT INTO convio.contacts (id, workspace_id, contact_code, first_name, created_at, updated_at) VALUES ('00000000-0000-7000-8000-00000000a001', $1, '700001', 'Slow', $2, $2)`, [ws, now]);
      const slowXid = (await longTx.query(`SELECT pg_current_xact_id()::text AS x`)).rows[0].x as string;
      // ...a quicker one commits a row with a later position...
      await server.admin.query(`INSERT INTO convio.contacts (id, workspace_id, contact_code, first_name, created_at, updated_at) VALUES ('00000000-0000-7000-8000-00000000a002', $1, '700002', 'Quick', $2, $2)`, [ws, now]);
      const quickXid = (await server.admin.query(`SELECT _xid::text AS x FROM convio.contacts WHERE first_name = 'Quick'`)).rows[0].x as string;
      expect(BigInt(quickXid)).toBeGreaterThan(BigInt(slowXid));
      // The client syncs while the long one is still open: its cursor must not pass the long one.
      await c.sync();
      expect(BigInt(readPullState(c.ctx.db).cursor)).toBeLessThanOrEqual(BigInt(slowXid));
      await longTx.query('COMMIT');
    } finally {
      await longTx.end().catch(() => {});
    }
    await c.sync();
    expect(mine()).toEqual([{ first_name: 'Quick' }, { first_name: 'Slow' }]);
  });

  it('resumes in change-position order across a change of digits (xid 99…9, then 10…0), losing nothing', async () => {
    const writer = await client('DigitsWriter');
    await writer.sync();
    await seedLeads(writer, 20, 'Digits');
    await writer.sync();
    // Transaction ids grow a digit now and then (999 → 1000). Text order would put every 1000 before
    // every 999, so a pull resumed after a page ending on a 1000 would skip the 999s. Give the rows
    // such positions, below the server's horizon (the trigger that stamps them is paused for it, as
    // if they had been written long ago).
    const horizon = BigInt((await server.admin.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h')).rows[0].h as string);
    const ten = 10n ** BigInt(String(horizon - 1n).length - 1);
    expect(ten).toBeGreaterThanOrEqual(10n);
    await server.admin.query('ALTER TABLE convio.leads DISABLE TRIGGER leads_sync_xid');
    try {
      await server.admin.query(`UPDATE convio.leads SET _xid = (CASE WHEN id IN (SELECT id FROM convio.leads ORDER BY id LIMIT 10) THEN $1 ELSE $2 END)::xid8`, [String(ten - 1n), String(ten)]);
    } finally {
      await server.admin.query('ALTER TABLE convio.leads ENABLE TRIGGER leads_sync_xid');
    }
    const onServer = Number((await server.admin.query(`SELECT count(*) AS n FROM convio.leads WHERE workspace_id = $1`, [ws])).rows[0].n);
    expect(onServer).toBeGreaterThan(12);
    const reader = await client('DigitsReader');
    let pages = 0;
    const drop = (table: string) => {
      if (table === 'leads' && ++pages === 3) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    };
    await expect(reader.sync({ pull: { pageSize: 4, beforePage: drop } })).rejects.toThrow(/Connection terminated/);
    expect(reader.query<{ n: number }>('SELECT count(*) AS n FROM leads')[0]!.n).toBe(8);
    await reader.sync({ pull: { pageSize: 4 } });
    expect(reader.query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM leads')).toEqual([{ n: onServer, d: onServer }]);
  });

  it('gives a new laptop only its user\'s workspaces, in pages, with progress', async () => {
    const north = await client('NorthWriter');
    await north.sync();
    await seedLeads(north, 12, 'North');
    await north.sync();
    const south = await client('SouthWriter', other);
    await south.sync();
    await south.ok('leads.create', { workspaceId: other, contact: { firstName: 'Southerner' } });
    await south.sync();

    const laptop = await client('NewLaptop');
    const progress: number[] = [];
    const run = await laptop.sync({ pull: { pageSize: 5 }, onPhase: (phase, done) => phase === 'pull' && progress.push(done) });
    expect(run.pulled).toBeGreaterThan(12);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(laptop.query('SELECT DISTINCT workspace_id FROM leads')).toEqual([{ workspace_id: ws }]);
    expect(laptop.query(`SELECT count(*) AS n FROM workspaces WHERE id = ?`, other)).toEqual([{ n: 0 }]);
    expect(laptop.query(`SELECT count(*) AS n FROM contacts WHERE first_name = 'Southerner'`)).toEqual([{ n: 0 }]);
  });
});
