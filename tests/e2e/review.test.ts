// Step 5 in a real Chromium: ten leads reviewed by keyboard alone (status, note, next), and a hot
// lead found through the segment filter. Expected rows come from the database the host serves.
import { describe, expect, it } from 'vitest';
import { eventually, holdCalls, screenshot, useConsoleHarness, withConsole } from './harness';

const h = useConsoleHarness();

const q = <T,>(sqlText: string, ...params: unknown[]) => h().ctx.db.sqlite.prepare(sqlText).all(...params) as T[];
const me = () => h().ctx.db.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'current_user_id'").pluck().get() as string;

describe('lead review', () => {
  it('reviews ten leads by keyboard alone: a status each, a note on some, next', async () => {
    const ws = h().workspaceId;
    // The queue is the Leads screen's selection, newest first: here status New.
    const expected = q<{ id: string }>(`SELECT id FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND status = 'new' ORDER BY created_at DESC, id DESC LIMIT 10`, ws).map((r) => r.id);
    expect(expected).toHaveLength(10);
    await withConsole(h(), async (page) => {
      await page.getByTestId('status-filter').click();
      await page.getByRole('menuitemcheckbox', { name: 'New' }).click();
      await page.keyboard.press('Escape');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('g');
      await page.keyboard.press('r');
      await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
      for (let i = 0; i < 10; i++) {
        const card = page.getByTestId('review-card');
        await eventually(() => card.getAttribute('data-lead-id')).toBe(expected[i]);
        await eventually(async () => (await page.getByTestId('review-position').textContent()) ?? '').toMatch(new RegExp(`^${i + 1} of `));
        await page.keyboard.press(i % 2 === 0 ? '2' : '3'); // contacted / qualified
        await eventually(() => page.getByTestId('review-status').textContent()).toBe(i % 2 === 0 ? 'Contacted' : 'Qualified');
        if (i % 3 === 0) {
          // Typed straight after N, as a rep does: not a letter may be lost.
          await page.keyboard.press('n');
          await page.keyboard.type(`Spoke to them, call back (${i})`);
          await page.keyboard.press('Enter');
          await eventually(async () => (await page.getByTestId('review-notes').textContent()) ?? '').toContain(`: Spoke to them, call back (${i})`);
        }
        if (i === 3) await screenshot(page, 'review-queue');
        await page.keyboard.press('j');
      }
    });
    const rows = q<{ id: string; status: string; notes: string }>(`SELECT id, status, notes FROM leads WHERE id IN (${expected.map(() => '?').join(',')})`, ...expected);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expected.forEach((id, i) => {
      expect(byId.get(id)!.status).toBe(i % 2 === 0 ? 'contacted' : 'qualified');
      if (i % 3 === 0) expect(byId.get(id)!.notes).toContain(`: Spoke to them, call back (${i})`);
    });
    // Each change is in the lead's history, the note with it.
    const noted = q<{ n: number }>(`SELECT count(*) AS n FROM lead_events WHERE lead_id = ? AND event_data LIKE '%call back (0)%'`, expected[0])[0]!.n;
    expect(noted).toBe(1);
  });

  it('acts on the lead on screen only: a status key while the next lead loads changes nothing', async () => {
    const first = q<{ id: string }>('SELECT id FROM leads WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1', h().workspaceId)[0]!.id;
    await withConsole(h(), async (page) => {
      // Hold the details of every lead but the first on their way (set up before the queue opens).
      const hold = await holdCalls(page, 'leads.get', (body) => (body as { id: string }).id !== first);
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('g');
      await page.keyboard.press('r');
      const card = page.getByTestId('review-card');
      await eventually(() => card.getAttribute('data-lead-id')).toBe(first);
      await eventually(async () => (await page.getByTestId('review-position').textContent()) ?? '').toMatch(/^1 of /);
      expect(await card.getAttribute('aria-busy')).toBeNull();
      expect(hold.held()).toEqual([]);
      const statusOf = (id: string) => q<{ status: string }>('SELECT status FROM leads WHERE id = ?', id)[0]!.status;
      await page.keyboard.press('j');
      await eventually(async () => (await page.getByTestId('review-position').textContent()) ?? '').toMatch(/^2 of /);
      // The second lead's details are on their way, and held.
      await eventually(() => hold.held().map((body) => (body as { id: string }).id)).toEqual([expect.not.stringMatching(first)]);
      // The card still shows the first lead, marked busy; a status key now would land on a lead nobody has seen.
      expect(await card.getAttribute('data-lead-id')).toBe(first);
      expect(await card.getAttribute('aria-busy')).toBe('true');
      const statuses = new Map(q<{ id: string; status: string }>('SELECT id, status FROM leads').map((r) => [r.id, r.status]));
      const events = q<{ n: number }>('SELECT count(*) AS n FROM lead_events')[0]!.n;
      await page.keyboard.press('5'); // converted
      hold.release();
      await eventually(() => card.getAttribute('data-lead-id')).not.toBe(first);
      expect(await card.getAttribute('aria-busy')).toBeNull();
      await hold.stop();
      const second = (await card.getAttribute('data-lead-id'))!;
      expect(statuses.get(second), 'the key would have changed the second lead').not.toBe('converted');
      expect(statusOf(second)).toBe(statuses.get(second));
      expect(statusOf(first)).toBe(statuses.get(first));
      expect(q<{ n: number }>('SELECT count(*) AS n FROM lead_events')[0]!.n).toBe(events);
      // Once it is on screen, the same key acts on it.
      await page.keyboard.press('2');
      await eventually(() => statusOf(second)).toBe('contacted');
    });
  });

  it('takes Alt+O pressed while the booking dialog still loads the routing setup', async () => {
    await withConsole(h(), async (page) => {
      const hold = await holdCalls(page, 'routing.config');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('g');
      await page.keyboard.press('r');
      await page.getByTestId('review-card').waitFor();
      await page.keyboard.press('b');
      await page.getByTestId('book-dialog').waitFor();
      await eventually(() => hold.held().length).toBe(1);
      await page.keyboard.press('Alt+o');
      expect(await page.getByTestId('book-override').count()).toBe(0); // routing not known yet
      hold.release();
      await page.getByTestId('book-override-box').waitFor();
      await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('book-override-reason');
      await hold.stop();
      await page.keyboard.press('Escape');
      await page.getByTestId('book-dialog').waitFor({ state: 'detached' });
    });
  });

  it('finds a hot lead through the segment filter', async () => {
    const ws = h().workspaceId;
    const hot = q<{ id: string }>(
      `SELECT l.id FROM leads l JOIN contact_rfm r ON r.contact_id = l.contact_id WHERE l.workspace_id = ? AND l.deleted_at IS NULL AND r.segment = 'hot' ORDER BY l.created_at DESC, l.id DESC`,
      ws,
    ).map((r) => r.id);
    expect(hot.length, 'the demo set scores some contacts hot').toBeGreaterThan(0);
    await withConsole(h(), async (page) => {
      await page.getByTestId('segment-filter').click();
      await page.getByRole('menuitemcheckbox', { name: 'Hot' }).click();
      await page.keyboard.press('Escape');
      await eventually(async () => ((await page.getByTestId('leads-total').textContent()) ?? '').replace(/\s+/g, ' ')).toBe(`${hot.length.toLocaleString('en-US')} matching lead${hot.length === 1 ? '' : 's'}`);
      const first = page.locator(`.ag-row[row-id="${hot[0]}"]`);
      await first.waitFor();
      await eventually(() => first.locator('[col-id="segment"]').textContent()).toBe('Hot');
      await screenshot(page, 'leads-hot-segment');
    });
  });

  it('saves the grid as a view, applies it again, and deletes it with undo', async () => {
    const ws = h().workspaceId;
    const qualified = q<{ n: number }>(`SELECT count(*) AS n FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND status = 'qualified'`, ws)[0]!.n;
    const all = q<{ n: number }>(`SELECT count(*) AS n FROM leads WHERE workspace_id = ? AND deleted_at IS NULL`, ws)[0]!.n;
    const total = async (page: import('playwright-core').Page) => ((await page.getByTestId('leads-total').textContent()) ?? '').replace(/\s+/g, ' ');
    await withConsole(h(), async (page) => {
      await page.getByTestId('status-filter').click();
      await page.getByRole('menuitemcheckbox', { name: 'Qualified', exact: true }).click();
      await page.keyboard.press('Escape');
      await eventually(() => total(page)).toBe(`${qualified.toLocaleString('en-US')} matching leads`);
      await page.getByTestId('views-button').click();
      await page.getByTestId('save-view').click();
      await page.getByTestId('view-name').fill('Qualified to call');
      await page.getByText('Share with everyone in').click();
      await screenshot(page, 'leads-save-view');
      await page.getByTestId('save-view-confirm').click();
      await eventually(() => page.getByTestId('views-button').textContent()).toContain('Qualified to call');
      const stored = q<{ visibility: string; definition: string }>(`SELECT visibility, definition FROM saved_views WHERE name = 'Qualified to call' AND deleted_at IS NULL`);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.visibility).toBe('workspace');
      expect(JSON.parse(stored[0]!.definition).filters).toEqual({ status: { kind: 'enum', values: ['qualified'] } });
      // Back to all leads, then the saved view brings the filter back.
      await page.getByTestId('views-button').click();
      await page.getByRole('menuitemradio', { name: 'All leads' }).click();
      await eventually(() => total(page)).toBe(`${all.toLocaleString('en-US')} leads`);
      await page.getByTestId('views-button').click();
      await page.getByRole('menuitemradio', { name: /Qualified to call/ }).click();
      await eventually(() => total(page)).toBe(`${qualified.toLocaleString('en-US')} matching leads`);
      // Delete, then undo from the toast.
      await page.getByTestId('views-button').click();
      await page.getByTestId('delete-view').click();
      await eventually(() => q<{ n: number }>(`SELECT count(*) AS n FROM saved_views WHERE name = 'Qualified to call' AND deleted_at IS NULL`)[0]!.n).toBe(0);
      await page.getByRole('button', { name: 'Undo' }).click();
      await eventually(() => q<{ n: number }>(`SELECT count(*) AS n FROM saved_views WHERE name = 'Qualified to call' AND deleted_at IS NULL`)[0]!.n).toBe(1);
    });
  });

  it('changes the status of ticked leads at once, and undo puts each back', async () => {
    const ws = h().workspaceId;
    const firstThree = q<{ id: string; status: string }>(`SELECT id, status FROM leads WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 3`, ws);
    await withConsole(h(), async (page) => {
      for (const row of firstThree) await page.locator(`.ag-row[row-id="${row.id}"] .ag-selection-checkbox input`).first().check();
      await eventually(async () => (await page.getByTestId('bulk-bar').textContent()) ?? '').toContain('3 selected');
      await screenshot(page, 'leads-bulk-selection');
      await page.getByTestId('bulk-status').selectOption('converted');
      await eventually(() => q<{ status: string }>(`SELECT status FROM leads WHERE id IN (?, ?, ?)`, ...firstThree.map((r) => r.id)).map((r) => r.status)).toEqual(['converted', 'converted', 'converted']);
      await page.getByRole('button', { name: 'Undo' }).click();
      await eventually(() => firstThree.map((r) => q<{ status: string }>('SELECT status FROM leads WHERE id = ?', r.id)[0]!.status)).toEqual(firstThree.map((r) => r.status));
    });
  });

  it('books an appointment from the review queue by keyboard, and refuses to double-book the rep', async () => {
    await withConsole(h(), async (page) => {
      await page.keyboard.press('g');
      await page.keyboard.press('r');
      const card = page.getByTestId('review-card');
      await card.waitFor();
      const leadId = (await card.getAttribute('data-lead-id'))!;
      await page.keyboard.press('b');
      await page.getByTestId('book-dialog').waitFor();
      await page.getByTestId('book-when').fill('2026-12-10T10:00');
      // The workspace routes bookings; as an admin, give it to myself by keyboard with a reason.
      // Once routing has answered (its Override button shows it has), Alt+O starts the override from its pick.
      await page.getByTestId('book-override').waitFor();
      await page.keyboard.press('Alt+o');
      await page.getByTestId('book-rep').selectOption(me());
      await page.getByTestId('book-override-reason').fill('I met them at the fair');
      await screenshot(page, 'review-book-appointment');
      await page.keyboard.press('Enter');
      // The dialog closes once the booking is written.
      await page.getByTestId('book-dialog').waitFor({ state: 'detached' });
      await eventually(async () => (await page.getByTestId('review-appointments').textContent()) ?? '').toContain('60 min');
      const rows = q<{ scheduled_at: string; assigned_user_id: string }>('SELECT scheduled_at, assigned_user_id FROM appointments WHERE lead_id = ? AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1', leadId);
      expect(new Date(rows[0]!.scheduled_at).getTime()).toBe(new Date(2026, 11, 10, 10, 0).getTime()); // the browser's local 10:00
      expect(rows[0]!.assigned_user_id).toBe(me());
      // The same rep at the same time: refused, and nothing written.
      await page.keyboard.press('j');
      await eventually(() => card.getAttribute('data-lead-id')).not.toBe(leadId);
      await page.keyboard.press('b');
      await page.getByTestId('book-when').fill('2026-12-10T10:30');
      // Once routing has answered (its Override button shows it has), Alt+O starts the override from its pick.
      await page.getByTestId('book-override').waitFor();
      await page.keyboard.press('Alt+o');
      await page.getByTestId('book-rep').selectOption(me());
      await page.getByTestId('book-override-reason').fill('same rep again');
      await page.keyboard.press('Enter');
      await eventually(async () => (await page.getByTestId('book-error').textContent()) ?? '').toMatch(/already has an appointment/);
      await screenshot(page, 'review-double-booking');
      await page.keyboard.press('Escape');
      // o opens the lead's contact.
      const contactId = q<{ contact_id: string }>('SELECT contact_id FROM leads WHERE id = ?', (await card.getAttribute('data-lead-id'))!)[0]!.contact_id;
      await page.keyboard.press('o');
      await eventually(() => new URL(page.url()).hash).toBe(`#/contact/${contactId}`);
    });
    expect(q<{ n: number }>(`SELECT count(*) AS n FROM appointments WHERE assigned_user_id = ? AND scheduled_at >= '2026-12-09' AND scheduled_at < '2026-12-12' AND deleted_at IS NULL`, me())[0]!.n).toBe(1);
  });
});
