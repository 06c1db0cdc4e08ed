// An import killed with SIGKILL half-way (a real process, the CLI's import): after a restart the
// database passes integrity_check and holds no row of the killed batch; the batch says what
// happened.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../electron/main/context';
import { MIGRATIONS, tempDir } from './helpers';

const ROOT = join(__dirname, '..', '..');
const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function rowsDone(dbPath: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT coalesce(max(j.rows_done), 0) FROM import_jobs j JOIN import_batches b ON b.id = j.batch_id WHERE b.status = 'running'`).pluck().get() as number) ?? 0;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created or not migrated yet
  }
}

describe('an import killed mid-file', () => {
  it('leaves an intact database and nothing of its batch after the restart', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const dbPath = join(tmp.dir, 'app.sqlite');
    const csv = join(tmp.dir, 'big.csv');
    const lines = ['email,first_name,last_name,phone,city'];
    for (let i = 0; i < 200_000; i++) lines.push(`killed${i}@example.com,K${i},"Row, ${i}",(212) 555-${String(i % 10000).padStart(4, '0')},Albany`);
    writeFileSync(csv, lines.join('\n'));
    // A first start makes the database and its workspace.
    const setup = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false, sync: { runner: 'inline' } });
    const before = setup.db.sqlite.prepare('SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM outbox) AS outbox').get();
    setup.close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'host', 'cli.ts'), 'import', csv, '--type', 'leads', '--workspace', 'My workspace', '--preset', 'none', '--db', dbPath], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Wait until several chunks are committed, then kill it where it stands.
    const deadline = Date.now() + 60_000;
    while (rowsDone(dbPath) < 10_000) {
      if (Date.now() > deadline) throw new Error('the import never got going');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const killedAt = rowsDone(dbPath);
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(200_000);

    const after = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false, sync: { runner: 'inline' } });
    try {
      expect(after.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(after.db.sqlite.prepare('SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM outbox) AS outbox').get()).toEqual({
        ...(before as object),
        // The batch's own record syncs like any row: its insert and the updates that say what happened.
        outbox: expect.any(Number),
      });
      expect(after.db.sqlite.prepare('SELECT count(*) FROM outbox WHERE table_name IN (\'contacts\', \'leads\', \'lead_events\')').pluck().get()).toBe(0);
      expect(after.db.sqlite.prepare('SELECT count(*) FROM import_batch_rows').pluck().get()).toBe(0);
      expect(after.db.sqlite.prepare('SELECT status, error FROM import_batches').get()).toEqual({ status: 'failed', error: expect.stringMatching(/stopped while this import was running; nothing of it was kept/) });
    } finally {
      after.close();
    }
  });
});
