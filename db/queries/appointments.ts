// Appointments (Step 6): booked from a lead and routed to a rep, rescheduled, cancelled, given an
// outcome, reassigned. One write path, an event per change, and no rep booked twice at once on
// this device (appointments that still hold the time: scheduled or confirmed).
//
// Two laptops can each book the same rep for the same hour offline. Once both have synced, the
// booking created first (created_at, then id) keeps the slot and the other "needs rebooking":
// derived here from the synced rows, so every device shows the same item and nothing is
// rewritten behind anyone's back. Rescheduling or reassigning either booking clears it.
import type { Appointment, AppointmentDetail, AppointmentEventView, AppointmentsPage, RoutingStatus, StoredRouting } from '../../shared/api/appointments';
import { AppError } from '../../shared/api/contract';
import type { CrmStage } from '../../shared/domain/crm-stage';
import { routeLead, type RoutingDecision } from '../../shared/domain/routing';
import { toFtsQuery } from '../../shared/domain/search-query';
import { prepared, type AppDb } from '../connection';
import { appointmentEvents, appointments, calls } from '../schema';
import { insertRow, transaction, updateRow, type Writer } from '../write';
import { changeCallStage, createCall, userName } from './calls';
import { refreshLeadSearch } from './lead-search';
import { routingInput } from './routing';
import { trafficConfig } from './workspace-settings';

export const HOLDING_STATUSES = ['scheduled', 'confirmed'] as const;
const HOLDING = `('scheduled', 'confirmed')`;
/** The end of appointment `t` as ISO text (scheduled_at is always toISOString()'s form). */
const endOf = (t: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${t}.scheduled_at, '+' || ${t}.duration_minutes || ' minutes')`;
// The longest appointment is 8 hours: an earlier booking that overlaps starts at most that long before.
const clashOf = (a: string, b: string) => `${b}.assigned_user_id = ${a}.assigned_user_id AND ${b}.id <> ${a}.id AND ${b}.deleted_at IS NULL AND ${b}.status IN ${HOLDING}
  AND ${b}.scheduled_at >= strftime('%Y-%m-%dT%H:%M:%fZ', ${a}.scheduled_at, '-480 minutes') AND ${b}.scheduled_at < ${endOf(a)} AND ${endOf(b)} > ${a}.scheduled_at`;
const earlier = (a: string, b: string) => `(${b}.created_at < ${a}.created_at OR (${b}.created_at = ${a}.created_at AND ${b}.id < ${a}.id))`;
const NEEDS_REBOOKING = `(a.status IN ${HOLDING} AND a.assigned_user_id IS NOT NULL AND EXISTS (SELECT 1 FROM appointments b WHERE ${clashOf('a', 'b')} AND ${earlier('a', 'b')}))`;

const SELECT = `SELECT a.id, a.workspace_id AS workspaceId, a.lead_id AS leadId, a.contact_id AS contactId,
  trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS contactName, l.lead_type AS leadType,
  coalesce(nullif(l.zip_code, ''), c.zip_code, '') AS zip, a.appointment_type AS appointmentType,
  a.scheduled_at AS scheduledAt, a.duration_minutes AS durationMinutes, a.status, a.outcome, a.location_type AS locationType,
  a.assigned_user_id AS assignedUserId, u.display_name AS assignedName, a.routing_status AS routingStatus, a.routing_rule_id AS routingRuleId,
  a.routing_explanation AS routingExplanation, ${NEEDS_REBOOKING} AS needsRebooking, a.notes, a.created_by AS createdBy, a.created_at AS createdAt, a.updated_at AS updatedAt
  FROM appointments a JOIN contacts c ON c.id = a.contact_id LEFT JOIN leads l ON l.id = a.lead_id LEFT JOIN users u ON u.id = a.assigned_user_id`;

type RawAppointment = Omit<Appointment, 'needsRebooking' | 'routingReason'> & { needsRebooking: number; routingExplanation: string | null };

function parseRouting(json: string | null): StoredRouting | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Partial<StoredRouting> & { why?: string };
    // Step 5's bookings stored only { why }.
    if (v.why && !('decision' in v)) return { decision: null, override: null, note: v.why, at: '' };
    return { decision: v.decision ?? null, override: v.override ?? null, note: v.note ?? null, at: v.at ?? '' };
  } catch {
    return null;
  }
}

function reasonOf(r: StoredRouting | null): string {
  if (!r) return '';
  if (r.override) return `Chosen by ${r.override.byName}: ${r.override.reason}`;
  return r.decision?.reason ?? r.note ?? '';
}

function toAppointment(raw: RawAppointment): Appointment {
  const { routingExplanation, ...rest } = raw;
  return { ...rest, contactName: rest.contactName || '(no name)', needsRebooking: raw.needsRebooking === 1, routingReason: reasonOf(parseRouting(routingExplanation)) };
}

/** A live appointment and the routing stored with it, in one read. */
function readAppointment(db: AppDb, id: string): { appointment: Appointment; routing: StoredRouting | null } | null {
  const raw = prepared(db, `${SELECT} WHERE a.id = ? AND a.deleted_at IS NULL`).get(id) as RawAppointment | undefined;
  return raw ? { appointment: toAppointment(raw), routing: parseRouting(raw.routingExplanation) } : null;
}

export function getAppointment(db: AppDb, id: string): Appointment | null {
  return readAppointment(db, id)?.appointment ?? null;
}

export function appointmentsForLead(db: AppDb, leadId: string): Appointment[] {
  return (prepared(db, `${SELECT} WHERE a.lead_id = ? AND a.deleted_at IS NULL ORDER BY a.scheduled_at DESC`).all(leadId) as RawAppointment[]).map(toAppointment);
}

/** The rep's appointment that overlaps [start, start + minutes), if any (other than `exceptId`). */
export function overlapping(db: AppDb, userId: string, startIso: string, minutes: number, exceptId: string | null = null): Appointment | null {
  const start = new Date(startIso).toISOString();
  const end = new Date(Date.parse(startIso) + minutes * 60_000).toISOString();
  const earliest = new Date(Date.parse(startIso) - 480 * 60_000).toISOString();
  const raw = prepared(
    db,
    `${SELECT} WHERE a.assigned_user_id = ? AND a.deleted_at IS NULL AND a.status IN ${HOLDING} AND a.id IS NOT ?
       AND a.scheduled_at >= ? AND a.scheduled_at < ? AND ${endOf('a')} > ?
     ORDER BY a.scheduled_at LIMIT 1`,
  ).get(userId, exceptId, earliest, end, start) as RawAppointment | undefined;
  return raw ? toAppointment(raw) : null;
}

function refuseClash(db: AppDb, userId: string, startIso: string, minutes: number, exceptId: string | null = null): void {
  const clash = overlapping(db, userId, startIso, minutes, exceptId);
  if (clash) {
    throw new AppError('conflict', `scheduledAt: ${clash.assignedName ?? 'the rep'} already has an appointment from ${clash.scheduledAt} for ${clash.durationMinutes} minutes (${clash.contactName})`, [
      { field: 'scheduledAt', message: 'the rep is already booked at that time' },
    ]);
  }
}

function recordEvent(w: Writer, appt: { id: string; workspaceId: string }, eventType: string, description: string, oldValue: string | null, newValue: string | null, metadata?: unknown) {
  insertRow(w, appointmentEvents, {
    workspaceId: appt.workspaceId,
    appointmentId: appt.id,
    eventType,
    eventDescription: description,
    oldValue,
    newValue,
    performedBy: w.actorUserId,
    metadata: metadata === undefined ? null : JSON.stringify(metadata),
  });
}

/** A person named in an event or a reason: the user's name, "nobody" without one. */
const nameOf = (db: AppDb, id: string | null) => (id ? (userName(db, id) ?? 'someone') : 'nobody');

/**
 * The decision as stored: rules after the one that matched were not tried, and a workspace may
 * have a thousand of them; they are kept as one line.
 */
export function storableDecision(d: RoutingDecision): RoutingDecision {
  const tried = d.rules.filter((r) => r.why !== 'not tried: an earlier rule matched');
  const skipped = d.rules.length - tried.length;
  const rules = skipped > 0 ? [...tried, { id: '', name: `${skipped} later rule${skipped === 1 ? '' : 's'}`, matched: false, why: 'not tried: an earlier rule matched' }] : tried;
  return { ...d, rules };
}

export interface Booking {
  workspaceId: string;
  leadId: string;
  contactId: string;
  productType: string;
  zip: string;
  scheduledAt: string;
  durationMinutes: number;
  appointmentType: string;
  locationType: string;
  notes: string;
  /** Who books, and whether they may choose the rep over routing. */
  bookerMayOverride: boolean;
  assignedUserId?: string;
  overrideReason?: string;
}

/** Routes (unless the workspace has no rules), checks the rep's calendar and books, in one transaction. */
export function bookAppointment(w: Writer, b: Booking): Appointment {
  return transaction(w.db, () => {
    const at = new Date(b.scheduledAt).toISOString();
    const now = w.now();
    let rep: string | null;
    let status: RoutingStatus;
    let routing: StoredRouting;
    let ruleId: string | null = null;
    const input = routingInput(w.db, b.workspaceId, { productType: b.productType, zip: b.zip }, { start: at, durationMinutes: b.durationMinutes }, now);
    if (input.rules.length === 0) {
      rep = b.assignedUserId ?? w.actorUserId;
      status = 'manual';
      routing = { decision: null, override: null, note: b.assignedUserId && b.assignedUserId !== w.actorUserId ? `No routing rules: ${nameOf(w.db, w.actorUserId)} chose ${nameOf(w.db, rep)}` : `No routing rules: booked by ${nameOf(w.db, rep)} for themselves`, at: now };
    } else {
      const decision = routeLead(input);
      ruleId = decision.ruleId;
      if (b.assignedUserId && b.assignedUserId !== decision.repId) {
        if (!b.bookerMayOverride) {
          throw new AppError('forbidden', `assignedUserId: routing gives this lead to ${decision.repId ? nameOf(w.db, decision.repId) : 'nobody yet (unrouted)'}; only a manager may choose another rep`, [
            { field: 'assignedUserId', message: 'only a manager may override routing' },
          ]);
        }
        const reason = b.overrideReason?.trim() ?? '';
        if (reason.length < 3) throw new AppError('invalid_input', 'overrideReason: say why you choose another rep than routing', [{ field: 'overrideReason', message: 'give a reason for the override (at least 3 characters)' }]);
        rep = b.assignedUserId;
        status = 'override';
        routing = { decision: storableDecision(decision), override: { byUserId: w.actorUserId ?? '', byName: nameOf(w.db, w.actorUserId), reason, routedRepId: decision.repId }, note: null, at: now };
      } else if (decision.status === 'fallback' && decision.repId && overlapping(w.db, decision.repId, at, b.durationMinutes)) {
        // The fallback owner is booked then too: it waits for a manager instead of double-booking them.
        rep = null;
        status = 'unrouted';
        const reason = `${decision.reason.replace(/: the fallback owner takes it$/, '')}, and the fallback owner is booked then too`;
        routing = { decision: storableDecision({ ...decision, status: 'unrouted', repId: null, reason }), override: null, note: null, at: now };
      } else {
        rep = decision.repId;
        status = decision.status;
        routing = { decision: storableDecision(decision), override: null, note: null, at: now };
      }
    }
    if (rep) refuseClash(w.db, rep, at, b.durationMinutes);
    const row = insertRow(w, appointments, {
      workspaceId: b.workspaceId,
      leadId: b.leadId,
      contactId: b.contactId,
      appointmentType: b.appointmentType,
      scheduledAt: at,
      durationMinutes: b.durationMinutes,
      status: 'scheduled',
      locationType: b.locationType,
      notes: b.notes,
      assignedUserId: rep,
      createdBy: w.actorUserId,
      routingRuleId: ruleId,
      routingStatus: status,
      routingExplanation: JSON.stringify(routing),
    });
    recordEvent(w, row, 'created', 'Appointment booked', null, row.scheduledAt);
    recordEvent(w, row, status === 'unrouted' ? 'unrouted' : 'assigned', reasonOf(routing), null, rep, { routingStatus: status });
    return getAppointment(w.db, row.id)!;
  });
}

function liveAppointment(db: AppDb, id: string): { appointment: Appointment; routing: StoredRouting | null } {
  const found = readAppointment(db, id);
  if (!found) throw new AppError('not_found', 'No such appointment');
  return found;
}

function requireHolding(a: Appointment, what: string): void {
  if (!(HOLDING_STATUSES as readonly string[]).includes(a.status)) {
    throw new AppError('conflict', `The appointment is ${a.status.replace('_', '-')}; only a scheduled or confirmed appointment can be ${what}`);
  }
}

/** The call that carries an appointment's outcome into the call figures. */
export function linkedCallId(db: AppDb, appointmentId: string): string | null {
  return (prepared(db, "SELECT id FROM calls WHERE external_id = ? AND external_source = 'appointment' AND deleted_at IS NULL").pluck().get(appointmentId) as string | undefined) ?? null;
}

export function rescheduleAppointment(w: Writer, id: string, scheduledAt: string, durationMinutes: number | undefined, reason: string): Appointment {
  return transaction(w.db, () => {
    const a = liveAppointment(w.db, id).appointment;
    requireHolding(a, 'rescheduled');
    const at = new Date(scheduledAt).toISOString();
    const minutes = durationMinutes ?? a.durationMinutes;
    if (at === a.scheduledAt && minutes === a.durationMinutes) throw new AppError('invalid_input', 'scheduledAt: that is the time it already has', [{ field: 'scheduledAt', message: 'choose another time' }]);
    if (a.assignedUserId) refuseClash(w.db, a.assignedUserId, at, minutes, id);
    updateRow(w, appointments, id, { scheduledAt: at, durationMinutes: minutes });
    recordEvent(w, a, 'rescheduled', reason ? `Rescheduled: ${reason}` : 'Rescheduled', `${a.scheduledAt} (${a.durationMinutes} min)`, `${at} (${minutes} min)`);
    return getAppointment(w.db, id)!;
  });
}

export function cancelAppointment(w: Writer, id: string, reason: string): Appointment {
  return transaction(w.db, () => {
    const a = liveAppointment(w.db, id).appointment;
    requireHolding(a, 'cancelled');
    updateRow(w, appointments, id, { status: 'cancelled' });
    recordEvent(w, a, 'cancelled', `Cancelled: ${reason}`, a.status, 'cancelled');
    return getAppointment(w.db, id)!;
  });
}

/**
 * Show or no-show. The outcome becomes the stage of the appointment's call (completed or
 * no-show), created on first outcome with the lead's traffic evidence, so it counts in the call,
 * show-rate and close-rate figures by source, rep and day like any call.
 */
export function recordOutcome(w: Writer, id: string, outcome: 'show' | 'no_show', notes: string, timeZone: string, nowIso: string): Appointment {
  return transaction(w.db, () => {
    const a = liveAppointment(w.db, id).appointment;
    if (a.status === 'cancelled') throw new AppError('conflict', 'The appointment was cancelled; it has no outcome');
    if (Date.parse(a.scheduledAt) > Date.parse(nowIso)) throw new AppError('conflict', `The appointment starts at ${a.scheduledAt}; record its outcome once it has started`);
    const status = outcome === 'show' ? 'completed' : 'no_show';
    const stage: CrmStage = outcome === 'show' ? 'completed' : 'no_show';
    if (a.status === status) throw new AppError('conflict', `The outcome is already ${outcome === 'show' ? 'show' : 'no-show'}`);
    updateRow(w, appointments, id, { status, outcome, ...(notes ? { notes: a.notes ? `${a.notes}\n${notes}` : notes } : {}) });
    recordEvent(w, a, 'outcome', outcome === 'show' ? `Held${notes ? `: ${notes}` : ''}` : `No-show${notes ? `: ${notes}` : ''}`, a.outcome, outcome);
    const callId = linkedCallId(w.db, id);
    if (callId) {
      const current = prepared(w.db, 'SELECT crm_stage FROM calls WHERE id = ?').pluck().get(callId) as string;
      // A call already taken further (won, lost) keeps its stage; the outcome only corrects show/no-show.
      if (current !== stage && (current === 'scheduled' || current === 'in_progress' || current === 'completed' || current === 'no_show')) {
        changeCallStage(w, callId, { to: stage, role: 'sdr', reason: `Appointment outcome: ${outcome === 'show' ? 'show' : 'no-show'}` });
      }
    } else {
      const lead = a.leadId
        ? (prepared(w.db, 'SELECT source, utm_source, utm_medium, utm_campaign, fbclid, gclid FROM leads WHERE id = ?').get(a.leadId) as Record<string, string | null> | undefined)
        : undefined;
      createCall(w, {
        workspaceId: a.workspaceId,
        timeZone,
        contactId: a.contactId,
        leadId: a.leadId,
        repUserId: a.assignedUserId,
        evidence: { leadSource: lead?.source, utmSource: lead?.utm_source, utmMedium: lead?.utm_medium, utmCampaign: lead?.utm_campaign, fbclid: lead?.fbclid, gclid: lead?.gclid },
        trafficSourceOverride: null,
        rules: trafficConfig(w.db, a.workspaceId).rules,
        crmStage: stage,
        scheduledAt: a.scheduledAt,
        startedAt: outcome === 'show' ? a.scheduledAt : null,
        durationSeconds: outcome === 'show' ? a.durationMinutes * 60 : null,
        notes: notes || `Appointment (${a.appointmentType.replace('_', ' ')})`,
        saleValueCents: null,
        externalSource: 'appointment',
        externalId: id,
        callType: 'appointment',
      });
    }
    return getAppointment(w.db, id)!;
  });
}

export function reassignAppointment(w: Writer, id: string, userId: string, reason: string): Appointment {
  return transaction(w.db, () => {
    const { appointment: a, routing: previous } = liveAppointment(w.db, id);
    requireHolding(a, 'reassigned');
    if (a.assignedUserId === userId) throw new AppError('invalid_input', `userId: ${a.assignedName ?? 'that rep'} already has it`, [{ field: 'userId', message: 'already the rep' }]);
    refuseClash(w.db, userId, a.scheduledAt, a.durationMinutes, id);
    const routing: StoredRouting = {
      decision: previous?.decision ?? null,
      override: { byUserId: w.actorUserId ?? '', byName: nameOf(w.db, w.actorUserId), reason, routedRepId: a.assignedUserId },
      note: previous?.note ?? null,
      at: w.now(),
    };
    updateRow(w, appointments, id, { assignedUserId: userId, routingStatus: 'override', routingExplanation: JSON.stringify(routing) });
    const callId = linkedCallId(w.db, id);
    if (callId) updateRow(w, calls, callId, { repUserId: userId });
    recordEvent(w, a, 'reassigned', `Reassigned from ${a.assignedName ?? 'nobody (unrouted)'} to ${nameOf(w.db, userId)}: ${reason}`, a.assignedUserId, userId);
    return getAppointment(w.db, id)!;
  });
}

export function appointmentDetail(db: AppDb, id: string): AppointmentDetail {
  const { appointment, routing } = liveAppointment(db, id);
  const events = prepared(
    db,
    `SELECT e.id, e.event_type AS eventType, coalesce(e.event_description, '') AS description, e.old_value AS oldValue, e.new_value AS newValue,
       (SELECT display_name FROM users u WHERE u.id = e.performed_by) AS performedByName, e.created_at AS createdAt
     FROM appointment_events e WHERE e.appointment_id = ? AND e.deleted_at IS NULL ORDER BY e.created_at DESC, e.id DESC`,
  ).all(id) as AppointmentEventView[];
  let clashesWith: Appointment | null = null;
  if (appointment.needsRebooking) {
    const raw = prepared(db, `${SELECT} WHERE a.id = (SELECT b.id FROM appointments b, appointments a0 WHERE a0.id = ? AND ${clashOf('a0', 'b')} AND ${earlier('a0', 'b')} ORDER BY b.created_at, b.id LIMIT 1)`).get(id) as
      | RawAppointment
      | undefined;
    clashesWith = raw ? toAppointment(raw) : null;
  }
  return { appointment, routing, events, clashesWith, callId: linkedCallId(db, id) };
}

export interface ListQuery {
  workspaceId: string;
  queue: 'all' | 'upcoming' | 'needs_rebooking' | 'unrouted';
  from?: string;
  to?: string;
  repIds?: string[];
  statuses?: string[];
  search: string;
  sort: 'scheduledAt' | 'createdAt' | 'status' | 'assignedName' | 'contactName';
  dir: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const SORT_SQL: Record<ListQuery['sort'], string> = {
  scheduledAt: 'a.scheduled_at',
  createdAt: 'a.created_at',
  status: 'a.status',
  assignedName: "coalesce(u.display_name, '')",
  contactName: "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) COLLATE NOCASE",
};

const queueWhere = (queue: ListQuery['queue']) =>
  queue === 'needs_rebooking' ? NEEDS_REBOOKING : queue === 'unrouted' ? `a.assigned_user_id IS NULL AND a.status IN ${HOLDING}` : queue === 'upcoming' ? `a.status IN ${HOLDING} AND a.scheduled_at >= @now` : '1';

export function listAppointments(db: AppDb, q: ListQuery, nowIso: string): AppointmentsPage {
  const where = ['a.workspace_id = @ws', 'a.deleted_at IS NULL'];
  const params: Record<string, unknown> = { ws: q.workspaceId, now: nowIso };
  if (q.from) {
    where.push('a.scheduled_at >= @from');
    params.from = new Date(q.from).toISOString();
  }
  if (q.to) {
    where.push('a.scheduled_at < @to');
    params.to = new Date(q.to).toISOString();
  }
  if (q.repIds?.length) {
    where.push(`a.assigned_user_id IN (SELECT value FROM json_each(@reps))`);
    params.reps = JSON.stringify(q.repIds);
  }
  if (q.statuses?.length) {
    where.push(`a.status IN (SELECT value FROM json_each(@statuses))`);
    params.statuses = JSON.stringify(q.statuses);
  }
  const fts = toFtsQuery(q.search);
  if (fts) {
    // The leads' search index (name, email, phone in any format, contact code) finds the people;
    // their appointments follow, however many the workspace has.
    refreshLeadSearch(db);
    where.push(`a.contact_id IN (SELECT l.contact_id FROM leads l WHERE l.rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH @fts) AND l.workspace_id = @ws)`);
    params.fts = fts;
  }
  const base = where.join(' AND ');
  const filtered = `${base} AND ${queueWhere(q.queue)}`;
  const order = `${SORT_SQL[q.sort]} ${q.dir === 'desc' ? 'DESC' : 'ASC'}, a.id ${q.dir === 'desc' ? 'DESC' : 'ASC'}`;
  const rows = (prepared(db, `${SELECT} WHERE ${filtered} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit, offset: q.offset }) as RawAppointment[]).map(toAppointment);
  // The totals read the appointments alone, from the status index (it covers every filter but the
  // search): tens of thousands counted without reading a row. The planner prefers a smaller index
  // that would read every row, hence INDEXED BY.
  const from = `FROM appointments a INDEXED BY appointments_ws_status_idx`;
  const total = prepared(db, `SELECT count(*) ${from} WHERE ${filtered}`).pluck().get(params) as number;
  // Each queue counted on its own, so the status index narrows it to the appointments that hold time.
  const count = (queue: ListQuery['queue']) => `(SELECT count(*) ${from} WHERE ${base} AND ${queueWhere(queue)})`;
  const counts = prepared(db, `SELECT ${count('needs_rebooking')} AS needsRebooking, ${count('unrouted')} AS unrouted, ${count('upcoming')} AS upcoming`).get(params) as AppointmentsPage['counts'];
  return { rows, total, counts };
}

/** For tests and checks: the workspace's appointments that need rebooking, by id. */
export function needsRebookingIds(db: AppDb, workspaceId: string): string[] {
  return prepared(db, `SELECT a.id FROM appointments a WHERE a.workspace_id = ? AND a.deleted_at IS NULL AND ${NEEDS_REBOOKING} ORDER BY a.id`).pluck().all(workspaceId) as string[];
}
