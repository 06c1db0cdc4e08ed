// Runs import batches: in a worker thread per batch on its own connection (a database file), or
// inline on the app's connection (in-memory databases in tests). Either way the caller gets
// progress, the summary, and a way to cancel.
import type { Worker } from 'node:worker_threads';
import { runImport, type ImportPlan, type ImportProgress, type ImportSummary } from '../../../db/import/run-import';
import type { Writer } from '../../../db/write';
import { spawnWorker } from '../workers/spawn';

export interface ImportJob {
  path: string;
  plan: ImportPlan;
  mode: 'dry_run' | 'commit';
  batchId: string;
  fileName: string;
  actorUserId: string | null;
  /** The app's clock minus this machine's; the worker stamps rows on the app's clock. */
  clockOffsetMs?: number;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportSummary; lastHlc: string | null }
  | { type: 'error'; message: string };

export interface RunningImport {
  done: Promise<{ summary: ImportSummary; lastHlc: string | null }>;
  cancel(): void;
}

export type ImportRunner = (job: ImportJob, onProgress: (p: ImportProgress) => void) => RunningImport;

/**
 * V8's default young generation (16 MB semi-spaces), pinned: an import keeps memory flat, and a
 * process started with larger ones (the bench, for the sync worker's sake) must not grow this
 * worker's heap by a hundred MB.
 */
const IMPORT_WORKER_LIMITS = { maxYoungGenerationSizeMb: 48 } as const;

export function workerImportRunner(dbPath: string, deviceId: string): ImportRunner {
  return (job, onProgress) => {
    const worker: Worker = spawnWorker('import-worker', { workerData: { dbPath, deviceId, job }, resourceLimits: IMPORT_WORKER_LIMITS });
    const done = new Promise<{ summary: ImportSummary; lastHlc: string | null }>((resolve, reject) => {
      worker.on('message', (m: ImportWorkerMessage) => {
        if (m.type === 'progress') return onProgress(m.progress);
        if (m.type === 'done') resolve({ summary: m.summary, lastHlc: m.lastHlc });
        else reject(new Error(m.message));
        // One batch per worker: its listener for 'cancel' would keep it alive otherwise.
        void worker.terminate();
      });
      worker.on('error', reject);
      // After 'done' this is a no-op; before it, the worker died.
      worker.on('exit', (code) => reject(new Error(`The import stopped unexpectedly (worker exit ${code})`)));
    });
    return { done, cancel: () => worker.postMessage({ type: 'cancel' }) };
  };
}

export function inlineImportRunner(writer: (actor: string | null) => Writer): ImportRunner {
  return (job, onProgress) => {
    const controller = new AbortController();
    const w = writer(job.actorUserId);
    const done = runImport({ ...job, writer: w, signal: controller.signal, onProgress }).then((summary) => ({ summary, lastHlc: null }));
    return { done, cancel: () => controller.abort() };
  };
}
