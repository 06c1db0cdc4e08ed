// Manager analytics from the trigger-kept summaries (migration 0003), never from a scan of calls.
import type { AnalyticsDimension, AppointmentSummary, CallStats, CallStatsRow, DailyConversionRow, FunnelRow, WorkspaceConversionRow } from '../../shared/api/analytics';
import { CRM_STAGES } from '../../shared/domain/crm-stage';
import { addCounts, callMetrics, EMPTY_STAGE_COUNTS, type StageCounts } from '../../shared/domain/metrics';
import { prepared, type AppDb } from '../connection';

export interface CallStatsQuery {
  workspaceIds: string[];
  days: { from?: string | undefined; to?: string | undefined };
  repUserId?: string | null | undefined;
  groupBy: AnalyticsDimension[];
}

const DIMENSION_SQL: Record<Exclude<AnalyticsDimension, 'stage'>, { column: string; alias: string }> = {
  day: { column: 'day', alias: 'day' },
  source: { column: 'traffic_source', alias: 'traffic_source' },
  rep: { column: 'rep_user_id', alias: 'rep_user_id' },
  workspace: { column: 'workspace_id', alias: 'workspace_id' },
};

/**
 * Stage counts grouped by any of day / source / rep / workspace (stages are pivoted into columns
 * in SQL, as the metrics need every stage). Reads call_stats_total when no day range, rep or day
 * grouping is asked for, call_stats_daily when no rep is involved, and call_stats_rep_daily
 * otherwise: never calls itself.
 */
export function callStats(db: AppDb, q: CallStatsQuery): Omit<CallStats, 'scopedToRep'> {
  const dims = q.groupBy.filter((d): d is Exclude<AnalyticsDimension, 'stage'> => d !== 'stage');
  const needsRep = dims.includes('rep') || Boolean(q.repUserId);
  const needsDay = dims.includes('day') || Boolean(q.days.from || q.days.to);
  const table = needsRep ? 'call_stats_rep_daily' : needsDay ? 'call_stats_daily' : 'call_stats_total';
  const where = [`workspace_id IN (${q.workspaceIds.map(() => '?').join(', ')})`];
  const params: unknown[] = [...q.workspaceIds];
  if (q.days.from) {
    where.push('day >= ?');
    params.push(q.days.from);
  }
  if (q.days.to) {
    where.push('day <= ?');
    params.push(q.days.to);
  }
  if (q.repUserId) {
    where.push('rep_user_id = ?');
    params.push(q.repUserId);
  }
  const groupCols = dims.map((d) => DIMENSION_SQL[d].column);
  const pivot = CRM_STAGES.map((stage) => `sum(CASE crm_stage WHEN '${stage}' THEN calls ELSE 0 END)`);
  const sqlText = `SELECT ${[...groupCols, ...pivot, 'sum(sale_value_cents)'].join(', ')} FROM ${table}
    WHERE ${where.join(' AND ')}${groupCols.length ? ` GROUP BY ${groupCols.join(', ')}` : ''}`;
  // Raw arrays: a dashboard can read thousands of buckets, and objects cost more than the query.
  const raw = prepared(db, sqlText).raw(true).all(...params) as (string | number | null)[][];

  const repNames = needsRep ? userNames(db) : new Map<string, string>();
  let total = { ...EMPTY_STAGE_COUNTS };
  let totalValue = 0;
  let minDay: string | null = null;
  let maxDay: string | null = null;
  const rows: CallStatsRow[] = [];
  for (const r of raw) {
    const counts = {} as StageCounts;
    CRM_STAGES.forEach((stage, i) => (counts[stage] = Number(r[dims.length + i] ?? 0)));
    const value = Number(r[dims.length + CRM_STAGES.length] ?? 0);
    if (dims.length === 0 && counts.scheduled + counts.in_progress + counts.completed + counts.no_show + counts.closed_won + counts.lost === 0) continue;
    const row: CallStatsRow = { counts, saleValueCents: value, metrics: callMetrics(counts) };
    dims.forEach((d, i) => {
      const v = String(r[i] ?? '');
      if (d === 'day') row.day = v;
      else if (d === 'source') row.trafficSource = v;
      else if (d === 'workspace') row.workspaceId = v;
      else {
        row.repUserId = v || null;
        row.repName = v ? repNames.get(v) ?? 'Unknown user' : 'Unassigned';
      }
    });
    rows.push(row);
    total = addCounts(total, counts);
    totalValue += value;
    if (row.day) {
      if (!minDay || row.day < minDay) minDay = row.day;
      if (!maxDay || row.day > maxDay) maxDay = row.day;
    }
  }
  rows.sort((a, b) => (a.day ?? '').localeCompare(b.day ?? '') || (a.trafficSource ?? '').localeCompare(b.trafficSource ?? '') || (a.repName ?? '').localeCompare(b.repName ?? ''));
  return {
    rows,
    total: { counts: total, saleValueCents: totalValue, metrics: callMetrics(total) },
    days: { from: q.days.from ?? minDay, to: q.days.to ?? maxDay },
  };
}

/** Sums several callStats results (e.g. team scope and own scope) row by row. */
export function mergeCallStats(parts: Omit<CallStats, 'scopedToRep'>[]): Omit<CallStats, 'scopedToRep'> {
  if (parts.length === 1) return parts[0]!;
  const rows = new Map<string, CallStatsRow>();
  let total = { ...EMPTY_STAGE_COUNTS };
  let totalValue = 0;
  let from: string | null = null;
  let to: string | null = null;
  for (const part of parts) {
    for (const r of part.rows) {
      const key = JSON.stringify([r.day, r.trafficSource, r.workspaceId, r.repUserId]);
      const prev = rows.get(key);
      const counts = prev ? addCounts(prev.counts, r.counts) : r.counts;
      rows.set(key, { ...r, counts, saleValueCents: (prev?.saleValueCents ?? 0) + r.saleValueCents, metrics: callMetrics(counts) });
    }
    total = addCounts(total, part.total.counts);
    totalValue += part.total.saleValueCents;
    if (part.days.from && (!from || part.days.from < from)) from = part.days.from;
    if (part.days.to && (!to || part.days.to > to)) to = part.days.to;
  }
  const merged = [...rows.values()].sort((a, b) => (a.day ?? '').localeCompare(b.day ?? '') || (a.trafficSource ?? '').localeCompare(b.trafficSource ?? '') || (a.repName ?? '').localeCompare(b.repName ?? ''));
  return { rows: merged, total: { counts: total, saleValueCents: totalValue, metrics: callMetrics(total) }, days: { from, to } };
}

function userNames(db: AppDb): Map<string, string> {
  return new Map((prepared(db, 'SELECT id, display_name FROM users').all() as { id: string; display_name: string }[]).map((u) => [u.id, u.display_name]));
}

function inList(ids: string[]): string {
  return ids.map(() => '?').join(', ');
}

/** Seed 002's conversion funnel per workspace, from the trigger-kept lead_status_stats. */
export function funnel(db: AppDb, workspaceIds: string[]): FunnelRow[] {
  const rows = prepared(
    db,
    `SELECT w.id, w.name, s.status, coalesce(s.leads, 0) AS leads FROM workspaces w LEFT JOIN lead_status_stats s ON s.workspace_id = w.id
     WHERE w.id IN (${inList(workspaceIds)}) ORDER BY w.name`,
  ).all(...workspaceIds) as { id: string; name: string; status: string | null; leads: number }[];
  const out = new Map<string, FunnelRow>();
  for (const r of rows) {
    let f = out.get(r.id);
    if (!f) {
      f = { workspaceId: r.id, workspaceName: r.name, totalLeads: 0, contactedLeads: 0, qualifiedLeads: 0, convertedLeads: 0, conversionRate: null };
      out.set(r.id, f);
    }
    f.totalLeads += r.leads;
    // A funnel counts a lead at every stage it has passed: converted leads were also qualified and contacted.
    if (r.status === 'contacted' || r.status === 'qualified' || r.status === 'unqualified' || r.status === 'converted') f.contactedLeads += r.leads;
    if (r.status === 'qualified' || r.status === 'converted') f.qualifiedLeads += r.leads;
    if (r.status === 'converted') f.convertedLeads += r.leads;
  }
  for (const f of out.values()) f.conversionRate = f.totalLeads === 0 ? null : f.convertedLeads / f.totalLeads;
  return [...out.values()];
}

/** Seed 002's daily conversion metrics (days in UTC; conversions carry an instant, not a local day). */
export function dailyConversions(db: AppDb, workspaceIds: string[], days: { from?: string | undefined; to?: string | undefined }): DailyConversionRow[] {
  const where = [`workspace_id IN (${inList(workspaceIds)})`, 'deleted_at IS NULL'];
  const params: unknown[] = [...workspaceIds];
  if (days.from) {
    where.push('converted_at >= ?');
    params.push(`${days.from}T00:00:00.000Z`);
  }
  if (days.to) {
    where.push('converted_at < ?');
    params.push(`${days.to}T99`);
  }
  return (
    prepared(
      db,
      `SELECT substr(converted_at, 1, 10) AS day, count(*) AS n, sum(value_cents) AS revenue, count(DISTINCT workspace_id) AS ws, count(DISTINCT converted_by) AS agents
       FROM conversions WHERE ${where.join(' AND ')} GROUP BY 1 ORDER BY 1`,
    ).all(...params) as { day: string; n: number; revenue: number; ws: number; agents: number }[]
  ).map((r) => ({ day: r.day, conversionCount: r.n, revenueCents: r.revenue, avgValueCents: Math.round(r.revenue / r.n), activeWorkspaces: r.ws, activeAgents: r.agents }));
}

/** Seed 002's workspace conversion summary. */
export function workspaceConversions(db: AppDb, workspaceIds: string[]): WorkspaceConversionRow[] {
  return (
    prepared(
      db,
      `SELECT w.id, w.name, count(c.id) AS n, coalesce(sum(c.value_cents), 0) AS revenue, count(DISTINCT c.contact_id) AS contacts, max(c.converted_at) AS last
       FROM workspaces w LEFT JOIN conversions c ON c.workspace_id = w.id AND c.deleted_at IS NULL
       WHERE w.id IN (${inList(workspaceIds)}) GROUP BY w.id ORDER BY w.name`,
    ).all(...workspaceIds) as { id: string; name: string; n: number; revenue: number; contacts: number; last: string | null }[]
  ).map((r) => ({
    workspaceId: r.id,
    workspaceName: r.name,
    totalConversions: r.n,
    totalRevenueCents: r.revenue,
    avgValueCents: r.n === 0 ? 0 : Math.round(r.revenue / r.n),
    uniqueContactsConverted: r.contacts,
    lastConversionAt: r.last,
  }));
}

/** Seed 002's appointment summary view: counts by status and the next appointments. */
export function appointmentSummary(db: AppDb, workspaceId: string, fromIso: string, limit: number): AppointmentSummary {
  const byStatus = prepared(db, 'SELECT status, count(*) AS count FROM appointment_summary_view WHERE workspace_id = ? GROUP BY status ORDER BY count DESC').all(workspaceId) as { status: string; count: number }[];
  const upcoming = (
    prepared(
      db,
      `SELECT v.*, (SELECT display_name FROM users u WHERE u.id = v.assigned_user_id) AS assigned_name FROM appointment_summary_view v
       WHERE v.workspace_id = ? AND v.scheduled_at >= ? ORDER BY v.scheduled_at LIMIT ?`,
    ).all(workspaceId, fromIso, limit) as Record<string, string | null>[]
  ).map((r) => ({
    appointmentId: r.appointment_id!,
    appointmentType: r.appointment_type!,
    scheduledAt: r.scheduled_at!,
    status: r.status!,
    leadType: r.lead_type ?? null,
    source: r.source ?? null,
    contactName: `${r.contact_first_name ?? ''} ${r.contact_last_name ?? ''}`.trim(),
    contactPhone: r.contact_phone ?? '',
    webhookName: r.webhook_name ?? null,
    assignedName: r.assigned_name ?? null,
  }));
  return { byStatus, upcoming };
}

/** Summaries recomputed from scratch, for tests and for checking a database by hand. */
export function recomputeCallStats(db: AppDb): { daily: unknown[]; rep: unknown[]; total: unknown[] } {
  return {
    daily: db.sqlite.prepare(`SELECT workspace_id, call_day AS day, traffic_source, crm_stage, count(*) AS calls, coalesce(sum(sale_value_cents), 0) AS sale_value_cents FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`).all(),
    rep: db.sqlite.prepare(`SELECT workspace_id, call_day AS day, coalesce(rep_user_id, '') AS rep_user_id, traffic_source, crm_stage, count(*) AS calls, coalesce(sum(sale_value_cents), 0) AS sale_value_cents FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`).all(),
    total: db.sqlite.prepare(`SELECT workspace_id, traffic_source, crm_stage, count(*) AS calls, coalesce(sum(sale_value_cents), 0) AS sale_value_cents FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all(),
  };
}

export function storedCallStats(db: AppDb): { daily: unknown[]; rep: unknown[]; total: unknown[] } {
  return {
    daily: db.sqlite.prepare('SELECT * FROM call_stats_daily ORDER BY 1, 2, 3, 4').all(),
    rep: db.sqlite.prepare('SELECT * FROM call_stats_rep_daily ORDER BY 1, 2, 3, 4, 5').all(),
    total: db.sqlite.prepare('SELECT * FROM call_stats_total ORDER BY 1, 2, 3').all(),
  };
}
