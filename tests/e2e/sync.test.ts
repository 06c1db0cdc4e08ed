// The Sync screen in a real Chromium against the headless host and a real Postgres (embedded, or
// DATABASE_URL): set up the connection and test it, save and sync (the console takes the server's
// identity and roles), watch pending changes fall to zero, and see a change the server refuses
// parked with its reason, then discard it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createWorkspace, migratePg } from '../../db/pg/admin';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../electron/host/embedded-pg';
import { HostSecretStore } from '../../electron/main/sync/secrets';
import { eventually, screenshot, useConsoleHarness, withConsole } from './harness';

let embedded: EmbeddedServer | null = null;
let admin: pg.Client;
let server: { host: string; port: number; database: string };
let workspaceId: string;
const PASSWORD = `e2e-${randomBytes(6).toString('hex')}`;
const LOGIN = `morgan_${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  let rootUrl = process.env.DATABASE_URL;
  if (!rootUrl) {
    embedded = await startEmbeddedPostgres({ fast: true });
    rootUrl = embedded.url;
  }
  const database = `convio_e2e_${randomBytes(4).toString('hex')}`;
  const root = new pg.Client({ connectionString: rootUrl });
  await root.connect();
  await root.query(`CREATE DATABASE ${database}`);
  await root.end();
  const url = new URL(rootUrl);
  url.pathname = `/${database}`;
  admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await migratePg(admin);
  workspaceId = (await createWorkspace(admin, 'Team East', 'America/Chicago')).id;
  await addUser(admin, { email: 'morgan@example.com', displayName: 'Morgan Lee', login: LOGIN, password: PASSWORD, workspaceId, role: 'admin' });
  server = { host: url.hostname, port: Number(url.port), database };
}, 180_000);

afterAll(async () => {
  await admin?.end();
  await embedded?.stop();
});

// The browser console keeps a typed password for the session (no CONVIO_PG_PASSWORD set here).
const h = useConsoleHarness({ sync: { secrets: new HostSecretStore({}), runner: 'worker', background: true, intervalMs: 1_000 } });

async function clearToasts(page: import('playwright-core').Page): Promise<void> {
  for (const button of await page.getByRole('button', { name: 'Dismiss' }).all()) await button.click().catch(() => {});
}

const tile = (page: import('playwright-core').Page, id: string) => page.getByTestId(id).locator('.sync-tile-value');

describe('sync screen', () => {
  it('connects, drains pending changes, and shows a refused change with its reason', async () => {
    await withConsole(h(), async (page) => {
      await page.keyboard.press('g');
      await page.keyboard.press('s');
      await expect.poll(() => page.getByTestId('sync-state').textContent()).toBe('Not set up');
      await expect.poll(() => page.getByTestId('parked-empty').isVisible()).toBe(true);
      // Nothing has reached a server yet, and the screen does not say otherwise.
      expect(await page.getByTestId('sync-pending').locator('.sync-tile-hint').textContent()).toBe('Nothing waiting to be sent');
      // The host says why it will not keep the password.
      expect(await page.getByTestId('secrets-reason').textContent()).toMatch(/CONVIO_PG_PASSWORD/);

      // Field errors sit next to their field.
      const form = page.getByTestId('sync-form');
      await form.locator('input[name="host"]').fill('not a host!');
      await form.locator('input[name="user"]').fill(LOGIN);
      await page.getByTestId('sync-test').click();
      await expect.poll(() => page.getByTestId('error-host').textContent()).toMatch(/host name or IP address/);
      expect(await page.getByTestId('error-password').textContent()).toMatch(/enter the password/);

      await form.locator('input[name="host"]').fill(server.host);
      await form.locator('input[name="port"]').fill(String(server.port));
      await form.locator('input[name="database"]').fill(server.database);
      await form.locator('input[name="password"]').fill(PASSWORD);
      await form.locator('select[name="sslMode"]').selectOption('disable');
      await page.getByTestId('sync-test').click();
      await expect.poll(() => page.getByTestId('sync-test-result').textContent()).toMatch(new RegExp(`Connected as Morgan Lee \\(${LOGIN}\\): Team East \\(admin\\)`));
      await screenshot(page, 'sync-connect');

      await page.getByTestId('sync-save').click();
      await eventually(() => page.getByTestId('sync-state').textContent(), 20_000).toBe('Synced');
      await eventually(() => page.getByTestId('sync-user').textContent()).toBe('Morgan Lee');
      // The console now works as the server's user, in the server's workspace, with its role.
      await eventually(() => page.getByLabel('Workspace', { exact: true }).inputValue()).toBe(workspaceId);
      expect(await page.getByTestId('sync-workspaces').textContent()).toMatch(/Team East\s*Admin/);
      await expect.poll(() => page.getByTestId('sync-indicator').textContent()).toMatch(/Synced/);

      // Pause background sync, then work offline-style: the changes wait on this device.
      await form.locator('input[name="enabled"]').uncheck();
      await page.getByTestId('sync-save').click();
      await eventually(() => page.getByTestId('sync-state').textContent()).toBe('Paused');
      for (const name of ['Avery', 'Blake', 'Casey']) {
        const r = await h().dispatcher.call('leads.create', { workspaceId, contact: { firstName: name, lastName: 'Stone', email: `${name.toLowerCase()}@example.com` }, lead: { leadType: 'solar', source: 'website' } });
        expect(r.ok).toBe(true);
      }
      // Meanwhile the admin makes Morgan an SDR on the server; this device does not know yet and
      // still lets Morgan edit the workspace's traffic rules (an admin-only change).
      await addUser(admin, { email: 'morgan@example.com', displayName: 'Morgan Lee', login: LOGIN, workspaceId, role: 'sdr' });
      const traffic = await h().dispatcher.call('settings.traffic', { workspaceId });
      if (!traffic.ok) throw new Error(traffic.error.message);
      const config = traffic.value as { sources: { key: string; label: string; color: string }[]; rules: unknown[] };
      const saved = await h().dispatcher.call('settings.saveTraffic', { workspaceId, sources: [...config.sources, { key: 'referral', label: 'Referral', color: '#8e4ec6' }], rules: config.rules });
      expect(saved.ok).toBe(true);
      await eventually(async () => Number((await tile(page, 'sync-pending').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(3);
      expect(Number((await page.getByTestId('pending-count').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(3);
      await clearToasts(page);
      await screenshot(page, 'sync-pending');

      await page.getByTestId('sync-now').click();
      await eventually(() => tile(page, 'sync-pending').textContent(), 20_000).toBe('0');
      expect(await page.getByTestId('sync-pending').locator('.sync-tile-hint').textContent()).toBe('All your changes are on the server');
      await eventually(() => tile(page, 'sync-parked').textContent()).toBe('1');
      const row = page.getByTestId('parked-table').locator('tbody tr');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.locator('[data-col="label"]').textContent()).toBe('Workspace settings of Team East');
      expect(await row.locator('[data-col="op"]').textContent()).toBe('New record');
      expect(await row.locator('[data-col="reason"]').textContent()).toMatch(/Your role on the team server does not allow this change.*row-level security/);
      // The leads reached the server; the refusal did not hold them up.
      expect((await admin.query(`SELECT count(*)::int AS n FROM convio.leads WHERE workspace_id = $1`, [workspaceId])).rows[0].n).toBe(3);
      // Roles come from the server: as an SDR, Morgan no longer sees the admin screens.
      await eventually(() => page.getByTestId('sync-workspaces').textContent()).toMatch(/Team East\s*SDR/);
      await eventually(() => page.locator('nav.sidebar a[href="#/import"]').count()).toBe(0);
      await clearToasts(page);
      await screenshot(page, 'sync-parked');

      // Discard: the local rules go back to what the server has (the defaults).
      await row.getByRole('button', { name: 'Discard' }).click();
      await page.getByTestId('confirm-discard').click();
      await eventually(() => page.getByTestId('parked-empty').isVisible()).toBe(true);
      const after = await h().dispatcher.call('settings.traffic', { workspaceId });
      expect(after.ok && (after.value as { isDefault: boolean }).isDefault).toBe(true);
    });
  });
});
