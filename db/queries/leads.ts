import { and, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Lead, LeadEvent, LeadSummary } from '../../shared/api/leads';
import { normalizeEmail } from '../../shared/domain/email';
import { tidyName } from '../../shared/domain/names';
import { normalizePhone } from '../../shared/domain/phone';
import type { AppDb } from '../connection';
import { leadEvents, leads, users } from '../schema';
import { insertRow, liveRowById, transaction, updateRow, type Writer } from '../write';
import { findOrCreateContact, type MatchedBy, type NormalizedPerson } from './contacts';

type LeadRowDb = typeof leads.$inferSelect;
type LeadInsert = typeof leads.$inferInsert;

export function toLead(row: LeadRowDb): Lead {
  const { rawPayload: _raw, ipAddress: _ip, userAgent: _ua, deletedAt: _del, ...rest } = row;
  return rest;
}

export function getLeadRow(db: AppDb, id: string): LeadRowDb | null {
  return liveRowById(db, leads, id);
}

/** Lead fields as the API accepts them: everything but identity, person and bookkeeping columns. */
export type LeadDetails = Omit<
  LeadInsert,
  | 'id' | 'workspaceId' | 'contactId' | 'createdAt' | 'updatedAt' | 'deletedAt'
  | 'firstName' | 'lastName' | 'email' | 'phone' | 'phoneStatus' | 'address' | 'city' | 'state' | 'zipCode'
>;

const EVENT_SKIP = new Set(['updatedAt']);

function recordLeadEvent(w: Writer, lead: { id: string; workspaceId: string }, eventType: string, changes: Record<string, [unknown, unknown]>, note?: string | null): void {
  insertRow(w, leadEvents, {
    workspaceId: lead.workspaceId,
    leadId: lead.id,
    eventType,
    eventData: JSON.stringify(note ? { changes, note } : { changes }),
    actorUserId: w.actorUserId,
  });
}

export interface CreatedLead {
  lead: LeadRowDb;
  contact: ReturnType<typeof findOrCreateContact>['contact'];
  contactCreated: boolean;
  matchedBy: MatchedBy | null;
}

/** Creates a lead for a person: the contact is found by dedup or created, and a 'created' event is written. */
export function createLead(w: Writer, workspaceId: string, person: NormalizedPerson, details: LeadDetails): CreatedLead {
  return transaction(w.db, () => {
    const found = findOrCreateContact(w, workspaceId, person);
    const lead = insertRow(w, leads, {
      ...details,
      workspaceId,
      contactId: found.contact.id,
      firstName: person.firstName || found.contact.firstName,
      lastName: person.lastName || found.contact.lastName,
      email: person.email || found.contact.email,
      phone: person.phoneStatus === 'empty' ? found.contact.phone : person.phone,
      phoneStatus: person.phoneStatus === 'empty' ? found.contact.phoneStatus : person.phoneStatus,
      address: person.address,
      city: person.city,
      state: person.state,
      zipCode: person.zipCode,
    });
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [key, value] of Object.entries(lead)) {
      if (value === null || value === '' || key === 'id' || key === 'workspaceId' || key.endsWith('At')) continue;
      changes[key] = [null, value];
    }
    const how = found.created ? 'new contact' : `matched existing contact ${found.contact.contactCode} by ${found.matchedBy}`;
    recordLeadEvent(w, lead, 'created', changes, how);
    return { lead, contact: found.contact, contactCreated: found.created, matchedBy: found.matchedBy };
  });
}

export interface LeadPatchInput extends Partial<LeadDetails> {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  address?: string;
  city?: string;
  state?: string;
  zipCode?: string;
}

/** Applies a patch (normalizing person fields) and records one event with old -> new per field. */
export function updateLead(w: Writer, id: string, patch: LeadPatchInput, defaultCountry: string, note?: string | null): LeadRowDb | null {
  const normalized: Partial<LeadInsert> = { ...patch };
  if (patch.firstName !== undefined) normalized.firstName = tidyName(patch.firstName);
  if (patch.lastName !== undefined) normalized.lastName = tidyName(patch.lastName);
  if (patch.email !== undefined) normalized.email = normalizeEmail(patch.email).value;
  if (patch.phone !== undefined) {
    const phone = normalizePhone(patch.phone, defaultCountry);
    normalized.phone = phone.value;
    normalized.phoneStatus = phone.status;
  }
  if (patch.status !== undefined && patch.status !== 'unqualified' && patch.statusReason === undefined) {
    normalized.statusReason = null;
  }
  return transaction(w.db, () => {
    const result = updateRow(w, leads, id, normalized);
    if (!result) return null;
    if (result.changed.length === 0) return result.after;
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of result.changed) {
      if (EVENT_SKIP.has(key)) continue;
      changes[key] = [(result.before as Record<string, unknown>)[key] ?? null, (result.after as Record<string, unknown>)[key] ?? null];
    }
    recordLeadEvent(w, result.after, result.changed.includes('status') ? 'status_changed' : 'updated', changes, note);
    return result.after;
  });
}

export function leadEventsFor(db: AppDb, leadId: string, limit = 200): LeadEvent[] {
  const rows = db.orm
    .select({ e: leadEvents, actorName: users.displayName })
    .from(leadEvents)
    .leftJoin(users, eq(users.id, leadEvents.actorUserId))
    .where(and(eq(leadEvents.leadId, leadId), isNull(leadEvents.deletedAt)))
    .orderBy(desc(leadEvents.createdAt), desc(leadEvents.id))
    .limit(limit)
    .all();
  return rows.map(({ e, actorName }) => {
    const data = JSON.parse(e.eventData) as { changes?: Record<string, [unknown, unknown]>; note?: string };
    return {
      id: e.id,
      leadId: e.leadId,
      eventType: e.eventType,
      changes: data.changes ?? {},
      note: data.note ?? null,
      actorUserId: e.actorUserId,
      actorName: actorName ?? null,
      createdAt: e.createdAt,
    };
  });
}

export function otherLeadsOfContact(db: AppDb, contactId: string, exceptLeadId: string): LeadSummary[] {
  return db.orm
    .select({ id: leads.id, leadType: leads.leadType, status: leads.status, source: leads.source, createdAt: leads.createdAt })
    .from(leads)
    .where(and(eq(leads.contactId, contactId), ne(leads.id, exceptLeadId), isNull(leads.deletedAt)))
    .orderBy(desc(leads.createdAt))
    .all();
}

export function userNames(db: AppDb, ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db.orm.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r.name]));
}
