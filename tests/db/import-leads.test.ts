// The leads import end to end against real migrations: dry run, commit, errors by row/column/
// reason, dedup (phone then email, in the file and in the workspace), idempotent re-import,
// overlapping exports that never blank a field, cancel, and undo back to the exact prior state.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport, type ImportPlan } from '../../db/import/run-import';
import { recoverInterruptedImports, undoImport } from '../../db/import/undo';
import { builtInPreset } from '../../shared/domain/import-presets';
import { createTestApp, tempDir, type TestApp } from './helpers';

const FIXTURES = join(__dirname, '..', 'fixtures', 'imports');
const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function scratch(): string {
  const d = tempDir();
  dirs.push(d);
  return d.dir;
}

function hubspotPlan(app: TestApp): ImportPlan {
  const preset = builtInPreset('hubspot-contacts')!;
  return { importType: 'leads', workspaceId: app.workspaceId, columns: { ...preset.columns }, valueMaps: preset.valueMaps ?? {}, presetId: preset.id, externalSource: preset.externalSource, dateFormats: { created_at: 'mdy' } };
}

/** Every row of the tables an import touches, for before/after comparisons. */
function snapshot(app: TestApp) {
  const all = (sql: string) => app.ctx.db.sqlite.prepare(sql).all();
  return {
    contacts: all('SELECT * FROM contacts ORDER BY id'),
    leads: all('SELECT * FROM leads ORDER BY id'),
    leadEvents: all('SELECT * FROM lead_events ORDER BY id'),
    leadStats: all('SELECT * FROM lead_status_stats ORDER BY 1, 2'),
  };
}

const q = <T = Record<string, unknown>>(app: TestApp, sql: string, ...params: unknown[]) => app.ctx.db.sqlite.prepare(sql).all(...params) as T[];

describe('leads import', () => {
  it('a dry run counts what a commit would do and writes no contact or lead', async () => {
    const app = await createTestApp();
    const before = snapshot(app);
    const w = app.ctx.writer(app.userId);
    const dry = await runImport({ path: join(FIXTURES, 'hubspot-contacts.csv'), plan: hubspotPlan(app), mode: 'dry_run', writer: w });
    expect(dry.status).toBe('validated');
    expect(snapshot(app)).toEqual(before);
    // 7 rows: two bad (no identity; a broken email), one with an unreadable date; Grace twice (email case).
    expect({ total: dry.totalRows, created: dry.created, duplicates: dry.duplicates, invalid: dry.invalid }).toEqual({ total: 7, created: 4, duplicates: 0, invalid: 3 });
    const errors = q<{ row_number: number; column: string | null; value: string | null; reason: string }>(app, 'SELECT row_number, "column", value, reason FROM import_errors WHERE batch_id = ? ORDER BY row_number', dry.batchId);
    expect(errors).toEqual([
      { row_number: 4, column: 'Email', value: 'alan@example', reason: 'not a valid email address' },
      { row_number: 5, column: null, value: null, reason: expect.stringMatching(/no email, phone or name/) },
      { row_number: 6, column: 'Create Date', value: 'not a date', reason: expect.stringMatching(/not a date|date/i) },
    ]);
    const commit = await runImport({ path: join(FIXTURES, 'hubspot-contacts.csv'), plan: hubspotPlan(app), mode: 'commit', writer: w, batchId: dry.batchId });
    expect(commit.status).toBe('completed');
    expect({ created: commit.created, updated: commit.updated, duplicates: commit.duplicates, invalid: commit.invalid }).toEqual({ created: dry.created, updated: dry.updated, duplicates: dry.duplicates, invalid: dry.invalid });
    // The dry run's errors are not written twice.
    expect(q(app, 'SELECT count(*) AS n FROM import_errors WHERE batch_id = ?', dry.batchId)).toEqual([{ n: 3 }]);
  });

  it('normalizes, merges the same person (email in another case) and maps statuses and dates', async () => {
    const app = await createTestApp();
    const r = await runImport({ path: join(FIXTURES, 'hubspot-contacts.csv'), plan: hubspotPlan(app), mode: 'commit', writer: app.ctx.writer(app.userId) });
    expect(r.status).toBe('completed');
    const contacts = q<{ first_name: string; email: string; phone: string; phone_status: string; hubspot_id: string | null }>(app, 'SELECT first_name, email, phone, phone_status, hubspot_id FROM contacts WHERE workspace_id = ? ORDER BY first_name', app.workspaceId);
    expect(contacts).toEqual([
      { first_name: 'Ada', email: 'ada@example.com', phone: '+12125550101', phone_status: 'valid', hubspot_id: '101' },
      { first_name: 'Grace', email: 'grace@example.com', phone: '+14155550102', phone_status: 'valid', hubspot_id: '102' },
      { first_name: 'Margaret', email: 'margaret@example.com', phone: '+12125550107', phone_status: 'valid', hubspot_id: '107' },
    ]);
    // Grace has two HubSpot records (102, 106): one contact, two leads keyed by their record ids.
    const leads = q<{ external_id: string; status: string; created_at: string }>(app, `SELECT external_id, status, created_at FROM leads WHERE workspace_id = ? ORDER BY external_id`, app.workspaceId);
    expect(leads.map((l) => [l.external_id, l.status])).toEqual([
      ['101', 'new'],
      ['102', 'converted'],
      ['106', 'new'],
      ['107', 'qualified'],
    ]);
    // "01/09/2026" read month first in the workspace's zone (New York, winter: UTC-5).
    expect(leads.find((l) => l.external_id === '107')!.created_at).toBe('2026-01-09T05:00:00.000Z');
    expect(q(app, `SELECT count(*) AS n FROM outbox WHERE table_name IN ('contacts', 'leads', 'lead_events')`)).toEqual([{ n: 3 + 4 + 4 }]);
    expect(q(app, `SELECT status, leads FROM lead_status_stats WHERE workspace_id = ? ORDER BY status`, app.workspaceId)).toEqual([
      { status: 'converted', leads: 1 },
      { status: 'new', leads: 2 },
      { status: 'qualified', leads: 1 },
    ]);
  });

  it('re-importing the same file, and an overlapping export, creates nothing twice and never blanks a field', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const path = join(FIXTURES, 'hubspot-contacts.csv');
    await runImport({ path, plan: hubspotPlan(app), mode: 'commit', writer: w });
    const once = snapshot(app);
    const again = await runImport({ path, plan: hubspotPlan(app), mode: 'commit', writer: w });
    expect({ created: again.created, updated: again.updated, unchanged: again.unchanged }).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(snapshot(app).contacts).toEqual(once.contacts);
    expect(snapshot(app).leads).toEqual(once.leads);
    // A later export: Ada moved (city), her phone cell is blank; one new record.
    const overlap = join(scratch(), 'overlap.csv');
    writeFileSync(
      overlap,
      ['Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,City', '101,Ada,Lovelace,ada@example.com,,lead,Boston', '108,Dorothy,Vaughan,dorothy@example.com,,lead,'].join('\n'),
    );
    const third = await runImport({ path: overlap, plan: hubspotPlan(app), mode: 'commit', writer: w });
    expect({ created: third.created, updated: third.updated }).toEqual({ created: 1, updated: 1 });
    const ada = q<{ city: string; phone: string; n: number }>(app, `SELECT c.city, c.phone, (SELECT count(*) FROM leads l WHERE l.contact_id = c.id) AS n FROM contacts c WHERE email = 'ada@example.com'`);
    expect(ada).toEqual([{ city: 'Boston', phone: '+12125550101', n: 1 }]);
    expect(q(app, 'SELECT count(*) AS n FROM contacts WHERE workspace_id = ?', app.workspaceId)).toEqual([{ n: 4 }]);
  });

  it('a file without ids is keyed on the person: the second import matches by phone, then email', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const path = join(scratch(), 'plain.csv');
    writeFileSync(path, 'Name,E-mail Address,Phone\r\n"Lovelace, Ada",ADA@example.com,212.555.0101\r\nAda Lovelace,,(212) 555-0101\r\nBob Smith,bob@example.com,\r\n');
    const plan: ImportPlan = { importType: 'leads', workspaceId: app.workspaceId, columns: { Name: 'full_name', 'E-mail Address': 'email', Phone: 'phone' }, externalSource: 'csv' };
    const first = await runImport({ path, plan, mode: 'commit', writer: w });
    expect({ created: first.created, duplicates: first.duplicates }).toEqual({ created: 2, duplicates: 1 });
    const second = await runImport({ path, plan, mode: 'commit', writer: w });
    expect(second.created).toBe(0);
    expect(q(app, 'SELECT first_name, last_name FROM contacts WHERE workspace_id = ? ORDER BY last_name', app.workspaceId)).toEqual([
      { first_name: 'Ada', last_name: 'Lovelace' },
      { first_name: 'Bob', last_name: 'Smith' },
    ]);
  });

  it('undo puts every table back as it was; a second undo is refused', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    await runImport({ path: join(FIXTURES, 'hubspot-contacts.csv'), plan: hubspotPlan(app), mode: 'commit', writer: w });
    const before = snapshot(app);
    const overlap = join(scratch(), 'overlap.csv');
    writeFileSync(overlap, ['Record ID,First Name,Last Name,Email,Lifecycle Stage,City,Lead Status', '101,Ada,Lovelace,ada@example.com,customer,Boston,', '109,Mary,Jackson,mary@example.com,lead,,'].join('\n'));
    const second = await runImport({ path: overlap, plan: hubspotPlan(app), mode: 'commit', writer: w });
    expect({ created: second.created, updated: second.updated }).toEqual({ created: 1, updated: 1 });
    expect(snapshot(app)).not.toEqual(before);
    const undone = undoImport(w, second.batchId);
    expect(undone).toMatchObject({ restored: 2, kept: 0 });
    expect(snapshot(app)).toEqual(before);
    expect(q(app, 'SELECT status FROM import_batches WHERE id = ?', second.batchId)).toEqual([{ status: 'undone' }]);
    expect(() => undoImport(w, second.batchId)).toThrow(/already been undone/);
  });

  it('finds a free contact code when random picks keep landing on taken ones', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    // Codes 100000-102999 are taken; every random pick says 100000.
    const insert = app.ctx.db.sqlite.prepare(`INSERT INTO contacts (id, workspace_id, contact_code, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    app.ctx.db.sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, app.workspaceId, String(100_000 + i));
    })();
    const path = join(scratch(), 'two.csv');
    writeFileSync(path, 'email\nfirst@example.com\nsecond@example.com\n');
    const r = await runImport({ path, plan: { importType: 'leads', workspaceId: app.workspaceId, columns: { email: 'email' }, externalSource: 'csv' }, mode: 'commit', writer: w, randomCode: () => '100000' });
    expect(r.created).toBe(2);
    expect(q(app, `SELECT contact_code FROM contacts WHERE email <> '' ORDER BY contact_code`)).toEqual([{ contact_code: '103000' }, { contact_code: '103001' }]);
  });

  it('cancel mid-file leaves nothing of the batch behind', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const path = join(scratch(), 'big.csv');
    const lines = ['email,first_name'];
    for (let i = 0; i < 9000; i++) lines.push(`person${i}@example.com,P${i}`);
    writeFileSync(path, lines.join('\n'));
    const before = snapshot(app);
    const controller = new AbortController();
    const r = await runImport({ path, plan: { importType: 'leads', workspaceId: app.workspaceId, columns: { email: 'email', first_name: 'first_name' }, externalSource: 'csv' }, mode: 'commit', writer: w, signal: controller.signal, afterChunk: (n) => { if (n >= 4000) controller.abort(); } });
    expect(r.status).toBe('cancelled');
    expect(snapshot(app)).toEqual(before);
    expect(q(app, 'SELECT count(*) AS n FROM import_batch_rows WHERE batch_id = ?', r.batchId)).toEqual([{ n: 0 }]);
    expect(q(app, 'SELECT status FROM import_batches WHERE id = ?', r.batchId)).toEqual([{ status: 'cancelled' }]);
  });

  it('a batch a crash left running is removed at the next start', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const path = join(scratch(), 'crash.csv');
    copyFileSync(join(FIXTURES, 'hubspot-contacts.csv'), path);
    const before = snapshot(app);
    // Every chunk committed, then the process died before it marked the batch finished.
    const r = await runImport({ path, plan: hubspotPlan(app), mode: 'commit', writer: w });
    app.ctx.db.sqlite.prepare(`UPDATE import_batches SET status = 'running' WHERE id = ?`).run(r.batchId);
    expect(snapshot(app)).not.toEqual(before);
    expect(recoverInterruptedImports(w)).toHaveLength(1);
    expect(snapshot(app)).toEqual(before);
  });
});

describe('calls import', () => {
  const callsPlan = (app: TestApp): ImportPlan => ({
    importType: 'calls',
    workspaceId: app.workspaceId,
    columns: { 'Call ID': 'external_id', Name: 'full_name', Email: 'email', Phone: 'phone', Scheduled: 'scheduled_at', Status: 'status', Outcome: 'outcome', 'Appointment source': 'source_of_set_appointment', utm_source: 'utm_source', 'Sale amount': 'sale_value', Notes: 'notes' },
    externalSource: 'oldcrm',
    dateFormats: { scheduled_at: 'iso' },
  });

  it('maps legacy status and outcome to stages, classifies the traffic source by the rules, records sales, and re-imports as nothing new', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const path = join(FIXTURES, 'legacy-calls.csv');
    const dry = await runImport({ path, plan: callsPlan(app), mode: 'dry_run', writer: w });
    expect({ created: dry.created, invalid: dry.invalid }).toEqual({ created: 4, invalid: 1 });
    expect(q(app, 'SELECT count(*) AS n FROM calls')).toEqual([{ n: 0 }]);
    const r = await runImport({ path, plan: callsPlan(app), mode: 'commit', writer: w, batchId: dry.batchId });
    expect(r.created).toBe(4);
    // C-4 is won without an amount: refused with the reason, the rest land.
    expect(q(app, 'SELECT row_number, reason FROM import_errors WHERE batch_id = ?', r.batchId)).toEqual([{ row_number: 5, reason: expect.stringMatching(/closed-won call needs its sale value/) }]);
    const calls = q<{ external_id: string; crm_stage: string; traffic_source: string; sale_value_cents: number | null; email: string }>(
      app,
      `SELECT c.external_id, c.crm_stage, c.traffic_source, c.sale_value_cents, p.email FROM calls c JOIN contacts p ON p.id = c.contact_id ORDER BY c.external_id`,
    );
    expect(calls).toEqual([
      { external_id: 'C-1', crm_stage: 'closed_won', traffic_source: 'meta', sale_value_cents: 125000, email: 'ada@example.com' },
      { external_id: 'C-2', crm_stage: 'no_show', traffic_source: 'organic', sale_value_cents: null, email: 'grace@example.com' },
      { external_id: 'C-3', crm_stage: 'lost', traffic_source: 'meta', sale_value_cents: null, email: 'ada@example.com' },
      { external_id: 'C-5', crm_stage: 'scheduled', traffic_source: 'organic', sale_value_cents: null, email: 'katherine@example.com' },
    ]);
    // The won call is a sale, with its events, as when logged by hand.
    expect(q(app, `SELECT value_cents, order_source FROM conversions`)).toEqual([{ value_cents: 125000, order_source: 'call' }]);
    expect(q(app, `SELECT count(*) AS n FROM call_events`)).toEqual([{ n: 4 }]);
    const again = await runImport({ path, plan: callsPlan(app), mode: 'commit', writer: w });
    expect({ created: again.created, updated: again.updated, unchanged: again.unchanged }).toEqual({ created: 0, updated: 0, unchanged: 4 });
  });

  it('undo removes the calls, their events, sales and the contacts they brought, and puts leads back', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    // Ada already has a lead: the won call converts it; undo must put it back.
    await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }, lead: { leadType: 'solar' } });
    const before = snapshot(app);
    const tables = () => q(app, 'SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM call_events) AS events, (SELECT count(*) FROM conversions) AS sales, (SELECT count(*) FROM conversion_events) AS saleEvents');
    const empty = tables();
    const r = await runImport({ path: join(FIXTURES, 'legacy-calls.csv'), plan: callsPlan(app), mode: 'commit', writer: w });
    expect(q(app, `SELECT status FROM leads`)).toEqual([{ status: 'converted' }]);
    undoImport(w, r.batchId);
    expect(tables()).toEqual(empty);
    expect(snapshot(app)).toEqual(before);
  });
});

describe('orders import', () => {
  const eventbritePlan = (app: TestApp): ImportPlan => {
    const preset = builtInPreset('eventbrite-attendees')!;
    return { importType: 'orders', workspaceId: app.workspaceId, columns: { ...preset.columns }, valueMaps: preset.valueMaps ?? {}, presetId: preset.id, externalSource: preset.externalSource, dateFormats: { converted_at: 'iso' } };
  };
  const orders = (app: TestApp) =>
    q(app, `SELECT c.order_number, c.value_cents, c.billing_status, c.funnel_name, p.email, (SELECT count(*) FROM order_items i WHERE i.conversion_id = c.id) AS items FROM conversions c JOIN contacts p ON p.id = c.contact_id ORDER BY c.order_number`);

  it('turns an Eventbrite attendee report into orders with line items and products; a re-import changes nothing; undo removes it all', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const path = join(FIXTURES, 'eventbrite-attendees.csv');
    const before = snapshot(app);
    const dry = await runImport({ path, plan: eventbritePlan(app), mode: 'dry_run', writer: w });
    expect({ created: dry.created, invalid: dry.invalid }).toEqual({ created: 3, invalid: 1 });
    const r = await runImport({ path, plan: eventbritePlan(app), mode: 'commit', writer: w, batchId: dry.batchId });
    expect(r.created).toBe(3);
    // Order 1001 has two attendees: one order of two items (its value their sum), both people contacts.
    expect(orders(app)).toEqual([
      { order_number: '1001', value_cents: 30000, billing_status: 'paid', funnel_name: 'Solar Summit 2026', email: 'ada@example.com', items: 2 },
      { order_number: '1002', value_cents: 5000, billing_status: 'paid', funnel_name: 'Solar Summit 2026', email: 'grace@example.com', items: 1 },
      { order_number: '1003', value_cents: 5000, billing_status: 'refunded', funnel_name: 'Solar Summit 2026', email: 'alan@example.com', items: 1 },
    ]);
    expect(q(app, 'SELECT product_name, price_cents FROM products ORDER BY product_name')).toEqual([
      { product_name: 'General Admission', price_cents: 5000 },
      { product_name: 'VIP', price_cents: 15000 },
    ]);
    expect(q(app, `SELECT count(*) AS n FROM contacts WHERE email = 'charles@example.com'`)).toEqual([{ n: 1 }]);
    const again = await runImport({ path, plan: eventbritePlan(app), mode: 'commit', writer: w });
    expect({ created: again.created, updated: again.updated, unchanged: again.unchanged }).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(q(app, 'SELECT count(*) AS n FROM order_items')).toEqual([{ n: 4 }]);
    // A later report: 1002 was refunded, 1003 gained an attendee.
    const later = join(scratch(), 'later.csv');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    writeFileSync(later, [lines[0], lines[1], lines[2], lines[3]!.replace('Checked In', 'Refunded'), lines[4], lines[4]!.replace('A-4', 'A-6').replace('Alan,Turing,alan', 'Joan,Clarke,joan')].join('\n'));
    const third = await runImport({ path: later, plan: eventbritePlan(app), mode: 'commit', writer: w });
    expect({ created: third.created, updated: third.updated, unchanged: third.unchanged }).toEqual({ created: 0, updated: 2, unchanged: 1 });
    expect(orders(app).map((o) => [o.order_number, o.value_cents, o.billing_status, o.items])).toEqual([
      ['1001', 30000, 'paid', 2],
      ['1002', 5000, 'refunded', 1],
      ['1003', 10000, 'refunded', 2],
    ]);
    undoImport(w, third.batchId);
    undoImport(w, again.batchId);
    undoImport(w, r.batchId);
    expect(snapshot(app)).toEqual(before);
    expect(q(app, 'SELECT (SELECT count(*) FROM conversions) + (SELECT count(*) FROM order_items) + (SELECT count(*) FROM products) + (SELECT count(*) FROM conversion_events) AS n')).toEqual([{ n: 0 }]);
  });
});

describe('appointments import', () => {
  it('creates appointments with their events, merges repeats, refuses rows without a time or with an unknown rep, and undoes', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const before = snapshot(app);
    const plan: ImportPlan = {
      importType: 'appointments',
      workspaceId: app.workspaceId,
      columns: { Name: 'full_name', Email: 'email', Phone: 'phone', 'Appointment time': 'scheduled_at', Duration: 'duration_minutes', Type: 'appointment_type', Status: 'status', Location: 'location_address', Notes: 'notes', 'Assigned to': 'assigned_email' },
      externalSource: 'calendar',
      dateFormats: { scheduled_at: 'iso' },
    };
    const r = await runImport({ path: join(FIXTURES, 'appointments.csv'), plan, mode: 'commit', writer: w });
    expect({ created: r.created, duplicates: r.duplicates, invalid: r.invalid }).toEqual({ created: 2, duplicates: 1, invalid: 2 });
    expect(q(app, 'SELECT appointment_type, duration_minutes, status, location_address, scheduled_at FROM appointments ORDER BY scheduled_at')).toEqual([
      { appointment_type: 'consultation', duration_minutes: 45, status: 'scheduled', location_address: '1 Analytical Way', scheduled_at: '2026-04-01T14:00:00.000Z' },
      { appointment_type: 'site_visit', duration_minutes: 90, status: 'completed', location_address: null, scheduled_at: '2026-04-02T18:30:00.000Z' },
    ]);
    expect(q(app, `SELECT count(*) AS n FROM appointment_events WHERE event_type = 'created'`)).toEqual([{ n: 2 }]);
    expect(q<{ reason: string }>(app, 'SELECT reason FROM import_errors WHERE batch_id = ? ORDER BY row_number', r.batchId).map((e) => e.reason)).toEqual([
      expect.stringMatching(/no time/),
      expect.stringMatching(/no user of this workspace/),
    ]);
    const again = await runImport({ path: join(FIXTURES, 'appointments.csv'), plan, mode: 'commit', writer: w });
    expect({ created: again.created, unchanged: again.unchanged }).toEqual({ created: 0, unchanged: 2 });
    undoImport(w, again.batchId);
    undoImport(w, r.batchId);
    expect(snapshot(app)).toEqual(before);
    expect(q(app, 'SELECT (SELECT count(*) FROM appointments) + (SELECT count(*) FROM appointment_events) AS n')).toEqual([{ n: 0 }]);
  });
});
