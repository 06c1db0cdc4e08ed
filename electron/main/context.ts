// The main process's services, created once per run and passed explicitly (no module-level db).
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppStatus } from '../../shared/api/app';
import { HlcClock } from '../../shared/domain/hlc';
import { uuidv7 } from '../../shared/domain/ids';
import { closeDatabase, openDatabase, type AppDb } from '../../db/connection';
import type { MigrateResult } from '../../db/migrate';
import { getMeta, lastIssuedHlc, setMeta } from '../../db/queries/meta';
import { workspacesForUser } from '../../db/queries/workspaces';
import { finishBulkLoad } from '../../db/sync/bulk-load';
import { backfillCallDays, migrateLegacyCalls } from '../../db/queries/calls';
import { trafficConfig } from '../../db/queries/workspace-settings';
import { adoptMergedChildren } from '../../db/queries/contact-merge';
import { seedDemo, type DemoOptions } from '../../db/seed/demo';
import { removeDemoData } from '../../db/seed/remove-demo';
import { insertRow, transaction, type Writer } from '../../db/write';
import { users, workspaceMemberships, workspaces } from '../../db/schema';
import { EventBus } from './event-bus';
import { MemorySecretStore, type SecretStore } from './sync/secrets';
import { inlineRunner, workerRunner } from './sync/runner';
import { SyncService } from './sync/service';
import { ImportService } from './imports/service';
import { inlineImportRunner, workerImportRunner } from './imports/runner';
import { UploadStore } from '../../db/import/uploads';
import { recoverInterruptedImports } from '../../db/import/undo';
import { startRfmUpkeep } from './rfm-upkeep';

export interface AppContext {
  readonly db: AppDb;
  readonly clock: HlcClock;
  readonly deviceId: string;
  readonly appVersion: string;
  readonly events: EventBus;
  readonly migration: MigrateResult;
  now(): Date;
  writer(actorUserId: string | null): Writer;
  /**
   * Moves this device's clock past a clock seen on the server (HLC receive), so an edit made after
   * seeing a change sorts after it even when this device's wall clock is behind. A remote clock
   * implausibly far ahead is ignored rather than allowed to drag ours along. Persisted.
   */
  receiveClock(remote: string | null): void;
  readonly sync: SyncService;
  readonly imports: ImportService;
  status(): AppStatus;
  close(): void;
}

export interface CreateContextOptions {
  dbPath: string;
  migrationsFolder: string;
  appVersion: string;
  /** Seed the demo set on a first start (empty database). */
  demo: boolean;
  demoOptions?: DemoOptions;
  now?: () => Date;
  /** Large RFM passes run in a worker (rfm-upkeep.ts); tests set lower limits to see it at work. */
  rfm?: { inlineLimit?: number; chunk?: number };
  sync?: {
    /** Where the password lives (a factory when it needs the database). Default: memory only. */
    secrets?: SecretStore | ((db: AppDb) => SecretStore);
    /** 'worker' (default for a database file): sync in a worker thread on its own connection. */
    runner?: 'worker' | 'inline';
    /** Run in the background every few seconds (the app); off for the CLI and tests. */
    background?: boolean;
    intervalMs?: number;
    maxBackoffMs?: number;
  };
}

export async function createAppContext(options: CreateContextOptions): Promise<AppContext> {
  const { db, migration } = await openDatabase({ path: options.dbPath, migrationsFolder: options.migrationsFolder });
  // A first sync cut short by a crash may have left a table without its secondary indexes: the
  // app needs them before it serves a screen (the sync worker starts after this).
  finishBulkLoad(db);
  const now = options.now ?? (() => new Date());
  let deviceId = getMeta(db, 'device_id');
  if (!deviceId) {
    deviceId = randomBytes(8).toString('hex');
    setMeta(db, 'device_id', deviceId);
  }
  const clock = new HlcClock(deviceId, () => now().getTime(), lastIssuedHlc(db));
  const events = new EventBus();
  const syncOptions = options.sync ?? {};
  const useWorker = (syncOptions.runner ?? 'worker') === 'worker' && options.dbPath !== ':memory:';
  let stopRfm: (() => void) | undefined;
  const ctx: Omit<AppContext, 'sync' | 'imports'> & { sync: SyncService | null; imports: ImportService | null } = {
    db,
    clock,
    deviceId,
    appVersion: options.appVersion,
    events,
    migration,
    now,
    writer: (actorUserId) => ({ db, clock, actorUserId, now: () => now().toISOString(), newId: uuidv7 }),
    receiveClock: (remote) => {
      if (remote) {
        try {
          clock.receive(remote);
        } catch {
          // More than MAX_DRIFT_MS ahead of this device: not merged (see HlcClock.receive).
        }
      }
      setMeta(db, 'last_hlc', clock.last());
    },
    sync: null,
    imports: null,
    status: () => ctx.sync!.appStatus(),
    close: () => {
      stopRfm?.();
      void ctx.sync?.close();
      closeDatabase(db);
    },
  };
  ctx.sync = new SyncService(
    { db, events, deviceId, now, receiveClock: (remote) => ctx.receiveClock(remote), afterPull: () => adoptMergedChildren(ctx.writer!(null)) },
    {
      secrets: typeof syncOptions.secrets === 'function' ? syncOptions.secrets(db) : (syncOptions.secrets ?? new MemorySecretStore()),
      runner: useWorker ? workerRunner(options.dbPath) : inlineRunner(db),
      ...(syncOptions.intervalMs !== undefined ? { intervalMs: syncOptions.intervalMs } : {}),
      ...(syncOptions.maxBackoffMs !== undefined ? { maxBackoffMs: syncOptions.maxBackoffMs } : {}),
      background: syncOptions.background ?? false,
    },
  );
  ctx.imports = new ImportService({
    db,
    events,
    uploads: new UploadStore(options.dbPath === ':memory:' ? join(tmpdir(), `convio-uploads-${deviceId}`) : join(dirname(options.dbPath), 'uploads')),
    runner: useWorker ? workerImportRunner(options.dbPath, deviceId) : inlineImportRunner(ctx.writer),
    writer: ctx.writer,
    receiveClock: (remote) => ctx.receiveClock(remote),
    clockOffsetMs: () => now().getTime() - Date.now(),
  });
  const app = ctx as AppContext;
  // An import the app was killed in the middle of leaves nothing behind.
  recoverInterruptedImports(app.writer(null));
  // Rows a pull brought for a contact merged away, if the app stopped before moving them.
  adoptMergedChildren(app.writer(null));
  // Uploaded files are kept a week, and as long as a dry run of theirs can still be committed.
  const committable = db.sqlite.prepare(`SELECT j.path FROM import_jobs j JOIN import_batches b ON b.id = j.batch_id WHERE b.status = 'validated'`).pluck().all() as string[];
  app.imports.uploads.sweep(7 * 24 * 3600 * 1000, new Set(committable));
  ensureDemoState(app, options);
  ensureLocalIdentity(app);
  bringCallsUpToDate(app);
  // Scores current before the first screen reads them; then kept so (rfm-upkeep.ts).
  stopRfm = startRfmUpkeep({ db, events, now, ...options.rfm });
  await app.sync.start();
  return app;
}

function ensureDemoState(ctx: AppContext, options: CreateContextOptions): void {
  const { db } = ctx;
  const hasDemo = db.sqlite.prepare('SELECT 1 FROM workspaces WHERE is_demo = 1 LIMIT 1').get() !== undefined;
  // A demo seed cut short (the app was killed mid-seed) is removed and started again.
  if (hasDemo && !getMeta(db, 'demo_seeded_at')) removeDemoData(db);
  const empty = db.sqlite.prepare('SELECT 1 FROM workspaces LIMIT 1').get() === undefined;
  if (!options.demo || !empty) return;
  const summary = seedDemo(db, {
    ...options.demoOptions,
    onProgress: (phase, done, total) => {
      options.demoOptions?.onProgress?.(phase, done, total);
      ctx.events.emit('job.progress', {
        jobId: 'demo-seed', kind: 'seed', phase, done, total, ratePerSecond: null, etaSeconds: null, message: `Creating demo data: ${phase}`, finished: false, error: null,
      });
    },
  });
  setMeta(db, 'demo_seeded_at', ctx.now().toISOString());
  setMeta(db, 'current_user_id', summary.adminUserId);
}

/** Makes sure there is a current user with at least one workspace (a fresh --no-demo start gets its own). */
export function ensureLocalIdentity(ctx: AppContext): void {
  const { db } = ctx;
  const current = getMeta(db, 'current_user_id');
  const valid = current && workspacesForUser(db, current).length > 0;
  if (valid) return;
  const existing = db.sqlite
    .prepare(
      `SELECT u.id FROM users u JOIN workspace_memberships m ON m.user_id = u.id AND m.deleted_at IS NULL
       WHERE u.deleted_at IS NULL ORDER BY u.is_demo, CASE m.role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END LIMIT 1`,
    )
    .pluck()
    .get() as string | undefined;
  if (existing) {
    setMeta(db, 'current_user_id', existing);
    return;
  }
  // A placeholder identity for a device that has never synced: local only, never pushed.
  const w = { ...ctx.writer(null), localOnly: true };
  transaction(db, () => {
    const user =
      (current ? db.sqlite.prepare('SELECT id FROM users WHERE id = ? AND deleted_at IS NULL').pluck().get(current) : undefined) as string | undefined;
    const userId = user ?? insertRow(w, users, { email: 'me@localhost', displayName: 'You', isDemo: false }).id;
    const ws = insertRow(w, workspaces, { name: 'My workspace', isDemo: false });
    insertRow(w, workspaceMemberships, { workspaceId: ws.id, userId, role: 'admin' });
    setMeta(db, 'current_user_id', userId);
    setMeta(db, 'current_workspace_id', ws.id);
  });
}

/**
 * Calls written before Step 2 (or imported with only legacy fields) get their day bucket and the
 * seed's legacy stage/source mapping. Both are no-ops once done, so every start can run them.
 */
function bringCallsUpToDate(ctx: AppContext): void {
  backfillCallDays(ctx.db);
  migrateLegacyCalls(ctx.writer(null), (workspaceId) => trafficConfig(ctx.db, workspaceId).rules);
}
