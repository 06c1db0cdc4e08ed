// A CSV record of an appointments import: the person and the appointment (time, length, kind,
// status, place, who it is assigned to).
import type { NormalizedPerson } from '../queries/contacts';
import type { LeadRowContext } from './lead-rows';
import type { RowProblem } from './row-values';
import { readPerson, readUser } from './sink-shared';

export interface AppointmentImportRow {
  row: number;
  person: NormalizedPerson;
  appointment: {
    scheduledAt: string;
    durationMinutes: number | null;
    appointmentType: string;
    status: string;
    locationType: string | null;
    locationAddress: string | null;
    notes: string;
    assignedUserId: string | null;
    outcome: string | null;
  };
}

export function readAppointmentRow(record: readonly string[], row: number, ctx: LeadRowContext, problems: RowProblem[]): AppointmentImportRow | null {
  const { reader } = ctx;
  const before = problems.length;
  const text = (key: Parameters<typeof reader.text>[1]) => reader.text(record, key);
  const person = readPerson(record, row, reader, ctx.defaultCountry, problems);
  const scheduledAt = reader.date(record, 'scheduled_at', row, problems);
  if (scheduledAt === null && problems.length === before) problems.push({ row, column: null, value: null, reason: 'the appointment has no time (map the Scheduled at column, or fix the row)' });
  const durationMinutes = reader.duration(record, 'duration_minutes', 'minutes', row, problems);
  if (durationMinutes !== null && (durationMinutes < 1 || durationMinutes > 24 * 60)) problems.push({ row, column: null, value: String(durationMinutes), reason: 'an appointment lasts from 1 minute to 24 hours' });
  const assignedUserId = readUser(record, 'assigned_email', row, reader, ctx.users, problems);
  if (problems.length > before) return null;
  const status = text('status').toLowerCase().replace(/[\s-]+/g, '_');
  return {
    row,
    person,
    appointment: {
      scheduledAt: scheduledAt!,
      durationMinutes,
      appointmentType: text('appointment_type') || 'consultation',
      status: status || 'scheduled',
      locationType: text('location_type') || null,
      locationAddress: text('location_address') || null,
      notes: text('notes'),
      assignedUserId,
      outcome: text('outcome') || null,
    },
  };
}
