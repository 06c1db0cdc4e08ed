import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
