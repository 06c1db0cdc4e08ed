// Merging two contacts that are one person, and undoing it. Everything goes through the write path
// in one transaction, so the merge syncs as ordinary row changes and a crash leaves all or nothing.
//
// The survivor ("winner") takes every live row that pointed at the other contact, and fills its
// blank fields from it (never overwriting, the dedup rules of contacts.ts). The other ("loser") is
// tombstoned with merged_into_id, keeping its contact code, so old links resolve to the survivor.
// The "merged" event on the survivor lists every row moved and every field filled, which is what
// undo puts back. Tombstoned children (a voided sale) stay where they are: the write path writes
// live rows only, and a deleted row's history is not the survivor's business.
import type { MergeCounts, MergePreview, MergeResult, UndoMergeResult } from '../../shared/api/contact360';
import { AppError } from '../../shared/api/contract';
import { prepared, type AppDb } from '../connection';
import { analyticsEvents, appointments, calls, contactEvents, contacts, conversions, leads, workspaceTracking } from '../schema';
import type { SyncedTable } from '../synced-tables';
import { deleteRow, insertRow, restoreRow, rowFromDriver, transaction, updateRow, type Writer } from '../write';
import { anyContactRow, contactName } from './contact-360';
import { fillBlanks, toContact } from './contacts';

type ContactRow = typeof contacts.$inferSelect;

/**
 * Every synced table with a contact_id, and its key in MergeCounts. A test checks this list
 * against the schema, so a new table with a contact_id cannot be forgotten here.
 */
export const MERGE_CHILD_TABLES: readonly { key: keyof MergeCounts; name: string; table: SyncedTable }[] = [
  { key: 'leads', name: 'leads', table: leads },
  { key: 'calls', name: 'calls', table: calls },
  { key: 'appointments', name: 'appointments', table: appointments },
  { key: 'conversions', name: 'conversions', table: conversions },
  { key: 'analyticsEvents', name: 'analytics_events', table: analyticsEvents },
  // The absorbed contact's own history joins the survivor's timeline.
  { key: 'contactEvents', name: 'contact_events', table: contactEvents },
  { key: 'tracking', name: 'workspace_tracking', table: workspaceTracking },
];

const emptyCounts = (): MergeCounts => ({ leads: 0, calls: 0, appointments: 0, conversions: 0, analyticsEvents: 0, contactEvents: 0, tracking: 0 });

/** Identifiers from other platforms (seed 000): filled so a re-import matches the survivor. */
const EXTERNAL_FIELDS = ['ownerUserId', 'webhookId', 'calendarStatus', 'clickfunnelsId', 'keapId', 'manychatId', 'hubspotId'] as const;
/** Fields a person sees side by side in the merge preview. */
const COMPARED_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'address', 'city', 'state', 'zipCode', ...EXTERNAL_FIELDS] as const;
/** Columns that are filled (and restored) together: a phone and its raw text and status. */
const FIELD_GROUPS: readonly (readonly string[])[] = [['phone', 'phoneRaw', 'phoneStatus', 'phoneIssue'], ['email', 'emailValid']];

export interface MergeEventData {
  winner: { id: string; contactCode: string; name: string };
  loser: { id: string; contactCode: string; name: string };
  counts: MergeCounts;
  /** Row ids moved, by table name. */
  moved: Record<string, string[]>;
  /** Survivor fields filled: property -> [before, after]. */
  filled: Record<string, [unknown, unknown]>;
  /** Blank person fields of moved leads filled from the survivor: lead id -> property -> [before, after]. */
  leadFills: Record<string, Record<string, [unknown, unknown]>>;
  undoneAt?: string;
  undoneBy?: string | null;
}

const who = (row: ContactRow) => ({ id: row.id, contactCode: row.contactCode, name: contactName(row) });

/** Refuses what cannot be merged, naming the contact and the reason. */
function checkPair(db: AppDb, winner: ContactRow | null, loser: ContactRow | null, winnerId: string, loserId: string): asserts winner is ContactRow {
  if (winnerId === loserId) throw new AppError('invalid_input', 'loserId: cannot merge a contact into itself', [{ field: 'loserId', message: 'cannot merge a contact into itself' }]);
  if (!winner) throw new AppError('not_found', 'No such contact (winnerId)');
  if (!loser) throw new AppError('not_found', 'No such contact (loserId)');
  if (winner.workspaceId !== loser.workspaceId) {
    throw new AppError('invalid_input', 'loserId: the contacts are in different workspaces; only contacts of one workspace can be merged', [
      { field: 'loserId', message: 'is in another workspace' },
    ]);
  }
  for (const [row, field] of [[winner, 'winnerId'], [loser, 'loserId']] as const) {
    if (!row.deletedAt) continue;
    const into = row.mergedIntoId ? anyContactRow(db, row.mergedIntoId)?.contactCode ?? 'another contact' : null;
    throw new AppError('conflict', into ? `${field}: contact #${row.contactCode} was already merged into #${into}` : `${field}: contact #${row.contactCode} is deleted`, [
      { field, message: into ? 'already merged' : 'deleted' },
    ]);
  }
}

interface Plan {
  winner: ContactRow;
  loser: ContactRow;
  fill: Partial<ContactRow>;
  childIds: Map<string, string[]>;
  counts: MergeCounts;
}

function plan(db: AppDb, winnerId: string, loserId: string): Plan {
  const winner = anyContactRow(db, winnerId);
  const loser = anyContactRow(db, loserId);
  checkPair(db, winner, loser, winnerId, loserId);
  const l = loser!;
  const fill: Partial<ContactRow> = fillBlanks(winner, l);
  for (const key of EXTERNAL_FIELDS) if ((winner[key] ?? '') === '' && (l[key] ?? '') !== '') (fill as Record<string, unknown>)[key] = l[key];
  const childIds = new Map<string, string[]>();
  const counts = emptyCounts();
  for (const child of MERGE_CHILD_TABLES) {
    const ids = prepared(db, `SELECT id FROM "${child.name}" WHERE workspace_id = ? AND contact_id = ? AND deleted_at IS NULL ORDER BY id`).pluck().all(l.workspaceId, l.id) as string[];
    childIds.set(child.name, ids);
    counts[child.key] = ids.length;
  }
  return { winner, loser: l, fill, childIds, counts };
}

const shown = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function previewMerge(db: AppDb, winnerId: string, loserId: string): MergePreview {
  const p = plan(db, winnerId, loserId);
  const fills = Object.entries(p.fill)
    .filter(([k]) => (COMPARED_FIELDS as readonly string[]).includes(k))
    .map(([field, to]) => ({ field, from: shown(p.winner[field as keyof ContactRow]) || null, to: shown(to) || null }));
  const conflicts = COMPARED_FIELDS.filter((f) => !(f in p.fill))
    .map((field) => ({ field, winner: shown(p.winner[field]), loser: shown(p.loser[field]) }))
    .filter((c) => c.winner !== '' && c.loser !== '' && c.winner !== c.loser);
  return { winner: toContact(p.winner), loser: toContact(p.loser), moves: p.counts, fills, conflicts };
}

/** Blank person fields of a lead the survivor can supply, as createLead fills a new lead's. */
function leadFillFor(lead: typeof leads.$inferSelect, winner: ContactRow): Partial<typeof leads.$inferInsert> {
  const patch: Partial<typeof leads.$inferInsert> = {};
  if (lead.firstName === '' && winner.firstName !== '') patch.firstName = winner.firstName;
  if (lead.lastName === '' && winner.lastName !== '') patch.lastName = winner.lastName;
  if (lead.email === '' && winner.email !== '') patch.email = winner.email;
  if (lead.phoneStatus === 'empty' && winner.phoneStatus !== 'empty') {
    patch.phone = winner.phone;
    patch.phoneStatus = winner.phoneStatus;
  }
  return patch;
}

function pairs(before: Record<string, unknown>, after: Record<string, unknown>, keys: string[]): Record<string, [unknown, unknown]> {
  return Object.fromEntries(keys.filter((k) => k !== 'updatedAt').map((k) => [k, [before[k] ?? null, after[k] ?? null]]));
}

export function mergeContacts(w: Writer, winnerId: string, loserId: string): MergeResult {
  return transaction(w.db, () => {
    const p = plan(w.db, winnerId, loserId);
    const filledResult = Object.keys(p.fill).length > 0 ? updateRow(w, contacts, p.winner.id, p.fill) : null;
    const winner = filledResult?.after ?? p.winner;
    const moved: Record<string, string[]> = {};
    const leadFills: MergeEventData['leadFills'] = {};
    for (const child of MERGE_CHILD_TABLES) {
      const ids = p.childIds.get(child.name)!;
      moved[child.name] = ids;
      for (const id of ids) {
        const result = updateRow(w, child.table, id, { contactId: winner.id } as never);
        if (child.name === 'leads' && result) {
          const lead = result.after as typeof leads.$inferSelect;
          const patch = leadFillFor(lead, winner);
          if (Object.keys(patch).length === 0) continue;
          const filled = updateRow(w, leads, id, patch);
          if (filled) leadFills[id] = pairs(filled.before as Record<string, unknown>, filled.after as Record<string, unknown>, filled.changed);
        }
      }
    }
    updateRow(w, contacts, p.loser.id, { mergedIntoId: winner.id });
    deleteRow(w, contacts, p.loser.id);
    const data: MergeEventData = {
      winner: who(winner),
      loser: who(p.loser),
      counts: p.counts,
      moved,
      filled: filledResult ? pairs(filledResult.before as Record<string, unknown>, filledResult.after as Record<string, unknown>, filledResult.changed) : {},
      leadFills,
    };
    const event = insertRow(w, contactEvents, { workspaceId: winner.workspaceId, contactId: winner.id, eventType: 'merged', eventData: JSON.stringify(data), actorUserId: w.actorUserId });
    insertRow(w, contactEvents, {
      workspaceId: winner.workspaceId,
      contactId: p.loser.id,
      eventType: 'merged_into',
      eventData: JSON.stringify({ winner: data.winner, mergeEventId: event.id }),
      actorUserId: w.actorUserId,
    });
    return { mergeEventId: event.id, winner: toContact(winner), moved: p.counts, filled: Object.keys(data.filled) };
  });
}

/** Puts back what a merge changed, as far as later edits allow; refuses a second undo. */
export function undoMerge(w: Writer, mergeEventId: string): UndoMergeResult {
  return transaction(w.db, () => {
    const ev = prepared(w.db, `SELECT * FROM contact_events WHERE id = ? AND deleted_at IS NULL`).get(mergeEventId) as { event_type: string; event_data: string } | undefined;
    if (!ev || ev.event_type !== 'merged') throw new AppError('not_found', 'No such merge');
    const data = JSON.parse(ev.event_data) as MergeEventData;
    if (data.undoneAt) throw new AppError('conflict', `This merge of #${data.loser.contactCode} into #${data.winner.contactCode} was already undone`);
    const winner = anyContactRow(w.db, data.winner.id);
    const loser = anyContactRow(w.db, data.loser.id);
    if (!winner || !loser) throw new AppError('not_found', 'A contact of this merge no longer exists on this device');
    if (winner.deletedAt) {
      const into = winner.mergedIntoId ? anyContactRow(w.db, winner.mergedIntoId)?.contactCode : null;
      throw new AppError('conflict', into ? `#${winner.contactCode} was merged into #${into} since; undo that merge first` : `#${winner.contactCode} has been deleted since`);
    }
    if (!loser.deletedAt || loser.mergedIntoId !== winner.id) throw new AppError('conflict', `#${loser.contactCode} is no longer merged into #${winner.contactCode}`);

    restoreRow(w, contacts, loser.id);
    updateRow(w, contacts, loser.id, { mergedIntoId: null });

    const movedBack = emptyCounts();
    let skipped = 0;
    for (const child of MERGE_CHILD_TABLES) {
      const ids = data.moved[child.name] ?? [];
      if (ids.length === 0) continue;
      // Only rows that still point at the survivor: one moved elsewhere since stays where it is.
      const still = new Set(
        prepared(w.db, `SELECT id FROM "${child.name}" WHERE id IN (SELECT value FROM json_each(?)) AND contact_id = ? AND deleted_at IS NULL`)
          .pluck()
          .all(JSON.stringify(ids), winner.id) as string[],
      );
      skipped += ids.length - still.size;
      for (const id of ids) {
        if (!still.has(id)) continue;
        updateRow(w, child.table, id, { contactId: loser.id } as never);
        movedBack[child.key]++;
        const fills = child.name === 'leads' ? data.leadFills[id] : undefined;
        if (fills) updateRow(w, leads, id, restorable(liveRow(w.db, 'leads', id), fills).patch);
      }
    }

    const { patch, restored, kept } = restorable(liveRow(w.db, 'contacts', winner.id), data.filled);
    const after = Object.keys(patch).length > 0 ? updateRow(w, contacts, winner.id, patch)!.after : anyContactRow(w.db, winner.id)!;

    const at = w.now();
    updateRow(w, contactEvents, mergeEventId, { eventData: JSON.stringify({ ...data, undoneAt: at, undoneBy: w.actorUserId }) });
    const note = { mergeEventId, winner: data.winner, loser: data.loser, movedBack };
    insertRow(w, contactEvents, { workspaceId: winner.workspaceId, contactId: winner.id, eventType: 'unmerged', eventData: JSON.stringify(note), actorUserId: w.actorUserId });
    insertRow(w, contactEvents, { workspaceId: winner.workspaceId, contactId: loser.id, eventType: 'unmerged', eventData: JSON.stringify(note), actorUserId: w.actorUserId });
    return { winner: toContact(after), loser: toContact(anyContactRow(w.db, loser.id)!), movedBack, skipped, restoredFields: restored, keptFields: kept };
  });
}

/** A row as property values (to compare with a merge's recorded [before, after]). */
function liveRow(db: AppDb, table: 'contacts' | 'leads', id: string): Record<string, unknown> {
  const raw = prepared(db, `SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, unknown>;
  return table === 'contacts' ? rowFromDriver(contacts, raw) : rowFromDriver(leads, raw);
}

/**
 * Fields whose current value is still the one the merge wrote go back to what they were; a field
 * edited since keeps the edit. Grouped columns (a phone and its status) go back together or not at all.
 */
function restorable(current: Record<string, unknown>, filled: Record<string, [unknown, unknown]>): { patch: Record<string, unknown>; restored: string[]; kept: string[] } {
  const patch: Record<string, unknown> = {};
  const restored: string[] = [];
  const kept: string[] = [];
  const done = new Set<string>();
  for (const key of Object.keys(filled)) {
    if (done.has(key)) continue;
    const group = (FIELD_GROUPS.find((g) => g.includes(key)) ?? [key]).filter((k) => k in filled);
    group.forEach((k) => done.add(k));
    const unchanged = group.every((k) => (current[k] ?? null) === (filled[k]![1] ?? null));
    if (unchanged) {
      for (const k of group) patch[k] = filled[k]![0];
      restored.push(group[0]!);
    } else kept.push(group[0]!);
  }
  return { patch, restored, kept };
}

/**
 * Rows that point at a contact merged away (queued by the triggers of migration 0014: a laptop
 * offline during the merge added a call to the absorbed contact, or its rows were here before the
 * merge arrived) move to the survivor, the end of the chain of merges, through the write path so
 * the move syncs. Each is added to the record of the merge that made the survivor, so undoing that
 * merge takes it back too. Runs after a sync; returns how many rows moved.
 */
export function adoptMergedChildren(w: Writer): number {
  if (!prepared(w.db, 'SELECT 1 FROM merge_orphans LIMIT 1').get()) return 0;
  return transaction(w.db, () => {
    const queued = prepared(w.db, 'SELECT table_name AS tableName, row_id AS rowId FROM merge_orphans ORDER BY table_name, row_id').all() as { tableName: string; rowId: string }[];
    const records = new Map<string, MergeEventData>();
    let moved = 0;
    for (const { tableName, rowId } of queued) {
      const child = MERGE_CHILD_TABLES.find((c) => c.name === tableName);
      const contactId = child && (prepared(w.db, `SELECT contact_id FROM "${child.name}" WHERE id = ? AND deleted_at IS NULL`).pluck().get(rowId) as string | null | undefined);
      if (!child || !contactId) continue;
      // Follow the chain: the survivor is the first live contact; `absorbed` the one merged into it.
      let absorbed = anyContactRow(w.db, contactId);
      let survivor = absorbed;
      for (let hops = 0; survivor && survivor.deletedAt && survivor.mergedIntoId && hops < 20; hops++) {
        absorbed = survivor;
        survivor = anyContactRow(w.db, survivor.mergedIntoId);
      }
      if (!absorbed || !survivor || survivor.deletedAt || survivor.id === contactId) continue; // not merged (since undone), or merged into a deleted contact
      updateRow(w, child.table, rowId, { contactId: survivor.id } as never);
      moved++;
      const record = mergeRecord(w.db, survivor.id, absorbed.id, records);
      if (record) {
        (record.moved[child.name] ??= []).push(rowId);
        record.counts[child.key]++;
      }
    }
    for (const [id, data] of records) updateRow(w, contactEvents, id, { eventData: JSON.stringify(data) });
    prepared(w.db, 'DELETE FROM merge_orphans').run();
    return moved;
  });
}

/** The latest live, not undone "merged" event of `survivor` absorbing `absorbed`: parsed once per call, then edited in `records`. */
function mergeRecord(db: AppDb, survivorId: string, absorbedId: string, records: Map<string, MergeEventData>): MergeEventData | null {
  const events = prepared(db, `SELECT id, event_data FROM contact_events WHERE contact_id = ? AND event_type = 'merged' AND deleted_at IS NULL ORDER BY created_at DESC, id DESC`).all(survivorId) as { id: string; event_data: string }[];
  for (const e of events) {
    const data = records.get(e.id) ?? (JSON.parse(e.event_data) as MergeEventData);
    if (data.loser.id !== absorbedId || data.undoneAt) continue;
    records.set(e.id, data);
    return data;
  }
  return null;
}
