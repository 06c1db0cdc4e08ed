// Changes the server refused, parked with its reason (DESIGN.md §4.7): listed on the Sync screen,
// retried (back into the outbox, after a fix on the server such as a new membership) or discarded
// (the local copy goes back to what the server has).
import type { ParkedChange } from '../../shared/api/sync';
import { prepared, type AppDb } from '../connection';
import { getMeta, setMeta } from '../queries/meta';
import { materializeChanges, transaction } from '../write';
import { columnsOf } from './wire';

interface ParkedRow {
  seq: number;
  table_name: string;
  row_id: string;
  workspace_id: string | null;
  op: 'insert' | 'update' | 'delete';
  changes: string;
  hlc: string;
  created_at: string;
  reason: string;
  parked_at: string;
}

const BOOKKEEPING = new Set(['id', 'updated_at', 'created_at', 'workspace_id']);

const SINGULAR: Record<string, string> = {
  leads: 'Lead', contacts: 'Contact', calls: 'Call', appointments: 'Appointment', conversions: 'Conversion', users: 'User',
  workspaces: 'Workspace', workspace_memberships: 'Membership', workspace_settings: 'Workspace settings', lead_events: 'Lead history entry',
  call_events: 'Call history entry', products: 'Product', order_items: 'Order item', import_batches: 'Import',
};

/** "Lead Dana Ortiz", "Call with Dana Ortiz": a name for the record from the local copy, or its kind and short id. */
function labelOf(db: AppDb, table: string, id: string): string {
  const kind = SINGULAR[table] ?? table;
  const columns = columnsOf(table);
  const one = (sqlText: string, ...params: unknown[]) => (db.sqlite.prepare(sqlText).pluck().get(...params) as string | null | undefined) ?? null;
  const personName = `trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))`;
  let name: string | null = null;
  if (columns.has('first_name')) name = one(`SELECT ${personName} FROM "${table}" WHERE id = ?`, id);
  else if (columns.has('display_name')) name = one(`SELECT display_name FROM "${table}" WHERE id = ?`, id);
  else if (columns.has('name')) name = one(`SELECT name FROM "${table}" WHERE id = ?`, id);
  if (name) return `${kind} ${name}`;
  for (const [fk, parent] of [['contact_id', 'contacts'], ['lead_id', 'leads']] as const) {
    if (!columns.has(fk)) continue;
    const who = one(`SELECT ${personName} FROM ${parent} WHERE id = (SELECT ${fk} FROM "${table}" WHERE id = ?)`, id);
    if (who) return `${kind} with ${who}`;
  }
  if (columns.has('workspace_id')) {
    const ws = one(`SELECT name FROM workspaces WHERE id = (SELECT workspace_id FROM "${table}" WHERE id = ?)`, id);
    if (ws) return `${kind} of ${ws}`;
  }
  return `${kind} ${id.slice(0, 8)}…`;
}

/** The server's refusal in plain language (the raw reason stays alongside for an admin). */
export function explainReason(reason: string): string {
  let m: RegExpMatchArray | null;
  if (/row-level security|permission denied|not allowed to/i.test(reason)) {
    return 'Your role on the team server does not allow this change in this workspace. An admin can change your role; then retry.';
  }
  if ((m = reason.match(/violates check constraint "[a-z_]+?_([a-z_]+)_ck"/))) return `The server does not accept this value for ${m[1]!.replace(/_/g, ' ')}.`;
  if (/violates check constraint/.test(reason)) return 'The server does not accept one of the values.';
  if (/violates foreign key constraint/.test(reason)) return 'It refers to a record the server does not have, usually one whose own change was refused.';
  if ((m = reason.match(/duplicate key value violates unique constraint "([a-z_]+)"/))) return `Another record on the server already uses this value (${m[1]!.replace(/_/g, ' ')}).`;
  if ((m = reason.match(/null value in column "([a-z_]+)"/))) return `The server requires ${m[1]!.replace(/_/g, ' ')}, and it is empty.`;
  if (/no longer a member|not on the server/i.test(reason)) return reason;
  return `The server refused it: ${reason}`;
}

/**
 * Removes a record the server never had. Deleted outright, so creating it again later is a fresh
 * insert; when something local still points at it, hidden (deleted_at) instead.
 */
function removeLocalRow(db: AppDb, table: string, id: string, nowIso: string): void {
  try {
    db.sqlite.prepare(`DELETE FROM "${table}" WHERE id = ?`).run(id);
  } catch (err) {
    if (!String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw err;
    if (columnsOf(table).has('deleted_at')) db.sqlite.prepare(`UPDATE "${table}" SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(nowIso, nowIso, id);
  }
}

export function parkedCount(db: AppDb): number {
  return (prepared(db, 'SELECT count(*) AS n FROM parked_changes').get() as { n: number }).n;
}

export function listParked(db: AppDb, limit: number): { total: number; rows: ParkedChange[] } {
  const rows = db.sqlite
    .prepare(`SELECT p.*, w.name AS workspace_name FROM parked_changes p LEFT JOIN workspaces w ON w.id = p.workspace_id ORDER BY p.seq LIMIT ?`)
    .all(limit) as (ParkedRow & { workspace_name: string | null })[];
  return {
    total: parkedCount(db),
    rows: rows.map((r) => ({
      seq: r.seq,
      table: r.table_name,
      rowId: r.row_id,
      op: r.op,
      workspaceName: r.workspace_name,
      label: labelOf(db, r.table_name, r.row_id),
      fields: Object.keys(JSON.parse(r.changes) as object).filter((c) => !BOOKKEEPING.has(c)),
      reason: r.reason,
      explanation: explainReason(r.reason),
      createdAt: r.created_at,
      parkedAt: r.parked_at,
    })),
  };
}

/**
 * Moves the outbox rows matching `where` to parked_changes with the reason; the caller deletes them
 * from the outbox. A row snapshot is stored as the row's columns, so the parked change stands on its
 * own whatever becomes of the row (a revoked workspace's rows are removed next).
 */
/** Parks the outbox rows `where` selects (they stay in the outbox for the caller to remove); returns how many. */
export function parkOutboxRows(db: AppDb, where: string, params: unknown[], reason: string, parkedAt: string): number {
  const rows = db.sqlite.prepare(`SELECT * FROM outbox WHERE ${where}`).all(...params) as Omit<ParkedRow, 'reason' | 'parked_at'>[];
  const park = prepared(
    db,
    'INSERT OR REPLACE INTO parked_changes (seq, table_name, row_id, workspace_id, op, changes, hlc, created_at, reason, parked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) {
    const changes = materializeChanges(db, r.table_name, r.row_id, r.changes);
    if (changes !== null) park.run(r.seq, r.table_name, r.row_id, r.workspace_id, r.op, changes, r.hlc, r.created_at, reason, parkedAt);
  }
  return rows.length;
}

function parkedRowsFor(db: AppDb, seqs: number[]): ParkedRow[] {
  const marks = seqs.map(() => '?').join(', ');
  return db.sqlite.prepare(`SELECT * FROM parked_changes WHERE seq IN (${marks}) ORDER BY seq`).all(...seqs) as ParkedRow[];
}

/**
 * Puts parked changes back in the outbox with new sequence numbers (the server has acknowledged
 * the old ones, so resending them under the old numbers would be ignored as a replay). Every
 * pending change of the same row is re-queued with them in its original order, so the row's
 * history still reads oldest to newest.
 */
export function retryParked(db: AppDb, seqs: number[]): number {
  return transaction(db, () => {
    const chosen = parkedRowsFor(db, seqs);
    const rows = new Map<string, { table: string; id: string }>();
    for (const p of chosen) rows.set(`${p.table_name}\u0000${p.row_id}`, { table: p.table_name, id: p.row_id });
    const insert = prepared(db, 'INSERT INTO outbox (table_name, row_id, workspace_id, op, changes, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const chosenSeqs = new Set(chosen.map((p) => p.seq));
    for (const { table, id } of rows.values()) {
      const parked = (db.sqlite.prepare('SELECT * FROM parked_changes WHERE table_name = ? AND row_id = ? ORDER BY seq').all(table, id) as ParkedRow[]).filter((p) =>
        chosenSeqs.has(p.seq),
      );
      const queued = db.sqlite.prepare('SELECT * FROM outbox WHERE table_name = ? AND row_id = ? ORDER BY seq').all(table, id) as ParkedRow[];
      const all = [...parked, ...queued].sort((a, b) => a.seq - b.seq);
      for (const p of parked) prepared(db, 'DELETE FROM parked_changes WHERE seq = ?').run(p.seq);
      for (const q of queued) prepared(db, 'DELETE FROM outbox WHERE seq = ?').run(q.seq);
      for (const e of all) insert.run(e.table_name, e.row_id, e.workspace_id, e.op, e.changes, e.hlc, e.created_at);
    }
    return chosen.length;
  });
}

export interface RefetchItem {
  table: string;
  id: string;
}

export function pendingRefetch(db: AppDb): RefetchItem[] {
  const raw = getMeta(db, 'sync_refetch');
  return raw ? (JSON.parse(raw) as RefetchItem[]) : [];
}

export function setPendingRefetch(db: AppDb, items: RefetchItem[]): void {
  setMeta(db, 'sync_refetch', JSON.stringify(items));
}

/**
 * Drops parked changes. A refused new record is removed here (it never reached the server); a
 * refused edit or delete is undone by fetching the row back from the server at the next sync.
 */
export function discardParked(db: AppDb, seqs: number[], nowIso: string): { discarded: number; tables: string[] } {
  return transaction(db, () => {
    const chosen = parkedRowsFor(db, seqs);
    const tables = new Set<string>();
    const before = parkedCount(db);
    const refetch = pendingRefetch(db);
    const known = new Set(refetch.map((r) => `${r.table}\u0000${r.id}`));
    for (const p of chosen) {
      prepared(db, 'DELETE FROM parked_changes WHERE seq = ?').run(p.seq);
      const rest = prepared(db, 'SELECT count(*) AS n FROM parked_changes WHERE table_name = ? AND row_id = ?').get(p.table_name, p.row_id) as { n: number };
      tables.add(p.table_name);
      if (p.op === 'insert') {
        // Never on the server: the local record goes, with anything still queued for it, and so
        // do new records that hang off it (its history entries, say), refused for want of it.
        const dependents = db.sqlite
          .prepare(`SELECT DISTINCT table_name, row_id FROM parked_changes WHERE op = 'insert' AND instr(changes, ?) > 0 AND row_id <> ?`)
          .all(`"${p.row_id}"`, p.row_id) as { table_name: string; row_id: string }[];
        for (const d of [...dependents, { table_name: p.table_name, row_id: p.row_id }]) {
          tables.add(d.table_name);
          db.sqlite.prepare('DELETE FROM parked_changes WHERE table_name = ? AND row_id = ?').run(d.table_name, d.row_id);
          db.sqlite.prepare('DELETE FROM outbox WHERE table_name = ? AND row_id = ?').run(d.table_name, d.row_id);
          removeLocalRow(db, d.table_name, d.row_id, nowIso);
        }
      } else if (rest.n === 0) {
        const key = `${p.table_name}\u0000${p.row_id}`;
        if (!known.has(key)) {
          known.add(key);
          refetch.push({ table: p.table_name, id: p.row_id });
        }
      }
    }
    setPendingRefetch(db, refetch);
    return { discarded: before - parkedCount(db), tables: [...tables] };
  });
}
