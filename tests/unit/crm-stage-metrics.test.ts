import { describe, expect, it } from 'vitest';
import { checkStageChange, CRM_STAGES, type CrmStage } from '../../shared/domain/crm-stage';
import { callMetrics, EMPTY_STAGE_COUNTS } from '../../shared/domain/metrics';
import { csvCell, neutralizeFormula, toCsv } from '../../shared/domain/csv';
import { addDays, daysBetween, localDay, nextDay, startOfLocalDay } from '../../shared/domain/dates';
import type { Role } from '../../shared/domain/leads';

describe('CRM stage machine', () => {
  const roles: Role[] = ['sdr', 'manager', 'admin'];
  for (const from of CRM_STAGES) {
    for (const to of CRM_STAGES) {
      for (const role of roles) {
        const closed = from === 'closed_won' || from === 'lost';
        const expected = from === to ? 'same' : closed && role === 'sdr' ? 'manager' : 'ok';
        it(`${from} -> ${to} as ${role}: ${expected}`, () => {
          const r = checkStageChange(from as CrmStage, to as CrmStage, role);
          if (expected === 'ok') expect(r).toEqual({ ok: true, needsSaleValue: to === 'closed_won' });
          else if (expected === 'same') expect(r).toMatchObject({ ok: false, code: 'same_stage' });
          else expect(r).toMatchObject({ ok: false, code: 'needs_manager', reason: expect.stringMatching(/needs a manager/) });
        });
      }
    }
  }
});

describe('call metrics (DESIGN.md definitions, seed figures kept apart)', () => {
  it('computes held, resolved, show and close rate without counting no-shows as shows', () => {
    const m = callMetrics({ scheduled: 5, in_progress: 1, completed: 10, no_show: 6, closed_won: 4, lost: 6 });
    expect(m).toEqual({
      calls: 32,
      held: 20,
      noShows: 6,
      resolved: 26,
      closedWon: 4,
      lost: 6,
      showRate: 20 / 26,
      closeRate: 4 / 20,
      seedCompletedCalls: 26,
      seedShowRatePct: 81.25,
      seedCloseRatePct: 15.38,
    });
  });
  it('has no rate rather than a divide by zero', () => {
    expect(callMetrics(EMPTY_STAGE_COUNTS)).toMatchObject({ calls: 0, showRate: null, closeRate: null, seedShowRatePct: null, seedCloseRatePct: null });
    expect(callMetrics({ ...EMPTY_STAGE_COUNTS, no_show: 3 })).toMatchObject({ showRate: 0, closeRate: null });
  });
});

describe('CSV export', () => {
  it.each(['=SUM(A1)', '+1 415', '-2', '@cmd', '\tx', '\rx'])('neutralizes a formula start in %j', (value) => {
    expect(neutralizeFormula(value).startsWith("'")).toBe(true);
  });
  it('quotes commas, quotes and newlines and leaves plain cells alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(toCsv(['a', 'b'], [['=1', 'x,y']])).toBe("a,b\r\n'=1,\"x,y\"\r\n");
  });
});

describe('days in a time zone', () => {
  it('buckets an instant into the zone\'s calendar day', () => {
    expect(localDay('2026-03-01T03:30:00Z', 'America/Chicago')).toBe('2026-02-28');
    expect(localDay('2026-03-01T03:30:00Z', 'Asia/Tokyo')).toBe('2026-03-01');
  });
  it('finds the start of a day, across daylight-saving changes', () => {
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfLocalDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalDay('2026-06-01', 'Asia/Kolkata').toISOString()).toBe('2026-05-31T18:30:00.000Z');
  });
  it('steps through days', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
