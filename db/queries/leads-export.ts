// The leads grid's CSV export: every lead the grid's filters and search select, in its sort order,
// under the headers of Convio's own import preset, so the file re-imports into the same leads
// without loss (times as ISO UTC, stored status and type values, the lead's id as "Lead ID").
import type { LeadsExport, LeadsExportInput } from '../../shared/api/leads';
import { toCsv } from '../../shared/domain/csv';
import { CONVIO_LEADS_EXPORT_COLUMNS } from '../../shared/domain/import-presets';
import type { ImportFieldKey } from '../../shared/domain/import-fields';
import { prepared, type AppDb } from '../connection';
import { orderBy } from './grid-sql';
import { buildLeadFilters, columnSql } from './leads-page';
import { refreshLeadSearch } from './lead-search';

/** The SQL of each exported field; the lead's own values, the contact's where only it has them. */
const FIELD_SQL: Record<ImportFieldKey, string> = {
  external_id: 'l.id',
  owner_email: '(SELECT u.email FROM users u WHERE u.id = l.owner_user_id)',
  hubspot_id: 'c.hubspot_id',
  keap_id: 'c.keap_id',
  clickfunnels_id: 'c.clickfunnels_id',
  phone: "CASE WHEN l.phone <> '' THEN l.phone ELSE c.phone END",
} as Record<ImportFieldKey, string>;

export function exportLeadsCsv(db: AppDb, q: LeadsExportInput, maxRows: number): LeadsExport {
  if (q.search.trim() !== '') refreshLeadSearch(db);
  const built = buildLeadFilters(q);
  const keys = q.sort.map((s) => ({ ...columnSql(s.col), dir: s.dir }));
  const select = CONVIO_LEADS_EXPORT_COLUMNS.map((c) => `${FIELD_SQL[c.field] ?? `l."${c.field}"`} AS "${c.field}"`).join(', ');
  const rows = prepared(db, `SELECT ${select} FROM leads l LEFT JOIN contacts c ON c.id = l.contact_id WHERE ${built.where.join(' AND ')} ORDER BY ${orderBy(keys, 'l.id')} LIMIT ?`)
    .raw()
    .all(...built.params, maxRows + 1) as unknown[][];
  const truncated = rows.length > maxRows;
  const kept = truncated ? rows.slice(0, maxRows) : rows;
  return { csv: toCsv(CONVIO_LEADS_EXPORT_COLUMNS.map((c) => c.header), kept), rows: kept.length, truncated };
}
