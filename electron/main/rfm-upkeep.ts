// Keeps RFM scores current while the app runs: everything at start, the queue after any write that
// touched conversions or contacts (handlers, imports, sync's pull all say so with data.changed),
// and the recency pass at each workspace's local midnight. Readers still call refreshIfPending,
// so a missed tick (a laptop asleep at midnight) only delays the badge, never a wrong read.
//
// Small work (a sale logged, a few contacts queued) is scored here, at once. Large work (a
// workspace of a million contacts re-scored after a threshold change, a queue of 100,000 after an
// import of orders) goes to a worker on its own connection, a chunk of contacts a transaction,
// with its progress in the shell's job bar; readers read the scores as they stand meanwhile.
import type { Worker } from 'node:worker_threads';
import type { AppDb } from '../../db/connection';
import { jobPace } from '../../shared/api/events';
import { dailyPass, nextDailyPassAt, refreshAll, refreshPending, rfmBacklog, setRfmOffload } from '../../db/queries/rfm';
import type { EventBus } from './event-bus';
import { spawnWorker } from './workers/spawn';
import type { RfmWorkerData, RfmWorkerMessage } from './workers/rfm-worker';

export interface RfmUpkeepDeps {
  db: AppDb;
  events: EventBus;
  now(): Date;
  /** Contacts above which a pass runs in the worker (an in-memory database always scores inline). */
  inlineLimit?: number;
  /** Contacts a transaction in the worker. */
  chunk?: number;
}

const MAX_DELAY_MS = 6 * 3_600_000;
/** About 0.4 s of scoring: what a reader's call or a handler may spend inline. */
export const RFM_INLINE_LIMIT = 20_000;
/** About 0.1 s of write lock a chunk: the app's writers never wait long behind the worker. */
const RFM_CHUNK = 5_000;

/** Starts the upkeep; the returned function stops it (the app calls it on close). */
export function startRfmUpkeep(deps: RfmUpkeepDeps): () => void {
  const { db, events } = deps;
  let timer: NodeJS.Timeout | null = null;
  let queued = false;
  let stopped = false;
  let worker: Worker | null = null;
  let again = false;
  const limit = deps.inlineLimit ?? RFM_INLINE_LIMIT;
  const background = db.sqlite.name !== ':memory:';
  let jobs = 0;

  const changed = () => events.emit('data.changed', { tables: ['contact_rfm'], workspaceId: null });

  /** Only from refresh(), which has checked that the upkeep runs and no worker does. */
  const startWorker = () => {
    const jobId = `rfm-${++jobs}`;
    const started = Date.now();
    const progress = (phase: string, done: number, total: number | null, finished: boolean, error: string | null) => {
      events.emit('job.progress', {
        jobId, kind: 'recompute', phase, done, total, ...jobPace(done, total, Date.now() - started),
        message: error ? `Lead scores: ${error}` : finished ? 'Lead scores up to date' : phase === 'workspace' ? 'Re-scoring contacts (RFM)' : 'Scoring queued contacts (RFM)',
        finished, error,
      });
    };
    const data: RfmWorkerData = { dbPath: db.sqlite.name, nowIso: deps.now().toISOString(), chunk: deps.chunk ?? RFM_CHUNK };
    const w = spawnWorker('rfm-worker', { workerData: data });
    worker = w;
    let lastChunkAt = 0;
    let failure: string | null = null;
    progress('workspace', 0, null, false, null);
    w.on('message', (m: RfmWorkerMessage) => {
      if (m.type === 'progress') {
        progress(m.progress.phase, m.progress.done, m.progress.total, false, null);
        // The grids and the dashboard catch up as the chunks land, a few times a second at most.
        if (Date.now() - lastChunkAt > 500) {
          lastChunkAt = Date.now();
          changed();
        }
      } else if (m.type === 'error') {
        failure = m.message;
      }
    });
    w.on('error', (err) => (failure = err.message));
    w.on('exit', (code) => {
      worker = null;
      if (stopped) return;
      if (!failure && code !== 0) failure = `the scoring worker stopped (exit code ${code})`;
      if (failure) console.error(`[rfm] background pass failed: ${failure}`);
      progress('done', 0, null, true, failure);
      changed();
      // What was queued while it ran (and anything it left after a failure, once) is due now.
      if (again || !failure) {
        again = false;
        refresh('after the background pass');
      }
    });
  };

  /** Brings the scores up to date: inline when little is due, otherwise in the worker. */
  const refresh = (what: string, inline: () => number = () => refreshAll(db, deps.now())) => {
    if (stopped || !db.sqlite.open) return;
    if (worker) {
      again = true;
      return;
    }
    try {
      if (background && rfmBacklog(db) > limit) return startWorker();
      if (inline() > 0) changed();
    } catch (err) {
      console.error(`[rfm] ${what} failed:`, err);
    }
  };

  if (background) setRfmOffload(db, { busy: () => worker !== null, limit, wake: () => setImmediate(() => refresh('wake')) });

  const schedule = () => {
    if (stopped) return;
    const now = deps.now();
    // A second past midnight, so the new local day has begun in the zone; re-armed at most every
    // few hours as a guard against clock changes while asleep.
    const delay = Math.min(nextDailyPassAt(db, now).getTime() - now.getTime() + 1_000, MAX_DELAY_MS);
    timer = setTimeout(() => {
      refresh('daily pass', () => refreshPending(db, deps.now()) + dailyPass(db, deps.now()));
      schedule();
    }, Math.max(1_000, delay));
    timer.unref?.();
  };
  const off = events.on('data.changed', ({ tables }) => {
    if (queued || !(tables.includes('conversions') || tables.includes('contacts'))) return;
    // After the writer's call has returned: a burst of changes is scored in one pass.
    queued = true;
    setImmediate(() => {
      queued = false;
      refresh('refresh', () => refreshPending(db, deps.now()));
    });
  });
  refresh('start');
  schedule();
  return () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
    setRfmOffload(db, null);
    // Safe to stop mid-pass: each chunk is its own transaction, and what is left stays due.
    void worker?.terminate();
    worker = null;
  };
}
