// Where an appointments import lands: the person by the usual dedup, and the appointment matched
// by the person, the time and the kind (appointments carry no export id), created with a
// 'created' event or brought up to date with an event per change.
import { prepared, type AppDb } from '../connection';
import { findOrCreateContact } from '../queries/contacts';
import { appointmentEvents, appointments } from '../schema';
import { insertRow, transaction, updateRow, type Writer } from '../write';
import type { AppointmentImportRow } from './appointment-rows';
import { ChunkJournal } from './chunk-journal';
import { emptyCounts, type ImportCounts } from './lead-sink';
import { SeenKeys } from './seen-keys';
import { dryRunContact, dryRunTransaction, lastRecordSeq, newestLeadId } from './sink-shared';

export interface AppointmentSinkOptions {
  db: AppDb;
  workspaceId: string;
  batchId: string;
  fileName: string;
  /** Null for a dry run. */
  writer: Writer | null;
}

const FIELDS = ['status', 'durationMinutes', 'locationType', 'locationAddress', 'notes', 'assignedUserId', 'outcome'] as const;
const COLUMN: Record<(typeof FIELDS)[number], string> = { status: 'status', durationMinutes: 'duration_minutes', locationType: 'location_type', locationAddress: 'location_address', notes: 'notes', assignedUserId: 'assigned_user_id', outcome: 'outcome' };

export class AppointmentSink {
  readonly counts: ImportCounts = emptyCounts();
  private readonly seen: SeenKeys;
  private seq: number;

  constructor(private readonly o: AppointmentSinkOptions) {
    this.seen = new SeenKeys(o.db);
    this.seq = lastRecordSeq(o.db, o.batchId);
  }

  addChunk(rows: readonly AppointmentImportRow[], afterWrite?: () => void): void {
    const writer = this.o.writer;
    if (!writer) return dryRunTransaction(this.o.db, () => rows.forEach((row) => this.add(null, row, dryRunContact(this.seen, this.o.db, this.o.workspaceId, row.person))));
    const journal = new ChunkJournal();
    const w: Writer = { ...writer, journal };
    transaction(this.o.db, () => {
      for (const row of rows) this.add(w, row, findOrCreateContact(w, this.o.workspaceId, row.person).contact.id);
      this.seq = journal.record(this.o.db, this.o.batchId, this.seq);
      afterWrite?.();
    });
  }

  dispose(): void {
    this.seen.dispose();
  }

  private add(w: Writer | null, row: AppointmentImportRow, contactId: string): void {
    const a = row.appointment;
    const key = `k${contactId}\u0001${a.scheduledAt}\u0001${a.appointmentType}`;
    if (this.seen.find('l', key)) {
      this.counts.duplicates++;
      return;
    }
    const stored = prepared(this.o.db, 'SELECT * FROM appointments WHERE contact_id = ? AND scheduled_at = ? AND appointment_type = ? AND deleted_at IS NULL LIMIT 1').get(contactId, a.scheduledAt, a.appointmentType) as Record<string, unknown> | undefined;
    if (stored) {
      this.seen.remember('l', key, String(stored.id));
      const patch: Record<string, unknown> = {};
      for (const f of FIELDS) {
        const value = a[f];
        if (value !== null && value !== '' && value !== stored[COLUMN[f]]) patch[f] = value;
      }
      if (Object.keys(patch).length === 0) {
        this.counts.unchanged++;
        return;
      }
      this.counts.updated++;
      if (!w) return;
      updateRow(w, appointments, String(stored.id), patch);
      for (const [f, value] of Object.entries(patch)) {
        insertRow(w, appointmentEvents, { workspaceId: this.o.workspaceId, appointmentId: String(stored.id), eventType: `${COLUMN[f as (typeof FIELDS)[number]]}_changed`, eventDescription: `changed by the import of ${this.o.fileName}`, oldValue: stored[COLUMN[f as (typeof FIELDS)[number]]] == null ? null : String(stored[COLUMN[f as (typeof FIELDS)[number]]]), newValue: String(value), performedBy: w.actorUserId });
      }
      return;
    }
    this.counts.created++;
    this.seen.remember('l', key, 'new');
    if (!w) return;
    const leadId = newestLeadId(this.o.db, contactId);
    const created = insertRow(w, appointments, {
      workspaceId: this.o.workspaceId,
      contactId,
      leadId,
      appointmentType: a.appointmentType,
      scheduledAt: a.scheduledAt,
      ...(a.durationMinutes !== null ? { durationMinutes: a.durationMinutes } : {}),
      status: a.status,
      locationType: a.locationType,
      locationAddress: a.locationAddress,
      notes: a.notes,
      assignedUserId: a.assignedUserId,
      outcome: a.outcome,
      createdBy: w.actorUserId,
    });
    insertRow(w, appointmentEvents, { workspaceId: this.o.workspaceId, appointmentId: created.id, eventType: 'created', eventDescription: `imported from ${this.o.fileName}`, newValue: a.status, performedBy: w.actorUserId, metadata: JSON.stringify({ importBatchId: this.o.batchId }) });
  }
}
