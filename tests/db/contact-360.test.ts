// Contact 360: the overview's contents and the merged timeline. The timeline is checked against an
// oracle (one naive UNION ALL ... ORDER BY over every source) on data built to have ties across
// kinds, tombstones and another contact's rows mixed in, page by page and per kind filter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineItem, TimelineKind } from '../../shared/api/contact360';
import { TIMELINE_KINDS } from '../../shared/api/contact360';
import { contactTimeline } from '../../db/queries/contact-timeline';
import {
  analyticsEvents,
  appointmentEvents,
  appointments,
  callEvents,
  calls,
  contactEvents,
  conversionEvents,
  contacts,
  conversions,
  leadEvents,
  leads,
  orderItems,
  products,
} from '../../db/schema';
import { deleteRow, insertRow, type Writer } from '../../db/write';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
let w: Writer;
beforeEach(async () => {
  app = await createTestApp();
  w = app.ctx.writer(app.userId);
});
afterEach(() => app.ctx.close());

/** A small deterministic generator, so a failure replays. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function newContact(firstName: string, phone: string) {
  const created = await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName, lastName: 'Tester', phone }, lead: { leadType: 'solar', source: 'facebook' } });
  return { contactId: created.contact.id, leadId: created.lead.id };
}

/**
 * A contact with every kind of parent and event, times drawn from few values so ties across kinds
 * and within a stream are common. Returns the contact id.
 */
async function buildRichContact(seed: number, events = 240): Promise<string> {
  const next = rng(seed);
  const { contactId, leadId } = await newContact('Rich', '(415) 867-5309');
  const noise = await newContact('Noise', '(212) 555-0142'.replace('555', '867'));
  const ws = app.workspaceId;
  const lead2 = insertRow(w, leads, { workspaceId: ws, contactId, leadType: 'hvac', source: 'google' });
  const goneLead = insertRow(w, leads, { workspaceId: ws, contactId, leadType: 'insurance' });
  const callRows = [0, 1, 2].map(() => insertRow(w, calls, { workspaceId: ws, contactId, leadId }));
  const apptRows = [0, 1].map((i) => insertRow(w, appointments, { workspaceId: ws, contactId, leadId, scheduledAt: `2026-03-0${i + 1}T15:00:00.000Z` }));
  const convRows = [0, 1].map((i) => insertRow(w, conversions, { workspaceId: ws, contactId, leadId, convertedAt: `2026-02-0${i + 1}T12:00:00.000Z`, valueCents: 1000 }));
  const noiseCall = insertRow(w, calls, { workspaceId: ws, contactId: noise.contactId });
  const times = Array.from({ length: 12 }, (_, i) => `2026-01-${String(10 + i).padStart(2, '0')}T09:00:00.000Z`);
  const at = () => times[Math.floor(next() * times.length)]!;
  const streams: (() => void)[] = [
    () => insertRow(w, leadEvents, { workspaceId: ws, leadId: next() < 0.5 ? leadId : lead2.id, eventType: 'updated', eventData: JSON.stringify({ changes: { notes: ['', 'x'] } }), createdAt: at() }),
    () => insertRow(w, leadEvents, { workspaceId: ws, leadId: goneLead.id, eventType: 'updated', createdAt: at() }),
    () => insertRow(w, callEvents, { workspaceId: ws, callId: callRows[Math.floor(next() * 3)]!.id, eventType: 'stage_changed', oldValue: 'scheduled', newValue: 'completed', createdAt: at(), actorUserId: app.userId }),
    () => insertRow(w, callEvents, { workspaceId: ws, callId: noiseCall.id, eventType: 'stage_changed', createdAt: at() }),
    () => insertRow(w, appointmentEvents, { workspaceId: ws, appointmentId: apptRows[Math.floor(next() * 2)]!.id, eventType: 'rescheduled', oldValue: '2026-03-01T15:00:00.000Z', newValue: '2026-03-02T15:00:00.000Z', createdAt: at() }),
    () => insertRow(w, conversionEvents, { workspaceId: ws, conversionId: convRows[Math.floor(next() * 2)]!.id, eventType: 'created', eventData: JSON.stringify({ valueCents: 1000 }), createdAt: at() }),
    () => insertRow(w, analyticsEvents, { workspaceId: ws, contactId: next() < 0.85 ? contactId : noise.contactId, type: 'action', name: 'Opened email', occurredAt: at() }),
    () => insertRow(w, contactEvents, { workspaceId: ws, contactId, eventType: 'updated', eventData: JSON.stringify({ changes: { city: ['', 'Boston'] } }), createdAt: at(), actorUserId: app.userId }),
  ];
  for (let i = 0; i < events; i++) streams[Math.floor(next() * streams.length)]!();
  // A removed lead's history goes; a voided sale (tombstoned conversion) keeps its history.
  deleteRow(w, leads, goneLead.id);
  deleteRow(w, conversions, convRows[1]!.id);
  // A deleted event is not shown.
  const deletedEvent = insertRow(w, analyticsEvents, { workspaceId: ws, contactId, type: 'action', name: 'Deleted one', occurredAt: times[0]! });
  deleteRow(w, analyticsEvents, deletedEvent.id);
  return contactId;
}

/** Every event of the contact, the slow obvious way. */
function oracle(contactId: string, kinds: readonly TimelineKind[] = TIMELINE_KINDS): { id: string; at: string; kind: string }[] {
  const parts: Record<TimelineKind, string> = {
    contact: `SELECT id, created_at AS at, 'contact' AS kind FROM contact_events WHERE contact_id = @c AND deleted_at IS NULL`,
    analytics: `SELECT id, occurred_at AS at, 'analytics' AS kind FROM analytics_events WHERE contact_id = @c AND deleted_at IS NULL`,
    lead: `SELECT e.id, e.created_at AS at, 'lead' AS kind FROM lead_events e JOIN leads p ON p.id = e.lead_id WHERE p.contact_id = @c AND p.deleted_at IS NULL AND e.deleted_at IS NULL`,
    call: `SELECT e.id, e.created_at AS at, 'call' AS kind FROM call_events e JOIN calls p ON p.id = e.call_id WHERE p.contact_id = @c AND p.deleted_at IS NULL AND e.deleted_at IS NULL`,
    appointment: `SELECT e.id, e.created_at AS at, 'appointment' AS kind FROM appointment_events e JOIN appointments p ON p.id = e.appointment_id WHERE p.contact_id = @c AND p.deleted_at IS NULL AND e.deleted_at IS NULL`,
    conversion: `SELECT e.id, e.created_at AS at, 'conversion' AS kind FROM conversion_events e JOIN conversions p ON p.id = e.conversion_id WHERE p.contact_id = @c AND e.deleted_at IS NULL`,
  };
  const sql = `SELECT * FROM (${kinds.map((k) => parts[k]).join(' UNION ALL ')}) ORDER BY at DESC, id DESC`;
  return app.ctx.db.sqlite.prepare(sql).all({ c: contactId }) as { id: string; at: string; kind: string }[];
}

function allPages(contactId: string, limit: number, kinds?: TimelineKind[]): TimelineItem[] {
  const out: TimelineItem[] = [];
  let after: { at: string; id: string } | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = contactTimeline(app.ctx.db, { contactId, limit, ...(kinds ? { kinds } : {}), ...(after ? { after } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (!page.nextCursor) break;
    expect(page.items.length, 'a page before the end is full').toBe(limit);
    after = page.nextCursor;
  }
  return out;
}

describe('contact timeline', () => {
  it('pages through every kind newest first, exactly like one big sorted union', async () => {
    const contactId = await buildRichContact(7);
    const expected = oracle(contactId);
    expect(expected.length).toBeGreaterThan(150);
    // Ties: several events share a timestamp across different kinds.
    const byAt = new Map<string, Set<string>>();
    for (const e of expected) byAt.set(e.at, (byAt.get(e.at) ?? new Set()).add(e.kind));
    expect([...byAt.values()].some((k) => k.size >= 3)).toBe(true);
    for (const limit of [1, 7, 50, 200]) {
      const got = allPages(contactId, limit);
      expect(got.map((i) => [i.id, i.at, i.kind]), `limit ${limit}`).toEqual(expected.map((e) => [e.id, e.at, e.kind]));
    }
  });

  it('filters by kind, alone and in combination', async () => {
    const contactId = await buildRichContact(11);
    const cases: TimelineKind[][] = [['lead'], ['call'], ['appointment'], ['conversion'], ['analytics'], ['contact'], ['call', 'analytics'], ['lead', 'conversion', 'contact']];
    for (const kinds of cases) {
      const expected = oracle(contactId, kinds);
      expect(expected.length, kinds.join('+')).toBeGreaterThan(0);
      const got = allPages(contactId, 13, kinds);
      expect(got.map((i) => i.id), kinds.join('+')).toEqual(expected.map((e) => e.id));
      expect(new Set(got.map((i) => i.kind))).toEqual(new Set(kinds));
    }
  });

  it('says what happened, who did it and which record it belongs to', async () => {
    const contactId = await buildRichContact(3, 120);
    const items = allPages(contactId, 200);
    for (const item of items) {
      expect(item.title.length, item.eventType).toBeGreaterThan(3);
      if (['lead', 'call', 'appointment', 'conversion'].includes(item.kind)) {
        expect(item.record?.type).toBe(item.kind);
        expect(item.record?.label).toBeTruthy();
      }
    }
    const call = items.find((i) => i.kind === 'call')!;
    expect(call.title).toBe('Call stage: Scheduled → Completed');
    expect(call.actorName).toBeTruthy();
    const appt = items.find((i) => i.kind === 'appointment')!;
    expect(appt.changes).toEqual([{ field: 'When', from: '2026-03-01T15:00:00.000Z', to: '2026-03-02T15:00:00.000Z', format: 'datetime' }]);
    const sale = items.find((i) => i.kind === 'conversion')!;
    expect(sale).toMatchObject({ title: 'Sale recorded', changes: [{ field: 'Value', to: 1000, format: 'money' }] });
    const edit = items.find((i) => i.kind === 'contact')!;
    expect(edit).toMatchObject({ title: 'Contact details edited', changes: [{ field: 'City', from: '', to: 'Boston', format: 'text' }] });
  });

  it('reads each event source through its index, newest first, without sorting the whole history', () => {
    const plans: Record<string, string> = {
      lead_events: 'lead_id', call_events: 'call_id', appointment_events: 'appointment_id', conversion_events: 'conversion_id', contact_events: 'contact_id',
    };
    for (const [table, parent] of Object.entries(plans)) {
      const plan = app.ctx.db.sqlite
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM ${table} WHERE ${parent} = ? AND deleted_at IS NULL AND created_at <= ? AND (created_at < ? OR id < ?) ORDER BY created_at DESC LIMIT ?`)
        .all('x', 'a', 'a', 'x', 5) as { detail: string }[];
      const text = plan.map((p) => p.detail).join(' | ');
      expect(text, table).toMatch(/USING INDEX \w+ \(\w+=\? AND created_at<\?\)/);
      // The index gives the order: no sorter at all (ties are ordered in JS).
      expect(text, table).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('contact overview', () => {
  it('holds the leads, calls, appointments and conversions with items, product names and exact totals', async () => {
    const { contactId, leadId } = await newContact('Olive', '(617) 253-1000');
    const other = await newContact('Other', '(617) 253-2000');
    const ws = app.workspaceId;
    await app.ok('leads.create', { workspaceId: ws, contact: { phone: '617.253.1000', email: 'olive@example.com' }, lead: { leadType: 'hvac', source: 'referral' } });
    const call = await app.ok('calls.create', { workspaceId: ws, contactId, leadId, scheduledAt: '2026-05-01T15:00:00.000Z' });
    await app.ok('calls.changeStage', { id: call.call.id, to: 'closed_won', saleValueCents: 1_234_567 });
    const conv = app.ctx.db.sqlite.prepare('SELECT id FROM conversions WHERE contact_id = ?').pluck().get(contactId) as string;
    const panel = insertRow(w, products, { workspaceId: ws, productName: 'Solar panel kit', priceCents: 1_000_001 });
    const battery = insertRow(w, products, { workspaceId: ws, productName: 'Home battery', priceCents: 234_566 });
    insertRow(w, orderItems, { workspaceId: ws, conversionId: conv, productId: panel.id, quantity: 1, amountCents: 1_000_001 });
    insertRow(w, orderItems, { workspaceId: ws, conversionId: conv, productId: battery.id, quantity: 2, amountCents: 234_566 });
    insertRow(w, conversions, { workspaceId: ws, contactId, convertedAt: '2026-05-03T00:00:00.000Z', valueCents: 1, currency: 'EUR', orderNumber: 'EU-1' });
    insertRow(w, appointments, { workspaceId: ws, contactId, leadId, scheduledAt: '2026-05-02T15:00:00.000Z', assignedUserId: app.userId });
    insertRow(w, analyticsEvents, { workspaceId: ws, contactId, type: 'purchase', name: 'Purchased', occurredAt: '2026-05-01T16:00:00.000Z' });
    // Another contact's rows stay out.
    insertRow(w, conversions, { workspaceId: ws, contactId: other.contactId, convertedAt: '2026-05-03T00:00:00.000Z', valueCents: 999 });

    const o = await app.ok('contacts.overview', { id: contactId });
    expect(o.contact).toMatchObject({ id: contactId, firstName: 'Olive', email: 'olive@example.com', phone: '+16172531000' });
    expect(o.redirectedFrom).toBeNull();
    expect(o.leads.map((l) => l.leadType).sort()).toEqual(['hvac', 'solar']);
    expect(o.calls).toHaveLength(1);
    expect(o.calls[0]).toMatchObject({ crmStage: 'closed_won', saleValueCents: 1_234_567 });
    expect(o.appointments).toHaveLength(1);
    expect(o.counts).toEqual({ leads: 2, calls: 1, appointments: 1, conversions: 2, analyticsEvents: 1 });
    const sale = o.conversions.find((c) => c.id === conv)!;
    expect(sale.valueCents).toBe(1_234_567);
    expect(sale.items.map((i) => [i.productName, i.quantity, i.amountCents])).toEqual([
      ['Solar panel kit', 1, 1_000_001],
      ['Home battery', 2, 234_566],
    ]);
    expect(o.conversions.find((c) => c.orderNumber === 'EU-1')!.items).toEqual([]);
    expect(o.totals).toEqual([
      { currency: 'EUR', cents: 1 },
      { currency: 'USD', cents: 1_234_567 },
    ]);
    // The sale shows on the timeline too, with its lead's status change and the call's stage change.
    const t = await app.ok('contacts.timeline', { id: contactId, kinds: ['call', 'conversion', 'lead'] });
    expect(t.items.map((i) => i.title)).toEqual(expect.arrayContaining(['Sale recorded', 'Lead status: New → Converted', 'Call stage: Scheduled → Closed won']));
  });

  it('shows a tracked purchase’s value as money on the timeline, and any other value as text', async () => {
    const { contactId } = await newContact('Petra', '(617) 253-3000');
    const ws = app.workspaceId;
    insertRow(w, analyticsEvents, { workspaceId: ws, contactId, type: 'purchase', name: 'Purchased', value: '5490', comment: 'web checkout', occurredAt: '2026-05-01T16:00:00.000Z' });
    insertRow(w, analyticsEvents, { workspaceId: ws, contactId, type: 'purchase', name: 'Refunded', value: '$1,234.56', occurredAt: '2026-05-01T17:00:00.000Z' });
    insertRow(w, analyticsEvents, { workspaceId: ws, contactId, type: 'purchase', name: 'Purchase started', value: 'cart-81f2', occurredAt: '2026-05-01T18:00:00.000Z' });
    insertRow(w, analyticsEvents, { workspaceId: ws, contactId, type: 'analytics', name: 'Attended_Day_1', value: '42', occurredAt: '2026-05-01T19:00:00.000Z' });
    const t = await app.ok('contacts.timeline', { id: contactId, kinds: ['analytics'] });
    const by = new Map(t.items.map((i) => [i.title, i]));
    expect(by.get('Purchased')).toMatchObject({ summary: 'web checkout', changes: [{ field: 'Value', from: null, to: 549_000, format: 'money' }] });
    expect(by.get('Refunded')).toMatchObject({ summary: null, changes: [{ field: 'Value', to: 123_456, format: 'money' }] });
    expect(by.get('Purchase started')).toMatchObject({ summary: 'cart-81f2', changes: [] });
    expect(by.get('Attended_Day_1')).toMatchObject({ summary: '42', changes: [] });
  });

  it('lists contacts sharing a phone, an email or a full name, strongest first, never itself', async () => {
    const me = await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Sam', lastName: 'Stone', phone: '(303) 555-0100'.replace('555', '867'), email: 'sam@example.com' } });
    const w2 = app.ctx.writer(app.userId);
    const ws = app.workspaceId;
    // Contacts created directly (the dedup of leads.create would fold them into one).
    const mk = (first: string, last: string, phone: string, email: string) =>
      insertRow(w2, contacts, {
        workspaceId: ws, contactCode: String(200000 + Math.floor(Math.random() * 799999)), firstName: first, lastName: last, email,
        phone, phoneRaw: phone, phoneStatus: phone ? 'valid' : 'empty',
      });
    const samePhone = mk('Samuel', 'S', '+13038670100', '');
    const sameEmail = mk('', '', '', 'sam@example.com');
    const sameName = mk('Sam', 'Stone', '', 'other@example.com');
    const both = mk('X', 'Y', '+13038670100', 'sam@example.com');
    mk('Unrelated', 'Person', '+13038670199', 'u@example.com');
    const dups = await app.ok('contacts.duplicates', { id: me.contact.id });
    expect(dups.map((d) => d.contact.id)).toEqual([both.id, samePhone.id, sameEmail.id, sameName.id]);
    expect(dups[0]!.reasons.sort()).toEqual(['email', 'phone']);
    expect(dups.find((d) => d.contact.id === sameName.id)!.reasons).toEqual(['name']);
  });
});
