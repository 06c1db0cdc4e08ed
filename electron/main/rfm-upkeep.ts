// Keeps RFM scores current while the app runs: everything at start, the queue after any write that
// touched conversions or contacts (handlers, imports, sync's pull all say so with data.changed),
// and the recency pass at each workspace's local midnight. Readers still call refreshIfPending,
// so a missed tick (a laptop asleep at midnight) only delays the badge, never a wrong read.
import type { AppDb } from '../../db/connection';
import { dailyPass, nextDailyPassAt, refreshAll, refreshPending } from '../../db/queries/rfm';
import type { EventBus } from './event-bus';

export interface RfmUpkeepDeps {
  db: AppDb;
  events: EventBus;
  now(): Date;
}

const MAX_DELAY_MS = 6 * 3_600_000;

/** Starts the upkeep; the returned function stops it (the app calls it on close). */
export function startRfmUpkeep(deps: RfmUpkeepDeps): () => void {
  let timer: NodeJS.Timeout | null = null;
  let queued = false;
  let stopped = false;
  const run = (what: string, fn: () => number) => {
    if (stopped || !deps.db.sqlite.open) return;
    try {
      if (fn() > 0) deps.events.emit('data.changed', { tables: ['contact_rfm'], workspaceId: null });
    } catch (err) {
      console.error(`[rfm] ${what} failed:`, err);
    }
  };
  const schedule = () => {
    if (stopped) return;
    const now = deps.now();
    // A second past midnight, so the new local day has begun in the zone; re-armed at most every
    // few hours as a guard against clock changes while asleep.
    const delay = Math.min(nextDailyPassAt(deps.db, now).getTime() - now.getTime() + 1_000, MAX_DELAY_MS);
    timer = setTimeout(() => {
      run('daily pass', () => refreshPending(deps.db, deps.now()) + dailyPass(deps.db, deps.now()));
      schedule();
    }, Math.max(1_000, delay));
    timer.unref?.();
  };
  const off = deps.events.on('data.changed', ({ tables }) => {
    if (queued || !(tables.includes('conversions') || tables.includes('contacts'))) return;
    // After the writer's call has returned: a burst of changes is scored in one pass.
    queued = true;
    setImmediate(() => {
      queued = false;
      run('refresh', () => refreshPending(deps.db, deps.now()));
    });
  });
  run('start', () => refreshAll(deps.db, deps.now()));
  schedule();
  return () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
  };
}
