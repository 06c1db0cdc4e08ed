// The main process's sync: settings and password, a background loop (every few seconds while the
// server answers, exponential backoff when it does not), "Sync now", and the status the Sync
// screen and the shell's indicator show. The work itself runs in a SyncRunner (a worker thread in
// the app). Local writes never wait for any of this (DESIGN.md §4.1).
import type { AppStatus, SyncState } from '../../../shared/api/app';
import type { ConnectionTestResult, PasswordSource, SyncConnectionView, SyncPhase, SyncStatusView } from '../../../shared/api/sync';
import type { Role } from '../../../shared/domain/leads';
import { AppError } from '../../../shared/api/contract';
import type { AppDb } from '../../../db/connection';
import { getMeta, setMeta } from '../../../db/queries/meta';
import { pendingChangeCount } from '../../../db/write';
import { eligibleCount } from '../../../db/sync/push';
import { parkedCount } from '../../../db/sync/parked';
import { classifyError, describeServer, type SyncErrorKind, type SyncRunResult } from '../../../db/sync/engine';
import { connectPg } from '../../../db/sync/pg-client';
import { syncedTableOrder } from '../../../db/sync/wire';
import type { EventBus } from '../event-bus';
import type { SecretStore } from './secrets';
import type { SyncRunner } from './runner';
import { clearConnection, readConnection, writeConnection } from './settings';

export interface SyncServiceDeps {
  db: AppDb;
  events: EventBus;
  deviceId: string;
  receiveClock(remote: string | null): void;
  now(): Date;
  /** Local upkeep of what a pull brought (rows of a contact merged away move to the survivor). */
  afterPull?(): void;
}

export interface SyncServiceOptions {
  secrets: SecretStore;
  runner: SyncRunner;
  /** Between successful background runs. */
  intervalMs?: number;
  /** Backoff after failures starts at intervalMs and doubles up to this. */
  maxBackoffMs?: number;
  /** Start the background loop (off for the CLI and most tests). */
  background?: boolean;
}

interface Persisted {
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  last: SyncStatusView['last'];
  totals: SyncStatusView['totals'];
  error: SyncStatusView['error'];
}

const EMPTY: Persisted = { lastSyncAt: null, lastAttemptAt: null, last: null, totals: { pushed: 0, pulled: 0, runs: 0 }, error: null };

export class SyncService {
  private readonly secrets: SecretStore;
  private readonly runner: SyncRunner;
  private readonly intervalMs: number;
  private readonly maxBackoffMs: number;
  private background: boolean;
  private timer: NodeJS.Timeout | null = null;
  private nextAttemptAt: number | null = null;
  private failures = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private progress: SyncStatusView['progress'] = null;
  private passwordSource: PasswordSource = null;
  private pendingCache: { value: number; at: number } | null = null;
  private lastProgressEmit = 0;
  /** A long run (a first sync, a big push) shows in the shell's job bar; routine runs do not. */
  private jobShown = false;
  private closed = false;
  private emittingOwn = false;

  constructor(
    private readonly deps: SyncServiceDeps,
    options: SyncServiceOptions,
  ) {
    this.secrets = options.secrets;
    this.runner = options.runner;
    this.intervalMs = options.intervalMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.background = options.background ?? false;
    // A local write: push it soon rather than at the next tick (never blocking the write).
    deps.events.on('data.changed', () => {
      if (this.emittingOwn) return;
      this.pendingCache = null;
      if (this.failures === 0) this.schedule(1_000, true);
    });
  }

  /** Loads the password source and starts the background loop when sync is set up. */
  async start(): Promise<void> {
    this.passwordSource = (await this.safeGetPassword())?.source ?? null;
    if (this.background) this.schedule(0);
  }

  setBackground(on: boolean): void {
    this.background = on;
    if (on) this.schedule(0);
    else this.clearTimer();
  }

  private persisted(): Persisted {
    const raw = getMeta(this.deps.db, 'sync_status');
    return raw ? { ...EMPTY, ...(JSON.parse(raw) as Partial<Persisted>) } : { ...EMPTY };
  }

  private save(p: Persisted): void {
    setMeta(this.deps.db, 'sync_status', JSON.stringify(p));
  }

  private pending(): number {
    const now = Date.now();
    if (!this.pendingCache || now - this.pendingCache.at > 1_000) this.pendingCache = { value: eligibleCount(this.deps.db), at: now };
    return this.pendingCache.value;
  }

  state(): SyncState {
    const connection = readConnection(this.deps.db);
    if (!connection) return 'not_configured';
    if (this.running) return 'syncing';
    if (!connection.enabled) return 'paused';
    const { error } = this.persisted();
    if (error) return error.kind === 'network' ? 'offline' : 'error';
    return this.persisted().lastSyncAt ? 'online' : 'offline';
  }

  /** The slice of the status every window's shell shows. */
  appStatus(): AppStatus {
    const connection = readConnection(this.deps.db);
    const p = this.persisted();
    const state = this.state();
    const pending = connection ? this.pending() : pendingChangeCount(this.deps.db);
    const message =
      state === 'not_configured'
        ? 'Sync is not set up on this device: everything is kept here.'
        : state === 'syncing'
          ? this.progress?.phase === 'pull' ? 'Receiving changes from the team server…' : 'Sending changes to the team server…'
          : state === 'paused'
            ? 'Sync is paused on this device.'
            : p.error
              ? p.error.message
              : p.lastSyncAt
                ? `Synced with ${connection!.host}`
                : `Not synced with ${connection!.host} yet`;
    return { pendingChanges: pending, sync: { state, lastSyncAt: p.lastSyncAt, message } };
  }

  async status(): Promise<SyncStatusView> {
    const connection = readConnection(this.deps.db);
    const p = this.persisted();
    const userId = getMeta(this.deps.db, 'current_user_id');
    let serverUser: SyncStatusView['serverUser'] = null;
    if (connection && userId) {
      const user = this.deps.db.sqlite.prepare('SELECT display_name FROM users WHERE id = ? AND login_role = ?').get(userId, connection.user) as { display_name: string } | undefined;
      if (user) {
        const workspaces = this.deps.db.sqlite
          .prepare(
            `SELECT w.name, m.role FROM workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
             WHERE m.user_id = ? AND m.status = 'active' AND m.deleted_at IS NULL AND w.id IN (SELECT workspace_id FROM synced_workspaces) ORDER BY w.name`,
          )
          .all(userId) as { name: string; role: Role }[];
        serverUser = { displayName: user.display_name, workspaces };
      }
    }
    return {
      configured: connection !== null,
      connection,
      passwordSource: this.passwordSource,
      secrets: await this.secrets.info(),
      state: this.state(),
      online: !!connection && !(p.error?.kind === 'network') && p.lastSyncAt !== null,
      lastSyncAt: p.lastSyncAt,
      lastAttemptAt: p.lastAttemptAt,
      nextAttemptAt: this.nextAttemptAt && connection?.enabled ? new Date(this.nextAttemptAt).toISOString() : null,
      pending: connection ? this.pending() : pendingChangeCount(this.deps.db),
      parked: parkedCount(this.deps.db),
      last: p.last,
      totals: p.totals,
      error: p.error,
      progress: this.progress,
      serverUser,
    };
  }

  async saveSettings(input: { host: string; port: number; database: string; user: string; sslMode: SyncConnectionView['sslMode']; password?: string | undefined; rememberPassword: boolean; enabled: boolean }): Promise<SyncStatusView> {
    const { password, rememberPassword, ...connection } = input;
    const before = readConnection(this.deps.db);
    const { endpointChanged } = writeConnection(this.deps.db, connection);
    if (password !== undefined) {
      if (password === '') await this.secrets.clear();
      else await this.secrets.set(password, rememberPassword);
    } else if (endpointChanged && before && before.user !== connection.user) {
      // Another login: the old login's password is not this one's.
      await this.secrets.clear();
    }
    this.passwordSource = (await this.safeGetPassword())?.source ?? null;
    this.failures = 0;
    this.emitStatus();
    if (connection.enabled) this.schedule(0);
    else this.clearTimer();
    return this.status();
  }

  async forget(): Promise<SyncStatusView> {
    this.clearTimer();
    await this.running;
    clearConnection(this.deps.db);
    await this.secrets.clear();
    this.passwordSource = null;
    this.emitStatus();
    return this.status();
  }

  /** Connects with these settings (the stored password when none is given) and reports what it finds. */
  async test(input: { host: string; port: number; database: string; user: string; sslMode: SyncConnectionView['sslMode']; password?: string | undefined }): Promise<ConnectionTestResult> {
    const password = input.password ?? (await this.safeGetPassword())?.password;
    if (!password) return { ok: false, message: 'Enter the password for this user.', serverVersion: null, schemaVersion: null, workspaces: [] };
    let pg;
    try {
      pg = await connectPg(input, password, { connectTimeoutMs: 8_000, statementTimeoutMs: 15_000 });
    } catch (err) {
      return { ok: false, message: classifyError(err).message, serverVersion: null, schemaVersion: null, workspaces: [] };
    }
    pg.on('error', () => {});
    try {
      const found = await describeServer(pg);
      const who = found.displayName ? `${found.displayName} (${input.user})` : input.user;
      const message =
        found.workspaces.length === 0
          ? `Connected as ${who}, but this login is not a member of any workspace yet. Ask your admin to add you.`
          : `Connected as ${who}: ${found.workspaces.map((w) => `${w.name} (${w.role})`).join(', ')}.`;
      return { ok: found.workspaces.length > 0, message, serverVersion: found.serverVersion, schemaVersion: found.schemaVersion, workspaces: found.workspaces };
    } catch (err) {
      return { ok: false, message: classifyError(err).message, serverVersion: null, schemaVersion: null, workspaces: [] };
    } finally {
      await pg.end().catch(() => {});
    }
  }

  /** Starts a run now (or right after the one in progress) and resolves when it has finished. */
  syncNow(): Promise<void> {
    this.clearTimer();
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.running ?? undefined);
    }
    this.running = this.runOnce().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        void this.syncNow();
      } else {
        this.scheduleNext();
      }
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const connection = readConnection(this.deps.db);
    if (!connection) throw new AppError('invalid_input', 'Set up the connection to the team server first.');
    const p = this.persisted();
    const attemptAt = this.deps.now().toISOString();
    let secret;
    try {
      secret = await this.secrets.get();
    } catch (err) {
      this.recordFailure(p, attemptAt, 'config', (err as Error).message);
      return;
    }
    this.passwordSource = secret?.source ?? null;
    if (!secret) {
      this.recordFailure(p, attemptAt, 'config', 'No password for the team server on this device: enter it on the Sync screen.');
      return;
    }
    this.progress = { phase: 'connect', done: 0, total: null };
    this.emitStatus();
    const started = Date.now();
    let result: SyncRunResult;
    try {
      result = await this.runner.run(
        { connection, password: secret.password, clientId: this.deps.deviceId, clockOffsetMs: this.deps.now().getTime() - Date.now() },
        (phase, done, total) => this.onPhase(phase, done, total),
      );
    } catch (err) {
      const e = classifyError(err);
      this.progress = null;
      this.recordFailure(p, attemptAt, e.kind, e.message);
      return;
    } finally {
      this.progress = null;
    }
    this.deps.receiveClock(result.newestClock);
    this.failures = 0;
    this.pendingCache = null;
    this.save({
      lastSyncAt: this.deps.now().toISOString(),
      lastAttemptAt: attemptAt,
      last: { pushed: result.pushed, pulled: result.pulled, parked: result.parked, ms: Date.now() - started },
      totals: { pushed: p.totals.pushed + result.pushed, pulled: p.totals.pulled + result.pulled, runs: p.totals.runs + 1 },
      error: null,
    });
    if (this.jobShown) {
      this.jobShown = false;
      this.deps.events.emit('job.progress', {
        jobId: 'sync', kind: 'sync', phase: 'done', done: result.pulled + result.pushed, total: result.pulled + result.pushed, ratePerSecond: null, etaSeconds: null,
        message: `Synced: ${result.pushed.toLocaleString()} sent, ${result.pulled.toLocaleString()} received${result.parked ? `, ${result.parked} refused (see Sync)` : ''}`, finished: true, error: null,
      });
    }
    if (result.pulled > 0) {
      try {
        this.deps.afterPull?.();
      } catch (err) {
        console.error('[sync] after the pull:', err);
      }
    }
    if (result.pulled > 0 || result.parked > 0 || result.revoked.length > 0) this.emitOwn(() => this.deps.events.emit('data.changed', { tables: [...syncedTableOrder(), 'parked_changes'], workspaceId: null }));
    this.emitStatus();
  }

  private recordFailure(p: Persisted, attemptAt: string, kind: SyncErrorKind | 'config', message: string): void {
    this.failures++;
    this.save({ ...p, lastAttemptAt: attemptAt, error: { kind, message, at: attemptAt } });
    if (this.jobShown) {
      this.jobShown = false;
      this.deps.events.emit('job.progress', {
        jobId: 'sync', kind: 'sync', phase: 'failed', done: 0, total: null, ratePerSecond: null, etaSeconds: null, message, finished: true, error: message,
      });
    }
    this.emitStatus();
  }

  private onPhase(phase: SyncPhase, done: number, total: number | null): void {
    this.progress = { phase, done, total };
    const now = Date.now();
    if (now - this.lastProgressEmit < 200) return;
    this.lastProgressEmit = now;
    this.emitStatus();
    if (phase === 'connect' || Math.max(done, total ?? 0) < 1_000) return;
    this.jobShown = true;
    this.deps.events.emit('job.progress', {
      jobId: 'sync', kind: 'sync', phase, done, total, ratePerSecond: null, etaSeconds: null,
      message: phase === 'pull' ? 'Receiving changes from the team server' : 'Sending changes to the team server', finished: false, error: null,
    });
  }

  private emitOwn(fn: () => void): void {
    this.emittingOwn = true;
    try {
      fn();
    } finally {
      this.emittingOwn = false;
    }
  }

  private emitStatus(): void {
    this.deps.events.emit('app.status', this.appStatus());
  }

  /** The delay before the next background run: the interval, or the backoff after failures. */
  backoffMs(): number {
    if (this.failures === 0) return this.intervalMs;
    return Math.min(this.maxBackoffMs, this.intervalMs * 2 ** (this.failures - 1));
  }

  private scheduleNext(): void {
    if (!this.background || this.closed) return;
    const connection = readConnection(this.deps.db);
    if (!connection?.enabled) return;
    const delay = this.backoffMs();
    // A little jitter so a team's laptops coming back online together do not knock at once.
    this.schedule(this.failures === 0 ? delay : delay * (0.8 + Math.random() * 0.4));
  }

  private schedule(delayMs: number, onlyIfSooner = false): void {
    if (!this.background || this.closed) return;
    const connection = readConnection(this.deps.db);
    if (!connection?.enabled) return;
    const at = Date.now() + delayMs;
    if (onlyIfSooner && this.nextAttemptAt !== null && this.nextAttemptAt <= at) return;
    if (this.running) {
      if (onlyIfSooner) this.again = true;
      return;
    }
    this.clearTimer();
    this.nextAttemptAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextAttemptAt = null;
      void this.syncNow().catch(() => {});
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private async safeGetPassword() {
    try {
      return await this.secrets.get();
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.running?.catch(() => {});
    await this.runner.close();
  }
}
