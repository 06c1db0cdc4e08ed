// The push: the outbox in sequence order, collapsed to one change per row, sent in batches to
// convio.push (one call per batch; the server applies each table set-based). The server answers
// with the sequence it has applied and the changes it refused; refused ones are parked here with
// the reason and the rest leave the outbox, in one local transaction. A crash between the
// server's commit and that transaction is harmless: the resend is recognised by sequence.
import type { Client } from 'pg';
import { prepared, type AppDb } from '../connection';
import { PG_SCHEMA } from '../pg/schema-gen';
import { transaction } from '../write';
import { collapseOutbox, type OutboxEntry } from './collapse';
import { columnsOf, toWire } from './wire';

interface RawOutbox {
  seq: number;
  table_name: string;
  row_id: string;
  workspace_id: string | null;
  op: 'insert' | 'update' | 'delete';
  changes: string;
  hlc: string;
  created_at: string;
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
}

export interface PushResult {
  pushed: number;
  parked: number;
  batches: number;
}

/** Changes of workspaces that live on the server (demo and this-device workspaces never sync). */
const ELIGIBLE = `(o.workspace_id IS NULL OR o.workspace_id IN (SELECT workspace_id FROM synced_workspaces))`;

export function eligibleCount(db: AppDb): number {
  return (prepared(db, `SELECT count(*) AS n FROM outbox o WHERE ${ELIGIBLE}`).get() as { n: number }).n;
}

function toEntries(rows: RawOutbox[]): OutboxEntry[] {
  return rows.map((r) => ({ seq: r.seq, tableName: r.table_name, rowId: r.row_id, workspaceId: r.workspace_id, op: r.op, changes: JSON.parse(r.changes) as Record<string, unknown>, hlc: r.hlc }));
}

export async function push(db: AppDb, pg: Client, clientId: string, options: PushOptions = {}): Promise<PushResult> {
  const batchRows = options.batchRows ?? 2000;
  const result: PushResult = { pushed: 0, parked: 0, batches: 0 };
  const select = prepared(db, `SELECT o.* FROM outbox o WHERE ${ELIGIBLE} ORDER BY o.seq LIMIT ?`);
  for (;;) {
    const rows = select.all(batchRows) as RawOutbox[];
    if (rows.length === 0) return result;
    const changes = collapseOutbox(toEntries(rows)).map((c) => {
      const columns = columnsOf(c.table);
      const data: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c.data)) data[k] = toWire(columns.get(k), v);
      return { seq: c.seq, table: c.table, id: c.id, op: c.op, data, clocks: c.clocks, seqs: c.seqs };
    });
    const batch = {
      first_seq: rows[0]!.seq,
      last_seq: rows[rows.length - 1]!.seq,
      changes: changes.map(({ seqs: _seqs, ...rest }) => rest),
    };
    const answer = (await pg.query<{ r: { acked: number; rejected: Rejection[] } }>(`SELECT ${PG_SCHEMA}.push($1, $2::jsonb) AS r`, [clientId, JSON.stringify(batch)])).rows[0]!.r;
    options.afterServerCommit?.();
    const refused = new Map(answer.rejected.map((r) => [`${r.table}\u0000${r.id}`, r.reason]));
    const parkedAt = new Date().toISOString();
    transaction(db, () => {
      const park = prepared(db, `INSERT OR REPLACE INTO parked_changes (seq, table_name, row_id, workspace_id, op, changes, hlc, created_at, reason, parked_at)
        SELECT seq, table_name, row_id, workspace_id, op, changes, hlc, created_at, ?, ? FROM outbox WHERE seq = ?`);
      const drop = prepared(db, 'DELETE FROM outbox WHERE seq = ?');
      for (const row of rows) {
        if (row.seq > answer.acked) continue; // not applied by the server (cannot happen with one batch per call)
        const reason = refused.get(`${row.table_name}\u0000${row.row_id}`);
        if (reason) {
          park.run(reason, parkedAt, row.seq);
          result.parked++;
        } else {
          result.pushed++;
        }
        drop.run(row.seq);
      }
    });
    result.batches++;
    options.onBatch?.(result.pushed + result.parked);
  }
}
