// The pipeline board in a real Chromium against the headless host: column totals against the
// database for a date preset and for all time, a drag and drop move, keyboard moves (focus follows
// the card), and closing a deal through the sale-value dialog. Expected numbers come from the
// SQLite file the host serves.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CRM_STAGES, type CrmStage } from '../../shared/domain/crm-stage';
import { addDays, localDay } from '../../shared/domain/dates';
import { actingAs, CLOCK_START, eventually, firstSdr, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

type Counts = Record<CrmStage, number>;

// --- what the database says --------------------------------------------------------------------

function dbCounts(fromDay?: string): Counts {
  const rows = h()
    .ctx.db.sqlite.prepare(
      `SELECT crm_stage AS stage, count(*) AS n FROM calls
       WHERE workspace_id = ? AND deleted_at IS NULL ${fromDay ? 'AND call_day >= ?' : ''} GROUP BY crm_stage`,
    )
    .all(h().workspaceId, ...(fromDay ? [fromDay] : [])) as { stage: CrmStage; n: number }[];
  const counts = Object.fromEntries(CRM_STAGES.map((s) => [s, 0])) as Counts;
  for (const r of rows) counts[r.stage] = r.n;
  return counts;
}

function dbCall(id: string): { stage: CrmStage; saleValueCents: number | null } {
  return h().ctx.db.sqlite.prepare('SELECT crm_stage AS stage, sale_value_cents AS saleValueCents FROM calls WHERE id = ?').get(id) as { stage: CrmStage; saleValueCents: number | null };
}

function dbStage(id: string): CrmStage {
  return dbCall(id).stage;
}

/** The first day of the board's default preset (last 30 days) in the workspace's own zone. */
function thirtyDaysFrom(): string {
  const tz = h().ctx.db.sqlite.prepare('SELECT timezone FROM workspaces WHERE id = ?').pluck().get(h().workspaceId) as string;
  return addDays(localDay(CLOCK_START, tz), -29);
}

// --- what the board shows ----------------------------------------------------------------------

const column = (page: Page, stage: CrmStage) => page.locator(`[data-testid="board-column"][data-stage="${stage}"]`);
const cardsIn = (page: Page, stage: CrmStage) => column(page, stage).getByTestId('board-card');
const cardById = (page: Page, id: string) => page.locator(`[data-testid="board-card"][data-call-id="${id}"]`);

async function boardTotals(page: Page): Promise<Counts> {
  const counts = {} as Counts;
  for (const stage of CRM_STAGES) {
    const text = (await column(page, stage).getByTestId('column-total').textContent()) ?? '';
    counts[stage] = Number(text.replace(/[^\d]/g, ''));
  }
  return counts;
}

async function focusedCard(page: Page): Promise<{ id: string | null; stage: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.dataset.testid === 'board-card' ? { id: el.dataset.callId ?? null, stage: el.closest<HTMLElement>('[data-testid="board-column"]')?.dataset.stage ?? null } : { id: null, stage: null };
  });
}

async function openPipeline(page: Page, range?: 'All time'): Promise<void> {
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
  expect(new URL(page.url()).hash).toBe('#/pipeline');
  if (range) await page.getByRole('group', { name: 'Date range' }).getByRole('button', { name: range }).click();
  await page.getByTestId('board-card').first().waitFor();
  await eventually(() => page.locator('.board.is-stale').count()).toBe(0);
}

async function cardIds(page: Page, stage: CrmStage): Promise<string[]> {
  return cardsIn(page, stage).evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.callId ?? ''));
}

describe('pipeline board', () => {
  it('shows a column per stage whose totals match the database, for the last 30 days and for all time', async () => {
    await withConsole(h(), async (page) => {
      await openPipeline(page);
      const columns = page.getByTestId('board-column');
      expect(await columns.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.stage))).toEqual([...CRM_STAGES]);

      const recent = dbCounts(thirtyDaysFrom());
      expect(recent.scheduled, 'the demo set has upcoming calls').toBeGreaterThan(0);
      await eventually(() => boardTotals(page)).toEqual(recent);
      // Each column shows its most recently scheduled calls, never more than its total.
      for (const stage of CRM_STAGES) {
        const shown = await cardsIn(page, stage).count();
        expect(shown).toBe(Math.min(recent[stage], 50));
        if (recent[stage] === 0) await column(page, stage).getByTestId('column-empty').waitFor();
      }
      const first = cardsIn(page, 'scheduled').first();
      expect(await first.getAttribute('aria-label')).toMatch(/, contact \d+, Scheduled, /);
      await screenshot(page, 'pipeline-board');

      await page.getByRole('group', { name: 'Date range' }).getByRole('button', { name: 'All time' }).click();
      const all = dbCounts();
      expect(Object.values(all).reduce((a, b) => a + b, 0)).toBeGreaterThan(Object.values(recent).reduce((a, b) => a + b, 0));
      await eventually(() => boardTotals(page)).toEqual(all);
      await eventually(() => page.getByTestId('board-total').textContent()).toContain(`${Object.values(all).reduce((a, b) => a + b, 0).toLocaleString('en-US')} calls`);
      // Won cards carry their sale value.
      expect(await cardsIn(page, 'closed_won').first().getByTestId('card-sale').textContent()).toMatch(/\$[\d,]+\.\d{2}/);
    });
  });

  it('dragging a scheduled card onto another column moves it, highlights the target and updates both totals', async () => {
    await withConsole(h(), async (page) => {
      await openPipeline(page, 'All time');
      const before = dbCounts();
      await eventually(() => boardTotals(page)).toEqual(before);
      const card = cardsIn(page, 'scheduled').first();
      const id = (await card.getAttribute('data-call-id'))!;
      expect(dbStage(id)).toBe('scheduled');

      await card.dragTo(column(page, 'completed'));
      await eventually(() => dbStage(id)).toBe('completed');
      await page.getByText(/moved to Completed/).waitFor();
      const after = { ...before, scheduled: before.scheduled - 1, completed: before.completed + 1 };
      expect(dbCounts()).toEqual(after);
      await eventually(() => boardTotals(page)).toEqual(after);
      await cardById(page, id).and(cardsIn(page, 'completed')).waitFor();
      expect(await cardIds(page, 'scheduled')).not.toContain(id);

      // Step by step with the mouse: the column under the pointer is highlighted as the target.
      const next = cardsIn(page, 'scheduled').first();
      const nextId = (await next.getAttribute('data-call-id'))!;
      await next.hover();
      await page.mouse.down();
      const box = (await column(page, 'no_show').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + 300, { steps: 8 });
      // Chromium fires dragover on the move after the one that entered an element.
      await page.mouse.move(box.x + box.width / 2 + 2, box.y + 302);
      await page.mouse.move(box.x + box.width / 2 + 4, box.y + 304);
      await eventually(() => column(page, 'no_show').getAttribute('class')).toContain('drop-target');
      expect(await column(page, 'completed').getAttribute('class')).not.toContain('drop-target');
      expect(await cardById(page, nextId).getAttribute('class')).toContain('is-dragging');
      await screenshot(page, 'pipeline-drag');
      await page.mouse.up();
      await eventually(() => dbStage(nextId)).toBe('no_show');
      await eventually(() => boardTotals(page)).toEqual({ ...after, scheduled: after.scheduled - 1, no_show: after.no_show + 1 });
      expect(await page.locator('.drop-target').count()).toBe(0);
    });
  });

  it('moves a focused card with Shift+Arrow and number keys, focus following it, and Enter opens it', async () => {
    await withConsole(h(), async (page) => {
      await openPipeline(page, 'All time');
      const before = dbCounts();
      await eventually(() => boardTotals(page)).toEqual(before);
      const scheduled = await cardIds(page, 'scheduled');
      expect(scheduled.length).toBeGreaterThan(2);

      // Arrow keys walk the column.
      await cardById(page, scheduled[0]!).focus();
      await page.keyboard.press('ArrowDown');
      await eventually(() => focusedCard(page)).toEqual({ id: scheduled[1], stage: 'scheduled' });
      const id = scheduled[1]!;

      await page.keyboard.press('Shift+ArrowRight');
      await eventually(() => dbStage(id)).toBe('in_progress');
      await eventually(() => focusedCard(page)).toEqual({ id, stage: 'in_progress' });
      await eventually(() => boardTotals(page)).toEqual({ ...before, scheduled: before.scheduled - 1, in_progress: before.in_progress + 1 });

      // 4 is the fourth stage, No-show; Shift+ArrowLeft goes back one, to Completed.
      await page.keyboard.press('4');
      await eventually(() => dbStage(id)).toBe('no_show');
      await eventually(() => focusedCard(page)).toEqual({ id, stage: 'no_show' });
      await page.keyboard.press('Shift+ArrowLeft');
      await eventually(() => dbStage(id)).toBe('completed');
      await eventually(() => focusedCard(page)).toEqual({ id, stage: 'completed' });
      const after = { ...before, scheduled: before.scheduled - 1, completed: before.completed + 1 };
      expect(dbCounts()).toEqual(after);
      await eventually(() => boardTotals(page)).toEqual(after);

      // ArrowLeft from Completed lands in the nearest column to the left that has cards.
      await page.keyboard.press('ArrowLeft');
      await eventually(async () => (await focusedCard(page)).stage).toMatch(/^(in_progress|scheduled)$/);

      await page.keyboard.press('Enter');
      await eventually(() => new URL(page.url()).hash).toBe('#/calls');
    });
  });

  it('moving a card to Closed won asks for the sale value and records a conversion', async () => {
    await withConsole(h(), async (page) => {
      await openPipeline(page, 'All time');
      const before = dbCounts();
      await eventually(() => boardTotals(page)).toEqual(before);
      const id = (await cardsIn(page, 'completed').first().getAttribute('data-call-id'))!;
      const conversions = () => h().ctx.db.sqlite.prepare('SELECT value_cents AS valueCents FROM conversions WHERE call_id = ? AND deleted_at IS NULL').all(id) as { valueCents: number }[];
      expect(conversions()).toEqual([]);

      await cardById(page, id).focus();
      await page.keyboard.press('5');
      const dialog = page.getByRole('dialog', { name: 'Close the deal' });
      await dialog.waitFor();
      const value = dialog.getByTestId('sale-value');
      await eventually(() => value.evaluate((el) => el === document.activeElement)).toBe(true);
      await value.fill('12,345.67');
      await screenshot(page, 'pipeline-won-dialog');
      await dialog.getByTestId('confirm-stage').click();
      await dialog.waitFor({ state: 'detached' });

      await eventually(() => dbCall(id)).toEqual({ stage: 'closed_won', saleValueCents: 1_234_567 });
      expect(conversions()).toEqual([{ valueCents: 1_234_567 }]);
      const after = { ...before, completed: before.completed - 1, closed_won: before.closed_won + 1 };
      await eventually(() => boardTotals(page)).toEqual(after);
      const won = cardById(page, id).and(cardsIn(page, 'closed_won'));
      await eventually(() => won.getByTestId('card-sale').textContent()).toContain('$12,345.67');
      await eventually(() => focusedCard(page)).toEqual({ id, stage: 'closed_won' });
    });
  });

  it('the rep and source filters narrow every column to what the database holds', async () => {
    const from = thirtyDaysFrom();
    const rep = h().ctx.db.sqlite
      .prepare(
        `SELECT rep_user_id AS id, (SELECT display_name FROM users u WHERE u.id = rep_user_id) AS name FROM calls
         WHERE workspace_id = ? AND deleted_at IS NULL AND call_day >= ? AND rep_user_id IS NOT NULL
         GROUP BY rep_user_id ORDER BY count(*) DESC, rep_user_id LIMIT 1`,
      )
      .get(h().workspaceId, from) as { id: string; name: string };
    const counts = (extra: string, params: unknown[]) => {
      const rows = h()
        .ctx.db.sqlite.prepare(`SELECT crm_stage AS stage, count(*) AS n FROM calls WHERE workspace_id = ? AND deleted_at IS NULL AND call_day >= ? ${extra} GROUP BY crm_stage`)
        .all(h().workspaceId, from, ...params) as { stage: CrmStage; n: number }[];
      const out = Object.fromEntries(CRM_STAGES.map((st) => [st, 0])) as Counts;
      for (const r of rows) out[r.stage] = r.n;
      return out;
    };
    await withConsole(h(), async (page) => {
      await openPipeline(page);
      await page.getByTestId('board-rep').selectOption(rep.id);
      const byRep = counts('AND rep_user_id = ?', [rep.id]);
      await eventually(() => boardTotals(page)).toEqual(byRep);
      const repNames = await page.getByTestId('board-card').evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute('aria-label')?.match(/, rep ([^,]+),/)?.[1]))]);
      expect(repNames).toEqual([rep.name]);

      await page.getByTestId('board-source').selectOption('organic');
      await eventually(() => boardTotals(page)).toEqual(counts('AND rep_user_id = ? AND traffic_source = ?', [rep.id, 'organic']));
      expect(await page.locator('[data-testid="board-card"] .source-badge:not([data-source="organic"])').count()).toBe(0);

      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await eventually(() => boardTotals(page)).toEqual(dbCounts(from));
    });
  });

  it('an SDR cannot reopen a closed deal: the move is refused with the reason and nothing changes', async () => {
    await actingAs(h(), firstSdr(h()), async () => {
      await withConsole(h(), async (page) => {
        await openPipeline(page, 'All time');
        expect(await page.getByTestId('current-role').textContent()).toBe('SDR');
        const before = dbCounts();
        await eventually(() => boardTotals(page)).toEqual(before);
        const id = (await cardsIn(page, 'closed_won').first().getAttribute('data-call-id'))!;

        await cardById(page, id).focus();
        await page.keyboard.press('3');
        await page.getByText('Reopening a Closed won call needs a manager').waitFor();
        expect(await page.getByRole('dialog').count()).toBe(0);

        // Dragging it shows the same refusal on the column under the pointer, and dropping does nothing.
        await cardById(page, id).hover();
        await page.mouse.down();
        const box = (await column(page, 'completed').boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + 200, { steps: 8 });
        await page.mouse.move(box.x + box.width / 2 + 2, box.y + 202);
        await page.mouse.move(box.x + box.width / 2 + 4, box.y + 204);
        await eventually(() => column(page, 'completed').getAttribute('class')).toContain('drop-blocked');
        await screenshot(page, 'pipeline-sdr-blocked');
        await page.mouse.up();
        await eventually(() => page.locator('.drop-blocked').count()).toBe(0);

        expect(dbCall(id).stage).toBe('closed_won');
        expect(dbCounts()).toEqual(before);
        expect(await boardTotals(page)).toEqual(before);
      });
    });
  });

  it('offers Refresh board in the command palette and reads well in the dark theme', async () => {
    await withConsole(h(), async (page) => {
      await openPipeline(page);
      await page.keyboard.press('Control+K');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await palette.getByLabel('Command', { exact: true }).fill('refresh board');
      await eventually(async () => (await palette.locator('[role="option"][aria-selected="true"] .palette-title').textContent())?.trim()).toBe('Refresh board');
      await page.keyboard.press('Enter');
      await palette.waitFor({ state: 'detached' });
      await eventually(() => boardTotals(page)).toEqual(dbCounts(thirtyDaysFrom()));

      await page.keyboard.press('Control+Shift+L');
      await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await cardsIn(page, 'scheduled').first().focus();
      await screenshot(page, 'pipeline-dark');
    });
  });
});
