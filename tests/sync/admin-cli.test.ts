// The admin CLI end to end: `npm run cli -- server ...` as a real subprocess against a real
// Postgres, and the logins it makes connecting for real, under RLS.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestServer, type TestServer } from './pg';

const ROOT = join(__dirname, '..', '..');
// What `npx tsx` runs, started directly: npx's own start-up would double each spawn's time.
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // A clean environment: no DATABASE_URL or password inherited from the shell running the tests.
  const { DATABASE_URL: _url, CONVIO_NEW_USER_PASSWORD: _pw, ...base } = process.env;
  return new Promise((done) => {
    execFile(process.execPath, [TSX, 'electron/host/cli.ts', 'server', ...args], { cwd: ROOT, env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function ok(args: string[], env?: Record<string, string>): Promise<string> {
  const run = await cli(args, env);
  expect(run.stderr, `stderr of server ${args[0]}`).toBe('');
  expect(run.code, `exit code of server ${args[0]}`).toBe(0);
  return run.stdout;
}

async function connectAs(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

let server: TestServer;
let db: string[];
let login: string;

beforeAll(async () => {
  server = await createTestServer();
  db = ['--database-url', server.adminUrl];
  login = `${server.database}_dana`;
});
afterAll(async () => {
  await server?.close();
  // createTestServer drops only the logins it made itself.
  const root = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await root.connect();
  await root.query(`DROP ROLE IF EXISTS ${login}`);
  await root.end();
});

describe('npm run cli -- server', () => {
  it('migrate is idempotent', async () => {
    expect(await ok(['migrate', ...db])).toMatch(/already up to date \(version \d+\)/);
  });

  it('creates a workspace and a user who can sign in and sees it; adds them to a second workspace; removes them', async () => {
    const created = await ok(['create-workspace', ...db, '--name', 'Acme Solar', '--timezone', 'America/Chicago']);
    const acme = /Workspace id: ([0-9a-f-]{36})/.exec(created)?.[1];
    expect(acme).toBeDefined();

    const added = await ok(['add-user', ...db, '--login', login, '--email', 'Dana@Example.com', '--name', 'Dana Scully', '--workspace', 'Acme Solar', '--role', 'manager']);
    const password = /Password for .+?: (\S+)/.exec(added)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(20);

    // DATABASE_URL stands in for --database-url.
    const listed = await ok(['list-users', '--workspace', 'Acme Solar'], { DATABASE_URL: server.adminUrl });
    expect(listed).toMatch(new RegExp(`^${login}\\s+Dana Scully\\s+dana@example\\.com\\s+Acme Solar\\s+manager\\s+active$`, 'm'));

    const dana = await connectAs(server.urlFor(login, password!));
    try {
      expect((await dana.query('SELECT name FROM convio.workspaces')).rows).toEqual([{ name: 'Acme Solar' }]);
      expect((await dana.query('SELECT convio.my_role($1) AS role', [acme])).rows[0].role).toBe('manager');
    } finally {
      await dana.end();
    }

    // An existing login joins a second workspace (given by id) and keeps the password it has.
    const bravo = await server.workspace('Bravo');
    expect(await ok(['add-user', ...db, '--login', login, '--workspace', bravo, '--role', 'sdr'])).toMatch(/password is unchanged/);
    const both = await connectAs(server.urlFor(login, password!));
    try {
      expect((await both.query('SELECT name FROM convio.workspaces ORDER BY name')).rows).toEqual([{ name: 'Acme Solar' }, { name: 'Bravo' }]);
    } finally {
      await both.end();
    }

    // Removed from one workspace: the other remains.
    expect(await ok(['remove-user', ...db, '--login', login, '--workspace', 'Acme Solar'])).toMatch(/can still sign in/);
    const one = await connectAs(server.urlFor(login, password!));
    try {
      expect((await one.query('SELECT name FROM convio.workspaces')).rows).toEqual([{ name: 'Bravo' }]);
    } finally {
      await one.end();
    }

    // Removed from all: the memberships show as removed and the login is disabled.
    expect(await ok(['remove-user', ...db, '--login', login])).toMatch(/login is disabled/);
    const after = await ok(['list-users', ...db]);
    expect(after).toMatch(new RegExp(`^${login}\\s.*\\sAcme Solar\\s+manager\\s+removed$`, 'm'));
    expect(after).toMatch(new RegExp(`^${login}\\s.*\\sBravo\\s+sdr\\s+removed$`, 'm'));
    await expect(connectAs(server.urlFor(login, password!))).rejects.toThrow(/not permitted to log in/);
  });

  it('refuses a bad role or login with a clear one-line error, never echoing the password', async () => {
    const secret = 'Sup3r-Secret-Passw0rd';
    const user = ['--email', 'eve@example.com', '--name', 'Eve', '--workspace', 'Acme Solar'];
    const [badRole, badLogin, noUrl] = await Promise.all([
      cli(['add-user', ...db, ...user, '--login', 'eve_x', '--role', 'boss', '--password', secret]),
      cli(['add-user', ...db, ...user, '--login', 'Eve', '--role', 'sdr'], { CONVIO_NEW_USER_PASSWORD: secret }),
      cli(['list-users']),
    ]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/^Error: --role must be one of sdr, manager, admin \(got "boss"\)$/m);
    expect(badLogin.code).not.toBe(0);
    expect(badLogin.stderr).toMatch(/^Error: --login must be lower-case .*\(got "Eve"\)$/m);
    expect(noUrl.code).not.toBe(0);
    expect(noUrl.stderr).toMatch(/^Error: .*--database-url.*DATABASE_URL/m);

    for (const run of [badRole, badLogin]) expect(run.stdout + run.stderr).not.toContain(secret);
  });
});
