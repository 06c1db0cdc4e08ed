// Property: whatever sequence of inserts, stage changes, edits and deletes happens to calls, the
// trigger-kept summaries equal a recompute from scratch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recomputeCallStats, storedCallStats } from '../../db/queries/analytics';
import { callDayFor } from '../../db/queries/calls';
import { calls, contacts } from '../../db/schema';
import { deleteRow, insertRow, updateRow } from '../../db/write';
import { CRM_STAGES } from '../../shared/domain/crm-stage';
import { createTestApp } from './helpers';

const SOURCES = ['organic', 'meta', 'google'];
const DAYS = ['2026-01-01T12:00:00.000Z', '2026-01-02T12:00:00.000Z', '2026-01-03T04:00:00.000Z'];

type Op =
  | { kind: 'insert'; stage: number; source: number; day: number; rep: number; value: number }
  | { kind: 'stage'; target: number; stage: number; value: number }
  | { kind: 'source'; target: number; source: number }
  | { kind: 'rep'; target: number; rep: number }
  | { kind: 'reschedule'; target: number; day: number }
  | { kind: 'tombstone'; target: number }
  | { kind: 'hardDelete'; target: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), stage: fc.nat(5), source: fc.nat(2), day: fc.nat(2), rep: fc.nat(2), value: fc.nat(100_000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('stage' as const), target: fc.nat(), stage: fc.nat(5), value: fc.nat(100_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('source' as const), target: fc.nat(), source: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rep' as const), target: fc.nat(), rep: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reschedule' as const), target: fc.nat(), day: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tombstone' as const), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hardDelete' as const), target: fc.nat() }) },
);

describe('call summaries', () => {
  it('always equal a recompute from scratch', async () => {
    const app = await createTestApp();
    const w = app.ctx.writer(app.userId);
    const contact = insertRow(w, contacts, { workspaceId: app.workspaceId, contactCode: '515151', firstName: 'P' });
    const reps = [app.userId, null, app.userId];
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 60 }), async (ops) => {
          app.ctx.db.sqlite.exec('DELETE FROM calls');
          const live: string[] = [];
          for (const o of ops) {
            const target = live.length ? live[('target' in o ? o.target : 0) % live.length]! : null;
            switch (o.kind) {
              case 'insert': {
                const stage = CRM_STAGES[o.stage]!;
                const row = insertRow(w, calls, {
                  workspaceId: app.workspaceId, contactId: contact.id, repUserId: reps[o.rep]!, crmStage: stage, trafficSource: SOURCES[o.source]!,
                  scheduledAt: DAYS[o.day]!, callDay: callDayFor(DAYS[o.day]!, DAYS[0]!, 'America/New_York'), saleValueCents: stage === 'closed_won' ? o.value : null,
                });
                live.push(row.id);
                break;
              }
              case 'stage':
                if (target) updateRow(w, calls, target, { crmStage: CRM_STAGES[o.stage]!, saleValueCents: CRM_STAGES[o.stage] === 'closed_won' ? o.value : null });
                break;
              case 'source':
                if (target) updateRow(w, calls, target, { trafficSource: SOURCES[o.source]! });
                break;
              case 'rep':
                if (target) updateRow(w, calls, target, { repUserId: reps[o.rep]! });
                break;
              case 'reschedule':
                if (target) updateRow(w, calls, target, { scheduledAt: DAYS[o.day]!, callDay: callDayFor(DAYS[o.day]!, DAYS[0]!, 'America/New_York') });
                break;
              case 'tombstone':
                if (target) {
                  deleteRow(w, calls, target);
                  live.splice(live.indexOf(target), 1);
                }
                break;
              case 'hardDelete':
                if (target) {
                  app.ctx.db.sqlite.prepare('DELETE FROM calls WHERE id = ?').run(target);
                  live.splice(live.indexOf(target), 1);
                }
                break;
            }
          }
          expect(storedCallStats(app.ctx.db)).toEqual(recomputeCallStats(app.ctx.db));
          // No empty buckets linger.
          expect(app.ctx.db.sqlite.prepare('SELECT count(*) FROM call_stats_daily WHERE calls <= 0').pluck().get()).toBe(0);
        }),
        { numRuns: 150 },
      );
    } finally {
      app.ctx.close();
    }
  }, 120_000);
});
