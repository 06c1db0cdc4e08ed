import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertRow } from '../../db/write';
import { contacts, workspaceMemberships, workspaces } from '../../db/schema';
import { storedCallStats, recomputeCallStats } from '../../db/queries/analytics';
import { actAs as actAsUser, addMember, createTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.ctx.close());

async function contactAndLead(phone = '(415) 867-5309', lead: Record<string, unknown> = { leadType: 'solar', source: 'facebook_ads', utmSource: 'facebook' }) {
  return app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Dana', lastName: 'Scully', phone }, lead });
}

const member = (role: 'sdr' | 'manager' | 'admin', name: string) => addMember(app, role, name);
const actAs = (userId: string) => actAsUser(app, userId);

describe('logging a call', () => {
  it('classifies the traffic source from the evidence, says why, and records the call', async () => {
    const { contact, lead } = await contactAndLead();
    const detail = await app.ok('calls.create', {
      workspaceId: app.workspaceId,
      contactId: contact.id,
      leadId: lead.id,
      evidence: { sourceOfAppointment: 'sdr_booked_call' },
      scheduledAt: '2026-05-04T15:00:00.000Z',
      durationSeconds: 900,
    });
    expect(detail.call).toMatchObject({ crmStage: 'scheduled', trafficSource: 'meta', trafficSourceOverridden: false, trafficSourceConfidence: 'medium', repUserId: app.userId, durationSeconds: 900 });
    expect(detail.call.trafficSourceReason).toMatch(/source of set appointment is "sdr_booked_call" → meta/);
    expect(detail.events.map((e) => e.eventType)).toEqual(['created']);
    expect(detail.contact.id).toBe(contact.id);
    expect(detail.lead?.id).toBe(lead.id);
  });

  it('lets a manual override win, recorded as such', async () => {
    const { contact } = await contactAndLead();
    const detail = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, evidence: { utmSource: 'facebook' }, trafficSourceOverride: 'organic' });
    expect(detail.call).toMatchObject({ trafficSource: 'organic', trafficSourceOverridden: true, trafficSourceConfidence: 'manual' });
    expect(detail.call.trafficSourceReason).toBe('Set by hand to organic');
  });

  it('uses the workspace\'s own sources and rules', async () => {
    const cfg = await app.ok('settings.traffic', { workspaceId: app.workspaceId });
    expect(cfg.isDefault).toBe(true);
    await app.ok('settings.saveTraffic', {
      workspaceId: app.workspaceId,
      sources: [...cfg.sources, { key: 'google', label: 'Google Ads', color: '#ea4335' }],
      rules: [{ priority: 5, field: 'gclid', match: 'present', value: '', source: 'google', confidence: 'high' }, ...cfg.rules],
    });
    const { contact } = await contactAndLead();
    const detail = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, evidence: { gclid: 'Cj0KCQ', sourceOfAppointment: 'sdr_booked_call' } });
    expect(detail.call.trafficSource).toBe('google');
    expect(detail.call.trafficSourceReason).toMatch(/Google click id/);
    const bad = await app.dispatcher.call('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, trafficSourceOverride: 'tiktok' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/"tiktok" is not a traffic source of this workspace \(organic, meta, google\)/);
  });

  it('creates the contact inline through dedup', async () => {
    const { contact } = await contactAndLead('(415) 867-5309');
    const detail = await app.ok('calls.create', { workspaceId: app.workspaceId, newContact: { firstName: 'Dana', phone: '415.867.5309' } });
    expect(detail.contact.id).toBe(contact.id);
    const fresh = await app.ok('calls.create', { workspaceId: app.workspaceId, newContact: { fullName: 'Fox Mulder', email: 'fox@fbi.gov' } });
    expect(fresh.contact.name).toBe('Fox Mulder');
  });

  it('refuses bad input with the field and writes nothing', async () => {
    const { contact, lead } = await contactAndLead();
    const w = app.ctx.writer(null);
    const other = insertRow(w, workspaces, { name: 'Other branch' });
    insertRow(w, workspaceMemberships, { workspaceId: other.id, userId: app.userId, role: 'admin' });
    const elsewhere = insertRow(w, contacts, { workspaceId: other.id, contactCode: '313131', firstName: 'Elsewhere' });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ crmStage: 'won' }, /crmStage: unknown stage "won"/],
      [{ durationSeconds: -5 }, /durationSeconds: must not be negative/],
      [{ crmStage: 'closed_won' }, /saleValueCents: a closed-won call needs its sale value/],
      [{ contactId: elsewhere.id }, /contactId: this contact belongs to Other branch, not to the workspace of the call/],
      [{ leadId: '00000000-0000-7000-8000-0000000000ff' }, /leadId: that lead is not one of this contact's leads/],
      [{ scheduledAt: 'tomorrow' }, /scheduledAt/],
    ];
    for (const [patch, message] of cases) {
      const before = app.outboxCount();
      const calls = app.ctx.db.sqlite.prepare('SELECT count(*) FROM calls').pluck().get();
      const result = await app.dispatcher.call('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, leadId: lead.id, ...patch });
      expect(result.ok, JSON.stringify(patch)).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(message);
      expect(app.outboxCount()).toBe(before);
      expect(app.ctx.db.sqlite.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(calls);
    }
  });

  it('files the call under its day in the workspace time zone', async () => {
    app.ctx.db.sqlite.prepare("UPDATE workspaces SET timezone = 'America/Chicago' WHERE id = ?").run(app.workspaceId);
    const { contact } = await contactAndLead();
    const late = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, scheduledAt: '2026-03-01T03:30:00.000Z' });
    expect(late.call.callDay).toBe('2026-02-28');
    const moved = await app.ok('calls.update', { id: late.call.id, patch: { scheduledAt: '2026-03-01T18:00:00.000Z' } });
    expect(moved.call.callDay).toBe('2026-03-01');
    expect(moved.events[0]!.eventType).toBe('rescheduled');
  });
});

describe('stage changes', () => {
  it('records every change with old, new, who and why', async () => {
    const { contact } = await contactAndLead();
    const { call } = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id });
    await app.ok('calls.changeStage', { id: call.id, to: 'in_progress' });
    await app.ok('calls.changeStage', { id: call.id, to: 'no_show', reason: 'Did not pick up twice' });
    const detail = await app.ok('calls.get', { id: call.id });
    const changes = detail.events.filter((e) => e.eventType === 'stage_changed').reverse();
    expect(changes.map((e) => [e.oldValue, e.newValue, e.reason, e.actorName])).toEqual([
      ['scheduled', 'in_progress', null, 'You'],
      ['in_progress', 'no_show', 'Did not pick up twice', 'You'],
    ]);
    const same = await app.dispatcher.call('calls.changeStage', { id: call.id, to: 'no_show' });
    expect(same.ok).toBe(false);
  });

  it('turns a won call into a conversion for its contact and lead, and converts the lead', async () => {
    const { contact, lead } = await contactAndLead();
    const { call } = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, leadId: lead.id });
    const needsValue = await app.dispatcher.call('calls.changeStage', { id: call.id, to: 'closed_won' });
    expect(needsValue.ok).toBe(false);
    if (!needsValue.ok) expect(needsValue.error.fields?.[0]?.field).toBe('saleValueCents');
    const won = await app.ok('calls.changeStage', { id: call.id, to: 'closed_won', saleValueCents: 2_450_000 });
    expect(won.conversionId).not.toBeNull();
    const conversion = app.ctx.db.sqlite.prepare('SELECT * FROM conversions WHERE id = ?').get(won.conversionId) as Record<string, unknown>;
    expect(conversion).toMatchObject({ contact_id: contact.id, lead_id: lead.id, call_id: call.id, value_cents: 2_450_000, conversion_type: 'sale', deleted_at: null });
    const leadAfter = await app.ok('leads.get', { id: lead.id });
    expect(leadAfter.lead.status).toBe('converted');
    expect(leadAfter.events[0]!.changes.status).toEqual(['new', 'converted']);
  });

  it('lets only a manager reopen a closed call; reopening voids the sale', async () => {
    const { contact, lead } = await contactAndLead();
    const { call } = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, leadId: lead.id });
    const won = await app.ok('calls.changeStage', { id: call.id, to: 'closed_won', saleValueCents: 100_000 });
    const sdr = member('sdr', 'Sam');
    actAs(sdr);
    const refused = await app.dispatcher.call('calls.changeStage', { id: call.id, to: 'completed' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'forbidden', message: 'Reopening a Closed won call needs a manager' });
    // Moving a lost call is refused the same way.
    actAs(app.userId);
    const { call: second } = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, crmStage: 'lost' });
    actAs(sdr);
    expect((await app.dispatcher.call('calls.changeStage', { id: second.id, to: 'scheduled' })).ok).toBe(false);

    const manager = member('manager', 'Mona');
    actAs(manager);
    await app.ok('calls.changeStage', { id: call.id, to: 'completed', reason: 'Customer cancelled within 3 days' });
    const conversion = app.ctx.db.sqlite.prepare('SELECT deleted_at FROM conversions WHERE id = ?').get(won.conversionId) as { deleted_at: string | null };
    expect(conversion.deleted_at).not.toBeNull();
    expect(app.ctx.db.sqlite.prepare("SELECT event_type FROM conversion_events WHERE conversion_id = ? ORDER BY created_at, rowid").pluck().all(won.conversionId)).toEqual(['created', 'voided']);
    expect((await app.ok('leads.get', { id: lead.id })).lead.status).toBe('qualified');
    const detail = await app.ok('calls.get', { id: call.id });
    expect(detail.call.saleValueCents).toBeNull();
    expect(detail.conversion).toBeNull();
  });
});

describe('analytics summaries', () => {
  it('count held, no-shows and wins by source and day, and move counts when a stage changes', async () => {
    const { contact } = await contactAndLead();
    const mk = (stage: string, source: string, day: string, extra: Record<string, unknown> = {}) =>
      app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, crmStage: stage, trafficSourceOverride: source, scheduledAt: `${day}T16:00:00.000Z`, ...extra });
    await mk('completed', 'meta', '2026-05-01');
    await mk('no_show', 'meta', '2026-05-01');
    await mk('closed_won', 'meta', '2026-05-02', { saleValueCents: 500_000 });
    await mk('lost', 'organic', '2026-05-02');
    const sched = await mk('scheduled', 'organic', '2026-05-03');
    const stats = await app.ok('analytics.calls', { workspaceIds: [app.workspaceId], groupBy: ['source'] });
    const meta = stats.rows.find((r) => r.trafficSource === 'meta')!;
    expect(meta.metrics).toMatchObject({ calls: 3, held: 2, noShows: 1, resolved: 3, closedWon: 1, showRate: 2 / 3, closeRate: 1 / 2, seedCompletedCalls: 3, seedShowRatePct: 100, seedCloseRatePct: 33.33 });
    expect(meta.saleValueCents).toBe(500_000);
    await app.ok('calls.changeStage', { id: sched.call.id, to: 'no_show' });
    const after = await app.ok('analytics.calls', { workspaceIds: [app.workspaceId], groupBy: ['day', 'source'], days: { from: '2026-05-03', to: '2026-05-03' } });
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0]!.counts).toMatchObject({ scheduled: 0, no_show: 1 });
    expect(storedCallStats(app.ctx.db)).toEqual(recomputeCallStats(app.ctx.db));
  });

  it('show SDRs only their own figures', async () => {
    const { contact } = await contactAndLead();
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, crmStage: 'completed' });
    const sdr = member('sdr', 'Sid');
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, crmStage: 'lost', repUserId: sdr });
    actAs(sdr);
    const mine = await app.ok('analytics.calls', { workspaceIds: [app.workspaceId] });
    expect(mine.scopedToRep).toBe(sdr);
    expect(mine.total.metrics.calls).toBe(1);
    expect(mine.total.counts.lost).toBe(1);
  });
});

describe('report scopes and filters', () => {
  it('filters calls with no rep (the Unassigned row of a report)', async () => {
    const { contact } = await contactAndLead();
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, repUserId: null });
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id });
    const page = await app.ok('calls.page', { workspaceId: app.workspaceId, filters: { repUserId: { kind: 'enum', values: [''] } }, includeTotal: true });
    expect(page.total).toBe(1);
    expect(page.rows[0]!.repUserId).toBeNull();
    const both = await app.ok('calls.page', { workspaceId: app.workspaceId, filters: { repUserId: { kind: 'enum', values: ['', app.userId] } }, includeTotal: true });
    expect(both.total).toBe(2);
  });

  it('scopes per workspace: the team where you manage, your own calls where you are an SDR', async () => {
    const { contact } = await contactAndLead();
    const mate = member('sdr', 'Mate');
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, repUserId: mate, crmStage: 'completed' });
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, crmStage: 'lost' });
    const w = app.ctx.writer(null);
    const other = insertRow(w, workspaces, { name: 'Branch where I am an SDR' });
    insertRow(w, workspaceMemberships, { workspaceId: other.id, userId: app.userId, role: 'sdr' });
    insertRow(w, workspaceMemberships, { workspaceId: other.id, userId: mate, role: 'sdr' });
    const theirContact = insertRow(w, contacts, { workspaceId: other.id, contactCode: '717171', firstName: 'Branch' });
    await app.ok('calls.create', { workspaceId: other.id, contactId: theirContact.id, crmStage: 'no_show' });
    await app.ok('calls.create', { workspaceId: other.id, contactId: theirContact.id, repUserId: mate, crmStage: 'closed_won', saleValueCents: 999 });
    const both = await app.ok('analytics.calls', { workspaceIds: [app.workspaceId, other.id], groupBy: ['workspace'] });
    expect(both.scopedToRep).toBe(app.userId);
    const home = both.rows.find((r) => r.workspaceId === app.workspaceId)!;
    const branch = both.rows.find((r) => r.workspaceId === other.id)!;
    expect(home.metrics.calls).toBe(2); // the whole team where I am admin
    expect(branch.metrics.calls).toBe(1); // only mine where I am an SDR
    expect(branch.counts.no_show).toBe(1);
    expect(both.total.metrics.calls).toBe(3);
  });
});
