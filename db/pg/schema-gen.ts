// Generates the Postgres side of sync from the SQLite schema (db/schema), so both always hold the
// same tables and columns: tables with per-column clocks and a commit-safe change position, Row
// Level Security keyed on the authenticated login role, and the set-based apply functions the
// push uses. The generated SQL is committed as db/pg/migrations/0001_sync_schema.sql; a test
// checks it still matches this generator.
import { getTableName } from 'drizzle-orm';
import { getTableConfig, SQLiteSyncDialect, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SYNCED_TABLES } from '../synced-tables';
import { LOCAL_COLUMNS } from '../write';

export const PG_SCHEMA = 'convio';
/** Bumped with every Postgres migration; the client refuses to sync against any other. */
export const PG_SCHEMA_VERSION = 1;

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

const ADMIN_WRITES = new Set(['workspace_memberships', 'workspace_settings', 'workspaces']);

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

function createTable(table: SQLiteTable, pg: PgTable): string {
  const cfg = getTableConfig(table);
  const lines = pg.columns.map((c) => `  ${q(c.name)} ${c.type}${c.name === 'id' ? ' PRIMARY KEY' : ''}${c.notNull && c.name !== 'id' ? ' NOT NULL' : ''}${c.defaultSql ? ` DEFAULT ${c.defaultSql}` : ''}`);
  lines.push(`  "_clocks" jsonb NOT NULL DEFAULT '{}'::jsonb`);
  lines.push(`  "_xid" xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  for (const fk of cfg.foreignKeys) {
    const ref = fk.reference();
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
  out.push(`CREATE INDEX ${q(`${pg.name}_sync_pull_idx`)} ON ${qt(pg.name)} ("_xid", "id");`);
  if (pg.tenancy === 'workspace') out.push(`CREATE INDEX ${q(`${pg.name}_workspace_idx`)} ON ${qt(pg.name)} ("workspace_id");`);
  out.push(`CREATE TRIGGER ${q(`${pg.name}_sync_xid`)} BEFORE INSERT OR UPDATE ON ${qt(pg.name)} FOR EACH ROW EXECUTE FUNCTION ${PG_SCHEMA}.stamp_change();`);
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

function policies(pg: PgTable): string {
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

/** The set-based writers the push uses: one statement per table per batch, per-column last writer wins. */
function applyFunctions(pg: PgTable): string {
  const t = qt(pg.name);
  const cols = pg.columns.map((c) => c.name);
  const newer = (c: string) => `${PG_SCHEMA}.newer(c.clocks, t."_clocks", '${c}')`;
  const setExcluded = cols
    .filter((c) => c !== 'id' && c !== 'workspace_id')
    .map((c) => `    ${q(c)} = CASE WHEN ${PG_SCHEMA}.newer(EXCLUDED."_clocks", t."_clocks", '${c}') THEN EXCLUDED.${q(c)} ELSE t.${q(c)} END`);
  const setUpdate = cols
    .filter((c) => c !== 'id' && c !== 'workspace_id')
    .map((c) => `    ${q(c)} = CASE WHEN ${newer(c)} THEN r.${q(c)} ELSE t.${q(c)} END`);
  return `CREATE FUNCTION ${PG_SCHEMA}.${q(`apply_${pg.name}_inserts`)}(p jsonb) RETURNS SETOF uuid
LANGUAGE sql SECURITY INVOKER SET search_path = pg_catalog, ${PG_SCHEMA} AS $fn$
  INSERT INTO ${t} AS t (${cols.map(q).join(', ')}, "_clocks")
  SELECT ${cols.map((c) => `r.${q(c)}`).join(', ')}, c.clocks
  FROM jsonb_to_recordset(p) AS c(id uuid, data jsonb, clocks jsonb)
  CROSS JOIN LATERAL jsonb_populate_record(NULL::${t}, c.data) AS r
  ON CONFLICT ("id") DO UPDATE SET
${setExcluded.join(',\n')},
    "_clocks" = ${PG_SCHEMA}.merge_clocks(t."_clocks", EXCLUDED."_clocks")
  RETURNING t."id";
$fn$;
CREATE FUNCTION ${PG_SCHEMA}.${q(`apply_${pg.name}_updates`)}(p jsonb) RETURNS SETOF uuid
LANGUAGE sql SECURITY INVOKER SET search_path = pg_catalog, ${PG_SCHEMA} AS $fn$
  UPDATE ${t} AS t SET
${setUpdate.join(',\n')},
    "_clocks" = ${PG_SCHEMA}.merge_clocks(t."_clocks", c.clocks)
  FROM jsonb_to_recordset(p) AS c(id uuid, data jsonb, clocks jsonb)
  CROSS JOIN LATERAL jsonb_populate_record(NULL::${t}, c.data) AS r
  WHERE t."id" = c.id
  RETURNING t."id";
$fn$;
REVOKE ALL ON FUNCTION ${PG_SCHEMA}.${q(`apply_${pg.name}_inserts`)}(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${PG_SCHEMA}.${q(`apply_${pg.name}_updates`)}(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.${q(`apply_${pg.name}_inserts`)}(jsonb) TO convio_member;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.${q(`apply_${pg.name}_updates`)}(jsonb) TO convio_member;`;
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
  pgs.forEach((pg) => parts.push(applyFunctions(pg)));
  parts.push(pushFunction(pgs));
  parts.push(`CREATE FUNCTION ${PG_SCHEMA}.schema_version() RETURNS integer LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $fn$ SELECT ${PG_SCHEMA_VERSION} $fn$;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.schema_version() TO PUBLIC;`);
  return `${parts.join('\n\n')}\n`;
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
REVOKE CREATE ON SCHEMA ${PG_SCHEMA} FROM PUBLIC;

-- Every write stamps the row with its transaction's id: the pull's commit-safe change position.
CREATE FUNCTION ${PG_SCHEMA}.stamp_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
  NEW."_xid" := pg_current_xact_id();
  RETURN NEW;
END $fn$;

-- Per-column last writer wins: is the incoming clock for this column newer than the stored one?
CREATE FUNCTION ${PG_SCHEMA}.newer(incoming jsonb, stored jsonb, col text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $fn$
  SELECT incoming ? col AND (incoming ->> col) > coalesce(stored ->> col, '')
$fn$;

CREATE FUNCTION ${PG_SCHEMA}.merge_clocks(stored jsonb, incoming jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $fn$
  SELECT coalesce(stored, '{}'::jsonb) || coalesce((
    SELECT jsonb_object_agg(key, value) FROM jsonb_each(coalesce(incoming, '{}'::jsonb)) AS i(key, value)
    WHERE (value #>> '{}') > coalesce(stored ->> key, '')
  ), '{}'::jsonb)
$fn$;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.newer(jsonb, jsonb, text), ${PG_SCHEMA}.merge_clocks(jsonb, jsonb) TO convio_member;

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

function pushFunction(pgs: PgTable[]): string {
  const order = pgs.map((p) => `'${p.name}'`).join(', ');
  return `-- One push: a batch of collapsed changes (one per row: data and a clock per column). Applied
-- set-based per table; when a table's statement fails, its changes are applied one by one so a
-- refused change is parked with the server's reason and the rest still land. Idempotent by
-- (client, sequence): a batch already applied is answered from the record, not applied again.
CREATE FUNCTION ${PG_SCHEMA}.push(p_client text, p_batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${PG_SCHEMA} AS $fn$
DECLARE
  v_first bigint := (p_batch ->> 'first_seq')::bigint;
  v_last bigint := (p_batch ->> 'last_seq')::bigint;
  v_acked bigint;
  v_table text;
  v_op text;
  v_changes jsonb;
  v_applied uuid[];
  v_change jsonb;
  v_rejected jsonb := '[]'::jsonb;
  v_one uuid[];
BEGIN
  INSERT INTO ${PG_SCHEMA}.sync_clients (client_id) VALUES (p_client) ON CONFLICT (client_id) DO NOTHING;
  SELECT acked_seq INTO v_acked FROM ${PG_SCHEMA}.sync_clients WHERE client_id = p_client FOR UPDATE;
  IF v_acked IS NULL THEN
    RAISE EXCEPTION 'This device id is registered to another user' USING ERRCODE = '42501';
  END IF;
  IF v_last <= v_acked THEN
    RETURN jsonb_build_object('acked', v_acked, 'replayed', true, 'rejected', coalesce((
      SELECT jsonb_agg(jsonb_build_object('seq', seq, 'table', table_name, 'id', row_id, 'reason', reason) ORDER BY seq)
      FROM ${PG_SCHEMA}.sync_rejections WHERE client_id = p_client AND seq BETWEEN v_first AND v_last), '[]'::jsonb));
  END IF;

  FOREACH v_table IN ARRAY ARRAY[${order}] LOOP
    FOREACH v_op IN ARRAY ARRAY['insert', 'update'] LOOP
      SELECT jsonb_agg(ch) INTO v_changes FROM jsonb_array_elements(p_batch -> 'changes') AS ch
        WHERE ch ->> 'table' = v_table AND ch ->> 'op' = v_op AND (ch ->> 'seq')::bigint > v_acked;
      CONTINUE WHEN v_changes IS NULL;
      BEGIN
        IF v_table = 'contacts' AND v_op = 'insert' THEN
          v_changes := ${PG_SCHEMA}.resolve_contact_codes(v_changes);
        END IF;
        EXECUTE format('SELECT array_agg(x) FROM ${PG_SCHEMA}.%I($1) AS x', 'apply_' || v_table || '_' || v_op || 's') INTO v_applied USING v_changes;
      EXCEPTION WHEN OTHERS THEN
        -- Something in the batch was refused: find it by applying one change at a time.
        v_applied := ARRAY[]::uuid[];
        FOR v_change IN SELECT * FROM jsonb_array_elements(v_changes) LOOP
          BEGIN
            EXECUTE format('SELECT array_agg(x) FROM ${PG_SCHEMA}.%I($1) AS x', 'apply_' || v_table || '_' || v_op || 's') INTO v_one USING jsonb_build_array(v_change);
            v_applied := v_applied || coalesce(v_one, ARRAY[]::uuid[]);
          EXCEPTION WHEN OTHERS THEN
            -- The message names the rule (constraint, policy), never the row's values.
            v_rejected := v_rejected || jsonb_build_object('seq', v_change -> 'seq', 'table', v_table, 'id', v_change ->> 'id', 'reason', SQLERRM);
          END;
        END LOOP;
      END;
      -- An update whose row the server does not have (or this user may not see) cannot apply.
      v_rejected := v_rejected || coalesce((
        SELECT jsonb_agg(jsonb_build_object('seq', ch -> 'seq', 'table', v_table, 'id', ch ->> 'id',
          'reason', 'The row is not on the server (its creation was refused, or it is not yours to change)'))
        FROM jsonb_array_elements(v_changes) AS ch
        WHERE NOT ((ch ->> 'id')::uuid = ANY (coalesce(v_applied, ARRAY[]::uuid[])))
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_rejected) r WHERE r -> 'seq' = ch -> 'seq')
      ), '[]'::jsonb);
    END LOOP;
  END LOOP;

  INSERT INTO ${PG_SCHEMA}.sync_rejections (client_id, seq, table_name, row_id, reason)
  SELECT p_client, (r ->> 'seq')::bigint, r ->> 'table', (r ->> 'id')::uuid, r ->> 'reason' FROM jsonb_array_elements(v_rejected) AS r
  ON CONFLICT (client_id, seq) DO UPDATE SET reason = EXCLUDED.reason;
  UPDATE ${PG_SCHEMA}.sync_clients SET acked_seq = v_last, updated_at = now() WHERE client_id = p_client;
  -- Every refusal in the range, including ones recorded by an earlier, interrupted attempt.
  RETURN jsonb_build_object('acked', v_last, 'replayed', false, 'rejected', coalesce((
    SELECT jsonb_agg(jsonb_build_object('seq', seq, 'table', table_name, 'id', row_id, 'reason', reason) ORDER BY seq)
    FROM ${PG_SCHEMA}.sync_rejections WHERE client_id = p_client AND seq BETWEEN v_first AND v_last), '[]'::jsonb));
END $fn$;
REVOKE ALL ON FUNCTION ${PG_SCHEMA}.push(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.push(text, jsonb) TO convio_member;

-- Contact codes are unique per workspace, but two laptops offline may mint the same one: the
-- server keeps the first and gives the later contact a free code (its new value syncs back).
CREATE FUNCTION ${PG_SCHEMA}.resolve_contact_codes(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${PG_SCHEMA} AS $fn$
DECLARE
  v_out jsonb := '[]'::jsonb;
  v_ch jsonb;
  v_ws uuid;
  v_code text;
  v_taken text[] := ARRAY[]::text[];
BEGIN
  FOR v_ch IN SELECT * FROM jsonb_array_elements(p) LOOP
    v_ws := (v_ch -> 'data' ->> 'workspace_id')::uuid;
    v_code := v_ch -> 'data' ->> 'contact_code';
    IF v_code IS NOT NULL AND (v_code = ANY (v_taken) OR EXISTS (
      SELECT 1 FROM ${PG_SCHEMA}.contacts c WHERE c.workspace_id = v_ws AND c.contact_code = v_code AND c.id <> (v_ch ->> 'id')::uuid)) THEN
      LOOP
        v_code := (100000 + floor(random() * 900000))::int::text;
        EXIT WHEN NOT (v_code = ANY (v_taken)) AND NOT EXISTS (SELECT 1 FROM ${PG_SCHEMA}.contacts c WHERE c.workspace_id = v_ws AND c.contact_code = v_code);
      END LOOP;
      v_ch := jsonb_set(v_ch, '{data,contact_code}', to_jsonb(v_code));
    END IF;
    v_taken := v_taken || v_code;
    v_out := v_out || jsonb_build_array(v_ch);
  END LOOP;
  RETURN v_out;
END $fn$;
REVOKE ALL ON FUNCTION ${PG_SCHEMA}.resolve_contact_codes(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${PG_SCHEMA}.resolve_contact_codes(jsonb) TO convio_member;`;
}
