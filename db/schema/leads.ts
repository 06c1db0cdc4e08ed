import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';
import { contacts, PHONE_STATUSES } from './contacts';
import { users, workspaces } from './workspaces';

// A lead is one campaign-specific interest of a contact (seed 002). It keeps the person fields as
// submitted (normalized) so the grid can sort and page on them without a join. Money is integer
// cents. Text columns the grid sorts on are NOT NULL DEFAULT '' so keyset comparisons never meet NULL.
export const leads = sqliteTable(
  'leads',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    webhookId: text('webhook_id'),
    leadType: text('lead_type').notNull().default(''),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    email: text('email').notNull().default(''),
    phone: text('phone').notNull().default(''),
    phoneStatus: text('phone_status', { enum: PHONE_STATUSES }).notNull().default('empty'),
    address: text('address').notNull().default(''),
    city: text('city').notNull().default(''),
    state: text('state').notNull().default(''),
    zipCode: text('zip_code').notNull().default(''),
    source: text('source').notNull().default(''),
    campaignId: text('campaign_id').notNull().default(''),
    utmSource: text('utm_source').notNull().default(''),
    utmMedium: text('utm_medium').notNull().default(''),
    utmCampaign: text('utm_campaign').notNull().default(''),
    utmContent: text('utm_content').notNull().default(''),
    utmTerm: text('utm_term').notNull().default(''),
    fbclid: text('fbclid').notNull().default(''),
    gclid: text('gclid').notNull().default(''),
    // Solar
    monthlyElectricBillCents: integer('monthly_electric_bill_cents'),
    propertyType: text('property_type'),
    roofCondition: text('roof_condition'),
    roofAge: integer('roof_age'),
    shadeCoverage: text('shade_coverage'),
    // HVAC
    systemType: text('system_type'),
    systemAge: integer('system_age'),
    serviceType: text('service_type'),
    urgency: text('urgency'),
    propertySize: integer('property_size'),
    // Insurance
    policyType: text('policy_type'),
    coverageAmountCents: integer('coverage_amount_cents'),
    currentPremiumCents: integer('current_premium_cents'),
    propertyValueCents: integer('property_value_cents'),
    claimsHistory: text('claims_history'),
    // Intake metadata
    rawPayload: text('raw_payload'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    processedAt: text('processed_at'),
    status: text('status').notNull().default('new'),
    statusReason: text('status_reason'),
    notes: text('notes').notNull().default(''),
    ownerUserId: text('owner_user_id').references(() => users.id),
    conversionScore: real('conversion_score'),
    revenuePotentialCents: integer('revenue_potential_cents'),
    externalSource: text('external_source'),
    externalId: text('external_id'),
    ...timestamps,
  },
  (t) => {
    const live = sql`${t.deletedAt} IS NULL`;
    return [
      // Keyset paging: one index per common sort, each ending in id (the tie-breaker).
      index('leads_ws_created_idx').on(t.workspaceId, t.createdAt, t.id).where(live),
      index('leads_ws_updated_idx').on(t.workspaceId, t.updatedAt, t.id).where(live),
      index('leads_ws_last_name_idx').on(t.workspaceId, t.lastName, t.id).where(live),
      index('leads_ws_email_idx').on(t.workspaceId, t.email, t.id).where(live),
      index('leads_ws_status_created_idx').on(t.workspaceId, t.status, t.createdAt, t.id).where(live),
      index('leads_contact_idx').on(t.contactId),
      index('leads_ws_external_idx').on(t.workspaceId, t.externalSource, t.externalId),
    ];
  },
);

export const leadEvents = sqliteTable(
  'lead_events',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    leadId: text('lead_id').notNull().references(() => leads.id),
    eventType: text('event_type').notNull(),
    // JSON: { changes: { field: [old, new] }, note?: string }
    eventData: text('event_data').notNull().default('{}'),
    actorUserId: text('actor_user_id'),
    ...timestamps,
  },
  (t) => [index('lead_events_lead_idx').on(t.leadId, t.createdAt)],
);
