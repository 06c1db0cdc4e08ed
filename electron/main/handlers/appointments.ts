// Appointments: booking routes the lead (a manager may override with a reason), and every change
// after it is checked against the rep's calendar and recorded as an appointment event.
import { AppError } from '../../../shared/api/contract';
import type { appointmentsApi } from '../../../shared/api/appointments';
import { roleAtLeast } from '../../../shared/domain/leads';
import { routeLead } from '../../../shared/domain/routing';
import {
  appointmentDetail,
  appointmentsForLead,
  bookAppointment,
  cancelAppointment,
  getAppointment,
  listAppointments,
  reassignAppointment,
  recordOutcome,
  rescheduleAppointment,
} from '../../../db/queries/appointments';
import { getContactRow } from '../../../db/queries/contacts';
import { routingInput } from '../../../db/queries/routing';
import { getWorkspace, roleIn } from '../../../db/queries/workspaces';
import { visibleLead } from './leads';
import type { AreaHandlers, HandlerContext } from './types';

/** The lead's product type and zip, as routing reads them (the contact's zip when the lead has none). */
function routingLead(ctx: HandlerContext, lead: ReturnType<typeof visibleLead>) {
  const zip = lead.zipCode || getContactRow(ctx.app.db, lead.contactId)?.zipCode || '';
  return { productType: lead.leadType ?? '', zip };
}

function visibleAppointment(ctx: HandlerContext, id: string) {
  const a = getAppointment(ctx.app.db, id);
  if (!a || !roleIn(ctx.app.db, ctx.userId, a.workspaceId)) throw new AppError('not_found', 'No such appointment');
  return a;
}

function assertMember(ctx: HandlerContext, workspaceId: string, userId: string, field: string) {
  if (!roleIn(ctx.app.db, userId, workspaceId)) throw new AppError('invalid_input', `${field}: the rep must be a member of the workspace`, [{ field, message: 'must be a member of the workspace' }]);
}

function done(ctx: HandlerContext, workspaceId: string, id: string, tables: string[] = ['appointments']) {
  ctx.changed(tables, workspaceId);
  return appointmentDetail(ctx.app.db, id);
}

export const appointmentsHandlers = {
  'appointments.book': (input, ctx) => {
    const lead = visibleLead(ctx, input.leadId);
    const role = ctx.requireMember(lead.workspaceId);
    if (input.assignedUserId) assertMember(ctx, lead.workspaceId, input.assignedUserId, 'assignedUserId');
    const booked = bookAppointment(ctx.writer(), {
      ...input,
      ...routingLead(ctx, lead),
      workspaceId: lead.workspaceId,
      contactId: lead.contactId,
      bookerMayOverride: roleAtLeast(role, 'manager'),
    });
    return done(ctx, lead.workspaceId, booked.id);
  },
  'appointments.route': ({ leadId, scheduledAt, durationMinutes }, ctx) => {
    const lead = visibleLead(ctx, leadId);
    return routeLead(routingInput(ctx.app.db, lead.workspaceId, routingLead(ctx, lead), { start: new Date(scheduledAt).toISOString(), durationMinutes }, ctx.app.now().toISOString()));
  },
  'appointments.forLead': ({ leadId }, ctx) => appointmentsForLead(ctx.app.db, visibleLead(ctx, leadId).id),
  'appointments.get': ({ id }, ctx) => appointmentDetail(ctx.app.db, visibleAppointment(ctx, id).id),
  'appointments.list': (input, ctx) => {
    ctx.requireMember(input.workspaceId);
    return listAppointments(ctx.app.db, input, ctx.app.now().toISOString());
  },
  'appointments.reschedule': ({ id, scheduledAt, durationMinutes, reason }, ctx) => {
    const a = visibleAppointment(ctx, id);
    rescheduleAppointment(ctx.writer(), id, scheduledAt, durationMinutes, reason);
    return done(ctx, a.workspaceId, id);
  },
  'appointments.cancel': ({ id, reason }, ctx) => {
    const a = visibleAppointment(ctx, id);
    cancelAppointment(ctx.writer(), id, reason);
    return done(ctx, a.workspaceId, id);
  },
  'appointments.outcome': ({ id, outcome, notes }, ctx) => {
    const a = visibleAppointment(ctx, id);
    const zone = getWorkspace(ctx.app.db, a.workspaceId)?.timezone ?? 'America/New_York';
    recordOutcome(ctx.writer(), id, outcome, notes, zone, ctx.app.now().toISOString());
    return done(ctx, a.workspaceId, id, ['appointments', 'calls']);
  },
  'appointments.reassign': ({ id, userId, reason }, ctx) => {
    const a = visibleAppointment(ctx, id);
    ctx.requireMember(a.workspaceId, 'manager');
    assertMember(ctx, a.workspaceId, userId, 'userId');
    reassignAppointment(ctx.writer(), id, userId, reason);
    return done(ctx, a.workspaceId, id, ['appointments', 'calls']);
  },
} satisfies AreaHandlers<typeof appointmentsApi>;
