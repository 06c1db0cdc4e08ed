import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadFilter, LeadRow, SortItem } from '../../shared/api/leads';
import type { LeadColumnKey } from '../../shared/api/leads';
import { leadsPage } from '../../db/queries/leads-page';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
let ws: string;
beforeAll(async () => {
  app = await createTestApp({ demo: true, demoLeads: 900 });
  ws = app.ctx.db.sqlite.prepare('SELECT workspace_id FROM leads GROUP BY workspace_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
});
afterAll(() => app.ctx.close());

type Filters = Partial<Record<LeadColumnKey, LeadFilter>>;

/** Walks every page by keyset cursor, as the grid does while scrolling. */
function walk(sort: SortItem[], filters: Filters = {}, search = '', limit = 37): LeadRow[] {
  const out: LeadRow[] = [];
  let after;
  for (let guard = 0; guard < 1000; guard++) {
    const page = leadsPage(app.ctx.db, { workspaceId: ws, search, sort, filters, limit, includeTotal: false, ...(after ? { after } : {}) });
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    after = page.nextCursor;
  }
  throw new Error('paging did not end');
}

/** The same query in one go with OFFSET-free ORDER BY, as ground truth. */
function allAtOnce(sort: SortItem[], filters: Filters = {}, search = ''): LeadRow[] {
  return leadsPage(app.ctx.db, { workspaceId: ws, search, sort, filters, limit: 500, includeTotal: false }).rows.concat(
    leadsPage(app.ctx.db, { workspaceId: ws, search, sort, filters, limit: 500, offset: 500, includeTotal: false }).rows,
  );
}

describe('leads paging (keyset)', () => {
  const sorts: SortItem[][] = [
    [{ col: 'createdAt', dir: 'desc' }],
    [{ col: 'lastName', dir: 'asc' }],
    [{ col: 'email', dir: 'desc' }],
    [{ col: 'roofAge', dir: 'asc' }],
    [{ col: 'roofAge', dir: 'desc' }],
    [{ col: 'status', dir: 'asc' }, { col: 'lastName', dir: 'desc' }],
    [{ col: 'leadType', dir: 'desc' }, { col: 'monthlyElectricBillCents', dir: 'asc' }, { col: 'createdAt', dir: 'desc' }],
  ];
  for (const sort of sorts) {
    it(`visits every lead exactly once, in order, sorted by ${sort.map((s) => `${s.col} ${s.dir}`).join(', ')}`, () => {
      const walked = walk(sort);
      const truth = allAtOnce(sort);
      const total = app.ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(ws) as number;
      expect(walked.length).toBe(total);
      expect(new Set(walked.map((r) => r.id)).size).toBe(total);
      expect(walked.map((r) => r.id)).toEqual(truth.map((r) => r.id));
    });
  }

  it('pages filtered results the same way and reports the total', () => {
    const filters: Filters = { status: { kind: 'enum', values: ['contacted', 'qualified'] }, state: { kind: 'text', op: 'equals', value: 'az' } };
    const walked = walk([{ col: 'lastName', dir: 'asc' }], filters, '', 5);
    const first = leadsPage(app.ctx.db, { workspaceId: ws, search: '', sort: [{ col: 'lastName', dir: 'asc' }], filters, limit: 5, includeTotal: true });
    expect(first.total).toBe(walked.length);
    expect(walked.length).toBeGreaterThan(0);
    expect(walked.every((r) => ['contacted', 'qualified'].includes(r.status) && r.state === 'AZ')).toBe(true);
    const names = walked.map((r) => r.lastName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('filters text, numbers, money and dates', () => {
    const get = (filters: Filters) => allAtOnce([{ col: 'createdAt', dir: 'desc' }], filters);
    expect(get({ email: { kind: 'text', op: 'contains', value: 'gmail' } }).every((r) => r.email.includes('gmail'))).toBe(true);
    expect(get({ email: { kind: 'text', op: 'blank', value: '' } }).every((r) => r.email === '')).toBe(true);
    const cheap = get({ monthlyElectricBillCents: { kind: 'number', op: 'lt', value: 10_000 } });
    expect(cheap.length).toBeGreaterThan(0);
    expect(cheap.every((r) => r.monthlyElectricBillCents !== null && r.monthlyElectricBillCents < 10_000)).toBe(true);
    const aged = get({ roofAge: { kind: 'number', op: 'between', value: 5, valueTo: 9 } });
    expect(aged.every((r) => r.roofAge! >= 5 && r.roofAge! <= 9)).toBe(true);
    const from = '2026-03-01T00:00:00.000Z';
    const to = '2026-04-01T00:00:00.000Z';
    const march = get({ createdAt: { kind: 'date', from, to } });
    expect(march.length).toBeGreaterThan(0);
    expect(march.every((r) => r.createdAt >= from && r.createdAt < to)).toBe(true);
    // Filter text is data, never SQL.
    expect(get({ lastName: { kind: 'text', op: 'contains', value: "%' OR 1=1 --" } })).toEqual([]);
    expect(get({ lastName: { kind: 'text', op: 'contains', value: '%' } })).toEqual([]);
  });

  it('finds leads by name, email, any phone format and contact code', () => {
    const sample = app.ctx.db.sqlite
      .prepare(`SELECT l.first_name, l.last_name, l.email, l.phone, c.contact_code FROM leads l JOIN contacts c ON c.id = l.contact_id
                WHERE l.workspace_id = ? AND l.phone_status = 'valid' AND l.email <> '' LIMIT 1`)
      .get(ws) as { first_name: string; last_name: string; email: string; phone: string; contact_code: string };
    const national = sample.phone.slice(2);
    const searches = [
      `${sample.first_name} ${sample.last_name}`,
      sample.last_name.toLowerCase(),
      sample.email,
      sample.email.slice(0, 6),
      `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
      `${national.slice(0, 3)}-${national.slice(3, 6)}`,
      sample.phone,
      sample.contact_code,
    ];
    for (const search of searches) {
      const rows = walk([{ col: 'createdAt', dir: 'desc' }], {}, search, 200);
      expect(rows.length, search).toBeGreaterThan(0);
      expect(rows.some((r) => r.email === sample.email && r.contactCode === sample.contact_code), search).toBe(true);
    }
    expect(walk([{ col: 'createdAt', dir: 'desc' }], {}, 'zzqxnotaname')).toEqual([]);
  });

  it('keeps search current after edits', async () => {
    const row = walk([{ col: 'createdAt', dir: 'desc' }])[0]!;
    await app.ok('leads.update', { id: row.id, patch: { lastName: 'Quillfeather' } });
    expect(walk([{ col: 'createdAt', dir: 'desc' }], {}, 'quillfeather').map((r) => r.id)).toEqual([row.id]);
    await app.ok('leads.update', { id: row.id, patch: { lastName: 'Zzyzx' } });
    expect(walk([{ col: 'createdAt', dir: 'desc' }], {}, 'quillfeather')).toEqual([]);
    expect(walk([{ col: 'createdAt', dir: 'desc' }], {}, 'zzyzx').map((r) => r.id)).toEqual([row.id]);
  });

  it('serves a page through the handler with the contact code and owner name', async () => {
    const page = await app.ok('leads.page', { workspaceId: ws, limit: 3, includeTotal: true });
    expect(page.rows).toHaveLength(3);
    expect(page.total).toBeGreaterThan(3);
    expect(page.rows.every((r) => /^[1-9]\d{5}$/.test(r.contactCode))).toBe(true);
    expect(page.nextCursor).not.toBeNull();
    const owned = page.rows.find((r) => r.ownerUserId);
    if (owned) expect(owned.ownerName).toMatch(/\w+ \w+/);
  });
});
