// The app's side of imports: uploads, starting a batch (a dry run or a commit) in the runner,
// progress as job.progress events, cancel, and the clean-up when a worker dies half-way.
import { existsSync } from 'node:fs';
import type { ImportStartInput } from '../../../shared/api/imports';
import type { z } from 'zod';
import { AppError } from '../../../shared/api/contract';
import type { AppDb } from '../../../db/connection';
import { prepared } from '../../../db/connection';
import { createBatch, type ImportPlan, type ImportProgress } from '../../../db/import/run-import';
import { undoBatch } from '../../../db/import/undo';
import type { UploadStore } from '../../../db/import/uploads';
import { importBatches } from '../../../db/schema';
import { updateRow, type Writer } from '../../../db/write';
import type { EventBus } from '../event-bus';
import type { ImportRunner, RunningImport } from './runner';

export interface ImportServiceDeps {
  db: AppDb;
  events: EventBus;
  uploads: UploadStore;
  runner: ImportRunner;
  writer(actorUserId: string | null): Writer;
  receiveClock(remote: string | null): void;
  /** The app's clock minus this machine's (0 unless the app runs on a pinned clock, as in e2e). */
  clockOffsetMs(): number;
}

export class ImportService {
  private readonly running = new Map<string, { run: RunningImport; finished: Promise<void> }>();

  constructor(private readonly deps: ImportServiceDeps) {}

  get uploads(): UploadStore {
    return this.deps.uploads;
  }

  /** Commits a validated dry run with the plan and file it ran with. */
  commitDryRun(batchId: string, actorUserId: string): { batchId: string } {
    const job = prepared(this.deps.db, `SELECT j.path, j.plan, b.status, b.file_name FROM import_jobs j JOIN import_batches b ON b.id = j.batch_id WHERE j.batch_id = ?`).get(batchId) as
      | { path: string; plan: string; status: string; file_name: string }
      | undefined;
    if (!job) throw new AppError('not_found', 'That import is not on this device.');
    if (job.status !== 'validated') throw new AppError('conflict', `Only a finished dry run can be committed; this import is ${job.status}.`);
    if (!existsSync(job.path)) throw new AppError('conflict', `The file ${job.file_name} is no longer on this device; import it again.`);
    return this.run(JSON.parse(job.plan) as ImportPlan, 'commit', batchId, { path: job.path, fileName: job.file_name }, actorUserId);
  }

  start(input: z.output<typeof ImportStartInput>, actorUserId: string): { batchId: string } {
    const upload = this.deps.uploads.complete(input.uploadId);
    const plan: ImportPlan = {
      importType: input.importType,
      workspaceId: input.workspaceId,
      columns: input.columns,
      valueMaps: input.valueMaps,
      presetId: input.presetId ?? null,
      externalSource: input.externalSource,
      dateFormats: input.dateFormats,
      ...(input.decimalSeparator ? { decimalSeparator: input.decimalSeparator } : {}),
    };
    const w = this.deps.writer(actorUserId);
    let batchId: string;
    if (input.batchId) {
      const batch = prepared(this.deps.db, 'SELECT workspace_id, status FROM import_batches WHERE id = ? AND deleted_at IS NULL').get(input.batchId) as { workspace_id: string; status: string } | undefined;
      if (!batch || batch.workspace_id !== input.workspaceId) throw new AppError('not_found', 'That import is not in this workspace.');
      if (input.mode !== 'commit' || batch.status !== 'validated') throw new AppError('conflict', `Only a finished dry run can be committed; this import is ${batch.status}.`);
      batchId = input.batchId;
    } else batchId = createBatch(w, plan, upload.fileName, upload.path, upload.size);
    return this.run(plan, input.mode, batchId, upload, actorUserId);
  }

  private run(plan: ImportPlan, mode: 'dry_run' | 'commit', batchId: string, upload: { path: string; fileName: string }, actorUserId: string): { batchId: string } {
    const input = { mode, workspaceId: plan.workspaceId };
    const w = this.deps.writer(actorUserId);
    if (this.running.has(batchId)) throw new AppError('conflict', 'This import is already running.');
    // Rows in the file, when a dry run has counted them (progress is then "x of y rows").
    const dryRun = prepared(this.deps.db, 'SELECT dry_run FROM import_jobs WHERE batch_id = ?').get(batchId) as { dry_run: string | null } | undefined;
    const totalRows = dryRun?.dry_run ? (JSON.parse(dryRun.dry_run) as { totalRows: number }).totalRows : null;
    const emit = (p: Partial<ImportProgress> & { mode: 'dry_run' | 'commit' }, finished: boolean, error: string | null, message: string | null) =>
      this.deps.events.emit('job.progress', {
        jobId: batchId,
        kind: 'import',
        phase: p.mode,
        done: p.rows ?? 0,
        total: totalRows,
        ratePerSecond: p.rowsPerSecond ?? null,
        etaSeconds: p.etaSeconds ?? null,
        message,
        finished,
        error,
      });
    const run = this.deps.runner({ path: upload.path, plan, mode: input.mode, batchId, fileName: upload.fileName, actorUserId, clockOffsetMs: this.deps.clockOffsetMs() }, (p) =>
      emit(p, false, null, `${p.rows.toLocaleString('en-US')} rows read, ${p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0}% of the file`),
    );
    emit({ mode: input.mode, rows: 0 }, false, null, 'Starting');
    const finished = run.done
      .then(({ summary, lastHlc }) => {
        this.deps.receiveClock(lastHlc);
        emit({ mode: input.mode, rows: summary.totalRows }, true, summary.status === 'failed' ? (summary.error ?? 'The import failed.') : null, summary.status);
      })
      .catch((err: Error) => {
        // The worker died: whatever it committed goes, and the batch says why.
        undoBatch(w, batchId);
        updateRow(w, importBatches, batchId, { status: 'failed', error: `${err.message}; nothing of it was kept.`, finishedAt: w.now() });
        emit({ mode: input.mode }, true, err.message, 'failed');
      })
      .finally(() => {
        this.running.delete(batchId);
        this.deps.events.emit('data.changed', { tables: ['import_batches', 'import_errors', 'contacts', 'leads', 'lead_events', 'calls', 'appointments', 'conversions'], workspaceId: input.workspaceId });
      });
    this.running.set(batchId, { run, finished });
    return { batchId };
  }

  cancel(batchId: string): boolean {
    const entry = this.running.get(batchId);
    entry?.run.cancel();
    return entry !== undefined;
  }

  isRunning(batchId: string): boolean {
    return this.running.has(batchId);
  }

  /** Resolves when no batch is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((e) => e.finished));
  }
}
