// RFM lead scoring in Chromium against the headless host: the dashboard's segment breakdown against
// the database, its live update after a won call (a new conversion scores its contact), the drill
// into the leads grid, and editing the thresholds in Settings (checked as typed, saved, re-scored,
// reset).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

/** Contacts per segment as the database has them; live contacts without a row are cold. */
type Counts = { hot: number; warm: number; cool: number; cold: number };

function dbSegments(): Counts {
  const db = h().ctx.db.sqlite;
  const rows = db.prepare('SELECT segment, count(*) AS n FROM contact_rfm WHERE workspace_id = ? GROUP BY segment').all(h().workspaceId) as { segment: string; n: number }[];
  const live = db.prepare('SELECT count(*) FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(h().workspaceId) as number;
  const out: Counts = { hot: 0, warm: 0, cool: 0, cold: 0 };
  for (const r of rows) out[r.segment as keyof Counts] = r.n;
  out.cold += live - rows.reduce((s, r) => s + r.n, 0);
  return out;
}

async function shownSegments(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of ['hot', 'warm', 'cool', 'cold']) out[s] = Number(((await page.getByTestId(`segment-open-${s}`).textContent()) ?? '').replace(/,/g, ''));
  return out;
}

async function go(page: Page, screen: string, heading: string): Promise<void> {
  await page.locator('nav[aria-label="Main"] a', { hasText: screen }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('RFM lead scoring', () => {
  it('shows contacts per segment as the database has them, updates live after a sale, and opens the leads of a segment', async () => {
    const before = dbSegments();
    // The demo seed ends with scores computed, so the dashboard has more than cold contacts.
    expect(before.hot + before.warm + before.cool).toBeGreaterThan(0);
    await withConsole(h(), async (page) => {
      await go(page, 'Analytics', 'Analytics');
      const panel = page.getByTestId('segment-breakdown');
      await panel.scrollIntoViewIfNeeded();
      await eventually(() => shownSegments(page)).toEqual(before);
      expect(await page.getByTestId('segment-table').locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['24–30', '18–23', '12–17', '6–11']);
      await screenshot(page, 'analytics-lead-scoring');

      // A cold contact's scheduled call is won for $1,500: R 5, F 2, M 5 = 24, hot.
      const callId = h()
        .ctx.db.sqlite.prepare(
          `SELECT c.id FROM calls c WHERE c.workspace_id = ? AND c.crm_stage = 'scheduled' AND c.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM contact_rfm r WHERE r.contact_id = c.contact_id) ORDER BY c.id LIMIT 1`,
        )
        .pluck()
        .get(h().workspaceId) as string;
      expect(callId).toBeTruthy();
      const won = await h().dispatcher.call('calls.changeStage', { id: callId, to: 'closed_won', saleValueCents: 150_000 });
      expect(won.ok, won.ok ? '' : won.error.message).toBe(true);
      const after = { ...before, hot: before.hot + 1, cold: before.cold - 1 };
      await eventually(() => dbSegments()).toEqual(after);
      await eventually(() => shownSegments(page)).toEqual(after);

      // Keyboard: the count is a button; Enter opens the leads grid.
      await page.getByTestId('segment-open-hot').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/leads');
    });
  });

  it('edits the thresholds in Settings: checked as typed, saved and re-scored, then reset to the seed', async () => {
    await withConsole(h(), async (page) => {
      await go(page, 'Settings', 'Settings');
      const card = page.getByTestId('rfm-settings');
      await card.scrollIntoViewIfNeeded();
      await expect(card.getByTestId('rfm-segment-preview').textContent()).resolves.toBe('Hot 24–30 · Warm 18–23 · Cool 12–17 · Cold 6–11');

      // Warm above Hot: the field says why, and Save is not offered.
      await card.getByTestId('rfm-segment-warm').fill('25');
      await eventually(() => card.getByRole('alert').allTextContents()).toContain('Hot from (24) must be more than Warm from (25), or no score is warm');
      expect(await card.getByTestId('rfm-save').isDisabled()).toBe(true);
      // An amount that is not money.
      await card.getByTestId('rfm-monetaryMinCents-3').fill('two hundred');
      await eventually(() => card.getByRole('alert').allTextContents()).toContain('M 3: enter an amount in dollars, like 50 or 49.99');
      await card.getByTestId('rfm-monetaryMinCents-3').fill('150');

      await card.getByTestId('rfm-segment-hot').fill('26');
      await card.getByTestId('rfm-segment-warm').fill('20');
      await eventually(() => card.getByTestId('rfm-segment-preview').textContent()).toBe('Hot 26–30 · Warm 20–25 · Cool 12–19 · Cold 6–11');
      expect(await card.getByRole('alert').count()).toBe(0);
      await screenshot(page, 'settings-rfm-scoring');
      await card.getByTestId('rfm-save').click();
      await page.getByText('RFM thresholds saved; every contact was re-scored.').waitFor();

      const db = h().ctx.db.sqlite;
      const stored = JSON.parse(db.prepare('SELECT rfm_thresholds FROM workspace_settings WHERE workspace_id = ?').pluck().get(h().workspaceId) as string) as {
        rfm: { monetaryMinCents: Record<string, number> };
        segments: Record<string, number>;
      };
      expect(stored.segments).toEqual({ hot: 26, warm: 20, cool: 12 });
      expect(stored.rfm.monetaryMinCents['3']).toBe(15_000);
      // Every scored contact now follows the new cuts.
      const wrong = db
        .prepare(`SELECT count(*) FROM contact_rfm WHERE workspace_id = ? AND segment <> CASE WHEN score >= 26 THEN 'hot' WHEN score >= 20 THEN 'warm' WHEN score >= 12 THEN 'cool' ELSE 'cold' END`)
        .pluck()
        .get(h().workspaceId);
      expect(wrong).toBe(0);
      expect(db.prepare("SELECT count(*) FROM outbox WHERE table_name = 'workspace_settings'").pluck().get()).toBeGreaterThan(0);

      await card.getByTestId('rfm-reset').click();
      await page.getByText('Back to the seed thresholds; every contact was re-scored.').waitFor();
      await eventually(() => card.getByTestId('rfm-segment-preview').textContent()).toBe('Hot 24–30 · Warm 18–23 · Cool 12–17 · Cold 6–11');
      expect(db.prepare('SELECT rfm_thresholds FROM workspace_settings WHERE workspace_id = ?').pluck().get(h().workspaceId)).toBeNull();
      expect(await card.getByTestId('rfm-reset').count()).toBe(0);
    });
  });
});
