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
  /** Column -> value. Shared with the outbox entry when only one was folded in: do not modify. */
  data: Record<string, unknown>;
  /**
   * For an insert, the clock of every column in data that `clocks` does not name (a row created
   * here has one clock, not one per column). Null for an update, whose clocks name each column.
   */
  clock: string | null;
  clocks: Record<string, string>;
}

/** The change one outbox entry makes on its own. */
export function changeOf(e: OutboxEntry): PushChange {
  const change: PushChange = { seq: e.seq, seqs: [e.seq], table: e.tableName, id: e.rowId, workspaceId: e.workspaceId, op: 'update', data: e.changes, clock: null, clocks: {} };
  if (e.op === 'insert') {
    change.op = 'insert';
    change.clock = e.hlc;
  } else {
    for (const column of Object.keys(e.changes)) change.clocks[column] = e.hlc;
  }
  return change;
}

/** Folds a later entry of the same row in (later local writes carry later clocks: they win). */
function fold(change: PushChange, e: OutboxEntry, owned: Set<PushChange>): void {
  if (!owned.has(change)) {
    change.data = { ...change.data };
    owned.add(change);
  }
  change.seq = e.seq;
  change.seqs.push(e.seq);
  const columns = Object.keys(e.changes);
  for (const column of columns) change.data[column] = e.changes[column];
  if (e.op === 'insert' && change.clock === null) {
    // Created after earlier edits of the same id: its columns take its clock.
    change.op = 'insert';
    change.clock = e.hlc;
    for (const column of columns) delete change.clocks[column];
  } else {
    for (const column of columns) change.clocks[column] = e.hlc;
  }
  if (e.workspaceId) change.workspaceId = e.workspaceId;
}

export function collapseOutbox(entries: readonly OutboxEntry[]): PushChange[] {
  let ordered = entries;
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.seq < entries[i - 1]!.seq) {
      ordered = [...entries].sort((a, b) => a.seq - b.seq);
      break;
    }
  }
  const byRow = new Map<string, PushChange>();
  const owned = new Set<PushChange>();
  for (const e of ordered) {
    const key = `${e.tableName}\u0000${e.rowId}`;
    const change = byRow.get(key);
    if (change) fold(change, e, owned);
    else byRow.set(key, changeOf(e));
  }
  return [...byRow.values()].sort((a, b) => a.seq - b.seq);
}
