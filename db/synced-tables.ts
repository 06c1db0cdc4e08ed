import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as s from './schema';

// Every table that syncs with Postgres, in dependency order (parents before children), which is
// also the order a first pull applies them in.
export const SYNCED_TABLES = [
  s.workspaces,
  s.users,
  s.workspaceMemberships,
  s.workspaceSettings,
  s.savedViews,
  s.contacts,
  s.contactEvents,
  s.leads,
  s.leadEvents,
  s.calls,
  s.callEvents,
  s.appointments,
  s.appointmentEvents,
  s.appointmentRoutingRules,
  s.routingReps,
  s.conversions,
  s.conversionEvents,
  s.products,
  s.orderItems,
  s.analyticsEvents,
  s.webhookConfigs,
  s.leadSourceProviders,
  s.providerUsageLog,
  s.workspaceTracking,
  s.importBatches,
  s.importErrors,
] as const;

export type SyncedTable = (typeof SYNCED_TABLES)[number];

export interface TableMeta {
  name: string;
  /** property name -> column */
  columns: Record<string, SQLiteColumn>;
  /** column name -> property name */
  propertyOf: Map<string, string>;
  hasWorkspace: boolean;
}

const metaCache = new WeakMap<SQLiteTable, TableMeta>();

export function tableMeta(table: SQLiteTable): TableMeta {
  let meta = metaCache.get(table);
  if (!meta) {
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
    const propertyOf = new Map(Object.entries(columns).map(([prop, col]) => [col.name, prop]));
    meta = { name: getTableName(table), columns, propertyOf, hasWorkspace: propertyOf.has('workspace_id') };
    metaCache.set(table, meta);
  }
  return meta;
}

export const SYNCED_TABLE_NAMES: ReadonlySet<string> = new Set(SYNCED_TABLES.map((t) => getTableName(t)));

export function isSyncedTable(table: SQLiteTable): boolean {
  return SYNCED_TABLE_NAMES.has(getTableName(table));
}
