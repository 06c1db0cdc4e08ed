// Large RFM passes off the main thread (rfm-upkeep.ts, the rfm-worker): a threshold change on a
// workspace above the inline limit, and a large queue, are scored by the worker on its own
// connection in chunks, with progress; the result equals a full inline recompute. And the chunked
// pass itself starts a workspace again when its thresholds change half-way.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../electron/main/context';
import { createDispatcher } from '../../electron/main/handlers';
import type { Dispatcher } from '../../electron/main/dispatch';
import type { JobProgress } from '../../shared/api/events';
import { getMeta } from '../../db/queries/meta';
import { recomputeWorkspace, refreshIfPending, refreshPending, runBackgroundPass, type PassProgress } from '../../db/queries/rfm';
import { contacts, conversions } from '../../db/schema';
import { insertRow, transaction } from '../../db/write';
import { contactCodeForIndex } from '../../shared/domain/contact-code';
import { MIGRATIONS, tempDir } from './helpers';

const NOW = new Date('2026-06-15T16:00:00.000Z');
const CONTACTS = 300;
const custom = {
  rfm: { recencyMaxDays: { 5: 7, 4: 14, 3: 30, 2: 60 }, frequencyMin: { 5: 4, 4: 3, 3: 2, 2: 1 }, monetaryMinCents: { 5: 10_000, 4: 5_000, 3: 2_000, 2: 500 } },
  segments: { hot: 20, warm: 15, cool: 10 },
};

let tmp: ReturnType<typeof tempDir>;
let ctx: AppContext;
let dispatcher: Dispatcher;
let ws: string;
const jobs: JobProgress[] = [];

beforeEach(async () => {
  tmp = tempDir('convio-rfm-');
  // Above 50 contacts a pass goes to the worker, 40 contacts a transaction.
  ctx = await createAppContext({ dbPath: join(tmp.dir, 'app.sqlite'), migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false, now: () => NOW, rfm: { inlineLimit: 50, chunk: 40 } });
  dispatcher = createDispatcher(ctx);
  ws = getMeta(ctx.db, 'current_workspace_id')!;
  jobs.length = 0;
  ctx.events.on('job.progress', (p) => void (p.kind === 'recompute' && jobs.push(p)));
});
afterEach(() => {
  ctx.close();
  tmp.cleanup();
});

/** Contacts with 0–5 conversions of varied age and value, written in one transaction (their queue entries too). */
function addContacts(count: number, offset = 0): string[] {
  const w = ctx.writer(getMeta(ctx.db, 'current_user_id'));
  return transaction(ctx.db, () =>
    Array.from({ length: count }, (_, k) => {
      const i = k + offset;
      const id = insertRow(w, contacts, { workspaceId: ws, contactCode: contactCodeForIndex(i, 4242), firstName: `C${i}` }).id;
      for (let n = 0; n < i % 6; n++) {
        const at = new Date(NOW.getTime() - ((i * 7 + n * 13) % 200) * 86_400_000).toISOString();
        insertRow(w, conversions, { workspaceId: ws, contactId: id, convertedAt: at, valueCents: ((i * 31 + n * 17) % 120) * 100, billingStatus: 'paid', conversionType: 'sale' });
      }
      return id;
    }),
  );
}

const scores = () => ctx.db.sqlite.prepare('SELECT contact_id, r, f, m, score, segment, recency_drops_on FROM contact_rfm ORDER BY contact_id').all();
/** The hot threshold of the basis the workspace was last fully scored with. */
const storedHot = () => (JSON.parse(JSON.parse(getMeta(ctx.db, 'rfm_basis') ?? '{}')[ws] ?? '{"segments":{}}') as { segments: { hot?: number } }).segments.hot;
const pending = () => ctx.db.sqlite.prepare('SELECT count(*) FROM rfm_pending').pluck().get() as number;
const finished = () => new Promise<JobProgress>((resolve) => {
  const check = () => {
    const done = jobs.find((j) => j.finished);
    if (done) resolve(done);
    else setTimeout(check, 20);
  };
  check();
});

async function call(method: string, input: unknown) {
  const r = await dispatcher.call(method as never, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
}

describe('large RFM passes in the background', () => {
  it('re-scores a workspace above the inline limit in the worker after a threshold change, the same as inline', async () => {
    addContacts(CONTACTS);
    refreshPending(ctx.db, NOW);
    recomputeWorkspace(ctx.db, ws, NOW);
    const before = scores();
    expect(before.length).toBeGreaterThan(200);

    const saved = await call('rfm.saveSettings', { workspaceId: ws, ...custom });
    expect(saved).toMatchObject({ isDefault: false, rfm: custom.rfm });
    // Not scored in the call: the basis stored is still the old one, and a reader does not score it inline.
    const seedHot = storedHot();
    expect(seedHot).not.toBe(20);
    refreshIfPending(ctx.db, ws, NOW);
    expect(storedHot()).toBe(seedHot);

    const done = await finished();
    expect(done.error).toBeNull();
    const progress = jobs.filter((j) => !j.finished && j.phase === 'workspace' && j.done > 0);
    expect(progress.map((j) => j.done)).toEqual(Array.from({ length: Math.ceil(CONTACTS / 40) }, (_, i) => Math.min(CONTACTS, (i + 1) * 40)));
    expect(progress.at(-1)).toMatchObject({ total: CONTACTS, message: expect.stringMatching(/Re-scoring/) });
    expect(storedHot()).toBe(20);
    const background = scores();
    expect(background).not.toEqual(before);
    recomputeWorkspace(ctx.db, ws, NOW);
    expect(background).toEqual(scores());
  });

  it('scores a large queue (an import of orders) in the worker, and leaves it empty', async () => {
    addContacts(40);
    refreshPending(ctx.db, NOW);
    addContacts(200, 40);
    // Contacts with a conversion are queued (a sixth of them have none).
    const queued = pending();
    expect(queued).toBeGreaterThan(150);
    // What an import's commit says when it is done.
    ctx.events.emit('data.changed', { tables: ['conversions', 'contacts'], workspaceId: ws });
    const done = await finished();
    expect(done.error).toBeNull();
    expect(jobs.some((j) => j.phase === 'queue' && j.done === queued && j.total === queued)).toBe(true);
    expect(pending()).toBe(0);
    const background = scores();
    recomputeWorkspace(ctx.db, ws, NOW);
    expect(background).toEqual(scores());
  });

  it('a few queued contacts are still scored at once, in the main process', async () => {
    const [id] = addContacts(6, 5); // contact 5 has 5 conversions
    ctx.events.emit('data.changed', { tables: ['conversions'], workspaceId: ws });
    await new Promise((r) => setImmediate(r));
    expect(pending()).toBe(0);
    expect(jobs).toEqual([]);
    expect(ctx.db.sqlite.prepare('SELECT f FROM contact_rfm WHERE contact_id = ?').pluck().get(id)).toBe(4);
  });
});

describe('the chunked pass', () => {
  it('starts a workspace again when its thresholds change half-way, and stores the basis it ended with', () => {
    addContacts(CONTACTS);
    refreshPending(ctx.db, NOW);
    recomputeWorkspace(ctx.db, ws, NOW);
    ctx.db.sqlite.prepare(`INSERT INTO workspace_settings (id, workspace_id, rfm_thresholds, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(ws, ws, JSON.stringify(custom), NOW.toISOString(), NOW.toISOString());
    const seen: PassProgress[] = [];
    let changedMidway = false;
    runBackgroundPass(ctx.db, NOW, 40, (p) => {
      seen.push(p);
      if (!changedMidway && p.done === 120) {
        changedMidway = true;
        // Another device's thresholds arrive (a pull) while the pass is at contact 120.
        ctx.db.sqlite.prepare('UPDATE workspace_settings SET rfm_thresholds = ? WHERE id = ?').run(JSON.stringify({ ...custom, segments: { hot: 22, warm: 16, cool: 11 } }), ws);
      }
    });
    expect(changedMidway).toBe(true);
    // Three chunks, then it began again from the first contact and went through.
    expect(seen.map((p) => p.done).slice(0, 4)).toEqual([40, 80, 120, 40]);
    expect(seen.at(-1)).toMatchObject({ phase: 'workspace', done: CONTACTS, total: CONTACTS });
    expect(storedHot()).toBe(22);
    const chunked = scores();
    recomputeWorkspace(ctx.db, ws, NOW);
    expect(chunked).toEqual(scores());
  });
});
