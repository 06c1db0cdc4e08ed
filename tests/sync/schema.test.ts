import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyncSchema, PG_SCHEMA_VERSION } from '../../db/pg/schema-gen';
import { currentManifest, generateSchemaMigration, manifestVersions, readManifest } from '../../db/pg/schema-migrations';
import { createTestServer, type TestServer } from './pg';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => server?.close());

describe('the Postgres schema', () => {
  it('ships one migration per version; the newest is what the SQLite schema added since the last manifest', () => {
    const folder = join(__dirname, '..', '..', 'db', 'pg', 'migrations');
    const files = readdirSync(folder).filter((f) => f.endsWith('.sql')).sort();
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(manifestVersions()).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(readManifest(PG_SCHEMA_VERSION)).toEqual(currentManifest());
    expect(readFileSync(join(folder, files.at(-1)!), 'utf8')).toBe(generateSchemaMigration(readManifest(PG_SCHEMA_VERSION - 1)));
    // Version 1 is the whole schema of its day, never edited since (servers refuse a changed migration).
    expect(createHash('sha256').update(readFileSync(join(folder, files[0]!), 'utf8')).digest('hex')).toBe('02a323222e4aa27801f37e083f90aaa1e1376236aff6beeb00613d20939bb491');
  });

  it('migrated version by version, matches a server created fresh from the schema now', async () => {
    const fresh = `${server.database}_fresh`;
    await server.admin.query(`CREATE DATABASE ${fresh}`);
    const url = new URL(server.adminUrl);
    url.pathname = `/${fresh}`;
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await c.query(generateSyncSchema());
      const catalog = async (client: pg.Client) => ({
        columns: (await client.query(`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'convio' ORDER BY 1, 2`)).rows,
        constraints: (await client.query(`SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'convio'::regnamespace ORDER BY 1, 2`)).rows,
        indexes: (await client.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'convio' ORDER BY 1, 2`)).rows,
        policies: (await client.query(`SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies WHERE schemaname = 'convio' ORDER BY 1, 2`)).rows,
        functions: (await client.query(`SELECT proname, pg_get_function_identity_arguments(oid) AS args, md5(prosrc) AS body FROM pg_proc WHERE pronamespace = 'convio'::regnamespace ORDER BY 1, 2`)).rows,
        triggers: (await client.query(`SELECT tgrelid::regclass::text AS t, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'convio.%' ORDER BY 1, 2`)).rows,
        security: (await client.query(`SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relnamespace = 'convio'::regnamespace AND relkind = 'r' ORDER BY 1`)).rows,
      });
      const migrated = await catalog(server.admin);
      expect(migrated.columns.some((r) => r.table_name === 'saved_views')).toBe(true);
      expect(migrated).toEqual(await catalog(c));
    } finally {
      await c.end();
      await server.admin.query(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`);
    }
  });

  it('enables and forces row level security on every tenant table', async () => {
    const rows = (await server.admin.query(`SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'convio' AND c.relkind = 'r'`)).rows as { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[];
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity).map((r) => r.relname)).toEqual([]);
  });

  it('has no SECURITY DEFINER function without a pinned search_path, and no view', async () => {
    const unpinned = (await server.admin.query(`SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'convio' AND p.prosecdef AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')`)).rows;
    expect(unpinned).toEqual([]);
    const definers = (await server.admin.query(`SELECT p.proname, pg_get_userbyid(p.proowner) AS owner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'convio' AND p.prosecdef ORDER BY 1`)).rows;
    expect(definers).toEqual([{ proname: 'my_role', owner: 'convio_definer' }, { proname: 'my_workspace_ids', owner: 'convio_definer' }, { proname: 'visible_user_ids', owner: 'convio_definer' }]);
    const views = (await server.admin.query(`SELECT viewname FROM pg_views WHERE schemaname = 'convio'`)).rows;
    expect(views).toEqual([]);
  });

  it('never deletes a workspace (its rows keep a valid tenant without a key check per row)', async () => {
    const ws = await server.workspace('Kept');
    await expect(server.admin.query('DELETE FROM convio.workspaces WHERE id = $1', [ws])).rejects.toThrow(/never deleted/);
    expect((await server.admin.query('SELECT count(*)::int AS n FROM convio.workspaces WHERE id = $1', [ws])).rows[0].n).toBe(1);
  });

  it('reports its schema version, and users log in as plain roles', async () => {
    const ws = await server.workspace('Acme');
    const u = await server.user(ws, 'sdr');
    const c = new pg.Client({ connectionString: u.url });
    await c.connect();
    expect((await c.query('SELECT convio.schema_version() AS v')).rows[0].v).toBe(PG_SCHEMA_VERSION);
    const me = (await c.query(`SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = session_user`)).rows[0];
    expect(me).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    expect((await c.query('SELECT name FROM convio.workspaces')).rows).toEqual([{ name: 'Acme' }]);
    await c.end();
  });

  it('refuses to apply an edited migration', async () => {
    await server.admin.query(`UPDATE public.convio_schema_migrations SET hash = 'edited' WHERE name = '0001_sync_schema.sql'`);
    const { migratePg } = await import('../../db/pg/admin');
    await expect(migratePg(server.admin)).rejects.toThrow(/was changed after it was applied/);
  });
});
