// Calls: logging with traffic-source classification, stage changes with their events and the
// conversion a won call becomes. Every write goes through the one write path (outbox).
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Call, CallDetail, CallEvent, LeadOption } from '../../shared/api/calls';
import { AppError } from '../../shared/api/contract';
import { checkStageChange, legacyCrmStage, type CrmStage } from '../../shared/domain/crm-stage';
import { localDay } from '../../shared/domain/dates';
import type { Role } from '../../shared/domain/leads';
import { classifyTrafficSource, type TrafficClassification, type TrafficEvidence, type TrafficRule } from '../../shared/domain/traffic-source';
import { prepared, type AppDb } from '../connection';
import { callEvents, calls, conversionEvents, conversions, leads } from '../schema';
import { deleteRow, insertRow, liveRowById, rowFromDriver, transaction, updateRow, type Writer } from '../write';
import { getLeadRow, updateLead } from './leads';

type CallRowDb = typeof calls.$inferSelect;

export function callDayFor(scheduledAt: string | null | undefined, createdAt: string, timeZone: string): string {
  return localDay(scheduledAt ?? createdAt, timeZone);
}

export function getCallRow(db: AppDb, id: string): CallRowDb | null {
  return liveRowById(db, calls, id);
}

function recordCallEvent(w: Writer, call: { id: string; workspaceId: string }, eventType: string, oldValue: string | null, newValue: string | null, reason?: string | null) {
  return insertRow(w, callEvents, { workspaceId: call.workspaceId, callId: call.id, eventType, oldValue, newValue, reason: reason ?? null, actorUserId: w.actorUserId });
}

export interface NewCall {
  workspaceId: string;
  timeZone: string;
  contactId: string;
  leadId: string | null;
  repUserId: string | null;
  evidence: TrafficEvidence;
  trafficSourceOverride: string | null;
  rules: readonly TrafficRule[];
  crmStage: CrmStage;
  scheduledAt: string | null;
  startedAt: string | null;
  durationSeconds: number | null;
  notes: string;
  saleValueCents: number | null;
  currency?: string;
  /** An imported call: its export's id, the kind of call, and the legacy fields it came with. */
  externalSource?: string | null;
  externalId?: string | null;
  callType?: string;
  legacyStatus?: string | null;
  legacyOutcome?: string | null;
}

export interface CreatedCall {
  call: CallRowDb;
  event: typeof callEvents.$inferSelect;
  conversionId: string | null;
}

/** Logs a call: classification, the row, its 'created' event, and a conversion when it is born won. */
export function createCall(w: Writer, input: NewCall): CreatedCall {
  return transaction(w.db, () => {
    const c = classifyTrafficSource({ ...input.evidence, manualOverride: input.trafficSourceOverride }, input.rules);
    const now = w.now();
    const call = insertRow(w, calls, {
      workspaceId: input.workspaceId,
      contactId: input.contactId,
      leadId: input.leadId,
      repUserId: input.repUserId,
      scheduledAt: input.scheduledAt,
      startedAt: input.startedAt,
      durationSeconds: input.durationSeconds,
      sourceOfSetAppointment: input.evidence.sourceOfAppointment || null,
      leadSource: input.evidence.leadSource || null,
      utmSource: input.evidence.utmSource || null,
      utmMedium: input.evidence.utmMedium || null,
      utmCampaign: input.evidence.utmCampaign || null,
      fbclid: input.evidence.fbclid || null,
      ...classificationColumns(c),
      crmStage: input.crmStage,
      saleValueCents: input.crmStage === 'closed_won' ? input.saleValueCents : null,
      currency: input.currency ?? 'USD',
      notes: input.notes,
      ...(input.callType ? { callType: input.callType } : {}),
      status: input.legacyStatus || null,
      outcome: input.legacyOutcome || null,
      externalSource: input.externalSource ?? null,
      externalId: input.externalId ?? null,
      callDay: callDayFor(input.scheduledAt, now, input.timeZone),
      legacyMappedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const event = recordCallEvent(w, call, 'created', null, call.crmStage, c.reason);
    const conversionId = call.crmStage === 'closed_won' ? recordSale(w, call, input.saleValueCents ?? 0) : null;
    return { call, event, conversionId };
  });
}

function classificationColumns(c: TrafficClassification) {
  return { trafficSource: c.trafficSource, trafficSourceReason: c.reason, trafficSourceOverridden: c.overridden, trafficSourceConfidence: c.confidence };
}

/** A won call becomes a conversion linked to its contact and lead, and the lead is marked converted. */
function recordSale(w: Writer, call: CallRowDb, valueCents: number): string {
  const conversion = insertRow(w, conversions, {
    workspaceId: call.workspaceId,
    contactId: call.contactId,
    leadId: call.leadId,
    callId: call.id,
    convertedBy: w.actorUserId,
    convertedAt: w.now(),
    conversionType: 'sale',
    valueCents,
    currency: call.currency,
    orderSource: 'call',
  });
  insertRow(w, conversionEvents, { workspaceId: call.workspaceId, conversionId: conversion.id, eventType: 'created', eventData: JSON.stringify({ callId: call.id, valueCents }), createdBy: w.actorUserId });
  if (call.leadId) {
    const lead = getLeadRow(w.db, call.leadId);
    if (lead && lead.status !== 'converted') updateLead(w, lead.id, { status: 'converted' }, 'US', `Call closed won (${formatCents(valueCents)})`);
  }
  return conversion.id;
}

/** A reopened won call voids its conversion; the lead leaves "converted" unless another sale holds it there. */
function voidSale(w: Writer, call: CallRowDb, reason: string | null): void {
  const live = prepared(w.db, 'SELECT id FROM conversions WHERE call_id = ? AND deleted_at IS NULL').pluck().all(call.id) as string[];
  for (const id of live) {
    insertRow(w, conversionEvents, { workspaceId: call.workspaceId, conversionId: id, eventType: 'voided', eventData: JSON.stringify({ callId: call.id, reason }), createdBy: w.actorUserId });
    deleteRow(w, conversions, id);
  }
  if (call.leadId) {
    const others = prepared(w.db, 'SELECT count(*) FROM conversions WHERE lead_id = ? AND deleted_at IS NULL').pluck().get(call.leadId) as number;
    const lead = getLeadRow(w.db, call.leadId);
    if (lead && lead.status === 'converted' && others === 0) updateLead(w, lead.id, { status: 'qualified' }, 'US', 'The won call was reopened');
  }
}

function formatCents(cents: number): string {
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export interface StageChange {
  to: CrmStage;
  role: Role;
  reason?: string | null;
  saleValueCents?: number | null;
}

export function changeCallStage(w: Writer, callId: string, change: StageChange): { call: CallRowDb; conversionId: string | null } {
  return transaction(w.db, () => {
    const call = getCallRow(w.db, callId);
    if (!call) throw new AppError('not_found', 'No such call');
    const check = checkStageChange(call.crmStage, change.to, change.role);
    if (!check.ok) throw new AppError(check.code === 'needs_manager' ? 'forbidden' : 'conflict', check.reason);
    if (check.needsSaleValue && (change.saleValueCents === undefined || change.saleValueCents === null)) {
      throw new AppError('invalid_input', 'saleValueCents: moving to closed won needs the sale value', [{ field: 'saleValueCents', message: 'moving to closed won needs the sale value' }]);
    }
    if (call.crmStage === 'closed_won') voidSale(w, call, change.reason ?? null);
    const updated = updateRow(w, calls, callId, {
      crmStage: change.to,
      saleValueCents: change.to === 'closed_won' ? change.saleValueCents : null,
    })!.after;
    recordCallEvent(w, updated, 'stage_changed', call.crmStage, change.to, change.reason);
    const conversionId = change.to === 'closed_won' ? recordSale(w, updated, change.saleValueCents ?? 0) : null;
    return { call: updated, conversionId };
  });
}

export interface CallPatch {
  notes?: string;
  repUserId?: string | null;
  scheduledAt?: string | null;
  startedAt?: string | null;
  durationSeconds?: number | null;
  trafficSourceOverride?: string | null;
}

/** Edits a call; a new override (or clearing one) reclassifies it and records the change. */
export function updateCall(w: Writer, callId: string, patch: CallPatch, rules: readonly TrafficRule[], timeZone: string): CallRowDb {
  return transaction(w.db, () => {
    const call = getCallRow(w.db, callId);
    if (!call) throw new AppError('not_found', 'No such call');
    const values: Partial<CallRowDb> = {};
    for (const key of ['notes', 'repUserId', 'scheduledAt', 'startedAt', 'durationSeconds'] as const) {
      if (patch[key] !== undefined) (values as Record<string, unknown>)[key] = patch[key];
    }
    if (patch.scheduledAt !== undefined) values.callDay = callDayFor(patch.scheduledAt, call.createdAt, timeZone);
    if (patch.trafficSourceOverride !== undefined) {
      const c = classifyTrafficSource({ ...evidenceOf(call), manualOverride: patch.trafficSourceOverride }, rules);
      Object.assign(values, classificationColumns(c));
    }
    const result = updateRow(w, calls, callId, values)!;
    if (result.changed.includes('trafficSource') || result.changed.includes('trafficSourceOverridden')) {
      recordCallEvent(w, result.after, 'traffic_source_changed', call.trafficSource, result.after.trafficSource, result.after.trafficSourceReason);
    }
    if (result.changed.includes('repUserId')) recordCallEvent(w, result.after, 'rep_changed', call.repUserId, result.after.repUserId);
    if (result.changed.includes('scheduledAt')) recordCallEvent(w, result.after, 'rescheduled', call.scheduledAt, result.after.scheduledAt);
    return result.after;
  });
}

export function evidenceOf(call: Pick<CallRowDb, 'sourceOfSetAppointment' | 'leadSource' | 'utmSource' | 'utmMedium' | 'utmCampaign' | 'fbclid'>): TrafficEvidence {
  return {
    sourceOfAppointment: call.sourceOfSetAppointment,
    leadSource: call.leadSource,
    utmSource: call.utmSource,
    utmMedium: call.utmMedium,
    utmCampaign: call.utmCampaign,
    fbclid: call.fbclid,
  };
}

export function toCall(row: CallRowDb, names: { contactName: string; contactCode: string; repName: string | null; leadType: string | null }): Call {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    contactId: row.contactId,
    contactName: names.contactName,
    contactCode: names.contactCode,
    leadId: row.leadId,
    leadType: names.leadType,
    repUserId: row.repUserId,
    repName: names.repName,
    scheduledAt: row.scheduledAt,
    startedAt: row.startedAt,
    durationSeconds: row.durationSeconds,
    crmStage: row.crmStage,
    trafficSource: row.trafficSource,
    trafficSourceReason: row.trafficSourceReason,
    trafficSourceOverridden: row.trafficSourceOverridden,
    trafficSourceConfidence: (row.trafficSourceConfidence as Call['trafficSourceConfidence']) ?? null,
    sourceOfSetAppointment: row.sourceOfSetAppointment,
    leadSource: row.leadSource,
    saleValueCents: row.saleValueCents,
    callDay: row.callDay,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    status: row.status,
    outcome: row.outcome,
    utmSource: row.utmSource,
    utmMedium: row.utmMedium,
    utmCampaign: row.utmCampaign,
    fbclid: row.fbclid,
    notes: row.notes,
    currency: row.currency,
  };
}

type ContactSummary = { contact_code: string; first_name: string; last_name: string; email: string; phone: string };

/** Assembles a call's detail from rows already in hand (the create path has them all). */
export function assembleCallDetail(
  row: CallRowDb,
  contact: ContactSummary | undefined,
  lead: { id: string; leadType: string; source: string; status: string } | null,
  repName: string | null,
  events: CallEvent[],
  conversion: CallDetail['conversion'],
): CallDetail {
  const contactName = contact ? `${contact.first_name} ${contact.last_name}`.trim() || contact.email || contact.phone : '';
  return {
    call: toCall(row, { contactName, contactCode: contact?.contact_code ?? '', repName, leadType: lead?.leadType ?? null }),
    contact: { id: row.contactId, contactCode: contact?.contact_code ?? '', name: contactName, email: contact?.email ?? '', phone: contact?.phone ?? '' },
    lead: lead ? { id: lead.id, leadType: lead.leadType, source: lead.source, status: lead.status } : null,
    events,
    conversion,
  };
}

export function userName(db: AppDb, id: string | null): string | null {
  return id ? ((prepared(db, 'SELECT display_name FROM users WHERE id = ?').pluck().get(id) as string | undefined) ?? null) : null;
}

export function callDetail(db: AppDb, id: string): CallDetail | null {
  const row = getCallRow(db, id);
  if (!row) return null;
  const contact = prepared(db, 'SELECT contact_code, first_name, last_name, email, phone FROM contacts WHERE id = ?').get(row.contactId) as ContactSummary | undefined;
  const lead = row.leadId ? getLeadRow(db, row.leadId) : null;
  const events = (
    prepared(
      db,
      `SELECT e.id, e.event_type, e.old_value, e.new_value, e.reason, e.created_at, u.display_name AS actor_name FROM call_events e
       LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.call_id = ? AND e.deleted_at IS NULL ORDER BY e.created_at DESC, e.id DESC`,
    ).all(id) as Record<string, string | null>[]
  ).map((e): CallEvent => ({ id: e.id!, eventType: e.event_type!, oldValue: e.old_value ?? null, newValue: e.new_value ?? null, reason: e.reason ?? null, actorName: e.actor_name ?? null, createdAt: e.created_at! }));
  const conversion = prepared(db, 'SELECT id, value_cents, currency, converted_at FROM conversions WHERE call_id = ? AND deleted_at IS NULL ORDER BY converted_at DESC LIMIT 1').get(id) as
    | { id: string; value_cents: number; currency: string; converted_at: string }
    | undefined;
  return assembleCallDetail(
    row,
    contact,
    lead,
    userName(db, row.repUserId),
    events,
    conversion ? { id: conversion.id, valueCents: conversion.value_cents, currency: conversion.currency, convertedAt: conversion.converted_at } : null,
  );
}

export function leadOptions(db: AppDb, contactId: string): LeadOption[] {
  return db.orm
    .select({
      id: leads.id, leadType: leads.leadType, source: leads.source, status: leads.status, utmSource: leads.utmSource, utmMedium: leads.utmMedium,
      utmCampaign: leads.utmCampaign, fbclid: leads.fbclid, gclid: leads.gclid, createdAt: leads.createdAt,
    })
    .from(leads)
    .where(and(eq(leads.contactId, contactId), isNull(leads.deletedAt)))
    .orderBy(desc(leads.createdAt))
    .all();
}

/**
 * Seed 004's legacy migration for rows that lack the new values: crm_stage from status/outcome
 * (only where the stage is still the default "scheduled"), traffic_source from the evidence
 * (only where nobody classified or chose it). Idempotent: each call is marked when done.
 * Used at start-up and by the calls importer.
 */
export function migrateLegacyCalls(w: Writer, rulesFor: (workspaceId: string) => readonly TrafficRule[], batchSize = 5_000): number {
  let migrated = 0;
  for (;;) {
    const batch = prepared(w.db, `SELECT * FROM calls WHERE legacy_mapped_at IS NULL AND deleted_at IS NULL LIMIT ${batchSize}`).all() as Record<string, unknown>[];
    if (batch.length === 0) return migrated;
    transaction(w.db, () => {
      for (const raw of batch) {
        const row = rowFromDriver(calls, raw);
        const values: Partial<CallRowDb> = { legacyMappedAt: w.now() };
        if ((row.status || row.outcome) && row.crmStage === 'scheduled') values.crmStage = legacyCrmStage(row.status, row.outcome);
        if (!row.trafficSourceReason && !row.trafficSourceOverridden) Object.assign(values, classificationColumns(classifyTrafficSource(evidenceOf(row), rulesFor(row.workspaceId))));
        updateRow(w, calls, row.id, values);
        migrated++;
      }
    });
  }
}

/** Fills call_day (a local, derived column) for calls written before it existed. Not synced, so no outbox. */
export function backfillCallDays(db: AppDb): number {
  const zones = new Map((db.sqlite.prepare('SELECT id, timezone FROM workspaces').all() as { id: string; timezone: string }[]).map((r) => [r.id, r.timezone]));
  const select = prepared(db, `SELECT id, workspace_id, scheduled_at, created_at FROM calls WHERE call_day = '' LIMIT 10000`);
  const update = prepared(db, 'UPDATE calls SET call_day = ? WHERE id = ?');
  let done = 0;
  for (;;) {
    const rows = select.all() as { id: string; workspace_id: string; scheduled_at: string | null; created_at: string }[];
    if (rows.length === 0) return done;
    transaction(db, () => {
      for (const r of rows) update.run(callDayFor(r.scheduled_at, r.created_at, zones.get(r.workspace_id) ?? 'UTC'), r.id);
    });
    done += rows.length;
  }
}
