// Worker: one import batch (db/import/run-import.ts) on its own connection to the database file,
// so parsing and writing a million rows never blocks the main process. Progress and the result
// are posted back; a 'cancel' message stops it at the next chunk (and removes what it wrote).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas, closeDatabase, wrap } from '../../../db/connection';
import { runImport } from '../../../db/import/run-import';
import { lastIssuedHlc } from '../../../db/queries/meta';
import { HlcClock } from '../../../shared/domain/hlc';
import { uuidv7 } from '../../../shared/domain/ids';
import type { ImportJob, ImportWorkerMessage } from '../imports/runner';

const { dbPath, deviceId, job } = workerData as { dbPath: string; deviceId: string; job: ImportJob };
const controller = new AbortController();
parentPort?.on('message', (msg: { type: 'cancel' }) => {
  if (msg.type === 'cancel') controller.abort();
});

async function main(): Promise<void> {
  const sqlite = new Database(dbPath);
  applyConnectionPragmas(sqlite);
  // The import's dedup keys go to a temp file, not this thread's memory.
  sqlite.pragma('temp_store = FILE');
  const db = wrap(sqlite, dbPath);
  // Its own clock node: its stamps never collide with the main process's.
  const wall = () => Date.now() + (job.clockOffsetMs ?? 0);
  const clock = new HlcClock(`${deviceId}imp`, wall, lastIssuedHlc(db));
  const writer = { db, clock, actorUserId: job.actorUserId, now: () => new Date(wall()).toISOString(), newId: uuidv7 };
  const post = (m: ImportWorkerMessage) => parentPort?.postMessage(m);
  try {
    const summary = await runImport({ ...job, writer, signal: controller.signal, onProgress: (progress) => post({ type: 'progress', progress }) });
    post({ type: 'done', summary, lastHlc: clock.last() });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    closeDatabase(db);
  }
}

void main();
