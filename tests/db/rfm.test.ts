// RFM scores through the database: the triggers of 0011 queue contacts, db/queries/rfm.ts scores
// them in SQL. Every boundary of seed 001's thresholds is checked on both sides.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyPass, recomputeWorkspace, refreshPending } from '../../db/queries/rfm';
import { contacts, conversions, users, workspaceMemberships } from '../../db/schema';
import { deleteRow, insertRow, updateRow } from '../../db/write';
import { createRfmApp, type RfmTestApp } from './rfm-helpers';

// Noon in New York (EDT), so "today" is 2026-06-15 locally and in UTC alike.
const NOW = '2026-06-15T16:00:00.000Z';

let app: RfmTestApp;
beforeEach(async () => {
  app = await createRfmApp(NOW);
});
afterEach(() => app.close());

const pending = () => app.ctx.db.sqlite.prepare('SELECT contact_id FROM rfm_pending ORDER BY contact_id').pluck().all() as string[];
const rowOf = (id: string) => app.ctx.db.sqlite.prepare('SELECT * FROM contact_rfm WHERE contact_id = ?').get(id) as Record<string, unknown> | undefined;

describe('RFM thresholds (seed 001) through the database', () => {
  it('recency: 30/31, 60/61, 90/91, 180/181 calendar days in the workspace zone', () => {
    const cases = [
      [0, 5], [30, 5], [31, 4], [60, 4], [61, 3], [90, 3], [91, 2], [180, 2], [181, 1], [700, 1],
    ] as const;
    const ids = cases.map(([days]) => {
      const id = app.contact();
      app.convert(id, { at: app.daysAgo(days), cents: 100 });
      return id;
    });
    cases.forEach(([days, r], i) => {
      const s = app.score(ids[i]!);
      expect({ days, r: s.r, recencyDays: s.recencyDays }).toEqual({ days, r, recencyDays: days });
      // One $1 conversion: F = 2, M = 1.
      expect(s.score).toBe(3 * r + 2 * 2 + 1);
    });
  });

  it('counts days by the calendar in the workspace zone, not by UTC or 24-hour periods', () => {
    // 23:30 in New York on the 30th day back is already the 29th day back in UTC.
    const late = app.contact();
    app.convert(late, { at: app.daysAgo(31, 23.5) });
    expect(app.score(late)).toMatchObject({ r: 4, recencyDays: 31 });
    // 00:30 local on day 30 back: fewer than 30 × 24 hours ago is not what counts; the day is.
    const early = app.contact();
    app.convert(early, { at: app.daysAgo(30, 0.5) });
    expect(app.score(early)).toMatchObject({ r: 5, recencyDays: 30 });
  });

  it('frequency: 0, 1, 2, 3, 4, 5, 9, 10 conversions', () => {
    const cases = [[0, 1], [1, 2], [2, 2], [3, 3], [4, 3], [5, 4], [9, 4], [10, 5]] as const;
    for (const [n, f] of cases) {
      const id = app.contact();
      for (let i = 0; i < n; i++) app.convert(id, { cents: 0 });
      const s = app.score(id);
      expect({ n, f: s.f, conversions: s.conversions }).toEqual({ n, f, conversions: n });
    }
  });

  it('monetary: $50, $200, $500, $1,000 in cents, each on both sides', () => {
    const cases = [[4_999, 1], [5_000, 2], [19_999, 2], [20_000, 3], [49_999, 3], [50_000, 4], [99_999, 4], [100_000, 5]] as const;
    for (const [cents, m] of cases) {
      const id = app.contact();
      // Split over two conversions: M scores the sum.
      app.convert(id, { cents: Math.floor(cents / 2) });
      app.convert(id, { cents: cents - Math.floor(cents / 2) });
      const s = app.score(id);
      expect({ cents, m: s.m, total: s.totalCents }).toEqual({ cents, m, total: cents });
    }
  });

  it('a contact with no conversion is R = F = M = 1, score 6, cold, and has no row', () => {
    const id = app.contact();
    expect(app.score(id)).toMatchObject({ r: 1, f: 1, m: 1, score: 6, segment: 'cold', lastConversionAt: null, recencyDropsOn: null });
    expect(rowOf(id)).toBeUndefined();
  });

  it('net value: refunded orders count as orders but add nothing; refund rows subtract; cancelled and failed count for nothing', () => {
    const refunded = app.contact();
    app.convert(refunded, { cents: 60_000 });
    app.convert(refunded, { cents: 90_000, billingStatus: 'refunded' });
    expect(app.score(refunded)).toMatchObject({ conversions: 2, totalCents: 60_000, f: 2, m: 4 });

    const refundRow = app.contact();
    app.convert(refundRow, { cents: 60_000, at: app.daysAgo(40) });
    app.convert(refundRow, { cents: 20_000, type: 'refund' });
    // The refund is not a purchase: recency stays with the sale 40 days back.
    expect(app.score(refundRow)).toMatchObject({ conversions: 1, totalCents: 40_000, r: 4, m: 3 });

    const cancelled = app.contact();
    app.convert(cancelled, { cents: 200_000, billingStatus: 'cancelled' });
    app.convert(cancelled, { cents: 200_000, billingStatus: 'failed' });
    expect(app.score(cancelled)).toMatchObject({ conversions: 0, score: 6, segment: 'cold' });
    expect(rowOf(cancelled)).toBeUndefined();

    const negative = app.contact();
    app.convert(negative, { cents: 1_000 });
    app.convert(negative, { cents: 5_000, type: 'refund' });
    expect(app.score(negative)).toMatchObject({ totalCents: -4_000, m: 1 });
  });
});

describe('segments', () => {
  // [days back of every conversion, cents of each, expected R, F, M]
  const build = (days: number, count: number, cents: number) => {
    const id = app.contact();
    for (let i = 0; i < count; i++) app.convert(id, { at: app.daysAgo(days), cents });
    return app.score(id);
  };

  it('cuts at 11/12, 17/18 and 23/24', () => {
    const cases: [string, ReturnType<typeof build>, number, string][] = [
      ['R1 F3 M2', build(200, 3, 2_000), 11, 'cold'],
      ['R2 F2 M2', build(100, 1, 5_000), 12, 'cool'],
      ['R3 F3 M2', build(75, 3, 2_000), 17, 'cool'],
      ['R4 F2 M2', build(45, 2, 2_500), 18, 'warm'],
      ['R5 F3 M2', build(10, 3, 2_000), 23, 'warm'],
      ['R5 F3 M3', build(10, 3, 7_000), 24, 'hot'],
      ['R5 F5 M5', build(0, 10, 10_000), 30, 'hot'],
    ];
    for (const [label, s, score, segment] of cases) expect({ label, score: s.score, segment: s.segment }).toEqual({ label, score, segment });
  });

  it('counts contacts per segment with their ranges; contacts with nothing scored are cold; deleted contacts leave', async () => {
    build(0, 10, 10_000); // hot
    build(45, 2, 2_500); // warm
    app.contact(); // no conversions: cold
    const gone = app.contact();
    app.convert(gone, { cents: 5_000 }); // R5 F2 M2 = 21: warm
    const before = await app.ok('rfm.segments', { workspaceId: app.workspaceId });
    expect(before.contacts).toBe(4);
    expect(before.segments.map((s) => [s.segment, s.min, s.max, s.contacts])).toEqual([
      ['hot', 24, 30, 1],
      ['warm', 18, 23, 2],
      ['cool', 12, 17, 0],
      ['cold', 6, 11, 1],
    ]);
    deleteRow(app.w, contacts, gone);
    expect(pending()).toEqual([gone]);
    const after = await app.ok('rfm.segments', { workspaceId: app.workspaceId });
    expect(after.contacts).toBe(3);
    expect(after.segments.find((s) => s.segment === 'warm')!.contacts).toBe(1);
    expect(rowOf(gone)).toBeUndefined();
  });
});

describe('keeping scores current', () => {
  it('queues the contact on create, update and delete of a conversion, and scores it before a read', () => {
    const id = app.contact();
    const conv = app.convert(id, { cents: 100_000 });
    expect(pending()).toEqual([id]);
    expect(app.score(id)).toMatchObject({ m: 5, conversions: 1 });
    expect(pending()).toEqual([]);

    updateRow(app.w, conversions, conv, { valueCents: 5_000 });
    expect(pending()).toEqual([id]);
    expect(app.score(id).m).toBe(2);

    // An update of a column RFM does not read queues nothing.
    updateRow(app.w, conversions, conv, { funnelName: 'Summit' });
    expect(pending()).toEqual([]);

    app.ctx.db.sqlite.prepare('DELETE FROM conversions WHERE id = ?').run(conv);
    expect(pending()).toEqual([id]);
    expect(app.score(id)).toMatchObject({ score: 6, conversions: 0 });
  });

  it('ignores soft-deleted conversions', () => {
    const id = app.contact();
    app.convert(id, { cents: 100_000 });
    const conv = app.convert(id, { cents: 100_000 });
    expect(app.score(id)).toMatchObject({ conversions: 2, totalCents: 200_000 });
    deleteRow(app.w, conversions, conv);
    expect(app.score(id)).toMatchObject({ conversions: 1, totalCents: 100_000 });
  });

  it('re-scores both contacts when a conversion is re-pointed (a merge)', () => {
    const from = app.contact();
    const to = app.contact();
    const conv = app.convert(from, { cents: 100_000 });
    app.convert(to, { cents: 1_000 });
    expect(app.score(from).m).toBe(5);
    updateRow(app.w, conversions, conv, { contactId: to });
    expect(pending().sort()).toEqual([from, to].sort());
    expect(app.score(to)).toMatchObject({ conversions: 2, totalCents: 101_000, m: 5 });
    expect(app.score(from)).toMatchObject({ conversions: 0, score: 6 });
    expect(rowOf(from)).toBeUndefined();
  });

  it("queues a contact when sync's upsert applies a conversion, even one already queued", () => {
    const id = app.contact();
    const conv = app.convert(id, { cents: 1_000 });
    expect(pending()).toEqual([id]);
    // The shape of db/sync/apply.ts: an upsert. An INSERT OR IGNORE in the trigger would abort here.
    const upsert = app.ctx.db.sqlite.prepare(
      `INSERT INTO conversions (id, workspace_id, contact_id, converted_at, value_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET value_cents = excluded.value_cents`,
    );
    upsert.run(conv, app.workspaceId, id, app.daysAgo(0), 60_000, NOW, NOW);
    expect(pending()).toEqual([id]);
    expect(app.score(id).m).toBe(4);
  });

  it('scores conversions written by the app itself (a won call) after the call returns', async () => {
    const { contact, lead } = await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Dana', phone: '(415) 867-5309' }, lead: { leadType: 'solar' } });
    const call = await app.ok('calls.create', { workspaceId: app.workspaceId, contactId: contact.id, leadId: lead.id });
    await app.ok('calls.changeStage', { id: call.call.id, to: 'closed_won', saleValueCents: 150_000 });
    // rfm-upkeep scores the queue once the writing call has returned.
    await new Promise((resolve) => setImmediate(resolve));
    expect(pending()).toEqual([]);
    expect(rowOf(contact.id)).toMatchObject({ r: 5, f: 2, m: 5, score: 24, segment: 'hot' });
  });
});

describe('time passing', () => {
  it('moves R exactly at local midnight of the drop day, across a daylight-saving change', async () => {
    const ny = await createRfmApp('2026-02-20T17:00:00.000Z');
    const nyRow = (id: string) => ny.ctx.db.sqlite.prepare('SELECT * FROM contact_rfm WHERE contact_id = ?').get(id) as Record<string, unknown> | undefined;
    try {
      const id = ny.contact();
      const other = ny.contact();
      ny.convert(id, { at: '2026-02-20T17:00:00.000Z' }); // Feb 20, noon in New York (EST)
      ny.convert(other, { at: '2026-03-15T17:00:00.000Z' });
      expect(ny.score(id)).toMatchObject({ r: 5, recencyDropsOn: '2026-03-23' });
      const otherBefore = nyRow(other);
      // 30 days later, at 23:59:59 local (EDT since Mar 8: UTC-4): still R = 5.
      expect(dailyPass(ny.ctx.db, new Date('2026-03-23T03:59:59.000Z'))).toBe(0);
      expect(nyRow(id)).toMatchObject({ r: 5 });
      // One second later the 31st day has begun in New York (in EST it would still be the 22nd).
      expect(dailyPass(ny.ctx.db, new Date('2026-03-23T04:00:01.000Z'))).toBe(1);
      expect(nyRow(id)).toMatchObject({ r: 4, score: 12 + 4 + 1, recency_drops_on: '2026-04-22' });
      // Only the due contact was touched.
      expect(nyRow(other)).toEqual(otherBefore);
      // Readers catch up by themselves too: 181 days on, R = 1 and nothing more to drop.
      ny.setNow('2026-08-20T16:00:00.000Z');
      expect(ny.score(id)).toMatchObject({ r: 1, recencyDays: 181, recencyDropsOn: null });
    } finally {
      ny.close();
    }
  });

  it('the daily pass leaves the same scores as a full recompute', () => {
    for (const days of [0, 29, 30, 59, 60, 89, 90, 179, 180, 181]) app.convert(app.contact(), { at: app.daysAgo(days), cents: 7_000 });
    refreshPending(app.ctx.db, app.now());
    const snapshot = () => app.ctx.db.sqlite.prepare('SELECT contact_id, r, f, m, score, segment, recency_drops_on FROM contact_rfm ORDER BY contact_id').all();
    for (const step of [1, 1, 29, 1, 30, 60, 100]) {
      app.setNow(new Date(app.now().getTime() + step * 86_400_000));
      dailyPass(app.ctx.db, app.now());
      const incremental = snapshot();
      recomputeWorkspace(app.ctx.db, app.workspaceId, app.now());
      expect(incremental).toEqual(snapshot());
    }
  });
});

describe('thresholds per workspace', () => {
  const custom = {
    rfm: { recencyMaxDays: { 5: 7, 4: 14, 3: 30, 2: 60 }, frequencyMin: { 5: 4, 4: 3, 3: 2, 2: 1 }, monetaryMinCents: { 5: 10_000, 4: 5_000, 3: 2_000, 2: 500 } },
    segments: { hot: 20, warm: 15, cool: 10 },
  };

  it('an admin saves them (synced, through the outbox), every contact is re-scored, and reset brings the seed back', async () => {
    const id = app.contact();
    app.convert(id, { at: app.daysAgo(10), cents: 6_000 });
    expect(app.score(id)).toMatchObject({ r: 5, f: 2, m: 2, score: 21, segment: 'warm' });
    const before = app.ctx.db.sqlite.prepare("SELECT count(*) FROM outbox WHERE table_name = 'workspace_settings'").pluck().get() as number;
    const saved = await app.ok('rfm.saveSettings', { workspaceId: app.workspaceId, ...custom });
    expect(saved).toMatchObject({ isDefault: false, editable: true, rfm: custom.rfm, segments: custom.segments });
    expect(app.ctx.db.sqlite.prepare("SELECT count(*) FROM outbox WHERE table_name = 'workspace_settings'").pluck().get()).toBe(before + 1);
    // Re-scored in the same call, with no pending work left for a reader.
    expect(rowOf(id)).toMatchObject({ r: 4, f: 2, m: 4, score: 20, segment: 'hot' });
    const segs = await app.ok('rfm.segments', { workspaceId: app.workspaceId });
    expect(segs.segments.map((s) => [s.segment, s.min, s.max])).toEqual([['hot', 20, 30], ['warm', 15, 19], ['cool', 10, 14], ['cold', 6, 9]]);

    const reset = await app.ok('rfm.resetSettings', { workspaceId: app.workspaceId });
    expect(reset.isDefault).toBe(true);
    expect(rowOf(id)).toMatchObject({ score: 21, segment: 'warm' });
  });

  it('refuses thresholds that would leave a score unreachable, naming the field', async () => {
    const bad = { ...custom, rfm: { ...custom.rfm, recencyMaxDays: { 5: 30, 4: 30, 3: 90, 2: 180 } } };
    const err = await app.fail('rfm.saveSettings', { workspaceId: app.workspaceId, ...bad });
    expect(err.code).toBe('invalid_input');
    expect(err.fields).toContainEqual({ field: 'rfm.recencyMaxDays.4', message: expect.stringMatching(/recencyMaxDays\.4 \(30 days\) must be more than recencyMaxDays\.5/) });
    const seg = await app.fail('rfm.saveSettings', { workspaceId: app.workspaceId, ...custom, segments: { hot: 18, warm: 18, cool: 12 } });
    expect(seg.fields?.[0]).toMatchObject({ field: 'segments.hot' });
    expect((await app.ok('rfm.settings', { workspaceId: app.workspaceId })).isDefault).toBe(true);
  });

  it('only admins may change them; others read them', async () => {
    for (const role of ['sdr', 'manager'] as const) {
      const user = insertRow(app.ctx.writer(null), users, { email: `${role}@example.com`, displayName: role });
      insertRow(app.ctx.writer(null), workspaceMemberships, { workspaceId: app.workspaceId, userId: user.id, role });
      app.ctx.db.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'current_user_id'").run(user.id);
      expect(await app.ok('rfm.settings', { workspaceId: app.workspaceId })).toMatchObject({ editable: false, isDefault: true });
      expect(await app.fail('rfm.saveSettings', { workspaceId: app.workspaceId, ...custom })).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/admin/) });
      expect(await app.fail('rfm.resetSettings', { workspaceId: app.workspaceId })).toMatchObject({ code: 'forbidden' });
    }
    expect(app.ctx.db.sqlite.prepare('SELECT rfm_thresholds FROM workspace_settings WHERE workspace_id = ?').pluck().get(app.workspaceId) ?? null).toBeNull();
  });

  it('re-scores when thresholds arrive by sync or the workspace changes time zone', () => {
    const id = app.contact();
    app.convert(id, { at: '2026-05-16T02:30:00.000Z', cents: 6_000 }); // May 15 22:30 in New York; May 16 in UTC
    expect(app.score(id)).toMatchObject({ recencyDays: 31, r: 4 });
    // What sync's pull does: writes the row directly, with no call into rfm.ts.
    app.ctx.db.sqlite.prepare('INSERT INTO workspace_settings (id, workspace_id, rfm_thresholds, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(app.workspaceId, app.workspaceId, JSON.stringify(custom), NOW, NOW);
    expect(app.score(id)).toMatchObject({ recencyDays: 31, r: 2, m: 4 });
    app.ctx.db.sqlite.prepare("UPDATE workspaces SET timezone = 'UTC' WHERE id = ?").run(app.workspaceId);
    expect(app.score(id)).toMatchObject({ recencyDays: 30, r: 3 });
  });

  it('falls back to the defaults, and says so, when stored thresholds do not validate', async () => {
    app.ctx.db.sqlite.prepare('INSERT INTO workspace_settings (id, workspace_id, rfm_thresholds, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(app.workspaceId, app.workspaceId, JSON.stringify({ rfm: custom.rfm, segments: { hot: 40, warm: 18, cool: 12 } }), NOW, NOW);
    const view = await app.ok('rfm.settings', { workspaceId: app.workspaceId });
    expect(view.segments.hot).toBe(24);
    expect(view.problem).toMatch(/segments\.hot must be at most 30/);
  });
});

describe('query plans', () => {
  const plan = (sqlText: string, ...args: unknown[]) =>
    (app.ctx.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

  it('segment counts and the daily pass read contact_rfm through their indexes', () => {
    expect(plan('SELECT segment, count(*) AS n FROM contact_rfm WHERE workspace_id = ? GROUP BY segment', app.workspaceId)).toMatch(/USING COVERING INDEX contact_rfm_ws_segment_idx/);
    expect(plan('SELECT 1 FROM contact_rfm WHERE workspace_id = ? AND recency_drops_on <= ? LIMIT 1', app.workspaceId, '2026-06-15')).toMatch(/contact_rfm_ws_drops_idx/);
  });
});
