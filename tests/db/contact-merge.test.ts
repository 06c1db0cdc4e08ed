// Merging contacts and undoing it, through the API: every row with a contact_id moves, nothing is
// orphaned, history is kept, and undo brings the database back to its state before the merge
// (every synced table compared, except the history rows the merge and undo add and updated_at,
// which every write stamps). Also the refusals, and edit in place with its event and duplicate warning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MERGE_CHILD_TABLES } from '../../db/queries/contact-merge';
import { analyticsEvents, appointmentEvents, appointments, contacts, orderItems, products, workspaceMemberships, workspaces, workspaceTracking } from '../../db/schema';
import { SYNCED_TABLE_NAMES } from '../../db/synced-tables';
import { insertRow, pendingChangeCount, type Writer } from '../../db/write';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
let w: Writer;
beforeEach(async () => {
  app = await createTestApp();
  w = app.ctx.writer(app.userId);
});
afterEach(() => app.ctx.close());

const db = () => app.ctx.db.sqlite;

/** Synced tables that have a contact_id column, read from the database itself. */
function tablesWithContactId(): string[] {
  return [...SYNCED_TABLE_NAMES].filter((t) => (db().prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]).includes('contact_id')).sort();
}

/** Every synced table's rows (updated_at left out), keyed by table. */
function snapshot(): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of [...SYNCED_TABLE_NAMES].sort()) {
    out[t] = (db().prepare(`SELECT * FROM "${t}" ORDER BY id`).all() as Record<string, unknown>[]).map(({ updated_at: _u, ...rest }) => rest);
  }
  return out;
}

async function failure(method: string, input: unknown) {
  const before = app.outboxCount();
  const r = await app.dispatcher.call(method, input);
  expect(r.ok, `${method} should be refused`).toBe(false);
  expect(app.outboxCount(), 'a refusal writes nothing').toBe(before);
  return r.ok ? null : r.error;
}

/** Two contacts that are one person, each with rows in every table that has a contact_id. */
async function twoContacts() {
  const ws = app.workspaceId;
  const a = await app.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Ada', lastName: 'Lovelace', phone: '(415) 867-5309' }, lead: { leadType: 'solar', source: 'facebook' } });
  // The loser came in by email only; its lead has no phone of its own (filled from the survivor).
  const b = await app.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Ada', email: 'Ada@Example.com', city: 'london', zipCode: 'N1 9GU' }, lead: { leadType: 'hvac', source: 'google' } });
  expect(b.contact.id).not.toBe(a.contact.id);
  const winner = a.contact.id;
  const loser = b.contact.id;
  for (const [contactId, leadId] of [[winner, a.lead.id], [loser, b.lead.id]] as const) {
    const call = await app.ok('calls.create', { workspaceId: ws, contactId, leadId, scheduledAt: '2026-04-01T15:00:00.000Z' });
    await app.ok('calls.changeStage', { id: call.call.id, to: 'closed_won', saleValueCents: 50_000 });
    const appt = insertRow(w, appointments, { workspaceId: ws, contactId, leadId, scheduledAt: '2026-04-02T15:00:00.000Z' });
    insertRow(w, appointmentEvents, { workspaceId: ws, appointmentId: appt.id, eventType: 'created', eventDescription: 'Appointment booked' });
    insertRow(w, analyticsEvents, { workspaceId: ws, contactId, type: 'action', name: 'Visited pricing', occurredAt: '2026-04-03T10:00:00.000Z' });
    insertRow(w, workspaceTracking, { workspaceId: ws, contactId, leadId, action: 'viewed', timestamp: '2026-04-03T10:00:00.000Z' });
  }
  const product = insertRow(w, products, { workspaceId: ws, productName: 'Heat pump' });
  const loserSale = db().prepare('SELECT id FROM conversions WHERE contact_id = ?').pluck().get(loser) as string;
  insertRow(w, orderItems, { workspaceId: ws, conversionId: loserSale, productId: product.id, amountCents: 50_000 });
  // The loser's own history (an edit in place) should follow it.
  await app.ok('contacts.update', { id: loser, patch: { address: '1 Analytical Way' } });
  return { winner, loser, winnerLead: a.lead.id, loserLead: b.lead.id };
}

describe('merge', () => {
  it('covers every synced table that has a contact_id', () => {
    expect(MERGE_CHILD_TABLES.map((t) => t.name).sort()).toEqual(tablesWithContactId());
  });

  it('moves every row, fills blanks without overwriting, tombstones the other and keeps all history', async () => {
    const { winner, loser, loserLead } = await twoContacts();
    const eventCounts = () => ['lead_events', 'call_events', 'appointment_events', 'conversion_events', 'order_items'].map((t) => db().prepare(`SELECT count(*) FROM ${t}`).pluck().get());
    const before = eventCounts();
    const onLoser = Object.fromEntries(tablesWithContactId().map((t) => [t, db().prepare(`SELECT id FROM "${t}" WHERE contact_id = ? ORDER BY id`).pluck().all(loser) as string[]]));
    for (const [t, ids] of Object.entries(onLoser)) expect(ids.length, t).toBeGreaterThan(0);
    const pending = pendingChangeCount(app.ctx.db);

    const preview = await app.ok('contacts.mergePreview', { winnerId: winner, loserId: loser });
    expect(preview.moves).toEqual({ leads: 1, calls: 1, appointments: 1, conversions: 1, analyticsEvents: 1, contactEvents: 1, tracking: 1 });
    expect(preview.fills.map((f) => f.field).sort()).toEqual(['address', 'city', 'email', 'zipCode']);
    expect(preview.conflicts).toEqual([]);

    const result = await app.ok('contacts.merge', { winnerId: winner, loserId: loser });
    expect(result.moved).toEqual(preview.moves);
    // Filled from the loser; the survivor's own name and phone kept.
    expect(result.winner).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', phone: '+14158675309', email: 'ada@example.com', city: 'London', zipCode: 'N1 9GU', address: '1 Analytical Way' });

    // Every row that was on the loser is on the winner now; nothing live points at the loser.
    for (const [t, ids] of Object.entries(onLoser)) {
      const now = db().prepare(`SELECT contact_id FROM "${t}" WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(ids)) as string[];
      expect(new Set(now), t).toEqual(new Set([winner]));
      // The loser keeps one row of its own: the "merged_into" note on its tombstone.
      const own = t === 'contact_events' ? " AND event_type <> 'merged_into'" : '';
      expect(db().prepare(`SELECT count(*) FROM "${t}" WHERE contact_id = ? AND deleted_at IS NULL${own}`).pluck().get(loser), t).toBe(0);
    }
    // No orphans: every row's contact exists, and every live row's contact is live.
    for (const t of tablesWithContactId()) {
      expect(db().prepare(`SELECT count(*) FROM "${t}" x LEFT JOIN contacts c ON c.id = x.contact_id WHERE x.contact_id IS NOT NULL AND c.id IS NULL`).pluck().get(), t).toBe(0);
      const liveOnDead = db().prepare(`SELECT count(*) FROM "${t}" x JOIN contacts c ON c.id = x.contact_id WHERE x.deleted_at IS NULL AND c.deleted_at IS NOT NULL ${t === 'contact_events' ? "AND x.event_type <> 'merged_into'" : ''}`).pluck().get();
      expect(liveOnDead, t).toBe(0);
    }
    // History kept: no event or item row lost; the moved lead got the survivor's phone in its blank.
    expect(eventCounts()).toEqual(before);
    expect(db().prepare('SELECT phone, phone_status AS s, email FROM leads WHERE id = ?').get(loserLead)).toEqual({ phone: '+14158675309', s: 'valid', email: 'ada@example.com' });
    // The loser: tombstoned, pointing at the winner, code kept (unique per workspace still).
    const l = db().prepare('SELECT deleted_at, merged_into_id, contact_code FROM contacts WHERE id = ?').get(loser) as { deleted_at: string | null; merged_into_id: string; contact_code: string };
    expect(l.deleted_at).not.toBeNull();
    expect(l.merged_into_id).toBe(winner);
    // Events on both, and the whole merge is in the outbox to sync.
    const types = (id: string) => db().prepare('SELECT event_type FROM contact_events WHERE contact_id = ? ORDER BY created_at, id').pluck().all(id);
    expect(types(winner)).toEqual(['updated', 'merged']);
    expect(types(loser)).toEqual(['merged_into']);
    expect(pendingChangeCount(app.ctx.db)).toBeGreaterThan(pending + 8);

    // The survivor's page shows it all; the old id opens the survivor.
    const o = await app.ok('contacts.overview', { id: loser });
    expect(o.contact.id).toBe(winner);
    expect(o.redirectedFrom).toEqual({ id: loser, contactCode: l.contact_code });
    expect(o.counts).toMatchObject({ leads: 2, calls: 2, appointments: 1 + 1, conversions: 2, analyticsEvents: 2 });
    expect(o.merges).toEqual([{ eventId: result.mergeEventId, at: expect.any(String), other: { id: loser, contactCode: l.contact_code, name: 'Ada' }, undone: false }]);
    const t = await app.ok('contacts.timeline', { id: winner, kinds: ['contact'] });
    expect(t.items[0]).toMatchObject({ eventType: 'merged', undoableMerge: true, title: `Merged Ada (#${l.contact_code}) into this contact` });
  });

  it('undo puts the database back as it was before the merge', async () => {
    const { winner, loser } = await twoContacts();
    const before = snapshot();
    const eventsBefore = new Set(before.contact_events!.map((e) => e.id));
    const merged = await app.ok('contacts.merge', { winnerId: winner, loserId: loser });
    expect(snapshot()).not.toEqual(before);

    const undone = await app.ok('contacts.undoMerge', { mergeEventId: merged.mergeEventId });
    expect(undone.movedBack).toEqual(merged.moved);
    expect(undone.skipped).toBe(0);
    expect(undone.restoredFields.sort()).toEqual(['address', 'city', 'email', 'zipCode']);
    expect(undone.keptFields).toEqual([]);

    const after = snapshot();
    const added = after.contact_events!.filter((e) => !eventsBefore.has(e.id));
    after.contact_events = after.contact_events!.filter((e) => eventsBefore.has(e.id));
    expect(after).toEqual(before);
    // What the merge and undo added: the merge pair, marked undone, and an "unmerged" on each.
    expect(added.map((e) => [e.event_type, e.contact_id]).sort()).toEqual([['merged', winner], ['merged_into', loser], ['unmerged', loser], ['unmerged', winner]].sort());
    expect(JSON.parse(added.find((e) => e.event_type === 'merged')!.event_data as string).undoneAt).toBeTruthy();

    // A second undo is refused, and the merged event no longer offers one.
    const again = await failure('contacts.undoMerge', { mergeEventId: merged.mergeEventId });
    expect(again).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already undone/) });
    const t = await app.ok('contacts.timeline', { id: winner, kinds: ['contact'] });
    expect(t.items.find((i) => i.eventType === 'merged')!.undoableMerge).toBe(false);
  });

  it('undo keeps edits made since, and follows the order of later merges', async () => {
    const { winner, loser } = await twoContacts();
    const merged = await app.ok('contacts.merge', { winnerId: winner, loserId: loser });
    // The filled email is edited after the merge: the edit stays; the other fills go back.
    await app.ok('contacts.update', { id: winner, patch: { email: 'ada.l@example.com' } });
    const third = await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Ada', lastName: 'L', phone: '(415) 867-0000' } });
    const later = await app.ok('contacts.merge', { winnerId: third.contact.id, loserId: winner });
    const blocked = await failure('contacts.undoMerge', { mergeEventId: merged.mergeEventId });
    expect(blocked).toMatchObject({ code: 'conflict', message: expect.stringMatching(/was merged into #\d{6} since; undo that merge first/) });
    await app.ok('contacts.undoMerge', { mergeEventId: later.mergeEventId });
    const undone = await app.ok('contacts.undoMerge', { mergeEventId: merged.mergeEventId });
    expect(undone.keptFields).toEqual(['email']);
    expect(undone.winner.email).toBe('ada.l@example.com');
    expect(undone.winner.city).toBe('');
    expect(undone.loser).toMatchObject({ id: loser, email: 'ada@example.com' });
    expect(db().prepare('SELECT count(*) FROM leads WHERE contact_id = ? AND deleted_at IS NULL').pluck().get(loser)).toBe(1);
  });

  it('refuses the same contact, other workspaces, merged contacts and unknown merges, with reasons', async () => {
    const { winner, loser } = await twoContacts();
    expect(await failure('contacts.merge', { winnerId: winner, loserId: winner })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/loserId: cannot merge a contact into itself/) });
    const other = insertRow(w, workspaces, { name: 'Other' });
    insertRow(w, workspaceMemberships, { workspaceId: other.id, userId: app.userId, role: 'admin' });
    const elsewhere = insertRow(w, contacts, { workspaceId: other.id, contactCode: '700001', firstName: 'Ada' });
    expect(await failure('contacts.merge', { winnerId: winner, loserId: elsewhere.id })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/different workspaces/) });
    await app.ok('contacts.merge', { winnerId: winner, loserId: loser });
    expect(await failure('contacts.merge', { winnerId: winner, loserId: loser })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/loserId: contact #\d{6} was already merged into #\d{6}/) });
    expect(await failure('contacts.merge', { winnerId: loser, loserId: winner })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/winnerId: .* already merged/) });
    expect(await failure('contacts.mergePreview', { winnerId: winner, loserId: loser })).toMatchObject({ code: 'conflict' });
    expect(await failure('contacts.undoMerge', { mergeEventId: winner })).toMatchObject({ code: 'not_found', message: 'No such merge' });
    // Not a member of the workspace: the contact does not exist for this user.
    db().prepare('DELETE FROM workspace_memberships WHERE workspace_id = ? AND user_id = ?').run(other.id, app.userId);
    const stranger = insertRow(w, contacts, { workspaceId: other.id, contactCode: '700002' });
    expect(await failure('contacts.merge', { winnerId: stranger.id, loserId: elsewhere.id })).toMatchObject({ code: 'not_found' });
  });
});

describe('edit in place', () => {
  it('normalizes, records an "updated" event with old and new values, and says nothing changed when nothing did', async () => {
    const { winner } = await twoContacts();
    const r = await app.ok('contacts.update', { id: winner, patch: { phone: '415 867 5310', city: ' san francisco ' } });
    expect(r).toMatchObject({ saved: true, duplicate: null, contact: { phone: '+14158675310', city: 'San Francisco' } });
    expect(r.changed.sort()).toEqual(['city', 'phone', 'phoneRaw']);
    const ev = db().prepare(`SELECT event_data, actor_user_id FROM contact_events WHERE contact_id = ? AND event_type = 'updated' ORDER BY created_at DESC, id DESC LIMIT 1`).get(winner) as { event_data: string; actor_user_id: string };
    // The contact's lead held the old phone (a copy): it follows, and the event says so.
    expect(JSON.parse(ev.event_data)).toEqual({ changes: { phone: ['+14158675309', '+14158675310'], city: ['', 'San Francisco'] }, leadsFollowed: 1 });
    expect(ev.actor_user_id).toBe(app.userId);
    const count = () => db().prepare(`SELECT count(*) FROM contact_events WHERE contact_id = ?`).pluck().get(winner);
    const n = count();
    const same = await app.ok('contacts.update', { id: winner, patch: { city: 'San Francisco' } });
    expect(same.changed).toEqual([]);
    expect(count()).toBe(n);
  });

  it("brings the contact's leads that copied its name, email or phone along, and leaves a lead's own values", async () => {
    const ws = app.workspaceId;
    const first = await app.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Grace', lastName: 'Hoper', email: 'grace@example.com', phone: '(212) 555-0142' }, lead: { leadType: 'solar', source: 'facebook' } });
    const contactId = first.contact.id;
    // A second lead of the same person, submitted with another email (its own).
    const second = await app.ok('leads.create', { workspaceId: ws, contact: { email: 'grace@example.com' }, lead: { leadType: 'hvac', source: 'google' } });
    expect(second.contact.id).toBe(contactId);
    db().prepare("UPDATE leads SET email = 'g.hopper@navy.example' WHERE id = ?").run(second.lead.id);
    const outbox = app.outboxCount();
    const r = await app.ok('contacts.update', { id: contactId, patch: { lastName: 'Hopper', email: 'grace.hopper@example.com', phone: '212 555 0199' } });
    expect(r.saved).toBe(true);
    const lead = (id: string) => db().prepare('SELECT first_name, last_name, email, phone, phone_status FROM leads WHERE id = ?').get(id);
    expect(lead(first.lead.id)).toEqual({ first_name: 'Grace', last_name: 'Hopper', email: 'grace.hopper@example.com', phone: '+12125550199', phone_status: 'valid' });
    expect(lead(second.lead.id)).toEqual({ first_name: 'Grace', last_name: 'Hopper', email: 'g.hopper@navy.example', phone: '+12125550199', phone_status: 'valid' });
    // Through the write path: each lead's change is in the outbox, and the grid's search finds the new phone.
    expect(app.outboxCount()).toBeGreaterThanOrEqual(outbox + 3);
    const found = await app.ok('leads.page', { workspaceId: ws, search: '212 555 0199', includeTotal: true });
    expect(found.total).toBe(2);
    const stale = await app.ok('leads.page', { workspaceId: ws, search: 'Hoper', includeTotal: true });
    expect(stale.total).toBe(0);
    const timeline = await app.ok('contacts.timeline', { id: contactId });
    expect(JSON.stringify(timeline)).toContain('2 leads updated to match');
  });

  it("moves a lead's address with the contact's when it was the contact's, as a whole; a lead's own address stays", async () => {
    const ws = app.workspaceId;
    const home = { address: '12 Elm St', city: 'Springfield', state: 'IL', zipCode: '62701' };
    const first = await app.ok('leads.create', { workspaceId: ws, contact: { firstName: 'Edsger', email: 'edsger@example.com', ...home }, lead: { leadType: 'solar', source: 'facebook' } });
    const contactId = first.contact.id;
    // Same street, another city: not the contact's address, so none of it follows.
    const second = await app.ok('leads.create', { workspaceId: ws, contact: { email: 'edsger@example.com', ...home, city: 'Chicago' }, lead: { leadType: 'hvac', source: 'google' } });
    expect(second.contact.id).toBe(contactId);
    const address = (id: string) => db().prepare('SELECT address, city, state, zip_code FROM leads WHERE id = ?').get(id);
    expect(address(first.lead.id)).toEqual({ address: '12 Elm St', city: 'Springfield', state: 'IL', zip_code: '62701' });
    const r = await app.ok('contacts.update', { id: contactId, patch: { address: '99 Oak Ave', zipCode: '62704' } });
    expect(r.saved).toBe(true);
    expect(address(first.lead.id)).toEqual({ address: '99 Oak Ave', city: 'Springfield', state: 'IL', zip_code: '62704' });
    expect(address(second.lead.id)).toEqual({ address: '12 Elm St', city: 'Chicago', state: 'IL', zip_code: '62701' });
    const ev = db().prepare(`SELECT event_data FROM contact_events WHERE contact_id = ? AND event_type = 'updated' ORDER BY created_at DESC, id DESC LIMIT 1`).pluck().get(contactId) as string;
    expect(JSON.parse(ev).leadsFollowed).toBe(1);
  });

  it('reports a phone or email that belongs to another contact instead of saving it, unless told to', async () => {
    const { winner, loser } = await twoContacts();
    const outbox = app.outboxCount();
    const r = await app.ok('contacts.update', { id: winner, patch: { email: ' ADA@example.com ' } });
    expect(r.saved).toBe(false);
    expect(r.duplicate).toMatchObject({ matchedBy: 'email', contact: { id: loser, email: 'ada@example.com' } });
    expect(r.contact.email).toBe('');
    expect(app.outboxCount()).toBe(outbox);
    const byPhone = await app.ok('contacts.update', { id: loser, patch: { phone: '+1 (415) 867-5309' } });
    expect(byPhone).toMatchObject({ saved: false, duplicate: { matchedBy: 'phone', contact: { id: winner } } });
    const forced = await app.ok('contacts.update', { id: winner, patch: { email: 'ada@example.com' }, allowDuplicate: true });
    expect(forced).toMatchObject({ saved: true, contact: { email: 'ada@example.com' }, duplicate: { contact: { id: loser } } });
    // Re-saving a contact's own values is no duplicate of itself.
    const own = await app.ok('contacts.update', { id: loser, patch: { email: 'ada@example.com', firstName: 'Ada' } });
    expect(own.duplicate).toBeNull();
  });
});
