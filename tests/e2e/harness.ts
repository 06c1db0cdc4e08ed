// End-to-end harness: one throwaway console per test file. A file database in a temp dir with the
// deterministic demo set, the headless host on a free port, and (unless a file only speaks HTTP)
// Debian's Chromium driven by playwright-core. Everything is torn down in reverse order.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createAppContext, type AppContext, type CreateContextOptions } from '../../electron/main/context';
import type { Dispatcher } from '../../electron/main/dispatch';
import { createDispatcher } from '../../electron/main/handlers';
import { startHost, type Host } from '../../electron/host/server';
import { appVersion, MIGRATIONS_FOLDER, RENDERER_DIR, REPO_ROOT } from '../../electron/host/paths';

/** The demo set's "now": fixed, so every run seeds the same rows. */
export const ANCHOR = new Date('2026-11-16T00:00:00.000Z');
/** What both the browser and the backend see as the current time: mid-afternoon on the anchor day. */
export const CLOCK_START = new Date(ANCHOR.getTime() + 15 * 3_600_000);
/** Big enough for scrolling and search to mean something, small enough to seed in about a second. */
export const DEMO_LEADS = 3_000;

export const ARTIFACTS_DIR = join(REPO_ROOT, 'tests', 'e2e', 'artifacts');
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'resources', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Fails (never skips) when there is no browser: an e2e suite that silently does nothing proves nothing. */
export function assertChromiumInstalled(): string {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}, so the end-to-end tests cannot run. ` +
        'Install it with `apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a ' +
        'Chromium or Chrome binary (for example one fetched by `npx playwright install chromium`).',
    );
  }
  return path;
}

function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built (${RENDERER_DIR} has no index.html). Run \`npx electron-vite build\` (npm test does it).`);
  }
}

export interface HarnessOptions {
  /** Launch Chromium; files that only speak HTTP to the host leave it off. */
  browser?: boolean;
  leads?: number;
  /** Sync service options (the Sync screen's test runs it in the background against a real Postgres). */
  sync?: CreateContextOptions['sync'];
}

export interface ConsoleHarness {
  dir: string;
  ctx: AppContext;
  dispatcher: Dispatcher;
  host: Host;
  /** The workspace the console opens on (the current user's first, as bootstrap chooses it). */
  workspaceId: string;
  /** A fresh browser context (own cookies and storage) with the console loaded and the grid filled. */
  openConsole(): Promise<OpenedConsole>;
  close(): Promise<void>;
}

export interface OpenedConsole {
  page: Page;
  /** Uncaught page errors and console errors seen so far; a test ends by expecting none. */
  errors: string[];
  close(): Promise<void>;
}

export async function startConsole(options: HarnessOptions = {}): Promise<ConsoleHarness> {
  const wantBrowser = options.browser ?? true;
  const executablePath = wantBrowser ? assertChromiumInstalled() : null;
  assertRendererBuilt();

  const dir = mkdtempSync(join(tmpdir(), 'convio-e2e-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    // Reverse order: browser, host, database, temp dir. Every step runs even if one fails.
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw errors[0];
  };

  try {
    const startedAt = Date.now();
    const ctx = await createAppContext({
      dbPath: join(dir, 'convio.sqlite'),
      migrationsFolder: MIGRATIONS_FOLDER,
      appVersion: appVersion(),
      demo: true,
      demoOptions: { leads: options.leads ?? DEMO_LEADS, anchor: ANCHOR },
      // The backend's clock runs from the same fixed start as the browser's, so history entries
      // written during a test read "just now" rather than weeks in the seed's future.
      now: () => new Date(CLOCK_START.getTime() + (Date.now() - startedAt)),
      ...(options.sync ? { sync: options.sync } : {}),
    });
    cleanups.push(async () => {
      await ctx.sync.close();
      ctx.close();
    });
    const dispatcher = createDispatcher(ctx);
    const host = await startHost({ dispatcher, events: ctx.events, rendererDir: RENDERER_DIR });
    cleanups.push(() => host.close());

    const boot = await dispatcher.call('app.bootstrap', {});
    if (!boot.ok) throw new Error(`app.bootstrap failed: ${boot.error.message}`);
    const workspaceId = (boot.value as { currentWorkspaceId: string | null }).currentWorkspaceId;
    if (!workspaceId) throw new Error('The demo seed left the current user without a workspace');

    let browser: Browser | null = null;
    if (executablePath) {
      browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
      const launched = browser;
      cleanups.push(() => launched.close());
    }

    const openConsole = async (): Promise<OpenedConsole> => {
      if (!browser) throw new Error('This harness was started without a browser ({ browser: false })');
      const context: BrowserContext = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        deviceScaleFactor: 1,
        locale: 'en-US',
        timezoneId: 'UTC',
        colorScheme: 'light',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        // The host answers refused input with 4xx and a Result body the UI shows; Chromium logs
        // every 4xx fetch as "Failed to load resource". That is the transport, not an app error.
        if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) {
          errors.push(`console.error: ${msg.text()}`);
        }
      });
      // Only Date is pinned (timers keep running), so relative times in screenshots stay the same.
      await page.clock.setFixedTime(CLOCK_START);
      await page.goto(host.openUrl);
      await page.locator('.ag-row[row-id]').first().waitFor();
      return { page, errors, close: () => context.close() };
    };

    return { dir, ctx, dispatcher, host, workspaceId, openConsole, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

/**
 * One console for the calling test file: started before its tests, closed after them. Returns an
 * accessor; when start-up failed (no Chromium, renderer not built) every test calling it fails with
 * that message, so a missing browser shows up as failed tests, never as skipped ones.
 */
export function useConsoleHarness(options: HarnessOptions = {}): () => ConsoleHarness {
  let harness: ConsoleHarness | null = null;
  let startError: unknown = null;
  beforeAll(async () => {
    try {
      harness = await startConsole(options);
    } catch (err) {
      startError = err;
    }
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (startError) throw startError;
    if (!harness) throw new Error('The console harness is used outside a test');
    return harness;
  };
}

/** Runs a test in a fresh browser context on the console; fails on any uncaught page error. */
export async function withConsole(harness: ConsoleHarness, run: (page: Page) => Promise<void>): Promise<void> {
  const opened = await harness.openConsole();
  try {
    await run(opened.page);
    expect(opened.errors).toEqual([]);
  } finally {
    await opened.close();
  }
}

/** expect.poll with room for a real browser on a busy machine (vitest's default gives up after 1 s). */
export function eventually<T>(read: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 50 });
}

/**
 * Saves a PNG to tests/e2e/artifacts/ (gitignored, for looking at a failed run) and to
 * resources/screenshots/<name>.png (committed; the README shows these).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Screenshot names are kebab-case: ${name}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const artifact = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: artifact, animations: 'disabled', caret: 'hide' });
  copyFileSync(artifact, join(SCREENSHOTS_DIR, `${name}.png`));
  return artifact;
}

/** The workspace's first active SDR (by id), to see the console from an SDR's seat. */
export function firstSdr(harness: ConsoleHarness): string {
  return harness.ctx.db.sqlite
    .prepare("SELECT user_id FROM workspace_memberships WHERE workspace_id = ? AND role = 'sdr' AND status = 'active' ORDER BY user_id LIMIT 1")
    .pluck()
    .get(harness.workspaceId) as string;
}

/** Runs `run` with the device's current user switched to `userId`, switching back to the user before it afterwards. */
export async function actingAs(harness: ConsoleHarness, userId: string, run: () => Promise<void>): Promise<void> {
  const boot = await harness.dispatcher.call('app.bootstrap', {});
  if (!boot.ok) throw new Error(boot.error.message);
  const me = (boot.value as { user: { id: string } }).user.id;
  const switched = await harness.dispatcher.call('session.switchUser', { userId });
  if (!switched.ok) throw new Error(switched.error.message);
  try {
    await run();
  } finally {
    const back = await harness.dispatcher.call('session.switchUser', { userId: me });
    if (!back.ok) throw new Error(back.error.message);
  }
}

/**
 * Holds the page's calls of one API method until `release()` (only those whose JSON body `which`
 * picks, when given); `held()` lists the bodies held, parsed; `stop()` lets calls through from then on.
 */
export async function holdCalls(page: Page, method: string, which?: (body: unknown) => boolean): Promise<{ release(): void; stop(): Promise<void>; held(): unknown[] }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const bodies: unknown[] = [];
  const pattern = `**/api/call/${method}`;
  await page.route(pattern, async (route) => {
    const body = route.request().postDataJSON() as unknown;
    if (which && !which(body)) return route.fallback();
    bodies.push(body);
    await gate;
    await route.fallback();
  });
  return { release, stop: () => page.unroute(pattern), held: () => [...bodies] };
}
