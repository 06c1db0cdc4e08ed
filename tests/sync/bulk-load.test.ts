// A new laptop's first pull loads each big table in bulk (secondary indexes and the summary and
// search triggers dropped for the load, then re-created and rebuilt): the end state must be the
// same database a row-by-row pull gives, including after a dropped connection, a crash between
// the steps, and writes made in the app while the load runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { finishBulkLoad, readBulkLoad } from '../../db/sync/bulk-load';
import { adoptServerIdentity } from '../../db/sync/engine';
import { createAppContext } from '../../electron/main/context';
import { createTestServer, type TestServer } from './pg';
import { createClient, MIGRATIONS, type TestClient } from './clients';

let server: TestServer;
let ws: string;
const open: TestClient[] = [];
let fresh: { objects: unknown[] };

beforeAll(async () => {
  server = await createTestServer();
  ws = await server.workspace('Bulk');
  const writer = await client('Writer');
  await writer.sync();
  const stages = ['scheduled', 'completed', 'no_show', 'lost'] as const;
  for (let i = 0; i < 60; i++) {
    const { lead, contact } = await writer.ok('leads.create', { workspaceId: ws, contact: { firstName: `Bulk${i}`, lastName: `Row${i % 7}`, email: `bulk${i}@example.com` } });
    if (i % 3 === 0) await writer.ok('leads.update', { id: lead.id, patch: { status: 'contacted' } });
    if (i % 2 === 0) await writer.ok('calls.create', { workspaceId: ws, contactId: contact.id, leadId: lead.id, crmStage: stages[i % 4], scheduledAt: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T15:00:00.000Z` });
  }
  await writer.sync();
  // The schema objects of a database that never went through a bulk load.
  const empty = await createAppContext({ dbPath: ':memory:', migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false });
  fresh = { objects: schemaObjects(empty.db.sqlite) };
  empty.close();
});
afterEach(async () => {
  while (open.length > 1) await open.pop()!.close();
});
afterAll(async () => {
  while (open.length) await open.pop()!.close();
  await server?.close();
});

async function client(name: string) {
  const user = await server.user(ws, 'manager', name);
  const c = await createClient(name, user);
  open.push(c);
  return c;
}

function schemaObjects(sqlite: { prepare(sql: string): { all(): unknown[] } }): unknown[] {
  return sqlite.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name`).all();
}

/** Every trigger-kept summary, next to the same figures computed from the rows. */
function summaries(c: TestClient) {
  return {
    leadStats: c.query('SELECT workspace_id, status, leads FROM lead_status_stats ORDER BY 1, 2'),
    leadStatsRecomputed: c.query('SELECT workspace_id, status, count(*) AS leads FROM leads WHERE deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2'),
    callTotals: c.query('SELECT workspace_id, traffic_source, crm_stage, calls FROM call_stats_total ORDER BY 1, 2, 3'),
    callTotalsRecomputed: c.query('SELECT workspace_id, traffic_source, crm_stage, count(*) AS calls FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3'),
    callDaily: c.query('SELECT workspace_id, day, traffic_source, crm_stage, calls FROM call_stats_daily ORDER BY 1, 2, 3, 4'),
    callDailyRecomputed: c.query('SELECT workspace_id, call_day AS day, traffic_source, crm_stage, count(*) AS calls FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4'),
    unqueued: c.query<{ n: number }>('SELECT count(*) AS n FROM leads WHERE rowid NOT IN (SELECT lead_rowid FROM leads_fts_pending)')[0]!.n,
  };
}

function expectWhole(c: TestClient) {
  expect(readBulkLoad(c.ctx.db)).toBeNull();
  expect(schemaObjects(c.ctx.db.sqlite)).toEqual(fresh.objects);
  const s = summaries(c);
  expect(s.leadStats).toEqual(s.leadStatsRecomputed);
  expect(s.callTotals).toEqual(s.callTotalsRecomputed);
  expect(s.callDaily).toEqual(s.callDailyRecomputed);
  expect(s.leadStats.length).toBeGreaterThan(1);
  expect(s.callTotals.length).toBeGreaterThan(1);
  // The search index picks every pulled lead up (it is built from this queue).
  expect(s.unqueued).toBe(0);
}

describe('first pull in bulk', () => {
  it('drops the secondary indexes and rebuildable triggers of an empty table while it loads, and ends with the schema and summaries of a row-by-row pull', async () => {
    const reader = await client('Reader');
    const seen: { table: string; indexes: number; dropped: number; names: string[] }[] = [];
    const readDroppedNames = (rows: typeof seen) => rows[0]!.names;
    await reader.sync({
      pull: {
        pageSize: 10,
        beforePage: (table) => {
          const state = readBulkLoad(reader.ctx.db);
          const indexes = reader.query<{ n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, table)[0]!.n;
          const mine = state?.table === table ? state.dropped : [];
          seen.push({ table, indexes, dropped: mine.length, names: mine.map((o) => o.name) });
        },
      },
    });
    // While leads loaded, its non-unique indexes and its six triggers were away...
    const during = seen.filter((s) => s.table === 'leads' && s.dropped > 0);
    expect(during.length).toBeGreaterThan(2);
    const dropped = readDroppedNames(during);
    expect(dropped).toEqual(expect.arrayContaining(['leads_ws_created_idx', 'leads_contact_idx', 'leads_fts_ai', 'leads_stats_ai', 'leads_stats_au']));
    expect(during[0]!.dropped).toBe(7 + 6);
    expect(during[0]!.indexes).toBe(0);
    // The contact-code index went with the rest while contacts loaded.
    expect(seen.find((s) => s.table === 'contacts' && s.dropped > 0)?.names).toContain('contacts_ws_code_uq');
    expect(reader.query('SELECT count(*) AS n FROM leads')).toEqual([{ n: 60 }]);
    expect(reader.query('SELECT count(*) AS n FROM calls')).toEqual([{ n: 30 }]);
    expectWhole(reader);
  });

  it('a contact made here during the load that took the code of a contact still to come gives it up to the server\'s', async () => {
    const reader = await client('Clash');
    const last = (await server.admin.query(`SELECT id, contact_code FROM convio.contacts WHERE workspace_id = $1 ORDER BY _xid DESC, id DESC LIMIT 1`, [ws])).rows[0] as { id: string; contact_code: string };
    let mine: string | null = null;
    await reader.sync({
      pull: {
        pageSize: 10,
        beforePage: (table) => {
          if (table !== 'contacts' || mine || readBulkLoad(reader.ctx.db)?.table !== 'contacts') return;
          // The app makes a contact meanwhile; it happens to take the code of the last server contact.
          adoptServerIdentity(reader.ctx.db, reader.login);
          mine = reader.ctx.db.sqlite.prepare(`SELECT id FROM contacts LIMIT 1`).pluck().get() as string;
          void reader.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Clashing', email: 'clash-during-bulk@example.com' } });
          mine = reader.ctx.db.sqlite.prepare(`SELECT id FROM contacts WHERE email = 'clash-during-bulk@example.com'`).pluck().get() as string;
          reader.ctx.db.sqlite.prepare('UPDATE contacts SET contact_code = ? WHERE id = ?').run(last.contact_code, mine);
        },
      },
    });
    expect(mine).not.toBeNull();
    const codes = reader.query<{ id: string; contact_code: string }>('SELECT id, contact_code FROM contacts WHERE id IN (?, ?)', last.id, mine);
    expect(codes.find((c) => c.id === last.id)!.contact_code).toBe(last.contact_code);
    expect(codes.find((c) => c.id === mine)!.contact_code).not.toBe(last.contact_code);
    expectWhole(reader);
  });

  it('a pull that fits in one page is not a bulk load', async () => {
    const reader = await client('Small');
    let bulk = false;
    await reader.sync({ pull: { pageSize: 1000, beforePage: () => void (bulk ||= readBulkLoad(reader.ctx.db) !== null) } });
    expect(bulk).toBe(false);
    expectWhole(reader);
  });

  it('a dropped connection mid-load keeps the table in bulk mode; the next sync carries on and finishes it', async () => {
    const reader = await client('Dropped');
    let pages = 0;
    const drop = (table: string) => {
      if (table === 'leads' && ++pages === 3) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    };
    await expect(reader.sync({ pull: { pageSize: 10, beforePage: drop } })).rejects.toThrow(/Connection terminated/);
    expect(readBulkLoad(reader.ctx.db)?.table).toBe('leads');
    // The app writes meanwhile (its triggers are away): the rebuild must count it. (The cut-short
    // sync never got to adopt the server's user for this login; a later one would.)
    adoptServerIdentity(reader.ctx.db, reader.login);
    await reader.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Local', email: 'local-during-bulk@example.com' } });
    await reader.sync({ pull: { pageSize: 10 } });
    expect(reader.query(`SELECT count(*) AS n FROM leads`)).toEqual([{ n: 61 }]);
    expectWhole(reader);
  });

  it('the re-creation picks up where a crash half-way through it left off', async () => {
    const reader = await client('Crashed');
    let pages = 0;
    await expect(
      reader.sync({ pull: { pageSize: 10, beforePage: (t) => { if (t === 'calls' && ++pages === 2) throw new Error('Connection terminated unexpectedly'); } } }),
    ).rejects.toThrow();
    expect(readBulkLoad(reader.ctx.db)?.table).toBe('calls');
    // A crash half-way through the re-creation: some indexes back, the triggers not yet.
    const state = readBulkLoad(reader.ctx.db)!;
    const firstIndex = state.dropped.find((o) => o.type === 'index')!;
    reader.ctx.db.sqlite.exec(firstIndex.sql);
    reader.ctx.db.sqlite.prepare(`UPDATE local_meta SET value = ? WHERE key = 'sync_bulk_load'`).run(JSON.stringify({ ...state, dropped: state.dropped.filter((o) => o !== firstIndex) }));
    finishBulkLoad(reader.ctx.db);
    expect(readBulkLoad(reader.ctx.db)).toBeNull();
    await reader.sync({ pull: { pageSize: 10 } });
    expectWhole(reader);
  });
});
