import { z } from 'zod';
import type { CallMetrics, StageCounts } from '../domain/metrics';
import { method } from './contract';
import { Id } from './common';
import { DayRange } from './calls';

export const ANALYTICS_DIMENSIONS = ['day', 'source', 'stage', 'rep', 'workspace'] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

export const CallStatsInput = z
  .object({
    workspaceIds: z.array(Id).min(1, 'choose at least one workspace').max(50),
    days: DayRange.default({}),
    repUserId: Id.nullish(),
    groupBy: z.array(z.enum(ANALYTICS_DIMENSIONS)).max(4).default([]),
  })
  .strict();

export interface CallStatsRow {
  day?: string;
  trafficSource?: string;
  crmStage?: string;
  repUserId?: string | null;
  repName?: string | null;
  workspaceId?: string;
  counts: StageCounts;
  saleValueCents: number;
  metrics: CallMetrics;
}

export interface CallStats {
  rows: CallStatsRow[];
  total: CallStatsRow;
  /** Days actually covered, in the workspaces' time zones. */
  days: { from: string | null; to: string | null };
  /** When the caller is an SDR, figures are their own calls only. */
  scopedToRep: string | null;
}

export interface FunnelRow {
  workspaceId: string;
  workspaceName: string;
  totalLeads: number;
  contactedLeads: number;
  qualifiedLeads: number;
  convertedLeads: number;
  /** converted / total, or null with no leads. */
  conversionRate: number | null;
}

export interface DailyConversionRow {
  day: string;
  conversionCount: number;
  revenueCents: number;
  avgValueCents: number;
  activeWorkspaces: number;
  activeAgents: number;
}

export interface WorkspaceConversionRow {
  workspaceId: string;
  workspaceName: string;
  totalConversions: number;
  totalRevenueCents: number;
  avgValueCents: number;
  uniqueContactsConverted: number;
  lastConversionAt: string | null;
}

export interface AppointmentSummaryRow {
  appointmentId: string;
  appointmentType: string;
  scheduledAt: string;
  status: string;
  leadType: string | null;
  source: string | null;
  contactName: string;
  contactPhone: string;
  webhookName: string | null;
  assignedName: string | null;
}

export interface AppointmentSummary {
  byStatus: { status: string; count: number }[];
  upcoming: AppointmentSummaryRow[];
}

const WorkspacesInput = z.object({ workspaceIds: z.array(Id).min(1).max(50) }).strict();
const WorkspacesDaysInput = z.object({ workspaceIds: z.array(Id).min(1).max(50), days: DayRange.default({}) }).strict();

export const analyticsApi = {
  'analytics.calls': method(CallStatsInput).returns<CallStats>(),
  /** Where every lead stands now (statuses are current state, so there is no date range). */
  'analytics.funnel': method(WorkspacesInput).returns<FunnelRow[]>(),
  'analytics.dailyConversions': method(WorkspacesDaysInput).returns<DailyConversionRow[]>(),
  /** All-time totals per workspace, as the seed's view. */
  'analytics.workspaceConversions': method(WorkspacesInput).returns<WorkspaceConversionRow[]>(),
  'analytics.appointments': method(z.object({ workspaceId: Id, days: DayRange.default({}), limit: z.number().int().min(1).max(200).default(25) }).strict()).returns<AppointmentSummary>(),
};
