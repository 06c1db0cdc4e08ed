// What the sync benches stand on: a Postgres (embedded, or DATABASE_URL), server databases made
// the admin's way, clients that have done their first sync, leads written into a client with
// their outbox entries, and the baseline (COPY of the same rows into a plain table).
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { prepared } from '../../../db/connection';
import { addUser, createWorkspace, migratePg } from '../../../db/pg/admin';
import { contacts, leads } from '../../../db/schema';
import { setMeta } from '../../../db/queries/meta';
import { connectUrl } from '../../../db/sync/pg-client';
import { syncOnce } from '../../../db/sync/engine';
import { pgTable } from '../../../db/sync/wire';
import { tableMeta } from '../../../db/synced-tables';
import { transaction } from '../../../db/write';
import { createAppContext, type AppContext } from '../../main/context';
import { startEmbeddedPostgres } from '../embedded-pg';
import { MIGRATIONS_FOLDER, REPO_ROOT } from '../paths';

export const BENCH_TABLES = ['contacts', 'leads'] as const;

/** Scratch space for the sync benches' client databases (removed by teardown). */
export function scratchDir(name: string): string {
  const dir = join(REPO_ROOT, '.bench', 'sync', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface BenchUser {
  login: string;
  password: string;
  userId: string;
}

/** One Postgres server and the databases and roles a bench made on it (dropped by close). */
export class BenchCluster {
  private readonly databases: string[] = [];
  private readonly logins: string[] = [];
  readonly tag = randomBytes(3).toString('hex');

  private constructor(
    readonly rootUrl: string,
    private readonly stopServer: () => Promise<void>,
  ) {}

  static async start(log: (line: string) => void): Promise<BenchCluster> {
    if (process.env.DATABASE_URL) return new BenchCluster(process.env.DATABASE_URL, async () => {});
    // Durable settings (fsync on, synchronous_commit on): the same server for ours and the baseline.
    const server = await startEmbeddedPostgres({ fast: false });
    log(`embedded Postgres on port ${server.port}`);
    return new BenchCluster(server.url, () => server.stop());
  }

  url(database: string, user?: { login: string; password: string }): string {
    const u = new URL(this.rootUrl);
    u.pathname = `/${database}`;
    if (user) {
      u.username = user.login;
      u.password = user.password;
    }
    return u.toString();
  }

  async createDatabase(suffix: string, template?: string): Promise<string> {
    const name = `convio_bench_${this.tag}_${suffix}`;
    const root = await connectUrl(this.rootUrl);
    try {
      await root.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    } finally {
      await root.end();
    }
    this.databases.push(name);
    return name;
  }

  /** A migrated server database with one workspace, as `server migrate` and `workspace create` leave it. */
  async createServer(suffix: string): Promise<{ database: string; workspaceId: string }> {
    const database = await this.createDatabase(suffix);
    const admin = await connectUrl(this.url(database));
    try {
      await migratePg(admin);
      return { database, workspaceId: (await createWorkspace(admin, 'Bench')).id };
    } finally {
      await admin.end();
    }
  }

  async addUser(database: string, workspaceId: string, name: string): Promise<BenchUser> {
    const login = `convio_bench_${this.tag}_${name}`;
    const password = randomBytes(12).toString('hex');
    const admin = await connectUrl(this.url(database));
    try {
      const { userId } = await addUser(admin, { email: `${login}@example.com`, displayName: name, login, password, workspaceId, role: 'manager' });
      this.logins.push(login);
      return { login, password, userId };
    } finally {
      await admin.end();
    }
  }

  async close(): Promise<void> {
    try {
      const root = await connectUrl(this.rootUrl);
      try {
        for (const db of this.databases.reverse()) await root.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        for (const login of this.logins) await root.query(`DROP ROLE IF EXISTS ${login}`);
      } finally {
        await root.end();
      }
    } finally {
      await this.stopServer();
    }
  }
}

/** A client database file that has done its first sync with the server (identity and workspace adopted). */
export async function syncedClient(path: string, url: string, login: string): Promise<AppContext> {
  const ctx = await createAppContext({ dbPath: path, migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
  const pgc = await connectUrl(url);
  try {
    await syncOnce(ctx.db, pgc, { clientId: `bench-${ctx.deviceId}`, login });
  } finally {
    await pgc.end();
  }
  return ctx;
}

/**
 * Copies the first `limit` leads of a bench data set (and their contacts) into the client's
 * workspace, each row with the outbox entry insertRow would write: op 'insert', the whole stored
 * row as JSON (same column order), one fresh clock per write, in creation order (a contact before
 * its first lead). Set-based, so a million leads take seconds rather than the write path's minutes.
 */
export function addLeadsWithOutbox(ctx: AppContext, datasetPath: string, workspaceId: string, ownerId: string, limit: number): { contacts: number; leads: number } {
  const { db } = ctx;
  db.sqlite.prepare('ATTACH DATABASE ? AS src').run(datasetPath);
  try {
    return transaction(db, () => {
      db.sqlite.exec(`CREATE TEMP TABLE bench_leads AS SELECT id, contact_id FROM src.leads ORDER BY created_at, id LIMIT ${Math.floor(limit)}`);
      const copy = (table: 'contacts' | 'leads', where: string) => {
        const names = Object.values(tableMeta(BENCH_SQLITE[table]).columns).map((c) => c.name);
        const select = names.map((n) => (n === 'workspace_id' ? '@ws' : n === 'owner_user_id' ? 'CASE WHEN owner_user_id IS NULL THEN NULL ELSE @owner END' : `"${n}"`));
        return db.sqlite
          .prepare(`INSERT INTO main."${table}" (${names.map((n) => `"${n}"`).join(', ')}) SELECT ${select.join(', ')} FROM src."${table}" WHERE ${where} ORDER BY created_at, id`)
          .run({ ws: workspaceId, owner: ownerId }).changes;
      };
      const contactCount = copy('contacts', 'id IN (SELECT contact_id FROM temp.bench_leads)');
      const leadCount = copy('leads', 'id IN (SELECT id FROM temp.bench_leads)');
      const json = (table: 'contacts' | 'leads') =>
        `json_object(${Object.values(tableMeta(BENCH_SQLITE[table]).columns).map((c) => `'${c.name}', "${c.name}"`).join(', ')})`;
      // The device clock: physical time now, counter per write, rolling into the next millisecond.
      const node = ctx.clock.node;
      const start = Date.now() + 1;
      const at = new Date().toISOString();
      db.sqlite.exec('DROP TABLE temp.bench_leads');
      const both = `SELECT 'contacts' AS t, id, workspace_id, ${json('contacts')} AS changes, created_at, 0 AS k FROM main.contacts WHERE workspace_id = @ws
        UNION ALL SELECT 'leads', id, workspace_id, ${json('leads')}, created_at, 1 FROM main.leads WHERE workspace_id = @ws`;
      db.sqlite
        .prepare(
          `INSERT INTO outbox (table_name, row_id, workspace_id, op, changes, hlc, created_at)
           SELECT t, id, workspace_id, 'insert', changes, printf('%015d-%04x-%s', @start + (n - 1) / 65536, (n - 1) % 65536, @node), @at
           FROM (SELECT *, row_number() OVER (ORDER BY created_at, k, id) AS n FROM (${both})) ORDER BY n`,
        )
        .run({ ws: workspaceId, start, node, at });
      const last = prepared(db, 'SELECT max(hlc) FROM outbox').pluck().get() as string;
      ctx.clock.receive(last);
      setMeta(db, 'last_hlc', last);
      return { contacts: contactCount, leads: leadCount };
    });
  } finally {
    db.sqlite.exec('DETACH DATABASE src');
  }
}

const BENCH_SQLITE = { contacts, leads } as const;

/**
 * The baseline's data: the same rows, rendered once as COPY text (not timed) into a file, so the
 * bench process does not hold a gigabyte of it while the sync is timed.
 */
export function renderCopyText(ctx: AppContext, table: 'contacts' | 'leads', path: string): string {
  const columns = pgTable(table).columns;
  const stmt = ctx.db.sqlite.prepare(`SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM "${table}" ORDER BY rowid`).raw();
  const fd = openSync(path, 'w');
  try {
    let text = '';
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      const cells = row.map((value, i) => {
        if (value === null || value === undefined) return '\\N';
        if (columns[i]!.type === 'boolean') return value ? 't' : 'f';
        return typeof value === 'string' ? value.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!) : String(value);
      });
      text += `${cells.join('\t')}\n`;
      if (text.length > 1 << 20) {
        writeSync(fd, text);
        text = '';
      }
    }
    if (text) writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** A plain table (no key, index, constraint, trigger or RLS) with the synced table's columns. */
export async function createPlainTable(admin: pg.Client, name: string, table: 'contacts' | 'leads'): Promise<void> {
  const columns = pgTable(table).columns.map((c) => `"${c.name}" ${c.type}`);
  await admin.query(`CREATE TABLE ${name} (${columns.join(', ')})`);
}

export async function copyInto(admin: pg.Client, name: string, table: 'contacts' | 'leads', path: string): Promise<void> {
  const columns = pgTable(table).columns.map((c) => `"${c.name}"`).join(', ');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), admin.query(copyFrom(`COPY ${name} (${columns}) FROM STDIN`)));
}

export async function connectAs(cluster: BenchCluster, database: string, user?: BenchUser): Promise<pg.Client> {
  return connectUrl(cluster.url(database, user));
}
