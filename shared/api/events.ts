import type { AppStatus } from './app';

export interface JobProgress {
  jobId: string;
  kind: 'seed' | 'import' | 'sync' | 'recompute';
  phase: string;
  done: number;
  total: number | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  message: string | null;
  finished: boolean;
  error: string | null;
}

/** A job's rate and time left from its count so far and the time it has taken (null until known). */
export function jobPace(done: number, total: number | null, elapsedMs: number): Pick<JobProgress, 'ratePerSecond' | 'etaSeconds'> {
  const rate = done > 0 && elapsedMs > 0 ? (done / elapsedMs) * 1000 : null;
  return { ratePerSecond: rate, etaSeconds: rate && total !== null ? Math.max(0, (total - done) / rate) : null };
}

/** Server-pushed events, by name. */
export interface ServerEvents {
  'app.status': AppStatus;
  'job.progress': JobProgress;
  /** Data changed in these tables (another window, a worker, sync): refresh views that show them. */
  'data.changed': { tables: string[]; workspaceId: string | null };
}

export type EventName = keyof ServerEvents;
export const EVENT_NAMES = ['app.status', 'job.progress', 'data.changed'] as const satisfies readonly EventName[];
