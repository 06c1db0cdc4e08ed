// `npm run serve`: the headless host. Opens (and on first start seeds) the local database, then
// serves the console on 127.0.0.1 with a per-run token in the printed URL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../main/context';
import { HostSecretStore } from '../main/sync/secrets';
import { createDispatcher } from '../main/handlers';
import { prepareDatabase } from '../main/prepare';
import { flagNumber, flagString, parseArgs } from './args';
import { appVersion, defaultDbPath, MIGRATIONS_FOLDER, RENDERER_DIR } from './paths';
import { startHost } from './server';

export async function serve(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const dbPath = flagString(args, 'db') ?? defaultDbPath();
  const demo = !args.flags.has('no-demo');
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.error('The console is not built yet. Run `npm run build` first (npm run serve and npm start do it for you).');
    process.exit(1);
  }
  console.log(`Database: ${dbPath}`);
  let lastLine = '';
  const prepared = await prepareDatabase(
    { dbPath, migrationsFolder: MIGRATIONS_FOLDER, demo, ...(flagNumber(args, 'demo-leads') ? { demoLeads: flagNumber(args, 'demo-leads')! } : {}) },
    (p) => {
      // A terminal gets one live line; a log gets one line per phase.
      if (process.stdout.isTTY) {
        const line = `Creating demo data: ${p.phase} ${Math.round((p.done / (p.total || 1)) * 100)}%`;
        if (line !== lastLine) process.stdout.write(`\r${line.padEnd(60)}`);
        lastLine = line;
      } else if (p.phase !== lastLine) {
        console.log(`Creating demo data: ${p.phase}…`);
        lastLine = p.phase;
      }
    },
  );
  if (lastLine) console.log(process.stdout.isTTY ? '\rDemo data ready.'.padEnd(61) : 'Demo data ready.');
  if (prepared.migrated.length > 0) console.log(`Applied migrations: ${prepared.migrated.join(', ')}`);
  if (prepared.backup) console.log(`Backup taken before migrating: ${prepared.backup}`);

  const ctx = await createAppContext({
    dbPath,
    migrationsFolder: MIGRATIONS_FOLDER,
    appVersion: appVersion(),
    demo: false,
    // The password comes from CONVIO_PG_PASSWORD or a 0600 file named by CONVIO_PG_PASSWORD_FILE.
    sync: { secrets: new HostSecretStore(), runner: 'worker', background: true, ...(process.env.CONVIO_SYNC_INTERVAL_MS ? { intervalMs: Number(process.env.CONVIO_SYNC_INTERVAL_MS) } : {}) },
  });
  const dispatcher = createDispatcher(ctx);
  const host = await startHost({
    dispatcher,
    events: ctx.events,
    rendererDir: RENDERER_DIR,
    ...(flagNumber(args, 'port') !== undefined ? { port: flagNumber(args, 'port')! } : {}),
    ...(process.env.CONVIO_HOST_TOKEN ? { token: process.env.CONVIO_HOST_TOKEN } : {}),
  });
  console.log(`\nConvio Console is running. Open this URL in your browser:\n\n  ${host.openUrl}\n`);
  console.log('The URL carries this run\'s access token; keep it to yourself. Press Ctrl+C to stop.');
  const stop = async () => {
    await host.close();
    await ctx.sync.close();
    ctx.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  serve(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
