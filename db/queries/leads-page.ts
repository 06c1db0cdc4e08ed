// The leads grid's query: filters, quick search and keyset paging done in SQLite, so only one page
// of rows ever leaves the database. Column keys come from the shared contract and map to SQL
// through a fixed table here; user text only ever reaches SQL as a bound parameter.
import type { Cursor, LeadColumnKey, LeadFilter, LeadRow, LeadsPage, SortItem } from '../../shared/api/leads';
import { MIN_RFM_SCORE, SEGMENT_KEYS, type Segment } from '../../shared/domain/rfm';
import { toFtsQuery } from '../../shared/domain/search-query';
import { prepared, type AppDb } from '../connection';
import { columnCondition, keysetCondition, nextCursorOf, orderBy, textCondition, type Built, type SqlColumn } from './grid-sql';
import { refreshLeadSearch } from './lead-search';

const COLUMN_SQL: Partial<Record<LeadColumnKey, SqlColumn>> = {
  firstName: { expr: 'l.first_name', nullable: false },
  lastName: { expr: 'l.last_name', nullable: false },
  email: { expr: 'l.email', nullable: false },
  phone: { expr: 'l.phone', nullable: false },
  leadType: { expr: 'l.lead_type', nullable: false },
  status: { expr: 'l.status', nullable: false },
  source: { expr: 'l.source', nullable: false },
  utmSource: { expr: 'l.utm_source', nullable: false },
  utmMedium: { expr: 'l.utm_medium', nullable: false },
  utmCampaign: { expr: 'l.utm_campaign', nullable: false },
  campaignId: { expr: 'l.campaign_id', nullable: false },
  city: { expr: 'l.city', nullable: false },
  state: { expr: 'l.state', nullable: false },
  zipCode: { expr: 'l.zip_code', nullable: false },
  monthlyElectricBillCents: { expr: 'l.monthly_electric_bill_cents', nullable: true },
  roofAge: { expr: 'l.roof_age', nullable: true },
  systemAge: { expr: 'l.system_age', nullable: true },
  coverageAmountCents: { expr: 'l.coverage_amount_cents', nullable: true },
  createdAt: { expr: 'l.created_at', nullable: false },
  updatedAt: { expr: 'l.updated_at', nullable: false },
  // No score row: no conversion yet (R = F = M = 1, score 6).
  rfmScore: { expr: `coalesce((SELECT r.score FROM contact_rfm r WHERE r.contact_id = l.contact_id), ${MIN_RFM_SCORE})`, nullable: false },
};

export function columnSql(key: LeadColumnKey): SqlColumn {
  const col = COLUMN_SQL[key];
  if (!col) throw new Error(`Column ${key} has no SQL mapping`);
  return col;
}

/** Sorts with an index of their own (workspace_id, column, id): see the leads schema. */
const INDEXED_SORTS: ReadonlySet<LeadColumnKey> = new Set(['createdAt', 'updatedAt', 'lastName', 'email']);

function filterCondition(key: LeadColumnKey, filter: LeadFilter, workspaceId: string, out: Built, walkSortIndex: boolean): void {
  if (key === 'segment') {
    if (filter.kind === 'enum') segmentCondition(filter.values, workspaceId, out);
    return;
  }
  // Two columns live outside leads; they filter through a sub-select on their own table.
  if (key === 'contactCode' || key === 'ownerName') {
    const inner: Built = { where: [], params: [] };
    const expr = key === 'contactCode' ? 'contact_code' : 'display_name';
    if (filter.kind === 'text') textCondition(expr, filter, inner);
    if (inner.where.length === 0) return;
    if (key === 'contactCode') {
      out.where.push(`l.contact_id IN (SELECT id FROM contacts WHERE workspace_id = ? AND ${inner.where.join(' AND ')})`);
      out.params.push(workspaceId, ...inner.params);
    } else {
      out.where.push(`l.owner_user_id IN (SELECT id FROM users WHERE ${inner.where.join(' AND ')})`);
      out.params.push(...inner.params);
    }
    return;
  }
  // When the page walks a sort index, a filter must not lure the planner onto its own index and a
  // sort of every match: the unary + keeps the filter as a check on rows read in order.
  const expr = walkSortIndex ? `+${columnSql(key).expr}` : columnSql(key).expr;
  columnCondition(expr, filter, out);
}

/**
 * Through the score index: hot, warm and cool contacts have a score row; cold ones may not (no
 * conversion), so a filter that takes cold excludes the contacts scored into the others instead.
 */
function segmentCondition(values: readonly string[], workspaceId: string, out: Built): void {
  const wanted = SEGMENT_KEYS.filter((s) => values.includes(s));
  if (wanted.length === 0) {
    out.where.push('0');
    return;
  }
  const others = SEGMENT_KEYS.filter((s) => !wanted.includes(s));
  if (others.length === 0) return;
  const marks = (list: readonly string[]) => list.map(() => '?').join(', ');
  if (wanted.includes('cold')) {
    out.where.push(`l.contact_id NOT IN (SELECT contact_id FROM contact_rfm WHERE workspace_id = ? AND segment IN (${marks(others)}))`);
    out.params.push(workspaceId, ...others);
  } else {
    out.where.push(`l.contact_id IN (SELECT contact_id FROM contact_rfm WHERE workspace_id = ? AND segment IN (${marks(wanted)}))`);
    out.params.push(workspaceId, ...wanted);
  }
}

export interface LeadsPageQuery {
  workspaceId: string;
  search: string;
  sort: SortItem[];
  filters: Partial<Record<LeadColumnKey, LeadFilter>>;
  after?: Cursor | undefined;
  offset?: number | undefined;
  limit: number;
  includeTotal: boolean;
}

/** The lead columns a grid row carries (exported so the benchmark's bare query reads the same). */
export const LEAD_ROW_COLUMNS = `l.id, l.workspace_id, l.contact_id, l.first_name, l.last_name, l.email, l.phone, l.phone_status,
  l.lead_type, l.status, l.source, l.campaign_id, l.utm_source, l.utm_medium, l.utm_campaign, l.city, l.state,
  l.zip_code, l.owner_user_id, l.monthly_electric_bill_cents, l.roof_age, l.system_age, l.coverage_amount_cents,
  l.created_at, l.updated_at`;

const ROW_SELECT = `${LEAD_ROW_COLUMNS},
  (SELECT c.contact_code FROM contacts c WHERE c.id = l.contact_id) AS contact_code,
  (SELECT u.display_name FROM users u WHERE u.id = l.owner_user_id) AS owner_name,
  (SELECT r.score FROM contact_rfm r WHERE r.contact_id = l.contact_id) AS rfm_score,
  (SELECT r.segment FROM contact_rfm r WHERE r.contact_id = l.contact_id) AS rfm_segment`;

/** Filter + search conditions (no keyset): shared by the page and the total. */
export function buildLeadFilters(q: Pick<LeadsPageQuery, 'workspaceId' | 'search' | 'filters'> & { sort?: SortItem[] }): Built {
  const out: Built = { where: ['l.workspace_id = ?', 'l.deleted_at IS NULL'], params: [q.workspaceId] };
  const fts = toFtsQuery(q.search);
  if (fts) {
    out.where.push('l.rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)');
    out.params.push(fts);
  }
  const primary = q.sort?.[0]?.col;
  const walkSortIndex = !fts && primary !== undefined && INDEXED_SORTS.has(primary);
  for (const [key, filter] of Object.entries(q.filters)) {
    if (filter) filterCondition(key as LeadColumnKey, filter, q.workspaceId, out, walkSortIndex && key !== primary);
  }
  return out;
}

export function buildLeadsPageSql(q: LeadsPageQuery): { sql: string; params: unknown[] } {
  const built = buildLeadFilters(q);
  const keys = q.sort.map((s) => ({ ...columnSql(s.col), dir: s.dir }));
  if (q.after) keysetCondition(keys, 'l.id', q.after, built);
  const sortKeys = keys.map((k, i) => `${k.expr} AS k${i}`);
  const sqlText = `SELECT ${ROW_SELECT}${sortKeys.length ? ', ' + sortKeys.join(', ') : ''}
    FROM leads l WHERE ${built.where.join(' AND ')}
    ORDER BY ${orderBy(keys, 'l.id')} LIMIT ? OFFSET ?`;
  // One extra row tells whether another page exists without a count.
  return { sql: sqlText, params: [...built.params, q.limit + 1, q.after ? 0 : (q.offset ?? 0)] };
}

type RawLeadRow = Record<string, string | number | null>;

function toLeadRow(r: RawLeadRow): LeadRow {
  return {
    id: r.id as string,
    workspaceId: r.workspace_id as string,
    contactId: r.contact_id as string,
    contactCode: (r.contact_code as string | null) ?? '',
    firstName: r.first_name as string,
    lastName: r.last_name as string,
    email: r.email as string,
    phone: r.phone as string,
    phoneStatus: r.phone_status as string,
    leadType: r.lead_type as string,
    status: r.status as string,
    source: r.source as string,
    campaignId: r.campaign_id as string,
    utmSource: r.utm_source as string,
    utmMedium: r.utm_medium as string,
    utmCampaign: r.utm_campaign as string,
    city: r.city as string,
    state: r.state as string,
    zipCode: r.zip_code as string,
    ownerUserId: r.owner_user_id as string | null,
    ownerName: r.owner_name as string | null,
    monthlyElectricBillCents: r.monthly_electric_bill_cents as number | null,
    roofAge: r.roof_age as number | null,
    systemAge: r.system_age as number | null,
    coverageAmountCents: r.coverage_amount_cents as number | null,
    rfmScore: (r.rfm_score as number | null) ?? MIN_RFM_SCORE,
    segment: ((r.rfm_segment as Segment | null) ?? 'cold'),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

export function leadsPage(db: AppDb, q: LeadsPageQuery): LeadsPage {
  if (q.search.trim() !== '') refreshLeadSearch(db);
  const { sql: sqlText, params } = buildLeadsPageSql(q);
  const raw = prepared(db, sqlText).all(...params) as RawLeadRow[];
  const hasMore = raw.length > q.limit;
  const pageRows = hasMore ? raw.slice(0, q.limit) : raw;
  const nextCursor = nextCursorOf(pageRows[pageRows.length - 1], q.sort, hasMore);
  let total: number | null = null;
  if (q.includeTotal) {
    const built = buildLeadFilters(q);
    total = (prepared(db, `SELECT count(*) AS n FROM leads l WHERE ${built.where.join(' AND ')}`).get(...built.params) as { n: number }).n;
  }
  return { rows: pageRows.map(toLeadRow), nextCursor, total };
}
