import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';
import { workspaces } from './workspaces';

export const IMPORT_STATUSES = ['validating', 'validated', 'running', 'completed', 'failed', 'cancelled', 'undone'] as const;

export const importBatches = sqliteTable(
  'import_batches',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    fileName: text('file_name').notNull(),
    fileHash: text('file_hash').notNull(),
    importType: text('import_type').notNull(),
    preset: text('preset'),
    status: text('status', { enum: IMPORT_STATUSES }).notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    invalidCount: integer('invalid_count').notNull().default(0),
    createdBy: text('created_by'),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    undoneAt: text('undone_at'),
    error: text('error'),
    ...timestamps,
  },
  (t) => [index('import_batches_ws_created_idx').on(t.workspaceId, t.createdAt)],
);

export const importErrors = sqliteTable(
  'import_errors',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    batchId: text('batch_id').notNull().references(() => importBatches.id),
    rowNumber: integer('row_number').notNull(),
    column: text('column'),
    value: text('value'),
    reason: text('reason').notNull(),
    ...timestamps,
  },
  (t) => [index('import_errors_batch_idx').on(t.batchId, t.rowNumber)],
);
