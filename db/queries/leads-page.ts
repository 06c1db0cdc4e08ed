// The leads grid's query: filters, quick search and keyset paging done in SQLite, so only one page
// of rows ever leaves the database. Column keys come from the shared contract and map to SQL
// through a fixed table here; user text only ever reaches SQL as a bound parameter.
import type { Cursor, LeadColumnKey, LeadFilter, LeadRow, LeadsPage, SortItem } from '../../shared/api/leads';
import { toFtsQuery } from '../../shared/domain/search-query';
import { prepared, type AppDb } from '../connection';
import { escapeLike } from './contacts';
import { refreshLeadSearch } from './lead-search';

interface SqlColumn {
  expr: string;
  /** false: NULL never occurs, so keyset can use a row-value comparison (one index range scan). */
  nullable: boolean;
}

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
};

function columnSql(key: LeadColumnKey): SqlColumn {
  const col = COLUMN_SQL[key];
  if (!col) throw new Error(`Column ${key} has no SQL mapping`);
  return col;
}

interface Built {
  where: string[];
  params: unknown[];
}

function textCondition(expr: string, filter: Extract<LeadFilter, { kind: 'text' }>, out: Built): void {
  const v = escapeLike(filter.value);
  switch (filter.op) {
    case 'contains':
      out.where.push(`${expr} LIKE ? ESCAPE '\\'`);
      out.params.push(`%${v}%`);
      return;
    case 'notContains':
      out.where.push(`${expr} NOT LIKE ? ESCAPE '\\'`);
      out.params.push(`%${v}%`);
      return;
    case 'startsWith':
      out.where.push(`${expr} LIKE ? ESCAPE '\\'`);
      out.params.push(`${v}%`);
      return;
    case 'endsWith':
      out.where.push(`${expr} LIKE ? ESCAPE '\\'`);
      out.params.push(`%${v}`);
      return;
    case 'equals':
      out.where.push(`${expr} = ? COLLATE NOCASE`);
      out.params.push(filter.value);
      return;
    case 'notEqual':
      out.where.push(`${expr} <> ? COLLATE NOCASE`);
      out.params.push(filter.value);
      return;
    case 'blank':
      out.where.push(`coalesce(${expr}, '') = ''`);
      return;
    case 'notBlank':
      out.where.push(`coalesce(${expr}, '') <> ''`);
      return;
  }
}

function numberCondition(expr: string, filter: Extract<LeadFilter, { kind: 'number' }>, out: Built): void {
  const ops = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
  if (filter.op === 'blank') return void out.where.push(`${expr} IS NULL`);
  if (filter.op === 'notBlank') return void out.where.push(`${expr} IS NOT NULL`);
  if (filter.value === undefined) return;
  if (filter.op === 'between') {
    out.where.push(`${expr} BETWEEN ? AND ?`);
    out.params.push(filter.value, filter.valueTo ?? filter.value);
    return;
  }
  out.where.push(`${expr} ${ops[filter.op]} ?`);
  out.params.push(filter.value);
}

/** Sorts with an index of their own (workspace_id, column, id): see the leads schema. */
const INDEXED_SORTS: ReadonlySet<LeadColumnKey> = new Set(['createdAt', 'updatedAt', 'lastName', 'email']);

function filterCondition(key: LeadColumnKey, filter: LeadFilter, workspaceId: string, out: Built, walkSortIndex: boolean): void {
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
  switch (filter.kind) {
    case 'text':
      return textCondition(expr, filter, out);
    case 'enum':
      out.where.push(`${expr} IN (${filter.values.map(() => '?').join(', ')})`);
      out.params.push(...filter.values);
      return;
    case 'date':
      if (filter.from) {
        out.where.push(`${expr} >= ?`);
        out.params.push(new Date(filter.from).toISOString());
      }
      if (filter.to) {
        out.where.push(`${expr} < ?`);
        out.params.push(new Date(filter.to).toISOString());
      }
      return;
    case 'number':
      return numberCondition(expr, filter, out);
  }
}

/**
 * "Rows after the cursor" in the sort order. All-NOT-NULL keys with one direction become a row-value
 * comparison, which SQLite turns into a single index range scan; otherwise a NULL-aware expansion
 * (SQLite sorts NULL first ascending, last descending).
 */
function keysetCondition(sort: SortItem[], cursor: Cursor, out: Built): void {
  const keys = sort.map((s) => ({ ...columnSql(s.col), dir: s.dir }));
  const lastDir = sort[sort.length - 1]?.dir ?? 'asc';
  const all = [...keys, { expr: 'l.id', nullable: false, dir: lastDir }];
  const values = [...cursor.values, cursor.id];
  const oneDir = all.every((k) => k.dir === all[0]!.dir);
  const noNulls = all.every((k, i) => !k.nullable && values[i] !== null);
  if (oneDir && noNulls) {
    out.where.push(`(${all.map((k) => k.expr).join(', ')}) ${all[0]!.dir === 'asc' ? '>' : '<'} (${all.map(() => '?').join(', ')})`);
    out.params.push(...values);
    return;
  }
  const ors: string[] = [];
  const orParams: unknown[] = [];
  for (let i = 0; i < all.length; i++) {
    const parts: string[] = [];
    const params: unknown[] = [];
    for (let j = 0; j < i; j++) {
      parts.push(`${all[j]!.expr} IS ?`);
      params.push(values[j]);
    }
    const k = all[i]!;
    const v = values[i];
    let after: string | null;
    if (v === null) after = k.dir === 'asc' ? `${k.expr} IS NOT NULL` : null;
    else if (k.dir === 'asc') after = `${k.expr} > ?`;
    else after = k.nullable ? `(${k.expr} < ? OR ${k.expr} IS NULL)` : `${k.expr} < ?`;
    if (after === null) continue;
    parts.push(after);
    if (v !== null) params.push(v);
    ors.push(`(${parts.join(' AND ')})`);
    orParams.push(...params);
  }
  out.where.push(ors.length === 0 ? '0' : `(${ors.join(' OR ')})`);
  out.params.push(...orParams);
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
  (SELECT u.display_name FROM users u WHERE u.id = l.owner_user_id) AS owner_name`;

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
  if (q.after) keysetCondition(q.sort, q.after, built);
  const lastDir = q.sort[q.sort.length - 1]?.dir ?? 'asc';
  const order = [...q.sort.map((s) => `${columnSql(s.col).expr} ${s.dir.toUpperCase()}`), `l.id ${lastDir.toUpperCase()}`];
  const sortKeys = q.sort.map((s, i) => `${columnSql(s.col).expr} AS k${i}`);
  const sqlText = `SELECT ${ROW_SELECT}${sortKeys.length ? ', ' + sortKeys.join(', ') : ''}
    FROM leads l WHERE ${built.where.join(' AND ')}
    ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`;
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
  const last = pageRows[pageRows.length - 1];
  const nextCursor: Cursor | null =
    hasMore && last ? { values: q.sort.map((_, i) => (last[`k${i}`] ?? null) as string | number | null), id: last.id as string } : null;
  let total: number | null = null;
  if (q.includeTotal) {
    const built = buildLeadFilters(q);
    total = (prepared(db, `SELECT count(*) AS n FROM leads l WHERE ${built.where.join(' AND ')}`).get(...built.params) as { n: number }).n;
  }
  return { rows: pageRows.map(toLeadRow), nextCursor, total };
}
