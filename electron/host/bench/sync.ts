// The sync benches (Step 3): a first push and a first pull of a million leads (with their
// contacts) against COPY of the same rows into plain tables, and a 100-row round trip between two
// clients against one bare query. Every sync runs as the user's own login role, under RLS.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { closeDatabase } from '../../../db/connection';
import { leads } from '../../../db/schema';
import { getMeta } from '../../../db/queries/meta';
import { syncOnce } from '../../../db/sync/engine';
import { push } from '../../../db/sync/push';
import { workerBatches } from '../../main/sync/runner';
import { transaction, updateRow } from '../../../db/write';
import { createAppContext, type AppContext } from '../../main/context';
import { MIGRATIONS_FOLDER } from '../paths';
import { median, type Workload } from './harness';
import { leadsDatabase } from './leads-page';
import {
  addLeadsWithOutbox,
  BENCH_TABLES,
  BenchCluster,
  connectAs,
  copyInto,
  createPlainTable,
  renderCopyText,
  scratchDir,
  syncedClient,
  type BenchUser,
} from './sync-fixtures';

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** A first push or pull takes minutes at full scale: one timed round (after the harness's warm-up). */
const roundsFor = (scale: number) => (scale >= 300_000 ? 1 : 3);

interface Source {
  cluster: BenchCluster;
  dir: string;
  /** The server database the source client synced with, and its user. */
  database: string;
  workspaceId: string;
  user: BenchUser;
  /** Client database file: synced once, then the leads and their outbox entries added. */
  clientPath: string;
  clientId: string;
  counts: { contacts: number; leads: number };
  /** The baseline's COPY text, one file per table. */
  copyText: Record<(typeof BENCH_TABLES)[number], string>;
}

/** A server with one workspace and user, and a client of that user holding `scale` new leads in its outbox. */
async function buildSource(scale: number, log: (line: string) => void): Promise<Source> {
  const dataset = await leadsDatabase(scale, log);
  const cluster = await BenchCluster.start(log);
  const dir = scratchDir('sync');
  try {
    const { database, workspaceId } = await cluster.createServer('origin');
    const user = await cluster.addUser(database, workspaceId, 'writer');
    const clientPath = join(dir, 'source.sqlite');
    const ctx = await syncedClient(clientPath, cluster.url(database, user), user.login);
    const started = Date.now();
    const counts = addLeadsWithOutbox(ctx, dataset, workspaceId, user.userId, scale);
    log(`client holds ${fmtInt(counts.leads)} new leads and ${fmtInt(counts.contacts)} new contacts in its outbox (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const copyText = { contacts: renderCopyText(ctx, 'contacts', join(dir, 'contacts.copy')), leads: renderCopyText(ctx, 'leads', join(dir, 'leads.copy')) };
    const clientId = `bench-${ctx.deviceId}`;
    ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    ctx.close();
    return { cluster, dir, database, workspaceId, user, clientPath, clientId, counts, copyText };
  } catch (err) {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function disposeSource(source: Source): Promise<void> {
  await source.cluster.close();
  rmSync(source.dir, { recursive: true, force: true });
}

/** The baseline: COPY (text format) of the same rows into plain tables, one pair per call. */
async function copyBaseline(admin: pg.Client, source: Source, count: number): Promise<(i: number) => Promise<void>> {
  for (let i = 0; i < count; i++) for (const t of BENCH_TABLES) await createPlainTable(admin, `bench_copy_${t}_${i}`, t);
  return async (i) => {
    for (const t of BENCH_TABLES) await copyInto(admin, `bench_copy_${t}_${i}`, t, source.copyText[t]);
  };
}

async function serverCount(c: pg.Client, table: string): Promise<number> {
  return (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM convio."${table}"`)).rows[0]!.n;
}

export const syncPush1m: Workload = {
  name: 'sync_push_1m',
  rows: (scale) => scale,
  baseline: 'COPY of the same rows into plain tables',
  target: 'ratio ≤ 6',
  async setup(scale, log) {
    const source = await buildSource(scale, log);
    const rounds = roundsFor(scale);
    const states: { db: string; ctx: AppContext; pg: pg.Client; admin: pg.Client; used: boolean }[] = [];
    try {
      // Every timed push is a first push: its own copy of the client and its own untouched server.
      for (let i = 0; i <= rounds; i++) {
        const db = await source.cluster.createDatabase(`push${i}`, source.database);
        const path = join(source.dir, `push${i}.sqlite`);
        copyFileSync(source.clientPath, path);
        const ctx = await createAppContext({ dbPath: path, migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
        states.push({ db, ctx, pg: await connectAs(source.cluster, db, source.user), admin: await connectAs(source.cluster, db), used: false });
      }
      const baselineAdmin = await connectAs(source.cluster, source.database);
      const baseline = await copyBaseline(baselineAdmin, source, rounds + 1);
      const total = source.counts.contacts + source.counts.leads;
      return {
        rounds,
        ours: async (i) => {
          const s = states[i]!;
          s.used = true;
          const r = await push(s.ctx.db, s.pg, source.clientId, { batches: workerBatches });
          if (r.pushed !== total || r.parked !== 0) throw new Error(`push sent ${r.pushed} and parked ${r.parked}, expected ${total} and 0`);
        },
        baseline,
        note: () =>
          `push() of ${fmtInt(source.counts.leads)} leads + ${fmtInt(source.counts.contacts)} contacts (${fmtInt(total)} outbox inserts) from a synced client (file, synchronous=FULL) to a migrated, empty server as the user's login role (RLS); Postgres fsync on; baseline COPYs the same rows, pre-rendered as text, into two plain tables`,
        teardown: async () => {
          try {
            for (const s of states.filter((x) => x.used)) {
              for (const t of BENCH_TABLES) {
                const n = await serverCount(s.admin, t);
                if (n !== source.counts[t]) throw new Error(`server ${s.db} holds ${n} ${t}, expected ${source.counts[t]}`);
              }
              const left = s.ctx.db.sqlite.prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM parked_changes)').pluck().get() as number;
              if (left !== 0) throw new Error(`${left} changes left in the outbox or parked after the push`);
            }
          } finally {
            await baselineAdmin.end();
            for (const s of states) {
              await s.pg.end();
              await s.admin.end();
              s.ctx.close();
            }
            await disposeSource(source);
          }
        },
      };
    } catch (err) {
      for (const s of states) s.ctx.close();
      await disposeSource(source);
      throw err;
    }
  },
};

export const syncPull1m: Workload = {
  name: 'sync_pull_1m',
  rows: (scale) => scale,
  baseline: 'COPY of the same rows into plain tables',
  target: 'ratio ≤ 6',
  async setup(scale, log) {
    const source = await buildSource(scale, log);
    const rounds = roundsFor(scale);
    const clients: { ctx: AppContext; used: boolean }[] = [];
    const admin = await connectAs(source.cluster, source.database);
    try {
      // The rows reach the server the normal way: the writer's push.
      const writer = await createAppContext({ dbPath: source.clientPath, migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
      const wpg = await connectAs(source.cluster, source.database, source.user);
      const started = Date.now();
      try {
        await push(writer.db, wpg, source.clientId);
      } finally {
        await wpg.end();
        writer.close();
      }
      log(`server loaded by the writer's push (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      const reader = await source.cluster.addUser(source.database, source.workspaceId, 'reader');
      // Every timed pull is a new laptop's first sync: an empty client database each.
      for (let i = 0; i <= rounds; i++) {
        const ctx = await createAppContext({ dbPath: join(source.dir, `pull${i}.sqlite`), migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
        clients.push({ ctx, used: false });
      }
      const baseline = await copyBaseline(admin, source, rounds + 1);
      return {
        rounds,
        ours: async (i) => {
          const c = clients[i]!;
          c.used = true;
          const pgc = await connectAs(source.cluster, source.database, reader);
          try {
            await syncOnce(c.ctx.db, pgc, { clientId: `bench-${c.ctx.deviceId}`, login: reader.login });
          } finally {
            await pgc.end();
          }
        },
        baseline,
        note: () =>
          `a new laptop's first sync (connect, schema check, empty push, pull of every table, identity adopted) into an empty client file (synchronous=FULL, search and summary triggers on) as another user's login role (RLS); ${fmtInt(source.counts.leads)} leads + ${fmtInt(source.counts.contacts)} contacts; baseline COPYs the same rows, pre-rendered as text, into two plain tables`,
        teardown: async () => {
          try {
            for (const c of clients.filter((x) => x.used)) {
              for (const t of BENCH_TABLES) {
                const n = c.ctx.db.sqlite.prepare(`SELECT count(*) FROM "${t}" WHERE workspace_id = ?`).pluck().get(source.workspaceId) as number;
                if (n !== source.counts[t]) throw new Error(`the pulled client holds ${n} ${t}, expected ${source.counts[t]}`);
              }
            }
          } finally {
            await admin.end();
            for (const c of clients) c.ctx.close();
            await disposeSource(source);
          }
        },
      };
    } catch (err) {
      await admin.end();
      for (const c of clients) c.ctx.close();
      await disposeSource(source);
      throw err;
    }
  },
};

const ROUNDTRIP_BASE_LEADS = 10_000;

export const syncRoundtrip100: Workload = {
  name: 'sync_roundtrip_100',
  rows: () => 100,
  baseline: 'one bare round trip (SELECT 1)',
  target: 'report the ratio',
  async setup(scale, log) {
    const dataset = await leadsDatabase(scale, log);
    const cluster = await BenchCluster.start(log);
    const dir = scratchDir('roundtrip');
    const open: { ctx: AppContext; pg: pg.Client }[] = [];
    try {
      const { database, workspaceId } = await cluster.createServer('roundtrip');
      const users = [await cluster.addUser(database, workspaceId, 'alice'), await cluster.addUser(database, workspaceId, 'bob')];
      for (const [n, user] of users.entries()) {
        const ctx = await syncedClient(join(dir, `client${n}.sqlite`), cluster.url(database, user), user.login);
        // Each client keeps its connection open between syncs, as the sync worker does.
        open.push({ ctx, pg: await connectAs(cluster, database, user) });
      }
      const [a, b] = open as [(typeof open)[0], (typeof open)[0]];
      const sync = async (c: (typeof open)[0], login: string) => {
        const r = await syncOnce(c.ctx.db, c.pg, { clientId: `bench-${c.ctx.deviceId}`, login });
        c.ctx.receiveClock(r.newestClock);
        return r;
      };
      const base = addLeadsWithOutbox(a.ctx, dataset, workspaceId, users[0]!.userId, Math.min(scale, ROUNDTRIP_BASE_LEADS));
      await sync(a, users[0]!.login);
      await sync(b, users[1]!.login);
      await sync(a, users[0]!.login);
      const leadIds = a.ctx.db.sqlite.prepare('SELECT id FROM leads WHERE workspace_id = ? ORDER BY id').pluck().all(workspaceId) as string[];
      const writer = a.ctx.writer(getMeta(a.ctx.db, 'current_user_id'));
      const editMs: number[] = [];
      let lastNote = '';
      return {
        rounds: 15,
        ours: async (i) => {
          const t0 = process.hrtime.bigint();
          const ids = Array.from({ length: 100 }, (_, k) => leadIds[(i * 100 + k) % leadIds.length]!);
          lastNote = `round ${i}`;
          transaction(a.ctx.db, () => {
            for (const id of ids) updateRow(writer, leads, id, { notes: lastNote });
          });
          editMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
          await sync(a, users[0]!.login);
          const r = await sync(b, users[1]!.login);
          if (r.pulled < 100) throw new Error(`the second client pulled ${r.pulled} rows, expected at least 100`);
        },
        baseline: () => a.pg.query('SELECT 1'),
        note: () =>
          `A edits 100 leads (one local transaction, median ${median(editMs).toFixed(2)} ms, included), syncs (push + pull), then B syncs (empty push + pull); two users' login roles under RLS, connections kept open; ${fmtInt(base.leads)} leads on each side`,
        teardown: async () => {
          try {
            const seen = b.ctx.db.sqlite.prepare('SELECT count(*) FROM leads WHERE notes = ?').pluck().get(lastNote) as number;
            if (seen !== 100) throw new Error(`B sees ${seen} of the last round's 100 edits`);
          } finally {
            for (const c of open) {
              await c.pg.end();
              closeDatabase(c.ctx.db);
            }
            await cluster.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    } catch (err) {
      for (const c of open) {
        await c.pg.end();
        c.ctx.close();
      }
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  },
};
