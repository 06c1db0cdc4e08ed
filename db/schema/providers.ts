import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';
import { workspaces } from './workspaces';

// Intake plumbing from seed 002: webhooks that receive leads, third-party providers allowed to
// post to them, their usage, and the per-workspace audit trail.
export const webhookConfigs = sqliteTable(
  'webhook_configs',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    webhookKey: text('webhook_key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    leadType: text('lead_type'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    secretKey: text('secret_key'),
    rateLimit: integer('rate_limit'),
    rateWindow: integer('rate_window'),
    totalLeads: integer('total_leads').notNull().default(0),
    lastLeadAt: text('last_lead_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('webhook_configs_ws_key_uq').on(t.workspaceId, t.webhookKey)],
);

export const leadSourceProviders = sqliteTable(
  'lead_source_providers',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    providerKey: text('provider_key').notNull(),
    providerName: text('provider_name').notNull(),
    companyName: text('company_name'),
    contactEmail: text('contact_email'),
    apiKey: text('api_key'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    allowedWebhooks: text('allowed_webhooks').notNull().default('[]'),
    rateLimit: integer('rate_limit'),
    notes: text('notes').notNull().default(''),
    lastUsedAt: text('last_used_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('providers_ws_key_uq').on(t.workspaceId, t.providerKey)],
);

export const providerUsageLog = sqliteTable(
  'provider_usage_log',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    providerId: text('provider_id').notNull().references(() => leadSourceProviders.id),
    webhookId: text('webhook_id'),
    requestCount: integer('request_count').notNull().default(0),
    date: text('date').notNull(),
    ...timestamps,
  },
  (t) => [index('provider_usage_provider_date_idx').on(t.providerId, t.date)],
);

export const workspaceTracking = sqliteTable(
  'workspace_tracking',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    contactId: text('contact_id'),
    leadId: text('lead_id'),
    action: text('action').notNull(),
    actionDetails: text('action_details'),
    performedBy: text('performed_by'),
    metadata: text('metadata'),
    timestamp: text('timestamp').notNull(),
    ...timestamps,
  },
  (t) => [index('workspace_tracking_ws_ts_idx').on(t.workspaceId, t.timestamp)],
);
