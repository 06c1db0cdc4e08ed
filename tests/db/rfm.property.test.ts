// Property: whatever sequence of conversion creates, edits, re-points, soft and hard deletes,
// contact deletions, refreshes and days passing happens, the incrementally kept contact_rfm equals
// (1) a full recompute and (2) the pure domain rule (shared/domain/rfm.ts) applied in JS to the
// conversions as they stand, in a zone picked at random (Lord Howe shifts by 30 minutes).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyPass, recomputeWorkspace, refreshIfPending, refreshPending } from '../../db/queries/rfm';
import { contacts, conversions, workspaces } from '../../db/schema';
import { deleteRow, insertRow, updateRow } from '../../db/write';
import { contactCodeForIndex } from '../../shared/domain/contact-code';
import { startOfLocalDay } from '../../shared/domain/dates';
import { nextRecencyChange, scoreRfm } from '../../shared/domain/rfm';
import { createRfmApp, type RfmTestApp } from './rfm-helpers';

const ZONES = ['America/New_York', 'UTC', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const STATUSES = ['paid', 'pending', 'refunded', 'cancelled', 'failed', null] as const;
const TYPES = ['sale', 'order', 'appointment', 'refund'] as const;
const DAY = 86_400_000;

type Op =
  | { kind: 'create'; contact: number; daysAgo: number; minute: number; cents: number; status: number; type: number }
  | { kind: 'move'; target: number; contact: number }
  | { kind: 'value'; target: number; cents: number }
  | { kind: 'date'; target: number; daysAgo: number; minute: number }
  | { kind: 'status'; target: number; status: number }
  | { kind: 'type'; target: number; type: number }
  | { kind: 'softDelete'; target: number }
  | { kind: 'undelete'; target: number }
  | { kind: 'hardDelete'; target: number }
  | { kind: 'deleteContact'; contact: number }
  | { kind: 'refresh' }
  | { kind: 'advance'; hours: number }
  | { kind: 'toDrop'; minute: number };

// Near the seed's day limits half the time, so passes land on drop days, not only past them.
const days = fc.oneof(fc.integer({ min: -3, max: 400 }), fc.constantFrom(28, 29, 30, 31, 59, 60, 61, 89, 90, 91, 179, 180, 181));
const minute = fc.nat(24 * 60 - 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('create' as const), contact: fc.nat(4), daysAgo: days, minute, cents: fc.nat(120_000), status: fc.nat(STATUSES.length - 1), type: fc.nat(TYPES.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), target: fc.nat(), contact: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('value' as const), target: fc.nat(), cents: fc.nat(120_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('date' as const), target: fc.nat(), daysAgo: days, minute }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), target: fc.nat(), status: fc.nat(STATUSES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('type' as const), target: fc.nat(), type: fc.nat(TYPES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('softDelete' as const), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undelete' as const), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hardDelete' as const), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteContact' as const), contact: fc.nat(4) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('refresh' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 24 * 45 })) }) },
  // Straight to the next day some R drops, at a random minute of it: the boundary itself.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toDrop' as const), minute: fc.nat(22 * 60) }) },
);

let app: RfmTestApp;
beforeAll(async () => {
  app = await createRfmApp('2026-03-01T12:00:00.000Z');
});
afterAll(() => app.close());

const COLUMNS = 'contact_id, last_conversion_at, conversions, total_cents, r, f, m, score, segment, recency_drops_on';
const scored = (ws: string) => app.ctx.db.sqlite.prepare(`SELECT ${COLUMNS} FROM contact_rfm WHERE workspace_id = ? ORDER BY contact_id`).all(ws);

describe('RFM incremental upkeep', () => {
  it('always equals a full recompute and the domain rule', () => {
    const db = app.ctx.db;
    let run = 0;
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(op, { minLength: 1, maxLength: 60 }), (timeZone, ops) => {
        run++;
        app.setNow('2026-03-01T12:00:00.000Z');
        const w = app.w;
        const ws = insertRow(w, workspaces, { name: `P${run}`, timezone: timeZone }).id;
        const people = Array.from({ length: 5 }, (_, i) => insertRow(w, contacts, { workspaceId: ws, contactCode: contactCodeForIndex(i, run * 7), firstName: `P${i}` }).id);
        // Scored once while empty, so what follows goes through the incremental paths, not a first full run.
        recomputeWorkspace(db, ws, app.now());
        refreshPending(db, app.now());
        const ids: string[] = [];
        const at = (daysAgo: number, min: number) => new Date(app.now().getTime() - daysAgo * DAY + (min - 720) * 60_000).toISOString();
        const pick = (target: number) => (ids.length ? ids[target % ids.length]! : null);
        const live = (id: string | null) => (id && db.sqlite.prepare('SELECT 1 FROM conversions WHERE id = ? AND deleted_at IS NULL').get(id) ? id : null);
        for (const o of ops) {
          switch (o.kind) {
            case 'create':
              ids.push(insertRow(w, conversions, { workspaceId: ws, contactId: people[o.contact]!, convertedAt: at(o.daysAgo, o.minute), valueCents: o.cents, billingStatus: STATUSES[o.status]!, conversionType: TYPES[o.type]! }).id);
              break;
            case 'move': {
              const id = live(pick(o.target));
              if (id) updateRow(w, conversions, id, { contactId: people[o.contact]! });
              break;
            }
            case 'value': {
              const id = live(pick(o.target));
              if (id) updateRow(w, conversions, id, { valueCents: o.cents });
              break;
            }
            case 'date': {
              const id = live(pick(o.target));
              if (id) updateRow(w, conversions, id, { convertedAt: at(o.daysAgo, o.minute) });
              break;
            }
            case 'status': {
              const id = live(pick(o.target));
              if (id) updateRow(w, conversions, id, { billingStatus: STATUSES[o.status]! });
              break;
            }
            case 'type': {
              const id = live(pick(o.target));
              if (id) updateRow(w, conversions, id, { conversionType: TYPES[o.type]! });
              break;
            }
            case 'softDelete': {
              const id = live(pick(o.target));
              if (id) deleteRow(w, conversions, id);
              break;
            }
            case 'undelete': {
              // As a pull can: a tombstone cleared by a later edit elsewhere.
              const id = pick(o.target);
              if (id) db.sqlite.prepare('UPDATE conversions SET deleted_at = NULL WHERE id = ?').run(id);
              break;
            }
            case 'hardDelete': {
              const id = pick(o.target);
              if (id) db.sqlite.prepare('DELETE FROM conversions WHERE id = ?').run(id);
              break;
            }
            case 'deleteContact':
              deleteRow(w, contacts, people[o.contact]!);
              break;
            case 'refresh':
              // Checked at every refresh, not only at the end: a stale row can be repaired by a later change.
              refreshPending(db, app.now());
              expect(scored(ws)).toEqual(domainScores(ws, timeZone));
              break;
            case 'advance':
              // The app scores its queue right after each write, so rows exist when the day turns.
              refreshPending(db, app.now());
              app.setNow(new Date(app.now().getTime() + o.hours * 3_600_000));
              dailyPass(db, app.now(), ws);
              expect(scored(ws)).toEqual(domainScores(ws, timeZone));
              break;
            case 'toDrop': {
              refreshPending(db, app.now());
              const day = db.sqlite.prepare('SELECT min(recency_drops_on) FROM contact_rfm WHERE workspace_id = ?').pluck().get(ws) as string | null;
              if (!day) break;
              app.setNow(new Date(startOfLocalDay(day, timeZone).getTime() + o.minute * 60_000));
              dailyPass(db, app.now(), ws);
              expect(scored(ws)).toEqual(domainScores(ws, timeZone));
              break;
            }
          }
        }
        refreshIfPending(db, ws, app.now());
        const kept = scored(ws);
        expect(db.sqlite.prepare('SELECT count(*) FROM rfm_pending').pluck().get()).toBe(0);
        expect(kept).toEqual(domainScores(ws, timeZone));
        recomputeWorkspace(db, ws, app.now());
        expect(scored(ws)).toEqual(kept);
      }),
      { numRuns: 150 },
    );
  });
});

/** The rule in JS from the conversions table as it stands: the oracle the SQL is held to. */
function domainScores(ws: string, timeZone: string) {
  const db = app.ctx.db;
  const rows = db.sqlite
    .prepare(`SELECT v.contact_id, v.converted_at, v.value_cents, v.billing_status, v.conversion_type FROM conversions v JOIN contacts c ON c.id = v.contact_id
      WHERE c.workspace_id = ? AND c.deleted_at IS NULL AND v.deleted_at IS NULL`)
    .all(ws) as { contact_id: string; converted_at: string; value_cents: number; billing_status: string | null; conversion_type: string }[];
  const by = new Map<string, { last: string | null; n: number; net: number }>();
  for (const r of rows) {
    const acc = by.get(r.contact_id) ?? { last: null, n: 0, net: 0 };
    const status = r.billing_status ?? '';
    const counts = r.conversion_type !== 'refund' && status !== 'cancelled' && status !== 'failed';
    if (counts) {
      acc.n++;
      if (!acc.last || r.converted_at > acc.last) acc.last = r.converted_at;
    }
    acc.net += r.conversion_type === 'refund' ? -r.value_cents : ['refunded', 'cancelled', 'failed'].includes(status) ? 0 : r.value_cents;
    by.set(r.contact_id, acc);
  }
  return [...by.entries()]
    .filter(([, a]) => a.n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([contactId, a]) => {
      const s = scoreRfm({ lastConversionAt: a.last, conversions: a.n, totalCents: a.net }, app.now(), { timeZone });
      return {
        contact_id: contactId,
        last_conversion_at: a.last,
        conversions: a.n,
        total_cents: a.net,
        r: s.r,
        f: s.f,
        m: s.m,
        score: s.score,
        segment: s.segment,
        recency_drops_on: nextRecencyChange(a.last, app.now(), undefined, timeZone)?.day ?? null,
      };
    });
}
