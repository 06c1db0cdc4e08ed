// The push: the outbox in sequence order, collapsed to one change per row, in batches. Each batch
// is one Postgres transaction: push_begin (registers the device, locks it), a COPY per table into
// that session's staging tables, push_apply (applies each table set-based, parents first), commit.
// The server answers with the sequence it has applied and the changes it refused; refused ones are
// parked here with the reason and the rest leave the outbox, in one local transaction. A crash
// between the server's commit and that transaction is harmless: the resend is recognised by
// sequence. While the server applies one batch, the one before is recorded here and the next one
// read and encoded.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { prepared, type AppDb } from '../connection';
import { PG_SCHEMA } from '../pg/schema-gen';
import { STAGE_META_COLUMNS, stageTableName } from '../pg/push-functions';
import { ROW_SNAPSHOT, storedRowArrays, storedRows, transaction } from '../write';
import { parkOutboxRows } from './parked';
import { collapseOutbox, type OutboxEntry, type PushChange } from './collapse';
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

/** One batch, read and encoded: what goes to the server, and what the outbox rows were. */
interface Batch {
  /** The outbox rows the batch stands for (what the answer is recorded against). */
  rows: Pick<RawOutbox, 'seq' | 'table_name' | 'row_id'>[];
  first: number;
  last: number;
  /** COPY text per table, in the staging tables' column order. */
  copy: Map<string, Buffer>;
  /** Changes this device cannot send (values Postgres cannot store), refused here with the reason. */
  refusedHere: Rejection[];
}

function readBatch(db: AppDb, after: number, batchRows: number): Batch | null {
  const rows = prepared(db, `SELECT o.seq, o.table_name, o.row_id, o.workspace_id, o.op, o.changes, o.hlc FROM outbox o WHERE o.seq > ? AND ${ELIGIBLE} ORDER BY o.seq LIMIT ?`).all(after, batchRows) as RawOutbox[];
  if (rows.length === 0) return null;
  const lines = new Map<string, string[]>();
  const refusedHere: Rejection[] = [];
  const { whole, rest } = splitWholeInserts(rows);
  for (const [table, list] of whole) encodeWholeInserts(db, table, list, lines, refusedHere);
  const entries = outboxEntries(db, rest);
  for (const change of collapseOutbox(entries)) {
    const line = copyLine(change);
    if (typeof line !== 'string') {
      refusedHere.push({ seq: change.seq, table: change.table, id: change.id, reason: line.reason });
      continue;
    }
    let list = lines.get(change.table);
    if (!list) lines.set(change.table, (list = []));
    list.push(line);
  }
  const copy = new Map([...lines].map(([table, list]) => [table, Buffer.from(list.join(''))]));
  // Only the keys are kept while the server applies the batch: the parsed changes and their JSON
  // die young instead of being promoted and collected by a full GC.
  const keys = rows.map((r) => ({ seq: r.seq, table_name: r.table_name, row_id: r.row_id }));
  return { rows: keys, first: rows[0]!.seq, last: rows[rows.length - 1]!.seq, copy, refusedHere };
}

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
    if (changes) entries.push({ seq: r.seq, tableName: r.table_name, rowId: r.row_id, workspaceId: r.workspace_id, op: r.op, changes, hlc: r.hlc });
  }
  return entries;
}

/**
 * Rows a bulk insert created and nothing touched since (a snapshot entry, the row's only one in
 * the batch): their line is the stored row as it is, encoded straight from the row's values,
 * without the per-row objects the general path (entries, collapse) builds. A first push after an
 * import is all such rows.
 */
function splitWholeInserts(rows: readonly RawOutbox[]): { whole: Map<string, RawOutbox[]>; rest: readonly RawOutbox[] } {
  const whole = new Map<string, RawOutbox[]>();
  if (!rows.some((r) => r.changes === ROW_SNAPSHOT)) return { whole, rest: rows };
  const seen = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.table_name}\u0000${r.row_id}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const rest: RawOutbox[] = [];
  for (const r of rows) {
    if (r.changes === ROW_SNAPSHOT && r.op === 'insert' && seen.get(`${r.table_name}\u0000${r.row_id}`) === 1) {
      let list = whole.get(r.table_name);
      if (!list) whole.set(r.table_name, (list = []));
      list.push(r);
    } else rest.push(r);
  }
  return { whole, rest };
}

/** The same lines copyLine writes for these inserts (one base clock, every column), from the stored values. */
function encodeWholeInserts(db: AppDb, table: string, list: readonly RawOutbox[], lines: Map<string, string[]>, refusedHere: Rejection[]): void {
  const { names, rows } = storedRowArrays(db, table, list.map((r) => r.row_id));
  const columns = pgTable(table).columns;
  const at = columns.map((c) => names.indexOf(c.name));
  let out = lines.get(table);
  if (!out) lines.set(table, (out = []));
  for (const r of list) {
    const values = rows.get(r.row_id);
    if (!values) continue; // removed here since: nothing to send, the entry still leaves
    const line = withColumns(`${r.seq}\tinsert\t${r.hlc}\t{}`, columns, (i) => (at[i]! < 0 ? null : values[at[i]!]));
    if (typeof line !== 'string') refusedHere.push({ seq: r.seq, table, id: r.row_id, reason: line.reason });
    else out.push(line);
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
  const refused = new Map([...answer.rejected, ...batch.refusedHere].map((r) => [`${r.table}\u0000${r.id}`, r.reason]));
  const parkedAt = now().toISOString();
  transaction(db, () => {
    for (const row of batch.rows) {
      if (row.seq > answer.acked) continue; // not applied by the server (cannot happen with one batch per call)
      const reason = refused.get(`${row.table_name}\u0000${row.row_id}`);
      if (reason) {
        parkOutboxRows(db, 'seq = ?', [row.seq], reason, parkedAt);
        result.parked++;
      } else {
        result.pushed++;
      }
    }
    // The batch is every eligible row in its range (later rows get later sequences), so the range
    // deletes exactly the rows it stood for, applied or parked.
    prepared(db, `DELETE FROM outbox AS o WHERE o.seq BETWEEN ? AND ? AND ${ELIGIBLE}`).run(batch.first, Math.min(batch.last, answer.acked));
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
  try {
    let batch = readBatch(db, 0, batchRows);
    while (batch) {
      const current = batch;
      let next: Batch | null = null;
      // While the server applies this batch, the previous one is recorded and the next one read.
      const answer = await sendBatch(pg, clientId, current, () => {
        settle();
        next = readBatch(db, current.last, batchRows);
      });
      options.afterServerCommit?.();
      committed = { batch: current, answer };
      batch = next;
    }
  } finally {
    try {
      settle();
    } finally {
      if (level > 1) db.sqlite.pragma(`synchronous = ${level}`);
    }
  }
  return result;
}
