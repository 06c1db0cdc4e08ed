import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root when running from source (electron/host/ is two levels down). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const MIGRATIONS_FOLDER = join(REPO_ROOT, 'db', 'migrations');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** Where the host and CLI keep data: $CONVIO_DATA_DIR, else the platform's app-data folder. */
export function dataDir(): string {
  if (process.env.CONVIO_DATA_DIR) return resolve(process.env.CONVIO_DATA_DIR);
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Convio Console');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Convio Console');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'convio-console');
}

export function defaultDbPath(): string {
  return join(dataDir(), 'convio.sqlite');
}

export function appVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(REPO_ROOT, 'package.json')) as { version: string }).version;
}
