// Bulk changes to a selection of leads: each lead through the same update as a single edit (its
// event with old -> new, its outbox entry), all in one transaction, and the previous values of
// what changed returned so the change can be undone in one call.
import type { BulkPatch, BulkResult } from '../../shared/api/review';
import { prepared, type AppDb } from '../connection';
import { transaction, type Writer } from '../write';
import { updateLead } from './leads';

/** The ids among `ids` that are live leads of the workspace (others are skipped, not an error: a teammate may have deleted one). */
function liveLeadIds(db: AppDb, workspaceId: string, ids: readonly string[]): Set<string> {
  const rows = prepared(db, `SELECT id FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`).pluck().all(workspaceId, JSON.stringify(ids)) as string[];
  return new Set(rows);
}

type Fields = Record<keyof BulkPatch, unknown>;

/** Applies one patch per lead; `note` goes on every lead's event. */
export function bulkUpdateLeads(w: Writer, workspaceId: string, items: readonly { id: string; patch: BulkPatch }[], defaultCountry: string, note?: string): BulkResult {
  return transaction(w.db, () => {
    const live = liveLeadIds(w.db, workspaceId, items.map((i) => i.id));
    const result: BulkResult = { updated: 0, unchanged: 0, restore: [] };
    const before = prepared(w.db, 'SELECT status, status_reason AS statusReason, owner_user_id AS ownerUserId FROM leads WHERE id = ?');
    for (const { id, patch } of items) {
      if (!live.has(id)) continue;
      const old = before.get(id) as Fields;
      const after = updateLead(w, id, patch, defaultCountry, note ?? null);
      if (!after) continue;
      const previous: BulkPatch = {};
      for (const key of ['status', 'statusReason', 'ownerUserId'] as const) {
        if ((after as Fields)[key] !== old[key]) (previous as Fields)[key] = old[key];
      }
      if (Object.keys(previous).length === 0) {
        result.unchanged++;
        continue;
      }
      // A status put back keeps its own reason (or none), even when only the status changed.
      if ('status' in previous && !('statusReason' in previous)) previous.statusReason = old.statusReason as string | null;
      result.updated++;
      result.restore.push({ id, patch: previous });
    }
    return result;
  });
}
