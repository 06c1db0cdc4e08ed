// Logging a call by keyboard alone: the shortcut, contact look-up, the lead's source and UTM
// prefilled, the live traffic-source suggestion with its reason, an override, save with
// Ctrl+Enter; then the call in the Calls grid and a stage change from its drawer by key.
import { describe, expect, it } from 'vitest';
import { eventually, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

/** A contact of the open workspace with a Meta-tagged lead, to log a call against. */
function metaContact() {
  return h()
    .ctx.db.sqlite.prepare(
      `SELECT c.id, c.first_name, c.last_name, c.contact_code, l.id AS lead_id FROM contacts c JOIN leads l ON l.contact_id = c.id
       WHERE c.workspace_id = ? AND l.utm_source = 'facebook' AND c.first_name <> '' AND l.deleted_at IS NULL
         AND (SELECT count(*) FROM leads x WHERE x.contact_id = c.id) = 1
       ORDER BY c.contact_code LIMIT 1`,
    )
    .get(h().workspaceId) as { id: string; first_name: string; last_name: string; contact_code: string; lead_id: string };
}

describe('logging a call', () => {
  it('works from the keyboard alone, with the suggested source, its reason and an override', async () => {
    const target = metaContact();
    const before = h().ctx.db.sqlite.prepare('SELECT count(*) FROM calls WHERE contact_id = ?').pluck().get(target.id) as number;
    await withConsole(h(), async (page) => {
      await page.keyboard.press('c');
      const dialog = page.getByRole('dialog', { name: 'Log a call' });
      await dialog.waitFor();
      // Focus starts in the contact look-up: type the contact code, pick the match with Enter.
      await page.keyboard.type(target.contact_code);
      await dialog.getByRole('listbox').getByRole('option', { name: new RegExp(target.contact_code) }).first().waitFor();
      await page.keyboard.press('Enter');
      await eventually(() => dialog.getByTestId('picked-contact').textContent()).toContain(target.contact_code);
      // The contact's lead is chosen and its source and UTM are prefilled.
      await eventually(() => dialog.getByLabel('UTM source').inputValue()).toBe('facebook');
      await expect(dialog.getByLabel('Lead', { exact: true }).inputValue()).resolves.toBe(target.lead_id);
      // Evidence from the lead already says Meta, with the reason shown.
      await eventually(() => dialog.getByTestId('suggested-source').textContent()).toBe('Meta ads');
      await expect(dialog.getByTestId('suggestion-reason').textContent()).resolves.toMatch(/utm_source is "facebook" → meta/);

      // Tab to the appointment source and choose by typing (keyboard only).
      await dialog.getByLabel('Lead', { exact: true }).focus();
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Source of set appointment');
      await page.keyboard.type('SDR');
      await eventually(() => dialog.getByLabel('Source of set appointment').inputValue()).toBe('sdr_booked_call');
      await screenshot(page, 'call-form');

      // Override: the organic option, chosen by keyboard on the focused select.
      await dialog.getByTestId('source-override').focus();
      await page.keyboard.type('Organic');
      await eventually(() => dialog.getByTestId('source-override').inputValue()).toBe('organic');
      await eventually(() => dialog.getByTestId('suggested-source').textContent()).toBe('Organic');
      await expect(dialog.getByTestId('suggestion-reason').textContent()).resolves.toMatch(/Rules would say Meta ads/);

      await dialog.getByLabel('Duration in minutes').focus();
      await page.keyboard.type('25');
      await page.keyboard.press('Control+Enter');
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(/Call logged for/).waitFor();
    });
    const rows = h().ctx.db.sqlite.prepare('SELECT * FROM calls WHERE contact_id = ? ORDER BY created_at DESC').all(target.id) as Record<string, unknown>[];
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({
      lead_id: target.lead_id,
      crm_stage: 'scheduled',
      traffic_source: 'organic',
      traffic_source_overridden: 1,
      traffic_source_reason: 'Set by hand to organic',
      source_of_set_appointment: 'sdr_booked_call',
      utm_source: 'facebook',
      duration_seconds: 1500,
    });
  });

  it('shows field errors next to their field and saves nothing', async () => {
    const target = metaContact();
    const count = () => h().ctx.db.sqlite.prepare('SELECT count(*) FROM calls').pluck().get() as number;
    const before = count();
    await withConsole(h(), async (page) => {
      await page.keyboard.press('c');
      const dialog = page.getByRole('dialog', { name: 'Log a call' });
      await dialog.getByTestId('save-call').click();
      await eventually(() => dialog.getByRole('alert').first().textContent()).toMatch(/choose a contact or create one/);
      await dialog.getByTestId('contact-search').fill(target.contact_code);
      await dialog.getByRole('listbox').getByRole('option').first().click();
      await dialog.getByLabel('Duration in minutes').fill('-5');
      await dialog.getByTestId('save-call').click();
      await eventually(() => dialog.locator('.field-invalid .field-error').first().textContent()).toMatch(/must not be negative/);
      await screenshot(page, 'call-form-errors');
    });
    expect(count()).toBe(before);
  });

  it('lists the call in the Calls grid; its drawer moves it by key and records the event', async () => {
    const ws = h().workspaceId;
    const call = h().ctx.db.sqlite.prepare("SELECT id FROM calls WHERE workspace_id = ? AND crm_stage = 'scheduled' AND deleted_at IS NULL ORDER BY scheduled_at DESC LIMIT 1").get(ws) as { id: string };
    await withConsole(h(), async (page) => {
      await page.keyboard.press('g');
      await page.keyboard.press('c');
      await page.locator('[data-testid="calls-grid"] .ag-row[row-id]').first().waitFor();
      const total = Number((await page.getByTestId('calls-total').textContent())!.replace(/\D/g, ''));
      expect(total).toBe(h().ctx.db.sqlite.prepare('SELECT count(*) FROM calls WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(ws));
      await page.getByTestId('stage-chip-scheduled').click();
      await page.locator(`.ag-row[row-id="${call.id}"] [col-id="contactName"]`).first().click();
      const drawer = page.getByTestId('call-drawer');
      await drawer.waitFor();
      // The stage keys work once the call's details are in the drawer, and with the focus out of
      // the grid (where a digit would start editing the focused cell instead).
      await eventually(() => drawer.locator('h2').textContent()).not.toBe('Loading…');
      await drawer.locator('h2').click();
      await page.keyboard.press('3');
      await eventually(() => h().ctx.db.sqlite.prepare('SELECT crm_stage FROM calls WHERE id = ?').pluck().get(call.id)).toBe('completed');
      await eventually(() => drawer.getByTestId('call-events').locator('li').first().textContent()).toMatch(/Stage: Scheduled → Completed/);
      await screenshot(page, 'calls-drawer');
    });
  });
});

describe('workspace-defined traffic rules', () => {
  it('an admin adds a source and a rule in Settings, and the call form uses it at once', async () => {
    await withConsole(h(), async (page) => {
      await page.keyboard.press('g');
      await page.keyboard.press(',');
      const card = page.getByTestId('traffic-rules');
      await card.waitFor();
      await card.getByRole('button', { name: '+ Add source' }).click();
      const keys = card.getByLabel('Source key');
      await keys.last().fill('google');
      await card.getByLabel('Source label').last().fill('Google Ads');
      await card.getByRole('button', { name: '+ Add rule' }).click();
      const rules = await card.locator('.rules-table tbody tr').count();
      await card.getByLabel(`Field of rule ${rules}`).selectOption('utmSource');
      await card.getByLabel(`Match of rule ${rules}`).selectOption('equals');
      await card.getByLabel(`Value of rule ${rules}`).fill('google, adwords');
      await card.getByLabel(`Source of rule ${rules}`).selectOption('google');
      await card.getByLabel(`Priority of rule ${rules}`).fill('15');
      // The sample tester answers before saving.
      await card.getByLabel('Sample utm_source').fill('AdWords');
      await eventually(() => card.getByTestId('rule-test-result').textContent()).toMatch(/Google Ads.*utm_source is "AdWords" → google/);
      await screenshot(page, 'settings-traffic-rules');
      await card.getByTestId('save-traffic').click();
      await page.getByText(/Traffic sources and rules saved/).waitFor();
      const saved = h().ctx.db.sqlite.prepare('SELECT traffic_sources, traffic_rules FROM workspace_settings WHERE workspace_id = ?').get(h().workspaceId) as { traffic_sources: string; traffic_rules: string };
      expect(JSON.parse(saved.traffic_sources).map((s: { key: string }) => s.key)).toContain('google');
      expect(JSON.parse(saved.traffic_rules)).toContainEqual(expect.objectContaining({ field: 'utmSource', value: 'google, adwords', source: 'google', priority: 15 }));

      // The call form now suggests Google Ads for Google-tagged evidence.
      await page.keyboard.press('c');
      const dialog = page.getByRole('dialog', { name: 'Log a call' });
      await dialog.getByTestId('contact-search').fill('Fresh Prospect');
      await dialog.getByRole('listbox').getByRole('option', { name: /New contact/ }).click();
      await dialog.getByLabel('UTM source').fill('google');
      await eventually(() => dialog.getByTestId('suggested-source').textContent()).toBe('Google Ads');
      await expect(dialog.getByTestId('suggestion-reason').textContent()).resolves.toMatch(/utm_source is "google" → google/);
      await page.keyboard.press('Control+Enter');
      await dialog.waitFor({ state: 'detached' });
    });
    const call = h().ctx.db.sqlite.prepare("SELECT c.traffic_source FROM calls c JOIN contacts p ON p.id = c.contact_id WHERE p.first_name = 'Fresh' AND p.last_name = 'Prospect'").get() as { traffic_source: string };
    expect(call.traffic_source).toBe('google');
  });
});
