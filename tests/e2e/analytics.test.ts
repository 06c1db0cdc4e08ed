// The analytics dashboard in Chromium against the headless host: KPI tiles against figures computed
// here from the database with DESIGN.md §3's formulas, a live update after a stage change made
// through the API (data.changed over SSE, no reload), the rate chart's lines per traffic source,
// the by-rep CSV export (button and palette), sorting, a drill-down into Calls, an SDR's own-calls
// scope, and both themes.
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, localDay } from '../../shared/domain/dates';
import { actingAs, CLOCK_START, eventually, holdCalls, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

// --- what the database says --------------------------------------------------------------------

interface Expected {
  calls: number;
  held: number;
  noShows: number;
  closedWon: number;
  resolved: number;
  revenueCents: number;
  /** The seed's "completed" (no-shows included). */
  seedCompleted: number;
}

function dbFigures(repUserId?: string): Expected {
  const rows = h()
    .ctx.db.sqlite.prepare(
      `SELECT crm_stage AS stage, count(*) AS n, coalesce(sum(CASE WHEN crm_stage = 'closed_won' THEN sale_value_cents END), 0) AS value
       FROM calls WHERE workspace_id = ? AND deleted_at IS NULL ${repUserId ? 'AND rep_user_id = ?' : ''} GROUP BY crm_stage`,
    )
    .all(h().workspaceId, ...(repUserId ? [repUserId] : [])) as { stage: string; n: number; value: number }[];
  const n = (stage: string) => rows.find((r) => r.stage === stage)?.n ?? 0;
  const held = n('completed') + n('closed_won') + n('lost');
  return {
    calls: rows.reduce((s, r) => s + r.n, 0),
    held,
    noShows: n('no_show'),
    closedWon: n('closed_won'),
    resolved: held + n('no_show'),
    revenueCents: rows.reduce((s, r) => s + r.value, 0),
    seedCompleted: n('completed') + n('no_show') + n('closed_won') + n('lost'),
  };
}

const count = (n: number) => n.toLocaleString('en-US');
const rate = (num: number, den: number) => (den === 0 ? '—' : `${((num / den) * 100).toFixed(1)}%`);
const money = (cents: number) => `$${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

/** The tile texts the dashboard must show for these figures (show rate = held / resolved, close rate = won / held). */
function expectedTiles(e: Expected): Record<string, string> {
  return {
    calls: count(e.calls),
    held: count(e.held),
    'no-shows': count(e.noShows),
    'closed-won': count(e.closedWon),
    'show-rate': rate(e.held, e.resolved),
    'close-rate': rate(e.closedWon, e.held),
    revenue: money(e.revenueCents),
  };
}

async function tileTexts(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of ['calls', 'held', 'no-shows', 'closed-won', 'show-rate', 'close-rate', 'revenue']) {
    out[key] = ((await page.getByTestId(`kpi-${key}-value`).textContent()) ?? '').trim();
  }
  return out;
}

function dbDistinct(column: string): string[] {
  return h()
    .ctx.db.sqlite.prepare(`SELECT DISTINCT coalesce(${column}, '') FROM calls WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY 1`)
    .pluck()
    .all(h().workspaceId) as string[];
}

// --- driving the page ----------------------------------------------------------------------------

async function openAnalytics(page: Page): Promise<void> {
  await page.locator('nav[aria-label="Main"] a', { hasText: 'Analytics' }).click();
  await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
  expect(new URL(page.url()).hash).toBe('#/analytics');
}

async function chooseAllTime(page: Page): Promise<void> {
  await page.getByTestId('range-all').click();
  await eventually(() => page.getByTestId('range-all').getAttribute('aria-pressed')).toBe('true');
  await eventually(async () => (await page.getByTestId('analytics-scope').textContent()) ?? '').toContain('All time');
  // The last range's figures stay on screen, marked as updating, until the new ones land; exports wait for them.
  await eventually(() => page.locator('.an-updating').count()).toBe(0);
  await eventually(() => page.getByTestId('by-rep-export').isEnabled()).toBe(true);
}

async function downloaded(page: Page, trigger: () => Promise<void>): Promise<{ name: string; lines: string[] }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), trigger()])) as [Download, void];
  const path = await download.path();
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  expect(text.endsWith('\r\n')).toBe(true);
  return { name: download.suggestedFilename(), lines: text.slice(0, -2).split('\r\n') };
}

const BY_REP_HEADER = 'Rep,Rep ID,Calls,Held,No-shows,Closed won,Lost,Resolved,Show rate %,Close rate %,Revenue (USD)';

describe('analytics dashboard', () => {
  it('shows KPI figures that match the database, and updates them live after a stage change', async () => {
    await withConsole(h(), async (page) => {
      await openAnalytics(page);
      await chooseAllTime(page);

      const before = dbFigures();
      expect(before.calls).toBeGreaterThan(100);
      expect(before.noShows).toBeGreaterThan(0);
      await eventually(() => tileTexts(page)).toEqual(expectedTiles(before));
      // The old dashboard's figures, labelled as such: no-shows counted as shows (seed 004).
      const pct2 = (num: number, den: number) => Math.round((num * 10000) / den) / 100;
      expect(await page.getByTestId('old-show-rate').textContent()).toBe(`${pct2(before.seedCompleted, before.calls).toFixed(1)}%`);
      expect(await page.getByTestId('old-close-rate').textContent()).toBe(`${pct2(before.closedWon, before.seedCompleted).toFixed(1)}%`);
      expect(await page.getByTestId('old-dashboard').textContent()).toContain('Old dashboard');
      await page.mouse.move(900, 60);
      await screenshot(page, 'analytics-dashboard');

      // A scheduled call becomes a no-show through the API, as another window or device would do it.
      const callId = h()
        .ctx.db.sqlite.prepare(`SELECT id FROM calls WHERE workspace_id = ? AND crm_stage = 'scheduled' AND deleted_at IS NULL ORDER BY id LIMIT 1`)
        .pluck()
        .get(h().workspaceId) as string;
      expect(callId).toBeTruthy();
      await page.evaluate(() => Object.assign(window, { __noReload: true }));
      const changed = await h().dispatcher.call('calls.changeStage', { id: callId, to: 'no_show', reason: 'e2e: did not turn up' });
      expect(changed.ok, changed.ok ? '' : changed.error.message).toBe(true);

      const after = dbFigures();
      expect(after.noShows).toBe(before.noShows + 1);
      expect(after.resolved).toBe(before.resolved + 1);
      expect(after.calls).toBe(before.calls);
      await eventually(() => tileTexts(page)).toEqual(expectedTiles(after));
      expect(expectedTiles(after)['no-shows']).not.toBe(expectedTiles(before)['no-shows']);
      // The same page: the figures came in over the event stream, not a reload.
      expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    });
  });

  it('draws one line per traffic source in the workspace’s colours, with values on hover', async () => {
    const sources = dbDistinct('traffic_source');
    expect(sources.length).toBeGreaterThanOrEqual(2);
    const traffic = await h().dispatcher.call('settings.traffic', { workspaceId: h().workspaceId });
    if (!traffic.ok) throw new Error(traffic.error.message);
    const colours = new Map((traffic.value as { sources: { key: string; color: string }[] }).sources.map((s) => [s.key, s.color.toLowerCase()]));

    await withConsole(h(), async (page) => {
      await openAnalytics(page);
      await chooseAllTime(page);
      for (const chart of ['show', 'close']) {
        const lines = page.getByTestId(`chart-${chart}`).locator('path.an-chart-line');
        await eventually(() => lines.count()).toBe(sources.length);
        const drawn = await lines.evaluateAll((els) => els.map((el) => ({ source: el.getAttribute('data-source'), stroke: el.getAttribute('stroke')?.toLowerCase(), d: el.getAttribute('d') ?? '' })));
        expect(drawn.map((l) => l.source).sort()).toEqual(sources);
        for (const line of drawn) {
          expect(line.d.length, `the ${line.source} line has points`).toBeGreaterThan(20);
          if (colours.has(line.source!)) expect(line.stroke).toBe(colours.get(line.source!));
        }
        expect(await page.getByTestId(`legend-${chart}`).locator('li').count()).toBe(sources.length);
      }
      // "All time" covers about 18 months, so the chart buckets by month.
      expect(await page.getByTestId('chart-panel-show').textContent()).toContain('By month');

      const chart = page.getByTestId('chart-show');
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
      const tip = page.getByTestId('chart-show-tip');
      await tip.waitFor();
      expect(await tip.locator('.an-chart-tip-row').count()).toBe(sources.length);
      expect(await tip.textContent()).toMatch(/(January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d/);
    });
  });

  it('exports the by-rep table as CSV, from its button and from the command palette, in the order shown', async () => {
    const reps = dbDistinct('rep_user_id');
    await withConsole(h(), async (page) => {
      // Routed from the start (not switched on half-way), holding only once `holding` says so.
      let holding = false;
      const hold = await holdCalls(page, 'analytics.calls', () => holding);
      await openAnalytics(page);
      await chooseAllTime(page);
      const table = page.getByTestId('by-rep-table');
      await eventually(() => table.locator('tbody tr').count()).toBe(reps.length);

      const csv = await downloaded(page, () => page.getByTestId('by-rep-export').click());
      expect(csv.name).toMatch(/^analytics-by-rep-\d{8}-\d{4}\.csv$/);
      expect(csv.lines[0]).toBe(BY_REP_HEADER);
      expect(csv.lines.length - 1).toBe(reps.length);
      const cells = csv.lines.slice(1).map((l) => l.split(','));
      expect(cells.map((c) => c[1]).sort()).toEqual(reps);
      expect(cells.reduce((s, c) => s + Number(c[2]), 0)).toBe(dbFigures().calls);
      // Default order: revenue, highest first.
      const revenue = cells.map((c) => Number(c[10]));
      expect([...revenue].sort((a, b) => b - a)).toEqual(revenue);

      // Sort by calls (highest first), and the export follows.
      const callsHeader = table.locator('th[data-col="calls"]');
      await callsHeader.getByRole('button').click();
      await eventually(() => callsHeader.getAttribute('aria-sort')).toBe('descending');
      const shown = await table.locator('tbody td[data-col="calls"]').allTextContents();
      const shownNumbers = shown.map((t) => Number(t.replace(/,/g, '')));
      expect([...shownNumbers].sort((a, b) => b - a)).toEqual(shownNumbers);

      await page.keyboard.press('Control+K');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await palette.waitFor();
      await page.keyboard.type('Export by-rep');
      const fromPalette = await downloaded(page, () => page.keyboard.press('Enter'));
      expect(fromPalette.lines[0]).toBe(BY_REP_HEADER);
      expect(fromPalette.lines.slice(1).map((l) => Number(l.split(',')[2]))).toEqual(shownNumbers);

      // While another range's figures load, the table still shows All time's: its export waits, and the palette says why.
      holding = true;
      await page.getByTestId('range-30d').click();
      await eventually(() => hold.held().length).toBeGreaterThan(0);
      await eventually(() => page.locator('.an-updating').count()).toBe(1);
      expect(await page.getByTestId('by-rep-export').isDisabled()).toBe(true);
      await page.keyboard.press('Control+K');
      await palette.waitFor();
      await page.keyboard.type('Export by-rep');
      await page.keyboard.press('Enter');
      await eventually(() => page.getByText('The figures are still updating').count()).toBeGreaterThan(0);
      hold.release();
      await eventually(() => page.locator('.an-updating').count()).toBe(0);
      expect(await page.getByTestId('by-rep-export').isEnabled()).toBe(true);
      await hold.stop();
    });
  });

  it('opens the calls behind a figure: a KPI tile and a by-rep count drill down into Calls', async () => {
    await withConsole(h(), async (page) => {
      await openAnalytics(page);
      await chooseAllTime(page);
      const noShows = dbFigures().noShows;
      await eventually(async () => (await page.getByTestId('kpi-no-shows-value').textContent())?.trim()).toBe(count(noShows));
      await page.getByTestId('kpi-no-shows').click();
      await eventually(() => new URL(page.url()).hash).toBe('#/calls');
      await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
      // The Calls screen opens filtered to exactly the calls the tile counted.
      await eventually(() => page.getByTestId('drill-banner').textContent()).toContain('No-shows · All time');
      await eventually(() => page.getByTestId('calls-total').textContent()).toBe(`${count(noShows)} matching calls`);

      // Back on the dashboard the filters are as they were; a rep's closed-won count opens that rep's wins.
      await page.locator('nav[aria-label="Main"] a', { hasText: 'Analytics' }).click();
      await eventually(() => page.getByTestId('range-all').getAttribute('aria-pressed')).toBe('true');
      const firstRow = page.getByTestId('by-rep-table').locator('tbody tr').first();
      await firstRow.waitFor();
      const repId = (await firstRow.getAttribute('data-row'))!;
      const repName = (await firstRow.locator('td[data-col="rep"]').textContent())!.trim();
      const won = dbFigures(repId).closedWon;
      expect(await firstRow.locator('td[data-col="closedWon"]').textContent()).toBe(count(won));
      await firstRow.locator('td[data-col="closedWon"] button').click();
      await eventually(() => new URL(page.url()).hash).toBe('#/calls');
      await eventually(() => page.getByTestId('drill-banner').textContent()).toContain(`Closed won · ${repName}`);
      await eventually(() => page.getByTestId('calls-total').textContent()).toBe(`${count(won)} matching call${won === 1 ? '' : 's'}`);
    });
  });

  it('looks right in the dark theme', async () => {
    await withConsole(h(), async (page) => {
      await openAnalytics(page);
      await page.getByTestId('range-90d').click();
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.getByTestId('chart-show').locator('path.an-chart-line').first().waitFor();
      // 90 days ending today in the workspace's own time zone (the browser runs in UTC).
      const tz = h().ctx.db.sqlite.prepare('SELECT timezone FROM workspaces WHERE id = ?').pluck().get(h().workspaceId) as string;
      const today = localDay(CLOCK_START, tz);
      const day = (d: string, year: boolean) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC', ...(year ? { year: 'numeric' } : {}) });
      await eventually(() => page.getByTestId('analytics-scope').textContent()).toContain(`${day(addDays(today, -89), false)} – ${day(today, true)}`);
      // Hovering a week shows its values, in the dark theme too.
      const box = (await page.getByTestId('chart-show').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.4);
      await page.getByTestId('chart-show-tip').waitFor();
      await screenshot(page, 'analytics-dark');
    });
  });

  it('an SDR sees only their own calls, says so, and has no rep filter', async () => {
    const sdr = h()
      .ctx.db.sqlite.prepare(
        `SELECT m.user_id FROM workspace_memberships m JOIN calls c ON c.rep_user_id = m.user_id AND c.workspace_id = m.workspace_id
         WHERE m.workspace_id = ? AND m.role = 'sdr' AND m.deleted_at IS NULL GROUP BY m.user_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .pluck()
      .get(h().workspaceId) as string;
    await actingAs(h(), sdr, async () => {
      await withConsole(h(), async (page) => {
        await openAnalytics(page);
        await chooseAllTime(page);
        await page.getByTestId('scoped-to-rep').waitFor();
        expect(await page.getByTestId('scoped-to-rep').textContent()).toContain('your own calls only');
        expect(await page.getByTestId('rep-filter').count()).toBe(0);
        await eventually(() => tileTexts(page)).toEqual(expectedTiles(dbFigures(sdr)));
      });
    });
  });
});
