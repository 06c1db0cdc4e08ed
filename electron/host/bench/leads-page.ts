import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, openDatabase, prepared } from '../../../db/connection';
import { setMeta } from '../../../db/queries/meta';
import { seedDemo } from '../../../db/seed/demo';
import { LEAD_ROW_COLUMNS } from '../../../db/queries/leads-page';
import type { Cursor } from '../../../shared/api/leads';
import { createAppContext } from '../../main/context';
import { createDispatcher } from '../../main/handlers';
import { MIGRATIONS_FOLDER, REPO_ROOT } from '../paths';
import type { Workload } from './harness';

/** A leads-only database with every lead in one workspace, built once per scale and kept in .bench/. */
export async function leadsDatabase(scale: number, log: (line: string) => void): Promise<string> {
  const dir = join(REPO_ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `leads-${scale}.sqlite`);
  if (existsSync(path)) return path;
  log(`building ${scale.toLocaleString('en-US')} leads in ${path} (once; reused by later runs)`);
  const tmp = `${path}.building`;
  rmSync(tmp, { force: true });
  const { db } = await openDatabase({ path: tmp, migrationsFolder: MIGRATIONS_FOLDER });
  const started = Date.now();
  seedDemo(db, {
    leads: scale,
    leadsOnly: true,
    workspaceShares: [1, 0, 0],
    anchor: new Date('2026-11-01T00:00:00Z'),
    onProgress: (phase, done, total) => {
      if (done % 100_000 === 0) log(`  ${phase} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
    },
  });
  setMeta(db, 'demo_seeded_at', new Date().toISOString());
  db.sqlite.exec('ANALYZE');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  closeDatabase(db);
  renameSync(tmp, path);
  log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return path;
}

export const leadsPage1m: Workload = {
  name: 'leads_page_1m',
  rows: (scale) => scale,
  baseline: 'bare keyset SQL (prepared, same index)',
  target: 'ratio ≤ 3',
  async setup(scale, log) {
    const dbPath = await leadsDatabase(scale, log);
    const app = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
    const dispatcher = createDispatcher(app);
    const ws = app.db.sqlite.prepare(`SELECT w.id FROM workspaces w JOIN leads l ON l.workspace_id = w.id LIMIT 1`).pluck().get() as string;
    // The grid's request: sorted by last name, filtered to open statuses, 100 rows after a cursor.
    const statuses = ['new', 'contacted'];
    const base = { workspaceId: ws, sort: [{ col: 'lastName', dir: 'asc' }], filters: { status: { kind: 'enum', values: statuses } }, limit: 100 } as const;
    // Cursors spread through the data, so each timed call is a different mid-scroll page.
    const keys = app.db.sqlite
      .prepare(
        `SELECT last_name, id FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND status IN ('new','contacted')
         ORDER BY last_name, id LIMIT 64 OFFSET ?`,
      )
      .all(ws, Math.floor(scale / 7)) as { last_name: string; id: string }[];
    const cursors: Cursor[] = keys.map((k) => ({ values: [k.last_name], id: k.id }));
    // The same columns the grid row carries, by the same index walk, with nothing around it.
    const bare = prepared(
      app.db,
      `SELECT ${LEAD_ROW_COLUMNS} FROM leads l WHERE l.workspace_id = ? AND l.deleted_at IS NULL AND +l.status IN (?, ?)
       AND (l.last_name, l.id) > (?, ?) ORDER BY l.last_name, l.id LIMIT 100`,
    );
    let rowsSeen = 0;
    return {
      batch: 20,
      rounds: 11,
      async ours(i) {
        const cursor = cursors[i % cursors.length]!;
        const result = await dispatcher.call('leads.page', { ...base, after: cursor });
        if (!result.ok) throw new Error(result.error.message);
        rowsSeen += (result.value as { rows: unknown[] }).rows.length;
        // The grid receives it serialized (IPC or HTTP), so that cost counts too.
        return JSON.stringify(result);
      },
      baseline(i) {
        const cursor = cursors[i % cursors.length]!;
        return bare.all(ws, ...statuses, cursor.values[0], cursor.id);
      },
      note: () => `${rowsSeen} rows returned through the handler`,
      teardown: () => app.close(),
    };
  },
};
