// A first sync's bulk load cut short by a crash leaves a table without its secondary indexes and
// triggers: the next app start must put them back (and rebuild what the triggers keep) before it
// serves anything.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { beginBulkLoad, readBulkLoad } from '../../db/sync/bulk-load';
import { transaction } from '../../db/write';
import { createAppContext } from '../../electron/main/context';
import { MIGRATIONS, tempDir } from './helpers';

const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

const objects = (sqlite: { prepare(sql: string): { all(): unknown[] } }) =>
  sqlite.prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name`).all();

describe('bulk load after a crash', () => {
  it('is finished by the next app start: indexes and triggers back, summaries rebuilt', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const path = join(tmp.dir, 'app.sqlite');
    const open = () => createAppContext({ dbPath: path, migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false, sync: { runner: 'inline' } });
    const first = await open();
    const before = objects(first.db.sqlite);
    const ws = first.db.sqlite.prepare(`SELECT workspace_id FROM workspace_memberships LIMIT 1`).pluck().get() as string;
    transaction(first.db, () => beginBulkLoad(first.db, 'leads'));
    expect(objects(first.db.sqlite)).not.toEqual(before);
    // Rows written while the triggers were away (as a pull would).
    const insert = first.db.sqlite.prepare(
      `INSERT INTO leads (id, workspace_id, contact_id, status, first_name, last_name, email, phone, created_at, updated_at)
       VALUES (?, ?, 'no-contact', ?, 'A', 'B', '', '', '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z')`,
    );
    first.db.sqlite.pragma('foreign_keys = OFF');
    for (let i = 0; i < 5; i++) insert.run(`00000000-0000-7000-8000-00000000000${i}`, ws, i < 3 ? 'new' : 'qualified');
    first.close(); // the crash: nothing re-created

    const second = await open();
    try {
      expect(readBulkLoad(second.db)).toBeNull();
      expect(objects(second.db.sqlite)).toEqual(before);
      expect(second.db.sqlite.prepare('SELECT status, leads FROM lead_status_stats WHERE workspace_id = ? ORDER BY status').all(ws)).toEqual([
        { status: 'new', leads: 3 },
        { status: 'qualified', leads: 2 },
      ]);
      expect(second.db.sqlite.prepare('SELECT count(*) FROM leads_fts_pending').pluck().get()).toBe(5);
    } finally {
      second.close();
    }
  });
});
