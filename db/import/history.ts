// The import history: batches with their counts and state, a batch's errors (and the error report
// CSV an admin downloads to fix the file), and the workspace's saved mapping presets.
import type { ImportBatchDetail, ImportBatchStatus, ImportBatchView, ImportErrorView, ImportPresetView } from '../../shared/api/imports';
import { toCsv } from '../../shared/domain/csv';
import type { ImportType } from '../../shared/domain/import-fields';
import { BUILT_IN_PRESETS, type ImportPreset } from '../../shared/domain/import-presets';
import { prepared, type AppDb } from '../connection';

interface BatchRow {
  id: string;
  workspace_id: string;
  file_name: string;
  file_hash: string;
  import_type: ImportType;
  preset: string | null;
  status: ImportBatchStatus;
  total_rows: number;
  created_count: number;
  updated_count: number;
  duplicate_count: number;
  invalid_count: number;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  undone_at: string | null;
  error: string | null;
  rows_done: number | null;
  file_size: number | null;
  dry_run: string | null;
}

const SELECT = `SELECT b.*, u.display_name AS created_by_name, j.rows_done, j.file_size, j.dry_run
  FROM import_batches b LEFT JOIN users u ON u.id = b.created_by LEFT JOIN import_jobs j ON j.batch_id = b.id`;

function toView(r: BatchRow): ImportBatchView {
  const finished = r.status === 'completed';
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    fileName: r.file_name,
    fileHash: r.file_hash,
    importType: r.import_type,
    preset: r.preset,
    status: r.status,
    totalRows: r.total_rows,
    createdCount: r.created_count,
    updatedCount: r.updated_count,
    duplicateCount: r.duplicate_count,
    invalidCount: r.invalid_count,
    rowsDone: r.rows_done ?? 0,
    fileSize: r.file_size ?? 0,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    undoneAt: r.undone_at,
    error: r.error,
    dryRun: r.dry_run ? (JSON.parse(r.dry_run) as ImportBatchView['dryRun']) : null,
    // A dry run's batch can be committed while its uploaded file is still here (a row in import_jobs).
    canCommit: r.status === 'validated' && r.file_size !== null,
    canUndo: finished,
    canCancel: r.status === 'running' || r.status === 'validating',
  };
}

export function listBatches(db: AppDb, workspaceId: string, limit = 500): ImportBatchView[] {
  return (prepared(db, `${SELECT} WHERE b.workspace_id = ? AND b.deleted_at IS NULL ORDER BY b.created_at DESC, b.id DESC LIMIT ?`).all(workspaceId, limit) as BatchRow[]).map(toView);
}

export function getBatch(db: AppDb, batchId: string, errorLimit = 200): ImportBatchDetail | null {
  const row = prepared(db, `${SELECT} WHERE b.id = ? AND b.deleted_at IS NULL`).get(batchId) as BatchRow | undefined;
  if (!row) return null;
  const errorCount = (prepared(db, 'SELECT count(*) AS n FROM import_errors WHERE batch_id = ? AND deleted_at IS NULL').get(batchId) as { n: number }).n;
  return { ...toView(row), errors: batchErrors(db, batchId, errorLimit), errorCount };
}

function batchErrors(db: AppDb, batchId: string, limit: number): ImportErrorView[] {
  return (
    prepared(db, 'SELECT row_number, "column", value, reason FROM import_errors WHERE batch_id = ? AND deleted_at IS NULL ORDER BY row_number, id LIMIT ?').all(batchId, limit) as {
      row_number: number;
      column: string | null;
      value: string | null;
      reason: string;
    }[]
  ).map((e) => ({ rowNumber: e.row_number, column: e.column, value: e.value, reason: e.reason }));
}

/** Every error of the batch as CSV (formula-safe): row, column, value, reason. */
export function errorReport(db: AppDb, batchId: string): { fileName: string; csv: string } | null {
  const batch = prepared(db, 'SELECT file_name FROM import_batches WHERE id = ?').get(batchId) as { file_name: string } | undefined;
  if (!batch) return null;
  const errors = batchErrors(db, batchId, Number.MAX_SAFE_INTEGER);
  const base = batch.file_name.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-errors.csv`, csv: toCsv(['Row', 'Column', 'Value', 'Reason'], errors.map((e) => [e.rowNumber, e.column ?? '', e.value ?? '', e.reason])) };
}

export function workspacePresets(db: AppDb, workspaceId: string): ImportPreset[] {
  return (prepared(db, 'SELECT preset FROM import_presets WHERE workspace_id = ? ORDER BY label').all(workspaceId) as { preset: string }[]).map((r) => JSON.parse(r.preset) as ImportPreset);
}

export function presetViews(db: AppDb, workspaceId: string): ImportPresetView[] {
  return [...BUILT_IN_PRESETS.map((p) => ({ ...p, deletable: false })), ...workspacePresets(db, workspaceId).map((p) => ({ ...p, deletable: true }))];
}

/** Saves (or replaces) a workspace's preset; an id another workspace uses is refused. */
export function savePreset(db: AppDb, workspaceId: string, preset: ImportPreset, now: string): ImportPresetView | null {
  const saved = prepared(db, `INSERT INTO import_presets (id, workspace_id, label, preset, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET label = excluded.label, preset = excluded.preset WHERE import_presets.workspace_id = excluded.workspace_id`).run(preset.id, workspaceId, preset.label, JSON.stringify(preset), now);
  return saved.changes > 0 ? { ...preset, deletable: true } : null;
}

export function deletePreset(db: AppDb, workspaceId: string, id: string): boolean {
  return prepared(db, 'DELETE FROM import_presets WHERE workspace_id = ? AND id = ?').run(workspaceId, id).changes > 0;
}
