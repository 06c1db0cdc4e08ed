// Worker: one sync run per message, on its own connection to the database file (WAL lets the
// main process keep reading and writing meanwhile; write transactions are IMMEDIATE on both).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas, wrap, type AppDb } from '../../../db/connection';
import { SyncError } from '../../../db/sync/engine';
import { runJob, type SyncJob } from '../sync/runner';

const { dbPath } = workerData as { dbPath: string };
let db: AppDb | null = null;
// One run at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();

function open(): AppDb {
  if (db) return db;
  const sqlite = new Database(dbPath);
  applyConnectionPragmas(sqlite);
  db = wrap(sqlite, dbPath);
  return db;
}

parentPort?.on('message', (msg: { type: 'run'; id: number; job: SyncJob }) => {
  if (msg.type !== 'run') return;
  queue = queue.then(async () => {
    try {
      const result = await runJob(open(), msg.job, (phase, done, total) => parentPort?.postMessage({ type: 'phase', id: msg.id, phase, done, total }));
      parentPort?.postMessage({ type: 'done', id: msg.id, result });
    } catch (err) {
      const e = err instanceof SyncError ? err : new SyncError('server', err instanceof Error ? err.message : String(err));
      parentPort?.postMessage({ type: 'error', id: msg.id, kind: e.kind, message: e.message });
    }
  });
});
