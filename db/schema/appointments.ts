import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
    // JSON explanation of the routing decision ("why this rep"), stored with the appointment.
    routingExplanation: text('routing_explanation'),
    ...timestamps,
  },
  (t) => [
    index('appointments_ws_scheduled_idx').on(t.workspaceId, t.scheduledAt),
    index('appointments_assigned_idx').on(t.assignedUserId, t.scheduledAt),
    index('appointments_lead_idx').on(t.leadId),
    index('appointments_contact_idx').on(t.contactId),
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
