// Appointments booked here: one write path, an event per change, and no rep booked twice at once
// (appointments that still hold the time: scheduled or confirmed).
import type { Appointment } from '../../shared/api/appointments';
import { AppError } from '../../shared/api/contract';
import { prepared, type AppDb } from '../connection';
import { appointmentEvents, appointments } from '../schema';
import { insertRow, transaction, type Writer } from '../write';

const SELECT = `SELECT a.id, a.workspace_id AS workspaceId, a.lead_id AS leadId, a.contact_id AS contactId, a.appointment_type AS appointmentType,
  a.scheduled_at AS scheduledAt, a.duration_minutes AS durationMinutes, a.status, a.location_type AS locationType, a.assigned_user_id AS assignedUserId,
  (SELECT display_name FROM users u WHERE u.id = a.assigned_user_id) AS assignedName, a.notes, a.created_at AS createdAt FROM appointments a`;

export const HOLDING_STATUSES = ['scheduled', 'confirmed'] as const;

/** The rep's appointment that overlaps [start, start + minutes), if any. */
export function overlapping(db: AppDb, userId: string, startIso: string, minutes: number): Appointment | null {
  const row = prepared(
    db,
    `${SELECT} WHERE a.assigned_user_id = ? AND a.deleted_at IS NULL AND a.status IN ('scheduled', 'confirmed')
       AND julianday(a.scheduled_at) < julianday(?) + ? / 1440.0 AND julianday(a.scheduled_at) + a.duration_minutes / 1440.0 > julianday(?)
     ORDER BY a.scheduled_at LIMIT 1`,
  ).get(userId, startIso, minutes, startIso) as Appointment | undefined;
  return row ?? null;
}

export interface Booking {
  workspaceId: string;
  leadId: string;
  contactId: string;
  scheduledAt: string;
  durationMinutes: number;
  appointmentType: string;
  assignedUserId: string;
  locationType: string;
  notes: string;
}

export function bookAppointment(w: Writer, b: Booking): Appointment {
  return transaction(w.db, () => {
    const clash = overlapping(w.db, b.assignedUserId, b.scheduledAt, b.durationMinutes);
    if (clash) {
      throw new AppError('conflict', `scheduledAt: ${clash.assignedName ?? 'the rep'} already has an appointment from ${clash.scheduledAt} for ${clash.durationMinutes} minutes`, [
        { field: 'scheduledAt', message: 'the rep is already booked at that time' },
      ]);
    }
    const row = insertRow(w, appointments, {
      workspaceId: b.workspaceId,
      leadId: b.leadId,
      contactId: b.contactId,
      appointmentType: b.appointmentType,
      scheduledAt: new Date(b.scheduledAt).toISOString(),
      durationMinutes: b.durationMinutes,
      status: 'scheduled',
      locationType: b.locationType,
      notes: b.notes,
      assignedUserId: b.assignedUserId,
      createdBy: w.actorUserId,
      routingExplanation: JSON.stringify({ why: 'chosen by the person booking' }),
    });
    insertRow(w, appointmentEvents, { workspaceId: b.workspaceId, appointmentId: row.id, eventType: 'created', eventDescription: 'Appointment booked', newValue: row.scheduledAt, performedBy: w.actorUserId });
    return getAppointment(w.db, row.id)!;
  });
}

export function getAppointment(db: AppDb, id: string): Appointment | null {
  return (prepared(db, `${SELECT} WHERE a.id = ?`).get(id) as Appointment | undefined) ?? null;
}

export function appointmentsForLead(db: AppDb, leadId: string): Appointment[] {
  return prepared(db, `${SELECT} WHERE a.lead_id = ? AND a.deleted_at IS NULL ORDER BY a.scheduled_at DESC`).all(leadId) as Appointment[];
}
