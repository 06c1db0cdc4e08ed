import type { AppDb } from '../connection';
import { transaction } from '../write';

// Children before parents so foreign keys hold at every step.
export const WORKSPACE_TABLES_CHILD_FIRST = [
  'contact_rfm',
  'order_items',
  'conversion_events',
  'analytics_events',
  'conversions',
  'call_events',
  'calls',
  'appointment_events',
  'appointments',
  'lead_events',
  'leads',
  'contact_events',
  'contacts',
  'products',
  'appointment_routing_rules',
  'provider_usage_log',
  'lead_source_providers',
  'webhook_configs',
  'workspace_tracking',
  'import_errors',
  'import_batches',
  'import_presets',
  'saved_views',
  'routing_reps',
  'workspace_settings',
  'workspace_memberships',
] as const;

/**
 * Deletes the demo workspaces and everything in them, and demo users left without a workspace.
 * Demo data is local-only, so these are real deletes (no tombstones) and their outbox rows go too.
 */
export function removeDemoData(db: AppDb): { workspaces: number; rows: number } {
  return transaction(db, () => {
    const demo = db.sqlite.prepare('SELECT id FROM workspaces WHERE is_demo = 1').pluck().all() as string[];
    let rows = 0;
    if (demo.length > 0) {
      const marks = demo.map(() => '?').join(', ');
      for (const table of WORKSPACE_TABLES_CHILD_FIRST) {
        rows += db.sqlite.prepare(`DELETE FROM "${table}" WHERE workspace_id IN (${marks})`).run(...demo).changes;
      }
      rows += db.sqlite.prepare(`DELETE FROM outbox WHERE workspace_id IN (${marks})`).run(...demo).changes;
      rows += db.sqlite.prepare(`DELETE FROM workspaces WHERE id IN (${marks})`).run(...demo).changes;
    }
    rows += db.sqlite
      .prepare('DELETE FROM users WHERE is_demo = 1 AND id NOT IN (SELECT user_id FROM workspace_memberships)')
      .run().changes;
    db.sqlite.prepare(`DELETE FROM local_meta WHERE key = 'demo_seeded_at'`).run();
    return { workspaces: demo.length, rows };
  });
}
