// DESIGN.md §4 against a real Postgres: offline-first writes, no lost writes, per-column last
// writer wins, tombstones, idempotent pushes, a crash between the server's commit and the local
// acknowledgement, rejected changes parked, and the schema check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteRow } from '../../db/write';
import { leads } from '../../db/schema';
import { connectUrl } from '../../db/sync/pg-client';
import { push } from '../../db/sync/push';
import { pull } from '../../db/sync/pull';
import { PG_SCHEMA_VERSION } from '../../db/pg/schema-gen';
import { createTestServer, type TestServer } from './pg';
import { createClient, serverRows, type TestClient } from './clients';

let server: TestServer;
let ws: string;
const open: TestClient[] = [];
beforeAll(async () => {
  server = await createTestServer();
  ws = await server.workspace('Team West');
});
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
afterAll(async () => server?.close());

async function client(name: string, role: 'sdr' | 'manager' | 'admin' = 'sdr', workspace = ws, startMs?: number) {
  const user = await server.user(workspace, role, name);
  const c = await createClient(name, user, startMs);
  open.push(c);
  await c.sync();
  return c;
}

async function newLead(c: TestClient, first: string) {
  return c.ok('leads.create', { workspaceId: ws, contact: { firstName: first, lastName: 'Tester', email: `${first.toLowerCase()}@example.com` }, lead: { leadType: 'solar', source: 'website' } });
}

describe('sync', () => {
  it('adopts the server identity and workspace on the first sync', async () => {
    const a = await client('Ana', 'manager');
    const boot = await a.ok('app.bootstrap', {});
    expect(boot.user.displayName).toBe('Ana');
    expect(boot.workspaces.map((w) => [w.name, w.role])).toEqual([['Team West', 'manager']]);
    expect(boot.currentWorkspaceId).toBe(ws);
  });

  it('commits locally first, then pushes; the other client pulls it', async () => {
    const a = await client('Ben');
    const b = await client('Cy');
    const created = await newLead(a, 'Offline');
    expect(a.outbox()).toBeGreaterThan(0);
    const run = await a.sync();
    expect(run.pushed).toBeGreaterThan(0);
    expect(a.outbox()).toBe(0);
    expect(await serverRows(server.admin, 'leads', `id = '${created.lead.id}'`)).toHaveLength(1);
    await b.sync();
    expect(b.query('SELECT first_name, contact_id FROM leads WHERE id = ?', created.lead.id)).toEqual([{ first_name: 'Offline', contact_id: created.contact.id }]);
    // The pulled lead is searchable and counted like a local one.
    const page = await b.ok('leads.page', { workspaceId: ws, search: 'offline', includeTotal: true });
    expect(page.total).toBe(1);
  });

  it('keeps both edits when two clients change different columns of one row, in either order', async () => {
    for (const order of [['a', 'b'], ['b', 'a']] as const) {
      const a = await client(`Dee${order[0]}`);
      const b = await client(`Eve${order[0]}`);
      const { lead } = await newLead(a, `Shared${order[0]}`);
      await a.sync();
      await b.sync();
      // Both offline now.
      a.tick();
      b.tick();
      await a.ok('leads.update', { id: lead.id, patch: { source: 'referral' } });
      await b.ok('leads.update', { id: lead.id, patch: { notes: 'Call after 5pm' } });
      const [first, second] = order[0] === 'a' ? [a, b] : [b, a];
      await first.sync();
      await second.sync();
      await first.sync();
      for (const c of [a, b]) {
        expect(c.query('SELECT source, notes FROM leads WHERE id = ?', lead.id), `${c.name} after ${order.join(',')}`).toEqual([{ source: 'referral', notes: 'Call after 5pm' }]);
      }
      const srv = await serverRows(server.admin, 'leads', `id = '${lead.id}'`);
      expect(srv[0]).toMatchObject({ source: 'referral', notes: 'Call after 5pm' });
    }
  });

  it('lets the later clock win when both change the same column', async () => {
    const a = await client('Fay');
    const b = await client('Gus');
    const { lead } = await newLead(a, 'Race');
    await a.sync();
    await b.sync();
    a.tick(1_000);
    await a.ok('leads.update', { id: lead.id, patch: { status: 'contacted' } });
    b.tick(5_000); // B's edit is later in time
    await b.ok('leads.update', { id: lead.id, patch: { status: 'qualified' } });
    // The later edit is pushed first: the earlier one arriving afterwards must not overwrite it.
    await b.sync();
    await a.sync();
    await b.sync();
    expect(a.query('SELECT status FROM leads WHERE id = ?', lead.id)).toEqual([{ status: 'qualified' }]);
    expect(b.query('SELECT status FROM leads WHERE id = ?', lead.id)).toEqual([{ status: 'qualified' }]);
    expect((await serverRows(server.admin, 'leads', `id = '${lead.id}'`))[0]).toMatchObject({ status: 'qualified' });
  });

  it('never applies server state over a column with a pending local edit', async () => {
    const a = await client('Pam');
    const b = await client('Quin');
    const { lead } = await newLead(a, 'Pending');
    await a.sync();
    await b.sync();
    b.tick(60_000); // B's edits are the later ones
    await b.ok('leads.update', { id: lead.id, patch: { notes: 'from B', city: 'Boise' } });
    await b.sync();
    a.tick(1_000);
    await a.ok('leads.update', { id: lead.id, patch: { notes: 'from A' } });
    // A pulls only (its push has not happened yet): B's city arrives, A's pending note stays.
    const pgc = await connectUrl(a.url);
    try {
      await pull(a.ctx.db, pgc);
    } finally {
      await pgc.end();
    }
    expect(a.query('SELECT notes, city FROM leads WHERE id = ?', lead.id)).toEqual([{ notes: 'from A', city: 'Boise' }]);
    expect(a.outbox()).toBeGreaterThan(0);
    // Once A's edit has reached the server, the server decides: B's later note wins everywhere.
    await a.sync();
    await a.sync();
    expect(a.query('SELECT notes, city FROM leads WHERE id = ?', lead.id)).toEqual([{ notes: 'from B', city: 'Boise' }]);
  });

  it('gives a contact a free code when two laptops offline minted the same one', async () => {
    const a = await client('Wes');
    const b = await client('Xia');
    const first = (await newLead(a, 'Codea')).lead.contactId as string;
    const second = (await newLead(b, 'Codeb')).lead.contactId as string;
    const code = (a.query('SELECT contact_code AS code FROM contacts WHERE id = ?', first) as { code: string }[])[0]!.code;
    // B minted the same code offline (its row and its waiting insert).
    b.ctx.db.sqlite.prepare('UPDATE contacts SET contact_code = ? WHERE id = ?').run(code, second);
    b.ctx.db.sqlite.prepare(`UPDATE outbox SET changes = json_set(changes, '$.contact_code', ?) WHERE row_id = ?`).run(code, second);
    await a.sync();
    const run = await b.sync();
    expect(run.parked).toBe(0);
    const onServer = await serverRows(server.admin, 'contacts', `id IN ('${first}', '${second}')`);
    const codes = new Map(onServer.map((r) => [r.id as string, r.contact_code as string]));
    expect(codes.get(first)).toBe(code);
    expect(codes.get(second)).toMatch(/^\d{6}$/);
    expect(codes.get(second)).not.toBe(code);
    await b.sync();
    expect(b.query('SELECT contact_code AS code FROM contacts WHERE id = ?', second)).toEqual([{ code: codes.get(second) }]);
  });

  it('applies a large page many rows a statement, still sparing the one with a pending edit', async () => {
    const a = await client('Uma');
    const b = await client('Vic');
    const ids: string[] = [];
    for (let i = 0; i < 70; i++) ids.push((await newLead(a, `Bulk${i}`)).lead.id);
    await a.sync();
    await b.sync();
    b.tick(60_000);
    for (const id of ids) await b.ok('leads.update', { id, patch: { city: `City ${id.slice(-4)}`, notes: 'from B' } });
    await b.sync();
    a.tick(1_000);
    const spared = ids[40]!;
    await a.ok('leads.update', { id: spared, patch: { notes: 'mine' } });
    const pgc = await connectUrl(a.url);
    try {
      await pull(a.ctx.db, pgc, { pageSize: 100 });
    } finally {
      await pgc.end();
    }
    const rows = a.query(`SELECT id, city, notes FROM leads WHERE first_name LIKE 'Bulk%'`) as { id: string; city: string; notes: string }[];
    expect(rows).toHaveLength(70);
    for (const r of rows) {
      expect(r.city).toBe(`City ${r.id.slice(-4)}`);
      expect(r.notes).toBe(r.id === spared ? 'mine' : 'from B');
    }
  });

  it('orders an edit after the change it saw, even when this device\'s clock is behind', async () => {
    const start = Date.parse('2026-06-01T12:00:00Z');
    const a = await client('Rae', 'sdr', ws, start - 120_000); // two minutes slow
    const b = await client('Sol', 'sdr', ws, start);
    const { lead } = await newLead(b, 'Skew');
    await b.ok('leads.update', { id: lead.id, patch: { status: 'contacted' } });
    await b.sync();
    await a.sync(); // A has now seen B's change
    a.tick(1_000);
    await a.ok('leads.update', { id: lead.id, patch: { status: 'qualified' } }); // and then changed it
    await a.sync();
    await b.sync();
    expect(a.query('SELECT status FROM leads WHERE id = ?', lead.id)).toEqual([{ status: 'qualified' }]);
    expect(b.query('SELECT status FROM leads WHERE id = ?', lead.id)).toEqual([{ status: 'qualified' }]);
  });

  it('propagates a delete as a tombstone', async () => {
    const a = await client('Hal');
    const b = await client('Ida');
    const { lead } = await newLead(a, 'Doomed');
    await a.sync();
    await b.sync();
    deleteRow(a.ctx.writer(null), leads, lead.id);
    await a.sync();
    await b.sync();
    expect(b.query('SELECT deleted_at IS NOT NULL AS gone FROM leads WHERE id = ?', lead.id)).toEqual([{ gone: 1 }]);
    const page = await b.ok('leads.page', { workspaceId: ws, search: 'doomed', includeTotal: true });
    expect(page.total).toBe(0);
  });

  it('sends a bulk insert (a row snapshot) as the row is stored when pushed, and nothing for one removed since', async () => {
    const a = await client('Noa');
    const created = await newLead(a, 'Snap');
    // What an import writes: the outbox names the row; the push reads it.
    a.ctx.db.sqlite.prepare("UPDATE outbox SET changes = '*' WHERE table_name IN ('leads', 'contacts') AND op = 'insert'").run();
    a.ctx.db.sqlite.prepare("UPDATE leads SET city = 'Quito' WHERE id = ?").run(created.lead.id);
    a.ctx.db.sqlite
      .prepare("INSERT INTO outbox (table_name, row_id, workspace_id, op, changes, hlc, created_at) VALUES ('leads', '01900000-0000-7000-8000-000000000000', ?, 'insert', '*', ?, ?)")
      .run(ws, a.ctx.clock.now(), new Date().toISOString());
    const run = await a.sync();
    expect(run.parked).toBe(0);
    expect(a.outbox()).toBe(0);
    expect(await serverRows(server.admin, 'leads', `id = '${created.lead.id}'`)).toEqual([expect.objectContaining({ first_name: 'Snap', city: 'Quito' })]);
    expect(await serverRows(server.admin, 'contacts', `id = '${created.contact.id}'`)).toEqual([expect.objectContaining({ first_name: 'Snap' })]);
    expect(await serverRows(server.admin, 'leads', `id = '01900000-0000-7000-8000-000000000000'`)).toHaveLength(0);
  });

  it('parks a refused bulk insert with the row it stood for', async () => {
    const a = await client('Ola');
    const good = await newLead(a, 'Fine');
    const { call } = await a.ok('calls.create', { workspaceId: ws, contactId: good.contact.id });
    a.ctx.db.sqlite.pragma('ignore_check_constraints = ON');
    a.ctx.db.sqlite.prepare("UPDATE calls SET crm_stage = 'teleported' WHERE id = ?").run(call.id);
    a.ctx.db.sqlite.prepare("UPDATE outbox SET changes = '*' WHERE table_name = 'calls' AND row_id = ? AND op = 'insert'").run(call.id);
    a.ctx.db.sqlite.pragma('ignore_check_constraints = OFF');
    const run = await a.sync();
    expect(run.parked).toBeGreaterThan(0);
    const parked = a.query<{ changes: string }>("SELECT changes FROM parked_changes WHERE table_name = 'calls' AND op = 'insert'");
    expect(parked).toHaveLength(1);
    expect(JSON.parse(parked[0]!.changes)).toMatchObject({ id: call.id, crm_stage: 'teleported', contact_id: good.contact.id });
  });

  it('applies the same push batch once, however often it is sent', async () => {
    const a = await client('Jon');
    await newLead(a, 'Once');
    const outbox = a.query<{ seq: number; table_name: string; row_id: string; workspace_id: string; op: string; changes: string; hlc: string }>('SELECT * FROM outbox ORDER BY seq');
    const pgc = await connectUrl(a.url);
    const { collapseOutbox } = await import('../../db/sync/collapse');
    const changes = collapseOutbox(outbox.map((r) => ({ seq: r.seq, tableName: r.table_name, rowId: r.row_id, workspaceId: r.workspace_id, op: r.op as 'insert', changes: JSON.parse(r.changes), hlc: r.hlc })));
    const batch = JSON.stringify({ first_seq: outbox[0]!.seq, last_seq: outbox.at(-1)!.seq, changes: changes.map(({ seqs: _s, ...c }) => c) });
    const xids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = (await pgc.query('SELECT convio.push($1, $2::jsonb) AS r', [a.clientId, batch])).rows[0].r;
      expect(r.acked).toBe(outbox.at(-1)!.seq);
      expect(r.replayed).toBe(i > 0);
      xids.push((await server.admin.query(`SELECT _xid::text AS x FROM convio.leads WHERE first_name = 'Once'`)).rows[0].x);
    }
    await pgc.end();
    expect(new Set(xids).size).toBe(1); // written once: later sends never touched the row
    expect(await serverRows(server.admin, 'leads', `first_name = 'Once'`)).toHaveLength(1);
    expect(await serverRows(server.admin, 'lead_events', `lead_id = (SELECT id FROM convio.leads WHERE first_name = 'Once')`)).toHaveLength(1);
  });

  it('survives being killed after the server committed a push but before the acknowledgement was recorded', async () => {
    const a = await client('Kim');
    const { lead } = await newLead(a, 'Crashy');
    const pending = a.outbox();
    const pgc = await connectUrl(a.url);
    await expect(push(a.ctx.db, pgc, a.clientId, { afterServerCommit: () => { throw new Error('killed'); } })).rejects.toThrow('killed');
    await pgc.end();
    expect(a.outbox()).toBe(pending); // nothing recorded locally
    expect(await serverRows(server.admin, 'leads', `id = '${lead.id}'`)).toHaveLength(1); // but the server has it
    // "Restart": the next sync resends; the server recognises it, nothing doubles, nothing is lost.
    a.tick();
    await a.ok('leads.update', { id: lead.id, patch: { notes: 'after restart' } });
    await a.sync();
    expect(a.outbox()).toBe(0);
    expect(await serverRows(server.admin, 'leads', `first_name = 'Crashy'`)).toHaveLength(1);
    expect((await serverRows(server.admin, 'leads', `id = '${lead.id}'`))[0]).toMatchObject({ notes: 'after restart' });
    expect(a.query('SELECT count(*) AS n FROM parked_changes')).toEqual([{ n: 0 }]);
  });

  it('parks a change the server refuses, with its reason, and lets the others land', async () => {
    const a = await client('Lou');
    const good = await newLead(a, 'Good');
    // A call whose stage the server's check refuses (written past the local check on purpose).
    const { call } = await a.ok('calls.create', { workspaceId: ws, contactId: good.contact.id });
    a.ctx.db.sqlite.pragma('ignore_check_constraints = ON');
    a.ctx.db.sqlite.prepare("UPDATE outbox SET changes = json_set(changes, '$.crm_stage', 'teleported') WHERE row_id = ?").run(call.id);
    const later = await newLead(a, 'Later');
    const run = await a.sync();
    expect(run.parked).toBeGreaterThan(0);
    expect(a.outbox()).toBe(0);
    const parked = a.query<{ table_name: string; row_id: string; reason: string }>('SELECT DISTINCT table_name, row_id, reason FROM parked_changes');
    expect(parked.find((p) => p.table_name === 'calls')).toMatchObject({ row_id: call.id, reason: expect.stringMatching(/violates check constraint "calls_crm_stage_ck"/) });
    // The reason names the rule, not the row's values.
    expect(parked.map((p) => p.reason).join(' ')).not.toMatch(/teleported/);
    expect(await serverRows(server.admin, 'leads', `id IN ('${good.lead.id}', '${later.lead.id}')`)).toHaveLength(2);
    expect(await serverRows(server.admin, 'calls', `id = '${call.id}'`)).toHaveLength(0);
  });

  it('refuses to sync against a server with another schema version, and says what to do', async () => {
    const a = await client('Max');
    await newLead(a, 'Waiting');
    await server.admin.query(`CREATE OR REPLACE FUNCTION convio.schema_version() RETURNS integer LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$ SELECT 99 $$`);
    try {
      await expect(a.sync()).rejects.toThrow(new RegExp(`schema version 99, but this version of Convio Console needs ${PG_SCHEMA_VERSION}\\. Update Convio Console`));
      expect(a.outbox()).toBeGreaterThan(0); // nothing pushed, nothing lost
    } finally {
      await server.admin.query(`CREATE OR REPLACE FUNCTION convio.schema_version() RETURNS integer LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$ SELECT ${PG_SCHEMA_VERSION} $$`);
    }
  });
});
