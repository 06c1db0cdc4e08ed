// Loads everything the dashboard shows for one set of filters, and again whenever the backend
// says data changed (a stage change anywhere bumps dataVersion), keeping the last figures on
// screen meanwhile so tiles update in place instead of flashing empty.
import { useEffect, useRef, useState } from 'react';
import type { AppointmentSummary, CallStats, DailyConversionRow, FunnelRow, WorkspaceConversionRow } from '../../../../shared/api/analytics';
import { call } from '../../lib/api';
import { useSession } from '../../stores/session';
import type { DayRange } from './range';

export interface CallsData {
  byDaySource: CallStats;
  byRep: CallStats;
  bySource: CallStats;
  /** Only when more than one workspace is in scope. */
  byWorkspace: CallStats | null;
}

export interface ReportsData {
  funnel: FunnelRow[];
  daily: DailyConversionRow[];
  workspaces: WorkspaceConversionRow[];
  appointments: AppointmentSummary;
}

export interface AnalyticsQuery {
  workspaceIds: string[];
  days: DayRange;
  repUserId: string | null;
}

export const UPCOMING_LIMIT = 25;

async function loadCalls(q: AnalyticsQuery): Promise<CallsData> {
  const base = { workspaceIds: q.workspaceIds, days: q.days, ...(q.repUserId ? { repUserId: q.repUserId } : {}) };
  const [byDaySource, byRep, bySource, byWorkspace] = await Promise.all([
    call('analytics.calls', { ...base, groupBy: ['day', 'source'] }),
    call('analytics.calls', { ...base, groupBy: ['rep'] }),
    call('analytics.calls', { ...base, groupBy: ['source'] }),
    q.workspaceIds.length > 1 ? call('analytics.calls', { ...base, groupBy: ['workspace'] }) : Promise.resolve(null),
  ]);
  return { byDaySource, byRep, bySource, byWorkspace };
}

/** The appointment view is per workspace; with several in scope, counts add up and the next ones interleave. */
async function loadAppointments(workspaceIds: string[]): Promise<AppointmentSummary> {
  const parts = await Promise.all(workspaceIds.map((workspaceId) => call('analytics.appointments', { workspaceId, limit: UPCOMING_LIMIT })));
  if (parts.length === 1) return parts[0]!;
  const byStatus = new Map<string, number>();
  for (const p of parts) for (const s of p.byStatus) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + s.count);
  return {
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count),
    upcoming: parts
      .flatMap((p) => p.upcoming)
      .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt))
      .slice(0, UPCOMING_LIMIT),
  };
}

async function loadReports(q: AnalyticsQuery): Promise<ReportsData> {
  const [funnel, daily, workspaces, appointments] = await Promise.all([
    call('analytics.funnel', { workspaceIds: q.workspaceIds }),
    call('analytics.dailyConversions', { workspaceIds: q.workspaceIds, days: q.days }),
    call('analytics.workspaceConversions', { workspaceIds: q.workspaceIds }),
    loadAppointments(q.workspaceIds),
  ]);
  return { funnel, daily, workspaces, appointments };
}

interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** True until `data` holds the figures for the filters asked now (not the previous ones, not before a refetch lands). */
  loading: boolean;
  /** `data` answers the filters asked now (false while they load, and after they failed to). */
  current: boolean;
}

function useLoaded<T>(query: AnalyticsQuery | null, load: (q: AnalyticsQuery) => Promise<T>, reportsKey: string): Loaded<T> {
  const dataVersion = useSession((s) => s.dataVersion);
  const key = query ? `${reportsKey}|${JSON.stringify(query)}` : null;
  // `pending` is the key and data version being fetched; `loadedFor` the key the data on screen answers.
  const [state, setState] = useState<{ data: T | null; error: string | null; pending: boolean; loadedFor: string | null }>({ data: null, error: null, pending: true, loadedFor: null });
  const seq = useRef(0);
  useEffect(() => {
    if (!query) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, pending: true }));
    // A burst of changes (an import, a bulk edit) becomes one refetch.
    const timer = setTimeout(() => {
      load(query).then(
        (data) => mine === seq.current && setState({ data, error: null, pending: false, loadedFor: key }),
        (err: unknown) => mine === seq.current && setState((s) => ({ ...s, error: (err as Error).message, pending: false })),
      );
    }, 80);
    return () => clearTimeout(timer);
    // `key` stands for `query` (a fresh object every render).
  }, [key, dataVersion]);
  // The render that changes the filters comes before the effect that marks the fetch pending: the
  // old figures are stale from that render on, so compare keys rather than wait for the flag.
  const current = state.loadedFor === key;
  return { data: state.data, error: state.error, loading: state.pending || (!current && state.error === null), current: current && !state.pending };
}

export function useAnalyticsData(query: AnalyticsQuery | null): { calls: Loaded<CallsData>; reports: Loaded<ReportsData> } {
  // Seed 002's reports are not split by rep, so a rep change does not refetch them.
  const reportsQuery = query ? { ...query, repUserId: null } : null;
  return {
    calls: useLoaded(query, loadCalls, 'calls'),
    reports: useLoaded(reportsQuery, loadReports, 'reports'),
  };
}
