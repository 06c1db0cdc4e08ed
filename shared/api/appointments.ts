// Appointments (Step 6): booked from a lead and routed to a rep by the workspace's rules (a
// manager may override with a reason), rescheduled, cancelled, given an outcome (show, no-show)
// that feeds the call and show-rate figures. Every change is an appointment event. A rep is never
// double-booked on one device; bookings two laptops made offline that overlap once synced are
// "needs rebooking" (the later booking), derived the same way on every device.
import { z } from 'zod';
import type { RoutingDecision } from '../domain/routing';
import { method } from './contract';
import { Id, IsoDateTime, Text } from './common';

export const APPOINTMENT_TYPES = ['consultation', 'home_consultation', 'policy_review', 'follow_up', 'demo'] as const;
export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'completed', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const LOCATION_TYPES = ['in_home', 'video', 'phone', 'office'] as const;
/** How the rep was chosen. */
export const ROUTING_STATUSES = ['routed', 'fallback', 'unrouted', 'override', 'manual'] as const;
export type RoutingStatus = (typeof ROUTING_STATUSES)[number];

const Duration = z.number().int().min(15, 'at least 15 minutes').max(480, 'at most 8 hours');
const Reason = (what: string) => Text(500).refine((s) => s.length >= 3, `give a reason for the ${what} (at least 3 characters)`);

export const BookInput = z
  .object({
    leadId: Id,
    scheduledAt: IsoDateTime,
    durationMinutes: Duration.default(60),
    appointmentType: z.enum(APPOINTMENT_TYPES).default('consultation'),
    /**
     * The rep who takes it instead of the routed one: a manager's override (needs overrideReason).
     * In a workspace without routing rules anyone may choose; absent, the person booking takes it.
     */
    assignedUserId: Id.optional(),
    overrideReason: Text(500).optional(),
    locationType: z.enum(LOCATION_TYPES).default('video'),
    notes: Text(2000).default(''),
  })
  .strict();

export const RouteInput = z.object({ leadId: Id, scheduledAt: IsoDateTime, durationMinutes: Duration.default(60) }).strict();

export const RescheduleInput = z.object({ id: Id, scheduledAt: IsoDateTime, durationMinutes: Duration.optional(), reason: Text(500).default('') }).strict();
export const CancelInput = z.object({ id: Id, reason: Reason('cancellation') }).strict();
export const OutcomeInput = z.object({ id: Id, outcome: z.enum(['show', 'no_show']), notes: Text(2000).default('') }).strict();
export const ReassignInput = z.object({ id: Id, userId: Id, reason: Reason('reassignment') }).strict();

export const APPOINTMENT_SORTS = ['scheduledAt', 'createdAt', 'status', 'assignedName', 'contactName'] as const;
export const APPOINTMENT_QUEUES = ['all', 'upcoming', 'needs_rebooking', 'unrouted'] as const;

export const AppointmentsListInput = z
  .object({
    workspaceId: Id,
    queue: z.enum(APPOINTMENT_QUEUES).default('all'),
    /** Scheduled in [from, to). */
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    repIds: z.array(Id).max(200).optional(),
    statuses: z.array(z.enum(APPOINTMENT_STATUSES)).max(APPOINTMENT_STATUSES.length).optional(),
    search: Text(200).default(''),
    sort: z.enum(APPOINTMENT_SORTS).default('scheduledAt'),
    dir: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(2000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export interface Appointment {
  id: string;
  workspaceId: string;
  leadId: string | null;
  contactId: string;
  contactName: string;
  leadType: string | null;
  zip: string;
  appointmentType: string;
  scheduledAt: string;
  durationMinutes: number;
  status: string;
  outcome: string | null;
  locationType: string | null;
  assignedUserId: string | null;
  assignedName: string | null;
  routingStatus: RoutingStatus | null;
  routingRuleId: string | null;
  /** One sentence: why this rep (or why nobody yet). */
  routingReason: string;
  /** Another booking of the same rep overlaps and was made first (seen once two laptops synced). */
  needsRebooking: boolean;
  notes: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What is stored with the appointment: the routing decision, and an override on top of it. */
export interface StoredRouting {
  decision: RoutingDecision | null;
  /** A manager chose another rep. */
  override: { byUserId: string; byName: string; reason: string; routedRepId: string | null } | null;
  /** "chosen by the person booking" and the like, where no decision was made. */
  note: string | null;
  at: string;
}

export interface AppointmentEventView {
  id: string;
  eventType: string;
  description: string;
  oldValue: string | null;
  newValue: string | null;
  performedByName: string | null;
  createdAt: string;
}

export interface AppointmentDetail {
  appointment: Appointment;
  routing: StoredRouting | null;
  events: AppointmentEventView[];
  /** The earlier booking it clashes with, when it needs rebooking. */
  clashesWith: Appointment | null;
  /** The call that carries its outcome into the call and show-rate figures. */
  callId: string | null;
}

export interface AppointmentsPage {
  rows: Appointment[];
  total: number;
  /** Per queue, for the tabs. */
  counts: { needsRebooking: number; unrouted: number; upcoming: number };
}

export const appointmentsApi = {
  'appointments.book': method(BookInput).returns<AppointmentDetail>(),
  /** The decision booking would make now, without booking: the rep and why. */
  'appointments.route': method(RouteInput).returns<RoutingDecision>(),
  'appointments.forLead': method(z.object({ leadId: Id }).strict()).returns<Appointment[]>(),
  'appointments.get': method(z.object({ id: Id }).strict()).returns<AppointmentDetail>(),
  'appointments.list': method(AppointmentsListInput).returns<AppointmentsPage>(),
  'appointments.reschedule': method(RescheduleInput).returns<AppointmentDetail>(),
  'appointments.cancel': method(CancelInput).returns<AppointmentDetail>(),
  'appointments.outcome': method(OutcomeInput).returns<AppointmentDetail>(),
  /** Manager: another rep (from the unrouted queue too), with the reason. */
  'appointments.reassign': method(ReassignInput).returns<AppointmentDetail>(),
};
