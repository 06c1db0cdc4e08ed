import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyncSchema, PG_SCHEMA_VERSION } from '../../db/pg/schema-gen';
import { createTestServer, type TestServer } from './pg';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => server?.close());

describe('the Postgres schema', () => {
  it('is the committed migration, generated from the SQLite schema', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'db', 'pg', 'migrations', '0001_sync_schema.sql'), 'utf8')).toBe(generateSyncSchema());
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
