// Contact 360 in a real Chromium against the headless host: open a contact from the leads grid,
// see its timeline (checked against the API on the same database), filter it by kind, edit a field
// in place, merge a duplicate into it and undo the merge. Expected values come from the database.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TimelinePage } from '../../shared/api/contact360';
import { eventually, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

interface Rich {
  contactId: string;
  code: string;
  firstName: string;
  lastName: string;
  leadId: string;
}

/** A contact of the open workspace with a sale that has line items, calls and appointments. */
function richContact(): Rich {
  return h().ctx.db.sqlite
    .prepare(
      `SELECT c.id AS contactId, c.contact_code AS code, c.first_name AS firstName, c.last_name AS lastName,
              (SELECT id FROM leads WHERE contact_id = c.id AND deleted_at IS NULL ORDER BY created_at LIMIT 1) AS leadId
       FROM contacts c
       WHERE c.workspace_id = ? AND c.deleted_at IS NULL AND c.first_name <> '' AND c.last_name <> ''
         AND EXISTS (SELECT 1 FROM conversions v JOIN order_items i ON i.conversion_id = v.id WHERE v.contact_id = c.id)
         AND EXISTS (SELECT 1 FROM appointments a WHERE a.contact_id = c.id)
       ORDER BY (SELECT count(*) FROM calls k WHERE k.contact_id = c.id) DESC, c.id LIMIT 1`,
    )
    .get(h().workspaceId) as Rich;
}

async function apiTimeline(id: string, kinds?: string[]): Promise<TimelinePage> {
  const r = await h().dispatcher.call('contacts.timeline', { id, limit: 50, ...(kinds ? { kinds } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as TimelinePage;
}

const timelineIds = (page: Page) => page.getByTestId('contact-timeline-items').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));

/** From the grid: search the contact's code, open its lead, then "Open contact" in the drawer. */
async function openFromGrid(page: Page, rich: Rich): Promise<void> {
  await page.getByLabel('Search leads').fill(rich.code);
  const row = page.locator(`.ag-row[row-id="${rich.leadId}"] [col-id="lastName"]`);
  await row.click();
  await page.getByTestId('lead-drawer').getByTestId('drawer-open-contact').click();
  await eventually(() => page.getByTestId('contact-name').textContent()).toBe(`${rich.firstName} ${rich.lastName}`);
}

describe('contact 360', () => {
  it('opens a contact from the leads grid, shows its records and timeline, and filters it', async () => {
    const rich = richContact();
    expect(rich?.leadId, 'the demo set has a contact with a sale, items and an appointment').toBeTruthy();
    await withConsole(h(), async (page) => {
      await openFromGrid(page, rich);
      expect(page.url()).toContain(`#/contact/${rich.contactId}`);
      await expect.poll(() => page.getByTestId('contact-code').textContent()).toBe(rich.code);
      // Records: the sale with its products, the calls and appointments the database has.
      const sales = h().ctx.db.sqlite.prepare('SELECT count(*) FROM conversions WHERE contact_id = ? AND deleted_at IS NULL').pluck().get(rich.contactId) as number;
      await eventually(() => page.getByTestId('contact-conversions').getByTestId('conversion').count()).toBe(sales);
      const product = h().ctx.db.sqlite
        .prepare('SELECT p.product_name FROM order_items i JOIN conversions v ON v.id = i.conversion_id JOIN products p ON p.id = i.product_id WHERE v.contact_id = ? LIMIT 1')
        .pluck()
        .get(rich.contactId) as string;
      await expect.poll(() => page.getByTestId('contact-conversions').textContent()).toContain(product);
      // The timeline: the same items, in the same order, as the API gives for this database.
      const expected = await apiTimeline(rich.contactId);
      expect(expected.items.length).toBeGreaterThan(2);
      await eventually(() => timelineIds(page)).toEqual(expected.items.map((i) => i.id));
      await expect.poll(() => page.getByTestId('contact-timeline-items').locator('li').first().textContent()).toContain(expected.items[0]!.title);
      await screenshot(page, 'contact-360');

      // Only sales: every shown item is a sale event, exactly those the API lists.
      await page.getByTestId('kind-conversion').click();
      const sold = await apiTimeline(rich.contactId, ['conversion']);
      await eventually(() => timelineIds(page)).toEqual(sold.items.map((i) => i.id));
      const tags = await page.getByTestId('contact-timeline-items').locator('.timeline-tag').allTextContents();
      expect(new Set(tags)).toEqual(new Set(['Sales']));
      await page.getByTestId('kind-call').click();
      const salesAndCalls = await apiTimeline(rich.contactId, ['conversion', 'call']);
      await eventually(() => timelineIds(page)).toEqual(salesAndCalls.items.map((i) => i.id));
      await screenshot(page, 'contact-timeline-filtered');
      await page.getByTestId('kind-all').click();
      await eventually(() => timelineIds(page)).toEqual(expected.items.map((i) => i.id));
    });
  });

  it('edits a field in place with the keyboard, then merges a duplicate and undoes the merge', async () => {
    const rich = richContact();
    // A second record of the same person (same full name, its own email, so dedup kept it apart).
    const dupEmail = `${rich.firstName}.${rich.lastName}.e2e@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    const dup = await h().dispatcher.call('leads.create', { workspaceId: h().workspaceId, contact: { firstName: rich.firstName, lastName: rich.lastName, email: dupEmail }, lead: { leadType: 'hvac', source: 'referral' } });
    if (!dup.ok) throw new Error(dup.error.message);
    const dupContact = (dup.value as { contact: { id: string; contactCode: string } }).contact;
    const leadsOf = (id: string) => h().ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE contact_id = ? AND deleted_at IS NULL').pluck().get(id) as number;
    const before = { mine: leadsOf(rich.contactId), dup: leadsOf(dupContact.id) };

    await withConsole(h(), async (page) => {
      await openFromGrid(page, rich);

      // Edit in place: Escape cancels, Enter saves (normalized by the backend, recorded on the timeline).
      const city = page.getByTestId('field-city');
      const was = (h().ctx.db.sqlite.prepare('SELECT city FROM contacts WHERE id = ?').pluck().get(rich.contactId) as string) || '';
      await city.getByTestId('edit-city').click();
      await city.getByLabel('City').fill('nowhere');
      await city.getByLabel('City').press('Escape');
      await expect.poll(() => city.textContent()).toContain(was || 'Add city');
      await city.getByTestId('edit-city').press('Enter');
      await city.getByLabel('City').fill('  springfield ');
      await city.getByLabel('City').press('Enter');
      await eventually(() => h().ctx.db.sqlite.prepare('SELECT city FROM contacts WHERE id = ?').pluck().get(rich.contactId)).toBe('Springfield');
      await expect.poll(() => city.textContent()).toContain('Springfield');
      await expect.poll(() => page.getByTestId('contact-timeline-items').locator('li').first().textContent()).toContain('Contact details edited');
      await expect.poll(() => page.getByTestId('contact-timeline-items').locator('li').first().textContent()).toContain('Springfield');

      // Merge: the duplicate is offered (same full name), previewed side by side, then merged in.
      await page.getByTestId('open-merge').click();
      const candidate = page.locator(`[data-testid="merge-candidate"][data-id="${dupContact.id}"]`);
      await candidate.click();
      const preview = page.getByTestId('merge-preview');
      await expect.poll(() => page.getByTestId('merge-moves').textContent()).toContain(`Moves ${before.dup} lead${before.dup === 1 ? '' : 's'}`);
      await expect.poll(() => preview.textContent()).toContain(dupEmail);
      await screenshot(page, 'contact-merge-preview');
      await page.getByTestId('merge-confirm').click();
      await eventually(() => h().ctx.db.sqlite.prepare('SELECT merged_into_id FROM contacts WHERE id = ?').pluck().get(dupContact.id)).toBe(rich.contactId);
      expect(leadsOf(rich.contactId)).toBe(before.mine + before.dup);
      expect(leadsOf(dupContact.id)).toBe(0);
      await expect.poll(() => page.getByTestId('contact-timeline-items').locator('li').first().textContent()).toContain(`Merged ${rich.firstName} ${rich.lastName} (#${dupContact.contactCode}) into this contact`);
      await expect.poll(() => page.getByTestId('contact-merges').textContent()).toContain(`#${dupContact.contactCode}`);
      await screenshot(page, 'contact-merged');

      // Undo from the timeline: the duplicate comes back with its lead.
      await page.getByTestId('timeline-undo-merge').first().click();
      await eventually(() => h().ctx.db.sqlite.prepare('SELECT deleted_at IS NULL AND merged_into_id IS NULL FROM contacts WHERE id = ?').pluck().get(dupContact.id)).toBe(1);
      expect(leadsOf(rich.contactId)).toBe(before.mine);
      expect(leadsOf(dupContact.id)).toBe(before.dup);
      await expect.poll(() => page.getByTestId('contact-timeline-items').locator('li').first().textContent()).toMatch(/Merge undone/);
      await expect.poll(() => page.getByTestId('timeline-undo-merge').count()).toBe(0);
      await screenshot(page, 'contact-merge-undone');
    });
  });
});
