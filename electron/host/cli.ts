// `npm run cli -- <command>`: the main process's services from a terminal.
import { existsSync } from 'node:fs';
import { createAppContext } from '../main/context';
import { openDatabase, closeDatabase } from '../../db/connection';
import { setMeta } from '../../db/queries/meta';
import { seedDemo } from '../../db/seed/demo';
import { removeDemoData } from '../../db/seed/remove-demo';
import { flagNumber, flagString, parseArgs, type ParsedArgs } from './args';
import { runBench } from './bench/run';
import { runServerCommand } from './server-cli';
import { IMPORT_HELP, importCommand } from './import-cli';
import { HostSecretStore } from '../main/sync/secrets';
import { SaveSettingsInput } from '../../shared/api/sync';
import { appVersion, defaultDbPath, MIGRATIONS_FOLDER } from './paths';

const HELP = `Convio Console CLI

Usage: npm run cli -- <command> [options]

Commands:
  seed [--db PATH] [--scale N] [--reset]
        Create the demo data set: 3 workspaces, 25 reps, and N leads (default 30000) with
        contacts, calls, appointments and conversions in proportion. --reset replaces an existing
        demo set. 1,000,000 leads takes a few minutes.
  bench [--scale S] [--only NAME] [--json FILE]
        Run the benchmarks (see README); prints a table, --json writes the figures.
  info [--db PATH]
        Show what the database holds and its migration state.
  sync [--db PATH] [--url postgres://USER@HOST:PORT/DATABASE] [--ssl disable|require|verify-full]
        Sync this database with the team server once and print what moved. --url (re)sets the
        connection (as the Sync screen does); the password comes from CONVIO_PG_PASSWORD, or a
        file only you can read named by CONVIO_PG_PASSWORD_FILE.
${IMPORT_HELP}
  server <subcommand> [--database-url URL]
        Administer the team Postgres that sync uses, connected as its owner (a superuser, or the
        owner of schema convio with BYPASSRLS). URL defaults to $DATABASE_URL; not used by local.
    migrate
        Apply the server migrations; safe to repeat.
    create-workspace --name NAME [--timezone America/New_York] [--country US]
        Create a workspace and print its id.
    add-user --login LOGIN --email EMAIL --name "Full Name" --workspace ID|NAME --role sdr|manager|admin
             [--password P | --password-file FILE]
        Give a person a Postgres login (lower-case, letters/digits/_) and a membership. With no
        password (nor $CONVIO_NEW_USER_PASSWORD) a new user gets a random one, printed once. An
        existing login is added to the workspace and keeps its password unless one is given.
    remove-user --login LOGIN [--workspace ID|NAME]
        End the membership (default: all); a login left with none is disabled.
    list-users [--workspace ID|NAME]
        Logins with name, email, workspace, role and status.
    local [--dir .convio-pg] [--port 5433]
        Run a local Postgres (no install needed; data kept in --dir), migrate it, and print its
        DATABASE_URL and next steps. Runs until Ctrl-C.
  help  This text.

Options:
  --db PATH   Database file (default: ${defaultDbPath()})
`;

async function seed(args: ParsedArgs): Promise<void> {
  const dbPath = flagString(args, 'db') ?? defaultDbPath();
  const leads = flagNumber(args, 'scale') ?? 30_000;
  if (!Number.isInteger(leads) || leads < 10) throw new Error('--scale must be a whole number of leads, at least 10');
  const { db } = await openDatabase({ path: dbPath, migrationsFolder: MIGRATIONS_FOLDER });
  try {
    const hasData = db.sqlite.prepare('SELECT 1 FROM workspaces LIMIT 1').get() !== undefined;
    const hasDemo = db.sqlite.prepare('SELECT 1 FROM workspaces WHERE is_demo = 1 LIMIT 1').get() !== undefined;
    if (hasDemo && !args.flags.has('reset')) throw new Error(`${dbPath} already has demo data; add --reset to replace it`);
    if (hasDemo) {
      const removed = removeDemoData(db);
      console.log(`Removed the previous demo set (${removed.rows.toLocaleString()} rows).`);
    } else if (hasData) {
      console.log('The database has your own workspaces; the demo set is added beside them.');
    }
    const started = Date.now();
    let lastPhase = '';
    const summary = seedDemo(db, {
      leads,
      onProgress: (phase, done, total) => {
        const line = `${phase.padEnd(14)} ${done.toLocaleString().padStart(12)} / ${total.toLocaleString()}`;
        if (process.stdout.isTTY) {
          if (phase !== lastPhase) process.stdout.write('\n');
          process.stdout.write(`\r${line}`);
        } else if (phase !== lastPhase || done % Math.max(1, Math.round(total / 10)) === 0) {
          console.log(line);
        }
        lastPhase = phase;
      },
    });
    setMeta(db, 'demo_seeded_at', new Date().toISOString());
    console.log(`\n\nDemo data created in ${((Date.now() - started) / 1000).toFixed(1)} s in ${dbPath}:`);
    const { adminUserId: _admin, ...counts } = summary;
    console.table(counts);
  } finally {
    closeDatabase(db);
  }
}

async function info(args: ParsedArgs): Promise<void> {
  const dbPath = flagString(args, 'db') ?? defaultDbPath();
  if (!existsSync(dbPath)) throw new Error(`No database at ${dbPath}`);
  const ctx = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS_FOLDER, appVersion: appVersion(), demo: false });
  try {
    const counts = ctx.db.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM workspaces) AS workspaces, (SELECT count(*) FROM users) AS users,
          (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM leads) AS leads,
          (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM appointments) AS appointments,
          (SELECT count(*) FROM conversions) AS conversions, (SELECT count(*) FROM outbox) AS pending_changes`,
      )
      .get();
    const migrations = ctx.db.sqlite.prepare('SELECT tag, applied_at FROM _migrations ORDER BY id').all();
    console.log(`Database ${dbPath} (device ${ctx.deviceId})`);
    console.table(counts);
    console.table(migrations);
  } finally {
    ctx.close();
  }
}

async function syncCommand(args: ParsedArgs): Promise<void> {
  const dbPath = flagString(args, 'db') ?? defaultDbPath();
  // A new database is fine: a new laptop's first sync can come from here.
  const ctx = await createAppContext({
    dbPath,
    migrationsFolder: MIGRATIONS_FOLDER,
    appVersion: appVersion(),
    demo: false,
    sync: { secrets: new HostSecretStore(), runner: 'inline' },
  });
  try {
    const url = flagString(args, 'url');
    if (url) {
      const u = new URL(url);
      if (u.password) throw new Error('Leave the password out of --url; set CONVIO_PG_PASSWORD or CONVIO_PG_PASSWORD_FILE instead');
      const ssl = (flagString(args, 'ssl') ?? 'require') as 'disable' | 'require' | 'verify-full';
      const parsed = SaveSettingsInput.safeParse({
        host: u.hostname, port: Number(u.port || 5432), database: u.pathname.replace(/^\//, ''), user: decodeURIComponent(u.username), sslMode: ssl, enabled: true,
      });
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; '));
      await ctx.sync.saveSettings(parsed.data);
    }
    const before = await ctx.sync.status();
    if (!before.configured) throw new Error('Sync is not set up for this database: pass --url postgres://USER@HOST:PORT/DATABASE');
    console.log(`Syncing ${dbPath} with ${before.connection!.host}:${before.connection!.port}/${before.connection!.database} as ${before.connection!.user}…`);
    await ctx.sync.syncNow();
    const after = await ctx.sync.status();
    if (after.error && after.error.at === after.lastAttemptAt) throw new Error(after.error.message);
    console.log(`Sent ${after.last!.pushed.toLocaleString()} change(s), received ${after.last!.pulled.toLocaleString()} row(s) in ${(after.last!.ms / 1000).toFixed(1)} s.`);
    if (after.serverUser) console.log(`Signed in as ${after.serverUser.displayName}: ${after.serverUser.workspaces.map((w) => `${w.name} (${w.role})`).join(', ')}.`);
    console.log(`Waiting to sync: ${after.pending.toLocaleString()}. Refused by the server: ${after.parked.toLocaleString()}${after.parked ? ' (see the Sync screen)' : ''}.`);
  } finally {
    await ctx.sync.close();
    ctx.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const args = parseArgs(rest);
  switch (command) {
    case 'seed':
      return seed(args);
    case 'bench':
      return runBench(args);
    case 'info':
      return info(args);
    case 'server':
      return runServerCommand(args);
    case 'sync':
      return syncCommand(args);
    case 'import':
      return importCommand(args);
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return;
    default:
      console.error(`Unknown command "${command}".\n`);
      console.log(HELP);
      process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
