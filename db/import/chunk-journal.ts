// What one chunk of an import wrote through the write path (its journal), per table, recorded in
// import_batch_rows in the chunk's transaction so undo can take it back.
import { prepared, type AppDb } from '../connection';
import { SYNCED_TABLE_NAMES } from '../synced-tables';
import type { WriteJournal } from '../write';

const TABLE_ORDER = [...SYNCED_TABLE_NAMES];

/** Collects what a chunk wrote, per table in the order first written (parents before children). */
export class ChunkJournal implements WriteJournal {
  readonly createdRows = new Map<string, string[]>();
  readonly changedRows = new Map<string, [string, Record<string, unknown>][]>();
  private readonly fresh = new Set<string>();
  created(table: string, id: string) {
    let list = this.createdRows.get(table);
    if (!list) this.createdRows.set(table, (list = []));
    list.push(id);
    this.fresh.add(`${table}\u0000${id}`);
  }
  updated(table: string, id: string, before: Record<string, unknown>) {
    // A row created in this chunk is removed whole by undo; only older rows need their values back
    // (the first change's "before" is the state before the batch).
    if (this.fresh.has(`${table}\u0000${id}`)) return;
    let list = this.changedRows.get(table);
    if (!list) this.changedRows.set(table, (list = []));
    if (!list.some(([known]) => known === id)) list.push([id, before]);
  }

  /** Writes the record; returns the last sequence used. Parents first, so undo (newest first) takes children first. */
  record(db: AppDb, batchId: string, seq: number): number {
    const insert = prepared(db, 'INSERT INTO import_batch_rows (batch_id, seq, table_name, action, rows) VALUES (?, ?, ?, ?, ?)');
    const created = [...this.createdRows].sort(([a], [b]) => TABLE_ORDER.indexOf(a) - TABLE_ORDER.indexOf(b));
    for (const [table, ids] of created) insert.run(batchId, ++seq, table, 'created', JSON.stringify(ids));
    for (const [table, list] of this.changedRows) insert.run(batchId, ++seq, table, 'updated', JSON.stringify(list));
    return seq;
  }
}
