// Runs one sync (db/sync/engine.ts) either in a worker thread with its own SQLite connection (the
// app: pulling a million rows never blocks the main process) or inline on the app's connection
// (in-memory databases in tests, the CLI).
import type { Worker } from 'node:worker_threads';
import type { SslMode } from '../../../db/sync/pg-client';
import { connectPg } from '../../../db/sync/pg-client';
import { classifyError, SyncError, syncOnce, type SyncErrorKind, type SyncRunResult } from '../../../db/sync/engine';
import { inThreadBatches, type Batch, type BatchSource, type BatchSourceFactory, type Rejection } from '../../../db/sync/push';
import { prepared, type AppDb } from '../../../db/connection';
import { spawnWorker } from '../workers/spawn';

/**
 * A push or pull parses and encodes batches of 10,000 rows that live for one server round trip: in
 * V8's default young generation (16 MB) they survive into the old generation and full collections
 * take a tenth of a first push. 96 MB keeps a batch young (32 MB semi-spaces). `npm run bench` runs
 * with the same (--max-semi-space-size=32), so sync_push_1m measures the push as the app runs it.
 */
export const SYNC_WORKER_LIMITS = { maxYoungGenerationSizeMb: 96 } as const;

export interface SyncJob {
  connection: { host: string; port: number; database: string; user: string; sslMode: SslMode };
  password: string;
  clientId: string;
  /** The app's clock minus this machine's (0 unless the app runs on a pinned clock, as in e2e). */
  clockOffsetMs?: number;
}

export type PhaseListener = (phase: 'connect' | 'push' | 'pull', done: number, total: number | null) => void;

export interface SyncRunner {
  run(job: SyncJob, onPhase: PhaseListener): Promise<SyncRunResult>;
  close(): Promise<void>;
}

/** The shared body of both runners: connect, sync once, disconnect; errors become SyncErrors. */
export async function runJob(db: AppDb, job: SyncJob, onPhase: PhaseListener): Promise<SyncRunResult> {
  onPhase('connect', 0, null);
  let pg;
  try {
    pg = await connectPg(job.connection, job.password, { connectTimeoutMs: 8_000 });
  } catch (err) {
    throw classifyError(err);
  }
  // A dropped connection surfaces as an 'error' event as well as a failed query.
  pg.on('error', () => {});
  try {
    return await syncOnce(db, pg, { clientId: job.clientId, login: job.connection.user, onPhase, wallClock: () => Date.now() + (job.clockOffsetMs ?? 0), push: { batches: workerBatches } });
  } catch (err) {
    throw classifyError(err);
  } finally {
    await pg.end().catch(() => {});
  }
}

export function inlineRunner(db: AppDb): SyncRunner {
  let running: Promise<unknown> = Promise.resolve();
  return {
    run(job, onPhase) {
      const next = running.then(() => runJob(db, job, onPhase));
      running = next.catch(() => {});
      return next;
    },
    close: () => running.then(() => {}),
  };
}

type FromWorker =
  | { type: 'phase'; id: number; phase: 'connect' | 'push' | 'pull'; done: number; total: number | null }
  | { type: 'done'; id: number; result: SyncRunResult }
  | { type: 'error'; id: number; kind: SyncErrorKind; message: string };

/** One long-lived worker thread with its own connection to the database file. */
export function workerRunner(dbPath: string): SyncRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: SyncRunResult) => void; reject: (e: Error) => void; onPhase: PhaseListener }>();
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null;
  };
  const ensure = (): Worker => {
    if (worker) return worker;
    const w = spawnWorker('sync-worker', { workerData: { dbPath }, resourceLimits: SYNC_WORKER_LIMITS });
    w.on('message', (msg: FromWorker) => {
      const p = pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'phase') p.onPhase(msg.phase, msg.done, msg.total);
      else {
        pending.delete(msg.id);
        if (msg.type === 'done') p.resolve(msg.result);
        else p.reject(new SyncError(msg.kind, msg.message));
      }
    });
    w.on('error', (err) => failAll(new SyncError('server', `The sync worker failed: ${err.message}`)));
    w.on('exit', (code) => {
      if (worker === w) failAll(new SyncError('server', `The sync worker stopped (exit code ${code})`));
    });
    w.unref();
    worker = w;
    return w;
  };
  return {
    run(job, onPhase) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, onPhase });
        ensure().postMessage({ type: 'run', id, job });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/** A batch as the push encoder posts it: the COPY text per table as transferred buffers. */
export interface EncodedBatch {
  first: number;
  last: number;
  copy: [string, ArrayBuffer][];
  refusedHere: Rejection[];
}

export type EncoderMessage = { type: 'batch'; batch: EncodedBatch | null } | { type: 'error'; message: string };

/** Batches read ahead of the sends: enough to keep one encoded while one is on the wire. */
const ENCODE_AHEAD = 2;

/**
 * The push's batches read and encoded in a worker thread of its own (push-encoder), ahead of the
 * sends, when there is more than one batch to push; a small push (the background sync's few rows)
 * or an in-memory database reads on this thread instead.
 */
export const workerBatches: BatchSourceFactory = (db, batchRows) => {
  if (db.path === ':memory:' || !prepared(db, 'SELECT 1 FROM outbox LIMIT 1 OFFSET ?').get(batchRows)) return inThreadBatches(db, batchRows);
  const worker = spawnWorker('push-encoder', { workerData: { dbPath: db.path, batchRows }, resourceLimits: SYNC_WORKER_LIMITS });
  const waiting: { resolve: (b: Batch | null) => void; reject: (e: Error) => void }[] = [];
  const arrived: (Batch | null | Error)[] = [];
  let failure: Error | null = null;
  const deliver = (item: Batch | null | Error) => {
    const w = waiting.shift();
    if (!w) arrived.push(item);
    else if (item instanceof Error) w.reject(item);
    else w.resolve(item);
  };
  const fail = (err: Error) => {
    if (failure) return;
    failure = err;
    while (waiting.length) waiting.shift()!.reject(err);
  };
  worker.on('message', (m: EncoderMessage) => {
    if (m.type === 'error') return deliver(new Error(m.message));
    if (!m.batch) return deliver(null);
    const copy = new Map(m.batch.copy.map(([table, bytes]) => [table, Buffer.from(bytes)]));
    deliver({ first: m.batch.first, last: m.batch.last, copy, refusedHere: m.batch.refusedHere });
  });
  worker.on('error', (err) => fail(new Error(`The push encoder failed: ${err.message}`)));
  const exited = new Promise<void>((resolve) =>
    worker.on('exit', (code) => {
      fail(new Error(`The push encoder stopped (exit code ${code})`));
      resolve();
    }),
  );
  for (let i = 0; i < ENCODE_AHEAD; i++) worker.postMessage({ type: 'read' });
  let ended = false;
  // Each batch taken asks for one more, so ENCODE_AHEAD stay read ahead.
  const taken = (b: Batch | null) => {
    if (b === null) ended = true;
    else worker.postMessage({ type: 'read' });
    return b;
  };
  const source: BatchSource = {
    next() {
      const item = arrived.shift();
      if (item !== undefined) return item instanceof Error ? Promise.reject(item) : Promise.resolve(taken(item));
      if (failure) return Promise.reject(failure);
      if (ended) return Promise.resolve(null);
      return new Promise<Batch | null>((resolve, reject) => waiting.push({ resolve: (b) => resolve(taken(b)), reject }));
    },
    async close() {
      failure ??= new Error('The push is over');
      // The worker closes its connection and ends once the batch it may be encoding is done.
      worker.postMessage({ type: 'close' });
      const late = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(late);
    },
  };
  return source;
};
