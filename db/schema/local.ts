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
