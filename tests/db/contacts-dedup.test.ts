import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOrCreateContact, mintContactCode, normalizePerson } from '../../db/queries/contacts';
import { insertRow } from '../../db/write';
import { workspaceMemberships, workspaces } from '../../db/schema';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.ctx.close());

const create = (contact: Record<string, string>, lead: Record<string, unknown> = {}, workspaceId = app.workspaceId) =>
  app.ok('leads.create', { workspaceId, contact, lead });
const contactCount = (workspaceId = app.workspaceId) =>
  app.ctx.db.sqlite.prepare('SELECT count(*) FROM contacts WHERE workspace_id = ?').pluck().get(workspaceId) as number;

describe('contact dedup', () => {
  it('finds the same person by phone typed in different formats', async () => {
    const first = await create({ firstName: 'ada', lastName: 'LOVELACE', phone: '(415) 867-5309' }, { leadType: 'solar' });
    expect(first.contactCreated).toBe(true);
    expect(first.contact.phone).toBe('+14158675309');
    expect(first.contact.firstName).toBe('Ada');
    expect(first.contact.lastName).toBe('Lovelace');
    for (const phone of ['415.867.5309', '+1 415 867 5309', '1-415-867-5309', '4158675309']) {
      const again = await create({ firstName: 'Ada', phone }, { leadType: 'hvac' });
      expect(again.contactCreated, phone).toBe(false);
      expect(again.matchedBy).toBe('phone');
      expect(again.contact.id).toBe(first.contact.id);
    }
    expect(contactCount()).toBe(1);
  });

  it('falls back to email (case and spaces ignored) when the phone is missing or invalid', async () => {
    const first = await create({ fullName: 'Grace Hopper', email: 'Grace.Hopper@Navy.mil ' });
    expect(first.contact.email).toBe('grace.hopper@navy.mil');
    expect(first.contact.firstName).toBe('Grace');
    const noPhone = await create({ email: '  GRACE.HOPPER@navy.MIL' });
    expect(noPhone).toMatchObject({ contactCreated: false, matchedBy: 'email' });
    const badPhone = await create({ email: 'grace.hopper@navy.mil', phone: '555-0199' });
    expect(badPhone).toMatchObject({ contactCreated: false, matchedBy: 'email' });
    expect(contactCount()).toBe(1);
  });

  it('prefers the phone match over an email match', async () => {
    const byPhone = await create({ firstName: 'A', phone: '212-555-0000'.replace('555-0000', '867-5309') });
    await create({ firstName: 'B', email: 'b@example.com' });
    const both = await create({ firstName: 'A', phone: '(212) 867-5309', email: 'b@example.com' });
    expect(both.matchedBy).toBe('phone');
    expect(both.contact.id).toBe(byPhone.contact.id);
  });

  it('keeps invalid phones raw and flagged, never dropped, and does not match on them', async () => {
    const a = await create({ firstName: 'Raw', phone: '555-0199' });
    expect(a.contact).toMatchObject({ phone: '555-0199', phoneStatus: 'invalid' });
    expect(a.contact.phoneIssue).toMatch(/US/);
    const b = await create({ firstName: 'Other', phone: '555-0199' });
    expect(b.contactCreated).toBe(true);
  });

  it('fills in what the existing contact lacked and never overwrites what it has', async () => {
    const first = await create({ firstName: 'Alan', phone: '(617) 253-1000' });
    const second = await create({ firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com', city: 'boston', phone: '617 253 1000' });
    expect(second.contact.id).toBe(first.contact.id);
    expect(second.contact).toMatchObject({ lastName: 'Turing', email: 'alan@example.com', city: 'Boston' });
    const third = await create({ firstName: 'Al', lastName: 'T', email: 'other@example.com', phone: '6172531000' });
    expect(third.contact).toMatchObject({ firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com' });
  });

  it('dedups within a workspace only', async () => {
    const w = app.ctx.writer(app.userId);
    const other = insertRow(w, workspaces, { name: 'Other' });
    insertRow(w, workspaceMemberships, { workspaceId: other.id, userId: app.userId, role: 'admin' });
    const a = await create({ phone: '(415) 867-5309' });
    const b = await create({ phone: '(415) 867-5309' }, {}, other.id);
    expect(b.contactCreated).toBe(true);
    expect(b.contact.id).not.toBe(a.contact.id);
  });

  it('gives every contact a 6-digit code unique in its workspace, retrying on a collision', async () => {
    const made = [];
    for (let i = 0; i < 30; i++) made.push((await create({ email: `p${i}@example.com` })).contact.contactCode);
    expect(made.every((c) => /^[1-9]\d{5}$/.test(c))).toBe(true);
    expect(new Set(made).size).toBe(made.length);
    const taken = made[0]!;
    const sequence = [taken, taken, '999998'];
    expect(mintContactCode(app.ctx.db, app.workspaceId, () => sequence.shift()!)).toBe('999998');
    expect(() => mintContactCode(app.ctx.db, app.workspaceId, () => taken)).toThrow(/nearly full/);
  });

  it('normalizes through findOrCreateContact directly (the path imports use too)', () => {
    const w = app.ctx.writer(app.userId);
    const person = normalizePerson({ fullName: 'smith, JOHN', phone: '+44 20 7946 0958' }, 'US');
    expect(person).toMatchObject({ firstName: 'John', lastName: 'Smith', phone: '+442079460958', phoneStatus: 'valid' });
    const r1 = findOrCreateContact(w, app.workspaceId, person);
    const r2 = findOrCreateContact(w, app.workspaceId, normalizePerson({ phone: '+442079460958' }, 'US'));
    expect(r2).toMatchObject({ created: false, matchedBy: 'phone' });
    expect(r2.contact.id).toBe(r1.contact.id);
  });
});

describe('lead events', () => {
  it('records who created a lead and every later change as old -> new', async () => {
    const created = await create({ firstName: 'Kat', phone: '(212) 867-5309' }, { leadType: 'insurance', source: 'website' });
    await app.ok('leads.update', { id: created.lead.id, patch: { status: 'contacted', source: 'referral' } });
    await app.ok('leads.update', { id: created.lead.id, patch: { status: 'unqualified', statusReason: 'Renter' }, note: 'Called twice' });
    const detail = await app.ok('leads.get', { id: created.lead.id });
    const events = detail.events.slice().reverse();
    expect(events.map((e) => e.eventType)).toEqual(['created', 'status_changed', 'status_changed']);
    expect(events[0]!.changes).toMatchObject({ leadType: [null, 'insurance'], source: [null, 'website'] });
    expect(events[1]!.changes).toEqual({ status: ['new', 'contacted'], source: ['website', 'referral'] });
    expect(events[2]!.changes).toMatchObject({ status: ['contacted', 'unqualified'], statusReason: [null, 'Renter'] });
    expect(events[2]!.note).toBe('Called twice');
    expect(events.every((e) => e.actorUserId === app.userId && e.actorName === 'You')).toBe(true);
  });

  it('writes no event for an update that changes nothing', async () => {
    const created = await create({ firstName: 'Kat' }, { source: 'website' });
    await app.ok('leads.update', { id: created.lead.id, patch: { source: 'website' } });
    const detail = await app.ok('leads.get', { id: created.lead.id });
    expect(detail.events).toHaveLength(1);
  });
});
