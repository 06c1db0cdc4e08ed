// DESIGN.md §4.5: three replicas with random edits, random sync order and random dropped
// connections end identical to each other and to Postgres (fast-check).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './pg';
import { createClient, serverRows, type TestClient } from './clients';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => server?.close());

// Few leads and fields, so concurrent writes to the same field (the interesting case) are common.
const FIELDS = ['source', 'notes', 'status', 'city'] as const;
const VALUES = { source: ['web', 'referral', 'ads'], notes: ['a', 'b', 'c', ''], status: ['new', 'contacted', 'qualified'], city: ['Austin', 'Boise', 'Camden'] } as const;

type Step =
  | { kind: 'create'; client: number }
  | { kind: 'edit'; client: number; lead: number; field: number; value: number }
  | { kind: 'sync'; client: number; dropAfterPages: number | null }
  | { kind: 'tick'; client: number; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), client: fc.nat(2) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('edit' as const), client: fc.nat(2), lead: fc.nat(2), field: fc.nat(1), value: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), client: fc.nat(2), dropAfterPages: fc.option(fc.nat(3), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), client: fc.nat(2), ms: fc.integer({ min: 1, max: 5000 }) }) },
);

const snapshot = (c: TestClient, ids: string[]) =>
  c.query(`SELECT id, source, notes, status, city FROM leads WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`, ...ids);

describe('convergence', () => {
  it('three clients end identical to the server, whatever the order and drops', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), async (steps) => {
        run++;
        const ws = await server.workspace(`Converge ${run}`);
        const clients: TestClient[] = [];
        try {
          for (let i = 0; i < 3; i++) {
            // Clocks a few seconds apart, so the same millisecond on two devices is rare but possible.
            const c = await createClient(`c${i}`, await server.user(ws, 'manager', `Rep ${run}-${i}`), Date.parse('2026-06-01T12:00:00Z') + i * 7);
            await c.sync();
            clients.push(c);
          }
          const ids: string[] = [];
          // Two leads every replica starts with.
          const seedDone = async () => {
            for (let i = 0; i < 2; i++) {
              const { lead } = await clients[0]!.ok('leads.create', { workspaceId: ws, contact: { firstName: `Seed${i}`, email: `seed${run}-${i}@x.example` } });
              ids.push(lead.id);
              record(clients[0]!, lead.id, { source: '', notes: '', status: 'new', city: '' });
            }
            for (const c of clients) await c.sync();
            await clients[0]!.sync();
          };
          // The oracle: for every lead and field, the value of the write with the highest clock.
          const latest = new Map<string, { value: string; hlc: string }>();
          const record = (c: TestClient, id: string, fields: Record<string, string>) => {
            const row = c.query<{ hlc: string; changes: string }>(`SELECT hlc, changes FROM outbox WHERE table_name = 'leads' AND row_id = ? ORDER BY seq DESC LIMIT 1`, id)[0];
            if (!row) return;
            const written = JSON.parse(row.changes) as Record<string, unknown>;
            for (const [field, value] of Object.entries(fields)) {
              if (!(field in written)) continue;
              const key = `${id}/${field}`;
              const prev = latest.get(key);
              if (!prev || row.hlc > prev.hlc) latest.set(key, { value, hlc: row.hlc });
            }
          };
          await seedDone();
          for (const s of steps) {
            const c = clients[s.client]!;
            if (s.kind === 'create') {
              const { lead } = await c.ok('leads.create', { workspaceId: ws, contact: { firstName: `P${ids.length}`, email: `p${run}-${ids.length}@x.example` } });
              ids.push(lead.id);
              record(c, lead.id, { source: '', notes: '', status: 'new', city: '' });
            } else if (s.kind === 'edit') {
              const known = c.query<{ id: string }>(`SELECT id FROM leads WHERE workspace_id = ? ORDER BY id`, ws);
              if (known.length === 0) continue;
              const id = known[s.lead % known.length]!.id;
              const field = FIELDS[s.field]!;
              const value = VALUES[field][s.value % VALUES[field].length]!;
              const before = c.query<{ v: string }>(`SELECT ${field} AS v FROM leads WHERE id = ?`, id)[0]!.v;
              await c.ok('leads.update', { id, patch: { [field]: value } });
              if (before !== value) record(c, id, { [field]: value });
            } else if (s.kind === 'tick') {
              c.tick(s.ms);
            } else {
              let pages = 0;
              const drop = s.dropAfterPages;
              await c
                .sync({ pull: { pageSize: 2, beforePage: () => { if (drop !== null && pages++ === drop) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }); } } })
                .catch((err: Error) => {
                  if (!/Connection terminated/.test(err.message)) throw err;
                });
            }
          }
          // Everyone comes online: two full rounds settle every push and pull.
          for (let round = 0; round < 2; round++) for (const c of clients) await c.sync();
          for (const c of clients) expect(c.outbox(), `${c.name} outbox`).toBe(0);
          const serverState = (await serverRows(server.admin, 'leads', `workspace_id = '${ws}'`)).map((r) => ({ id: r.id, source: r.source, notes: r.notes, status: r.status, city: r.city }));
          const serverIds = serverState.map((r) => String(r.id));
          // The pull's horizon is cluster-wide: any transaction still open on the server (autovacuum
          // analyzing, another test's connection) holds back rows committed after it began, and they
          // arrive at a later sync. So a client behind the server gets more rounds, not a failure.
          const behind = () => clients.filter((c) => JSON.stringify(snapshot(c, serverIds)) !== JSON.stringify(serverState));
          for (let round = 0; round < 10 && behind().length > 0; round++) {
            await new Promise((r) => setTimeout(r, 200));
            for (const c of behind()) await c.sync();
          }
          expect(serverIds.sort()).toEqual([...ids].sort());
          for (const c of clients) expect(snapshot(c, serverIds), c.name).toEqual(serverState);
          // And the state they agree on is the right one: per field, the latest write by clock.
          for (const row of serverState) {
            for (const field of FIELDS) {
              const expected = latest.get(`${row.id}/${field}`);
              if (expected) expect(row[field], `${field} of ${row.id}`).toBe(expected.value);
            }
          }
        } finally {
          for (const c of clients) await c.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
