// One sync: check the server's schema, push the outbox, pull what changed, adopt the server's
// identity for this login. Used by the sync worker (its own SQLite connection) and by tests.
import type { Client } from 'pg';
import type { AppDb } from '../connection';
import { encodeHlc, MAX_DRIFT_MS } from '../../shared/domain/hlc';
import { getMeta, setMeta } from '../queries/meta';
import { PG_SCHEMA, PG_SCHEMA_VERSION } from '../pg/schema-gen';
import { pull, readPullState, type PullOptions } from './pull';
import { applyRows, localTimeZones, type PulledRow } from './apply';
import { parkOutboxRows, pendingRefetch, setPendingRefetch, type RefetchItem } from './parked';
import { pgTable, syncedTableOrder } from './wire';
import { transaction } from '../write';
import type { Role } from '../../shared/domain/leads';
import { eligibleCount, push, type PushOptions } from './push';

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
  /** Workspaces this user has lost access to since the last sync (their local copy was removed). */
  revoked: string[];
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
  onPhase?: (phase: 'push' | 'pull', done: number, total: number | null) => void;
  /** This device's wall clock (ms): remote clocks far ahead of it are not received. */
  wallClock?: () => number;
}

export async function syncOnce(db: AppDb, pg: Client, options: SyncOnceOptions): Promise<SyncRunResult> {
  const wallClock = options.wallClock ?? Date.now;
  const now = () => new Date(wallClock());
  const startedAt = now().toISOString();
  await checkServerSchema(pg);
  // Before pushing: changes for a workspace this user has left are parked, not sent to be refused.
  const revoked = await dropRevokedWorkspaces(db, pg, now);
  const toPush = options.onPhase ? eligibleCount(db) : null;
  const pushed = await push(db, pg, options.clientId, { now, ...options.push, onBatch: (n) => options.onPhase?.('push', n, toPush) });
  let pulledSoFar = 0;
  // A first sync can be long: say how many rows to expect (what this user may see).
  const toPull = options.onPhase && readPullState(db).cursor === '0' ? await visibleRowCount(pg) : null;
  // Foreign keys are the server's to enforce: a pulled child may arrive a page before its parent.
  db.sqlite.pragma('foreign_keys = OFF');
  let pulled: number;
  let newestClock: string | null = null;
  const onClock = (hlc: string) => {
    if (newestClock === null || hlc > newestClock) newestClock = hlc;
  };
  try {
    const ceiling = encodeHlc({ millis: wallClock() + MAX_DRIFT_MS, counter: 0xffff, node: 'z' });
    pulled = await pull(db, pg, { ...options.pull, onClock, clockCeiling: ceiling, onPage: (p) => options.onPhase?.('pull', (pulledSoFar += p.rows), toPull) });
    pulled += await refetchDiscarded(db, pg);
  } finally {
    db.sqlite.pragma('foreign_keys = ON');
  }
  adoptServerIdentity(db, options.login);
  return { pushed: pushed.pushed, parked: pushed.parked, pulled, revoked, newestClock, startedAt, finishedAt: now().toISOString() };
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

async function visibleRowCount(pg: Client): Promise<number> {
  const parts = syncedTableOrder().map((t) => `(SELECT count(*) FROM ${PG_SCHEMA}."${t}")`);
  return (await pg.query<{ n: number }>(`SELECT ${parts.join(' + ')} AS n`)).rows[0]!.n;
}

/** Rows whose refused local change was discarded: the server's version comes back. */
async function refetchDiscarded(db: AppDb, pg: Client): Promise<number> {
  const items = pendingRefetch(db);
  if (items.length === 0) return 0;
  const byTable = new Map<string, string[]>();
  for (const item of items) byTable.set(item.table, [...(byTable.get(item.table) ?? []), item.id]);
  const ctx = { timeZones: localTimeZones(db) };
  let applied = 0;
  for (const [table, ids] of byTable) {
    const columns = pgTable(table).columns.map((c) => `"${c.name}"`).join(', ');
    const { rows } = await pg.query<PulledRow>(`SELECT ${columns} FROM ${PG_SCHEMA}."${table}" WHERE id = ANY($1::uuid[])`, [ids]);
    transaction(db, () => {
      applied += applyRows(db, table, rows, ctx);
    });
  }
  const done = new Set(items.map((i: RefetchItem) => `${i.table}\u0000${i.id}`));
  // Entries discarded while this ran stay for the next sync.
  setPendingRefetch(db, pendingRefetch(db).filter((i) => !done.has(`${i.table}\u0000${i.id}`)));
  return applied;
}

/**
 * Workspaces this device synced that the server no longer shows this user (membership removed):
 * their rows are removed from the local copy, and changes still waiting for them are parked with
 * that reason rather than pushed into a refusal.
 */
async function dropRevokedWorkspaces(db: AppDb, pg: Client, now: () => Date): Promise<string[]> {
  const visible = new Set((await pg.query<{ id: string }>(`SELECT ${PG_SCHEMA}.my_workspace_ids() AS id`)).rows.map((r) => r.id));
  const synced = db.sqlite.prepare('SELECT workspace_id FROM synced_workspaces').pluck().all() as string[];
  const revoked = synced.filter((w) => !visible.has(w));
  if (revoked.length === 0) return [];
  const tables = syncedTableOrder().reverse();
  const at = now().toISOString();
  transaction(db, () => {
    for (const ws of revoked) {
      parkOutboxRows(db, 'workspace_id = ?', [ws], 'You are no longer a member of this workspace on the team server; ask an admin to add you again, then retry.', at);
      db.sqlite.prepare('DELETE FROM outbox WHERE workspace_id = ?').run(ws);
      for (const table of tables) {
        const scoped = pgTable(table).tenancy;
        if (scoped === 'workspace') db.sqlite.prepare(`DELETE FROM "${table}" WHERE workspace_id = ?`).run(ws);
        else if (scoped === 'self') db.sqlite.prepare(`DELETE FROM "${table}" WHERE id = ?`).run(ws);
      }
      db.sqlite.prepare('DELETE FROM synced_workspaces WHERE workspace_id = ?').run(ws);
    }
    if (revoked.includes(getMeta(db, 'current_workspace_id') ?? '')) {
      const user = getMeta(db, 'current_user_id');
      const next = db.sqlite
        .prepare(`SELECT workspace_id FROM workspace_memberships WHERE user_id = ? AND status = 'active' AND deleted_at IS NULL ORDER BY workspace_id LIMIT 1`)
        .pluck()
        .get(user) as string | undefined;
      if (next) setMeta(db, 'current_workspace_id', next);
    }
  });
  return revoked;
}

export interface ServerCheck {
  serverVersion: string;
  schemaVersion: number;
  displayName: string | null;
  workspaces: { name: string; role: Role }[];
}

/** What "Test connection" reports: the server, its schema, and this login's memberships. */
export async function describeServer(pg: Client): Promise<ServerCheck> {
  const serverVersion = (await pg.query<{ v: string }>('SHOW server_version')).rows[0]!.v;
  await checkServerSchema(pg);
  const me = (
    await pg.query<{ display_name: string }>(`SELECT display_name FROM ${PG_SCHEMA}.users WHERE login_role = session_user AND deleted_at IS NULL`)
  ).rows[0];
  const workspaces = (
    await pg.query<{ name: string; role: Role }>(
      `SELECT w.name, m.role FROM ${PG_SCHEMA}.workspace_memberships m
       JOIN ${PG_SCHEMA}.workspaces w ON w.id = m.workspace_id
       JOIN ${PG_SCHEMA}.users u ON u.id = m.user_id
       WHERE u.login_role = session_user AND m.status = 'active' AND m.deleted_at IS NULL ORDER BY w.name`,
    )
  ).rows;
  return { serverVersion, schemaVersion: PG_SCHEMA_VERSION, displayName: me?.display_name ?? null, workspaces };
}
