// Keyboard-first navigation in Chromium: the command palette (Ctrl+K), the shortcuts dialog (?)
// and a "g" sequence back to Leads.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../renderer/src/lib/commands';
import { eventually, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

const currentNav = (page: Page) => page.locator('nav[aria-label="Main"] a[aria-current="page"]').textContent();

describe('command palette and shortcuts', () => {
  it('Ctrl+K opens the palette; typing "settings" and Enter goes to Settings', async () => {
    await withConsole(h(), async (page) => {
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      expect(await palette.count()).toBe(0);
      await page.keyboard.press('Control+K');
      await palette.waitFor();
      const input = palette.getByLabel('Command', { exact: true });
      await eventually(() => input.evaluate((el) => el === document.activeElement)).toBe(true);

      await page.keyboard.type('settings');
      const active = palette.locator('[role="option"][aria-selected="true"]');
      await eventually(async () => (await active.locator('.palette-title').textContent())?.trim()).toBe('Go to Settings');
      await screenshot(page, 'command-palette');

      await page.keyboard.press('Enter');
      await palette.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/settings');
      expect(await currentNav(page)).toContain('Settings');

      // Escape closes a palette opened by mistake without running anything.
      await page.keyboard.press('Control+K');
      await palette.waitFor();
      await page.keyboard.press('Escape');
      await palette.waitFor({ state: 'detached' });
      expect(new URL(page.url()).hash).toBe('#/settings');
    });
  });

  it('? opens the shortcuts dialog, Escape closes it, and "g l" goes back to Leads', async () => {
    await withConsole(h(), async (page) => {
      await page.keyboard.press('g');
      await page.keyboard.press(',');
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      expect(await dialog.locator('tbody tr').count()).toBe(SHORTCUTS.length);
      expect(await dialog.textContent()).toContain('Open the command palette');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await page.keyboard.press('g');
      await page.keyboard.press('l');
      await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/leads');
      expect(await currentNav(page)).toContain('Leads');
      await page.locator('.ag-row[row-id]').first().waitFor();
    });
  });
});
