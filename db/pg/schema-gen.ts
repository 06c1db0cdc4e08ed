// Generates the Postgres side of sync from the SQLite schema (db/schema), so both always hold the
// same tables and columns: tables with per-column clocks and a commit-safe change position, Row
// Level Security keyed on the authenticated login role, and the set-based apply functions the
// push uses. Version 1 of it is db/pg/migrations/0001_sync_schema.sql; later versions ship as
// generated migrations (schema-migrations.ts), and a test checks that a server migrated through
// all of them matches what this generator makes of the schema now.
import { getTableName } from 'drizzle-orm';
import { getTableConfig, SQLiteSyncDialect, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SYNCED_TABLES } from '../synced-tables';
import { LOCAL_COLUMNS } from '../write';
import { pushFunctions } from './push-functions';

export const PG_SCHEMA = 'convio';
/** Bumped with every Postgres migration; the client refuses to sync against any other. */
export const PG_SCHEMA_VERSION = 3;

export interface PgColumn {
  name: string;
  type: 'uuid' | 'text' | 'timestamptz' | 'bigint' | 'boolean' | 'double precision';
  notNull: boolean;
  defaultSql: string | null;
}

export interface PgTable {
  name: string;
  columns: PgColumn[];
  /** How rows are shared: by their workspace, the workspace itself, or users (by shared workspace). */
  tenancy: 'workspace' | 'self' | 'user';
  /** Who may write: any member, or only the workspace's admins. */
  writers: 'member' | 'admin' | 'none';
}

const ADMIN_WRITES = new Set(['workspace_memberships', 'workspace_settings', 'workspaces', 'appointment_routing_rules', 'routing_reps']);

function foreignKeyColumns(table: SQLiteTable): Map<string, string> {
  const out = new Map<string, string>();
  for (const fk of getTableConfig(table).foreignKeys) {
    const ref = fk.reference();
    ref.columns.forEach((c) => out.set(c.name, getTableName(ref.foreignTable)));
  }
  return out;
}

function pgType(column: SQLiteColumn, fks: Map<string, string>): PgColumn['type'] {
  if (column.primary || fks.has(column.name)) return 'uuid';
  switch (column.columnType) {
    case 'SQLiteBoolean':
      return 'boolean';
    case 'SQLiteInteger':
      return 'bigint';
    case 'SQLiteReal':
      return 'double precision';
    default:
      return column.name.endsWith('_at') ? 'timestamptz' : 'text';
  }
}

function defaultSql(column: SQLiteColumn): string | null {
  if (!column.hasDefault || column.default === undefined) return null;
  const d = column.default as unknown;
  if (typeof d === 'boolean') return d ? 'true' : 'false';
  if (typeof d === 'number') return String(d);
  if (typeof d === 'string') return `'${d.replace(/'/g, "''")}'`;
  return null;
}

export function pgTables(): PgTable[] {
  return SYNCED_TABLES.map((table) => {
    const t = table as unknown as SQLiteTable;
    const name = getTableName(t);
    const fks = foreignKeyColumns(t);
    const local = LOCAL_COLUMNS[name];
    const columns = getTableConfig(t)
      .columns.filter((c) => !local?.has(c.name))
      .map((c): PgColumn => ({ name: c.name, type: pgType(c, fks), notNull: c.notNull || c.primary, defaultSql: defaultSql(c) }));
    const tenancy = name === 'workspaces' ? 'self' : name === 'users' ? 'user' : 'workspace';
    return { name, columns, tenancy, writers: name === 'users' ? 'none' : ADMIN_WRITES.has(name) ? 'admin' : 'member' };
  });
}

const q = (name: string) => `"${name}"`;
const qt = (name: string) => `${PG_SCHEMA}.${q(name)}`;

export function createTable(table: SQLiteTable, pg: PgTable): string {
  const cfg = getTableConfig(table);
  const lines = pg.columns.map((c) => `  ${q(c.name)} ${c.type}${c.name === 'id' ? ' PRIMARY KEY' : ''}${c.notNull && c.name !== 'id' ? ' NOT NULL' : ''}${c.defaultSql ? ` DEFAULT ${c.defaultSql}` : ''}`);
  // Column clocks: "_clock" for every column not named in "_clocks" (push-functions.ts).
  lines.push(`  "_clock" text NOT NULL DEFAULT ''`);
  lines.push(`  "_clocks" jsonb NOT NULL DEFAULT '{}'::jsonb`);
  lines.push(`  "_xid" xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  for (const fk of cfg.foreignKeys) {
    const ref = fk.reference();
    // The tenant column needs no key check of its own: the row-level policy lets a member write
    // only rows of a workspace they belong to (a membership keeps its key to the workspace), and a
    // workspace is never deleted (workspaces_keep). A check per pushed row costs ~13 µs.
    if (pg.tenancy === 'workspace' && pg.name !== 'workspace_memberships' && ref.columns.length === 1 && ref.columns[0]!.name === 'workspace_id' && getTableName(ref.foreignTable) === 'workspaces') continue;
    // Checked at once (not deferred to commit): the push applies tables parents first, so a
    // child whose parent was refused is refused itself, in its own statement, and parked,
    // instead of failing the whole batch at commit.
    lines.push(`  FOREIGN KEY (${ref.columns.map((c) => q(c.name)).join(', ')}) REFERENCES ${qt(getTableName(ref.foreignTable))} (${ref.foreignColumns.map((c) => q(c.name)).join(', ')})`);
  }
  for (const c of cfg.columns) {
    if (c.isUnique && c.name !== 'id') lines.push(`  UNIQUE (${q(c.name)})`);
  }
  // The same CHECK rules as the local schema, so the server refuses what the app would.
  for (const check of cfg.checks) {
    lines.push(`  CONSTRAINT ${q(check.name)} CHECK (${checkSql(pg.name, check.value)})`);
  }
  const out = [`CREATE TABLE ${qt(pg.name)} (\n${lines.join(',\n')}\n);`];
  for (const idx of cfg.indexes) {
    if (!idx.config.unique) continue;
    const cols = idx.config.columns.map((c) => q((c as SQLiteColumn).name)).join(', ');
    out.push(`CREATE UNIQUE INDEX ${q(`${pg.name}_${idx.config.name}`)} ON ${qt(pg.name)} (${cols});`);
  }
  // The pull reads each table in change order; RLS filters by workspace.
  if (pg.name === 'workspaces') {
    out.push(`CREATE TRIGGER "workspaces_keep" BEFORE DELETE ON ${qt(pg.name)} FOR EACH STATEMENT EXECUTE FUNCTION ${PG_SCHEMA}.refuse_workspace_delete();`);
  }
  out.push(`CREATE INDEX ${q(`${pg.name}_sync_pull_idx`)} ON ${qt(pg.name)} ("_xid", "id");`);
  if (pg.tenancy === 'workspace') out.push(`CREATE INDEX ${q(`${pg.name}_workspace_idx`)} ON ${qt(pg.name)} ("workspace_id");`);
  // Only writes that did not set the change position themselves run the function (an insert's
  // default and the push's statements already do): a trigger call per pushed row is not free.
  out.push(
    `CREATE TRIGGER ${q(`${pg.name}_sync_xid`)} BEFORE INSERT OR UPDATE ON ${qt(pg.name)} FOR EACH ROW WHEN (NEW."_xid" IS DISTINCT FROM pg_current_xact_id()) EXECUTE FUNCTION ${PG_SCHEMA}.stamp_change();`,
  );
  return out.join('\n');
}

const dialect = new SQLiteSyncDialect();

/** A drizzle CHECK expression for Postgres: unqualified columns, and SQLite's GLOB as a regex. */
function checkSql(table: string, value: Parameters<SQLiteSyncDialect['sqlToQuery']>[0]): string {
  let text = dialect.sqlToQuery(value).sql.split(`"${table}".`).join('');
  text = text.replace(/GLOB '((?:\[[^\]]+\])+)'/g, (_m, classes: string) => `~ '^${classes}$'`);
  if (/GLOB|\?/.test(text)) throw new Error(`CHECK on ${table} uses SQL this generator cannot translate: ${text}`);
  return text;
}

export function policies(pg: PgTable): string {
  const t = qt(pg.name);
  const out = [`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;`, `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;`];
  const member = pg.tenancy === 'self' ? `"id" IN (SELECT ${PG_SCHEMA}.my_workspace_ids())` : pg.tenancy === 'user' ? `"id" IN (SELECT ${PG_SCHEMA}.visible_user_ids())` : `"workspace_id" IN (SELECT ${PG_SCHEMA}.my_workspace_ids())`;
  out.push(`CREATE POLICY ${q(`${pg.name}_read`)} ON ${t} FOR SELECT TO convio_member USING (${member});`);
  if (pg.writers === 'member') {
    out.push(`CREATE POLICY ${q(`${pg.name}_insert`)} ON ${t} FOR INSERT TO convio_member WITH CHECK (${member});`);
    out.push(`CREATE POLICY ${q(`${pg.name}_update`)} ON ${t} FOR UPDATE TO convio_member USING (${member}) WITH CHECK (${member});`);
  } else if (pg.writers === 'admin') {
    const ws = pg.tenancy === 'self' ? '"id"' : '"workspace_id"';
    const admin = `${PG_SCHEMA}.my_role(${ws}) = 'admin'`;
    if (pg.tenancy !== 'self') out.push(`CREATE POLICY ${q(`${pg.name}_insert`)} ON ${t} FOR INSERT TO convio_member WITH CHECK (${admin});`);
    out.push(`CREATE POLICY ${q(`${pg.name}_update`)} ON ${t} FOR UPDATE TO convio_member USING (${admin}) WITH CHECK (${admin});`);
  } else {
    // Users edit their own profile only; accounts are created by the admin CLI.
    out.push(`CREATE POLICY ${q(`${pg.name}_update`)} ON ${t} FOR UPDATE TO convio_member USING ("login_role" = session_user) WITH CHECK ("login_role" = session_user);`);
  }
  out.push(`GRANT SELECT, INSERT, UPDATE ON ${t} TO convio_member;`);
  return out.join('\n');
}

export function generateSyncSchema(): string {
  const tables = SYNCED_TABLES.map((t) => t as unknown as SQLiteTable);
  const pgs = pgTables();
  const parts: string[] = [
    `-- GENERATED by db/pg/schema-gen.ts from the SQLite schema. Do not edit by hand; a test checks it.`,
    `-- Postgres side of sync, schema version ${PG_SCHEMA_VERSION}.`,
  ];
  parts.push(HEADER_SQL);
  tables.forEach((table, i) => parts.push(createTable(table, pgs[i]!)));
  parts.push(MEMBERSHIP_FUNCTIONS_SQL);
  pgs.forEach((pg) => parts.push(policies(pg)));
  parts.push(pushFunctions(PG_SCHEMA, pgs));
  parts.push(schemaVersionSql());
  return `${parts.join('\n\n')}\n`;
}

export function schemaVersionSql(): string {
  return `CREATE FUNCTION ${PG_SCHEMA}.schema_version() RETURNS integer LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $fn$ SELECT ${PG_SCHEMA_VERSION} $fn$;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.schema_version() TO PUBLIC;`;
}

const HEADER_SQL = `CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA};
-- Every user's login role is a member of convio_member; privileges and policies name only it.
DO $do$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'convio_member') THEN CREATE ROLE convio_member NOLOGIN; END IF;
  -- Owns the few SECURITY DEFINER look-ups that policies need (they read memberships, which are
  -- themselves behind RLS); it cannot log in.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'convio_definer') THEN CREATE ROLE convio_definer NOLOGIN BYPASSRLS; END IF;
END $do$;
GRANT USAGE ON SCHEMA ${PG_SCHEMA} TO convio_member, convio_definer;
-- A push streams its rows into per-session staging tables (push-functions.ts).
DO $do$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO convio_member', current_database()); END $do$;
REVOKE CREATE ON SCHEMA ${PG_SCHEMA} FROM PUBLIC;

-- Every write stamps the row with its transaction's id: the pull's commit-safe change position.
CREATE FUNCTION ${PG_SCHEMA}.stamp_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
  NEW."_xid" := pg_current_xact_id();
  RETURN NEW;
END $fn$;

-- Workspaces are closed with a tombstone (deleted_at), never deleted: their rows keep a valid tenant.
CREATE FUNCTION ${PG_SCHEMA}.refuse_workspace_delete() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
  RAISE EXCEPTION 'Workspaces are never deleted: set deleted_at to close one' USING ERRCODE = '23503';
END $fn$;

-- Which client (device) has had which outbox sequence applied: pushes are idempotent by it.
CREATE TABLE ${PG_SCHEMA}.sync_clients (
  client_id text PRIMARY KEY,
  login_role name NOT NULL DEFAULT session_user,
  acked_seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Changes a push refused, with the reason, so a retried push reports them again.
CREATE TABLE ${PG_SCHEMA}.sync_rejections (
  client_id text NOT NULL,
  seq bigint NOT NULL,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, seq)
);
ALTER TABLE ${PG_SCHEMA}.sync_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${PG_SCHEMA}.sync_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY sync_clients_own ON ${PG_SCHEMA}.sync_clients TO convio_member USING (login_role = session_user) WITH CHECK (login_role = session_user);
ALTER TABLE ${PG_SCHEMA}.sync_rejections ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${PG_SCHEMA}.sync_rejections FORCE ROW LEVEL SECURITY;
CREATE POLICY sync_rejections_own ON ${PG_SCHEMA}.sync_rejections TO convio_member
  USING (client_id IN (SELECT client_id FROM ${PG_SCHEMA}.sync_clients)) WITH CHECK (client_id IN (SELECT client_id FROM ${PG_SCHEMA}.sync_clients));
GRANT SELECT, INSERT, UPDATE ON ${PG_SCHEMA}.sync_clients, ${PG_SCHEMA}.sync_rejections TO convio_member;`;

const MEMBERSHIP_FUNCTIONS_SQL = `-- Policy look-ups. SECURITY DEFINER (owned by convio_definer, which bypasses RLS) because
-- memberships are themselves behind RLS; search_path pinned; they answer only for session_user,
-- the authenticated login role, which no client can SET.
CREATE FUNCTION ${PG_SCHEMA}.my_workspace_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${PG_SCHEMA} AS $fn$
  SELECT m.workspace_id FROM ${PG_SCHEMA}.workspace_memberships m JOIN ${PG_SCHEMA}.users u ON u.id = m.user_id
  WHERE u.login_role = session_user AND m.status = 'active' AND m.deleted_at IS NULL AND u.deleted_at IS NULL
$fn$;
CREATE FUNCTION ${PG_SCHEMA}.my_role(ws uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${PG_SCHEMA} AS $fn$
  SELECT m.role FROM ${PG_SCHEMA}.workspace_memberships m JOIN ${PG_SCHEMA}.users u ON u.id = m.user_id
  WHERE u.login_role = session_user AND m.workspace_id = ws AND m.status = 'active' AND m.deleted_at IS NULL AND u.deleted_at IS NULL
$fn$;
CREATE FUNCTION ${PG_SCHEMA}.visible_user_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, ${PG_SCHEMA} AS $fn$
  SELECT u.id FROM ${PG_SCHEMA}.users u WHERE u.login_role = session_user
  UNION
  SELECT m.user_id FROM ${PG_SCHEMA}.workspace_memberships m WHERE m.workspace_id IN (SELECT ${PG_SCHEMA}.my_workspace_ids())
$fn$;
ALTER FUNCTION ${PG_SCHEMA}.my_workspace_ids() OWNER TO convio_definer;
ALTER FUNCTION ${PG_SCHEMA}.my_role(uuid) OWNER TO convio_definer;
ALTER FUNCTION ${PG_SCHEMA}.visible_user_ids() OWNER TO convio_definer;
GRANT SELECT ON ${PG_SCHEMA}.workspace_memberships, ${PG_SCHEMA}.users TO convio_definer;
REVOKE ALL ON FUNCTION ${PG_SCHEMA}.my_workspace_ids(), ${PG_SCHEMA}.my_role(uuid), ${PG_SCHEMA}.visible_user_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.my_workspace_ids(), ${PG_SCHEMA}.my_role(uuid), ${PG_SCHEMA}.visible_user_ids() TO convio_member;`;
