import { prepared, type AppDb } from '../connection';
import { transaction } from '../write';

/**
 * Brings the leads search index up to date with the rows queued by the triggers (migration 0001).
 * Set-based, so 100,000 queued leads cost one pass, not 100,000 index flushes. Returns how many.
 */
export function refreshLeadSearch(db: AppDb): number {
  if (!prepared(db, 'SELECT 1 FROM leads_fts_pending LIMIT 1').get()) return 0;
  return transaction(db, () => {
    prepared(db, 'DELETE FROM leads_fts WHERE rowid IN (SELECT lead_rowid FROM leads_fts_pending)').run();
    prepared(
      db,
      'INSERT INTO leads_fts (rowid, body) SELECT lead_rowid, body FROM leads_search_source WHERE lead_rowid IN (SELECT lead_rowid FROM leads_fts_pending)',
    ).run();
    return prepared(db, 'DELETE FROM leads_fts_pending').run().changes;
  });
}
