// A first pull into an empty table (a new laptop's first sync) is a bulk load: keeping seven
// secondary indexes and the summary and search triggers current row by row costs several times
// the insert itself at a million rows. So, for that table only, the secondary indexes and the
// triggers that have a set-based rebuild are dropped with the first full page, and re-created
// when the table's last page is in, followed by the rebuild of what the triggers would have kept.
// Unique indexes go too (a random contact code per row made the code index alone cost more than
// the rest of the insert): what they guard is checked again when they are re-created.
//
// Crash safety: what was dropped is recorded in local_meta in the same transaction that drops
// it, and each re-creation removes its entry in the transaction that re-creates it. A pull cut
// short keeps the table in bulk mode and carries on at the next sync; an app start, or a pull
// that moves on to another table, re-creates whatever is still missing first.
import type { AppDb } from '../connection';
import { mintContactCode } from '../queries/contacts';
import { deleteMeta, getMeta, setMeta } from '../queries/meta';
import { transaction } from '../write';

interface DroppedObject {
  type: 'index' | 'trigger';
  name: string;
  sql: string;
}

export interface BulkLoadState {
  table: string;
  dropped: DroppedObject[];
}

/**
 * What the dropped triggers of a table maintain, recomputed from the table as a whole. Running it
 * in the transaction that re-creates the triggers counts every row written meanwhile (the pull's
 * and any made in the app) exactly once.
 */
interface Rebuild {
  /** The triggers this rebuild stands in for; any other trigger on the table stays. */
  triggers: readonly string[];
  run(db: AppDb): void;
  /** Runs in the transaction that re-creates a unique index, just before it. */
  beforeUnique?(db: AppDb, index: string): void;
}

const REBUILDS: Record<string, Rebuild> = {
  contacts: {
    triggers: [],
    run() {},
    beforeUnique(db, index) {
      if (index === 'contacts_ws_code_uq') freeClashingCodes(db);
    },
  },
  leads: {
    triggers: ['leads_fts_ai', 'leads_fts_au', 'leads_fts_ad', 'leads_stats_ai', 'leads_stats_au', 'leads_stats_ad'],
    run(db) {
      db.sqlite.exec(`INSERT OR IGNORE INTO leads_fts_pending (lead_rowid) SELECT rowid FROM leads;
      DELETE FROM lead_status_stats;
      INSERT INTO lead_status_stats (workspace_id, status, leads)
        SELECT workspace_id, status, count(*) FROM leads WHERE deleted_at IS NULL GROUP BY workspace_id, status;`);
    },
  },
  calls: {
    triggers: ['calls_stats_ai', 'calls_stats_au', 'calls_stats_ad'],
    run(db) {
      db.sqlite.exec(`DELETE FROM call_stats_daily;
      INSERT INTO call_stats_daily (workspace_id, day, traffic_source, crm_stage, calls, sale_value_cents)
        SELECT workspace_id, call_day, traffic_source, crm_stage, count(*), sum(coalesce(sale_value_cents, 0))
        FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
      DELETE FROM call_stats_rep_daily;
      INSERT INTO call_stats_rep_daily (workspace_id, day, rep_user_id, traffic_source, crm_stage, calls, sale_value_cents)
        SELECT workspace_id, call_day, coalesce(rep_user_id, ''), traffic_source, crm_stage, count(*), sum(coalesce(sale_value_cents, 0))
        FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5;
      DELETE FROM call_stats_total;
      INSERT INTO call_stats_total (workspace_id, traffic_source, crm_stage, calls, sale_value_cents)
        SELECT workspace_id, traffic_source, crm_stage, count(*), sum(coalesce(sale_value_cents, 0))
        FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3;`);
    },
  },
};

export function readBulkLoad(db: AppDb): BulkLoadState | null {
  const raw = getMeta(db, 'sync_bulk_load');
  return raw ? (JSON.parse(raw) as BulkLoadState) : null;
}

/** True when the table holds no row at all: a bulk load may start. */
export function isEmptyTable(db: AppDb, table: string): boolean {
  return db.sqlite.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get() === undefined;
}

/** Drops the table's deferrable indexes and rebuildable triggers. Call inside the first page's transaction. */
export function beginBulkLoad(db: AppDb, table: string): void {
  if (readBulkLoad(db)) throw new Error('A bulk load is already in progress');
  const objects = db.sqlite
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`)
    .all(table) as DroppedObject[];
  const dropped = objects.filter((o) => o.type === 'index' || (REBUILDS[table]?.triggers.includes(o.name) ?? false));
  for (const o of dropped) db.sqlite.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} "${o.name}"`);
  setMeta(db, 'sync_bulk_load', JSON.stringify({ table, dropped } satisfies BulkLoadState));
}

/**
 * Re-creates what a bulk load dropped: each index in its own transaction (a million-row index
 * takes a second or two; the app's writers wait at most that long), then the triggers with their
 * rebuild in one. Safe to call again after a crash at any point.
 */
export function finishBulkLoad(db: AppDb): void {
  let state = readBulkLoad(db);
  while (state) {
    const current: BulkLoadState = state;
    const index = current.dropped.find((o) => o.type === 'index');
    transaction(db, () => {
      if (index) {
        if (/^\s*CREATE\s+UNIQUE\b/i.test(index.sql)) REBUILDS[current.table]?.beforeUnique?.(db, index.name);
        db.sqlite.exec(index.sql);
        setMeta(db, 'sync_bulk_load', JSON.stringify({ ...current, dropped: current.dropped.filter((o) => o !== index) }));
        return;
      }
      for (const o of current.dropped) db.sqlite.exec(o.sql);
      REBUILDS[current.table]?.run(db);
      deleteMeta(db, 'sync_bulk_load');
    });
    state = readBulkLoad(db);
  }
}

/**
 * While the code index was away, a contact made in the app could take a code a pulled contact
 * holds (or the other way round). The server's contact keeps it; the local one, whose insert is
 * still waiting to be pushed, takes a free code (the server would have resolved it the same way).
 */
function freeClashingCodes(db: AppDb): void {
  const clashes = db.sqlite
    .prepare(
      `SELECT c.id, c.workspace_id AS ws FROM contacts c
       JOIN (SELECT workspace_id, contact_code FROM contacts GROUP BY workspace_id, contact_code HAVING count(*) > 1) d
         ON d.workspace_id = c.workspace_id AND d.contact_code = c.contact_code
       WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'contacts' AND o.row_id = c.id AND o.op = 'insert')`,
    )
    .all() as { id: string; ws: string }[];
  const recode = db.sqlite.prepare('UPDATE contacts SET contact_code = ? WHERE id = ?');
  for (const clash of clashes) recode.run(mintContactCode(db, clash.ws), clash.id);
}
