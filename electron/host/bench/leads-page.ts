import { prepared } from '../../../db/connection';
import { LEAD_ROW_COLUMNS } from '../../../db/queries/leads-page';
import type { Cursor } from '../../../shared/api/leads';
import { createAppContext } from '../../main/context';
import { createDispatcher } from '../../main/handlers';
import { MIGRATIONS_FOLDER } from '../paths';
import { benchDatabase } from './datasets';
import type { Workload } from './harness';

/** A leads-only database with every lead in one workspace. */
export function leadsDatabase(scale: number, log: (line: string) => void): Promise<string> {
  return benchDatabase(`leads-${scale}`, { leads: scale, leadsOnly: true, workspaceShares: [1, 0, 0] }, log);
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
