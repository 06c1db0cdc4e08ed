import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type AppDb } from '../../db/connection';
import { seedDemo } from '../../db/seed/demo';
import { WORKSPACE_TABLES_CHILD_FIRST } from '../../db/seed/remove-demo';
import { normalizePhone } from '../../shared/domain/phone';
import { prepareDatabase } from '../../electron/main/prepare';
import { createAppContext } from '../../electron/main/context';
import { createTestApp, MIGRATIONS, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const TABLES = ['workspaces', 'users', 'workspace_memberships', 'contacts', 'leads', 'lead_events', 'calls', 'call_events', 'appointments', 'appointment_events', 'appointment_routing_rules', 'routing_reps', 'workspace_settings', 'conversions', 'conversion_events', 'products', 'order_items', 'analytics_events'];

function fingerprint(db: AppDb): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const rows = db.sqlite.prepare(`SELECT * FROM "${t}" ORDER BY id`).raw().all();
    out[t] = `${rows.length}:${JSON.stringify(rows).length}:${JSON.stringify(rows).slice(0, 2000)}`;
  }
  return out;
}

async function seeded(leads: number, anchor = new Date('2026-06-01T00:00:00Z')) {
  const { db } = await openDatabase({ path: ':memory:', migrationsFolder: MIGRATIONS });
  const summary = seedDemo(db, { leads, anchor });
  return { db, summary };
}

describe('demo data', () => {
  it('is deterministic: the same options give the same rows', async () => {
    const a = await seeded(450);
    const b = await seeded(450);
    expect(fingerprint(a.db)).toEqual(fingerprint(b.db));
    closeDatabase(a.db);
    closeDatabase(b.db);
  });

  it('has the documented shape: 3 workspaces, 25 reps, counts in proportion, sales matched by conversions', async () => {
    const { db, summary } = await seeded(3000);
    const q = (sql: string) => db.sqlite.prepare(sql).pluck().get();
    expect(q('SELECT count(*) FROM workspaces WHERE is_demo = 1')).toBe(3);
    expect(q("SELECT count(DISTINCT user_id) FROM workspace_memberships WHERE role = 'sdr'")).toBe(25);
    expect(q('SELECT count(*) FROM contacts')).toBe(2000);
    expect(q('SELECT count(*) FROM leads')).toBe(3000);
    expect(q('SELECT count(*) FROM calls')).toBe(5000);
    expect(q('SELECT count(*) FROM appointments')).toBe(500);
    expect(q('SELECT count(*) FROM conversions')).toBe(300);
    expect(summary.conversions).toBe(300);
    expect(q("SELECT count(*) FROM calls WHERE crm_stage = 'closed_won'")).toBe(300);
    expect(q("SELECT count(DISTINCT lead_type) FROM leads WHERE lead_type IN ('solar','hvac','insurance')")).toBe(3);
    expect(q("SELECT count(DISTINCT traffic_source) FROM calls")).toBe(2);
    expect(q('SELECT count(*) FROM appointment_routing_rules')).toBeGreaterThanOrEqual(3);
    // Every lead has its creation event; converted leads point at real conversions.
    expect(q("SELECT count(*) FROM leads l WHERE NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.event_type = 'created')")).toBe(0);
    expect(q("SELECT count(*) FROM leads WHERE status = 'converted' AND id NOT IN (SELECT lead_id FROM conversions)")).toBe(0);
    // Order items add up to the conversion value, to the cent.
    expect(q('SELECT count(*) FROM conversions c WHERE value_cents <> (SELECT sum(amount_cents) FROM order_items i WHERE i.conversion_id = c.id)')).toBe(0);
    // Spread over 18 months before the anchor (calls may be booked into the next two weeks).
    expect(q("SELECT min(created_at) >= '2024-11-30' AND max(created_at) < '2026-06-01' FROM leads")).toBe(1);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    closeDatabase(db);
  });

  it('stores phones the app itself would accept: valid ones are valid E.164, invalid ones are flagged', async () => {
    const { db } = await seeded(900);
    const rows = db.sqlite.prepare('SELECT phone, phone_raw, phone_status FROM contacts').all() as { phone: string; phone_raw: string; phone_status: string }[];
    for (const r of rows) {
      if (r.phone_status === 'empty') continue;
      const n = normalizePhone(r.phone_raw, 'US');
      expect(n.status === 'valid', `${r.phone_raw}`).toBe(r.phone_status === 'valid');
      if (r.phone_status === 'valid') expect(n.value).toBe(r.phone);
    }
    expect(rows.filter((r) => r.phone_status === 'invalid').length).toBeGreaterThan(0);
    closeDatabase(db);
  });

  it('can be removed whole, leaving the user a workspace of their own', async () => {
    const app = await createTestApp({ demo: true, demoLeads: 300 });
    const boot = await app.ok('app.bootstrap', {});
    expect(boot.hasDemoData).toBe(true);
    expect(boot.user.displayName).toBe('Jordan Avery');
    const removed = await app.ok('demo.remove', {});
    expect(removed.workspaces).toBe(3);
    for (const t of TABLES) {
      const n = app.ctx.db.sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
      if (t === 'workspaces' || t === 'users' || t === 'workspace_memberships') expect(n, t).toBe(1);
      else expect(n, t).toBe(0);
    }
    const after = await app.ok('app.bootstrap', {});
    expect(after.hasDemoData).toBe(false);
    expect(after.workspaces.map((w) => w.name)).toEqual(['My workspace']);
    expect(after.workspaces[0]!.role).toBe('admin');
    app.ctx.close();
  });

  it('removes from every table that holds workspace rows', async () => {
    const { db } = await seeded(50);
    const withWorkspace = (db.sqlite.prepare("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'workspace_id')").pluck().all() as string[])
      .filter((t) => !['outbox', 'parked_changes', 'synced_workspaces'].includes(t) && !t.startsWith('call_stats') && !t.startsWith('lead_status') && !t.startsWith('leads_fts'));
    expect(withWorkspace.filter((t) => !(WORKSPACE_TABLES_CHILD_FIRST as readonly string[]).includes(t) && t !== 'workspace_memberships')).toEqual([]);
    closeDatabase(db);
  });

  it('has every rep in the rotation and never books a rep twice at once', async () => {
    const { db } = await seeded(600);
    expect(db.sqlite.prepare('SELECT count(*) FROM routing_reps').pluck().get()).toBe(25);
    expect(db.sqlite.prepare('SELECT count(*) FROM workspace_settings WHERE routing_fallback_user_id IS NOT NULL').pluck().get()).toBe(3);
    const clashes = db.sqlite
      .prepare(
        `SELECT count(*) FROM appointments a JOIN appointments b ON b.assigned_user_id = a.assigned_user_id AND b.id < a.id
         WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'
           AND b.scheduled_at < strftime('%Y-%m-%dT%H:%M:%fZ', a.scheduled_at, '+' || a.duration_minutes || ' minutes')
           AND a.scheduled_at < strftime('%Y-%m-%dT%H:%M:%fZ', b.scheduled_at, '+' || b.duration_minutes || ' minutes')`,
      )
      .pluck()
      .get();
    expect(clashes).toBe(0);
    // Booked in the reps' working hours (weekdays, 09:00 to 18:00 in the workspace's zone), as routing would.
    const rows = db.sqlite.prepare('SELECT a.scheduled_at AS at, a.duration_minutes AS minutes, w.timezone AS zone FROM appointments a JOIN workspaces w ON w.id = a.workspace_id').all() as { at: string; minutes: number; zone: string }[];
    const inHours = rows.filter((r) => {
      const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: r.zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(r.at)).map((p) => [p.type, p.value]));
      const start = Number(parts.hour) * 60 + Number(parts.minute);
      return !['Sat', 'Sun'].includes(parts.weekday!) && start >= 9 * 60 && start + r.minutes <= 18 * 60;
    });
    expect(inHours.length / rows.length).toBeGreaterThan(0.95);
    closeDatabase(db);
  });

  it('lets only an admin remove it', async () => {
    const app = await createTestApp({ demo: true, demoLeads: 300 });
    const sdr = app.ctx.db.sqlite.prepare("SELECT user_id FROM workspace_memberships WHERE role = 'sdr' LIMIT 1").pluck().get() as string;
    await app.ok('session.switchUser', { userId: sdr });
    const result = await app.dispatcher.call('demo.remove', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'forbidden', message: 'Only an admin can remove the demo data' });
    app.ctx.close();
  });

  it('is created on a first start in a worker, with progress, and not again on the next start', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dbPath = join(t.dir, 'convio.sqlite');
    const phases = new Set<string>();
    const first = await prepareDatabase({ dbPath, migrationsFolder: MIGRATIONS, demo: true, demoLeads: 300 }, (p) => phases.add(p.phase));
    expect(first.migrated.length).toBeGreaterThan(0);
    expect([...phases]).toEqual(expect.arrayContaining(['contacts', 'leads', 'calls']));
    const second = await prepareDatabase({ dbPath, migrationsFolder: MIGRATIONS, demo: true, demoLeads: 300 });
    expect(second.migrated).toEqual([]);
    const ctx = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS, appVersion: 'test', demo: false });
    expect(ctx.db.sqlite.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(300);
    ctx.close();
  }, 60_000);
});
