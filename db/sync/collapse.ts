// Outbox rows (one per local change) become push changes (one per row): the columns written,
// each with the value and the clock of its latest local write. A row created locally is sent
// whole ("insert"); otherwise only the columns that changed ("update").

export interface OutboxEntry {
  seq: number;
  tableName: string;
  rowId: string;
  workspaceId: string | null;
  op: 'insert' | 'update' | 'delete';
  /** Column -> value, as written locally (SQLite driver values). */
  changes: Record<string, unknown>;
  hlc: string;
}

export interface PushChange {
  /** The newest outbox sequence folded into this change. */
  seq: number;
  /** Every outbox sequence folded in (to park them together if the server refuses the row). */
  seqs: number[];
  table: string;
  id: string;
  workspaceId: string | null;
  op: 'insert' | 'update';
  data: Record<string, unknown>;
  clocks: Record<string, string>;
}

export function collapseOutbox(entries: readonly OutboxEntry[]): PushChange[] {
  const byRow = new Map<string, PushChange>();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    const key = `${e.tableName}\u0000${e.rowId}`;
    let change = byRow.get(key);
    if (!change) {
      change = { seq: e.seq, seqs: [], table: e.tableName, id: e.rowId, workspaceId: e.workspaceId, op: 'update', data: { id: e.rowId }, clocks: {} };
      byRow.set(key, change);
    }
    change.seq = e.seq;
    change.seqs.push(e.seq);
    if (e.op === 'insert') change.op = 'insert';
    for (const [column, value] of Object.entries(e.changes)) {
      // Later local writes carry later clocks (one device, one HLC): the latest value wins here.
      change.data[column] = value;
      change.clocks[column] = e.hlc;
    }
    if (e.workspaceId) change.workspaceId = e.workspaceId;
  }
  return [...byRow.values()].sort((a, b) => a.seq - b.seq);
}
