import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';
import { workspaces } from './workspaces';

export const PHONE_STATUSES = ['valid', 'invalid', 'ambiguous', 'empty'] as const;

export const contacts = sqliteTable(
  'contacts',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    contactCode: text('contact_code').notNull(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    email: text('email').notNull().default(''),
    emailValid: integer('email_valid', { mode: 'boolean' }).notNull().default(false),
    // E.164 when phone_status = 'valid'; otherwise the raw text, kept and flagged.
    phone: text('phone').notNull().default(''),
    phoneRaw: text('phone_raw').notNull().default(''),
    phoneStatus: text('phone_status', { enum: PHONE_STATUSES }).notNull().default('empty'),
    phoneIssue: text('phone_issue'),
    address: text('address').notNull().default(''),
    city: text('city').notNull().default(''),
    state: text('state').notNull().default(''),
    zipCode: text('zip_code').notNull().default(''),
    webhookId: text('webhook_id'),
    calendarStatus: text('calendar_status'),
    // Cross-platform ids (seed 000) so re-imports match the same person.
    clickfunnelsId: text('clickfunnels_id'),
    keapId: text('keap_id'),
    manychatId: text('manychat_id'),
    hubspotId: text('hubspot_id'),
    ownerUserId: text('owner_user_id'),
    mergedIntoId: text('merged_into_id'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('contacts_ws_code_uq').on(t.workspaceId, t.contactCode),
    // Dedup look-ups: valid phone first, then email (DESIGN.md §2). Not unique: two offline
    // laptops may create the same person, and sync must not fail on that.
    index('contacts_ws_phone_idx').on(t.workspaceId, t.phone).where(sql`${t.phoneStatus} = 'valid' AND ${t.deletedAt} IS NULL`),
    index('contacts_ws_email_idx').on(t.workspaceId, t.email).where(sql`${t.email} <> '' AND ${t.deletedAt} IS NULL`),
    index('contacts_ws_name_idx').on(t.workspaceId, t.lastName, t.firstName, t.id),
    check('contacts_code_ck', sql`${t.contactCode} GLOB '[1-9][0-9][0-9][0-9][0-9][0-9]'`),
    check('contacts_phone_status_ck', sql`${t.phoneStatus} IN ('valid','invalid','ambiguous','empty')`),
  ],
);

/**
 * A contact's own history (Step 5): edits made on the contact page, and merges. A merge is
 * recorded on the surviving contact ("merged", with what moved, so it can be undone) and on the
 * absorbed one ("merged_into"); an undo adds "unmerged". JSON event_data, like lead_events.
 */
export const contactEvents = sqliteTable(
  'contact_events',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    eventType: text('event_type').notNull(),
    eventData: text('event_data').notNull().default('{}'),
    actorUserId: text('actor_user_id'),
    ...timestamps,
  },
  (t) => [index('contact_events_contact_idx').on(t.contactId, t.createdAt)],
);
