// The push: the outbox in sequence order, collapsed to one change per row, in batches. Each batch
// is one Postgres transaction: push_begin (registers the device, locks it), a COPY per table into
// that session's staging tables, push_apply (applies each table set-based, parents first), commit.
// The server answers with the sequence it has applied and the changes it refused; refused ones are
// parked here with the reason and the rest leave the outbox, in one local transaction. A crash
// between the server's commit and that transaction is harmless: the resend is recognised by
// sequence. While the server applies one batch, the one before is recorded here; the next one is
// read and encoded meanwhile, here or (in the app) in a worker thread of its own.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { prepared, type AppDb } from '../connection';
import { PG_SCHEMA } from '../pg/schema-gen';
import { STAGE_META_COLUMNS, stageTableName } from '../pg/push-functions';
import { ROW_SNAPSHOT, storedRowArrays, storedRows, transaction } from '../write';
import { parkOutboxRows } from './parked';
import { changeOf, collapseOutbox, type OutboxEntry, type PushChange } from './collapse';
import { copyField, pgTable } from './wire';
import type { PgColumn } from '../pg/schema-gen';

interface RawOutbox {
  seq: number;
  table_name: string;
  row_id: string;
  workspace_id: string | null;
  op: 'insert' | 'update' | 'delete';
  changes: string;
  hlc: string;
}

export interface Rejection {
  seq: number;
  table: string;
  id: string;
  reason: string;
}

export interface PushOptions {
  /** Outbox rows per batch (each becomes at most that many changes). */
  batchRows?: number;
  onBatch?: (done: number) => void;
  /** Test hook: runs after the server committed a batch, before the local bookkeeping. */
  afterServerCommit?: () => void;
  /** This device's time (the app's clock), stamped on parked changes. */
  now?: () => Date;
  /** Where batches are read and encoded: on this thread unless given (the app reads them in a worker). */
  batches?: BatchSourceFactory;
}

export interface PushResult {
  pushed: number;
  parked: number;
  batches: number;
}

interface ServerAnswer {
  acked: number;
  rejected: Rejection[];
}

/** Changes of workspaces that live on the server (demo and this-device workspaces never sync). */
const ELIGIBLE = `(o.workspace_id IS NULL OR o.workspace_id IN (SELECT workspace_id FROM synced_workspaces))`;

export function eligibleCount(db: AppDb): number {
  return (prepared(db, `SELECT count(*) AS n FROM outbox o WHERE ${ELIGIBLE}`).get() as { n: number }).n;
}

/** One batch, read and encoded: what goes to the server, and the outbox range it stands for. */
export interface Batch {
  /** The batch is every eligible outbox row from `first` to `last` (later rows get later sequences). */
  first: number;
  last: number;
  /** COPY text per table, in the staging tables' column order. */
  copy: Map<string, Buffer>;
  /** Changes this device cannot send (values Postgres cannot store), refused here with the reason. */
  refusedHere: Rejection[];
}

/**
 * The outbox's batches in sequence order, read and encoded ahead of the sends. `ahead` is called
 * while the server applies a batch (an in-thread source reads the next one then); a source in a
 * worker thread reads on its own core all along.
 */
export interface BatchSource {
  next(): Promise<Batch | null>;
  ahead?(): void;
  close(): Promise<void> | void;
}

export type BatchSourceFactory = (db: AppDb, batchRows: number) => BatchSource;

/** Batches read on this thread, the next one while the server applies the current one. */
export const inThreadBatches: BatchSourceFactory = (db, batchRows) => {
  let after = 0;
  let done = false;
  let read: Batch | null | undefined;
  const ahead = () => {
    if (read !== undefined || done) return;
    read = readBatch(db, after, batchRows);
    if (read) after = read.last;
    else done = true;
  };
  return {
    ahead,
    next: async () => {
      ahead();
      const batch = read ?? null;
      read = undefined;
      return batch;
    },
    close() {},
  };
};

/** Characters of COPY text kept as a string before they become bytes. */
const PIECE_CHARS = 1 << 16;

/** COPY text per table, turned into bytes a piece at a time: a batch's lines die young instead of living as one string. */
class CopyText {
  private readonly tables = new Map<string, { text: string; bytes: Buffer[] }>();
  add(table: string, line: string): void {
    let t = this.tables.get(table);
    if (!t) this.tables.set(table, (t = { text: '', bytes: [] }));
    t.text += line;
    if (t.text.length >= PIECE_CHARS) {
      t.bytes.push(Buffer.from(t.text));
      t.text = '';
    }
  }
  buffers(): Map<string, Buffer> {
    return new Map([...this.tables].map(([table, t]) => [table, Buffer.concat([...t.bytes, Buffer.from(t.text)])]));
  }
}

/**
 * One batch: the eligible outbox rows after `after`, a row's entries together (sorted by row within
 * the batch). A row with one entry, nearly every row of a first push, is encoded as it is read; a
 * bulk insert's snapshots are read from their tables a table at a time; a row with several entries
 * is collapsed into one change.
 */
export function readBatch(db: AppDb, after: number, batchRows: number): Batch | null {
  const rows = prepared(
    db,
    `SELECT seq, table_name, row_id, workspace_id, op, changes, hlc FROM (SELECT o.* FROM outbox o WHERE o.seq > ? AND ${ELIGIBLE} ORDER BY o.seq LIMIT ?) ORDER BY table_name, row_id, seq`,
  ).iterate(after, batchRows) as IterableIterator<RawOutbox>;
  const text = new CopyText();
  const refusedHere: Rejection[] = [];
  const encode = (change: PushChange) => {
    const line = copyLine(change);
    if (typeof line === 'string') text.add(change.table, line);
    else refusedHere.push({ seq: change.seq, table: change.table, id: change.id, reason: line.reason });
  };
  const whole = new Map<string, RawOutbox[]>();
  const several: RawOutbox[] = [];
  let group: RawOutbox[] = [];
  const endGroup = () => {
    const only = group.length === 1 ? group[0]! : null;
    if (!only) several.push(...group);
    else if (only.changes !== ROW_SNAPSHOT) encode(changeOf(entryOf(only, JSON.parse(only.changes) as Record<string, unknown>)));
    else if (only.op === 'insert') {
      let list = whole.get(only.table_name);
      if (!list) whole.set(only.table_name, (list = []));
      list.push(only);
    } else several.push(only);
    group = [];
  };
  let first = Infinity;
  let last = -Infinity;
  for (const r of rows) {
    if (r.seq < first) first = r.seq;
    if (r.seq > last) last = r.seq;
    if (group.length > 0 && (group[0]!.row_id !== r.row_id || group[0]!.table_name !== r.table_name)) endGroup();
    group.push(r);
  }
  if (group.length > 0) endGroup();
  if (last < first) return null;
  for (const [table, list] of whole) encodeWholeInserts(db, table, list, text, refusedHere);
  for (const change of collapseOutbox(outboxEntries(db, several))) encode(change);
  return { first, last, copy: text.buffers(), refusedHere };
}

const entryOf = (r: RawOutbox, changes: Record<string, unknown>): OutboxEntry => ({ seq: r.seq, tableName: r.table_name, rowId: r.row_id, workspaceId: r.workspace_id, op: r.op, changes, hlc: r.hlc });

/**
 * The outbox rows with their columns: a row snapshot (a new row) is read from its table, a
 * table's snapshots in one query. A snapshot whose row is gone (removed here with its entries
 * since) sends nothing; its entry still leaves the outbox with the batch.
 */
export function outboxEntries(db: AppDb, rows: readonly RawOutbox[]): OutboxEntry[] {
  const snapshots = new Map<string, string[]>();
  for (const r of rows) {
    if (r.changes !== ROW_SNAPSHOT) continue;
    let ids = snapshots.get(r.table_name);
    if (!ids) snapshots.set(r.table_name, (ids = []));
    ids.push(r.row_id);
  }
  const stored = new Map([...snapshots].map(([table, ids]) => [table, storedRows(db, table, ids)]));
  const entries: OutboxEntry[] = [];
  for (const r of rows) {
    const changes = r.changes === ROW_SNAPSHOT ? stored.get(r.table_name)!.get(r.row_id) : (JSON.parse(r.changes) as Record<string, unknown>);
    if (changes) entries.push(entryOf(r, changes));
  }
  return entries;
}

/**
 * Rows a bulk insert created and nothing touched since (a snapshot entry, the row's only one in
 * the batch): their line is the stored row as it is, encoded straight from the row's values,
 * without the per-row objects the general path (entries, collapse) builds: the same lines copyLine
 * writes for them (one base clock, every column). A first push after an import is all such rows.
 */
function encodeWholeInserts(db: AppDb, table: string, list: readonly RawOutbox[], text: CopyText, refusedHere: Rejection[]): void {
  const { names, rows } = storedRowArrays(db, table, list.map((r) => r.row_id));
  const columns = pgTable(table).columns;
  const at = columns.map((c) => names.indexOf(c.name));
  for (const r of list) {
    const values = rows.get(r.row_id);
    if (!values) continue; // removed here since: nothing to send, the entry still leaves
    const line = withColumns(`${r.seq}\tinsert\t${r.hlc}\t{}`, columns, (i) => (at[i]! < 0 ? null : values[at[i]!]));
    if (typeof line !== 'string') refusedHere.push({ seq: r.seq, table, id: r.row_id, reason: line.reason });
    else text.add(table, line);
  }
}

/** A staging-table line: the head (sequence, op, clocks), then every column's field, or why it cannot be sent. */
function withColumns(head: string, columns: readonly PgColumn[], valueAt: (i: number) => unknown): string | { reason: string } {
  let line = head;
  for (let i = 0; i < columns.length; i++) {
    const field = copyField(columns[i], valueAt(i));
    if (field === undefined) return { reason: cannotStore(columns[i]!.name) };
    line += `\t${field}`;
  }
  return `${line}\n`;
}

const cannotStore = (column: string) => `Column ${column} holds text Postgres cannot store (a NUL character or a broken Unicode sequence)`;

/**
 * A change as one line of its staging table (COPY text): sequence, op, clocks, then every column
 * (absent ones as NULL). An insert with every column keeps its one base clock; any other change
 * names the clock of each column it sets.
 */
function copyLine(change: PushChange): string | { reason: string } {
  const columns = pgTable(change.table).columns;
  const { data } = change;
  let base = change.clock;
  let clocks = change.clocks;
  if (base !== null && (change.op !== 'insert' || !columns.every((c) => c.name === 'id' || c.name in data))) {
    clocks = {};
    for (const column of Object.keys(data)) clocks[column] = change.clocks[column] ?? base;
    base = null;
  }
  const head = `${change.seq}\t${change.op}\t${base ?? '\\N'}\t${copyField(undefined, JSON.stringify(clocks))}`;
  return withColumns(head, columns, (i) => (columns[i]!.name === 'id' ? change.id : data[columns[i]!.name]));
}

/** Sends one batch in one server transaction; `whileApplying` runs here while the server applies it. */
async function sendBatch(pg: Client, clientId: string, batch: Batch, whileApplying: () => void): Promise<ServerAnswer> {
  const tables = [...batch.copy.keys()];
  await sizeStagingBuffers(pg);
  await pg.query('BEGIN');
  try {
    const acked = (await pg.query<{ acked: number }>(`SELECT ${PG_SCHEMA}.push_begin($1, $2) AS acked`, [clientId, tables])).rows[0]!.acked;
    // A batch the server already has (its answer was lost) is not sent again, only asked about.
    if (batch.last > acked) {
      for (const table of tables) {
        const names = [...STAGE_META_COLUMNS, ...pgTable(table).columns.map((c) => c.name)].map((n) => `"${n}"`).join(', ');
        await pipeline(Readable.from([batch.copy.get(table)!]), pg.query(copyFrom(`COPY pg_temp.${stageTableName(table)} (${names}) FROM STDIN`)));
      }
    }
    // The query is on the wire once issued; local work can overlap the server's.
    const applying = pg.query<{ r: ServerAnswer }>(`SELECT ${PG_SCHEMA}.push_apply($1, $2, $3, $4) AS r`, [clientId, batch.first, batch.last, tables]);
    applying.catch(() => {});
    whileApplying();
    const answer = (await applying).rows[0]!.r;
    await pg.query('COMMIT');
    return answer;
  } catch (err) {
    await pg.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Parks the refused changes' outbox rows with the reason; every applied outbox row leaves. */
function recordAnswer(db: AppDb, batch: Batch, answer: ServerAnswer, result: PushResult, now: () => Date): void {
  // Rows past the server's answer were not applied (cannot happen with one batch per call).
  const through = Math.min(batch.last, answer.acked);
  const parkedAt = now().toISOString();
  transaction(db, () => {
    let parked = 0;
    // A refused change stands for every outbox row of its record in the batch.
    const refused = new Map([...answer.rejected, ...batch.refusedHere].map((r) => [`${r.table}\u0000${r.id}`, r]));
    for (const r of refused.values()) {
      parked += parkOutboxRows(db, `seq BETWEEN ? AND ? AND table_name = ? AND row_id = ?`, [batch.first, through, r.table, r.id], r.reason, parkedAt);
    }
    // The range is exactly the rows the batch stood for, applied or parked.
    const left = prepared(db, `DELETE FROM outbox AS o WHERE o.seq BETWEEN ? AND ? AND ${ELIGIBLE}`).run(batch.first, through).changes;
    result.parked += parked;
    result.pushed += left - parked;
  });
}

/** Sessions whose staging buffers are sized (a session can size them once, before its first temp table). */
const sized = new WeakSet<Client>();

/** A batch of leads stages ~15 MB: kept in the session's memory rather than spilled to temp files. */
async function sizeStagingBuffers(pg: Client): Promise<void> {
  if (sized.has(pg)) return;
  sized.add(pg);
  await pg.query("SET temp_buffers = '64MB'").catch(() => {});
}

export async function push(db: AppDb, pg: Client, clientId: string, options: PushOptions = {}): Promise<PushResult> {
  const batchRows = options.batchRows ?? 10_000;
  // Recording an answer needs to be atomic, not durable: after a crash that loses it, the resend
  // is recognised by sequence and answered without applying anything twice. So these commits do
  // not wait for the disk (WAL with synchronous=NORMAL stays consistent on a crash).
  const level = db.sqlite.pragma('synchronous', { simple: true }) as number;
  if (level > 1) db.sqlite.pragma('synchronous = NORMAL');
  const result: PushResult = { pushed: 0, parked: 0, batches: 0 };
  // A batch the server has committed, not yet recorded here.
  let committed: { batch: Batch; answer: ServerAnswer } | null = null;
  const settle = () => {
    if (!committed) return;
    recordAnswer(db, committed.batch, committed.answer, result, options.now ?? (() => new Date()));
    committed = null;
    result.batches++;
    options.onBatch?.(result.pushed + result.parked);
  };
  const source = (options.batches ?? inThreadBatches)(db, batchRows);
  try {
    let batch = await source.next();
    while (batch) {
      // While the server applies this batch, the previous one is recorded (and the next one read).
      const answer = await sendBatch(pg, clientId, batch, () => {
        settle();
        source.ahead?.();
      });
      options.afterServerCommit?.();
      committed = { batch, answer };
      batch = await source.next();
    }
  } finally {
    try {
      settle();
    } finally {
      if (level > 1) db.sqlite.pragma(`synchronous = ${level}`);
      await source.close();
    }
  }
  return result;
}
