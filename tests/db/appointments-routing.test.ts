// Step 6 through the API: the routing setup (admins only), booking that routes with a stored
// explanation, overrides, fallback and the unrouted queue, reschedule / cancel / outcome /
// reassign with their events, the outcome's call, and "needs rebooking" after two devices'
// bookings meet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appointments, users } from '../../db/schema';
import { insertRow } from '../../db/write';
import { needsRebookingIds } from '../../db/queries/appointments';
import { actAs, addMember, createTestApp, type TestApp } from './helpers';

let app: TestApp;
let dana: string;
let eli: string;
let fay: string;
let sdr: string;
let manager: string;
const WEEKDAYS = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
// Monday 30 November 2026, 10:00 in New York: a working hour for everyone below.
const MON_10 = '2026-11-30T15:00:00.000Z';
const at = (iso: string, plusMinutes: number) => new Date(Date.parse(iso) + plusMinutes * 60_000).toISOString();

beforeEach(async () => {
  app = await createTestApp();
  dana = addMember(app, 'sdr', 'Dana');
  eli = addMember(app, 'sdr', 'Eli');
  fay = addMember(app, 'sdr', 'Fay');
  sdr = addMember(app, 'sdr', 'Sam');
  manager = addMember(app, 'manager', 'Mia');
});
afterEach(() => app.ctx.close());

async function fails(method: Parameters<TestApp['ok']>[0], input: unknown) {
  const r = await app.dispatcher.call(method, input);
  if (r.ok) throw new Error(`${method} should have been refused`);
  return r.error;
}

async function lead(name: string, leadType = 'solar', zip = '11215') {
  return (await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: name, email: `${name.toLowerCase()}@example.com`, zipCode: zip }, lead: { leadType } })).lead;
}

async function setUp() {
  const ws = app.workspaceId;
  await app.ok('routing.saveRep', { workspaceId: ws, userId: dana, team: 'Brooklyn', weight: 2, dailyCap: null, hours: WEEKDAYS, timeZone: 'America/New_York', inRotation: true });
  await app.ok('routing.saveRep', { workspaceId: ws, userId: eli, team: 'Brooklyn', weight: 1, dailyCap: null, hours: WEEKDAYS, timeZone: 'America/New_York', inRotation: true });
  await app.ok('routing.saveRep', { workspaceId: ws, userId: fay, team: 'Chicago', weight: 1, dailyCap: 1, hours: WEEKDAYS, timeZone: 'America/Chicago', inRotation: true });
  await app.ok('routing.saveRule', { workspaceId: ws, name: 'Brooklyn solar', productTypes: ['solar'], zipPatterns: ['112*'], priority: 10, targetTeam: 'Brooklyn' });
  const cfg = await app.ok('routing.saveRule', { workspaceId: ws, name: 'Chicago', productTypes: [], zipPatterns: ['60601-60699'], priority: 20, targetTeam: 'Chicago' });
  return cfg;
}

describe('the routing setup', () => {
  it('is read by everyone, changed by admins only, and checks what it stores', async () => {
    const cfg = await setUp();
    expect(cfg.rules.map((r) => [r.name, r.priority, r.targetTeam])).toEqual([
      ['Brooklyn solar', 10, 'Brooklyn'],
      ['Chicago', 20, 'Chicago'],
    ]);
    expect(cfg.reps.find((r) => r.userId === dana)).toMatchObject({ team: 'Brooklyn', weight: 2, configured: true, inRotation: true, hours: WEEKDAYS });
    expect(cfg.reps.find((r) => r.userId === sdr)).toMatchObject({ configured: false, inRotation: false });
    expect(cfg.teams).toEqual(['Brooklyn', 'Chicago']);
    expect(cfg.editable).toBe(true);
    // The rep's row is keyed by their membership: one row per rep on every device.
    const membership = app.ctx.db.sqlite.prepare('SELECT id FROM workspace_memberships WHERE user_id = ?').pluck().get(dana);
    expect(app.ctx.db.sqlite.prepare('SELECT id FROM routing_reps WHERE user_id = ?').pluck().all(dana)).toEqual([membership]);

    actAs(app, sdr);
    expect((await app.ok('routing.config', { workspaceId: app.workspaceId })).editable).toBe(false);
    expect((await fails('routing.saveRule', { workspaceId: app.workspaceId, name: 'x', priority: 1 })).code).toBe('forbidden');
    expect((await fails('routing.saveRep', { workspaceId: app.workspaceId, userId: sdr, team: null, weight: 5, dailyCap: null, hours: null, timeZone: 'UTC', inRotation: true })).code).toBe('forbidden');
    actAs(app, app.userId);

    const bad = await fails('routing.saveRule', { workspaceId: app.workspaceId, name: 'Bad', zipPatterns: ['10001', '10099-10001'], priority: 5 });
    expect(bad).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^zipPatterns\[1\]: "10099-10001": the range starts after it ends/) });
    expect((await fails('routing.saveRep', { workspaceId: app.workspaceId, userId: eli, team: null, weight: 1, dailyCap: null, hours: null, timeZone: 'Mars/Olympus', inRotation: true })).message).toMatch(/^timeZone:/);
    expect((await fails('routing.saveRep', { workspaceId: app.workspaceId, userId: eli, team: null, weight: 1, dailyCap: null, hours: { days: [1], start: '17:00', end: '09:00' }, timeZone: 'UTC', inRotation: true })).code).toBe('invalid_input');
  });

  it('deletes a rule with undo, and a sample lead routes differently after a rule changes', async () => {
    await setUp();
    const sample = { workspaceId: app.workspaceId, productType: 'solar', zip: '11215', scheduledAt: MON_10 };
    const before = await app.ok('routing.test', sample);
    expect(before).toMatchObject({ status: 'routed', repId: dana });
    expect(before.reason).toMatch(/^Brooklyn solar \(solar in 112\*\) → Dana/);
    const brooklyn = (await app.ok('routing.config', { workspaceId: app.workspaceId })).rules[0]!;
    await app.ok('routing.saveRule', { workspaceId: app.workspaceId, id: brooklyn.id, name: brooklyn.name, productTypes: ['solar'], zipPatterns: ['112*'], priority: 10, targetTeam: 'Chicago' });
    expect(await app.ok('routing.test', sample)).toMatchObject({ status: 'routed', repId: fay });
    const afterDelete = await app.ok('routing.deleteRule', { id: brooklyn.id });
    expect(afterDelete.rules.map((r) => r.name)).toEqual(['Chicago']);
    expect(await app.ok('routing.test', sample)).toMatchObject({ status: 'unrouted', repId: null, reason: 'no active rule matches, and there is no fallback owner' });
    expect((await app.ok('routing.restoreRule', { id: brooklyn.id })).rules.map((r) => r.name)).toEqual(['Brooklyn solar', 'Chicago']);
  });
});

describe('booking routes the lead', () => {
  it('picks the rep by rule and weighted rotation, stores why, and counts the rotation from the appointments', async () => {
    await setUp();
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const l = await lead(`Lead${i}`);
      const d = await app.ok('appointments.book', { leadId: l.id, scheduledAt: at(MON_10, i * 60) });
      expect(d.appointment.routingStatus).toBe('routed');
      expect(d.routing?.decision?.ruleId).toBe(d.appointment.routingRuleId);
      expect(d.appointment.routingReason).toMatch(/^Brooklyn solar \(solar in 112\*\) → (Dana|Eli), next in the rotation$/);
      expect(d.routing?.decision?.reps.map((r) => r.id).sort()).toEqual([dana, eli, fay].sort());
      expect(d.routing?.decision?.reps.find((r) => r.id === fay)?.why).toBe('not in Brooklyn');
      expect(d.events.map((e) => e.eventType)).toEqual(expect.arrayContaining(['created', 'assigned']));
      got.push(d.appointment.assignedUserId!);
    }
    // Weight 2 against weight 1: Dana gets two of every three.
    expect(got.filter((id) => id === dana)).toHaveLength(4);
    expect(got.filter((id) => id === eli)).toHaveLength(2);
    const cfg = await app.ok('routing.config', { workspaceId: app.workspaceId });
    expect(cfg.reps.find((r) => r.userId === dana)?.assignedInWindow).toBe(4);
  });

  it('lets a manager override with a reason, refuses an SDR the same, and never double-books', async () => {
    await setUp();
    const l = await lead('Olga');
    actAs(app, sdr);
    const routed = await app.ok('appointments.route', { leadId: l.id, scheduledAt: MON_10 });
    expect(routed.repId).toBe(dana);
    expect(await fails('appointments.book', { leadId: l.id, scheduledAt: MON_10, assignedUserId: eli })).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/routing gives this lead to Dana; only a manager/) });
    // Choosing the rep routing picks anyway is not an override.
    expect((await app.ok('appointments.book', { leadId: l.id, scheduledAt: MON_10, assignedUserId: dana })).appointment.routingStatus).toBe('routed');
    actAs(app, manager);
    expect((await fails('appointments.book', { leadId: l.id, scheduledAt: at(MON_10, 120), assignedUserId: eli })).message).toMatch(/^overrideReason:/);
    const o = await app.ok('appointments.book', { leadId: l.id, scheduledAt: at(MON_10, 120), assignedUserId: eli, overrideReason: 'speaks Polish' });
    expect(o.appointment).toMatchObject({ assignedUserId: eli, routingStatus: 'override', routingReason: 'Chosen by Mia: speaks Polish' });
    expect(o.routing?.override).toMatchObject({ byUserId: manager, reason: 'speaks Polish', routedRepId: dana });
    // Eli is now busy at 12:00: an override onto him at 12:30 is refused.
    const clash = await fails('appointments.book', { leadId: l.id, scheduledAt: at(MON_10, 150), assignedUserId: eli, overrideReason: 'again' });
    expect(clash).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^scheduledAt: Eli already has an appointment from 2026-11-30T17:00:00.000Z for 60 minutes/) });
    // Routing skips the busy rep instead.
    const skip = await app.ok('appointments.route', { leadId: l.id, scheduledAt: at(MON_10, 120) });
    expect(skip.reps.find((r) => r.id === eli)?.why).toBe('already booked at that time');
  });

  it('falls back to the fallback owner, else waits unrouted with the reason until a manager assigns it', async () => {
    await setUp();
    const evening = '2026-11-30T23:30:00.000Z'; // 18:30 in New York: nobody works
    const l = await lead('Nora');
    const u = await app.ok('appointments.book', { leadId: l.id, scheduledAt: evening });
    expect(u.appointment).toMatchObject({ assignedUserId: null, routingStatus: 'unrouted' });
    expect(u.appointment.routingReason).toBe('Brooklyn solar matched, but no rep of Brooklyn can take it at that time, and there is no fallback owner');
    expect(u.events.map((e) => e.eventType)).toContain('unrouted');
    const page = await app.ok('appointments.list', { workspaceId: app.workspaceId, queue: 'unrouted' });
    expect(page.rows.map((r) => r.id)).toEqual([u.appointment.id]);
    expect(page.counts.unrouted).toBe(1);

    actAs(app, sdr);
    expect((await fails('appointments.reassign', { id: u.appointment.id, userId: eli, reason: 'covering' })).code).toBe('forbidden');
    actAs(app, manager);
    const r = await app.ok('appointments.reassign', { id: u.appointment.id, userId: eli, reason: 'covering the evening' });
    expect(r.appointment).toMatchObject({ assignedUserId: eli, routingStatus: 'override' });
    expect(r.events[0]).toMatchObject({ eventType: 'reassigned', description: 'Reassigned from nobody (unrouted) to Eli: covering the evening', performedByName: 'Mia' });
    expect((await app.ok('appointments.list', { workspaceId: app.workspaceId, queue: 'unrouted' })).counts.unrouted).toBe(0);

    actAs(app, app.userId);
    await app.ok('routing.setFallback', { workspaceId: app.workspaceId, userId: manager });
    const f = await app.ok('appointments.book', { leadId: l.id, scheduledAt: at(evening, 60) });
    expect(f.appointment).toMatchObject({ assignedUserId: manager, routingStatus: 'fallback' });
    expect(f.appointment.routingReason).toMatch(/the fallback owner takes it$/);
    // The fallback owner is not double-booked either: at the same hour it waits unrouted again.
    const busy = await app.ok('appointments.book', { leadId: l.id, scheduledAt: at(evening, 90), durationMinutes: 30 });
    expect(busy.appointment).toMatchObject({ assignedUserId: null, routingStatus: 'unrouted' });
    expect(busy.appointment.routingReason).toBe('Brooklyn solar matched, but no rep of Brooklyn can take it at that time, and the fallback owner is booked then too');
    expect((await fails('routing.setFallback', { workspaceId: app.workspaceId, userId: '00000000-0000-7000-8000-000000000abc' })).message).toMatch(/^userId:/);
  });

  it('books for the person booking (or whoever they choose) in a workspace without rules', async () => {
    const l = await lead('Ida');
    const d = await app.ok('appointments.book', { leadId: l.id, scheduledAt: MON_10 });
    expect(d.appointment).toMatchObject({ assignedUserId: app.userId, routingStatus: 'manual' });
    actAs(app, sdr);
    expect((await app.ok('appointments.book', { leadId: l.id, scheduledAt: MON_10, assignedUserId: eli })).appointment).toMatchObject({ assignedUserId: eli, routingStatus: 'manual', routingReason: 'No routing rules: Sam chose Eli' });
  });
});

describe('after booking', () => {
  it('reschedules (checking the calendar), cancels with a reason, and records every change', async () => {
    await setUp();
    const a = (await app.ok('appointments.book', { leadId: (await lead('Ann')).id, scheduledAt: MON_10 })).appointment;
    const b = (await app.ok('appointments.book', { leadId: (await lead('Bob')).id, scheduledAt: at(MON_10, 60), assignedUserId: a.assignedUserId!, overrideReason: 'same rep' })).appointment;
    expect(b.assignedUserId).toBe(a.assignedUserId);
    expect((await fails('appointments.reschedule', { id: b.id, scheduledAt: at(MON_10, 30) })).code).toBe('conflict');
    expect((await fails('appointments.reschedule', { id: b.id, scheduledAt: b.scheduledAt })).code).toBe('invalid_input');
    const moved = await app.ok('appointments.reschedule', { id: b.id, scheduledAt: at(MON_10, 180), durationMinutes: 30, reason: 'client asked' });
    expect(moved.appointment).toMatchObject({ scheduledAt: at(MON_10, 180), durationMinutes: 30 });
    expect(moved.events[0]).toMatchObject({ eventType: 'rescheduled', description: 'Rescheduled: client asked', oldValue: `${at(MON_10, 60)} (60 min)`, newValue: `${at(MON_10, 180)} (30 min)` });
    expect((await fails('appointments.cancel', { id: a.id, reason: '' })).code).toBe('invalid_input');
    const cancelled = await app.ok('appointments.cancel', { id: a.id, reason: 'found another installer' });
    expect(cancelled.appointment.status).toBe('cancelled');
    expect(cancelled.events[0]).toMatchObject({ eventType: 'cancelled', description: 'Cancelled: found another installer' });
    expect((await fails('appointments.reschedule', { id: a.id, scheduledAt: at(MON_10, 300) })).code).toBe('conflict');
    // The cancelled slot is free again, and a cancelled booking leaves the rotation's count.
    await app.ok('appointments.reschedule', { id: b.id, scheduledAt: MON_10, reason: '' });
    const cfg = await app.ok('routing.config', { workspaceId: app.workspaceId });
    expect(cfg.reps.find((r) => r.userId === a.assignedUserId)?.assignedInWindow).toBe(1);
  });

  it('turns an outcome into the call the show rate counts, and corrects it', async () => {
    await setUp();
    const l = (await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Ola', email: 'ola@example.com', zipCode: '11201' }, lead: { leadType: 'solar', source: 'facebook', utmSource: 'facebook', utmMedium: 'paid' } })).lead;
    const future = (await app.ok('appointments.book', { leadId: l.id, scheduledAt: new Date(Date.now() + 86_400_000).toISOString() })).appointment;
    expect((await fails('appointments.outcome', { id: future.id, outcome: 'show' })).message).toMatch(/record its outcome once it has started/);
    const a = (await app.ok('appointments.book', { leadId: l.id, scheduledAt: MON_10 })).appointment;
    const shown = await app.ok('appointments.outcome', { id: a.id, outcome: 'show', notes: 'went well' });
    expect(shown.appointment).toMatchObject({ status: 'completed', outcome: 'show' });
    expect(shown.callId).not.toBeNull();
    const call = app.ctx.db.sqlite.prepare('SELECT crm_stage, rep_user_id, traffic_source, scheduled_at, lead_id, call_type FROM calls WHERE id = ?').get(shown.callId) as Record<string, string>;
    expect(call).toMatchObject({ crm_stage: 'completed', rep_user_id: a.assignedUserId, traffic_source: 'meta', scheduled_at: MON_10, lead_id: l.id, call_type: 'appointment' });
    const noShow = await app.ok('appointments.outcome', { id: a.id, outcome: 'no_show' });
    expect(noShow.callId).toBe(shown.callId);
    expect(app.ctx.db.sqlite.prepare('SELECT crm_stage FROM calls WHERE id = ?').pluck().get(shown.callId)).toBe('no_show');
    expect(app.ctx.db.sqlite.prepare("SELECT count(*) FROM calls WHERE external_source = 'appointment'").pluck().get()).toBe(1);
    expect(noShow.events.filter((e) => e.eventType === 'outcome').map((e) => e.newValue)).toEqual(['no_show', 'show']);
    // The call figures by source and rep see it: one resolved call, a no-show.
    const stats = app.ctx.db.sqlite.prepare("SELECT crm_stage, sum(calls) AS n FROM call_stats_rep_daily WHERE workspace_id = ? AND rep_user_id = ? GROUP BY 1").all(app.workspaceId, a.assignedUserId) as { crm_stage: string; n: number }[];
    expect(stats).toEqual([{ crm_stage: 'no_show', n: 1 }]);
  });
});

describe('needs rebooking', () => {
  it('flags the later of two overlapping bookings of one rep (as two synced devices leave them) until one moves', async () => {
    await setUp();
    const l = await lead('Pia');
    const first = (await app.ok('appointments.book', { leadId: l.id, scheduledAt: MON_10 })).appointment;
    // Another laptop booked the same rep for 10:30 while offline; it arrives by sync, created later.
    const w = app.ctx.writer(sdr);
    const other = insertRow(w, appointments, {
      workspaceId: app.workspaceId,
      leadId: l.id,
      contactId: l.contactId,
      scheduledAt: at(MON_10, 30),
      durationMinutes: 60,
      status: 'scheduled',
      assignedUserId: first.assignedUserId,
      routingStatus: 'routed',
      createdAt: at(first.createdAt, 1),
    });
    expect(needsRebookingIds(app.ctx.db, app.workspaceId)).toEqual([other.id]);
    const page = await app.ok('appointments.list', { workspaceId: app.workspaceId, queue: 'needs_rebooking' });
    expect(page.rows.map((r) => [r.id, r.needsRebooking])).toEqual([[other.id, true]]);
    expect(page.counts.needsRebooking).toBe(1);
    const detail = await app.ok('appointments.get', { id: other.id });
    expect(detail.clashesWith?.id).toBe(first.id);
    expect((await app.ok('appointments.get', { id: first.id })).appointment.needsRebooking).toBe(false);
    await app.ok('appointments.reschedule', { id: other.id, scheduledAt: at(MON_10, 60), reason: 'rebooked after sync' });
    expect(needsRebookingIds(app.ctx.db, app.workspaceId)).toEqual([]);
  });
});

describe('the team list', () => {
  it('filters by rep, status, time and search, sorts, pages and counts', async () => {
    await setUp();
    const names = ['Cleo', 'Abe', 'Bea', 'Dov'];
    for (const [i, n] of names.entries()) await app.ok('appointments.book', { leadId: (await lead(n)).id, scheduledAt: at(MON_10, i * 60) });
    const ws = app.workspaceId;
    const all = await app.ok('appointments.list', { workspaceId: ws });
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => r.contactName)).toEqual(['Cleo', 'Abe', 'Bea', 'Dov']);
    expect((await app.ok('appointments.list', { workspaceId: ws, sort: 'contactName' })).rows.map((r) => r.contactName)).toEqual(['Abe', 'Bea', 'Cleo', 'Dov']);
    expect((await app.ok('appointments.list', { workspaceId: ws, sort: 'contactName', dir: 'desc', limit: 2, offset: 1 })).rows.map((r) => r.contactName)).toEqual(['Cleo', 'Bea']);
    expect((await app.ok('appointments.list', { workspaceId: ws, search: 'bea' })).rows.map((r) => r.contactName)).toEqual(['Bea']);
    // By email too, through the leads' search index; the totals follow the search.
    const byEmail = await app.ok('appointments.list', { workspaceId: ws, search: 'dov@example.com' });
    expect([byEmail.rows.map((r) => r.contactName), byEmail.total]).toEqual([['Dov'], 1]);
    expect((await app.ok('appointments.list', { workspaceId: ws, search: 'nobody-like-this' })).total).toBe(0);
    expect((await app.ok('appointments.list', { workspaceId: ws, repIds: [eli] })).rows.every((r) => r.assignedUserId === eli)).toBe(true);
    const window = await app.ok('appointments.list', { workspaceId: ws, from: at(MON_10, 60), to: at(MON_10, 180) });
    expect(window.rows.map((r) => r.contactName)).toEqual(['Abe', 'Bea']);
    await app.ok('appointments.cancel', { id: all.rows[0]!.id, reason: 'no longer interested' });
    expect((await app.ok('appointments.list', { workspaceId: ws, statuses: ['cancelled'] })).rows.map((r) => r.contactName)).toEqual(['Cleo']);
    // Someone outside the workspace sees none of it.
    const stranger = insertRow(app.ctx.writer(null), users, { email: 'stranger@example.com', displayName: 'Stranger' });
    actAs(app, stranger.id);
    expect((await fails('appointments.get', { id: all.rows[1]!.id })).code).toBe('not_found');
    expect((await fails('appointments.list', { workspaceId: ws })).code).toBe('forbidden');
  });
});
