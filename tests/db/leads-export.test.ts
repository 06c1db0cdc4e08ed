// The leads grid's CSV export re-imports losslessly: into the same workspace it changes nothing
// (each row is its own lead, by Lead ID), into another it recreates the same values; cells a
// spreadsheet would run as formulas are neutralized on the way out and restored on the way in.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport, type ImportPlan } from '../../db/import/run-import';
import { workspaceMemberships, workspaces } from '../../db/schema';
import { insertRow } from '../../db/write';
import { builtInPreset } from '../../shared/domain/import-presets';
import { createTestApp, tempDir, type TestApp } from './helpers';

const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function plan(workspaceId: string): ImportPlan {
  const preset = builtInPreset('convio-leads')!;
  return { importType: 'leads', workspaceId, columns: { ...preset.columns }, presetId: preset.id, externalSource: preset.externalSource, dateFormats: { created_at: 'iso' } };
}

async function seed(app: TestApp) {
  await app.ok('leads.create', {
    workspaceId: app.workspaceId,
    contact: { firstName: 'Ana, "the boss"', lastName: 'Ölund', email: 'ana@example.com', phone: '+1 (415) 555-0101', city: 'San Francisco', state: 'CA', zipCode: '94105' },
    lead: { leadType: 'solar', source: 'facebook_ads', campaignId: 'spring', utmSource: 'facebook', utmCampaign: '=HYPERLINK("x")', notes: '=SUM(A1:A9)\nsecond line' },
  });
  await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Bo', lastName: 'Li', email: 'bo@example.com' }, lead: { leadType: 'hvac', source: '@referral', notes: '-5 is fine' } });
  const lead = await app.ok('leads.create', { workspaceId: app.workspaceId, contact: { firstName: 'Cy', lastName: 'Ng', phone: '212-555-0199' }, lead: { leadType: 'insurance' } });
  await app.ok('leads.update', { id: lead.lead.id, patch: { status: 'qualified', ownerUserId: app.userId } });
}

describe('leads export', () => {
  it('re-imports into the same leads without changing anything, and into another workspace as the same values', async () => {
    const app = await createTestApp();
    await seed(app);
    const exported = await app.ok('leads.exportCsv', { workspaceId: app.workspaceId, sort: [{ col: 'lastName', dir: 'asc' }] });
    expect(exported).toMatchObject({ rows: 3, truncated: false });
    const lines = exported.csv.split('\r\n');
    expect(lines[0]).toMatch(/^Lead ID,First name,Last name,Email,Phone,/);
    // Formulas neutralized; quotes, commas and line breaks quoted.
    expect(exported.csv).toContain(`"'=SUM(A1:A9)\nsecond line"`);
    expect(exported.csv).toContain(`"Ana, ""the boss"""`);
    expect(exported.csv).toContain(`'+14155550101`);

    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir.dir, 'leads.csv');
    writeFileSync(path, `\uFEFF${exported.csv}`);
    const before = app.ctx.db.sqlite.prepare('SELECT * FROM leads ORDER BY id').all();
    const w = app.ctx.writer(app.userId);
    const same = await runImport({ path, plan: plan(app.workspaceId), mode: 'commit', writer: w });
    expect({ created: same.created, updated: same.updated, unchanged: same.unchanged, invalid: same.invalid }).toEqual({ created: 0, updated: 0, unchanged: 3, invalid: 0 });
    expect(app.ctx.db.sqlite.prepare('SELECT * FROM leads ORDER BY id').all()).toEqual(before);

    const other = insertRow(w, workspaces, { name: 'Other', isDemo: false });
    insertRow(w, workspaceMemberships, { workspaceId: other.id, userId: app.userId, role: 'admin' });
    const copy = await runImport({ path, plan: plan(other.id), mode: 'commit', writer: w });
    expect(copy.created).toBe(3);
    const again = await app.ok('leads.exportCsv', { workspaceId: other.id, sort: [{ col: 'lastName', dir: 'asc' }] });
    const withoutIds = (csv: string) => csv.split('\r\n').map((l) => l.replace(/^[^,]*,/, ''));
    expect(withoutIds(again.csv)).toEqual(withoutIds(exported.csv));
    // A second import of the same file into the other workspace finds the copies (by source and Lead ID).
    const twice = await runImport({ path, plan: plan(other.id), mode: 'commit', writer: w });
    expect({ created: twice.created, unchanged: twice.unchanged }).toEqual({ created: 0, unchanged: 3 });
  });

  it('is for managers and admins', async () => {
    const app = await createTestApp();
    app.ctx.db.sqlite.prepare(`UPDATE workspace_memberships SET role = 'sdr' WHERE user_id = ? AND workspace_id = ?`).run(app.userId, app.workspaceId);
    const r = await app.dispatcher.call('leads.exportCsv', { workspaceId: app.workspaceId });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
