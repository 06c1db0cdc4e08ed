// The Contact 360 page's data: the contact, its leads, calls, appointments and conversions (with
// order items and product names), counts and totals, the merges it absorbed, and the contacts
// that look like the same person (for the merge dialog).
import type {
  ContactOverview,
  DuplicateCandidate,
  MergeRecordSummary,
  OverviewAppointment,
  OverviewCall,
  OverviewConversion,
  OverviewLead,
  OverviewOrderItem,
} from '../../shared/api/contact360';
import { OVERVIEW_LIST_MAX } from '../../shared/api/contact360';
import { prepared, type AppDb } from '../connection';
import { contacts } from '../schema';
import { rowFromDriver } from '../write';
import { toContact } from './contacts';

type ContactRow = typeof contacts.$inferSelect;

/** A contact row whether live, deleted or merged away (liveRowById hides the latter two). */
export function anyContactRow(db: AppDb, id: string): ContactRow | null {
  const raw = prepared(db, 'SELECT * FROM contacts WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return raw ? rowFromDriver(contacts, raw) : null;
}

/**
 * The live contact an id stands for: itself, or the contact it was merged into (following a chain
 * of merges), so an old link or code still lands on the person. Null if deleted without a merge.
 */
export function resolveMergedContact(db: AppDb, id: string): ContactRow | null {
  let row = anyContactRow(db, id);
  for (let hops = 0; row && row.deletedAt && row.mergedIntoId && hops < 20; hops++) row = anyContactRow(db, row.mergedIntoId);
  return row && !row.deletedAt ? row : null;
}

export function contactName(row: Pick<ContactRow, 'firstName' | 'lastName' | 'email' | 'phone'>): string {
  return `${row.firstName} ${row.lastName}`.trim() || row.email || row.phone || 'Unnamed contact';
}

function leadsOf(db: AppDb, contactId: string): OverviewLead[] {
  return prepared(
    db,
    `SELECT l.id, l.lead_type AS leadType, l.status, l.source, l.utm_source AS utmSource, l.utm_campaign AS utmCampaign,
            u.display_name AS ownerName, l.created_at AS createdAt
     FROM leads l LEFT JOIN users u ON u.id = l.owner_user_id
     WHERE l.contact_id = ? AND l.deleted_at IS NULL ORDER BY l.created_at DESC, l.id DESC LIMIT ${OVERVIEW_LIST_MAX}`,
  ).all(contactId) as OverviewLead[];
}

function callsOf(db: AppDb, contactId: string): OverviewCall[] {
  return prepared(
    db,
    `SELECT c.id, c.lead_id AS leadId, c.scheduled_at AS scheduledAt, c.crm_stage AS crmStage, c.traffic_source AS trafficSource,
            c.duration_seconds AS durationSeconds, c.sale_value_cents AS saleValueCents, c.currency, u.display_name AS repName, c.created_at AS createdAt
     FROM calls c LEFT JOIN users u ON u.id = c.rep_user_id
     WHERE c.contact_id = ? AND c.deleted_at IS NULL ORDER BY coalesce(c.scheduled_at, c.created_at) DESC, c.id DESC LIMIT ${OVERVIEW_LIST_MAX}`,
  ).all(contactId) as OverviewCall[];
}

function appointmentsOf(db: AppDb, contactId: string): OverviewAppointment[] {
  return prepared(
    db,
    `SELECT a.id, a.lead_id AS leadId, a.appointment_type AS appointmentType, a.scheduled_at AS scheduledAt, a.duration_minutes AS durationMinutes,
            a.status, a.outcome, u.display_name AS assignedName
     FROM appointments a LEFT JOIN users u ON u.id = a.assigned_user_id
     WHERE a.contact_id = ? AND a.deleted_at IS NULL ORDER BY a.scheduled_at DESC, a.id DESC LIMIT ${OVERVIEW_LIST_MAX}`,
  ).all(contactId) as OverviewAppointment[];
}

function conversionsOf(db: AppDb, contactId: string): OverviewConversion[] {
  const rows = prepared(
    db,
    `SELECT id, lead_id AS leadId, call_id AS callId, converted_at AS convertedAt, conversion_type AS conversionType, value_cents AS valueCents,
            currency, order_number AS orderNumber, billing_status AS billingStatus
     FROM conversions WHERE contact_id = ? AND deleted_at IS NULL ORDER BY converted_at DESC, id DESC LIMIT ${OVERVIEW_LIST_MAX}`,
  ).all(contactId) as Omit<OverviewConversion, 'items'>[];
  if (rows.length === 0) return [];
  // One query for every item of the listed conversions (order_items_conversion_idx), not one each.
  const items = prepared(
    db,
    `SELECT i.id, i.conversion_id AS conversionId, i.product_id AS productId, coalesce(p.product_name, 'Unknown product') AS productName,
            i.quantity, i.amount_cents AS amountCents, i.currency
     FROM order_items i LEFT JOIN products p ON p.id = i.product_id
     WHERE i.conversion_id IN (SELECT value FROM json_each(?)) AND i.deleted_at IS NULL ORDER BY i.created_at, i.id`,
  ).all(JSON.stringify(rows.map((r) => r.id))) as (OverviewOrderItem & { conversionId: string })[];
  const byConversion = new Map<string, OverviewOrderItem[]>();
  for (const { conversionId, ...item } of items) {
    const list = byConversion.get(conversionId) ?? [];
    list.push(item);
    byConversion.set(conversionId, list);
  }
  return rows.map((r) => ({ ...r, items: byConversion.get(r.id) ?? [] }));
}

function countsOf(db: AppDb, contactId: string): ContactOverview['counts'] {
  return prepared(
    db,
    `SELECT (SELECT count(*) FROM leads WHERE contact_id = @c AND deleted_at IS NULL) AS leads,
            (SELECT count(*) FROM calls WHERE contact_id = @c AND deleted_at IS NULL) AS calls,
            (SELECT count(*) FROM appointments WHERE contact_id = @c AND deleted_at IS NULL) AS appointments,
            (SELECT count(*) FROM conversions WHERE contact_id = @c AND deleted_at IS NULL) AS conversions,
            (SELECT count(*) FROM analytics_events WHERE contact_id = @c AND deleted_at IS NULL) AS analyticsEvents`,
  ).get({ c: contactId }) as ContactOverview['counts'];
}

/** Contacts merged into this one, from its "merged" events (newest first). */
export function mergesInto(db: AppDb, contactId: string): MergeRecordSummary[] {
  const rows = prepared(
    db,
    `SELECT id, created_at AS at, event_data AS data FROM contact_events
     WHERE contact_id = ? AND event_type = 'merged' AND deleted_at IS NULL ORDER BY created_at DESC, id DESC`,
  ).all(contactId) as { id: string; at: string; data: string }[];
  return rows.map((r) => {
    const d = JSON.parse(r.data) as { loser?: { id: string; contactCode: string; name: string }; undoneAt?: string };
    return { eventId: r.id, at: r.at, other: d.loser ?? { id: '', contactCode: '', name: '' }, undone: !!d.undoneAt };
  });
}

export function contactOverview(db: AppDb, row: ContactRow, redirectedFrom: ContactOverview['redirectedFrom']): ContactOverview {
  const ownerName = row.ownerUserId ? ((prepared(db, 'SELECT display_name FROM users WHERE id = ?').pluck().get(row.ownerUserId) as string | undefined) ?? null) : null;
  const totals = prepared(
    db,
    'SELECT currency, sum(value_cents) AS cents FROM conversions WHERE contact_id = ? AND deleted_at IS NULL GROUP BY currency ORDER BY currency',
  ).all(row.id) as { currency: string; cents: number }[];
  return {
    contact: toContact(row),
    ownerName,
    redirectedFrom,
    leads: leadsOf(db, row.id),
    calls: callsOf(db, row.id),
    appointments: appointmentsOf(db, row.id),
    conversions: conversionsOf(db, row.id),
    counts: countsOf(db, row.id),
    totals,
    merges: mergesInto(db, row.id),
  };
}

/**
 * Other live contacts of the workspace that look like the same person: the same valid phone, the
 * same email, or the same first and last name. Each reason uses its own index
 * (contacts_ws_phone_idx, contacts_ws_email_idx, contacts_ws_name_idx).
 */
export function duplicateCandidates(db: AppDb, row: ContactRow, limit: number): DuplicateCandidate[] {
  const found = new Map<string, DuplicateCandidate>();
  const add = (reason: 'phone' | 'email' | 'name', sqlText: string, ...params: unknown[]) => {
    const rows = prepared(db, sqlText).all(...params) as Record<string, unknown>[];
    for (const raw of rows) {
      const r = rowFromDriver(contacts, raw);
      const hit = found.get(r.id);
      if (hit) hit.reasons.push(reason);
      else {
        found.set(r.id, {
          contact: { id: r.id, contactCode: r.contactCode, firstName: r.firstName, lastName: r.lastName, email: r.email, phone: r.phone, matchedOn: reason, createdAt: r.createdAt },
          reasons: [reason],
        });
      }
    }
  };
  const base = `SELECT * FROM contacts WHERE workspace_id = ? AND id <> ? AND deleted_at IS NULL`;
  if (row.phoneStatus === 'valid') add('phone', `${base} AND phone_status = 'valid' AND phone = ? ORDER BY created_at, id LIMIT ${limit}`, row.workspaceId, row.id, row.phone);
  if (row.email !== '') add('email', `${base} AND email <> '' AND email = ? ORDER BY created_at, id LIMIT ${limit}`, row.workspaceId, row.id, row.email);
  // A name alone is weak evidence, so both parts must be present and equal.
  if (row.firstName !== '' && row.lastName !== '') {
    add('name', `${base} AND last_name = ? AND first_name = ? ORDER BY created_at, id LIMIT ${limit}`, row.workspaceId, row.id, row.lastName, row.firstName);
  }
  // Strongest evidence first: phone and email matches before name-only ones.
  const weight = (c: DuplicateCandidate) => (c.reasons.includes('phone') ? 4 : 0) + (c.reasons.includes('email') ? 2 : 0) + (c.reasons.includes('name') ? 1 : 0);
  return [...found.values()].sort((a, b) => weight(b) - weight(a) || a.contact.createdAt.localeCompare(b.contact.createdAt)).slice(0, limit);
}
