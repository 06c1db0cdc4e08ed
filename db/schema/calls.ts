import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';
import { contacts } from './contacts';
import { leads } from './leads';
import { users, workspaces } from './workspaces';

export const CRM_STAGES = ['scheduled', 'in_progress', 'completed', 'no_show', 'closed_won', 'lost'] as const;

// Seed 004: calls with traffic_source and crm_stage, plus the legacy status/outcome they replace.
// traffic_source has no CHECK list: the set of sources is per-workspace data, not a constant.
export const calls = sqliteTable(
  'calls',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    leadId: text('lead_id').references(() => leads.id),
    repUserId: text('rep_user_id').references(() => users.id),
    callType: text('call_type').notNull().default('sales'),
    scheduledAt: text('scheduled_at'),
    startedAt: text('started_at'),
    durationSeconds: integer('duration_seconds'),
    // Legacy fields kept for old rows and imports; crm_stage is derived from them when absent.
    status: text('status'),
    outcome: text('outcome'),
    sourceOfSetAppointment: text('source_of_set_appointment'),
    leadSource: text('lead_source'),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    fbclid: text('fbclid'),
    trafficSource: text('traffic_source').notNull().default('organic'),
    trafficSourceReason: text('traffic_source_reason'),
    trafficSourceOverridden: integer('traffic_source_overridden', { mode: 'boolean' }).notNull().default(false),
    trafficSourceConfidence: text('traffic_source_confidence'),
    crmStage: text('crm_stage', { enum: CRM_STAGES }).notNull().default('scheduled'),
    saleValueCents: integer('sale_value_cents'),
    currency: text('currency').notNull().default('USD'),
    notes: text('notes').notNull().default(''),
    externalSource: text('external_source'),
    externalId: text('external_id'),
    // The call's calendar day (scheduled, else created) in its workspace's time zone, written by
    // the app with the row so day buckets and day filters need no time-zone maths in SQL.
    callDay: text('call_day').notNull().default(''),
    // Set once the seed's legacy status/outcome mapping has been applied (or was not needed).
    legacyMappedAt: text('legacy_mapped_at'),
    ...timestamps,
  },
  (t) => [
    check('calls_crm_stage_ck', sql`${t.crmStage} IN ('scheduled','in_progress','completed','no_show','closed_won','lost')`),
    check('calls_duration_ck', sql`${t.durationSeconds} IS NULL OR ${t.durationSeconds} >= 0`),
    index('calls_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    // Seed 004's (workspace, stage) and (workspace, source, stage) indexes served GROUP BY
    // analytics; the trigger-kept summaries do that now (migration 0003), and the board's
    // (workspace, stage, scheduled) index covers stage filters, so they are gone (migration 0006).
    index('calls_lead_idx').on(t.leadId),
    index('calls_contact_idx').on(t.contactId),
    index('calls_rep_idx').on(t.repUserId, t.scheduledAt),
    // The call an appointment's outcome became (external_source 'appointment'), and imported calls by their export's id.
    index('calls_external_idx').on(t.externalId, t.externalSource).where(sql`${t.externalId} IS NOT NULL`),
    index('calls_ws_day_idx').on(t.workspaceId, t.callDay).where(sql`${t.deletedAt} IS NULL`),
    index('calls_ws_scheduled_idx').on(t.workspaceId, t.scheduledAt, t.id).where(sql`${t.deletedAt} IS NULL`),
    index('calls_ws_stage_scheduled_idx').on(t.workspaceId, t.crmStage, t.scheduledAt, t.id).where(sql`${t.deletedAt} IS NULL`),
    // Work queues for start-up: empty once every call has its day and legacy mapping, so the
    // checks cost nothing on a million calls instead of a full scan each start.
    index('calls_needs_day_idx').on(t.id).where(sql`${t.callDay} = ''`),
    index('calls_needs_legacy_idx').on(t.id).where(sql`${t.legacyMappedAt} IS NULL AND ${t.deletedAt} IS NULL`),
  ],
);

export const callEvents = sqliteTable(
  'call_events',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    callId: text('call_id').notNull().references(() => calls.id),
    eventType: text('event_type').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    reason: text('reason'),
    actorUserId: text('actor_user_id'),
    ...timestamps,
  },
  (t) => [index('call_events_call_idx').on(t.callId, t.createdAt)],
);
