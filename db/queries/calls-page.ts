// The calls grid and the pipeline board: filters, days in the workspace's zone, keyset paging.
import { MIN_RFM_SCORE, type Segment } from '../../shared/domain/rfm';
import type { BoardCard, BoardColumn, CallColumnKey, CallRow, CallsPage } from '../../shared/api/calls';
import type { Cursor, LeadFilter } from '../../shared/api/leads';
import { CRM_STAGES, type CrmStage } from '../../shared/domain/crm-stage';
import { prepared, type AppDb } from '../connection';
import { columnCondition, escapeLike, keysetCondition, nextCursorOf, orderBy, type Built, type SqlColumn } from './grid-sql';

const COLUMN_SQL: Partial<Record<CallColumnKey, SqlColumn>> = {
  scheduledAt: { expr: 'k.scheduled_at', nullable: true },
  crmStage: { expr: 'k.crm_stage', nullable: false },
  trafficSource: { expr: 'k.traffic_source', nullable: false },
  repUserId: { expr: 'k.rep_user_id', nullable: true },
  sourceOfSetAppointment: { expr: 'k.source_of_set_appointment', nullable: true },
  leadSource: { expr: 'k.lead_source', nullable: true },
  durationSeconds: { expr: 'k.duration_seconds', nullable: true },
  saleValueCents: { expr: 'k.sale_value_cents', nullable: true },
  callDay: { expr: 'k.call_day', nullable: false },
  createdAt: { expr: 'k.created_at', nullable: false },
  updatedAt: { expr: 'k.updated_at', nullable: false },
};

function columnSql(key: CallColumnKey): SqlColumn {
  const col = COLUMN_SQL[key];
  if (!col) throw new Error(`Calls column ${key} has no SQL mapping`);
  return col;
}

export interface CallsQuery {
  workspaceId: string;
  search: string;
  sort: { col: CallColumnKey; dir: 'asc' | 'desc' }[];
  filters: Partial<Record<CallColumnKey, LeadFilter>>;
  days: { from?: string | undefined; to?: string | undefined };
  after?: Cursor | undefined;
  offset?: number | undefined;
  limit: number;
  includeTotal: boolean;
}

export function buildCallFilters(q: Pick<CallsQuery, 'workspaceId' | 'search' | 'filters' | 'days'>): Built {
  const out: Built = { where: ['k.workspace_id = ?', 'k.deleted_at IS NULL'], params: [q.workspaceId] };
  if (q.days.from) {
    out.where.push('k.call_day >= ?');
    out.params.push(q.days.from);
  }
  if (q.days.to) {
    out.where.push('k.call_day <= ?');
    out.params.push(q.days.to);
  }
  const term = q.search.trim();
  if (term !== '') {
    const like = `${escapeLike(term)}%`;
    const digits = term.replace(/\D/g, '');
    out.where.push(`k.contact_id IN (SELECT id FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL AND (
      first_name LIKE ? ESCAPE '\\' OR last_name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR contact_code = ?${digits.length >= 4 ? ` OR phone LIKE ?` : ''}))`);
    out.params.push(q.workspaceId, like, like, like.toLowerCase(), term, ...(digits.length >= 4 ? [`%${digits}%`] : []));
  }
  for (const [key, filter] of Object.entries(q.filters)) {
    if (!filter) continue;
    if (key === 'contactName') {
      if (filter.kind === 'text') {
        const inner: Built = { where: [], params: [] };
        columnCondition("first_name || ' ' || last_name", filter, inner);
        out.where.push(`k.contact_id IN (SELECT id FROM contacts WHERE workspace_id = ? AND ${inner.where.join(' AND ')})`);
        out.params.push(q.workspaceId, ...inner.params);
      }
      continue;
    }
    if (key === 'repUserId' && filter.kind === 'enum' && filter.values.includes('')) {
      // '' stands for "no rep" (the Unassigned row of a report).
      const ids = filter.values.filter((v) => v !== '');
      out.where.push(`(k.rep_user_id IS NULL${ids.length ? ` OR k.rep_user_id IN (${ids.map(() => '?').join(', ')})` : ''})`);
      out.params.push(...ids);
      continue;
    }
    columnCondition(columnSql(key as CallColumnKey).expr, filter, out);
  }
  return out;
}

const ROW_SELECT = `k.id, k.workspace_id, k.contact_id, k.lead_id, k.rep_user_id, k.scheduled_at, k.started_at, k.duration_seconds,
  k.crm_stage, k.traffic_source, k.traffic_source_reason, k.traffic_source_overridden, k.source_of_set_appointment, k.lead_source,
  k.sale_value_cents, k.call_day, k.created_at, k.updated_at,
  (SELECT trim(c.first_name || ' ' || c.last_name) FROM contacts c WHERE c.id = k.contact_id) AS contact_name,
  (SELECT c.contact_code FROM contacts c WHERE c.id = k.contact_id) AS contact_code,
  (SELECT r.segment FROM contact_rfm r WHERE r.contact_id = k.contact_id) AS contact_segment,
  (SELECT r.score FROM contact_rfm r WHERE r.contact_id = k.contact_id) AS contact_score,
  (SELECT l.lead_type FROM leads l WHERE l.id = k.lead_id) AS lead_type,
  (SELECT u.display_name FROM users u WHERE u.id = k.rep_user_id) AS rep_name`;

type Raw = Record<string, string | number | null>;

function toRow(r: Raw): CallRow {
  return {
    id: r.id as string,
    workspaceId: r.workspace_id as string,
    contactId: r.contact_id as string,
    contactName: (r.contact_name as string | null) ?? '',
    contactCode: (r.contact_code as string | null) ?? '',
    contactSegment: ((r.contact_segment as Segment | null) ?? 'cold'),
    contactScore: (r.contact_score as number | null) ?? MIN_RFM_SCORE,
    leadId: r.lead_id as string | null,
    leadType: r.lead_type as string | null,
    repUserId: r.rep_user_id as string | null,
    repName: r.rep_name as string | null,
    scheduledAt: r.scheduled_at as string | null,
    startedAt: r.started_at as string | null,
    durationSeconds: r.duration_seconds as number | null,
    crmStage: r.crm_stage as CrmStage,
    trafficSource: r.traffic_source as string,
    trafficSourceReason: r.traffic_source_reason as string | null,
    trafficSourceOverridden: r.traffic_source_overridden === 1,
    sourceOfSetAppointment: r.source_of_set_appointment as string | null,
    leadSource: r.lead_source as string | null,
    saleValueCents: r.sale_value_cents as number | null,
    callDay: r.call_day as string,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

export function callsPage(db: AppDb, q: CallsQuery): CallsPage {
  const built = buildCallFilters(q);
  const keys = q.sort.map((s) => ({ ...columnSql(s.col), dir: s.dir }));
  if (q.after) keysetCondition(keys, 'k.id', q.after, built);
  const sortKeys = keys.map((k, i) => `${k.expr} AS k${i}`);
  const sqlText = `SELECT ${ROW_SELECT}${sortKeys.length ? `, ${sortKeys.join(', ')}` : ''} FROM calls k
    WHERE ${built.where.join(' AND ')} ORDER BY ${orderBy(keys, 'k.id')} LIMIT ? OFFSET ?`;
  const raw = prepared(db, sqlText).all(...built.params, q.limit + 1, q.after ? 0 : (q.offset ?? 0)) as Raw[];
  const hasMore = raw.length > q.limit;
  const rows = hasMore ? raw.slice(0, q.limit) : raw;
  let total: number | null = null;
  if (q.includeTotal) {
    const f = buildCallFilters(q);
    total = (prepared(db, `SELECT count(*) AS n FROM calls k WHERE ${f.where.join(' AND ')}`).get(...f.params) as { n: number }).n;
  }
  return { rows: rows.map(toRow), nextCursor: nextCursorOf(rows[rows.length - 1], q.sort, hasMore), total };
}

export interface BoardQuery {
  workspaceId: string;
  days: { from?: string | undefined; to?: string | undefined };
  repUserId?: string | null | undefined;
  trafficSource?: string | null | undefined;
  perStage: number;
}

/** One column per stage: its count and its most recently scheduled calls. */
export function board(db: AppDb, q: BoardQuery): BoardColumn[] {
  const filters: Partial<Record<CallColumnKey, LeadFilter>> = {};
  if (q.repUserId) filters.repUserId = { kind: 'enum', values: [q.repUserId] };
  if (q.trafficSource) filters.trafficSource = { kind: 'enum', values: [q.trafficSource] };
  return CRM_STAGES.map((stage) => {
    const built = buildCallFilters({ workspaceId: q.workspaceId, search: '', filters: { ...filters, crmStage: { kind: 'enum', values: [stage] } }, days: q.days });
    const where = built.where.join(' AND ');
    const sums = prepared(db, `SELECT count(*) AS n, coalesce(sum(k.sale_value_cents), 0) AS value FROM calls k WHERE ${where}`).get(...built.params) as { n: number; value: number };
    // Calls still ahead are listed soonest first; decided ones most recent first.
    const order = stage === 'scheduled' || stage === 'in_progress' ? 'k.scheduled_at ASC, k.id ASC' : 'k.scheduled_at DESC, k.id DESC';
    const cards = (prepared(db, `SELECT ${ROW_SELECT} FROM calls k WHERE ${where} ORDER BY ${order} LIMIT ?`).all(...built.params, q.perStage) as Raw[]).map((r): BoardCard => {
      const row = toRow(r);
      return { id: row.id, contactName: row.contactName, contactCode: row.contactCode, repName: row.repName, scheduledAt: row.scheduledAt, trafficSource: row.trafficSource, saleValueCents: row.saleValueCents, crmStage: row.crmStage };
    });
    return { stage, total: sums.n, saleValueCents: sums.value, cards };
  });
}
