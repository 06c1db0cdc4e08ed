// Changes the server refused, parked with its reason (DESIGN.md §4.7): listed on the Sync screen,
// retried (back into the outbox, after a fix on the server such as a new membership) or discarded
// (the local copy goes back to what the server has).
import type { ParkedChange } from '../../shared/api/sync';
import { prepared, type AppDb } from '../connection';
import { getMeta, setMeta } from '../queries/meta';
import { transaction } from '../write';
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

/** "Lead Dana Ortiz": a name for the record from the local copy, or its kind and short id. */
function labelOf(db: AppDb, table: string, id: string): string {
  const kind = SINGULAR[table] ?? table;
  const columns = columnsOf(table);
  const nameExpr = columns.has('first_name')
    ? `trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))`
    : columns.has('display_name')
      ? 'display_name'
      : columns.has('name')
        ? 'name'
        : null;
  if (nameExpr) {
    const name = db.sqlite.prepare(`SELECT ${nameExpr} FROM "${table}" WHERE id = ?`).pluck().get(id) as string | undefined;
    if (name) return `${kind} ${name}`;
  }
  return `${kind} ${id.slice(0, 8)}…`;
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
      createdAt: r.created_at,
      parkedAt: r.parked_at,
    })),
  };
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
    let discarded = chosen.length;
    const refetch = pendingRefetch(db);
    const known = new Set(refetch.map((r) => `${r.table}\u0000${r.id}`));
    for (const p of chosen) {
      prepared(db, 'DELETE FROM parked_changes WHERE seq = ?').run(p.seq);
      const rest = prepared(db, 'SELECT count(*) AS n FROM parked_changes WHERE table_name = ? AND row_id = ?').get(p.table_name, p.row_id) as { n: number };
      tables.add(p.table_name);
      if (p.op === 'insert') {
        // Never on the server: the local record goes, with anything still queued for it.
        if (columnsOf(p.table_name).has('deleted_at')) {
          db.sqlite.prepare(`UPDATE "${p.table_name}" SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(nowIso, nowIso, p.row_id);
        }
        db.sqlite.prepare('DELETE FROM outbox WHERE table_name = ? AND row_id = ?').run(p.table_name, p.row_id);
        db.sqlite.prepare('DELETE FROM parked_changes WHERE table_name = ? AND row_id = ?').run(p.table_name, p.row_id);
        // New records that hang off it (its history entries, say) were refused for want of it: they go too.
        const dependents = db.sqlite
          .prepare(`SELECT * FROM parked_changes WHERE op = 'insert' AND instr(changes, ?) > 0`)
          .all(`"${p.row_id}"`) as ParkedRow[];
        for (const d of dependents) {
          tables.add(d.table_name);
          if (columnsOf(d.table_name).has('deleted_at')) {
            db.sqlite.prepare(`UPDATE "${d.table_name}" SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(nowIso, nowIso, d.row_id);
          }
          db.sqlite.prepare('DELETE FROM parked_changes WHERE table_name = ? AND row_id = ?').run(d.table_name, d.row_id);
          db.sqlite.prepare('DELETE FROM outbox WHERE table_name = ? AND row_id = ?').run(d.table_name, d.row_id);
          discarded++;
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
    return { discarded, tables: [...tables] };
  });
}
