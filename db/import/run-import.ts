// One import batch, run as a job: stream the file, read each record into the import's fields,
// report bad rows (row, column, value, reason), and resolve the rest against the file and the
// workspace — a dry run only counts; a commit writes, a chunk per transaction, and records what it
// wrote so it can be undone. Progress (rows, rows/s, ETA) goes to the caller after every chunk.
// Cancel stops at the next chunk and removes what the batch wrote.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportFieldKey, ImportType } from '../../shared/domain/import-fields';
import { planColumns, type ColumnTarget, type ValueMaps } from '../../shared/domain/import-presets';
import type { DateFormat, DecimalSeparator } from '../../shared/domain/import-values';
import { prepared, type AppDb } from '../connection';
import { importBatches, importErrors } from '../schema';
import { insertRow, transaction, updateRow, type Writer } from '../write';
import { readCsv, type CsvDelimiter, type CsvEncoding } from './csv-reader';
import { readCallRow } from './call-rows';
import { CallSink } from './call-sink';
import { readOrderRow } from './order-rows';
import { readAppointmentRow } from './appointment-rows';
import { AppointmentSink } from './appointment-sink';
import { OrderSink } from './order-sink';
import { readLeadRow, type LeadRowContext } from './lead-rows';
import { LeadSink, type ImportCounts } from './lead-sink';
import { FieldReader, type RowProblem } from './row-values';
import { undoBatch } from './undo';

export interface ImportPlan {
  importType: ImportType;
  workspaceId: string;
  /** Header -> field(s), as in a preset. */
  columns: Record<string, ColumnTarget | null>;
  valueMaps?: ValueMaps;
  presetId?: string | null;
  /** With the export's own ids, the key that makes a re-import update instead of duplicate. */
  externalSource: string;
  dateFormats?: Partial<Record<ImportFieldKey, DateFormat>>;
  decimalSeparator?: DecimalSeparator;
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
}

export interface ImportProgress {
  batchId: string;
  mode: 'dry_run' | 'commit';
  rows: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
}

export interface ImportSummary extends ImportCounts {
  batchId: string;
  mode: 'dry_run' | 'commit';
  status: 'validated' | 'completed' | 'cancelled' | 'failed';
  totalRows: number;
  invalid: number;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  fileHash: string;
  seconds: number;
  /** Set when the batch failed. */
  error?: string;
}

export interface RunImportOptions {
  path: string;
  plan: ImportPlan;
  mode: 'dry_run' | 'commit';
  writer: Writer;
  /** An existing batch (the dry run's, when committing after it); a new one otherwise. */
  batchId?: string;
  fileName?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Errors kept per batch (the counts cover all of them). */
  maxErrors?: number;
  /** Test hook: runs after each committed chunk. */
  afterChunk?: (rowsDone: number) => void;
  /** Test hook: the random contact code generator. */
  randomCode?: () => string;
}

class ImportCancelled extends Error {}

/** What a type's sink does with a chunk of read rows. */
interface Sink {
  readonly counts: ImportCounts;
  addChunk(rows: never[], afterWrite?: () => void): void;
  /** After the last chunk: what needs every row (an order's value). */
  finish?(): void;
  dispose(): void;
}

export async function runImport(o: RunImportOptions): Promise<ImportSummary> {
  const { db } = o.writer;
  const started = Date.now();
  const fileSize = statSync(o.path).size;
  const fileName = o.fileName ?? basename(o.path);
  const type = o.plan.importType;
  const ws = workspaceOf(db, o.plan.workspaceId);
  const batchId = o.batchId ?? createBatch(o.writer, o.plan, fileName, o.path, fileSize);
  const hadErrors = (prepared(db, 'SELECT count(*) AS n FROM import_errors WHERE batch_id = ? AND deleted_at IS NULL').get(batchId) as { n: number }).n > 0;
  setBatch(o.writer, batchId, { status: o.mode === 'dry_run' ? 'validating' : 'running', startedAt: o.writer.now() });
  const hash = createHash('sha256');
  const writer = o.mode === 'commit' ? o.writer : null;
  const sink: Sink =
    type === 'leads'
      ? new LeadSink({ db, workspaceId: ws.id, externalSource: o.plan.externalSource, batchId, fileName, writer, ...(o.randomCode ? { randomCode: o.randomCode } : {}) })
      : type === 'calls'
        ? new CallSink({ db, workspaceId: ws.id, timeZone: ws.timezone, externalSource: o.plan.externalSource, batchId, writer })
        : type === 'orders'
          ? new OrderSink({ db, workspaceId: ws.id, externalSource: o.plan.externalSource, batchId, fileName, writer })
          : new AppointmentSink({ db, workspaceId: ws.id, batchId, fileName, writer });
  const readRow = (type === 'leads' ? readLeadRow : type === 'calls' ? readCallRow : type === 'orders' ? readOrderRow : readAppointmentRow) as (record: readonly string[], row: number, ctx: LeadRowContext, problems: RowProblem[]) => object | null;
  let reader: FieldReader | null = null;
  let totalRows = 0;
  let invalid = 0;
  let encoding: CsvEncoding = 'utf-8';
  let delimiter: CsvDelimiter = ',';
  const errors: RowProblem[] = [];
  const maxErrors = o.maxErrors ?? 10_000;
  try {
    const source = hashing(o.path, hash);
    for await (const batch of readCsv(source, { totalBytes: fileSize, ...(o.plan.encoding ? { encoding: o.plan.encoding } : {}), ...(o.plan.delimiter ? { delimiter: o.plan.delimiter } : {}) })) {
      if (o.signal?.aborted) throw new ImportCancelled();
      encoding = batch.sniff.encoding;
      delimiter = batch.sniff.delimiter;
      reader ??= new FieldReader({ importType: type, headers: batch.sniff.header, sources: planColumns(batch.sniff.header, o.plan.columns, type, o.plan.valueMaps ?? {}), timeZone: ws.timezone, dateFormats: o.plan.dateFormats ?? {}, ...(o.plan.decimalSeparator ? { decimalSeparator: o.plan.decimalSeparator } : {}) });
      const ctx = { reader, defaultCountry: ws.defaultCountry, users: ws.users };
      const rows: object[] = [];
      const chunkProblems: RowProblem[] = [];
      for (let i = 0; i < batch.rows.length; i++) {
        const row = readRow(batch.rows[i]!, batch.rowNumbers[i]!, ctx, chunkProblems);
        if (row) rows.push(row);
      }
      for (const issue of batch.issues) if (issue.severity === 'error') chunkProblems.push({ row: issue.row, column: issue.column ?? null, value: null, reason: issue.message });
      totalRows += batch.rows.length;
      invalid += batch.rows.length - rows.length;
      for (const p of chunkProblems) if (errors.length < maxErrors) errors.push(p);
      sink.addChunk(rows as never[], () => {
        if (o.mode === 'commit') prepared(db, 'UPDATE import_jobs SET rows_done = ?, updated_at = ? WHERE batch_id = ?').run(totalRows, o.writer.now(), batchId);
      });
      o.afterChunk?.(totalRows);
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? totalRows / seconds : 0;
      const bytesPerSecond = seconds > 0 ? batch.bytesRead / seconds : 0;
      o.onProgress?.({ batchId, mode: o.mode, rows: totalRows, bytesRead: batch.bytesRead, totalBytes: fileSize, rowsPerSecond: Math.round(rate), etaSeconds: bytesPerSecond > 0 ? Math.max(0, (fileSize - batch.bytesRead) / bytesPerSecond) : null });
      // Let the event loop breathe between chunks (cancel messages, progress posts).
      await new Promise((r) => setImmediate(r));
    }
    if (o.signal?.aborted) throw new ImportCancelled();
    sink.finish?.();
    const fileHash = hash.digest('hex');
    const summary: ImportSummary = { batchId, mode: o.mode, status: o.mode === 'dry_run' ? 'validated' : 'completed', ...sink.counts, totalRows, invalid, encoding, delimiter, fileHash, seconds: (Date.now() - started) / 1000 };
    finish(o.writer, summary, hadErrors ? [] : errors, { fileSize, plan: o.plan });
    return summary;
  } catch (err) {
    const cancelled = err instanceof ImportCancelled || o.signal?.aborted === true;
    if (o.mode === 'commit') undoBatch(o.writer, batchId);
    const message = cancelled ? 'Cancelled; nothing of it was kept.' : `${(err as Error).message}; nothing of it was kept.`;
    setBatch(o.writer, batchId, { status: cancelled ? 'cancelled' : 'failed', error: message, finishedAt: o.writer.now() });
    return { batchId, mode: o.mode, status: cancelled ? 'cancelled' : 'failed', ...sink.counts, totalRows, invalid, encoding, delimiter, fileHash: '', seconds: (Date.now() - started) / 1000, error: message };
  } finally {
    sink.dispose();
  }
}

/** The file's bytes, hashed as they stream past (the batch records what it read). */
async function* hashing(path: string, hash: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    hash.update(chunk as Buffer);
    yield chunk as Buffer;
  }
}

interface WorkspaceInfo {
  id: string;
  timezone: string;
  defaultCountry: string;
  users: Map<string, string>;
}

function workspaceOf(db: AppDb, id: string): WorkspaceInfo {
  const ws = prepared(db, 'SELECT id, timezone, default_country AS defaultCountry FROM workspaces WHERE id = ? AND deleted_at IS NULL').get(id) as Omit<WorkspaceInfo, 'users'> | undefined;
  if (!ws) throw new Error(`No workspace ${id} on this device`);
  const users = new Map<string, string>();
  const rows = prepared(
    db,
    `SELECT u.id, u.email, u.display_name AS name FROM users u JOIN workspace_memberships m ON m.user_id = u.id
     WHERE m.workspace_id = ? AND m.deleted_at IS NULL AND u.deleted_at IS NULL`,
  ).all(id) as { id: string; email: string; name: string }[];
  for (const u of rows) {
    users.set(u.email.toLowerCase(), u.id);
    if (!users.has(u.name.toLowerCase())) users.set(u.name.toLowerCase(), u.id);
  }
  return { ...ws, users };
}

export function createBatch(w: Writer, plan: ImportPlan, fileName: string, path: string, fileSize: number): string {
  return transaction(w.db, () => {
    const batch = insertRow(w, importBatches, {
      workspaceId: plan.workspaceId,
      fileName,
      fileHash: '',
      importType: plan.importType,
      preset: plan.presetId ?? null,
      status: 'validating',
      createdBy: w.actorUserId,
    });
    prepared(w.db, 'INSERT INTO import_jobs (batch_id, path, file_size, encoding, delimiter, plan, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      batch.id,
      path,
      fileSize,
      plan.encoding ?? '',
      plan.delimiter ?? '',
      JSON.stringify(plan),
      w.now(),
    );
    return batch.id;
  });
}

type BatchPatch = Partial<Pick<typeof importBatches.$inferInsert, 'status' | 'error' | 'startedAt' | 'finishedAt' | 'fileHash' | 'totalRows' | 'createdCount' | 'updatedCount' | 'duplicateCount' | 'invalidCount'>>;

function setBatch(w: Writer, batchId: string, patch: BatchPatch): void {
  updateRow(w, importBatches, batchId, patch);
}

function finish(w: Writer, s: ImportSummary, errors: RowProblem[], job: { fileSize: number; plan: ImportPlan }): void {
  transaction(w.db, () => {
    for (const e of errors) {
      insertRow(w, importErrors, { workspaceId: job.plan.workspaceId, batchId: s.batchId, rowNumber: e.row, column: e.column, value: e.value === null ? null : e.value.slice(0, 500), reason: e.reason });
    }
    setBatch(w, s.batchId, {
      status: s.status,
      fileHash: s.fileHash,
      totalRows: s.totalRows,
      createdCount: s.created,
      updatedCount: s.updated,
      duplicateCount: s.duplicates,
      invalidCount: s.invalid,
      ...(s.mode === 'commit' ? { finishedAt: w.now() } : {}),
    });
    const counts = { created: s.created, updated: s.updated, unchanged: s.unchanged, duplicates: s.duplicates, invalid: s.invalid, totalRows: s.totalRows };
    prepared(w.db, `UPDATE import_jobs SET encoding = ?, delimiter = ?, ${s.mode === 'dry_run' ? 'dry_run = ?,' : ''} rows_done = ?, updated_at = ? WHERE batch_id = ?`).run(
      s.encoding,
      s.delimiter,
      ...(s.mode === 'dry_run' ? [JSON.stringify({ ...counts, fileHash: s.fileHash })] : []),
      s.totalRows,
      w.now(),
      s.batchId,
    );
  });
}
