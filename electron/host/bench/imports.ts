// import_leads_1m (Step 4): a generated leads CSV imported in full as the app does it (a worker
// thread: parse, normalize, dedup into contacts and leads, batch bookkeeping, outbox) against the
// sqlite3 shell's `.import` of the same file into a plain table (WAL, no index). While our import
// runs, a handler is called every 50 ms and its slowest answer is reported.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createAppContext, type AppContext } from '../../main/context';
import { createDispatcher } from '../../main/handlers';
import { getMeta } from '../../../db/queries/meta';
import { MIGRATIONS_FOLDER } from '../paths';
import type { Workload } from './harness';
import { Rng } from '../../../db/seed/random';
import { scratchDir } from './sync-fixtures';

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'José', 'Zoë'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', "O'Brien", 'Nguyen'];
const CITIES = ['New York', 'Los Angeles', 'Chicago', 'Houston', 'Phoenix', 'Philadelphia', 'San Antonio', 'San Diego'];
const UTM_SOURCES = ['facebook', 'instagram', 'google', 'newsletter'];
const SOURCES = ['facebook_ads', 'google_ads', 'organic', 'referral', 'webinar'];
const AREA_CODES = ['212', '213', '312', '415', '617', '646', '702', '713', '305', '404', '503', '206', '214', '310', '408', '512', '602', '720', '919', '801'];
const PHONE_SHAPES = [(d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, (d: string) => `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`, (d: string) => `+1${d}`, (d: string) => `1.${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`, (d: string) => d];

/** A deterministic leads export: ~150 bytes a row, mixed phone formats, ~5% repeated emails in another case, ~15% quoted fields with commas, about two leads for every three rows' people. */
export async function writeLeadsCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const rng = new Rng(42);
  const rand = () => rng.next();
  const pick = <T,>(a: readonly T[]) => rng.pick(a);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('first_name,last_name,email,phone,address,city,state,zip,source,campaign,utm_source,utm_campaign,created_at\n');
  let chunk = '';
  let people = 0;
  for (let i = 0; i < rows; i++) {
    // A third of the rows are another lead of someone met before (a contact has many leads, and a
    // workspace's 6-digit contact codes allow 900,000 people); 5% of all rows repeat an earlier
    // person's email in another case, with no phone to match on first.
    const again = people > 100 && rand() < 0.33;
    const n = again ? rng.int(people) : people++;
    const recased = again && rand() < 0.15;
    const email = recased ? `Person.${n}@Example.COM` : `person.${n}@example.com`;
    const digits = recased ? '' : `${AREA_CODES[n % AREA_CODES.length]}${2 + (n % 8)}${String((n * 7919) % 1e6).padStart(6, '0')}`;
    const quoted = rand() < 0.15;
    const address = quoted ? `"${100 + (i % 9000)} Main St, Apt ${1 + (i % 40)}"` : `${100 + (i % 9000)} Main St`;
    chunk += `${pick(FIRST)},${pick(LAST)},${email},${digits ? pick(PHONE_SHAPES)(digits) : ''},${address},${pick(CITIES)},NY,${String(10000 + (i % 89999)).padStart(5, '0')},${pick(SOURCES)},spring-${i % 12},${pick(UTM_SOURCES)},promo_2026_${i % 50},2026-0${1 + (i % 9)}-1${i % 10}T1${i % 10}:30:00Z\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

function sqliteShell(): string {
  const found = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error('import_leads_1m needs the sqlite3 command-line shell for its baseline: apt-get install sqlite3');
  return 'sqlite3';
}

export const importLeads1m: Workload = {
  name: 'import_leads_1m',
  rows: (scale) => scale,
  baseline: "sqlite3 shell .import into a plain table",
  target: 'ratio ≤ 3, peak RSS ≤ 300 MB, a handler answers within 100 ms',
  async setup(scale, log) {
    const shell = sqliteShell();
    const dir = scratchDir('import');
    const csv = join(dir, 'leads.csv');
    const started = Date.now();
    await writeLeadsCsv(csv, scale);
    log(`generated ${scale.toLocaleString('en-US')} rows, ${(statSync(csv).size / 1e6).toFixed(0)} MB (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const contexts: AppContext[] = [];
    const latencies: number[] = [];
    let last = { created: 0, duplicates: 0, invalid: 0, seconds: 0 };
    return {
      rounds: scale >= 300_000 ? 1 : 3,
      ours: async (i) => {
        const dbPath = join(dir, `app${i}.sqlite`);
        const ctx = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
        contexts.push(ctx);
        const dispatcher = createDispatcher(ctx);
        const workspaceId = getMeta(ctx.db, 'current_workspace_id')!;
        // The file is handed over whole (as a desktop file dialog would), not in base64 chunks.
        const upload = ctx.imports.uploads.copyIn(csv, 'leads.csv');
        const columns = { first_name: 'first_name', last_name: 'last_name', email: 'email', phone: 'phone', address: 'address', city: 'city', state: 'state', zip: 'zip_code', source: 'source', campaign: 'campaign_id', utm_source: 'utm_source', utm_campaign: 'utm_campaign', created_at: 'created_at' } as const;
        const t0 = Date.now();
        const r = await dispatcher.call('imports.start', { uploadId: upload, workspaceId, importType: 'leads', columns, externalSource: 'csv', mode: 'commit' });
        if (!r.ok) throw new Error(r.error.message);
        const probe = setInterval(() => {
          const s = performance.now();
          void dispatcher.call('imports.list', { workspaceId }).then(() => latencies.push(performance.now() - s));
        }, 50);
        try {
          await ctx.imports.idle();
        } finally {
          clearInterval(probe);
        }
        const batch = ctx.db.sqlite.prepare('SELECT status, created_count, duplicate_count, invalid_count, error FROM import_batches WHERE id = ?').get((r.value as { batchId: string }).batchId) as { status: string; created_count: number; duplicate_count: number; invalid_count: number; error: string | null };
        if (batch.status !== 'completed') throw new Error(`the import ended ${batch.status}: ${batch.error}`);
        last = { created: batch.created_count, duplicates: batch.duplicate_count, invalid: batch.invalid_count, seconds: (Date.now() - t0) / 1000 };
      },
      baseline: (i) => {
        const base = join(dir, `base${i}.sqlite`);
        execFileSync(shell, [base, 'PRAGMA journal_mode=WAL;', `.import --csv ${csv} leads`], { stdio: 'ignore' });
      },
      note: () => {
        const sorted = latencies.slice().sort((a, b) => a - b);
        const p = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1) : 'n/a');
        return `the app's import (worker thread, database file, synchronous=FULL): ${last.created.toLocaleString('en-US')} leads created, ${last.duplicates.toLocaleString('en-US')} rows merged as duplicates, ${last.invalid} invalid; imports.list answered in p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms over ${sorted.length} calls during the import`;
      },
      teardown: () => {
        for (const c of contexts) c.close();
        if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
