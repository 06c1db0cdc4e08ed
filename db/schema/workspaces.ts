import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';

export const workspaces = sqliteTable('workspaces', {
  id: idColumn(),
  name: text('name').notNull(),
  // Seed 002 keeps an API key and permissions per workspace for its webhooks; stored as given.
  apiKey: text('api_key'),
  permissions: text('permissions'),
  isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  defaultCountry: text('default_country').notNull().default('US'),
  timezone: text('timezone').notNull().default('America/New_York'),
  lastActivityAt: text('last_activity_at'),
  metadata: text('metadata'),
  ...timestamps,
});

export const users = sqliteTable(
  'users',
  {
    id: idColumn(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    // The Postgres login role this user syncs as (Step 3); null for local-only users.
    loginRole: text('login_role'),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

export const workspaceMemberships = sqliteTable(
  'workspace_memberships',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    userId: text('user_id').notNull().references(() => users.id),
    role: text('role', { enum: ['sdr', 'manager', 'admin'] }).notNull(),
    status: text('status', { enum: ['active', 'inactive'] }).notNull().default('active'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('memberships_ws_user_uq').on(t.workspaceId, t.userId),
    index('memberships_user_idx').on(t.userId),
    check('memberships_role_ck', sql`${t.role} IN ('sdr','manager','admin')`),
  ],
);

/**
 * Per-workspace settings that are data, not code: the traffic sources and classification rules
 * (Step 2), later scoring thresholds. One row per workspace whose id is the workspace id, so two
 * devices creating it offline write the same row. Null columns mean "use the defaults".
 */
export const workspaceSettings = sqliteTable('workspace_settings', {
  id: idColumn(),
  workspaceId: text('workspace_id')
    .notNull()
    .unique()
    .references(() => workspaces.id),
  /** JSON: [{ key, label, color }] */
  trafficSources: text('traffic_sources'),
  /** JSON: TrafficRule[] */
  trafficRules: text('traffic_rules'),
  /** JSON: { rfm: RfmThresholds, segments: SegmentThresholds } (shared/domain/rfm.ts), Step 5 */
  rfmThresholds: text('rfm_thresholds'),
  /** Step 6: who takes a lead no routing rule's reps can take; null: it waits unrouted. */
  routingFallbackUserId: text('routing_fallback_user_id'),
  ...timestamps,
});
