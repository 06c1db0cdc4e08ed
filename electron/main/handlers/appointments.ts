import { AppError } from '../../../shared/api/contract';
import type { appointmentsApi } from '../../../shared/api/appointments';
import { appointmentsForLead, bookAppointment } from '../../../db/queries/appointments';
import { roleIn } from '../../../db/queries/workspaces';
import { visibleLead } from './leads';
import type { AreaHandlers } from './types';

export const appointmentsHandlers = {
  'appointments.book': (input, ctx) => {
    const lead = visibleLead(ctx, input.leadId);
    const rep = input.assignedUserId ?? ctx.userId;
    if (!roleIn(ctx.app.db, rep, lead.workspaceId)) {
      throw new AppError('invalid_input', "assignedUserId: the rep must be a member of the lead's workspace", [{ field: 'assignedUserId', message: "must be a member of the lead's workspace" }]);
    }
    const booked = bookAppointment(ctx.writer(), { ...input, workspaceId: lead.workspaceId, contactId: lead.contactId, assignedUserId: rep });
    ctx.changed(['appointments'], lead.workspaceId);
    return booked;
  },
  'appointments.forLead': ({ leadId }, ctx) => appointmentsForLead(ctx.app.db, visibleLead(ctx, leadId).id),
} satisfies AreaHandlers<typeof appointmentsApi>;
