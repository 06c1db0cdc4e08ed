// The app's push reads and encodes its batches in a worker thread of its own (push-encoder) when
// there is more than one batch: against a real Postgres, every change lands once, in order, a
// refused one is parked with its reason while the rest land, and the outbox ends empty.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inThreadBatches } from '../../db/sync/push';
import { workerBatches } from '../../electron/main/sync/runner';
import { createTestServer, type TestServer } from './pg';
import { createClient, serverRows, type TestClient } from './clients';

let server: TestServer;
let ws: string;
let dir: string;
let client: TestClient;
beforeAll(async () => {
  server = await createTestServer();
  ws = await server.workspace('Team Encoder');
  dir = mkdtempSync(join(tmpdir(), 'push-encoder-'));
  const user = await server.user(ws, 'sdr', 'Enzo');
  client = await createClient('Enzo', user, undefined, join(dir, 'client.sqlite'));
  await client.sync();
});
afterAll(async () => {
  await client?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('push encoder worker', () => {
  it('reads small pushes and in-memory databases on this thread, large ones in the worker', async () => {
    const source = workerBatches(client.ctx.db, 10_000);
    expect(source.ahead).toBeDefined(); // the in-thread source: nothing pending beyond one batch
    await source.close();
    const memory = await createClient('Mem', await server.user(ws, 'sdr', 'Mem'));
    try {
      await memory.sync();
      await memory.ok('leads.create', { workspaceId: ws, contact: { firstName: 'M', lastName: 'Em' }, lead: { leadType: 'solar', source: 'website' } });
      const s = workerBatches(memory.ctx.db, 1);
      expect(s.ahead).toBeDefined();
      await s.close();
    } finally {
      await memory.close();
    }
  });

  it('pushes many batches through the worker: every change once, a refused one parked, the outbox empty', async () => {
    const created: { lead: { id: string }; contact: { id: string } }[] = [];
    for (let i = 0; i < 60; i++) {
      created.push(await client.ok('leads.create', { workspaceId: ws, contact: { firstName: `Batch${i}`, lastName: 'Worker', email: `batch${i}@example.com` }, lead: { leadType: 'solar', source: 'website' } }));
      client.tick(10);
    }
    // Later edits of early rows: collapsed with their inserts only within a batch, ordered across batches.
    for (let i = 0; i < 60; i += 7) {
      await client.ok('leads.update', { id: created[i]!.lead.id, patch: { notes: `edited ${i}` } });
      client.tick(10);
    }
    // A call whose stage the server's check refuses, in the middle of the queue.
    const { call } = await client.ok('calls.create', { workspaceId: ws, contactId: created[30]!.contact.id });
    client.ctx.db.sqlite.prepare("UPDATE outbox SET changes = json_set(changes, '$.crm_stage', 'teleported') WHERE row_id = ?").run(call.id);
    for (let i = 60; i < 70; i++) await client.ok('leads.create', { workspaceId: ws, contact: { firstName: `Batch${i}`, lastName: 'Worker' }, lead: { leadType: 'solar', source: 'website' } });
    const pending = client.outbox();
    const callRows = client.query<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE row_id = ?', call.id)[0]!.n;
    expect(pending).toBeGreaterThan(200);

    const source = workerBatches(client.ctx.db, 25);
    expect(source.ahead).toBeUndefined(); // more than one batch: the worker reads them
    await source.close();

    let batches = 0;
    const run = await client.sync({ push: { batchRows: 25, batches: workerBatches }, onPhase: (phase) => phase === 'push' && batches++ });
    expect(batches).toBeGreaterThanOrEqual(Math.floor(pending / 25));
    // The call and what refers to it (its history entry) are parked; every other change landed.
    const parked = client.query<{ table_name: string; row_id: string; reason: string }>('SELECT table_name, row_id, reason FROM parked_changes ORDER BY seq');
    expect(parked.filter((p) => p.row_id === call.id)).toHaveLength(callRows);
    expect(parked.find((p) => p.row_id === call.id)).toMatchObject({ table_name: 'calls', reason: expect.stringMatching(/calls_crm_stage_ck/) });
    expect(parked.filter((p) => p.row_id !== call.id).map((p) => p.table_name)).toEqual(['call_events']);
    expect(run.parked).toBe(parked.length);
    expect(run.pushed).toBe(pending - parked.length);
    expect(client.outbox()).toBe(0);
    const leadsOnServer = await serverRows(server.admin, 'leads', `last_name = 'Worker'`);
    expect(leadsOnServer).toHaveLength(70);
    for (let i = 0; i < 60; i += 7) expect(leadsOnServer.find((l) => l.id === created[i]!.lead.id)).toMatchObject({ notes: `edited ${i}` });
    expect(await serverRows(server.admin, 'calls', `id = '${call.id}'`)).toHaveLength(0);
  });

  it('gives the same COPY text as the in-thread reader', async () => {
    for (let i = 0; i < 30; i++) await client.ok('leads.create', { workspaceId: ws, contact: { firstName: `Same${i}`, lastName: 'Text' }, lead: { leadType: 'solar', source: 'website' } });
    const here = inThreadBatches(client.ctx.db, 20);
    const there = workerBatches(client.ctx.db, 20);
    try {
      for (;;) {
        const [a, b] = [await here.next(), await there.next()];
        expect(b?.first).toBe(a?.first);
        expect(b?.last).toBe(a?.last);
        if (!a || !b) break;
        expect([...b.copy.keys()]).toEqual([...a.copy.keys()]);
        for (const [table, text] of a.copy) expect(b.copy.get(table)!.toString()).toBe(text.toString());
      }
    } finally {
      await here.close();
      await there.close();
    }
    await client.sync();
    expect(client.outbox()).toBe(0);
  });
});
