import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';
import { contacts } from './contacts';
import { leads } from './leads';
import { users, workspaces } from './workspaces';

export const appointments = sqliteTable(
  'appointments',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    leadId: text('lead_id').references(() => leads.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    appointmentType: text('appointment_type').notNull().default('consultation'),
    scheduledAt: text('scheduled_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(60),
    status: text('status').notNull().default('scheduled'),
    locationType: text('location_type'),
    locationAddress: text('location_address'),
    notes: text('notes').notNull().default(''),
    customerNotes: text('customer_notes').notNull().default(''),
    assignedUserId: text('assigned_user_id').references(() => users.id),
    outcome: text('outcome'),
    nextAction: text('next_action'),
    nextActionDate: text('next_action_date'),
    createdBy: text('created_by'),
    routingRuleId: text('routing_rule_id'),
    /** How the rep was chosen: routed, fallback, unrouted (waiting for a rep), override (a manager's choice) or manual (no rules). */
    routingStatus: text('routing_status'),
    // JSON explanation of the routing decision ("why this rep"), stored with the appointment.
    routingExplanation: text('routing_explanation'),
    ...timestamps,
  },
  (t) => [
    index('appointments_ws_scheduled_idx').on(t.workspaceId, t.scheduledAt),
    index('appointments_assigned_idx').on(t.assignedUserId, t.scheduledAt),
    index('appointments_lead_idx').on(t.leadId),
    index('appointments_contact_idx').on(t.contactId),
    index('appointments_ws_created_idx').on(t.workspaceId, t.createdAt),
    // The team list's queues and counts (holding, upcoming, unrouted, needs rebooking) without reading the rows.
    index('appointments_ws_status_idx')
      .on(t.workspaceId, t.status, t.scheduledAt, t.assignedUserId, t.durationMinutes, t.createdAt)
      .where(sql`${t.deletedAt} IS NULL`),
  ],
);

export const appointmentEvents = sqliteTable(
  'appointment_events',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    appointmentId: text('appointment_id').notNull().references(() => appointments.id),
    eventType: text('event_type').notNull(),
    eventDescription: text('event_description'),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    performedBy: text('performed_by'),
    metadata: text('metadata'),
    ...timestamps,
  },
  (t) => [index('appointment_events_appt_idx').on(t.appointmentId, t.createdAt)],
);

export const appointmentRoutingRules = sqliteTable(
  'appointment_routing_rules',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    name: text('name').notNull().default(''),
    // JSON arrays: product types (lead types) and zip patterns ("10001", "100*", "10001-10099").
    productTypes: text('product_types').notNull().default('[]'),
    zipCodes: text('zip_codes').notNull().default('[]'),
    priority: integer('priority').notNull().default(100),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    targetTeam: text('target_team'),
    createdBy: text('created_by'),
    notes: text('notes').notNull().default(''),
    ...timestamps,
  },
  (t) => [index('routing_rules_ws_priority_idx').on(t.workspaceId, t.priority)],
);

/**
 * A rep's place in the routing rotation of one workspace (Step 6): team, weight, daily cap,
 * working hours in the rep's zone. The row's id is the rep's membership id, so two admins setting
 * up the same rep on two laptops write the same row and merge column by column.
 */
export const routingReps = sqliteTable(
  'routing_reps',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    userId: text('user_id').notNull().references(() => users.id),
    team: text('team'),
    weight: integer('weight').notNull().default(1),
    /** Most appointments a local day; null: no cap. */
    dailyCap: integer('daily_cap'),
    /** JSON array of weekdays, 0 = Sunday; null: no working hours (always available). */
    workingDays: text('working_days'),
    /** "09:00" and "17:00" in the rep's zone. */
    workStart: text('work_start'),
    workEnd: text('work_end'),
    timeZone: text('time_zone').notNull().default('America/New_York'),
    inRotation: integer('in_rotation', { mode: 'boolean' }).notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index('routing_reps_ws_idx').on(t.workspaceId, t.userId),
    check('routing_reps_weight_ck', sql`${t.weight} >= 0 AND ${t.weight} <= 100`),
    check('routing_reps_cap_ck', sql`${t.dailyCap} IS NULL OR ${t.dailyCap} >= 0`),
  ],
);
