import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Local-only tables: never synced themselves.

/**
 * The outbox: one row per change to a synced table, written in the same transaction as the change
 * (db/write.ts). Sync (Step 3) pushes it in order and deletes acknowledged rows.
 * `changes` is JSON of the columns written ({ column: value }); `hlc` orders concurrent edits.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    workspaceId: text('workspace_id'),
    op: text('op', { enum: ['insert', 'update', 'delete'] }).notNull(),
    changes: text('changes').notNull(),
    hlc: text('hlc').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('outbox_row_idx').on(t.tableName, t.rowId)],
);

/** Device-level settings and identity: device id, current user/workspace, last HLC. */
export const localMeta = sqliteTable('local_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Outbox rows the server refused (constraint, permission, validation), with its reason. They leave
 * the outbox so the rest of the queue keeps moving; the Sync screen offers retry and discard.
 */
export const parkedChanges = sqliteTable(
  'parked_changes',
  {
    seq: integer('seq').primaryKey(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    workspaceId: text('workspace_id'),
    op: text('op', { enum: ['insert', 'update', 'delete'] }).notNull(),
    changes: text('changes').notNull(),
    hlc: text('hlc').notNull(),
    createdAt: text('created_at').notNull(),
    reason: text('reason').notNull(),
    parkedAt: text('parked_at').notNull(),
  },
  (t) => [index('parked_row_idx').on(t.tableName, t.rowId)],
);

/** Workspaces that live on the team server (seen in a pull); only their changes are pushed. */
export const syncedWorkspaces = sqliteTable('synced_workspaces', {
  workspaceId: text('workspace_id').primaryKey(),
  firstSyncedAt: text('first_synced_at').notNull(),
});

/**
 * The local side of an import batch (import_batches itself syncs): the file it reads, how it was
 * read and mapped, and how far it got. Written by the import worker.
 */
export const importJobs = sqliteTable('import_jobs', {
  batchId: text('batch_id').primaryKey(),
  path: text('path').notNull(),
  fileSize: integer('file_size').notNull(),
  encoding: text('encoding').notNull(),
  delimiter: text('delimiter').notNull(),
  /** JSON: the mapping, preset and value options the batch runs with. */
  plan: text('plan').notNull(),
  /** JSON: the dry run's figures (new, updated, duplicates in the file, invalid), kept for the commit screen. */
  dryRun: text('dry_run'),
  rowsDone: integer('rows_done').notNull().default(0),
  updatedAt: text('updated_at').notNull(),
});

/**
 * What an import batch wrote, a chunk at a time, so undo can remove what it created and put back
 * what it changed. `rows` is JSON: the ids created, or [id, {column: previous value}] pairs for the
 * rows changed. Written in the same transaction as the rows themselves; one entry per chunk keeps
 * the bookkeeping of a million-row import to a few hundred rows.
 */
export const importBatchRows = sqliteTable(
  'import_batch_rows',
  {
    batchId: text('batch_id').notNull(),
    seq: integer('seq').notNull(),
    tableName: text('table_name').notNull(),
    action: text('action', { enum: ['created', 'updated'] }).notNull(),
    rows: text('rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] })],
);

/** Mappings an admin saved as presets, per workspace (kept on this device). */
export const importPresets = sqliteTable('import_presets', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id').notNull(),
  label: text('label').notNull(),
  /** JSON: the ImportPreset. */
  preset: text('preset').notNull(),
  createdAt: text('created_at').notNull(),
});

/**
 * RFM lead scores (Step 5, seed 001), derived here from synced conversions and never synced: each
 * device computes them in its workspace's time zone. One row per contact with at least one live
 * conversion; a contact without a row has none (R = F = M = 1, score 6, cold). `recency_drops_on`
 * is the local day R next falls with no new conversion (nextRecencyChange), so the daily pass only
 * touches the contacts whose band moves.
 */
export const contactRfm = sqliteTable(
  'contact_rfm',
  {
    contactId: text('contact_id').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    lastConversionAt: text('last_conversion_at').notNull(),
    conversions: integer('conversions').notNull(),
    totalCents: integer('total_cents').notNull(),
    r: integer('r').notNull(),
    f: integer('f').notNull(),
    m: integer('m').notNull(),
    score: integer('score').notNull(),
    segment: text('segment', { enum: ['hot', 'warm', 'cool', 'cold'] }).notNull(),
    recencyDropsOn: text('recency_drops_on'),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [index('contact_rfm_ws_segment_idx').on(t.workspaceId, t.segment, t.score), index('contact_rfm_ws_drops_idx').on(t.workspaceId, t.recencyDropsOn)],
);

/**
 * Rows that point at a contact merged away (filled by triggers): a device offline during a merge
 * adds a call to the absorbed contact, or its rows arrive before the merge does. After a sync the
 * app moves them to the survivor (db/queries/contact-merge.ts adoptMergedChildren).
 */
export const mergeOrphans = sqliteTable('merge_orphans', {
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
}, (t) => [primaryKey({ columns: [t.tableName, t.rowId] })]);

/** Contacts whose conversions changed since their score was computed (filled by triggers on conversions). */
export const rfmPending = sqliteTable('rfm_pending', {
  contactId: text('contact_id').primaryKey(),
});
