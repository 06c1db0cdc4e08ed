// One sync: check the server's schema, push the outbox, pull what changed, adopt the server's
// identity for this login. Used by the sync worker (its own SQLite connection) and by tests.
import type { Client } from 'pg';
import type { AppDb } from '../connection';
import { encodeHlc, MAX_DRIFT_MS } from '../../shared/domain/hlc';
import { getMeta, setMeta } from '../queries/meta';
import { PG_SCHEMA, PG_SCHEMA_VERSION } from '../pg/schema-gen';
import { pull, type PullOptions } from './pull';
import { push, type PushOptions } from './push';

export type SyncErrorKind = 'schema' | 'auth' | 'network' | 'server';

export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
  ) {
    super(message);
  }
  /** Worth retrying by itself (with backoff)? A schema mismatch or a wrong password is not. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

/** Turns a pg or network error into words for the Sync screen (never a row's contents). */
export function classifyError(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (code === '28P01' || code === '28000') return new SyncError('auth', 'The server refused the user name or password.');
  if (code === '3D000') return new SyncError('auth', 'That database does not exist on the server.');
  if (code === '42501') return new SyncError('auth', `The server refused access: ${e.message ?? 'permission denied'}.`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'].includes(code) || /Connection terminated|timeout|socket/i.test(e?.message ?? '')) {
    return new SyncError('network', `Cannot reach the server (${code || e?.message || 'no answer'}). Changes stay on this device and sync when it is back.`);
  }
  return new SyncError('server', e?.message ?? String(err));
}

export async function checkServerSchema(pg: Client): Promise<void> {
  let version: number;
  try {
    version = (await pg.query<{ v: number }>(`SELECT ${PG_SCHEMA}.schema_version() AS v`)).rows[0]!.v;
  } catch {
    throw new SyncError('schema', 'This server has not been set up for Convio Console. Ask your admin to run `npm run cli -- server migrate` against it.');
  }
  if (version !== PG_SCHEMA_VERSION) {
    const hint = version > PG_SCHEMA_VERSION ? 'Update Convio Console on this device to sync with it.' : 'Ask your admin to run `npm run cli -- server migrate` on the server.';
    throw new SyncError('schema', `The team server has schema version ${version}, but this version of Convio Console needs ${PG_SCHEMA_VERSION}. ${hint} Nothing was synced; your changes are kept on this device.`);
  }
}

export interface SyncRunResult {
  pushed: number;
  parked: number;
  pulled: number;
  /** The newest column clock among the pulled rows, for the device clock to receive. */
  newestClock: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface SyncOnceOptions {
  clientId: string;
  /** The login role this device syncs as; its server user becomes the current user here. */
  login: string;
  push?: PushOptions;
  pull?: PullOptions;
  onPhase?: (phase: 'push' | 'pull', done: number) => void;
  /** This device's wall clock (ms): remote clocks far ahead of it are not received. */
  wallClock?: () => number;
}

export async function syncOnce(db: AppDb, pg: Client, options: SyncOnceOptions): Promise<SyncRunResult> {
  const startedAt = new Date().toISOString();
  await checkServerSchema(pg);
  const pushed = await push(db, pg, options.clientId, { ...options.push, onBatch: (n) => options.onPhase?.('push', n) });
  let pulledSoFar = 0;
  // Foreign keys are the server's to enforce: a pulled child may arrive a page before its parent.
  db.sqlite.pragma('foreign_keys = OFF');
  let pulled: number;
  let newestClock: string | null = null;
  const onClock = (hlc: string) => {
    if (newestClock === null || hlc > newestClock) newestClock = hlc;
  };
  try {
    const ceiling = encodeHlc({ millis: (options.wallClock ?? Date.now)() + MAX_DRIFT_MS, counter: 0xffff, node: 'z' });
    pulled = await pull(db, pg, { ...options.pull, onClock, clockCeiling: ceiling, onPage: (p) => options.onPhase?.('pull', (pulledSoFar += p.rows)) });
  } finally {
    db.sqlite.pragma('foreign_keys = ON');
  }
  adoptServerIdentity(db, options.login);
  return { pushed: pushed.pushed, parked: pushed.parked, pulled, newestClock, startedAt, finishedAt: new Date().toISOString() };
}

/** After a pull the server's user for this login is known: it becomes this device's current user. */
export function adoptServerIdentity(db: AppDb, login: string): void {
  const user = db.sqlite.prepare('SELECT id FROM users WHERE login_role = ? AND deleted_at IS NULL').pluck().get(login) as string | undefined;
  if (!user || getMeta(db, 'current_user_id') === user) return;
  setMeta(db, 'current_user_id', user);
  const ws = db.sqlite
    .prepare(`SELECT workspace_id FROM workspace_memberships WHERE user_id = ? AND status = 'active' AND deleted_at IS NULL ORDER BY workspace_id LIMIT 1`)
    .pluck()
    .get(user) as string | undefined;
  if (ws) setMeta(db, 'current_workspace_id', ws);
}
