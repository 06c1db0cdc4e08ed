import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { insertRow } from '../../db/write';
import { actAs as actAsUser, addMember, createTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.ctx.close());

const member = (role: 'sdr' | 'manager' | 'admin', name: string) => addMember(app, role, name);
const actAs = (userId: string) => actAsUser(app, userId);

async function fails(method: Parameters<TestApp['ok']>[0], input: unknown) {
  const r = await app.dispatcher.call(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

const hot = { search: '', filters: { segment: { kind: 'enum', values: ['hot'] } }, sort: [{ col: 'rfmScore', dir: 'desc' }] };

describe('saved views', () => {
  it('keeps filters, sort and columns under a name; personal ones only for their owner, shared ones for the workspace', async () => {
    const mine = await app.ok('views.save', { workspaceId: app.workspaceId, name: 'Hot first', definition: { ...hot, columns: [{ key: 'firstName', visible: true, width: 140 }, { key: 'utmMedium', visible: false }] } });
    expect(mine).toMatchObject({ name: 'Hot first', visibility: 'personal', editable: true, definition: { filters: { segment: { kind: 'enum', values: ['hot'] } }, sort: [{ col: 'rfmScore', dir: 'desc' }] } });
    expect(mine.definition.columns).toEqual([{ key: 'firstName', visible: true, width: 140 }, { key: 'utmMedium', visible: false }]);
    const shared = await app.ok('views.save', { workspaceId: app.workspaceId, name: 'New this week', visibility: 'workspace', definition: { filters: { status: { kind: 'enum', values: ['new'] } } } });
    expect((await app.ok('views.list', { workspaceId: app.workspaceId })).map((v) => v.name)).toEqual(['Hot first', 'New this week']);

    const sdr = member('sdr', 'Sid');
    actAs(sdr);
    const seen = await app.ok('views.list', { workspaceId: app.workspaceId });
    expect(seen.map((v) => [v.name, v.editable])).toEqual([['New this week', false]]);
    expect((await fails('views.save', { workspaceId: app.workspaceId, id: shared.id, name: 'Mine now', definition: {} })).code).toBe('forbidden');
    expect((await fails('views.delete', { id: mine.id })).code).toBe('not_found');
    // Same name as a view this user sees: refused, naming the field.
    const clash = await fails('views.save', { workspaceId: app.workspaceId, name: 'new THIS week', definition: {} });
    expect(clash).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^name: a view called/) });
    await app.ok('views.save', { workspaceId: app.workspaceId, name: 'Hot first', definition: {} }); // only the owner sees the other "Hot first"

    const manager = member('manager', 'Meg');
    actAs(manager);
    const renamed = await app.ok('views.save', { workspaceId: app.workspaceId, id: shared.id, name: 'New leads', visibility: 'workspace', definition: { filters: { status: { kind: 'enum', values: ['new', 'contacted'] } } } });
    expect(renamed.definition.filters).toEqual({ status: { kind: 'enum', values: ['new', 'contacted'] } });
    // It synced like any record: the outbox carries the change.
    expect(app.ctx.db.sqlite.prepare("SELECT count(*) FROM outbox WHERE table_name = 'saved_views'").pluck().get()).toBeGreaterThanOrEqual(4);
  });

  it('refuses a definition the grid could not run, naming the field', async () => {
    const bad = await fails('views.save', { workspaceId: app.workspaceId, name: 'Broken', definition: { sort: [{ col: 'segment', dir: 'asc' }] } });
    expect(bad.code).toBe('invalid_input');
    expect(JSON.stringify(bad)).toMatch(/definition\.sort\.0\.col/);
    expect((await fails('views.save', { workspaceId: app.workspaceId, name: '   ', definition: {} })).message).toMatch(/give the view a name/);
  });

  it('deletes a view as a tombstone, and undo brings it back', async () => {
    const v = await app.ok('views.save', { workspaceId: app.workspaceId, name: 'Temp', definition: hot });
    expect(await app.ok('views.delete', { id: v.id })).toEqual({ deleted: true });
    expect(await app.ok('views.list', { workspaceId: app.workspaceId })).toEqual([]);
    expect(await app.ok('views.delete', { id: v.id })).toEqual({ deleted: false });
    const back = await app.ok('views.restore', { id: v.id });
    expect(back).toMatchObject({ id: v.id, name: 'Temp', definition: { sort: [{ col: 'rfmScore', dir: 'desc' }] } });
    expect((await app.ok('views.list', { workspaceId: app.workspaceId })).map((x) => x.id)).toEqual([v.id]);
  });
});

async function leads(n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: `Bulk${i}`, email: `bulk${i}@example.com` } })).lead.id);
  return out;
}

describe('bulk changes', () => {
  it('changes status and owner of a selection in one call, with an event per lead, and undo puts each lead back', async () => {
    const ids = await leads(4);
    const rep = member('sdr', 'Rae');
    await app.ok('leads.update', { id: ids[0], patch: { status: 'unqualified', statusReason: 'wrong number' } });
    const r = await app.ok('leads.bulkUpdate', { workspaceId: app.workspaceId, ids, patch: { status: 'contacted', ownerUserId: rep }, note: 'called the list' });
    expect(r).toMatchObject({ updated: 4, unchanged: 0 });
    const rows = () => app.ctx.db.sqlite.prepare(`SELECT id, status, status_reason AS reason, owner_user_id AS owner FROM leads WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids);
    expect(rows()).toEqual(ids.slice().sort().map((id) => ({ id, status: 'contacted', reason: null, owner: rep })));
    const events = app.ctx.db.sqlite.prepare(`SELECT event_data FROM lead_events WHERE lead_id = ? AND event_type = 'status_changed' ORDER BY created_at DESC, id DESC LIMIT 1`).pluck().get(ids[1]) as string;
    expect(JSON.parse(events)).toMatchObject({ changes: { status: ['new', 'contacted'] }, note: 'called the list' });
    // The same change again changes nothing.
    expect(await app.ok('leads.bulkUpdate', { workspaceId: app.workspaceId, ids, patch: { status: 'contacted' } })).toMatchObject({ updated: 0, unchanged: 4, restore: [] });

    const undone = await app.ok('leads.bulkRestore', { workspaceId: app.workspaceId, items: r.restore });
    expect(undone.updated).toBe(4);
    const after = new Map((rows() as { id: string; status: string; reason: string | null; owner: string | null }[]).map((x) => [x.id, x]));
    expect(after.get(ids[0]!)).toMatchObject({ status: 'unqualified', reason: 'wrong number', owner: null });
    expect(after.get(ids[2]!)).toMatchObject({ status: 'new', reason: null, owner: null });
  });

  it('refuses an owner from outside the workspace, unqualified without a reason, and skips ids of other workspaces', async () => {
    const ids = await leads(2);
    const w = app.ctx.writer(null);
    const stranger = insertRow(w, users, { email: 'x@y.z', displayName: 'Stranger' });
    expect((await fails('leads.bulkUpdate', { workspaceId: app.workspaceId, ids, patch: { ownerUserId: stranger.id } })).message).toMatch(/^ownerUserId:/);
    expect(JSON.stringify(await fails('leads.bulkUpdate', { workspaceId: app.workspaceId, ids, patch: { status: 'unqualified' } }))).toMatch(/say why/);
    const r = await app.ok('leads.bulkUpdate', { workspaceId: app.workspaceId, ids: [...ids, '01900000-0000-7000-8000-000000000001'], patch: { status: 'qualified' } });
    expect(r).toMatchObject({ updated: 2, unchanged: 0 });
  });
});

describe('the leads grid by RFM segment', () => {
  it('filters and sorts by the contact score; contacts without a score row are cold (score 6)', async () => {
    const created = await Promise.all(['Hana', 'Walt', 'Cole', 'Nora'].map((n) => app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: n, email: `${n.toLowerCase()}@example.com` } })));
    const score = (i: number, s: number, segment: string) =>
      app.ctx.db.sqlite
        .prepare(`INSERT OR REPLACE INTO contact_rfm (contact_id, workspace_id, last_conversion_at, conversions, total_cents, r, f, m, score, segment, computed_at) VALUES (?, ?, '2026-11-01T00:00:00Z', 1, 100, 1, 1, 1, ?, ?, '2026-11-01T00:00:00Z')`)
        .run(created[i]!.contact.id, app.workspaceId, s, segment);
    score(0, 27, 'hot');
    score(1, 20, 'warm');
    score(2, 9, 'cold');
    const page = (filters: unknown, sort: unknown = [{ col: 'rfmScore', dir: 'desc' }]) => app.ok('leads.page', { workspaceId: app.workspaceId, filters, sort, includeTotal: true });
    const names = async (filters: unknown) => (await page(filters)).rows.map((r) => [r.firstName, r.rfmScore, r.segment]);
    expect(await names({ segment: { kind: 'enum', values: ['hot'] } })).toEqual([['Hana', 27, 'hot']]);
    expect(await names({ segment: { kind: 'enum', values: ['cold'] } })).toEqual([['Cole', 9, 'cold'], ['Nora', 6, 'cold']]);
    expect(await names({ segment: { kind: 'enum', values: ['hot', 'warm'] } })).toEqual([['Hana', 27, 'hot'], ['Walt', 20, 'warm']]);
    expect(await names({ segment: { kind: 'enum', values: ['warm', 'cold'] } })).toEqual([['Walt', 20, 'warm'], ['Cole', 9, 'cold'], ['Nora', 6, 'cold']]);
    expect((await page({ segment: { kind: 'enum', values: ['cool'] } })).total).toBe(0);
    expect((await page({ rfmScore: { kind: 'number', op: 'gte', value: 20 } })).rows.map((r) => r.firstName)).toEqual(['Hana', 'Walt']);
    // The calls grid shows the contact's segment too.
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: created[0]!.contact.id });
    await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: created[3]!.contact.id });
    const calls = await app.ok('calls.page', { workspaceId: app.workspaceId });
    expect(calls.rows.map((r) => [r.contactName, r.contactSegment, r.contactScore]).sort()).toEqual([['Hana', 'hot', 27], ['Nora', 'cold', 6]]);
    // Keyset paging by score walks every row once.
    const first = await app.ok('leads.page', { workspaceId: app.workspaceId, sort: [{ col: 'rfmScore', dir: 'asc' }], limit: 2 });
    const second = await app.ok('leads.page', { workspaceId: app.workspaceId, sort: [{ col: 'rfmScore', dir: 'asc' }], limit: 2, after: first.nextCursor });
    expect([...first.rows, ...second.rows].map((r) => r.firstName)).toEqual(['Nora', 'Cole', 'Walt', 'Hana']);
  });
});
