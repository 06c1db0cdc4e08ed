// Server administration (the admin CLI): apply the Postgres migrations, create workspaces, and
// provision users as login roles with passwords and memberships. Runs as the database owner.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { encodeHlc } from '../../shared/domain/hlc';
import { uuidv7 } from '../../shared/domain/ids';
import type { Role } from '../../shared/domain/leads';
import { PG_SCHEMA, PG_SCHEMA_VERSION } from './schema-gen';

export const PG_MIGRATIONS_FOLDER = join(__dirname, 'migrations');

export interface PgMigrationResult {
  applied: string[];
  version: number;
}

/** Applies db/pg/migrations/*.sql in order, each in its own transaction, recording name and hash. */
export async function migratePg(client: Client, folder = PG_MIGRATIONS_FOLDER): Promise<PgMigrationResult> {
  await client.query(`CREATE TABLE IF NOT EXISTS public.convio_schema_migrations (
    name text PRIMARY KEY, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Map((await client.query<{ name: string; hash: string }>('SELECT name, hash FROM public.convio_schema_migrations')).rows.map((r) => [r.name, r.hash]));
  const applied: string[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) {
    const sqlText = readFileSync(join(folder, file), 'utf8');
    const hash = createHash('sha256').update(sqlText).digest('hex');
    const previous = done.get(file);
    if (previous) {
      if (previous !== hash) throw new Error(`Server migration ${file} was changed after it was applied; ship a new migration instead.`);
      continue;
    }
    await client.query('BEGIN');
    try {
      await client.query(sqlText);
      await client.query('INSERT INTO public.convio_schema_migrations (name, hash) VALUES ($1, $2)', [file, hash]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw new Error(`Server migration ${file} failed: ${(err as Error).message}`);
    }
    applied.push(file);
  }
  return { applied, version: PG_SCHEMA_VERSION };
}

/** Clocks for rows the admin writes: a "server" node, so any later edit by a person wins. */
function adminClocks(columns: string[]): string {
  const hlc = encodeHlc({ millis: Date.now(), counter: 0, node: 'server' });
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c, hlc])));
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{1,62}$/;

export interface CreatedWorkspace {
  id: string;
  name: string;
}

export async function createWorkspace(client: Client, name: string, timezone = 'America/New_York', defaultCountry = 'US'): Promise<CreatedWorkspace> {
  if (!name.trim()) throw new Error('Give the workspace a name');
  const id = uuidv7();
  const now = new Date().toISOString();
  await client.query(
    `INSERT INTO ${PG_SCHEMA}.workspaces (id, name, timezone, default_country, created_at, updated_at, _clocks) VALUES ($1, $2, $3, $4, $5, $5, $6)`,
    [id, name.trim(), timezone, defaultCountry, now, adminClocks(['name', 'timezone', 'default_country', 'created_at', 'updated_at'])],
  );
  return { id, name: name.trim() };
}

export interface AddUserInput {
  email: string;
  displayName: string;
  login: string;
  /** Required for a new login; for an existing Convio user, omitted keeps their password. */
  password?: string;
  workspaceId: string;
  role: Role;
}

/** Is this role a Convio user (has a users row)? Other roles (postgres, the owner…) are never touched. */
async function isConvioLogin(client: Client, login: string): Promise<boolean> {
  return (await client.query(`SELECT 1 FROM ${PG_SCHEMA}.users WHERE login_role = $1`, [login])).rowCount === 1;
}

/** Creates (or reuses) the login role and user, and adds the membership. */
export async function addUser(client: Client, input: AddUserInput): Promise<{ userId: string; membershipId: string }> {
  if (!ROLE_NAME.test(input.login) || input.login.startsWith('pg_')) throw new Error('--login must be a lower-case Postgres role name (letters, digits, _), 2–63 characters, not starting with pg_');
  if (input.password !== undefined && input.password.length < 10) throw new Error('--password must be at least 10 characters');
  const now = new Date().toISOString();
  await client.query('BEGIN');
  try {
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [input.login])).rowCount === 1;
    if (exists && !(await isConvioLogin(client, input.login))) {
      throw new Error(`--login "${input.login}" is an existing Postgres role that is not a Convio user; choose another login name`);
    }
    if (!exists && input.password === undefined) throw new Error('--password is required for a new user');
    // Identifiers and literals are quoted by Postgres itself (format %I / %L), never pasted in.
    const password = input.password === undefined ? '' : ' PASSWORD %L';
    const stmt = (await client.query<{ sql: string }>(
      `SELECT format('${exists ? 'ALTER' : 'CREATE'} ROLE %I WITH LOGIN${password} NOBYPASSRLS NOSUPERUSER NOCREATEROLE NOCREATEDB', $1::text${input.password === undefined ? '' : ', $2::text'}) AS sql`,
      input.password === undefined ? [input.login] : [input.login, input.password],
    )).rows[0]!.sql;
    await client.query(stmt);
    await client.query((await client.query<{ sql: string }>(`SELECT format('GRANT convio_member TO %I', $1::text) AS sql`, [input.login])).rows[0]!.sql);
    await client.query((await client.query<{ sql: string }>(`SELECT format('ALTER ROLE %I SET search_path = ${PG_SCHEMA}, public', $1::text) AS sql`, [input.login])).rows[0]!.sql);
    let userId = (await client.query<{ id: string }>(`SELECT id FROM ${PG_SCHEMA}.users WHERE login_role = $1`, [input.login])).rows[0]?.id;
    if (!userId) {
      userId = uuidv7();
      await client.query(
        `INSERT INTO ${PG_SCHEMA}.users (id, email, display_name, login_role, created_at, updated_at, _clocks) VALUES ($1, $2, $3, $4, $5, $5, $6)`,
        [userId, input.email.trim().toLowerCase(), input.displayName.trim(), input.login, now, adminClocks(['email', 'display_name', 'login_role', 'created_at', 'updated_at'])],
      );
    }
    const existing = (await client.query<{ id: string }>(`SELECT id FROM ${PG_SCHEMA}.workspace_memberships WHERE workspace_id = $1 AND user_id = $2`, [input.workspaceId, userId])).rows[0]?.id;
    const membershipId = existing ?? uuidv7();
    if (existing) {
      await client.query(
        `UPDATE ${PG_SCHEMA}.workspace_memberships SET role = $2, status = 'active', deleted_at = NULL, updated_at = $3, _clocks = _clocks || $4::jsonb WHERE id = $1`,
        [existing, input.role, now, adminClocks(['role', 'status', 'deleted_at', 'updated_at'])],
      );
    } else {
      await client.query(
        `INSERT INTO ${PG_SCHEMA}.workspace_memberships (id, workspace_id, user_id, role, status, created_at, updated_at, _clocks) VALUES ($1, $2, $3, $4, 'active', $5, $5, $6)`,
        [membershipId, input.workspaceId, userId, input.role, now, adminClocks(['workspace_id', 'user_id', 'role', 'status', 'created_at', 'updated_at'])],
      );
    }
    await client.query('COMMIT');
    return { userId, membershipId };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** Ends a user's membership of one workspace, or of all; with none left the login is disabled. */
export async function removeUser(client: Client, login: string, workspaceId?: string): Promise<{ memberships: number; loginDisabled: boolean }> {
  if (!(await isConvioLogin(client, login))) throw new Error(`--login: no Convio user with login "${login}"`);
  const now = new Date().toISOString();
  await client.query('BEGIN');
  try {
    const res = await client.query(
      `UPDATE ${PG_SCHEMA}.workspace_memberships m SET status = 'inactive', deleted_at = $2, updated_at = $2, _clocks = m._clocks || $3::jsonb
       FROM ${PG_SCHEMA}.users u WHERE u.id = m.user_id AND u.login_role = $1 AND m.deleted_at IS NULL ${workspaceId ? 'AND m.workspace_id = $4' : ''}`,
      workspaceId ? [login, now, adminClocks(['status', 'deleted_at', 'updated_at']), workspaceId] : [login, now, adminClocks(['status', 'deleted_at', 'updated_at'])],
    );
    const left = (await client.query(`SELECT count(*)::int AS n FROM ${PG_SCHEMA}.workspace_memberships m JOIN ${PG_SCHEMA}.users u ON u.id = m.user_id WHERE u.login_role = $1 AND m.deleted_at IS NULL`, [login])).rows[0].n as number;
    let loginDisabled = false;
    if (left === 0 && (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login])).rowCount === 1) {
      await client.query((await client.query<{ sql: string }>(`SELECT format('ALTER ROLE %I NOLOGIN', $1::text) AS sql`, [login])).rows[0]!.sql);
      loginDisabled = true;
    }
    await client.query('COMMIT');
    return { memberships: res.rowCount ?? 0, loginDisabled };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

export interface UserListing {
  login: string;
  email: string;
  name: string;
  workspace: string;
  role: string;
  status: string;
}

export async function listUsers(client: Client): Promise<UserListing[]> {
  return (
    await client.query<UserListing>(
      `SELECT u.login_role AS login, u.email, u.display_name AS name, w.name AS workspace, m.role, CASE WHEN m.deleted_at IS NULL THEN m.status ELSE 'removed' END AS status
       FROM ${PG_SCHEMA}.users u JOIN ${PG_SCHEMA}.workspace_memberships m ON m.user_id = u.id JOIN ${PG_SCHEMA}.workspaces w ON w.id = m.workspace_id
       ORDER BY w.name, u.display_name`,
    )
  ).rows;
}
