// The leads console in a real Chromium against the headless host: the grid, quick search, sorting,
// the lead drawer (mouse and keyboard), a status change end to end, the status chip and the dark
// theme. Expected rows come from the same SQLite file the host serves, never from constants.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../db/import/csv-parse';
import { pendingChangeCount } from '../../db/write';
import { eventually, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

interface GridRow {
  id: string;
  index: number;
  firstName: string;
  lastName: string;
  email: string;
  status: string;
}

/** The rows ag-grid has rendered (loaded ones only), in display order. */
async function gridRows(page: Page): Promise<GridRow[]> {
  const rows = await page.$$eval('.ag-row[row-id]:not(.ag-row-loading)', (els) =>
    els.map((el) => {
      const cell = (col: string) => el.querySelector(`[col-id="${col}"]`)?.textContent?.trim() ?? '';
      return {
        id: el.getAttribute('row-id') ?? '',
        index: Number(el.getAttribute('row-index')),
        firstName: cell('firstName'),
        lastName: cell('lastName'),
        email: cell('email'),
        status: cell('status'),
      };
    }),
  );
  return rows.sort((a, b) => a.index - b.index);
}

const rowIds = async (page: Page) => (await gridRows(page)).map((r) => r.id);

/** The "919 leads" / "12 matching leads" line, whitespace collapsed. */
async function totalText(page: Page): Promise<string> {
  return ((await page.getByTestId('leads-total').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

function countLabel(n: number, matching: boolean): string {
  return `${n.toLocaleString('en-US')} ${matching ? 'matching ' : ''}lead${n === 1 ? '' : 's'}`;
}

// --- what the database says --------------------------------------------------------------------

function dbIds(where: string, params: unknown[], orderBy: string, limit = 200): string[] {
  return h().ctx.db.sqlite
    .prepare(`SELECT id FROM leads WHERE workspace_id = ? AND deleted_at IS NULL ${where} ORDER BY ${orderBy} LIMIT ?`)
    .pluck()
    .all(h().workspaceId, ...params, limit) as string[];
}

function dbCount(where = '', params: unknown[] = []): number {
  return h().ctx.db.sqlite
    .prepare(`SELECT count(*) FROM leads WHERE workspace_id = ? AND deleted_at IS NULL ${where}`)
    .pluck()
    .get(h().workspaceId, ...params) as number;
}

function dbLead(id: string): { firstName: string; lastName: string; status: string } {
  return h().ctx.db.sqlite
    .prepare('SELECT first_name AS firstName, last_name AS lastName, status FROM leads WHERE id = ?')
    .get(id) as { firstName: string; lastName: string; status: string };
}

function dbEventCount(leadId: string): number {
  return h().ctx.db.sqlite.prepare('SELECT count(*) FROM lead_events WHERE lead_id = ? AND deleted_at IS NULL').pluck().get(leadId) as number;
}

/** Asserts the rendered rows are exactly the first rows of `expected`, and that enough rendered. */
async function expectRowsToBePrefixOf(page: Page, expected: string[], atLeast = 10): Promise<void> {
  await eventually(async () => {
      const ids = await rowIds(page);
      return ids.length >= Math.min(atLeast, expected.length) && ids.every((id, i) => id === expected[i]);
    })
    .toBe(true);
}

async function openDrawerAndWaitForName(page: Page, expectedName: string): Promise<void> {
  const drawer = page.getByTestId('lead-drawer');
  await drawer.waitFor();
  await eventually(() => drawer.getByTestId('drawer-name').textContent()).toBe(expectedName);
}

describe('leads console', () => {
  it('lists the workspace’s newest leads with the total count', async () => {
    await withConsole(h(), async (page) => {
      const all = dbCount();
      expect(all).toBeGreaterThan(100);
      await eventually(() => totalText(page)).toBe(countLabel(all, false));
      expect(await totalText(page)).toMatch(/^[\d,]+ leads$/);
      // Default order: newest first, as the database orders it.
      await expectRowsToBePrefixOf(page, dbIds('', [], 'created_at DESC, id DESC'));
      await screenshot(page, 'leads-grid');
    });
  });

  it('quick search shows only matching leads, and clearing it brings every lead back', async () => {
    // A last name held by a handful of leads, so every match fits on screen.
    const picked = h().ctx.db.sqlite
      .prepare(
        `SELECT last_name FROM leads WHERE workspace_id = ? AND deleted_at IS NULL
         GROUP BY last_name HAVING count(*) BETWEEN 3 AND 15 ORDER BY count(*) DESC, last_name LIMIT 1`,
      )
      .pluck()
      .get(h().workspaceId) as string | undefined;
    expect(picked, 'the demo set should have a last name with 3–15 leads').toBeTruthy();
    const lastName = picked!;
    const expected = await h().dispatcher.call('leads.page', { workspaceId: h().workspaceId, search: lastName, limit: 500, includeTotal: true });
    if (!expected.ok) throw new Error(expected.error.message);
    const expectedPage = expected.value as { rows: { id: string }[]; total: number };
    expect(expectedPage.total).toBeGreaterThanOrEqual(dbCount('AND last_name = ?', [lastName]));

    await withConsole(h(), async (page) => {
      const search = page.getByLabel('Search leads');
      await search.fill(lastName);
      await eventually(() => totalText(page)).toBe(countLabel(expectedPage.total, true));
      await eventually(async () => (await rowIds(page)).sort()).toEqual(expectedPage.rows.map((r) => r.id).sort());
      const term = lastName.toLowerCase();
      for (const row of await gridRows(page)) {
        const haystack = `${row.firstName} ${row.lastName} ${row.email}`.toLowerCase();
        expect(haystack, `row ${row.id} should match "${lastName}"`).toContain(term);
      }
      await screenshot(page, 'leads-search');

      await search.fill('');
      await eventually(() => totalText(page)).toBe(countLabel(dbCount(), false));
      await expectRowsToBePrefixOf(page, dbIds('', [], 'created_at DESC, id DESC'));
    });
  });

  it('sorts by last name from the column header', async () => {
    await withConsole(h(), async (page) => {
      const header = page.locator('.ag-header-cell[col-id="lastName"]');
      await header.locator('.ag-header-cell-label').click();
      await eventually(() => header.getAttribute('aria-sort')).toBe('ascending');
      // The grid must show the database's own ORDER BY (binary collation, id as tie-break).
      await expectRowsToBePrefixOf(page, dbIds('', [], 'last_name ASC, id ASC'));
      const names = (await gridRows(page)).map((r) => r.lastName);
      for (let i = 1; i < names.length; i++) expect(names[i - 1]! <= names[i]!, `${names[i - 1]} before ${names[i]}`).toBe(true);
    });
  });

  it('opens a lead from a click and from the keyboard, and Escape closes it', async () => {
    await withConsole(h(), async (page) => {
      const drawer = page.getByTestId('lead-drawer');
      const rows = await gridRows(page);
      expect(rows.length).toBeGreaterThan(5);

      // Mouse: click a row.
      const clicked = rows[2]!;
      await page.locator(`.ag-row[row-id="${clicked.id}"] [col-id="lastName"]`).click();
      const lead = dbLead(clicked.id);
      await openDrawerAndWaitForName(page, `${lead.firstName} ${lead.lastName}`);
      expect(`${clicked.firstName} ${clicked.lastName}`).toBe(`${lead.firstName} ${lead.lastName}`);
      const events = drawer.getByTestId('lead-events').locator('li');
      await eventually(() => events.count()).toBe(dbEventCount(clicked.id));
      expect(await events.count()).toBeGreaterThan(0);
      expect(await events.last().textContent()).toContain('Lead created');
      await screenshot(page, 'lead-drawer');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });

      // Keyboard: focus a cell, move down a row with the arrow key, and press Enter.
      await page.locator(`.ag-row[row-id="${rows[4]!.id}"] [col-id="firstName"]`).focus();
      await page.keyboard.press('ArrowDown');
      const target = rows[5]!;
      await eventually(() =>
        page.locator(`.ag-row[row-id="${target.id}"] [col-id="firstName"]`).evaluate((el) => el === document.activeElement),
      ).toBe(true);
      await page.keyboard.press('Enter');
      const other = dbLead(target.id);
      await openDrawerAndWaitForName(page, `${other.firstName} ${other.lastName}`);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
    });
  });

  it('changing the status in the drawer adds a history entry and refreshes the grid', async () => {
    await withConsole(h(), async (page) => {
      const target = (await gridRows(page)).find((r) => r.status === 'New');
      expect(target, 'a rendered lead with status New').toBeDefined();
      const id = target!.id;
      expect(dbLead(id).status).toBe('new');
      const eventsBefore = dbEventCount(id);
      const outboxBefore = pendingChangeCount(h().ctx.db);

      await page.locator(`.ag-row[row-id="${id}"] [col-id="lastName"]`).click();
      const drawer = page.getByTestId('lead-drawer');
      await openDrawerAndWaitForName(page, `${target!.firstName} ${target!.lastName}`);
      const events = drawer.getByTestId('lead-events').locator('li');
      await eventually(() => events.count()).toBe(eventsBefore);

      await drawer.getByLabel('Lead status').selectOption('contacted');
      // The toast comes with the answer and goes after a few seconds: look for it first.
      await page.getByText('Status set to Contacted').waitFor();
      await eventually(() => events.count()).toBe(eventsBefore + 1);
      expect(await events.first().textContent()).toContain('Status: New → Contacted');

      // Saved through the write path: the row, its history and the outbox.
      expect(dbLead(id).status).toBe('contacted');
      expect(dbEventCount(id)).toBe(eventsBefore + 1);
      const outboxAfter = pendingChangeCount(h().ctx.db);
      expect(outboxAfter).toBeGreaterThan(outboxBefore);
      // The grid and the sync indicator hear about it over the event stream.
      const statusCell = page.locator(`.ag-row[row-id="${id}"] [col-id="status"]`);
      await eventually(async () => (await statusCell.textContent())?.trim()).toBe('Contacted');
      await eventually(() => page.getByTestId('pending-count').textContent()).toBe(`${outboxAfter.toLocaleString('en-US')} pending`);
    });
  });

  it('the status chip filters the grid to one status', async () => {
    await withConsole(h(), async (page) => {
      const qualified = dbCount('AND status = ?', ['qualified']);
      expect(qualified).toBeGreaterThan(0);
      const chip = page.getByTestId('status-filter');
      await chip.click();
      await page.getByRole('menuitemcheckbox', { name: 'Qualified', exact: true }).click();
      await page.keyboard.press('Escape');
      await eventually(() => chip.getAttribute('aria-expanded')).toBe('false');
      expect(((await chip.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('Qualified');

      await eventually(() => totalText(page)).toBe(countLabel(qualified, true));
      await expectRowsToBePrefixOf(page, dbIds('AND status = ?', ['qualified'], 'created_at DESC, id DESC'));
      const statuses = new Set((await gridRows(page)).map((r) => r.status));
      expect([...statuses]).toEqual(['Qualified']);

      // Export gives exactly the filtered leads, under the headers the Convio import preset reads.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-leads').click()]);
      const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
      const parsed = parseCsvText(csv, { delimiter: ',' });
      expect(parsed.header.slice(0, 5)).toEqual(['Lead ID', 'First name', 'Last name', 'Email', 'Phone']);
      expect(parsed.sink.rows.map((r) => r[0])).toEqual(dbIds('AND status = ?', ['qualified'], 'created_at DESC, id DESC', qualified));
    });
  });

  it('switches to the dark theme and keeps it after a reload', async () => {
    await withConsole(h(), async (page) => {
      const gridBackground = () =>
        page.locator('.ag-root-wrapper').first().evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(await gridBackground()).toBe('rgb(255, 255, 255)');
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await page.evaluate(() => document.body.dataset.agThemeMode)).toBe('dark');
      await eventually(gridBackground).toBe('rgb(20, 21, 25)');
      await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
      await screenshot(page, 'leads-dark');

      await page.reload();
      await page.locator('.ag-row[row-id]').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

      // The documented shortcut switches back.
      await page.keyboard.press('Control+Shift+L');
      await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      await eventually(gridBackground).toBe('rgb(255, 255, 255)');
    });
  });
});
