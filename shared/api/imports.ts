// CSV import (admins): upload a file, inspect it (encoding, delimiter, preview, preset and mapping
// suggestions), dry-run, commit, watch progress (job.progress events), cancel, undo, and read the
// history with each batch's errors (also as a CSV report). Saved mappings are presets.
import { z } from 'zod';
import { IMPORT_FIELD_KEYS, IMPORT_TYPES, type ImportField, type ImportFieldKey, type ImportType } from '../domain/import-fields';
import { ImportPresetSchema, type ImportPreset, type MatchKind } from '../domain/import-presets';
import { DATE_FORMATS, type DateFormat, type DecimalSeparator } from '../domain/import-values';
import { method } from './contract';
import { Id } from './common';

/** An upload's handle: minted by the main process, letters and digits only (never a path). */
export const UploadId = z.string().regex(/^[a-z0-9]{16,40}$/, 'must be an upload id');

const FieldKey = z.enum(IMPORT_FIELD_KEYS);
const ColumnTarget = z.union([FieldKey, z.array(FieldKey).min(1).max(5)]).nullable();

/** Largest upload: a few million rows of a wide export. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** Largest chunk of an upload (base64 text). */
export const MAX_CHUNK_CHARS = 8 * 1024 * 1024;

export const ImportStartInput = z
  .object({
    uploadId: UploadId,
    workspaceId: Id,
    importType: z.enum(IMPORT_TYPES),
    columns: z.record(z.string().max(300), ColumnTarget).refine((c) => Object.keys(c).length <= 500, 'at most 500 columns'),
    valueMaps: z.record(z.string().max(300), z.record(z.string().max(300), z.string().max(300).nullable())).default({}),
    presetId: z.string().max(100).nullish(),
    externalSource: z.string().trim().min(1, 'name the source of the export').max(60).regex(/^[a-z0-9_.:-]+$/i, 'letters, digits and _ . : - only'),
    dateFormats: z.partialRecord(FieldKey, z.enum(DATE_FORMATS)).default({}),
    decimalSeparator: z.enum(['.', ',']).nullish(),
    mode: z.enum(['dry_run', 'commit']),
    /** Commit the batch a dry run made (its counts and errors are kept). */
    batchId: Id.nullish(),
  })
  .strict();

export interface ImportPresetView extends ImportPreset {
  /** Workspace presets can be deleted; built-in ones cannot. */
  deletable: boolean;
}

export interface ColumnGuess {
  header: string;
  field: ImportFieldKey | null;
  matchedBy: MatchKind | null;
  /** The first non-blank values, for the mapping screen. */
  samples: string[];
}

export interface ImportInspection {
  uploadId: string;
  fileName: string;
  size: number;
  encoding: string;
  encodingReason: string;
  delimiter: string;
  delimiterReason: string;
  headers: string[];
  /** First rows, as read (strings). */
  preview: string[][];
  previewRowNumbers: number[];
  /** Problems met while reading the preview (plain sentences naming row and column). */
  issues: { row: number; severity: 'error' | 'warning' | 'info'; message: string }[];
  /** The preset whose headers the file has, when one fits. */
  preset: { id: string; label: string; score: number; missing: string[] } | null;
  columns: ColumnGuess[];
  /** The mapping in preset form (fallbacks included), ready for imports.start. */
  mapping: Record<string, ImportFieldKey | readonly ImportFieldKey[] | null>;
  valueMaps: Record<string, Record<string, string | null>>;
  externalSource: string;
  fields: ImportField[];
  /** Date format per mapped date field, with whether it was assumed and why. */
  dateFormats: Partial<Record<ImportFieldKey, { format: DateFormat; assumed: boolean; reason: string }>>;
  decimalSeparator: { separator: DecimalSeparator; assumed: boolean; reason: string } | null;
  /** Why the mapping cannot identify people, or null. */
  mappingProblem: string | null;
}

export type ImportBatchStatus = 'validating' | 'validated' | 'running' | 'completed' | 'failed' | 'cancelled' | 'undone';

export interface ImportBatchView {
  id: string;
  workspaceId: string;
  fileName: string;
  fileHash: string;
  importType: ImportType;
  preset: string | null;
  status: ImportBatchStatus;
  totalRows: number;
  createdCount: number;
  updatedCount: number;
  duplicateCount: number;
  invalidCount: number;
  /** Rows read so far (a running batch). */
  rowsDone: number;
  fileSize: number;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  undoneAt: string | null;
  error: string | null;
  /** The dry run's figures, when the batch had one. */
  dryRun: { created: number; updated: number; unchanged: number; duplicates: number; invalid: number; totalRows: number } | null;
  /** Can it be committed (a validated dry run), undone (finished) or cancelled (running)? */
  canCommit: boolean;
  canUndo: boolean;
  canCancel: boolean;
}

export interface ImportErrorView {
  rowNumber: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface ImportBatchDetail extends ImportBatchView {
  errors: ImportErrorView[];
  errorCount: number;
}

export const importsApi = {
  'imports.presets': method(z.object({ workspaceId: Id }).strict()).returns<ImportPresetView[]>(),
  'imports.savePreset': method(z.object({ workspaceId: Id, preset: ImportPresetSchema }).strict()).returns<ImportPresetView>(),
  'imports.deletePreset': method(z.object({ workspaceId: Id, id: z.string().max(100) }).strict()).returns<{ deleted: boolean }>(),
  'imports.beginUpload': method(
    z
      .object({
        fileName: z.string().trim().min(1, 'choose a file').max(255),
        size: z.number().int().min(1, 'the file is empty').max(MAX_UPLOAD_BYTES, 'the file is larger than 4 GB'),
      })
      .strict(),
  ).returns<{ uploadId: string }>(),
  'imports.uploadChunk': method(
    z
      .object({
        uploadId: UploadId,
        offset: z.number().int().min(0),
        data: z.string().max(MAX_CHUNK_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
      })
      .strict(),
  ).returns<{ received: number }>(),
  'imports.inspect': method(z.object({ uploadId: UploadId, workspaceId: Id, importType: z.enum(IMPORT_TYPES), presetId: z.string().max(100).nullish() }).strict()).returns<ImportInspection>(),
  'imports.start': method(ImportStartInput).returns<{ batchId: string }>(),
  /** Commits a finished dry run with the mapping and file it ran with (from the history). */
  'imports.commit': method(z.object({ batchId: Id }).strict()).returns<{ batchId: string }>(),
  'imports.cancel': method(z.object({ batchId: Id }).strict()).returns<{ cancelled: boolean }>(),
  'imports.list': method(z.object({ workspaceId: Id }).strict()).returns<ImportBatchView[]>(),
  'imports.get': method(z.object({ batchId: Id }).strict()).returns<ImportBatchDetail>(),
  'imports.errorReport': method(z.object({ batchId: Id }).strict()).returns<{ fileName: string; csv: string }>(),
  'imports.undo': method(z.object({ batchId: Id }).strict()).returns<{ removed: number; restored: number; kept: number }>(),
};
