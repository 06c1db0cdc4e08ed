// CSV import in a real Chromium against the host, as an admin: upload a HubSpot contacts export
// with bad rows, see the preset and the mapping, dry run, download the error report, commit, find
// an imported lead on the Leads screen, undo, and see it gone; the history and its detail; a file
// whose columns cannot say who a row is; and an SDR, who gets no Import screen. Expected figures
// come from the fixture's design and are checked against the database the host serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../electron/host/paths';
import { actingAs, eventually, firstSdr, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

const FIXTURE = join(REPO_ROOT, 'tests', 'fixtures', 'imports', 'hubspot-contacts-25.csv');
/** 25 data rows: row 7 has a broken email, row 13 no one in it, row 21 an unreadable date, row 26 repeats row 10. */
const EXPECTED = { total: 25, created: 21, updated: 0, duplicates: 1, invalid: 3 };
const IMPORTED_LAST_NAMES = ['Quillfeather', 'Vantongeren', 'Fadahunsi', 'Abernathy', 'Thistlewood'];

function dbLeadsNamed(lastName: string): number {
  return h().ctx.db.sqlite
    .prepare('SELECT count(*) FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.workspace_id = ? AND l.deleted_at IS NULL AND c.deleted_at IS NULL AND c.last_name = ?')
    .pluck()
    .get(h().workspaceId, lastName) as number;
}

function dbImportedLeads(): number {
  return h().ctx.db.sqlite
    .prepare("SELECT count(*) FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.workspace_id = ? AND l.deleted_at IS NULL AND c.email LIKE '%@example.org'")
    .pluck()
    .get(h().workspaceId) as number;
}

async function openImport(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Import/ }).click();
  await page.getByTestId('import-screen').waitFor();
}

/** The select of one file column in the mapping table. */
const mappingSelect = (page: Page, header: string) => page.locator(`[data-testid="mapping-table"] tr[data-header="${header}"] select`);
const mappingRow = (page: Page, header: string) => page.locator(`[data-testid="mapping-table"] tr[data-header="${header}"]`);
const tile = (page: Page, key: string) => page.getByTestId(`count-${key}-value`);

async function tiles(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of ['total', 'created', 'updated', 'duplicates', 'invalid']) out[key] = ((await tile(page, key).textContent()) ?? '').trim();
  return out;
}

const asText = (counts: typeof EXPECTED) => Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.toLocaleString('en-US')]));

/** Drops a file on the drop zone the way a file manager does: a drop event carrying it. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/csv' }));
      return dt;
    },
    { name, text },
  );
  const zone = page.getByTestId('import-dropzone');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

async function searchLeads(page: Page, text: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Leads/ }).click();
  await page.getByLabel('Search leads').fill(text);
}

describe('CSV import', () => {
  it('uploads a HubSpot export, dry-runs it, commits, shows the leads, and undoes it', async () => {
    const beforeLeads = h().ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(h().workspaceId) as number;
    await withConsole(h(), async (page) => {
      await openImport(page);
      const upload = page.getByTestId('import-upload');
      await upload.waitFor();
      // Leads, calls, appointments and orders can be imported; leads is the default.
      expect(await upload.getByRole('radio', { name: /Leads/ }).isChecked()).toBe(true);
      for (const type of [/Calls/, /Appointments/, /Orders/]) expect(await upload.getByRole('radio', { name: type }).isDisabled()).toBe(false);
      await screenshot(page, 'import-upload');

      // 1. Upload: the file goes up in chunks, then the inspection reads it.
      await page.getByTestId('import-file').setInputFiles(FIXTURE);
      const mapping = page.getByTestId('import-mapping');
      await mapping.waitFor();

      // 2. The HubSpot preset is recognized and the columns are mapped by it.
      expect(await page.getByTestId('file-name').textContent()).toBe('hubspot-contacts-25.csv');
      expect(await page.getByTestId('file-delimiter').textContent()).toBe('Comma');
      expect((await page.getByTestId('file-encoding').textContent())?.toLowerCase()).toMatch(/utf-?8/);
      expect(await page.getByTestId('preset-select').inputValue()).toBe('hubspot-contacts');
      expect(await page.getByTestId('preset-detected').textContent()).toMatch(/^Detected: the file has 100% of this preset’s columns/);
      expect(await mappingSelect(page, 'Email').inputValue()).toBe('email');
      expect(await mappingSelect(page, 'Create Date').inputValue()).toBe('created_at');
      expect(await mappingRow(page, 'Email').getByTestId('matched-by').textContent()).toBe('Preset');
      expect(await mappingRow(page, 'Record ID').textContent()).toContain('Also fills HubSpot ID');
      expect(await mappingRow(page, 'Mobile Phone Number').textContent()).toContain('Phone from here when “Phone Number” is blank');
      expect(await mappingRow(page, 'Lifecycle Stage').textContent()).toMatch(/Translates \d+ values/);
      expect(await mappingSelect(page, 'Last Activity Date').inputValue()).toBe('');
      expect(await mappingRow(page, 'Last Activity Date').textContent()).toContain('The preset leaves this column out');
      expect(await page.getByTestId('date-format-created_at').inputValue()).toBe('iso');
      expect(await page.getByTestId('preview-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(20);
      expect(await page.getByTestId('mapping-problem').count()).toBe(0);
      await screenshot(page, 'import-mapping');

      // Without the preset the columns are matched by name; choosing it again brings its mapping back.
      await page.getByTestId('preset-select').selectOption('');
      await eventually(() => mappingRow(page, 'Email').getByTestId('matched-by').textContent()).toBe('Same name');
      expect(await mappingSelect(page, 'Record ID').inputValue()).toBe('external_id');
      await page.getByTestId('preset-select').selectOption('hubspot-contacts');
      await eventually(() => mappingRow(page, 'Email').getByTestId('matched-by').textContent()).toBe('Preset');
      expect(await mappingRow(page, 'Record ID').textContent()).toContain('Also fills HubSpot ID');

      // 3. Dry run, from the keyboard.
      await mappingSelect(page, 'Email').focus();
      await page.keyboard.press('Control+Enter');
      const review = page.getByTestId('import-review');
      await review.waitFor();
      await eventually(() => tiles(page)).toEqual(asText(EXPECTED));
      // The screen shows what the backend recorded, and the dry run wrote no lead.
      const batchId = h().ctx.db.sqlite.prepare('SELECT id FROM import_batches WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 1').pluck().get(h().workspaceId) as string;
      const dry = await h().dispatcher.call('imports.get', { batchId });
      if (!dry.ok) throw new Error(dry.error.message);
      const dryBatch = dry.value as { status: string; dryRun: { created: number; duplicates: number; invalid: number; totalRows: number } };
      expect(dryBatch.status).toBe('validated');
      expect(dryBatch.dryRun).toMatchObject({ created: EXPECTED.created, duplicates: EXPECTED.duplicates, invalid: EXPECTED.invalid, totalRows: EXPECTED.total });
      expect(dbImportedLeads()).toBe(0);

      const errorRows = await page.getByTestId('errors-table').locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({ row: tr.querySelector('[data-col="row"]')?.textContent ?? '', column: tr.querySelector('[data-col="column"]')?.textContent ?? '', reason: tr.querySelector('[data-col="reason"]')?.textContent ?? '' })),
      );
      expect(errorRows.map((r) => r.row)).toEqual(['7', '13', '21']);
      expect(errorRows[0]).toMatchObject({ column: 'Email', reason: 'not a valid email address' });
      expect(errorRows[1]!.reason).toMatch(/no email, phone or name/);
      expect(errorRows[2]!.column).toBe('Create Date');
      await screenshot(page, 'import-dry-run');

      // The error report downloads as CSV with each bad row's number and reason.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report').click()]);
      expect(download.suggestedFilename()).toBe('hubspot-contacts-25-errors.csv');
      const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.trim().split(/\r?\n/);
      expect(lines[0]).toBe('Row,Column,Value,Reason');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toMatch(/^7,Email,rosalind\.quarshie@,not a valid email address$/);
      expect(lines[2]).toMatch(/^13,.*no email, phone or name/);
      expect(lines[3]).toMatch(/^21,Create Date,next Tuesday,/);

      // 4. Commit: progress, then the result with its counts.
      await page.getByTestId('commit-import').click();
      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 30_000 });
      await eventually(() => result.getAttribute('data-status')).toBe('completed');
      expect(await page.getByTestId('commit-done').textContent()).toMatch(/21 new and 0 updated leads from hubspot-contacts-25\.csv/);
      expect(await tile(page, 'created').textContent()).toBe('21');
      expect(await tile(page, 'invalid').textContent()).toBe('3');
      expect(dbImportedLeads()).toBe(EXPECTED.created);
      for (const name of IMPORTED_LAST_NAMES) expect(dbLeadsNamed(name), name).toBe(1);
      await screenshot(page, 'import-commit-done');

      // The leads are there for everyone: the Leads screen finds one by name.
      await searchLeads(page, 'Quillfeather');
      await eventually(() => page.locator('.ag-row[row-id] [col-id="lastName"]').allTextContents()).toEqual(['Quillfeather']);

      // 5. Undo, after a confirmation that says what goes.
      await openImport(page);
      await page.getByTestId('undo-import').click();
      const dialog = page.getByRole('dialog', { name: 'Undo this import?' });
      expect(await dialog.getByTestId('undo-dialog').textContent()).toMatch(/21 new leads it added are removed/);
      await screenshot(page, 'import-undo-confirm');
      await dialog.getByTestId('confirm-undo').click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(/^Import undone: /).waitFor();
      await eventually(() => result.getAttribute('data-status')).toBe('undone');
      expect(dbImportedLeads()).toBe(0);
      expect(h().ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(h().workspaceId)).toBe(beforeLeads);
      await screenshot(page, 'import-undone');

      await searchLeads(page, 'Quillfeather');
      await eventually(() => page.getByTestId('leads-total').textContent()).toMatch(/^0 matching leads$/);

      // The history has the batch, undone, with its invalid rows in the detail.
      await openImport(page);
      await page.getByTestId('tab-history').click();
      const history = page.getByTestId('history-table');
      await history.waitFor();
      const row = history.locator(`tr[data-row="${batchId}"]`);
      expect(await row.locator('[data-col="status"]').textContent()).toContain('Undone');
      expect(await row.locator('[data-col="file"]').textContent()).toBe('hubspot-contacts-25.csv');
      await row.getByTestId('history-open').click();
      const detail = page.getByTestId('batch-detail');
      await eventually(() => detail.locator('h2').first().textContent()).toBe('hubspot-contacts-25.csv');
      await eventually(() => detail.getByTestId('errors-table').locator('tbody tr').count()).toBe(3);
      expect(await detail.getByTestId('history-undo').count()).toBe(0);
      await screenshot(page, 'import-history');
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'detached' });
    });
  });

  it('blocks a mapping that cannot tell who a row is, until a column is mapped to Email; saves it as a preset', async () => {
    await withConsole(h(), async (page) => {
      await openImport(page);
      await page.getByTestId('tab-new').click();
      await page.getByTestId('import-upload').waitFor();
      // An empty file is refused with the contract's reason.
      await page.getByTestId('import-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
      await eventually(() => page.getByTestId('import-error').textContent()).toMatch(/the file is empty/);
      // This one is dropped on the drop zone instead of picked.
      await dropFile(page, 'webinar-signups.csv', 'Attendee Ref;Contact;Signed up\r\nA-1;kai.ostrowski@example.net;2026-10-02\r\nA-2;mina.halvorsen@example.net;2026-10-03\r\n');
      await page.getByTestId('import-mapping').waitFor();
      expect(await page.getByTestId('file-delimiter').textContent()).toBe('Semicolon');
      expect(await page.getByTestId('preset-select').inputValue()).toBe('');
      await page.getByTestId('mapping-problem').waitFor();
      expect(await page.getByTestId('mapping-problem').textContent()).toMatch(/No column is mapped to Email, Phone or a name/);
      expect(await page.getByTestId('start-dry-run').isDisabled()).toBe(true);
      // It reads well in the dark theme too.
      await page.keyboard.press('Control+Shift+L');
      await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await screenshot(page, 'import-mapping-blocked-dark');
      await page.keyboard.press('Control+Shift+L');

      await mappingSelect(page, 'Contact').selectOption('email');
      await page.getByTestId('mapping-problem').waitFor({ state: 'detached' });
      expect(await mappingRow(page, 'Contact').textContent()).toContain('Changed');
      expect(await page.getByTestId('start-dry-run').isEnabled()).toBe(true);

      // A source the contract refuses is named next to its field.
      await page.getByTestId('external-source').fill('webinar signups');
      await page.getByText(/Source of the export: letters, digits and _ \. : - only/).waitFor();
      expect(await page.getByTestId('start-dry-run').isDisabled()).toBe(true);
      await page.getByTestId('external-source').fill('webinar');

      await page.getByTestId('save-preset').click();
      const dialog = page.getByRole('dialog', { name: 'Save mapping as preset' });
      await dialog.getByTestId('preset-name').fill('Webinar sign-ups');
      await dialog.getByTestId('save-preset-confirm').click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(/Preset “Webinar sign-ups” saved/).waitFor();
      const presetId = await page.getByTestId('preset-select').inputValue();
      expect(presetId).toMatch(/^custom-webinar-sign-ups-/);
      const presets = await h().dispatcher.call('imports.presets', { workspaceId: h().workspaceId });
      if (!presets.ok) throw new Error(presets.error.message);
      expect((presets.value as { id: string; label: string; columns: Record<string, unknown> }[]).find((p) => p.id === presetId)).toMatchObject({ label: 'Webinar sign-ups', columns: { Contact: 'email' } });

      await page.getByTestId('start-dry-run').click();
      await page.getByTestId('import-review').waitFor();
      await eventually(() => tile(page, 'created').textContent()).toBe('2');
      expect(await page.getByTestId('errors-empty').count()).toBe(1);
      await page.getByTestId('discard-dry-run').click();
      await page.getByTestId('import-upload').waitFor();
    });
  });

  it('imports an Eventbrite attendee report as orders: preset detected, dry run, commit', async () => {
    await withConsole(h(), async (page) => {
      await openImport(page);
      const upload = page.getByTestId('import-upload');
      await upload.waitFor();
      await upload.getByRole('radio', { name: /Orders/ }).check();
      await page.getByTestId('import-file').setInputFiles(join(REPO_ROOT, 'tests', 'fixtures', 'imports', 'eventbrite-attendees.csv'));
      await page.getByTestId('import-mapping').waitFor();
      expect(await page.getByTestId('preset-select').inputValue()).toBe('eventbrite-attendees');
      expect(await mappingSelect(page, 'Order #').inputValue()).toBe('order_number');
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('import-review').waitFor();
      // Five rows: four attendees in three orders, one row without a date.
      await eventually(() => tile(page, 'created').textContent()).toBe('3');
      expect(await tile(page, 'invalid').textContent()).toBe('1');
      await screenshot(page, 'import-orders-dry-run');
      await page.getByTestId('commit-import').click();
      await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
      await eventually(() => page.getByTestId('commit-done').textContent()).toMatch(/3 new and 0 updated orders from eventbrite-attendees\.csv/);
      const orders = h().ctx.db.sqlite.prepare(`SELECT order_number, value_cents FROM conversions WHERE workspace_id = ? AND external_source = 'eventbrite' ORDER BY order_number`).all(h().workspaceId);
      expect(orders).toEqual([
        { order_number: '1001', value_cents: 30000 },
        { order_number: '1002', value_cents: 5000 },
        { order_number: '1003', value_cents: 5000 },
      ]);
    });
  });

  it('an SDR has no Import screen', async () => {
    await actingAs(h(), firstSdr(h()), async () => {
      await withConsole(h(), async (page) => {
        expect(await page.getByTestId('current-role').textContent()).toBe('SDR');
        expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Import/ }).count()).toBe(0);
        await page.keyboard.press('g');
        await page.keyboard.press('i');
        await page.getByTestId('import-admins-only').waitFor();
        expect(await page.getByTestId('import-screen').count()).toBe(0);
      });
      const refused = await h().dispatcher.call('imports.list', { workspaceId: h().workspaceId });
      expect(refused.ok).toBe(false);
    });
  });
});

describe('a large import', () => {
  it('shows rows, rows/s and time left while it commits, and cancelling keeps nothing of it', async () => {
    // Big enough that the commit takes several seconds here, so it is still running when cancelled.
    const rows = 60_000;
    const header = 'Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Lifecycle Stage,Contact owner,Create Date,Last Activity Date,Street Address,City,State/Region,Postal Code,Original Source,Lead Status';
    const lines = [header];
    for (let i = 0; i < rows; i++) lines.push(`${700000 + i},Bulk${i},Loadtester,bulk${i}@example.net,,,lead,,2026-10-01 09:00,,,Boston,MA,02108,Organic Search,New`);
    const countLoadtesters = () => h().ctx.db.sqlite.prepare("SELECT count(*) FROM contacts WHERE workspace_id = ? AND last_name = 'Loadtester' AND deleted_at IS NULL").pluck().get(h().workspaceId) as number;
    await withConsole(h(), async (page) => {
      await openImport(page);
      await page.getByTestId('tab-new').click();
      await page.getByTestId('import-file').setInputFiles({ name: 'hubspot-big.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`) });
      await page.getByTestId('import-mapping').waitFor({ timeout: 60_000 });
      await page.getByTestId('start-dry-run').click();
      await page.getByTestId('import-review').waitFor({ timeout: 60_000 });
      await eventually(() => tile(page, 'created').textContent(), 20_000).toBe(rows.toLocaleString('en-US'));

      await page.getByTestId('commit-import').click();
      const progress = page.locator('[data-testid="run-progress"][data-mode="commit"]');
      await progress.waitFor();
      const rowsDone = async () => Number(((await progress.getByTestId('run-rows').locator('strong').textContent()) ?? '0').replace(/,/g, ''));
      await eventually(rowsDone).toBeGreaterThan(0);
      expect(await progress.getByTestId('run-rows').textContent()).toMatch(new RegExp(`of ${rows.toLocaleString('en-US')} rows \\(\\d+%\\)`));
      expect(await progress.getByTestId('run-rate').textContent()).toMatch(/^[\d,]+ rows\/s$/);
      expect(await progress.getByTestId('run-eta').textContent()).toMatch(/left|almost done|estimating/);
      // The top bar shows it too, so the admin can work elsewhere meanwhile.
      expect(await page.locator('.topbar .job-progress').count()).toBe(1);
      await screenshot(page, 'import-progress');

      await progress.getByTestId('cancel-run').click();
      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await result.getAttribute('data-status')).toBe('cancelled');
      expect(await page.getByTestId('commit-stopped').textContent()).toMatch(/Import cancelled/);
      expect(countLoadtesters()).toBe(0);
    });
  });
});
