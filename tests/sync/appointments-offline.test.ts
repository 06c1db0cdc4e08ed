// Step 6, item 4: two SDRs book offline on two laptops, then sync through a real Postgres. The
// rotation is derived from synced appointments, so it comes out even once both have synced; a
// rep both laptops booked for the same hour shows one "needs rebooking" item (the later booking)
// on every device, and rebooking it clears it everywhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { needsRebookingIds } from '../../db/queries/appointments';
import { createTestServer, type TestServer } from './pg';
import { createClient, serverRows, type TestClient } from './clients';

let server: TestServer;
let ws: string;
const open: TestClient[] = [];
beforeAll(async () => {
  server = await createTestServer();
  ws = await server.workspace('Routing Team');
});
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
afterAll(async () => server?.close());

// Tuesday 2 June 2026, 10:00 in New York.
const TUE_10 = '2026-06-02T14:00:00.000Z';
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

async function lead(c: TestClient, first: string) {
  return (await c.ok('leads.create', { workspaceId: ws, contact: { firstName: first, lastName: 'Offline', email: `${first.toLowerCase()}@example.com`, zipCode: '11215' }, lead: { leadType: 'solar' } })).lead;
}

const counts = async (c: TestClient) => Object.fromEntries((await c.ok('routing.config', { workspaceId: ws })).reps.filter((r) => r.inRotation).map((r) => [r.name, r.assignedInWindow]));

describe('booking on two laptops offline', () => {
  it('keeps the rotation even and surfaces the double booking as one item to rebook on every device', async () => {
    const admin = await server.user(ws, 'admin', 'Ada Admin');
    const reps = [await server.user(ws, 'sdr', 'Rep One'), await server.user(ws, 'sdr', 'Rep Two'), await server.user(ws, 'sdr', 'Rep Three')];
    const sdrA = await server.user(ws, 'sdr', 'Sam Laptop');
    const sdrB = await server.user(ws, 'sdr', 'Kim Laptop');

    const setup = await createClient('admin', admin);
    open.push(setup);
    await setup.sync();
    for (const r of reps) {
      await setup.ok('routing.saveRep', { workspaceId: ws, userId: r.userId, team: null, weight: 1, dailyCap: null, hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }, timeZone: 'America/New_York', inRotation: true });
    }
    await setup.ok('routing.saveRule', { workspaceId: ws, name: 'Brooklyn solar', productTypes: ['solar'], zipPatterns: ['112*'], priority: 10 });
    const pushed = await setup.sync();
    expect(pushed.parked).toBe(0);
    // The routing setup is the admin's to change: on the server too.
    expect(await serverRows(server.admin, 'routing_reps')).toHaveLength(3);

    const a = await createClient('laptop-a', sdrA);
    const b = await createClient('laptop-b', sdrB);
    open.push(a, b);
    await a.sync();
    await b.sync();
    expect(await counts(a)).toEqual({ 'Rep One': 0, 'Rep Three': 0, 'Rep Two': 0 });

    // Offline: each laptop books two leads, 10:00 and 11:00. Both see the same empty rotation, so
    // both give 10:00 to the same rep and 11:00 to the same next one.
    const a1 = (await a.ok('appointments.book', { leadId: (await lead(a, 'Alma')).id, scheduledAt: TUE_10 })).appointment;
    a.tick(60_000);
    const a2 = (await a.ok('appointments.book', { leadId: (await lead(a, 'Abel')).id, scheduledAt: plus(TUE_10, 60) })).appointment;
    b.tick(120_000);
    const b1 = (await b.ok('appointments.book', { leadId: (await lead(b, 'Bela')).id, scheduledAt: TUE_10 })).appointment;
    b.tick(60_000);
    const b2 = (await b.ok('appointments.book', { leadId: (await lead(b, 'Boris')).id, scheduledAt: plus(TUE_10, 60) })).appointment;
    expect(b1.assignedUserId).toBe(a1.assignedUserId);
    expect(b2.assignedUserId).toBe(a2.assignedUserId);
    expect(a1.assignedUserId).not.toBe(a2.assignedUserId);
    expect(needsRebookingIds(a.ctx.db, ws)).toEqual([]);

    // Back online, in either order.
    for (const c of [a, b, a, b]) expect((await c.sync()).parked).toBe(0);

    // Every device counts the same four routed appointments: two reps have two, one has none...
    for (const c of [a, b]) {
      expect(Object.values(await counts(c)).sort()).toEqual([0, 2, 2]);
      // ...and both rebook the same item: the later of the two 10:00 bookings of that rep (and of 11:00).
      expect(needsRebookingIds(c.ctx.db, ws)).toEqual([b1.id, b2.id].sort());
      const page = await c.ok('appointments.list', { workspaceId: ws, queue: 'needs_rebooking' });
      expect(page.counts.needsRebooking).toBe(2);
      expect((await c.ok('appointments.get', { id: b1.id })).clashesWith?.id).toBe(a1.id);
    }
    // The next lead goes to the rep the offline bookings left out, whichever laptop books it.
    const idle = (await a.ok('routing.config', { workspaceId: ws })).reps.find((r) => r.inRotation && r.assignedInWindow === 0)!;
    const probe = await lead(a, 'Cleo');
    expect((await a.ok('appointments.route', { leadId: probe.id, scheduledAt: plus(TUE_10, 240) })).repId).toBe(idle.userId);
    await a.sync();
    await b.sync();
    expect((await b.ok('appointments.route', { leadId: probe.id, scheduledAt: plus(TUE_10, 240) })).repId).toBe(idle.userId);

    // Laptop B rebooks its two: one moved to a free hour, one handed to the idle rep by a manager
    // elsewhere would also do; here B moves both. After syncing, nothing needs rebooking anywhere.
    await b.ok('appointments.reschedule', { id: b1.id, scheduledAt: plus(TUE_10, 120), reason: 'clashed after sync' });
    await b.ok('appointments.reschedule', { id: b2.id, scheduledAt: plus(TUE_10, 180), reason: 'clashed after sync' });
    await b.sync();
    await a.sync();
    for (const c of [a, b]) expect(needsRebookingIds(c.ctx.db, ws)).toEqual([]);
    const onServer = await serverRows(server.admin, 'appointments');
    expect(onServer).toHaveLength(4);
    const events = await serverRows(server.admin, 'appointment_events', `appointment_id = '${b1.id}'`);
    expect(events.map((e) => e.event_type).sort()).toEqual(['assigned', 'created', 'rescheduled']);
  });

  it('refuses an SDR laptop changing the routing setup on the server, and parks it with the reason', async () => {
    const sdr = await server.user(ws, 'sdr', 'Sly');
    const c = await createClient('sly', sdr);
    open.push(c);
    await c.sync();
    // The app refuses it first...
    const r = await c.dispatcher.call('routing.saveRule', { workspaceId: ws, name: 'Mine', priority: 1 });
    expect(r.ok).toBe(false);
    // ...and a change that slips past the app (an old version, a tampered client) is parked by the server's policy.
    const rule = c.ctx.writer(sdr.userId);
    const { insertRow } = await import('../../db/write');
    const { appointmentRoutingRules } = await import('../../db/schema');
    insertRow(rule, appointmentRoutingRules, { workspaceId: ws, name: 'Sneaky', priority: 0 });
    const run = await c.sync();
    expect(run.parked).toBe(1);
    expect(await serverRows(server.admin, 'appointment_routing_rules', `name = 'Sneaky'`)).toEqual([]);
  });
});
