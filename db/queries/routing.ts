// The routing setup of a workspace and the state routing reads (Step 6): rules, the reps in the
// rotation, the fallback owner, the reps' calendars and the rotation's counts.
//
// Round robin across laptops: the rotation's state is not a counter any device keeps; it is
// derived from synced rows, the appointments routed (or overridden) to each rep that are not
// cancelled, booked in the last ROTATION_WINDOW_DAYS. Two SDRs booking offline each advance the
// rotation from what their laptop knows; once both sync, every device counts the same
// appointments, so the next lead goes to whoever is now furthest below their share and the
// rotation corrects itself. Overlaps two offline bookings create are surfaced as "needs
// rebooking" (db/queries/appointments.ts), never resolved silently.
import { AppError } from '../../shared/api/contract';
import type { RoutingConfigView, RoutingRepView, RoutingRuleView, SaveRepInput, SaveRuleInput } from '../../shared/api/routing';
import { compileZipPattern, orderRules, type BookedSlot, type RoutingInput, type RoutingRep, type RoutingRule } from '../../shared/domain/routing';
import { isValidTimeZone } from '../../shared/domain/dates';
import { LEAD_TYPES } from '../../shared/domain/leads';
import { shadowedRules } from '../../shared/domain/routing-shadow';
import { prepared, type AppDb } from '../connection';
import { appointmentRoutingRules, routingReps, workspaceSettings } from '../schema';
import { insertRow, restoreRow, deleteRow, transaction, updateRow, type Writer } from '../write';
import { roleIn } from './workspaces';

export const ROTATION_WINDOW_DAYS = 7;
const DEFAULT_REP_ZONE = 'America/New_York';

interface RuleRow {
  id: string;
  workspace_id: string;
  name: string;
  product_types: string;
  zip_codes: string;
  priority: number;
  is_active: number;
  target_team: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
}

const parseList = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

function toRule(r: RuleRow): RoutingRule & { notes: string; updatedAt: string; workspaceId: string } {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name || 'Unnamed rule',
    productTypes: parseList(r.product_types),
    zipPatterns: parseList(r.zip_codes),
    priority: r.priority,
    isActive: r.is_active === 1,
    targetTeam: r.target_team,
    createdAt: r.created_at,
    notes: r.notes,
    updatedAt: r.updated_at,
  };
}

export function routingRules(db: AppDb, workspaceId: string) {
  const rows = prepared(db, 'SELECT * FROM appointment_routing_rules WHERE workspace_id = ? AND deleted_at IS NULL').all(workspaceId) as RuleRow[];
  return orderRules(rows.map(toRule)) as ReturnType<typeof toRule>[];
}

interface RepRow {
  user_id: string;
  display_name: string;
  role: string;
  rep_id: string | null;
  team: string | null;
  weight: number | null;
  daily_cap: number | null;
  working_days: string | null;
  work_start: string | null;
  work_end: string | null;
  time_zone: string | null;
  in_rotation: number | null;
}

/** Every active member of the workspace with their routing row (or the defaults when they have none). */
function repRows(db: AppDb, workspaceId: string): RepRow[] {
  return prepared(
    db,
    `SELECT m.user_id, u.display_name, m.role, r.id AS rep_id, r.team, r.weight, r.daily_cap, r.working_days, r.work_start, r.work_end, r.time_zone, r.in_rotation
     FROM workspace_memberships m JOIN users u ON u.id = m.user_id
     LEFT JOIN routing_reps r ON r.workspace_id = m.workspace_id AND r.user_id = m.user_id AND r.deleted_at IS NULL
     WHERE m.workspace_id = ? AND m.deleted_at IS NULL AND m.status = 'active' AND u.deleted_at IS NULL
     ORDER BY u.display_name, m.user_id`,
  ).all(workspaceId) as RepRow[];
}

function hoursOf(r: RepRow): RoutingRep['hours'] {
  if (!r.working_days || !r.work_start || !r.work_end) return null;
  let days: number[] = [];
  try {
    const v = JSON.parse(r.working_days) as unknown;
    if (Array.isArray(v)) days = v.map(Number).filter((d) => Number.isInteger(d) && d >= 0 && d <= 6);
  } catch {
    // An unreadable row works no day: routing says so rather than guessing.
  }
  return { days, start: r.work_start, end: r.work_end };
}

function workspaceZone(db: AppDb, workspaceId: string): string {
  return (prepared(db, 'SELECT timezone FROM workspaces WHERE id = ?').pluck().get(workspaceId) as string | undefined) ?? DEFAULT_REP_ZONE;
}

/** The reps routing may choose: members with a routing row who are in the rotation. */
export function routingRepsFor(db: AppDb, workspaceId: string): RoutingRep[] {
  return repRows(db, workspaceId)
    .filter((r) => r.rep_id !== null && r.in_rotation === 1)
    .map((r) => ({ id: r.user_id, name: r.display_name, team: r.team, weight: r.weight ?? 1, dailyCap: r.daily_cap, hours: hoursOf(r), timeZone: r.time_zone ?? DEFAULT_REP_ZONE }));
}

export function fallbackOwner(db: AppDb, workspaceId: string): string | null {
  const id = prepared(db, 'SELECT routing_fallback_user_id FROM workspace_settings WHERE workspace_id = ? AND deleted_at IS NULL').pluck().get(workspaceId) as string | null | undefined;
  if (!id) return null;
  // A fallback owner who has left the workspace takes nothing.
  return roleIn(db, id, workspaceId) ? id : null;
}

/** The rotation's counts: appointments routed or overridden to each rep, not cancelled, in the window. */
export function rotationCounts(db: AppDb, workspaceId: string, nowIso: string): Record<string, number> {
  const since = new Date(Date.parse(nowIso) - ROTATION_WINDOW_DAYS * 86_400_000).toISOString();
  const rows = prepared(
    db,
    `SELECT assigned_user_id AS rep, count(*) AS n FROM appointments
     WHERE workspace_id = ? AND created_at >= ? AND deleted_at IS NULL AND status <> 'cancelled'
       AND routing_status IN ('routed', 'override') AND assigned_user_id IS NOT NULL
     GROUP BY assigned_user_id`,
  ).all(workspaceId, since) as { rep: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.rep, r.n]));
}

/**
 * The reps' appointments that hold time around the request: the day before to the day after
 * covers any overlap and any rep's local day for the daily cap.
 */
export function bookedAround(db: AppDb, workspaceId: string, startIso: string, excludeId: string | null = null): BookedSlot[] {
  const t = Date.parse(startIso);
  const from = new Date(t - 2 * 86_400_000).toISOString();
  const to = new Date(t + 2 * 86_400_000).toISOString();
  const rows = prepared(
    db,
    `SELECT assigned_user_id AS repId, scheduled_at AS start, duration_minutes AS durationMinutes FROM appointments
     WHERE workspace_id = ? AND scheduled_at >= ? AND scheduled_at < ? AND deleted_at IS NULL AND status IN ('scheduled', 'confirmed')
       AND assigned_user_id IS NOT NULL AND id IS NOT ?`,
  ).all(workspaceId, from, to, excludeId) as BookedSlot[];
  return rows;
}

/** Everything routing reads for one lead at one time, from this device's copy. */
export function routingInput(db: AppDb, workspaceId: string, lead: { productType: string; zip: string }, request: { start: string; durationMinutes: number }, nowIso: string): RoutingInput {
  return {
    lead,
    request,
    rules: routingRules(db, workspaceId),
    reps: routingRepsFor(db, workspaceId),
    booked: bookedAround(db, workspaceId, request.start),
    assigned: rotationCounts(db, workspaceId, nowIso),
    fallbackOwnerId: fallbackOwner(db, workspaceId),
  };
}

// ---- the setup, as the editor sees it ----------------------------------------------------------

export function routingConfig(db: AppDb, workspaceId: string, nowIso: string, editable: boolean): RoutingConfigView {
  const rules = routingRules(db, workspaceId);
  const shadows = new Map(shadowedRules(rules).map((s) => [s.ruleId, s]));
  const counts = rotationCounts(db, workspaceId, nowIso);
  const zone = workspaceZone(db, workspaceId);
  const reps: RoutingRepView[] = repRows(db, workspaceId).map((r) => ({
    userId: r.user_id,
    name: r.display_name,
    role: r.role,
    team: r.team,
    weight: r.weight ?? 1,
    dailyCap: r.daily_cap,
    hours: hoursOf(r) ? { ...hoursOf(r)!, days: [...hoursOf(r)!.days] } : null,
    timeZone: r.time_zone ?? zone,
    inRotation: r.rep_id !== null && r.in_rotation === 1,
    configured: r.rep_id !== null,
    assignedInWindow: counts[r.user_id] ?? 0,
  }));
  const ruleViews: RoutingRuleView[] = rules.map((r) => {
    const s = shadows.get(r.id);
    return {
      id: r.id,
      workspaceId: r.workspaceId,
      name: r.name,
      productTypes: [...r.productTypes],
      zipPatterns: [...r.zipPatterns],
      priority: r.priority,
      isActive: r.isActive,
      targetTeam: r.targetTeam,
      notes: r.notes,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      shadowedBy: s ? { ruleIds: [...s.shadowedBy], message: s.message } : null,
    };
  });
  const teams = [...new Set([...reps.map((r) => r.team), ...rules.map((r) => r.targetTeam)].filter((t): t is string => !!t))].sort();
  const productTypes = [...new Set([...LEAD_TYPES, ...rules.flatMap((r) => r.productTypes)])].sort();
  return { workspaceId, rules: ruleViews, reps, fallbackOwnerId: fallbackOwner(db, workspaceId), teams, productTypes, rotationWindowDays: ROTATION_WINDOW_DAYS, editable };
}

export type RuleFields = Omit<SaveRuleInput, 'workspaceId' | 'id'>;

/** Zip patterns checked one by one, so the error names the one that is wrong. */
export function checkRuleFields(f: RuleFields): RuleFields {
  const zipPatterns = f.zipPatterns.map((p) => p.trim()).filter(Boolean);
  zipPatterns.forEach((p, i) => {
    const t = compileZipPattern(p);
    if (typeof t !== 'function') throw new AppError('invalid_input', `zipPatterns[${i}]: ${t.error}`, [{ field: `zipPatterns.${i}`, message: t.error }]);
  });
  const productTypes = [...new Set(f.productTypes.map((p) => p.trim()).filter(Boolean))];
  return { ...f, zipPatterns, productTypes, targetTeam: f.targetTeam?.trim() || null };
}

export function saveRule(w: Writer, workspaceId: string, id: string | undefined, fields: RuleFields): string {
  const f = checkRuleFields(fields);
  const values = { name: f.name, productTypes: JSON.stringify(f.productTypes), zipCodes: JSON.stringify(f.zipPatterns), priority: f.priority, isActive: f.isActive, targetTeam: f.targetTeam, notes: f.notes };
  return transaction(w.db, () => {
    if (id) {
      const ws = prepared(w.db, 'SELECT workspace_id FROM appointment_routing_rules WHERE id = ? AND deleted_at IS NULL').pluck().get(id) as string | undefined;
      if (ws !== workspaceId) throw new AppError('not_found', 'No such routing rule');
      updateRow(w, appointmentRoutingRules, id, values);
      return id;
    }
    return insertRow(w, appointmentRoutingRules, { workspaceId, createdBy: w.actorUserId, ...values }).id;
  });
}

export function ruleWorkspace(db: AppDb, id: string, includeDeleted = false): string | null {
  return (prepared(db, `SELECT workspace_id FROM appointment_routing_rules WHERE id = ?${includeDeleted ? '' : ' AND deleted_at IS NULL'}`).pluck().get(id) as string | undefined) ?? null;
}

export function deleteRule(w: Writer, id: string): void {
  deleteRow(w, appointmentRoutingRules, id);
}

export function restoreRule(w: Writer, id: string): void {
  restoreRow(w, appointmentRoutingRules, id);
}

export type RepFields = Omit<SaveRepInput, 'workspaceId' | 'userId'>;

/** The rep's routing row; its id is their membership's id (one row per rep, on every device). */
export function saveRep(w: Writer, workspaceId: string, userId: string, f: RepFields): void {
  if (!isValidTimeZone(f.timeZone)) throw new AppError('invalid_input', `timeZone: "${f.timeZone}" is not a time zone`, [{ field: 'timeZone', message: 'not a time zone (e.g. America/Chicago)' }]);
  transaction(w.db, () => {
    const membershipId = prepared(w.db, 'SELECT id FROM workspace_memberships WHERE workspace_id = ? AND user_id = ? AND deleted_at IS NULL').pluck().get(workspaceId, userId) as string | undefined;
    if (!membershipId) throw new AppError('invalid_input', 'userId: the rep must be a member of the workspace', [{ field: 'userId', message: 'not a member of the workspace' }]);
    const values = {
      team: f.team?.trim() || null,
      weight: f.weight,
      dailyCap: f.dailyCap,
      workingDays: f.hours ? JSON.stringify([...new Set(f.hours.days)].sort()) : null,
      workStart: f.hours?.start ?? null,
      workEnd: f.hours?.end ?? null,
      timeZone: f.timeZone,
      inRotation: f.inRotation,
    };
    const existing = prepared(w.db, 'SELECT deleted_at FROM routing_reps WHERE id = ?').get(membershipId) as { deleted_at: string | null } | undefined;
    if (!existing) insertRow(w, routingReps, { id: membershipId, workspaceId, userId, ...values });
    else {
      if (existing.deleted_at) restoreRow(w, routingReps, membershipId);
      updateRow(w, routingReps, membershipId, values);
    }
  });
}

export function setFallbackOwner(w: Writer, workspaceId: string, userId: string | null): void {
  transaction(w.db, () => {
    if (userId && !roleIn(w.db, userId, workspaceId)) {
      throw new AppError('invalid_input', 'userId: the fallback owner must be an active member of the workspace', [{ field: 'userId', message: 'not an active member' }]);
    }
    const exists = prepared(w.db, 'SELECT 1 FROM workspace_settings WHERE id = ?').get(workspaceId);
    if (exists) updateRow(w, workspaceSettings, workspaceId, { routingFallbackUserId: userId });
    else insertRow(w, workspaceSettings, { id: workspaceId, workspaceId, routingFallbackUserId: userId });
  });
}
