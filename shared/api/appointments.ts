// Booking an appointment from a lead (Step 5's review flow; Step 6 adds routing, reschedule,
// cancel and outcomes on the same records). A rep is never double-booked.
import { z } from 'zod';
import { method } from './contract';
import { Id, IsoDateTime, Text } from './common';

export const APPOINTMENT_TYPES = ['consultation', 'home_consultation', 'policy_review', 'follow_up', 'demo'] as const;

export const BookInput = z
  .object({
    leadId: Id,
    scheduledAt: IsoDateTime,
    durationMinutes: z.number().int().min(15, 'at least 15 minutes').max(480, 'at most 8 hours').default(60),
    appointmentType: z.enum(APPOINTMENT_TYPES).default('consultation'),
    /** The rep who takes it; the person booking when absent. */
    assignedUserId: Id.optional(),
    locationType: z.enum(['in_home', 'video', 'phone', 'office']).default('video'),
    notes: Text(2000).default(''),
  })
  .strict();

export interface Appointment {
  id: string;
  workspaceId: string;
  leadId: string | null;
  contactId: string;
  appointmentType: string;
  scheduledAt: string;
  durationMinutes: number;
  status: string;
  locationType: string | null;
  assignedUserId: string | null;
  assignedName: string | null;
  notes: string;
  createdAt: string;
}

export const appointmentsApi = {
  'appointments.book': method(BookInput).returns<Appointment>(),
  'appointments.forLead': method(z.object({ leadId: Id }).strict()).returns<Appointment[]>(),
};
