// Tenancy is enforced by Postgres (DESIGN.md §4.6): each user connects as their own login role and
// RLS (ENABLE + FORCE) keyed on that role decides. A user of workspace A reads and writes nothing
// of workspace B, whatever the statement, and no error message carries B's data.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './pg';
import { createClient } from './clients';

let server: TestServer;
let wsA: string;
let wsB: string;
let alice: pg.Client;
let bobLead: string;
let bobContact: string;
const SECRET = 'Bobs-Secret-Name';

beforeAll(async () => {
  server = await createTestServer();
  wsA = await server.workspace('Alpha');
  wsB = await server.workspace('Bravo');
  const a = await server.user(wsA, 'admin', 'Alice');
  const b = await server.user(wsB, 'admin', 'Bob');
  // Bob's data, written through the app and pushed the normal way.
  const bob = await createClient('Bob', b);
  await bob.sync();
  const created = await bob.ok('leads.create', { workspaceId: wsB, contact: { firstName: SECRET, email: 'secret@bravo.example' }, lead: { notes: 'confidential' } });
  bobLead = created.lead.id;
  bobContact = created.contact.id;
  await bob.sync();
  await bob.close();
  alice = new pg.Client({ connectionString: a.url });
  await alice.connect();
});
afterAll(async () => {
  await alice?.end();
  await server?.close();
});

async function bobsLeadOnServer() {
  return (await server.admin.query(`SELECT first_name, notes, workspace_id FROM convio.leads WHERE id = $1`, [bobLead])).rows[0];
}

async function expectRefused(sql: string, params: unknown[] = []) {
  const err = await alice.query(sql, params).then(() => null, (e: Error & { detail?: string }) => e);
  expect(err, sql).not.toBeNull();
  expect(`${err!.message} ${err!.detail ?? ''}`).not.toContain(SECRET);
  expect(`${err!.message} ${err!.detail ?? ''}`).not.toContain('confidential');
  return err!;
}

describe('tenancy', () => {
  it('shows nothing of another workspace to a plain SELECT or to the pull', async () => {
    expect((await alice.query('SELECT id FROM convio.leads')).rows).toEqual([]);
    expect((await alice.query('SELECT id FROM convio.contacts WHERE id = $1', [bobContact])).rows).toEqual([]);
    expect((await alice.query('SELECT name FROM convio.workspaces')).rows).toEqual([{ name: 'Alpha' }]);
    expect((await alice.query('SELECT convio.my_workspace_ids() AS id')).rows).toEqual([{ id: wsA }]);
    const users = (await alice.query('SELECT display_name FROM convio.users')).rows.map((r) => r.display_name);
    expect(users).toEqual(['Alice']);
  });

  it('refuses writes into another workspace: insert, update, upsert, RETURNING', async () => {
    const now = new Date().toISOString();
    // Insert into B.
    const insert = await expectRefused(`INSERT INTO convio.contacts (id, workspace_id, contact_code, created_at, updated_at) VALUES ('00000000-0000-7000-8000-0000000000b1', $1, '123123', $2, $2)`, [wsB, now]);
    expect(insert.message).toMatch(/row-level security/);
    // Update B's row: nothing visible, nothing changed, nothing returned.
    const upd = await alice.query(`UPDATE convio.leads SET notes = 'owned' WHERE id = $1 RETURNING id, notes`, [bobLead]);
    expect(upd.rowCount).toBe(0);
    expect(upd.rows).toEqual([]);
    // Upsert onto B's id from A's workspace: the conflicting row is B's, so the update is refused.
    const upsert = await expectRefused(
      `INSERT INTO convio.leads (id, workspace_id, contact_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (id) DO UPDATE SET notes = 'owned' RETURNING notes, first_name`,
      [bobLead, wsA, bobContact, now],
    );
    expect(upsert.message).toMatch(/row-level security|violates foreign key/);
    // Hard deletes are not allowed at all (tombstones are updates).
    const del = await alice.query(`DELETE FROM convio.leads WHERE id = $1`, [bobLead]).then((r) => r.rowCount, () => 0);
    expect(del).toBe(0);
    expect(await bobsLeadOnServer()).toEqual({ first_name: SECRET, notes: 'confidential', workspace_id: wsB });
  });

  it('cannot be talked round with SET: settings, roles, row security', async () => {
    await alice.query(`SET app.workspace_id = '${wsB}'`);
    expect((await alice.query('SELECT id FROM convio.leads')).rows).toEqual([]);
    await expectRefused(`SET ROLE postgres`);
    await expectRefused(`SET SESSION AUTHORIZATION postgres`);
    await alice.query(`SET row_security = off`);
    const off = await expectRefused('SELECT id FROM convio.leads');
    expect(off.message).toMatch(/row-level security/);
    await alice.query(`RESET row_security`);
    await expectRefused(`ALTER TABLE convio.leads DISABLE ROW LEVEL SECURITY`);
    await expectRefused(`CREATE POLICY sneaky ON convio.leads USING (true)`);
  });

  it('refuses a push that writes into another workspace, parks it, and says nothing of its data', async () => {
    const hlc = '001780000000000-0000-alice';
    const batch = {
      first_seq: 1,
      last_seq: 2,
      changes: [
        { seq: 1, table: 'leads', id: bobLead, op: 'update', data: { id: bobLead, notes: 'pwned' }, clocks: { notes: hlc } },
        { seq: 2, table: 'leads', id: bobLead, op: 'insert', data: { id: bobLead, workspace_id: wsA, contact_id: bobContact, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), notes: 'pwned' }, clocks: { notes: hlc } },
      ],
    };
    const r = (await alice.query('SELECT convio.push($1, $2::jsonb) AS r', ['alice-device', JSON.stringify(batch)])).rows[0].r as { rejected: { reason: string }[] };
    expect(r.rejected).toHaveLength(2);
    for (const rej of r.rejected) {
      expect(rej.reason).not.toContain(SECRET);
      expect(rej.reason).not.toContain('confidential');
    }
    expect(await bobsLeadOnServer()).toEqual({ first_name: SECRET, notes: 'confidential', workspace_id: wsB });
    // And another user's device id cannot be borrowed to read or replay its acknowledgements.
    expect((await alice.query('SELECT client_id FROM convio.sync_clients')).rows).toEqual([{ client_id: 'alice-device' }]);
  });

  it('lets only admins change memberships and settings; members and SDRs cannot', async () => {
    const sdr = await server.user(wsA, 'sdr', 'Sid');
    const c = new pg.Client({ connectionString: sdr.url });
    await c.connect();
    try {
      const upd = await c.query(`UPDATE convio.workspace_memberships SET role = 'admin' WHERE user_id = (SELECT id FROM convio.users WHERE login_role = session_user) RETURNING role`);
      expect(upd.rowCount).toBe(0);
      const rename = await c.query(`UPDATE convio.workspaces SET name = 'Mine now' RETURNING name`);
      expect(rename.rowCount).toBe(0);
      expect((await c.query(`SELECT role FROM convio.workspace_memberships m JOIN convio.users u ON u.id = m.user_id WHERE u.login_role = session_user`)).rows).toEqual([{ role: 'sdr' }]);
    } finally {
      await c.end();
    }
  });
});
