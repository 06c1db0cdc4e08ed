// Undo of an import batch: what it created is removed and what it changed is put back, newest
// chunk first, from the record the batch kept (import_batch_rows). In a workspace that has never
// synced, created rows are deleted outright with their waiting outbox entries (they never left the
// device); in a synced one they become tombstones, so the removal syncs like any other delete.
// A created contact that something outside the batch now points at (a call logged since) is kept.
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { prepared, type AppDb } from '../connection';
import { importBatches } from '../schema';
import { SYNCED_TABLES, tableMeta, type SyncedTable } from '../synced-tables';
import { deleteRow, transaction, updateRow, type Writer } from '../write';

/** Every synced table by name: a batch may have written any of them through the write path. */
const TABLES: Record<string, SyncedTable> = Object.fromEntries(SYNCED_TABLES.map((t) => [tableMeta(t as SQLiteTable).name, t]));

export interface UndoResult {
  removed: number;
  restored: number;
  /** Created contacts kept because rows outside the batch refer to them. */
  kept: number;
}

interface Entry {
  seq: number;
  table_name: string;
  action: 'created' | 'updated';
  rows: string;
}

/** Contacts among `ids` that live rows (not of this batch, already removed) still refer to. */
function referenced(db: AppDb, ids: string[]): Set<string> {
  const list = JSON.stringify(ids);
  const rows = prepared(
    db,
    `SELECT contact_id FROM leads WHERE contact_id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NULL
     UNION SELECT contact_id FROM calls WHERE contact_id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NULL
     UNION SELECT contact_id FROM appointments WHERE contact_id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NULL
     UNION SELECT contact_id FROM conversions WHERE contact_id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NULL`,
  ).all({ ids: list }) as { contact_id: string }[];
  return new Set(rows.map((r) => r.contact_id));
}

export function undoBatch(w: Writer, batchId: string): UndoResult {
  const { db } = w;
  const batch = prepared(db, 'SELECT workspace_id FROM import_batches WHERE id = ?').get(batchId) as { workspace_id: string } | undefined;
  if (!batch) throw new Error(`No import batch ${batchId}`);
  const synced = prepared(db, 'SELECT 1 FROM synced_workspaces WHERE workspace_id = ?').get(batch.workspace_id) !== undefined;
  const result: UndoResult = { removed: 0, restored: 0, kept: 0 };
  const entries = prepared(db, 'SELECT seq, table_name, action, rows FROM import_batch_rows WHERE batch_id = ? ORDER BY seq DESC').all(batchId) as Entry[];
  // Within a chunk, children were written after their parents: going back, children go first.
  for (const entry of entries) {
    transaction(db, () => {
      const table = TABLES[entry.table_name];
      if (!table) throw new Error(`Import batch ${batchId} recorded a table it cannot undo: ${entry.table_name}`);
      if (entry.action === 'updated') {
        for (const [id, previous] of JSON.parse(entry.rows) as [string, Record<string, unknown>][]) {
          if (synced) {
            const { updatedAt: _at, ...values } = previous;
            if (updateRow(w, table, id, values as never)) result.restored++;
          } else if (restoreExactly(db, table, id, previous)) result.restored++;
        }
      } else {
        let ids = JSON.parse(entry.rows) as string[];
        if (entry.table_name === 'contacts') {
          const keep = referenced(db, ids);
          result.kept += keep.size;
          ids = ids.filter((id) => !keep.has(id));
        }
        result.removed += synced ? ids.filter((id) => deleteRow(w, table, id)).length : hardDelete(db, table, ids);
      }
      prepared(db, 'DELETE FROM import_batch_rows WHERE batch_id = ? AND seq = ?').run(batchId, entry.seq);
    });
  }
  return result;
}

/** A row that never left this device, put back as it was (previous values by property name). */
function restoreExactly(db: AppDb, table: SyncedTable, id: string, previous: Record<string, unknown>): boolean {
  const meta = tableMeta(table as SQLiteTable);
  const entries = Object.entries(previous).map(([prop, value]) => {
    const column = meta.columns[prop];
    if (!column) throw new Error(`${meta.name} has no property ${prop}`);
    return [column.name, value === null ? null : column.mapToDriverValue(value)] as const;
  });
  if (entries.length === 0) return false;
  const sets = entries.map(([c]) => `"${c}" = ?`).join(', ');
  return prepared(db, `UPDATE "${meta.name}" SET ${sets} WHERE id = ?`).run(...entries.map(([, v]) => v), id).changes > 0;
}

/** Rows that never left this device: gone, with their outbox entries. */
function hardDelete(db: AppDb, table: SyncedTable, ids: string[]): number {
  const name = tableMeta(table as SQLiteTable).name;
  const list = JSON.stringify(ids);
  prepared(db, 'DELETE FROM outbox WHERE table_name = ? AND row_id IN (SELECT value FROM json_each(?))').run(name, list);
  return prepared(db, `DELETE FROM "${name}" WHERE id IN (SELECT value FROM json_each(?))`).run(list).changes;
}

/** Undo requested by a person: the batch must be complete (or cancelled/failed half-way), and is marked undone. */
export function undoImport(w: Writer, batchId: string): UndoResult {
  const batch = prepared(w.db, 'SELECT status FROM import_batches WHERE id = ? AND deleted_at IS NULL').get(batchId) as { status: string } | undefined;
  if (!batch) throw new Error('There is no such import on this device.');
  if (batch.status === 'undone') throw new Error('This import has already been undone.');
  if (batch.status === 'running') throw new Error('This import is still running; cancel it instead.');
  const result = undoBatch(w, batchId);
  updateRow(w, importBatches, batchId, { status: 'undone', undoneAt: w.now() });
  return result;
}

/**
 * Batches a crash or kill left 'running': their committed chunks are removed, and the batch says
 * why. Run at start-up, before any new import.
 */
export function recoverInterruptedImports(w: Writer): string[] {
  const ids = (prepared(w.db, `SELECT id FROM import_batches WHERE status = 'running' AND deleted_at IS NULL`).all() as { id: string }[]).map((r) => r.id);
  for (const id of ids) {
    undoBatch(w, id);
    updateRow(w, importBatches, id, { status: 'failed', error: 'The app stopped while this import was running; nothing of it was kept. Run it again.', finishedAt: w.now() });
  }
  return ids;
}
