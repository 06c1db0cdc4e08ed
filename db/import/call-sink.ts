// Where a calls import lands: each row's person is found or created by the usual dedup (phone,
// then email), and its call is matched by the export's id, or without one by the person, the time
// and the kind of call; a new call is logged through the same path as the call form (traffic
// source by the workspace's rules, a 'created' event, a conversion when it is won), an existing one
// has its stage moved (with an event) and its blank-free fields updated. Every row written goes
// into the batch's record through the write path's journal, so undo covers events and sales too.
import type { CrmStage } from '../../shared/domain/crm-stage';
import { uuidv7 } from '../../shared/domain/ids';
import { prepared, type AppDb } from '../connection';
import { changeCallStage, createCall } from '../queries/calls';
import { findOrCreateContact } from '../queries/contacts';
import { trafficConfig } from '../queries/workspace-settings';
import { calls } from '../schema';
import { transaction, updateRow, type Writer } from '../write';
import { ChunkJournal } from './chunk-journal';
import type { CallImportRow } from './call-rows';
import { emptyCounts, type ImportCounts } from './lead-sink';
import { SeenKeys } from './seen-keys';
import { dryRunContact, dryRunTransaction, lastRecordSeq, newestLeadId } from './sink-shared';

export interface CallSinkOptions {
  db: AppDb;
  workspaceId: string;
  timeZone: string;
  externalSource: string;
  batchId: string;
  /** Null for a dry run. */
  writer: Writer | null;
}

interface StoredCall {
  id: string;
  crm_stage: CrmStage;
  notes: string;
  duration_seconds: number | null;
  rep_user_id: string | null;
}

export class CallSink {
  readonly counts: ImportCounts = emptyCounts();
  private readonly seen: SeenKeys;
  private readonly rules;
  private seq: number;

  constructor(private readonly o: CallSinkOptions) {
    this.seen = new SeenKeys(o.db);
    this.rules = trafficConfig(o.db, o.workspaceId).rules;
    this.seq = lastRecordSeq(o.db, o.batchId);
  }

  addChunk(rows: readonly CallImportRow[], afterWrite?: () => void): void {
    const w = this.o.writer;
    if (!w) return dryRunTransaction(this.o.db, () => rows.forEach((row) => this.dryRun(row)));
    const journal = new ChunkJournal();
    const jw: Writer = { ...w, journal };
    transaction(this.o.db, () => {
      for (const row of rows) this.commit(jw, row);
      this.seq = journal.record(this.o.db, this.o.batchId, this.seq);
      afterWrite?.();
    });
  }

  dispose(): void {
    this.seen.dispose();
  }

  private key(row: CallImportRow, contactId: string): string {
    return row.externalId !== null ? `x${row.externalId}` : `k${contactId}\u0001${row.call.scheduledAt ?? row.call.startedAt ?? ''}\u0001${row.call.callType}`;
  }

  private findCall(row: CallImportRow, contactId: string): StoredCall | null {
    const cols = 'id, crm_stage, notes, duration_seconds, rep_user_id';
    const hit =
      row.externalId !== null
        ? prepared(this.o.db, `SELECT ${cols} FROM calls WHERE workspace_id = ? AND external_source = ? AND external_id = ? AND deleted_at IS NULL LIMIT 1`).get(this.o.workspaceId, this.o.externalSource, row.externalId)
        : prepared(this.o.db, `SELECT ${cols} FROM calls WHERE contact_id = ? AND coalesce(scheduled_at, started_at, '') = ? AND call_type = ? AND deleted_at IS NULL LIMIT 1`).get(contactId, row.call.scheduledAt ?? row.call.startedAt ?? '', row.call.callType);
    return (hit as StoredCall | undefined) ?? null;
  }

  /** What an existing call would take from the row: a stage move, and fields the row fills. */
  private changes(stored: StoredCall, row: CallImportRow) {
    const patch: { notes?: string; durationSeconds?: number; repUserId?: string } = {};
    if (row.call.notes !== '' && row.call.notes !== stored.notes) patch.notes = row.call.notes;
    if (row.call.durationSeconds !== null && row.call.durationSeconds !== stored.duration_seconds) patch.durationSeconds = row.call.durationSeconds;
    if (row.call.repUserId !== null && row.call.repUserId !== stored.rep_user_id) patch.repUserId = row.call.repUserId;
    return { stage: row.call.crmStage !== stored.crm_stage ? row.call.crmStage : null, patch };
  }

  private dryRun(row: CallImportRow): void {
    const contactId = dryRunContact(this.seen, this.o.db, this.o.workspaceId, row.person);
    this.count(row, contactId, (stored) => {
      const { stage, patch } = this.changes(stored, row);
      return stage !== null || Object.keys(patch).length > 0;
    });
  }

  private commit(w: Writer, row: CallImportRow): void {
    const { contact } = findOrCreateContact(w, this.o.workspaceId, row.person);
    this.count(row, contact.id, (stored) => this.update(w, stored, row), () => this.create(w, row, contact.id));
  }

  /** Counts the row as new, a repeat of an earlier row, or an update of a stored call. */
  private count(row: CallImportRow, contactId: string, update: (stored: StoredCall) => boolean, create?: () => string): void {
    const key = this.key(row, contactId);
    const seenId = this.seen.find('l', key);
    if (seenId) {
      this.counts.duplicates++;
      return;
    }
    const stored = this.findCall(row, contactId);
    if (stored) {
      this.seen.remember('l', key, stored.id);
      if (update(stored)) this.counts.updated++;
      else this.counts.unchanged++;
      return;
    }
    this.seen.remember('l', key, create ? create() : uuidv7());
    this.counts.created++;
  }

  private create(w: Writer, row: CallImportRow, contactId: string): string {
    // Linked to the person's newest lead, as the call form suggests it.
    const leadId = newestLeadId(this.o.db, contactId);
    const c = row.call;
    const { call } = createCall(w, {
      workspaceId: this.o.workspaceId,
      timeZone: this.o.timeZone,
      contactId,
      leadId,
      repUserId: c.repUserId,
      evidence: c.evidence,
      trafficSourceOverride: null,
      rules: this.rules,
      crmStage: c.crmStage,
      scheduledAt: c.scheduledAt,
      startedAt: c.startedAt,
      durationSeconds: c.durationSeconds,
      notes: c.notes,
      saleValueCents: c.saleValueCents,
      ...(c.currency ? { currency: c.currency } : {}),
      externalSource: this.o.externalSource,
      externalId: row.externalId,
      callType: c.callType,
      legacyStatus: c.legacyStatus,
      legacyOutcome: c.legacyOutcome,
    });
    return call.id;
  }

  private update(w: Writer, stored: StoredCall, row: CallImportRow): boolean {
    const { stage, patch } = this.changes(stored, row);
    if (Object.keys(patch).length) updateRow(w, calls, stored.id, patch);
    if (stage) changeCallStage(w, stored.id, { to: stage, role: 'admin', reason: 'changed by an import', saleValueCents: row.call.saleValueCents });
    return stage !== null || Object.keys(patch).length > 0;
  }
}
