import { jobPace, type JobProgress } from '../../shared/api/events';
import { spawnWorker } from './workers/spawn';

export interface PrepareOptions {
  dbPath: string;
  migrationsFolder: string;
  demo: boolean;
  demoLeads?: number;
}

export interface PrepareResult {
  migrated: string[];
  backup: string | null;
}

type WorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number; elapsedMs: number }
  | { type: 'done'; migrated: string[]; backup: string | null }
  | { type: 'error'; message: string };

/** Migrates the database file and seeds demo data on a first start, in a worker thread. */
export function prepareDatabase(options: PrepareOptions, onProgress?: (p: JobProgress) => void): Promise<PrepareResult> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker('prepare-worker', { workerData: options });
    let settled = false;
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') {
        onProgress?.({
          jobId: 'prepare', kind: 'seed', phase: msg.phase, done: msg.done, total: msg.total, ...jobPace(msg.done, msg.total, msg.elapsedMs),
          message: `Creating demo data: ${msg.phase}`, finished: false, error: null,
        });
      } else if (msg.type === 'done') {
        settled = true;
        resolve({ migrated: msg.migrated, backup: msg.backup });
      } else {
        settled = true;
        reject(new Error(msg.message));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The database worker stopped unexpectedly (exit code ${code})`));
    });
  });
}
