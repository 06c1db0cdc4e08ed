import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateLegacyCalls } from '../../db/queries/calls';
import { trafficConfig } from '../../db/queries/workspace-settings';
import { contacts } from '../../db/schema';
import { insertRow } from '../../db/write';
import { legacyCrmStage } from '../../shared/domain/crm-stage';
import { createTestApp, type TestApp } from './helpers';

let app: TestApp;
let contactId: string;
beforeEach(async () => {
  app = await createTestApp();
  contactId = insertRow(app.ctx.writer(null), contacts, { workspaceId: app.workspaceId, contactCode: '626262', firstName: 'Legacy' }).id;
});
afterEach(() => app.ctx.close());

/** A call as an old export or the old schema had it: legacy fields, no new values, never mapped. */
function legacyCall(values: { status?: string | null; outcome?: string | null; source?: string | null; crmStage?: string; trafficSourceReason?: string | null }) {
  const id = crypto.randomUUID();
  app.ctx.db.sqlite
    .prepare(`INSERT INTO calls (id, workspace_id, contact_id, status, outcome, source_of_set_appointment, crm_stage, traffic_source, traffic_source_reason, call_day, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, 'organic', ?, '2025-01-01', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`)
    .run(id, app.workspaceId, contactId, values.status ?? null, values.outcome ?? null, values.source ?? null, values.crmStage ?? 'scheduled', values.trafficSourceReason ?? null);
  return id;
}

const run = () => migrateLegacyCalls(app.ctx.writer(null), (ws) => trafficConfig(app.ctx.db, ws).rules);
const row = (id: string) => app.ctx.db.sqlite.prepare('SELECT crm_stage, traffic_source, traffic_source_reason, legacy_mapped_at FROM calls WHERE id = ?').get(id) as { crm_stage: string; traffic_source: string; traffic_source_reason: string | null; legacy_mapped_at: string | null };

describe('legacy status/outcome and source mapping (seed 004)', () => {
  it.each([
    ['completed', 'won', 'closed_won'],
    ['completed', 'lost', 'lost'],
    ['completed', 'tbd', 'completed'],
    ['no-show', null, 'no_show'],
    ['rescheduled', null, 'scheduled'],
    ['scheduled', null, 'scheduled'],
    [null, null, 'scheduled'],
    ['Completed', 'WON', 'closed_won'],
  ])('status %s + outcome %s -> %s', (status, outcome, stage) => {
    expect(legacyCrmStage(status, outcome)).toBe(stage);
    const id = legacyCall({ status, outcome });
    run();
    expect(row(id).crm_stage).toBe(stage);
  });

  it.each([
    ['sdr_booked_call', 'meta'],
    ['vsl', 'meta'],
    ['non_sdr_booked_call', 'organic'],
    ['email', 'organic'],
    ['self_booking', 'organic'],
    ['carrier_pigeon', 'organic'],
    [null, 'organic'],
  ])('source of set appointment %s -> %s', (source, expected) => {
    const id = legacyCall({ source });
    run();
    expect(row(id).traffic_source).toBe(expected);
    expect(row(id).traffic_source_reason).not.toBeNull();
  });

  it('leaves rows that already have the new values alone', () => {
    const staged = legacyCall({ status: 'completed', outcome: 'won', crmStage: 'lost' });
    const classified = legacyCall({ source: 'sdr_booked_call', trafficSourceReason: 'Set by hand to organic' });
    run();
    expect(row(staged).crm_stage).toBe('lost');
    expect(row(classified).traffic_source).toBe('organic');
  });

  it('is idempotent: a second run changes nothing and writes nothing', () => {
    const ids = [legacyCall({ status: 'completed', outcome: 'won', source: 'vsl' }), legacyCall({ status: 'no-show' })];
    expect(run()).toBe(2);
    const snapshot = ids.map(row);
    const outbox = app.outboxCount();
    expect(run()).toBe(0);
    expect(ids.map(row)).toEqual(snapshot);
    expect(app.outboxCount()).toBe(outbox);
    expect(snapshot.every((r) => r.legacy_mapped_at !== null)).toBe(true);
  });

  it('runs on start-up for calls that need it, through the write path (so the result syncs)', () => {
    const id = legacyCall({ status: 'completed', outcome: 'lost', source: 'vsl' });
    const before = app.outboxCount();
    run();
    expect(row(id)).toMatchObject({ crm_stage: 'lost', traffic_source: 'meta' });
    const entry = app.ctx.db.sqlite.prepare("SELECT op, changes FROM outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1").get(id) as { op: string; changes: string };
    expect(entry.op).toBe('update');
    expect(JSON.parse(entry.changes)).toMatchObject({ crm_stage: 'lost', traffic_source: 'meta' });
    expect(app.outboxCount()).toBe(before + 1);
  });
});
