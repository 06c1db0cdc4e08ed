// Step 6 in a real Chromium, on the demo set's routing (three rules per workspace, every SDR in
// the rotation on weekdays 9–18 in the workspace's zone, the manager as fallback owner): booking
// shows who routing picks and why, a double booking is refused, an admin edits the rules and
// watches a sample lead move, and an appointment is opened, given an outcome, rescheduled and
// cancelled. The browser runs in UTC and the workspace in America/Chicago, so every time on screen
// is a conversion. Expected values come from the database the host serves.
import type { Download, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actingAs, eventually, firstSdr, screenshot, useConsoleHarness, withConsole } from './harness';
import type { RoutingConfigView } from '../../shared/api/routing';

const h = useConsoleHarness();
const db = () => h().ctx.db.sqlite;
const q = <T,>(sqlText: string, ...params: unknown[]) => db().prepare(sqlText).all(...params) as T[];
const one = <T,>(sqlText: string, ...params: unknown[]) => db().prepare(sqlText).get(...params) as T;

interface Lead {
  id: string;
  contact_id: string;
  contact_code: string;
  name: string;
  zip: string;
}

/** Leads of the open workspace that the first ("core metro") rule takes, one lead per contact, not yet booked. */
function coreMetroLeads(): Lead[] {
  const rule = one<{ product_types: string; zip_codes: string }>(`SELECT product_types, zip_codes FROM appointment_routing_rules WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY priority LIMIT 1`, h().workspaceId);
  const type = (JSON.parse(rule.product_types) as string[])[0]!;
  const prefix = (JSON.parse(rule.zip_codes) as string[])[0]!.replace('*', '');
  return q<Lead>(
    `SELECT l.id, l.contact_id, c.contact_code, trim(c.first_name || ' ' || c.last_name) AS name, l.zip_code AS zip FROM leads l JOIN contacts c ON c.id = l.contact_id
     WHERE l.workspace_id = ? AND l.deleted_at IS NULL AND l.lead_type = ? AND l.zip_code LIKE ? AND c.first_name <> ''
       AND (SELECT count(*) FROM leads x WHERE x.contact_id = c.id AND x.deleted_at IS NULL) = 1
       AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.contact_id = c.id)
     ORDER BY c.contact_code LIMIT 4`,
    h().workspaceId,
    type,
    `${prefix}%`,
  );
}

const userName = (id: string) => one<{ display_name: string }>('SELECT display_name FROM users WHERE id = ?', id).display_name;
const latestFor = (leadId: string) =>
  one<{ id: string; assigned_user_id: string | null; routing_status: string; status: string; scheduled_at: string; routing_explanation: string } | undefined>(
    'SELECT id, assigned_user_id, routing_status, status, scheduled_at, routing_explanation FROM appointments WHERE lead_id = ? AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1',
    leadId,
  );
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** The list shows the rows for the filters, sort and page chosen (old rows stay, marked busy, until then). */
async function listSettled(page: Page) {
  await eventually(() => page.getByTestId('appt-table').getAttribute('aria-busy')).toBeNull();
}

/** The booking dialog's routing decision answers the time and length in the form (not the last ones). */
async function decisionSettled(page: Page) {
  await eventually(() => page.getByTestId('book-decision').getAttribute('aria-busy')).toBeNull();
}

async function go(page: Page, key: string) {
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('g');
  await page.keyboard.press(key);
}

/** The lead alone in the review queue (the Leads screen's search selects it), then its booking dialog by key. */
async function openBooking(page: Page, lead: Lead) {
  await go(page, 'l');
  await page.getByLabel('Search leads').fill(lead.contact_code);
  await page.locator(`.ag-row[row-id="${lead.id}"]`).first().waitFor();
  await eventually(() => text(page, 'leads-total')).toMatch(/^1 matching lead/);
  await go(page, 'r');
  await eventually(() => page.getByTestId('review-card').getAttribute('data-lead-id')).toBe(lead.id);
  await page.keyboard.press('b');
  await page.getByTestId('book-dialog').waitFor();
}

async function downloaded(page: Page, trigger: () => Promise<void>): Promise<{ name: string; lines: string[] }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), trigger()])) as [Download, void];
  const body = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  return { name: download.suggestedFilename(), lines: body.slice(0, -2).split('\r\n') };
}

// Wednesday 18 November 2026, 17:00 UTC = 11:00 in Chicago: inside every demo rep's hours.
const WED_11_CHICAGO = '2026-11-18T17:00';
// Monday 16 November (the clock's day), 10:00 UTC = 04:00 in Chicago: no rep works, the fallback owner takes it.
const MON_4AM_CHICAGO = '2026-11-16T10:00';

let leads: Lead[] = [];
let routedRep = '';

describe('appointments and routing', () => {
  it('books a lead with the rep routing picks and why, and refuses to double-book that rep', async () => {
    leads = coreMetroLeads();
    expect(leads.length, 'the demo set has core-metro leads without appointments').toBeGreaterThanOrEqual(2);
    const [a, b] = leads as [Lead, Lead];
    await withConsole(h(), async (page) => {
      await openBooking(page, a);
      await page.getByTestId('book-when').fill(WED_11_CHICAGO);
      await decisionSettled(page);
      // Routing answers as the time changes: the rule, the rep, the one-sentence reason.
      await eventually(() => text(page, 'book-decision-reason')).toMatch(/^hvac — core metro \(hvac in 331\*\) → .+, next in the rotation$/);
      const rep = await text(page, 'book-decision-rep');
      expect(await text(page, 'book-decision-reason')).toContain(`→ ${rep},`);
      await page.getByTestId('book-decision').locator('summary').click();
      await eventually(() => text(page, 'book-decision-verdicts')).toContain('next in the rotation');
      await screenshot(page, 'appointments-book-routed');
      await page.getByTestId('book-when').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('book-dialog').waitFor({ state: 'detached' });
      await eventually(async () => (await page.getByTestId('review-appointments').textContent()) ?? '').toContain(rep);
      const booked = latestFor(a.id)!;
      expect(userName(booked.assigned_user_id!)).toBe(rep);
      expect(booked.routing_status).toBe('routed');
      expect(new Date(booked.scheduled_at).toISOString()).toBe('2026-11-18T17:00:00.000Z');
      routedRep = booked.assigned_user_id!;
      // The booking opens from the review card, and Esc gives the queue its keys back.
      await page.getByTestId('review-appointment').first().click();
      await eventually(() => page.getByTestId('appt-drawer').getAttribute('data-appointment-id')).toBe(booked.id);
      await page.keyboard.press('Escape');
      await page.getByTestId('appt-drawer').waitFor({ state: 'detached' });

      // The next lead at the same time: routing skips the busy rep; a manager's override back to them is refused.
      await openBooking(page, b);
      await page.getByTestId('book-when').fill(WED_11_CHICAGO);
      await decisionSettled(page);
      await eventually(() => page.getByTestId('book-decision-verdicts').locator(`[data-rep-id="${routedRep}"]`).textContent()).toContain('already booked at that time');
      expect(await text(page, 'book-decision-rep')).not.toBe(rep);
      // Alt+O overrides without leaving the keyboard.
      // Once routing has answered (its Override button shows it has), Alt+O starts the override from its pick.
      await page.getByTestId('book-override').waitFor();
      await page.keyboard.press('Alt+o');
      await page.getByTestId('book-override-box').waitFor();
      await page.getByTestId('book-rep').selectOption(routedRep);
      // The reason is required.
      await page.getByTestId('book-confirm').click();
      await eventually(() => text(page, 'book-override-error')).toMatch(/Say why/);
      await page.getByTestId('book-override-reason').fill('The customer asked for this rep');
      await page.keyboard.press('Enter');
      // Refused, with the clash in the user's zone (UTC here), not the server's ISO time.
      await eventually(() => text(page, 'book-error')).toBe(`${rep} already has an appointment from Nov 18, 2026, 5:00 PM for 60 minutes (${a.name})`);
      await screenshot(page, 'appointments-double-booking');
      expect(latestFor(b.id)).toBeUndefined();

      // Off hours the rotation has nobody: the fallback owner takes it (booked earlier today, so it can get an outcome).
      await page.getByTestId('book-override-box').getByRole('button', { name: /Use routing/ }).click();
      await page.getByTestId('book-when').fill(MON_4AM_CHICAGO);
      await decisionSettled(page);
      await eventually(() => page.getByTestId('book-decision').getAttribute('data-status')).toBe('fallback');
      await expect(text(page, 'book-decision-reason')).resolves.toMatch(/no rep can take it at that time: the fallback owner takes it/);
      await page.getByTestId('book-confirm').click();
      await page.getByTestId('book-dialog').waitFor({ state: 'detached' });
      const fallback = latestFor(b.id)!;
      expect(fallback.routing_status).toBe('fallback');
      expect(one<{ role: string }>('SELECT role FROM workspace_memberships WHERE workspace_id = ? AND user_id = ?', h().workspaceId, fallback.assigned_user_id).role).toBe('manager');
    });
  });

  it('lets an admin edit the rules and reps and shows the Test-a-lead panel re-route the sample', async () => {
    const noel = one<{ id: string }>(`SELECT u.id FROM users u JOIN workspace_memberships m ON m.user_id = u.id WHERE m.workspace_id = ? AND u.display_name = 'Noel Carter'`, h().workspaceId).id;
    await withConsole(h(), async (page) => {
      await go(page, 'a');
      await page.keyboard.press('3');
      await page.getByTestId('routing-tab').waitFor();
      // The sample starts on the first rule's zips; at 11:00 in Chicago on Thursday the rotation takes it.
      await expect(page.getByTestId('test-zip').inputValue()).resolves.toBe('33101');
      await page.getByTestId('test-when').fill('2026-11-19T17:00');
      await eventually(() => text(page, 'test-decision-reason')).toMatch(/^hvac — core metro \(hvac in 331\*\) → /);
      const before = await text(page, 'test-decision-rep');
      await screenshot(page, 'appointments-routing');

      // A team of one, and a rule ahead of the others that sends this zip to it.
      await page.locator(`[data-rep-id="${noel}"]`).getByTestId('rep-edit').click();
      await page.getByTestId('rep-team').fill('Miami closers');
      await screenshot(page, 'appointments-routing-rep');
      await page.getByTestId('rep-save').click();
      await page.getByTestId('rep-dialog').waitFor({ state: 'detached' });
      await eventually(() => page.locator(`[data-rep-id="${noel}"] td`).nth(1).textContent()).toBe('Miami closers');

      await page.getByTestId('rule-add').click();
      await page.getByTestId('rule-name').fill('Miami VIP');
      await page.getByTestId('rule-priority').fill('5');
      await page.getByTestId('rule-type-hvac').check();
      await page.getByTestId('rule-zips').fill('33101\n3310x-1');
      // A bad pattern is caught as it is typed, naming the line.
      await eventually(() => text(page, 'rule-zip-error')).toMatch(/^Line 2: "3310x-1" is not a zip/);
      await page.getByTestId('rule-zips').fill('33101');
      await page.getByTestId('rule-team').fill('Miami closers');
      await eventually(() => text(page, 'rule-team-reps')).toBe('1 rep in the rotation: Noel Carter');
      await screenshot(page, 'appointments-routing-rule-dialog');
      await page.getByTestId('rule-save').click();
      await page.getByTestId('rule-dialog').waitFor({ state: 'detached' });

      // The panel runs again on its own and says what the edit did.
      await eventually(() => text(page, 'test-decision-reason')).toBe('Miami VIP (hvac in 33101) → Noel Carter, next in the rotation');
      await expect(text(page, 'test-change')).resolves.toBe(`Your change moved this lead: ${before} (hvac — core metro) → Noel Carter (Miami VIP)`);
      await screenshot(page, 'appointments-routing-rule-changed');
      const saved = one<{ priority: number; zip_codes: string; target_team: string }>(`SELECT priority, zip_codes, target_team FROM appointment_routing_rules WHERE name = 'Miami VIP' AND deleted_at IS NULL`);
      expect(saved).toEqual({ priority: 5, zip_codes: '["33101"]', target_team: 'Miami closers' });

      // Pausing the rule sends the lead back to the rotation.
      const vipRow = page.locator('[data-testid="rules-table"] tr', { hasText: 'Miami VIP' });
      await vipRow.getByTestId('rule-toggle').click();
      await eventually(() => text(page, 'test-decision-reason')).toMatch(/^hvac — core metro/);
      await vipRow.getByTestId('rule-toggle').click();
      await eventually(() => text(page, 'test-decision-reason')).toMatch(/^Miami VIP/);

      // A rule behind "everywhere else" can never match: the table says so. Deleted, undone, deleted.
      await page.getByTestId('rule-add').click();
      await page.getByTestId('rule-name').fill('Late hvac');
      await page.getByTestId('rule-priority').fill('95');
      await page.getByTestId('rule-type-hvac').check();
      await page.getByTestId('rule-save').click();
      const late = page.locator('[data-testid="rules-table"] tr', { hasText: 'Late hvac' });
      await eventually(async () => (await late.getByTestId('rule-shadowed').textContent()) ?? '').toContain('everywhere else');
      await screenshot(page, 'appointments-routing-shadowed');
      await late.getByTestId('rule-delete').click();
      await late.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Undo' }).click();
      await late.waitFor();
      await late.getByTestId('rule-delete').click();
      await late.waitFor({ state: 'detached' });
      expect(one<{ n: number }>(`SELECT count(*) AS n FROM appointment_routing_rules WHERE name = 'Late hvac' AND deleted_at IS NULL`).n).toBe(0);

      // With no fallback owner, a lead nobody can take waits unrouted, and the panel says so.
      const fallback = await page.getByTestId('fallback-select').inputValue();
      await page.getByTestId('fallback-select').selectOption('');
      await page.getByTestId('test-when').fill('2026-11-19T04:00');
      await eventually(() => page.getByTestId('test-decision').getAttribute('data-status')).toBe('unrouted');
      await expect(text(page, 'test-decision')).resolves.toContain('It will wait in the Unrouted queue');
      await screenshot(page, 'appointments-routing-unrouted');
      await page.getByTestId('fallback-select').selectOption(fallback);
      await eventually(() => page.getByTestId('test-decision').getAttribute('data-status')).toBe('fallback');
    });
  });

  it('opens the booked appointment: why this rep, a clash refused on reschedule, then rescheduled and cancelled', async () => {
    const [a, , , d] = leads as [Lead, Lead, Lead, Lead];
    const booked = latestFor(a.id)!;
    // Another appointment of the same rep (booked through the API as a manager's override), for a reschedule that must be refused.
    const other = await h().dispatcher.call('appointments.book', { leadId: d.id, scheduledAt: '2026-11-19T17:00:00.000Z', durationMinutes: 60, assignedUserId: routedRep, overrideReason: 'test set-up' });
    expect(other.ok).toBe(true);
    await withConsole(h(), async (page) => {
      await go(page, 'a');
      await page.keyboard.press('2');
      await page.getByTestId('appt-search').fill(a.name);
      await listSettled(page);
      const row = page.locator(`tr[data-id="${booked.id}"]`);
      await row.waitFor();
      // Enter in the search box moves to the first row; j / k move; Enter opens.
      const ids = await page.locator('.appt-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
      await page.getByTestId('appt-search').press('Enter');
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      for (let i = 0; i < ids.indexOf(booked.id); i++) await page.keyboard.press('j');
      await expect(page.evaluate(() => document.activeElement?.getAttribute('data-id'))).resolves.toBe(booked.id);
      await page.keyboard.press('Enter');
      const drawer = page.getByTestId('appt-drawer');
      await eventually(() => drawer.getAttribute('data-appointment-id')).toBe(booked.id);
      await eventually(() => text(page, 'appt-when')).toBe('Wed, Nov 18 · 5:00 PM – 6:00 PM');
      await expect(text(page, 'appt-rep')).resolves.toBe(userName(routedRep));
      await expect(text(page, 'appt-routing-reason')).resolves.toMatch(/^hvac — core metro \(hvac in 331\*\) → /);
      await expect(drawer.getByTestId('appt-verdicts').locator(`[data-rep-id="${routedRep}"]`).textContent()).resolves.toMatch(/next in the rotation/);
      // Not started yet: no outcome.
      await expect(drawer.getByTestId('appt-show').isDisabled()).resolves.toBe(true);
      await screenshot(page, 'appointments-detail');

      // Onto another of the rep's appointments: refused, the clash in the user's zone.
      await page.keyboard.press('r');
      await drawer.getByTestId('appt-new-time').fill('2026-11-19T17:30');
      await drawer.getByTestId('appt-new-time').press('Enter');
      await eventually(() => text(page, 'appt-form-error')).toBe(`${userName(routedRep)} already has an appointment from Nov 19, 2026, 5:00 PM for 60 minutes (${d.name})`);
      await screenshot(page, 'appointments-reschedule-refused');
      // 03:00 UTC is 21:00 the evening before in Chicago: outside the rep's hours, warned of, not refused.
      await drawer.getByTestId('appt-new-time').fill('2026-11-19T03:00');
      await eventually(() => text(page, 'appt-hours-warning')).toBe(`Outside working hours: ${userName(routedRep)} works 09:00–18:00 (America/Chicago). You can still save it.`);
      await screenshot(page, 'appointments-reschedule-hours');
      await drawer.getByTestId('appt-new-time').fill('2026-11-18T20:30');
      await eventually(() => drawer.getByTestId('appt-hours-warning').count()).toBe(0);
      await drawer.getByTestId('appt-reason').fill('Customer asked for later');
      await drawer.getByTestId('appt-reason').press('Enter');
      await eventually(() => text(page, 'appt-when')).toBe('Wed, Nov 18 · 8:30 PM – 9:30 PM');
      await eventually(() => text(page, 'appt-event-times')).toBe('Nov 18, 2026, 5:00 PM (60 min) → Nov 18, 2026, 8:30 PM (60 min)');
      expect(latestFor(a.id)!.scheduled_at).toBe('2026-11-18T20:30:00.000Z');

      // Cancel: a reason is required.
      await page.keyboard.press('x');
      await drawer.getByTestId('appt-reason').press('Enter');
      await eventually(() => text(page, 'appt-form-error')).toMatch(/Say why/);
      await drawer.getByTestId('appt-reason').fill('Went with a competitor');
      await screenshot(page, 'appointments-cancel');
      await drawer.getByTestId('appt-reason').press('Enter');
      await eventually(() => text(page, 'appt-status')).toBe('Cancelled');
      expect(latestFor(a.id)!.status).toBe('cancelled');
      await expect(text(page, 'appt-events')).resolves.toContain('Cancelled: Went with a competitor');
      await screenshot(page, 'appointments-detail-history');
    });
  });

  it('surfaces a booking that clashes once another device syncs, and a manager reassigns it', async () => {
    const [, , , d] = leads as [Lead, Lead, Lead, Lead];
    const mine = latestFor(d.id)!;
    // What a sync brings: another laptop had booked the same rep at the same time earlier (offline).
    const earlier = one<{ id: string; name: string }>(
      `SELECT a.id, trim(c.first_name || ' ' || c.last_name) AS name FROM appointments a JOIN contacts c ON c.id = a.contact_id
       WHERE a.workspace_id = ? AND a.status = 'scheduled' AND a.created_at < '2026-11-16' AND a.scheduled_at > '2026-11-21' ORDER BY a.scheduled_at LIMIT 1`,
      h().workspaceId,
    );
    db().prepare(`UPDATE appointments SET assigned_user_id = ?, scheduled_at = '2026-11-19T17:30:00.000Z', duration_minutes = 60 WHERE id = ?`).run(routedRep, earlier.id);
    // A rep free at that hour takes it.
    const free = one<{ id: string; name: string }>(
      `SELECT u.id, u.display_name AS name FROM users u JOIN workspace_memberships m ON m.user_id = u.id
       WHERE m.workspace_id = ? AND m.role = 'sdr' AND u.id <> ?
         AND NOT EXISTS (SELECT 1 FROM appointments x WHERE x.assigned_user_id = u.id AND x.deleted_at IS NULL AND x.status IN ('scheduled', 'confirmed')
           AND x.scheduled_at < '2026-11-19T18:30:00.000Z' AND strftime('%Y-%m-%dT%H:%M:%fZ', x.scheduled_at, '+' || x.duration_minutes || ' minutes') > '2026-11-19T17:30:00.000Z')
       ORDER BY u.display_name LIMIT 1`,
      h().workspaceId,
      routedRep,
    );
    const logan = free.id;
    // Another rep, working weekends only for this test: choosing them warns (Thursday is off), and does not refuse.
    const config = await h().dispatcher.call('routing.config', { workspaceId: h().workspaceId });
    if (!config.ok) throw new Error(config.error.message);
    const weekender = (config.value as RoutingConfigView).reps.find((r) => r.role === 'sdr' && r.hours && r.userId !== routedRep && r.userId !== logan)!;
    const saveRep = (hours: typeof weekender.hours) =>
      h().dispatcher.call('routing.saveRep', { workspaceId: h().workspaceId, userId: weekender.userId, team: weekender.team, weight: weekender.weight, dailyCap: weekender.dailyCap, hours, timeZone: weekender.timeZone, inRotation: weekender.inRotation });
    expect((await saveRep({ ...weekender.hours!, days: [0, 6] })).ok).toBe(true);
    try {
      await withConsole(h(), async (page) => {
        await go(page, 'a');
        await page.keyboard.press('2');
        await eventually(() => text(page, 'summary-rebook')).toMatch(/^Needs rebooking1/);
        await page.getByTestId('queue-needs_rebooking').click();
        const row = page.locator(`tr[data-id="${mine.id}"]`);
        await row.waitFor();
        await expect(row.getByText('Needs rebooking').count()).resolves.toBe(1);
        await row.click();
        const banner = page.getByTestId('appt-rebook-banner');
        await eventually(async () => ((await banner.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(`${userName(routedRep)} is also booked with ${earlier.name} at Thu, Nov 19 · 5:30 PM – 6:30 PM`);
        await screenshot(page, 'appointments-needs-rebooking');
        await banner.getByRole('button', { name: 'Reassign' }).click();
        await page.getByTestId('appt-reassign-rep').selectOption(weekender.userId);
        await eventually(() => text(page, 'appt-hours-warning')).toBe(`Outside working hours: ${weekender.name} does not work on Thu. You can still save it.`);
        await page.getByTestId('appt-reassign-rep').selectOption(logan);
        await eventually(() => page.getByTestId('appt-hours-warning').count()).toBe(0);
        await page.getByTestId('appt-reason').fill('double-booked after sync');
        await page.getByTestId('appt-reason').press('Enter');
        await eventually(() => text(page, 'appt-rep')).toBe(free.name);
        await banner.waitFor({ state: 'detached' });
        await expect(text(page, 'appt-override')).resolves.toContain('Jordan Avery overrode routing: “double-booked after sync”');
        await eventually(() => text(page, 'summary-rebook')).toMatch(/^Needs rebooking0/);
      });
    } finally {
      expect((await saveRep(weekender.hours)).ok).toBe(true);
    }
    expect(latestFor(d.id)!.assigned_user_id).toBe(logan);
  });

  it('shows the team calendar by day and week and records an outcome from it', async () => {
    const [, b] = leads as [Lead, Lead];
    const fallbackBooking = latestFor(b.id)!;
    const owner = userName(fallbackBooking.assigned_user_id!);
    await withConsole(h(), async (page) => {
      await go(page, 'a');
      await page.keyboard.press('1');
      await page.getByTestId('calendar').waitFor();
      await page.keyboard.press('w');
      await eventually(() => text(page, 'cal-range')).toBe('Nov 15 – Nov 21, 2026');
      await eventually(() => page.locator(`[data-testid="cal-block"][data-appointment-id="${fallbackBooking.id}"]`).count()).toBe(1);
      await screenshot(page, 'appointments-calendar-week');
      await page.keyboard.press('Control+Shift+L');
      await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await screenshot(page, 'appointments-calendar-week-dark');
      await page.keyboard.press('Control+Shift+L');
      // j / k move a week, t comes back.
      await page.keyboard.press('j');
      await eventually(() => text(page, 'cal-range')).toBe('Nov 22 – Nov 28, 2026');
      await page.keyboard.press('k');
      await page.keyboard.press('k');
      await eventually(() => text(page, 'cal-range')).toBe('Nov 8 – Nov 14, 2026');
      await page.keyboard.press('t');
      await eventually(() => text(page, 'cal-range')).toBe('Nov 15 – Nov 21, 2026');

      // Today by rep: the fallback owner gets a column for the 4 AM (Chicago) booking, placed at 10:00 UTC.
      await page.keyboard.press('d');
      await eventually(() => text(page, 'cal-range')).toBe('Monday, November 16, 2026');
      const block = page.locator(`[data-testid="cal-col-${fallbackBooking.assigned_user_id}"] [data-appointment-id="${fallbackBooking.id}"]`);
      await block.waitFor();
      await expect(block.evaluate((el) => (el as HTMLElement).style.top)).resolves.toBe(`${10 * 44 + 1}px`);
      await screenshot(page, 'appointments-calendar-day');

      // One rep: only their column, the time they do not work greyed: 9:00 in Chicago is 15:00 UTC.
      const kai = userName(routedRep);
      await page.getByTestId('cal-reps').click();
      await page.getByRole('menuitemcheckbox', { name: new RegExp(kai) }).click();
      await eventually(() => page.locator('.cal-col').count()).toBe(1);
      await expect(page.getByTestId('calendar').getByText(`Outside ${kai}'s hours`).count()).resolves.toBe(1);
      const firstBand = page.locator(`[data-testid="cal-col-${routedRep}"] .cal-off`).first();
      await expect(firstBand.evaluate((el) => [(el as HTMLElement).style.top, (el as HTMLElement).style.height])).resolves.toEqual(['0px', `${15 * 44}px`]);
      await screenshot(page, 'appointments-calendar-one-rep');
      // The fallback owner instead: a manager outside the rotation, with no set hours.
      await page.getByRole('menuitemcheckbox', { name: new RegExp(kai) }).click();
      await page.getByRole('menuitemcheckbox', { name: new RegExp(owner) }).click();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('calendar').getByText(`${owner} has no set hours`).count()).resolves.toBe(1);

      // The block opens the appointment; it has started, so s records the show.
      await block.click();
      const drawer = page.getByTestId('appt-drawer');
      await eventually(() => drawer.getAttribute('data-appointment-id')).toBe(fallbackBooking.id);
      await eventually(() => text(page, 'appt-routing-status')).toBe('Fallback owner');
      await page.keyboard.press('s');
      await eventually(() => text(page, 'appt-status')).toBe('Showed');
      await eventually(() => block.getAttribute('class')).toContain('appt-st-completed');
      await screenshot(page, 'appointments-outcome');
    });
    expect(latestFor(b.id)!.status).toBe('completed');
    // The outcome is a call in the figures.
    expect(one<{ crm_stage: string }>(`SELECT crm_stage FROM calls WHERE external_source = 'appointment' AND external_id = ?`, fallbackBooking.id).crm_stage).toBe('completed');
  });

  it('lists the team queue with counts, sorts, pages and exports every matching row as safe CSV', async () => {
    const ws = h().workspaceId;
    const upcoming = one<{ n: number }>(`SELECT count(*) AS n FROM appointments WHERE workspace_id = ? AND deleted_at IS NULL AND status IN ('scheduled','confirmed') AND scheduled_at >= '2026-11-16T15:00'`, ws).n;
    const all = one<{ n: number }>(`SELECT count(*) AS n FROM appointments WHERE workspace_id = ? AND deleted_at IS NULL`, ws).n;
    await withConsole(h(), async (page) => {
      await go(page, 'a');
      await page.keyboard.press('2');
      await page.getByTestId('queue-upcoming').click();
      await eventually(() => text(page, 'queue-upcoming')).toBe(`Upcoming${upcoming}`);
      await eventually(() => text(page, 'appt-total')).toBe(`1–${Math.min(50, upcoming)} of ${upcoming}`);
      await screenshot(page, 'appointments-list');
      await page.getByTestId('queue-all').click();
      await eventually(() => text(page, 'appt-total')).toBe(`1–50 of ${all}`);
      // → turns the page.
      await page.keyboard.press('ArrowRight');
      await eventually(() => text(page, 'appt-total')).toBe(`51–100 of ${all}`);
      // Sorted by contact, A first.
      await page.getByTestId('sort-contactName').click();
      await listSettled(page);
      await eventually(() => text(page, 'appt-total')).toBe(`1–50 of ${all}`);
      const firstNames = await page.locator('.appt-table tbody tr .cell-main').allTextContents();
      expect(firstNames.slice(0, 5)).toEqual([...firstNames.slice(0, 5)].sort((x, y) => x.localeCompare(y, 'en', { sensitivity: 'base' })));

      // A name a spreadsheet would run as a formula (given after the screenshot, which the README shows).
      const contact = one<{ id: string }>(`SELECT a.contact_id AS id FROM appointments a WHERE a.workspace_id = ? AND a.status = 'scheduled' AND a.scheduled_at > '2026-11-17' ORDER BY a.scheduled_at LIMIT 1`, ws);
      db().prepare(`UPDATE contacts SET first_name = '=HYPERLINK("http://x")' WHERE id = ?`).run(contact.id);
      const csv = await downloaded(page, () => page.getByTestId('appt-export').click());
      expect(csv.name).toMatch(/^appointments-\d{8}-\d{4}\.csv$/);
      expect(csv.lines.length - 1).toBe(all);
      expect(csv.lines[0]).toMatch(/^Scheduled \(UTC\),Scheduled \(UTC\),Duration \(min\),Contact,/);
      const risky = csv.lines.find((l) => l.includes('HYPERLINK'))!;
      expect(risky).toContain(`"'=HYPERLINK(""http://x"")`);
    });
  });

  it('keeps routing read-only for an SDR and the override for managers', async () => {
    const [, , c] = leads as [Lead, Lead, Lead | undefined];
    await actingAs(h(), firstSdr(h()), async () => {
      await withConsole(h(), async (page) => {
        await go(page, 'a');
        await page.keyboard.press('3');
        await page.getByTestId('routing-readonly').waitFor();
        await expect(page.getByTestId('rule-add').count()).resolves.toBe(0);
        await expect(page.getByTestId('rule-edit').count()).resolves.toBe(0);
        await screenshot(page, 'appointments-routing-sdr');
        if (c) {
          await openBooking(page, c);
          await page.getByTestId('book-when').fill(WED_11_CHICAGO);
          await decisionSettled(page);
          await eventually(() => text(page, 'book-decision-reason')).toMatch(/→/);
          await expect(page.getByTestId('book-override').count()).resolves.toBe(0);
        }
      });
    });
  });

  it('without routing rules keeps the rep picker for whoever books', async () => {
    const [, , c] = leads as [Lead, Lead, Lead | undefined];
    await withConsole(h(), async (page) => {
      await go(page, 'a');
      await page.keyboard.press('3');
      await page.getByTestId('rules-table').waitFor();
      while ((await page.getByTestId('rule-delete').count()) > 0) {
        const before = await page.getByTestId('rule-delete').count();
        await page.getByTestId('rule-delete').first().click();
        await eventually(() => page.getByTestId('rule-delete').count()).toBe(before - 1);
      }
      await page.getByTestId('rules-empty').waitFor();
      await screenshot(page, 'appointments-routing-empty');
      if (c) {
        await openBooking(page, c);
        await page.getByTestId('book-rep').waitFor();
        await expect(page.getByTestId('book-decision').count()).resolves.toBe(0);
        const sdr = firstSdr(h());
        await page.getByTestId('book-rep').selectOption(sdr);
        await page.getByTestId('book-when').fill('2026-11-25T17:00');
        await page.keyboard.press('Enter');
        await page.getByTestId('book-dialog').waitFor({ state: 'detached' });
        const booked = latestFor(c.id)!;
        expect(booked.assigned_user_id).toBe(sdr);
        expect(booked.routing_status).toBe('manual');
      }
    });
  });
});
