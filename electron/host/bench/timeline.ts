// timeline_10k: the first screen (50 items) of a contact's timeline when the contact has 10,000
// events spread over its leads, calls, appointments, conversions, analytics and own history,
// through the whole handler path (validation, membership, merge, titles, actor names).
import type { AppDb } from '../../../db/connection';
import { prepared } from '../../../db/connection';
import { createAppContext } from '../../main/context';
import { createDispatcher } from '../../main/handlers';
import { MIGRATIONS_FOLDER } from '../paths';
import { BENCH_ANCHOR, benchDatabase } from './datasets';
import type { Workload } from './harness';

/** How the 10,000 events are spread: parents per kind, and events per parent. */
export const TIMELINE_SHAPE = {
  leads: { parents: 5, each: 300 },
  calls: { parents: 40, each: 50 },
  appointments: { parents: 15, each: 50 },
  conversions: { parents: 10, each: 25 },
  analytics: 5_000,
  contactEvents: 500,
} as const;
const TOTAL =
  TIMELINE_SHAPE.leads.parents * TIMELINE_SHAPE.leads.each +
  TIMELINE_SHAPE.calls.parents * TIMELINE_SHAPE.calls.each +
  TIMELINE_SHAPE.appointments.parents * TIMELINE_SHAPE.appointments.each +
  TIMELINE_SHAPE.conversions.parents * TIMELINE_SHAPE.conversions.each +
  TIMELINE_SHAPE.analytics +
  TIMELINE_SHAPE.contactEvents;

const SPAN_S = 2 * 365 * 86_400;
const WINDOW_S = 45 * 86_400;

/**
 * The busy contact, set-based: a recursive counter generates parents, then events. A parent's
 * events fall in a 45-day window after it starts (a call's history happens around the call);
 * analytics and the contact's own history spread over the whole two years, interleaving with all.
 */
function addBusyContact(db: AppDb): void {
  const ws = db.sqlite.prepare('SELECT id FROM workspaces ORDER BY id LIMIT 1').pluck().get() as string;
  const actor = db.sqlite.prepare('SELECT user_id FROM workspace_memberships WHERE workspace_id = ? LIMIT 1').pluck().get(ws) as string;
  const end = Math.floor(BENCH_ANCHOR.getTime() / 1000);
  const start = end - SPAN_S;
  const uuid = (prefix: string, n: string) => `printf('%08x-${prefix}-7000-8000-%012x', abs(random()) % 4294967295, ${n})`;
  const iso = (secondsExpr: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${secondsExpr}, 'unixepoch')`;
  const counter = (n: number) => `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ${n - 1})`;
  const s = TIMELINE_SHAPE;
  db.sqlite.exec(`
    BEGIN;
    INSERT INTO contacts (id, workspace_id, contact_code, first_name, last_name, email, phone, phone_raw, phone_status, created_at, updated_at)
    VALUES ('00000000-0000-7000-8000-00000000b100', '${ws}', '987654', 'Busy', 'Bench', 'busy@bench.test', '+14155550100', '4155550100', 'valid',
            ${iso(String(start))}, ${iso(String(start))});
    CREATE TEMP TABLE parents (kind TEXT, id TEXT, starts INTEGER);
    ${counter(s.leads.parents)} INSERT INTO parents SELECT 'lead', ${uuid('0001', 'i')}, ${start} + abs(random()) % ${SPAN_S - WINDOW_S} FROM k;
    ${counter(s.calls.parents)} INSERT INTO parents SELECT 'call', ${uuid('0002', 'i')}, ${start} + abs(random()) % ${SPAN_S - WINDOW_S} FROM k;
    ${counter(s.appointments.parents)} INSERT INTO parents SELECT 'appointment', ${uuid('0003', 'i')}, ${start} + abs(random()) % ${SPAN_S - WINDOW_S} FROM k;
    ${counter(s.conversions.parents)} INSERT INTO parents SELECT 'conversion', ${uuid('0004', 'i')}, ${start} + abs(random()) % ${SPAN_S - WINDOW_S} FROM k;
    INSERT INTO leads (id, workspace_id, contact_id, lead_type, first_name, last_name, source, created_at, updated_at)
      SELECT id, '${ws}', '00000000-0000-7000-8000-00000000b100', 'solar', 'Busy', 'Bench', 'facebook', ${iso('starts')}, ${iso('starts')} FROM parents WHERE kind = 'lead';
    INSERT INTO calls (id, workspace_id, contact_id, rep_user_id, crm_stage, scheduled_at, call_day, created_at, updated_at)
      SELECT id, '${ws}', '00000000-0000-7000-8000-00000000b100', '${actor}', 'completed', ${iso('starts')}, date(starts, 'unixepoch'), ${iso('starts')}, ${iso('starts')} FROM parents WHERE kind = 'call';
    INSERT INTO appointments (id, workspace_id, contact_id, scheduled_at, status, created_at, updated_at)
      SELECT id, '${ws}', '00000000-0000-7000-8000-00000000b100', ${iso('starts')}, 'completed', ${iso('starts')}, ${iso('starts')} FROM parents WHERE kind = 'appointment';
    INSERT INTO conversions (id, workspace_id, contact_id, converted_at, value_cents, order_number, created_at, updated_at)
      SELECT id, '${ws}', '00000000-0000-7000-8000-00000000b100', ${iso('starts')}, 123456, 'BENCH-' || rowid, ${iso('starts')}, ${iso('starts')} FROM parents WHERE kind = 'conversion';
    CREATE TEMP TABLE ev AS
      ${counter(Math.max(s.leads.each, s.calls.each, s.appointments.each, s.conversions.each))}
      SELECT p.kind, p.id AS parent, ${uuid('000e', 'p.rowid * 1000 + k.i')} AS id, ${iso(`p.starts + abs(random()) % ${WINDOW_S} + (abs(random()) % 1000) / 1000.0`)} AS at
      FROM parents p JOIN k ON k.i < CASE p.kind WHEN 'lead' THEN ${s.leads.each} WHEN 'call' THEN ${s.calls.each} WHEN 'appointment' THEN ${s.appointments.each} ELSE ${s.conversions.each} END;
    INSERT INTO lead_events (id, workspace_id, lead_id, event_type, event_data, actor_user_id, created_at, updated_at)
      SELECT id, '${ws}', parent, 'updated', '{"changes":{"notes":["","called back"]}}', '${actor}', at, at FROM ev WHERE kind = 'lead';
    INSERT INTO call_events (id, workspace_id, call_id, event_type, old_value, new_value, actor_user_id, created_at, updated_at)
      SELECT id, '${ws}', parent, 'stage_changed', 'scheduled', 'completed', '${actor}', at, at FROM ev WHERE kind = 'call';
    INSERT INTO appointment_events (id, workspace_id, appointment_id, event_type, event_description, performed_by, created_at, updated_at)
      SELECT id, '${ws}', parent, 'note', 'Customer asked for a quote', '${actor}', at, at FROM ev WHERE kind = 'appointment';
    INSERT INTO conversion_events (id, workspace_id, conversion_id, event_type, event_data, created_by, created_at, updated_at)
      SELECT id, '${ws}', parent, 'created', '{"valueCents":123456}', '${actor}', at, at FROM ev WHERE kind = 'conversion';
    ${counter(s.analytics)} INSERT INTO analytics_events (id, workspace_id, contact_id, name, value, type, occurred_at, created_at, updated_at)
      SELECT ${uuid('000a', 'i')}, '${ws}', '00000000-0000-7000-8000-00000000b100', 'Opened email', 'Newsletter ' || (i % 40), 'action',
             ${iso(`${start} + abs(random()) % ${SPAN_S} + (abs(random()) % 1000) / 1000.0`)}, ${iso(String(end))}, ${iso(String(end))} FROM k;
    ${counter(s.contactEvents)} INSERT INTO contact_events (id, workspace_id, contact_id, event_type, event_data, actor_user_id, created_at, updated_at)
      SELECT ${uuid('000c', 'i')}, '${ws}', '00000000-0000-7000-8000-00000000b100', 'updated', '{"changes":{"city":["","Oakland"]}}', '${actor}',
             ${iso(`${start} + abs(random()) % ${SPAN_S} + (abs(random()) % 1000) / 1000.0`)}, ${iso(String(end))} FROM k;
    DROP TABLE ev; DROP TABLE parents;
    COMMIT;`);
}

export const timeline10k: Workload = {
  name: 'timeline_10k',
  rows: () => TOTAL,
  baseline: 'bare indexed query: newest 50 analytics_events of the contact',
  target: 'ratio ≤ 5',
  async setup(_scale, log) {
    // Other contacts' history around it (the demo set), so the indexes are not the contact's alone.
    const dbPath = await benchDatabase('timeline-10k', { leads: 20_000 }, log, addBusyContact);
    const app = await createAppContext({ dbPath, migrationsFolder: MIGRATIONS_FOLDER, appVersion: 'bench', demo: false });
    const dispatcher = createDispatcher(app);
    const contactId = '00000000-0000-7000-8000-00000000b100';
    const events = app.db.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM lead_events e JOIN leads l ON l.id = e.lead_id WHERE l.contact_id = @c)
              + (SELECT count(*) FROM call_events e JOIN calls p ON p.id = e.call_id WHERE p.contact_id = @c)
              + (SELECT count(*) FROM appointment_events e JOIN appointments p ON p.id = e.appointment_id WHERE p.contact_id = @c)
              + (SELECT count(*) FROM conversion_events e JOIN conversions p ON p.id = e.conversion_id WHERE p.contact_id = @c)
              + (SELECT count(*) FROM analytics_events WHERE contact_id = @c) + (SELECT count(*) FROM contact_events WHERE contact_id = @c)`,
      )
      .pluck()
      .get({ c: contactId }) as number;
    if (events !== TOTAL) throw new Error(`The bench contact has ${events} events, expected ${TOTAL}; delete .bench/timeline-10k.sqlite and run again`);
    const bare = prepared(app.db, 'SELECT * FROM analytics_events WHERE contact_id = ? ORDER BY occurred_at DESC LIMIT 50');
    let streams = 0;
    return {
      rounds: 15,
      batch: 20,
      ours: async () => {
        const r = await dispatcher.call('contacts.timeline', { id: contactId, limit: 50 });
        if (!r.ok) throw new Error(r.error.message);
        const value = r.value as { items: { record: { id: string } | null; kind: string }[] };
        streams = new Set(value.items.map((i) => i.record?.id ?? i.kind)).size;
        return value;
      },
      baseline: () => bare.all(contactId),
      note: () =>
        `${events.toLocaleString('en-US')} events on ${TIMELINE_SHAPE.leads.parents + TIMELINE_SHAPE.calls.parents + TIMELINE_SHAPE.appointments.parents + TIMELINE_SHAPE.conversions.parents} parent records + analytics + contact history; ` +
        `first screen of 50 drew on ${streams} streams; through the dispatcher (zod, membership, titles, actor names)`,
      teardown: () => app.close(),
    };
  },
};
