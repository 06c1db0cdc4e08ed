// Pieces every import type's reading and landing shares: the person a row is about (with the
// rule that it must say who), a dry run's lock-free transaction, the dry run's person matching
// (the file so far, then the workspace), and where a batch's record left off.
import { normalizeEmail } from '../../shared/domain/email';
import { rowIdentityProblem, type ImportFieldKey } from '../../shared/domain/import-fields';
import { uuidv7 } from '../../shared/domain/ids';
import { prepared, type AppDb } from '../connection';
import { findDuplicateId, normalizePerson, type NormalizedPerson } from '../queries/contacts';
import type { FieldReader, RowProblem } from './row-values';
import type { SeenKeys } from './seen-keys';

/** The row's person, normalized; problems added when the row names nobody or a broken email. */
export function readPerson(record: readonly string[], row: number, reader: FieldReader, defaultCountry: string, problems: RowProblem[]): NormalizedPerson {
  const text = (key: Parameters<FieldReader['text']>[1]) => reader.text(record, key);
  const identity = { email: text('email'), phone: text('phone'), first_name: text('first_name'), last_name: text('last_name'), full_name: text('full_name') };
  const missing = rowIdentityProblem(identity);
  if (missing) problems.push({ row, column: null, value: null, reason: missing });
  if (identity.email !== '' && !normalizeEmail(identity.email).valid) {
    const picked = reader.pick(record, 'email')!;
    problems.push({ row, column: reader.header(picked.column), value: picked.value, reason: 'not a valid email address' });
  }
  return normalizePerson(
    {
      firstName: identity.first_name,
      lastName: identity.last_name,
      fullName: identity.full_name,
      email: identity.email,
      phone: identity.phone,
      address: [text('address'), text('address_line_2')].filter(Boolean).join(', '),
      city: text('city'),
      state: text('state'),
      zipCode: text('zip_code'),
    },
    defaultCountry,
  );
}

/** A column naming a workspace user (owner, rep, assignee) by email or name: the user's id, or null with a problem. */
export function readUser(record: readonly string[], key: ImportFieldKey, row: number, reader: FieldReader, users: ReadonlyMap<string, string>, problems: RowProblem[]): string | null {
  const picked = reader.pick(record, key);
  if (!picked) return null;
  const id = users.get(picked.value.toLowerCase());
  if (id) return id;
  problems.push({ row, column: reader.header(picked.column), value: picked.value, reason: 'no user of this workspace has that email or name' });
  return null;
}

/** A dry run writes only its temp table: a deferred transaction takes no lock on the database. */
export function dryRunTransaction(db: AppDb, fn: () => void): void {
  db.sqlite.exec('BEGIN');
  try {
    fn();
    db.sqlite.exec('COMMIT');
  } catch (err) {
    db.sqlite.exec('ROLLBACK');
    throw err;
  }
}

/** A dry run's contact for the person: one met earlier in the file, else the workspace's, else a new id. */
export function dryRunContact(seen: SeenKeys, db: AppDb, workspaceId: string, p: NormalizedPerson): string {
  const phone = p.phoneStatus === 'valid' ? p.phone : null;
  const email = p.email !== '' ? p.email : null;
  const id = (phone && seen.find('p', phone)) || (email && seen.find('e', email)) || findDuplicateId(db, workspaceId, p)?.id || uuidv7();
  if (phone) seen.remember('p', phone, id);
  if (email) seen.remember('e', email, id);
  return id;
}

/** The last sequence of the batch's record (a commit after a dry run, or a resumed batch). */
export function lastRecordSeq(db: AppDb, batchId: string): number {
  return (prepared(db, 'SELECT coalesce(max(seq), 0) AS s FROM import_batch_rows WHERE batch_id = ?').get(batchId) as { s: number }).s;
}

/** The person's newest live lead: what an imported call, appointment or order is linked to. */
export function newestLeadId(db: AppDb, contactId: string): string | null {
  const hit = prepared(db, 'SELECT id FROM leads WHERE contact_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1').get(contactId) as { id: string } | undefined;
  return hit?.id ?? null;
}
