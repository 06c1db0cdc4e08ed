// Where a leads import lands: each row's person is matched (same phone, then same email: first
// among the rows of this file, then among the workspace's contacts), its lead is matched (same
// source and external id, or with no id the same contact, source, campaign and type), and what is
// new is created while what exists is updated with the file's non-blank values (a blank cell never
// blanks a field). A dry run resolves the same way and writes nothing.
//
// A chunk's rows, their outbox entries and the batch's record of them commit in one transaction.
import { CONTACT_CODE_SPACE, randomContactCode } from '../../shared/domain/contact-code';
import { uuidv7 } from '../../shared/domain/ids';
import { prepared, type AppDb } from '../connection';
import { findDuplicateId } from '../queries/contacts';
import { contacts, leadEvents, leads } from '../schema';
import { tableMeta } from '../synced-tables';
import { transaction, updateRow, type Writer } from '../write';
import { bulkInsert, bulkTable, type BulkTable } from './bulk-insert';
import type { LeadImportRow } from './lead-rows';
import { SeenKeys } from './seen-keys';
import { dryRunTransaction, lastRecordSeq } from './sink-shared';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows that met a person and lead already seen earlier in the same file (merged into it). */
  duplicates: number;
}

export const emptyCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, duplicates: 0 });

export interface LeadSinkOptions {
  db: AppDb;
  workspaceId: string;
  externalSource: string;
  batchId: string;
  fileName: string;
  /** Null for a dry run. */
  writer: Writer | null;
  /** Test hook: the random contact code generator. */
  randomCode?: () => string;
}

const CONTACT_OVERWRITE = ['first_name', 'last_name', 'address', 'city', 'state', 'zip_code'] as const;
const LEAD_FIELDS = ['lead_type', 'source', 'campaign_id', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'fbclid', 'gclid', 'notes'] as const;

type Values = Record<string, unknown>;

/** The external source of Convio's own export (the convio-leads preset). */
const CONVIO_SOURCE = 'convio';
const CONTACT_CODE_MIN = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Chunk {
  contacts: Map<string, unknown[]>;
  leads: Map<string, unknown[]>;
  events: unknown[][];
  contactUpdates: Map<string, Values>;
  leadUpdates: Map<string, Values>;
  codes: Set<string>;
}

export class LeadSink {
  readonly counts = emptyCounts();
  private readonly seen: SeenKeys;
  private readonly t: { contacts: BulkTable; leads: BulkTable; events: BulkTable };
  private chunk: Chunk = newChunk();
  private seq = 0;

  constructor(private readonly o: LeadSinkOptions) {
    this.seen = new SeenKeys(o.db);
    this.t = { contacts: bulkTable(contacts), leads: bulkTable(leads), events: bulkTable(leadEvents) };
    this.seq = lastRecordSeq(o.db, o.batchId);
  }

  /** Resolves and (unless a dry run) writes one chunk of rows in one transaction. */
  addChunk(rows: readonly LeadImportRow[], afterWrite?: () => void): void {
    const write = () => {
      for (const row of rows) this.add(row);
      if (this.o.writer) this.flush(this.o.writer);
      afterWrite?.();
    };
    if (this.o.writer) transaction(this.o.db, write);
    else dryRunTransaction(this.o.db, write);
    this.chunk = newChunk();
  }

  dispose(): void {
    this.seen.dispose();
  }

  private add(row: LeadImportRow): void {
    const { contactId, inFile, contactChanged } = this.resolveContact(row);
    const key = row.externalId !== null ? `x${row.externalId}` : `k${contactId}\u0001${row.lead.source}\u0001${row.lead.campaign_id}\u0001${row.lead.lead_type}`;
    const seenLead = this.seen.find('l', key);
    if (seenLead) {
      this.counts.duplicates++;
      this.patchLead(seenLead, row, contactId);
      return;
    }
    const existing = this.findLead(row, contactId);
    if (existing) {
      this.seen.remember('l', key, existing);
      const changed = this.patchLead(existing, row, contactId);
      if (changed || (!inFile && contactChanged)) this.counts.updated++;
      else this.counts.unchanged++;
      return;
    }
    const id = uuidv7();
    this.seen.remember('l', key, id);
    this.chunk.leads.set(id, this.newLead(id, row, contactId));
    this.counts.created++;
  }

  /** The row's contact (met earlier in the file, in the workspace, or new) and whether the row changed it. */
  private resolveContact(row: LeadImportRow): { contactId: string; inFile: boolean; contactChanged: boolean } {
    const p = row.person;
    const phone = p.phoneStatus === 'valid' ? p.phone : null;
    const email = p.email !== '' ? p.email : null;
    let id = (phone && this.seen.find('p', phone)) || (email && this.seen.find('e', email)) || null;
    const inFile = id !== null;
    id ??= findDuplicateId(this.o.db, this.o.workspaceId, p)?.id ?? null;
    let contactChanged = false;
    if (id) contactChanged = this.patchContact(id, row);
    else {
      id = uuidv7();
      this.chunk.contacts.set(id, this.newContact(id, row));
    }
    if (phone) this.seen.remember('p', phone, id);
    if (email) this.seen.remember('e', email, id);
    return { contactId: id, inFile, contactChanged };
  }

  private findLead(row: LeadImportRow, contactId: string): string | null {
    // Convio's own export names the lead itself: the same lead, wherever its contact now is.
    if (this.o.externalSource === CONVIO_SOURCE && row.externalId !== null && UUID.test(row.externalId)) {
      const own = prepared(this.o.db, 'SELECT id FROM leads WHERE id = ? AND workspace_id = ? AND deleted_at IS NULL').get(row.externalId, this.o.workspaceId) as { id: string } | undefined;
      if (own) return own.id;
    }
    if (this.chunk.contacts.has(contactId)) return null; // a contact new in this chunk has no leads yet
    const hit =
      row.externalId !== null
        ? prepared(this.o.db, 'SELECT id FROM leads WHERE workspace_id = ? AND external_source = ? AND external_id = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1').get(this.o.workspaceId, this.o.externalSource, row.externalId)
        : prepared(
            this.o.db,
            `SELECT id FROM leads WHERE contact_id = ? AND external_source = ? AND external_id IS NULL AND source = ? AND campaign_id = ? AND lead_type = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1`,
          ).get(contactId, this.o.externalSource, row.lead.source, row.lead.campaign_id, row.lead.lead_type);
    return (hit as { id: string } | undefined)?.id ?? null;
  }

  private newContact(id: string, row: LeadImportRow): unknown[] {
    const t = this.t.contacts;
    const p = row.person;
    const at = this.now(row);
    const values = t.blank();
    const set = (c: string, v: unknown) => (values[t.at(c)] = v);
    set('id', id);
    set('workspace_id', this.o.workspaceId);
    set('contact_code', this.mintCode());
    set('first_name', p.firstName);
    set('last_name', p.lastName);
    set('email', p.email);
    set('email_valid', p.emailValid ? 1 : 0);
    set('phone', p.phone);
    set('phone_raw', p.phoneRaw);
    set('phone_status', p.phoneStatus);
    set('phone_issue', p.phoneIssue);
    set('address', p.address);
    set('city', p.city);
    set('state', p.state);
    set('zip_code', p.zipCode);
    for (const [k, v] of Object.entries(row.platformIds)) if (v !== '') set(k, v);
    set('created_at', at);
    set('updated_at', at);
    return values;
  }

  private newLead(id: string, row: LeadImportRow, contactId: string): unknown[] {
    const t = this.t.leads;
    const p = row.person;
    const contact = this.contactValues(contactId);
    const values = t.blank();
    const set = (c: string, v: unknown) => (values[t.at(c)] = v);
    const at = this.now(row);
    set('id', id);
    set('workspace_id', this.o.workspaceId);
    set('contact_id', contactId);
    set('first_name', p.firstName || String(contact.first_name ?? ''));
    set('last_name', p.lastName || String(contact.last_name ?? ''));
    set('email', p.email || String(contact.email ?? ''));
    set('phone', p.phoneStatus === 'empty' ? String(contact.phone ?? '') : p.phone);
    set('phone_status', p.phoneStatus === 'empty' ? String(contact.phone_status ?? 'empty') : p.phoneStatus);
    set('address', p.address);
    set('city', p.city);
    set('state', p.state);
    set('zip_code', p.zipCode);
    for (const k of LEAD_FIELDS) set(k, row.lead[k]);
    set('status', row.lead.status ?? 'new');
    set('owner_user_id', row.lead.owner_user_id);
    set('external_source', this.o.externalSource);
    set('external_id', row.externalId);
    set('created_at', at);
    set('updated_at', at);
    this.chunk.events.push(this.createdEvent(id, at));
    return values;
  }

  private createdEvent(leadId: string, at: string): unknown[] {
    const t = this.t.events;
    const values = t.blank();
    values[t.at('id')] = uuidv7();
    values[t.at('workspace_id')] = this.o.workspaceId;
    values[t.at('lead_id')] = leadId;
    values[t.at('event_type')] = 'created';
    values[t.at('event_data')] = JSON.stringify({ changes: {}, note: `imported from ${this.o.fileName}`, importBatchId: this.o.batchId });
    values[t.at('actor_user_id')] = this.o.writer?.actorUserId ?? null;
    values[t.at('created_at')] = at;
    values[t.at('updated_at')] = at;
    return values;
  }

  /** The row's own creation time when the file gives one (an export's "Create Date"), else now. */
  private now(row: LeadImportRow): string {
    return row.lead.created_at ?? this.o.writer?.now() ?? new Date().toISOString();
  }

  /** The contact as it stands: pending in this chunk, or stored. */
  private contactValues(id: string): Values {
    const pending = this.chunk.contacts.get(id);
    if (pending) return Object.fromEntries(this.t.contacts.columns.map((c, i) => [c, pending[i]]));
    const stored = (prepared(this.o.db, 'SELECT * FROM contacts WHERE id = ?').get(id) as Values | undefined) ?? {};
    return { ...stored, ...this.chunk.contactUpdates.get(id) };
  }

  /** Non-blank file values the contact lacks or has otherwise; identity (phone, email) only fills blanks. */
  private patchContact(id: string, row: LeadImportRow): boolean {
    const p = row.person;
    const current = this.contactValues(id);
    const patch: Values = {};
    const file: Values = { first_name: p.firstName, last_name: p.lastName, address: p.address, city: p.city, state: p.state, zip_code: p.zipCode };
    for (const c of CONTACT_OVERWRITE) if (file[c] !== '' && file[c] !== current[c]) patch[c] = file[c];
    if (p.email !== '' && current.email === '') Object.assign(patch, { email: p.email, email_valid: p.emailValid ? 1 : 0 });
    if (p.phoneStatus === 'valid' && current.phone_status !== 'valid') Object.assign(patch, { phone: p.phone, phone_raw: p.phoneRaw, phone_status: 'valid', phone_issue: null });
    for (const [k, v] of Object.entries(row.platformIds)) if (v !== '' && (current[k] ?? null) === null) patch[k] = v;
    return this.applyPatch('contacts', id, patch);
  }

  private patchLead(id: string, row: LeadImportRow, contactId: string): boolean {
    const pending = this.chunk.leads.get(id);
    const t = this.t.leads;
    const current: Values = pending
      ? Object.fromEntries(t.columns.map((c, i) => [c, pending[i]]))
      : { ...((prepared(this.o.db, 'SELECT * FROM leads WHERE id = ?').get(id) as Values | undefined) ?? {}), ...this.chunk.leadUpdates.get(id) };
    const p = row.person;
    const file: Values = { first_name: p.firstName, last_name: p.lastName, address: p.address, city: p.city, state: p.state, zip_code: p.zipCode };
    for (const k of LEAD_FIELDS) file[k] = row.lead[k];
    if (row.lead.status) file.status = row.lead.status;
    if (row.lead.owner_user_id) file.owner_user_id = row.lead.owner_user_id;
    if (p.email !== '') file.email = p.email;
    if (p.phoneStatus !== 'empty') Object.assign(file, { phone: p.phone, phone_status: p.phoneStatus });
    const patch: Values = {};
    for (const [c, v] of Object.entries(file)) if (v !== '' && v !== null && v !== current[c]) patch[c] = v;
    if (current.contact_id !== contactId) patch.contact_id = contactId;
    return this.applyPatch('leads', id, patch);
  }

  /** Records a patch: merged into the pending insert of this chunk, or into its update. */
  private applyPatch(table: 'contacts' | 'leads', id: string, patch: Values): boolean {
    if (Object.keys(patch).length === 0) return false;
    const pending = (table === 'contacts' ? this.chunk.contacts : this.chunk.leads).get(id);
    const t = table === 'contacts' ? this.t.contacts : this.t.leads;
    if (pending) {
      for (const [c, v] of Object.entries(patch)) pending[t.at(c)] = v;
      return true;
    }
    const updates = table === 'contacts' ? this.chunk.contactUpdates : this.chunk.leadUpdates;
    updates.set(id, { ...updates.get(id), ...patch });
    return true;
  }

  private mintCode(): string {
    const exists = prepared(this.o.db, 'SELECT 1 FROM contacts WHERE workspace_id = ? AND contact_code = ?');
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = (this.o.randomCode ?? randomContactCode)();
      if (this.chunk.codes.has(code) || exists.get(this.o.workspaceId, code)) continue;
      this.chunk.codes.add(code);
      return code;
    }
    // A crowded workspace: walk the taken codes from a random point to the first free one.
    const code = this.freeCodeAfter(Number((this.o.randomCode ?? randomContactCode)())) ?? this.freeCodeAfter(CONTACT_CODE_MIN);
    if (code === null) {
      throw new Error(`This workspace has used all ${CONTACT_CODE_SPACE.toLocaleString('en-US')} six-digit contact codes, one per person; import the rest into another workspace`);
    }
    this.chunk.codes.add(code);
    return code;
  }

  private freeCodeAfter(start: number): string | null {
    const taken = prepared(this.o.db, 'SELECT contact_code FROM contacts WHERE workspace_id = ? AND contact_code >= ? ORDER BY contact_code LIMIT 2000').pluck();
    let candidate = start;
    while (candidate < CONTACT_CODE_MIN + CONTACT_CODE_SPACE) {
      const codes = taken.all(this.o.workspaceId, String(candidate)) as string[];
      for (const c of codes) {
        const n = Number(c);
        while (candidate < n) {
          if (!this.chunk.codes.has(String(candidate))) return String(candidate);
          candidate++;
        }
        candidate = n + 1;
      }
      if (codes.length < 2000) {
        while (candidate < CONTACT_CODE_MIN + CONTACT_CODE_SPACE && this.chunk.codes.has(String(candidate))) candidate++;
        return candidate < CONTACT_CODE_MIN + CONTACT_CODE_SPACE ? String(candidate) : null;
      }
    }
    return null;
  }

  private flush(w: Writer): void {
    const c = this.chunk;
    bulkInsert(w, this.t.contacts, [...c.contacts.values()]);
    bulkInsert(w, this.t.leads, [...c.leads.values()]);
    const updatedContacts = this.update(w, 'contacts', c.contactUpdates);
    const updatedLeads = this.update(w, 'leads', c.leadUpdates);
    bulkInsert(w, this.t.events, c.events);
    const record = (table: string, action: 'created' | 'updated', rows: unknown[]) => {
      if (rows.length) prepared(w.db, 'INSERT INTO import_batch_rows (batch_id, seq, table_name, action, rows) VALUES (?, ?, ?, ?, ?)').run(this.o.batchId, ++this.seq, table, action, JSON.stringify(rows));
    };
    record('contacts', 'created', [...c.contacts.keys()]);
    record('leads', 'created', [...c.leads.keys()]);
    record('lead_events', 'created', c.events.map((e) => e[this.t.events.at('id')]));
    record('contacts', 'updated', updatedContacts);
    record('leads', 'updated', updatedLeads);
  }

  /** Updates through the write path; returns [id, previous values of what changed] for undo. */
  private update(w: Writer, table: 'contacts' | 'leads', updates: Map<string, Values>): unknown[] {
    const t = table === 'contacts' ? contacts : leads;
    const out: unknown[] = [];
    for (const [id, patch] of updates) {
      const result = updateRow(w, t, id, toProps(t, patch) as never);
      if (!result || result.changed.length === 0) continue;
      const before = result.before as Record<string, unknown>;
      const previous: Values = {};
      for (const prop of result.changed) previous[prop] = before[prop] ?? null;
      // Undo in a never-synced workspace puts the row back exactly, its time stamp included.
      previous.updatedAt = before.updatedAt;
      out.push([id, previous]);
      if (table === 'leads') this.chunk.events.push(this.updatedEvent(w, id, before, result.after as Record<string, unknown>, result.changed));
    }
    return out;
  }

  private updatedEvent(w: Writer, leadId: string, before: Record<string, unknown>, after: Record<string, unknown>, changed: string[]): unknown[] {
    const changes: Record<string, [unknown, unknown]> = {};
    for (const prop of changed) if (prop !== 'updatedAt') changes[prop] = [before[prop] ?? null, after[prop] ?? null];
    const at = w.now();
    const e = this.t.events;
    const values = e.blank();
    values[e.at('id')] = uuidv7();
    values[e.at('workspace_id')] = this.o.workspaceId;
    values[e.at('lead_id')] = leadId;
    values[e.at('event_type')] = 'updated';
    values[e.at('event_data')] = JSON.stringify({ changes, note: `updated by the import of ${this.o.fileName}`, importBatchId: this.o.batchId });
    values[e.at('actor_user_id')] = w.actorUserId;
    values[e.at('created_at')] = at;
    values[e.at('updated_at')] = at;
    return values;
  }
}

function newChunk(): Chunk {
  return { contacts: new Map(), leads: new Map(), events: [], contactUpdates: new Map(), leadUpdates: new Map(), codes: new Set() };
}

/** Column-name patch to the drizzle property names updateRow takes. */
function toProps(table: typeof contacts | typeof leads, patch: Values): Values {
  const { propertyOf } = tableMeta(table);
  const out: Values = {};
  for (const [column, value] of Object.entries(patch)) {
    const prop = propertyOf.get(column);
    if (!prop) throw new Error(`No column ${column}`);
    out[prop] = column === 'email_valid' ? value === 1 || value === true : value;
  }
  return out;
}
