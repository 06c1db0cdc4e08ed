import { prepared } from '../../../db/connection';
import { addDays, localDay } from '../../../shared/domain/dates';
import { uuidv7 } from '../../../shared/domain/ids';
import { createAppContext, type AppContext } from '../../main/context';
import { createDispatcher } from '../../main/handlers';
import type { Dispatcher } from '../../main/dispatch';
import { MIGRATIONS_FOLDER } from '../paths';
import { BENCH_ANCHOR, benchDatabase } from './datasets';
import type { Workload } from './harness';

/** Calls (and the contacts and leads they hang off), most of them in one workspace. */
export function callsDatabase(calls: number, log: (line: string) => void): Promise<string> {
  return benchDatabase(
    `calls-${calls}`,
    // Most calls in the first workspace ("one workspace, 90 days"), some elsewhere ("all workspaces").
    { leads: Math.max(30, Math.round(calls / 8)), calls, lean: true, workspaceShares: [0.8, 0.1, 0.1] },
    log,
    // The baselines' covering indexes: the best a GROUP BY over calls can do.
    (db) =>
      db.sqlite.exec(`CREATE INDEX bench_calls_day_cover ON calls (workspace_id, call_day, traffic_source, crm_stage, sale_value_cents) WHERE deleted_at IS NULL;
        CREATE INDEX bench_calls_all_cover ON calls (workspace_id, traffic_source, crm_stage, sale_value_cents) WHERE deleted_at IS NULL;`),
  );
}

async function openBench(scale: number, log: (line: string) => void): Promise<{ app: AppContext; dispatcher: Dispatcher; ws: string; tz: string }> {
  const dbPath = await callsDatabase(scale, log);
  const app = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
  const { ws, tz } = app.db.sqlite.prepare('SELECT c.workspace_id AS ws, w.timezone AS tz FROM calls c JOIN workspaces w ON w.id = c.workspace_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').get() as { ws: string; tz: string };
  return { app, dispatcher: createDispatcher(app), ws, tz };
}

export const dashboard90d: Workload = {
  name: 'dashboard_90d_1m',
  rows: (scale) => scale,
  baseline: 'GROUP BY over a covering index on calls',
  target: 'ratio ≤ 0.2',
  async setup(scale, log) {
    const { app, dispatcher, ws, tz } = await openBench(scale, log);
    const to = localDay(BENCH_ANCHOR, tz);
    const from = addDays(to, -89);
    const inWindow = app.db.sqlite.prepare('SELECT count(*) FROM calls WHERE workspace_id = ? AND deleted_at IS NULL AND call_day BETWEEN ? AND ?').pluck().get(ws, from, to) as number;
    const bare = prepared(
      app.db,
      `SELECT call_day, traffic_source, crm_stage, count(*) AS calls, coalesce(sum(sale_value_cents), 0) AS value FROM calls
       WHERE workspace_id = ? AND deleted_at IS NULL AND call_day BETWEEN ? AND ? GROUP BY 1, 2, 3`,
    );
    return {
      rounds: 9,
      ours: async () => {
        const r = await dispatcher.call('analytics.calls', { workspaceIds: [ws], days: { from, to }, groupBy: ['day', 'source'] });
        if (!r.ok) throw new Error(r.error.message);
        return JSON.stringify(r.value);
      },
      baseline: () => bare.all(ws, from, to),
      note: () => `${inWindow.toLocaleString('en-US')} calls in the 90 days (${from} to ${to}); by day and traffic source with all metrics`,
      teardown: () => app.close(),
    };
  },
};

export const dashboardAll: Workload = {
  name: 'dashboard_all_1m',
  rows: (scale) => scale,
  baseline: 'GROUP BY over a covering index on calls',
  target: 'ratio ≤ 0.1',
  async setup(scale, log) {
    const { app, dispatcher } = await openBench(scale, log);
    const workspaces = app.db.sqlite.prepare('SELECT id FROM workspaces').pluck().all() as string[];
    const bare = prepared(
      app.db,
      `SELECT workspace_id, traffic_source, crm_stage, count(*) AS calls, coalesce(sum(sale_value_cents), 0) AS value FROM calls
       WHERE deleted_at IS NULL GROUP BY 1, 2, 3`,
    );
    return {
      rounds: 9,
      ours: async () => {
        const r = await dispatcher.call('analytics.calls', { workspaceIds: workspaces, groupBy: ['workspace', 'source'] });
        if (!r.ok) throw new Error(r.error.message);
        return JSON.stringify(r.value);
      },
      baseline: () => bare.all(),
      note: () => `${workspaces.length} workspaces, all time, by workspace and traffic source`,
      teardown: () => app.close(),
    };
  },
};

export const logCall: Workload = {
  name: 'log_call_1m',
  rows: (scale) => scale,
  baseline: 'bare single-row INSERT into calls',
  target: 'median ratio ≤ 5',
  async setup(scale, log) {
    const { app, dispatcher, ws } = await openBench(scale, log);
    const contact = app.db.sqlite.prepare("SELECT c.id AS contact, l.id AS lead FROM contacts c JOIN leads l ON l.contact_id = c.id WHERE c.workspace_id = ? LIMIT 1").get(ws) as { contact: string; lead: string };
    const insert = prepared(app.db, 'INSERT INTO calls (id, workspace_id, contact_id, lead_id, call_day, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const baselineIds: string[] = [];
    const oursBefore = app.db.sqlite.prepare('SELECT count(*) FROM calls').pluck().get() as number;
    return {
      rounds: 15,
      batch: 20,
      ours: async () => {
        const r = await dispatcher.call('calls.create', {
          workspaceId: ws,
          contactId: contact.contact,
          leadId: contact.lead,
          evidence: { sourceOfAppointment: 'sdr_booked_call', utmSource: 'facebook' },
          scheduledAt: '2026-11-02T15:00:00.000Z',
          durationSeconds: 600,
        });
        if (!r.ok) throw new Error(r.error.message);
      },
      baseline: () => {
        const id = uuidv7();
        baselineIds.push(id);
        const now = new Date().toISOString();
        insert.run(id, ws, contact.contact, contact.lead, '2026-11-02', now, now);
      },
      note: () => {
        const total = app.db.sqlite.prepare('SELECT count(*) FROM calls').pluck().get() as number;
        return `each: classification, insert, created event, three summary upserts, two outbox rows, one transaction (synchronous=FULL); ${(total - oursBefore).toLocaleString('en-US')} calls added during the run`;
      },
      teardown: () => {
        // Leave the shared bench database as it was.
        app.db.sqlite.exec(`DELETE FROM call_events WHERE call_id IN (SELECT id FROM calls WHERE created_at >= '2026-11-21')`);
        app.db.sqlite.prepare(`DELETE FROM outbox`).run();
        app.db.sqlite.exec(`DELETE FROM calls WHERE created_at >= '2026-11-21'`);
        app.close();
      },
    };
  },
};
