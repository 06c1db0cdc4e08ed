// Worker: reads and encodes the push's batches (db/sync/push.ts readBatch) on its own connection
// and core, so a first push of a million rows streams one batch to the server while the next is
// encoded. One batch per 'read' message, in sequence order; the COPY text is transferred, not copied.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas, closeDatabase, wrap } from '../../../db/connection';
import { readBatch } from '../../../db/sync/push';
import type { EncodedBatch, EncoderMessage } from '../sync/runner';

const { dbPath, batchRows } = workerData as { dbPath: string; batchRows: number };
const sqlite = new Database(dbPath);
applyConnectionPragmas(sqlite);
const db = wrap(sqlite, dbPath);
let after = 0;

const post = (m: EncoderMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer);

parentPort?.on('message', (msg: { type: 'read' } | { type: 'close' }) => {
  if (msg.type === 'close') {
    closeDatabase(db);
    parentPort?.close();
    return;
  }
  try {
    const batch = readBatch(db, after, batchRows);
    if (!batch) return post({ type: 'batch', batch: null });
    after = batch.last;
    const copy: [string, ArrayBuffer][] = [];
    const transfer: ArrayBuffer[] = [];
    for (const [table, buf] of batch.copy) {
      // A buffer of its own moves; a small one cut from the shared pool is copied out first.
      const own = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? (buf.buffer as ArrayBuffer) : new Uint8Array(buf).buffer;
      copy.push([table, own]);
      transfer.push(own);
    }
    const encoded: EncodedBatch = { first: batch.first, last: batch.last, copy, refusedHere: batch.refusedHere };
    post({ type: 'batch', batch: encoded }, transfer);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
