import type { Contact, ContactMatch } from '../../shared/api/contacts';
import { AppError } from '../../shared/api/contract';
import { randomContactCode } from '../../shared/domain/contact-code';
import { normalizeEmail } from '../../shared/domain/email';
import { splitFullName, tidyName } from '../../shared/domain/names';
import { normalizePhone } from '../../shared/domain/phone';
import { prepared, type AppDb } from '../connection';
import { contactEvents, contacts, leads } from '../schema';
import { insertRow, liveRowById, rowFromDriver, transaction, updateRow, type Writer } from '../write';
import { escapeLike } from './grid-sql';

type ContactRow = typeof contacts.$inferSelect;

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    contactCode: row.contactCode,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    emailValid: row.emailValid,
    phone: row.phone,
    phoneRaw: row.phoneRaw,
    phoneStatus: row.phoneStatus,
    phoneIssue: row.phoneIssue,
    address: row.address,
    city: row.city,
    state: row.state,
    zipCode: row.zipCode,
    ownerUserId: row.ownerUserId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface ContactInput {
  firstName?: string;
  lastName?: string;
  fullName?: string;
  email?: string;
  phone?: string;
  address?: string;
  city?: string;
  state?: string;
  zipCode?: string;
}

/** The normalized identity and details of a person, as stored on contacts (and copied onto leads). */
export interface NormalizedPerson {
  firstName: string;
  lastName: string;
  email: string;
  emailValid: boolean;
  phone: string;
  phoneRaw: string;
  phoneStatus: ContactRow['phoneStatus'];
  phoneIssue: string | null;
  address: string;
  city: string;
  state: string;
  zipCode: string;
}

export function normalizePerson(input: ContactInput, defaultCountry: string): NormalizedPerson {
  let firstName = tidyName(input.firstName);
  let lastName = tidyName(input.lastName);
  if (!firstName && !lastName && input.fullName) ({ firstName, lastName } = splitFullName(input.fullName));
  const email = normalizeEmail(input.email);
  const phone = normalizePhone(input.phone, defaultCountry);
  return {
    firstName,
    lastName,
    email: email.value,
    emailValid: email.valid,
    phone: phone.value,
    phoneRaw: phone.raw,
    phoneStatus: phone.status,
    phoneIssue: phone.reason ?? null,
    address: (input.address ?? '').trim(),
    city: tidyName(input.city),
    state: (input.state ?? '').trim().toUpperCase().length === 2 ? (input.state ?? '').trim().toUpperCase() : (input.state ?? '').trim(),
    zipCode: (input.zipCode ?? '').trim(),
  };
}

export type MatchedBy = 'phone' | 'email';

/** Dedup rule (DESIGN.md §2): same valid phone in the workspace, else same email. Oldest contact wins. */
export function findDuplicateId(db: AppDb, workspaceId: string, person: Pick<NormalizedPerson, 'phone' | 'phoneStatus' | 'email'>): { id: string; matchedBy: MatchedBy } | null {
  if (person.phoneStatus === 'valid') {
    const raw = prepared(
      db,
      `SELECT id FROM contacts WHERE workspace_id = ? AND phone = ? AND phone_status = 'valid' AND deleted_at IS NULL
       ORDER BY created_at, id LIMIT 1`,
    ).get(workspaceId, person.phone) as { id: string } | undefined;
    if (raw) return { id: raw.id, matchedBy: 'phone' };
  }
  if (person.email !== '') {
    const raw = prepared(
      db,
      `SELECT id FROM contacts WHERE workspace_id = ? AND email = ? AND email <> '' AND deleted_at IS NULL
       ORDER BY created_at, id LIMIT 1`,
    ).get(workspaceId, person.email) as { id: string } | undefined;
    if (raw) return { id: raw.id, matchedBy: 'email' };
  }
  return null;
}

/** The duplicate's whole row (see findDuplicateId). */
export function findDuplicate(db: AppDb, workspaceId: string, person: Pick<NormalizedPerson, 'phone' | 'phoneStatus' | 'email'>): { row: ContactRow; matchedBy: MatchedBy } | null {
  const hit = findDuplicateId(db, workspaceId, person);
  return hit ? { row: getContactRow(db, hit.id)!, matchedBy: hit.matchedBy } : null;
}

export function getContactRow(db: AppDb, id: string): ContactRow | null {
  return liveRowById(db, contacts, id);
}

export function mintContactCode(db: AppDb, workspaceId: string, random: () => string = () => randomContactCode()): string {
  const exists = prepared(db, 'SELECT 1 FROM contacts WHERE workspace_id = ? AND contact_code = ?');
  for (let attempt = 0; attempt < 50; attempt++) {
    const code = random();
    if (!exists.get(workspaceId, code)) return code;
  }
  throw new AppError('conflict', 'Could not find a free 6-digit contact code in this workspace; it is nearly full.');
}

/** Fields the existing contact lacks that the new data has: filled in, never overwritten. */
export function fillBlanks(existing: ContactRow, person: NormalizedPerson): Partial<ContactRow> {
  const patch: Partial<ContactRow> = {};
  const keys = ['firstName', 'lastName', 'address', 'city', 'state', 'zipCode'] as const;
  for (const key of keys) if (existing[key] === '' && person[key] !== '') patch[key] = person[key];
  if (existing.email === '' && person.email !== '') {
    patch.email = person.email;
    patch.emailValid = person.emailValid;
  }
  if (existing.phoneStatus !== 'valid' && person.phoneStatus === 'valid') {
    patch.phone = person.phone;
    patch.phoneRaw = person.phoneRaw;
    patch.phoneStatus = person.phoneStatus;
    patch.phoneIssue = null;
  } else if (existing.phoneStatus === 'empty' && person.phoneStatus !== 'empty') {
    patch.phone = person.phone;
    patch.phoneRaw = person.phoneRaw;
    patch.phoneStatus = person.phoneStatus;
    patch.phoneIssue = person.phoneIssue;
  }
  return patch;
}

export interface FindOrCreateResult {
  contact: ContactRow;
  created: boolean;
  matchedBy: MatchedBy | null;
}

/** Creates a contact, or returns the existing one for the same person (filling in what it lacked). */
export function findOrCreateContact(w: Writer, workspaceId: string, person: NormalizedPerson): FindOrCreateResult {
  return transaction(w.db, () => {
    const dup = findDuplicate(w.db, workspaceId, person);
    if (dup) {
      const patch = fillBlanks(dup.row, person);
      const updated = Object.keys(patch).length > 0 ? updateRow(w, contacts, dup.row.id, patch) : null;
      return { contact: updated?.after ?? dup.row, created: false, matchedBy: dup.matchedBy };
    }
    const row = insertRow(w, contacts, {
      workspaceId,
      contactCode: mintContactCode(w.db, workspaceId),
      ...person,
    });
    return { contact: row, created: true, matchedBy: null };
  });
}

export function updateContact(w: Writer, id: string, person: Partial<NormalizedPerson> & { ownerUserId?: string | null }) {
  return updateRow(w, contacts, id, person);
}

/** Look-up as you type: exact contact code, phone digits, email prefix or name prefix. */
export function searchContacts(db: AppDb, workspaceId: string, query: string, limit: number): ContactMatch[] {
  const q = query.trim();
  const out = new Map<string, ContactMatch>();
  const add = (rows: ContactRow[], matchedOn: ContactMatch['matchedOn']) => {
    for (const r of rows) {
      if (out.size >= limit) return;
      if (!out.has(r.id)) {
        out.set(r.id, { id: r.id, contactCode: r.contactCode, firstName: r.firstName, lastName: r.lastName, email: r.email, phone: r.phone, matchedOn });
      }
    }
  };
  const select = (where: string, ...params: unknown[]) =>
    (prepared(db, `SELECT * FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND ${where} ORDER BY last_name, first_name, id LIMIT ${limit}`).all(
      workspaceId,
      ...params,
    ) as Record<string, unknown>[]).map((raw) => rowFromDriver(contacts, raw));

  if (/^\d{6}$/.test(q)) add(select('contact_code = ?', q), 'code');
  const digits = q.replace(/\D/g, '');
  if (digits.length >= 4 && /^[\d\s().+-]+$/.test(q)) {
    // Valid phones are E.164; match the digits anywhere so "415 555" and "+1415555" both find them.
    add(select(`replace(phone, '+', '') LIKE ?`, `%${digits}%`), 'phone');
  }
  if (q.includes('@') || /^[\w.+-]+$/.test(q)) add(select(`email LIKE ? ESCAPE '\\'`, `${escapeLike(q.toLowerCase())}%`), 'email');
  const [first, ...rest] = q.split(/\s+/);
  if (first && /\p{L}/u.test(q)) {
    if (rest.length > 0) {
      add(select(`first_name LIKE ? ESCAPE '\\' AND last_name LIKE ? ESCAPE '\\'`, `${escapeLike(first)}%`, `${escapeLike(rest.join(' '))}%`), 'name');
    }
    add(select(`(last_name LIKE ? ESCAPE '\\' OR first_name LIKE ? ESCAPE '\\')`, `${escapeLike(q)}%`, `${escapeLike(q)}%`), 'name');
  }
  return [...out.values()];
}


/** The same valid phone or email on another live contact of the workspace (oldest first). */
export function findDuplicateExcept(
  db: AppDb,
  workspaceId: string,
  person: Partial<Pick<NormalizedPerson, 'phone' | 'phoneStatus' | 'email'>>,
  exceptId: string,
): { row: ContactRow; matchedBy: MatchedBy } | null {
  const first = (where: string, value: string) =>
    prepared(db, `SELECT * FROM contacts WHERE workspace_id = ? AND id <> ? AND deleted_at IS NULL AND ${where} ORDER BY created_at, id LIMIT 1`).get(workspaceId, exceptId, value) as
      | Record<string, unknown>
      | undefined;
  if (person.phoneStatus === 'valid' && person.phone) {
    const raw = first(`phone_status = 'valid' AND phone = ?`, person.phone);
    if (raw) return { row: rowFromDriver(contacts, raw), matchedBy: 'phone' };
  }
  if (person.email) {
    const raw = first(`email <> '' AND email = ?`, person.email);
    if (raw) return { row: rowFromDriver(contacts, raw), matchedBy: 'email' };
  }
  return null;
}

// Derived columns: the event names the field a person edited (phone, email), not its by-products.
const EDIT_EVENT_SKIP = new Set(['updatedAt', 'phoneRaw', 'phoneStatus', 'phoneIssue', 'emailValid']);

/** Edit in place (the contact page): the update and a contact_events "updated" event with old -> new per field. */
export function editContact(w: Writer, id: string, person: Partial<NormalizedPerson> & { ownerUserId?: string | null }) {
  return transaction(w.db, () => {
    const result = updateContact(w, id, person);
    if (!result || result.changed.length === 0) return result;
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of result.changed) {
      if (EDIT_EVENT_SKIP.has(key)) continue;
      changes[key] = [(result.before as Record<string, unknown>)[key] ?? null, (result.after as Record<string, unknown>)[key] ?? null];
    }
    // A phone edit that only changed how it was typed still says so.
    if (Object.keys(changes).length === 0 && result.changed.includes('phoneRaw')) changes.phone = [result.before.phoneRaw, result.after.phoneRaw];
    if (Object.keys(changes).length === 0) return result;
    const leadsFollowed = followContactEdit(w, id, result.before, result.after);
    insertRow(w, contactEvents, {
      workspaceId: result.after.workspaceId,
      contactId: id,
      eventType: 'updated',
      eventData: JSON.stringify({ changes, ...(leadsFollowed > 0 ? { leadsFollowed } : {}) }),
      actorUserId: w.actorUserId,
    });
    return result;
  });
}

/** The person fields a lead copies from its contact when it is created (createLead, an import, a merge's fill). */
const LEAD_COPIES = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['email', 'email'],
  ['phone', 'phone'],
] as const;

/** A lead's address, taken as one: it follows the contact's only if all of it was the contact's. */
const LEAD_ADDRESS = [
  ['address', 'address'],
  ['city', 'city'],
  ['state', 'state'],
  ['zipCode', 'zip_code'],
] as const;

/**
 * A contact's leads follow an edit of its name, email or phone where they still hold the old value
 * (a copy); a lead whose own value differs (submitted with another email, say) keeps it. The
 * address moves as a whole: a lead whose address (street, city, state, zip) was the contact's old
 * one takes the new one; a lead with an address of its own keeps all of it. Through the write
 * path, so the leads grid, its search and other devices see the new value. Returns how many leads
 * changed.
 */
function followContactEdit(w: Writer, contactId: string, before: ContactRow, after: ContactRow): number {
  const edited = LEAD_COPIES.filter(([prop]) => before[prop] !== after[prop]);
  const addressEdited = LEAD_ADDRESS.some(([prop]) => before[prop] !== after[prop]);
  if (edited.length === 0 && !addressEdited) return 0;
  const rows = prepared(w.db, 'SELECT id, first_name, last_name, email, phone, address, city, state, zip_code FROM leads WHERE contact_id = ? AND deleted_at IS NULL').all(contactId) as Record<string, string | null>[];
  let changed = 0;
  for (const lead of rows) {
    const patch: Partial<typeof leads.$inferInsert> = {};
    for (const [prop, column] of edited) if ((lead[column] ?? '') === (before[prop] ?? '')) patch[prop] = after[prop] ?? '';
    if (patch.phone !== undefined) patch.phoneStatus = after.phoneStatus;
    if (addressEdited && LEAD_ADDRESS.every(([prop, column]) => (lead[column] ?? '') === (before[prop] ?? ''))) {
      for (const [prop] of LEAD_ADDRESS) patch[prop] = after[prop] ?? '';
    }
    if (Object.keys(patch).length > 0 && updateRow(w, leads, lead.id!, patch)?.changed.length) changed++;
  }
  return changed;
}
