// Worker: a large RFM scoring pass (db/queries/rfm.ts runBackgroundPass) on its own connection to
// the database file, a chunk of contacts a transaction, so re-scoring a million contacts after a
// threshold change never blocks the main process. Progress and the result are posted back.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas, closeDatabase, wrap } from '../../../db/connection';
import { runBackgroundPass, type PassProgress } from '../../../db/queries/rfm';

export interface RfmWorkerData {
  dbPath: string;
  /** The main process's clock (a test's or the device's), as the pass's "now". */
  nowIso: string;
  chunk: number;
}

export type RfmWorkerMessage = { type: 'progress'; progress: PassProgress } | { type: 'done'; scored: number } | { type: 'error'; message: string };

const { dbPath, nowIso, chunk } = workerData as RfmWorkerData;
const post = (m: RfmWorkerMessage) => parentPort?.postMessage(m);
const sqlite = new Database(dbPath);
applyConnectionPragmas(sqlite);
const db = wrap(sqlite, dbPath);
try {
  const scored = runBackgroundPass(db, new Date(nowIso), chunk, (progress) => post({ type: 'progress', progress }));
  post({ type: 'done', scored });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
} finally {
  closeDatabase(db);
}
