import { z } from 'zod';
import type { Segment } from '../domain/rfm';
import { CRM_STAGES, type CrmStage } from '../domain/crm-stage';
import { EVIDENCE_FIELDS, SOURCE_OF_APPOINTMENT_VALUES, TRAFFIC_SOURCE_KEY_RE, type Confidence } from '../domain/traffic-source';
import { method } from './contract';
import { Cents, Id, IsoDateTime, Text } from './common';
import { ContactFields, Cursor, LeadFilter } from './leads';

export const TrafficSourceKey = z.string().regex(TRAFFIC_SOURCE_KEY_RE, 'must be lower case letters, digits or _ (e.g. google_ads)');
export const CrmStageValue = z.enum(CRM_STAGES, { error: (issue) => `unknown stage "${String(issue.input)}"; use one of ${CRM_STAGES.join(', ')}` });

/** What the classifier reads; the form sends it live as fields change. */
export const TrafficEvidenceInput = z.object({
  sourceOfAppointment: z.union([z.enum(SOURCE_OF_APPOINTMENT_VALUES), z.literal('')]).default(''),
  leadSource: Text(100).default(''),
  utmSource: Text(100).default(''),
  utmMedium: Text(100).default(''),
  utmCampaign: Text(200).default(''),
  fbclid: Text(500).default(''),
  gclid: Text(500).default(''),
});

export const CallCreateInput = z
  .object({
    workspaceId: Id,
    contactId: Id.optional(),
    /** Create the contact inline (it goes through the same dedup as everywhere else). */
    newContact: ContactFields.optional(),
    leadId: Id.nullish(),
    repUserId: Id.nullish(),
    evidence: TrafficEvidenceInput.default(TrafficEvidenceInput.parse({})),
    /** A person's choice of source; it wins over the rules and is recorded as such. */
    trafficSourceOverride: TrafficSourceKey.nullish(),
    crmStage: CrmStageValue.default('scheduled'),
    scheduledAt: IsoDateTime.nullish(),
    startedAt: IsoDateTime.nullish(),
    durationSeconds: z.number().int('must be whole seconds').min(0, 'must not be negative').max(86_400, 'must be under a day').nullish(),
    notes: Text(10_000).default(''),
    saleValueCents: Cents.nullish(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.contactId && !v.newContact) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'choose a contact or create one' });
    if (v.contactId && v.newContact) ctx.addIssue({ code: 'custom', path: ['newContact'], message: 'give either an existing contact or a new one, not both' });
    if (v.crmStage === 'closed_won' && (v.saleValueCents === undefined || v.saleValueCents === null)) {
      ctx.addIssue({ code: 'custom', path: ['saleValueCents'], message: 'a closed-won call needs its sale value' });
    }
  });

export const CallStageInput = z
  .object({
    id: Id,
    to: CrmStageValue,
    reason: Text(1000).optional(),
    saleValueCents: Cents.nullish(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.to === 'closed_won' && (v.saleValueCents === undefined || v.saleValueCents === null)) {
      ctx.addIssue({ code: 'custom', path: ['saleValueCents'], message: 'moving to closed won needs the sale value' });
    }
  });

export const CallUpdateInput = z
  .object({
    id: Id,
    patch: z
      .object({
        notes: Text(10_000).optional(),
        repUserId: Id.nullish(),
        scheduledAt: IsoDateTime.nullish(),
        startedAt: IsoDateTime.nullish(),
        durationSeconds: z.number().int().min(0, 'must not be negative').max(86_400).nullish(),
        /** null clears a manual choice and lets the rules decide again. */
        trafficSourceOverride: TrafficSourceKey.nullish(),
      })
      .strict(),
  })
  .strict()
  .refine((v) => Object.keys(v.patch).length > 0, { path: ['patch'], message: 'nothing to change' });

export const CALL_COLUMNS = {
  scheduledAt: { label: 'Scheduled', kind: 'date', sortable: true },
  contactName: { label: 'Contact', kind: 'text', sortable: false },
  crmStage: { label: 'Stage', kind: 'enum', sortable: true },
  trafficSource: { label: 'Traffic source', kind: 'enum', sortable: true },
  repUserId: { label: 'Rep', kind: 'enum', sortable: false },
  sourceOfSetAppointment: { label: 'Appointment source', kind: 'text', sortable: true },
  leadSource: { label: 'Lead source', kind: 'text', sortable: true },
  durationSeconds: { label: 'Duration', kind: 'number', sortable: true },
  saleValueCents: { label: 'Sale value', kind: 'money', sortable: true },
  callDay: { label: 'Day', kind: 'day', sortable: true },
  createdAt: { label: 'Logged', kind: 'date', sortable: true },
  updatedAt: { label: 'Updated', kind: 'date', sortable: true },
} as const;

export type CallColumnKey = keyof typeof CALL_COLUMNS;
const CALL_COLUMN_KEYS = Object.keys(CALL_COLUMNS) as [CallColumnKey, ...CallColumnKey[]];
const SORTABLE_CALL_COLUMNS = CALL_COLUMN_KEYS.filter((k) => CALL_COLUMNS[k].sortable) as [CallColumnKey, ...CallColumnKey[]];

export const DayValue = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day (YYYY-MM-DD)');
export const DayRange = z.object({ from: DayValue.optional(), to: DayValue.optional() }).strict();

export const CallsPageInput = z
  .object({
    workspaceId: Id,
    search: Text(200).default(''),
    sort: z.array(z.object({ col: z.enum(SORTABLE_CALL_COLUMNS), dir: z.enum(['asc', 'desc']) })).max(3).default([{ col: 'scheduledAt', dir: 'desc' }]),
    filters: z.partialRecord(z.enum(CALL_COLUMN_KEYS), LeadFilter).default({}),
    /** Days in the workspace's time zone, inclusive (the analytics drill-down sends these). */
    days: DayRange.default({}),
    after: Cursor.optional(),
    offset: z.number().int().min(0).max(50_000_000).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    includeTotal: z.boolean().default(false),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.after && input.after.values.length !== input.sort.length) {
      ctx.addIssue({ code: 'custom', path: ['after', 'values'], message: 'cursor does not match the sort' });
    }
  });

export interface CallRow {
  id: string;
  workspaceId: string;
  contactId: string;
  contactName: string;
  contactCode: string;
  /** The contact's RFM segment and score (cold, 6 without a conversion). */
  contactSegment: Segment;
  contactScore: number;
  leadId: string | null;
  leadType: string | null;
  repUserId: string | null;
  repName: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  durationSeconds: number | null;
  crmStage: CrmStage;
  trafficSource: string;
  trafficSourceReason: string | null;
  trafficSourceOverridden: boolean;
  sourceOfSetAppointment: string | null;
  leadSource: string | null;
  saleValueCents: number | null;
  callDay: string;
  createdAt: string;
  updatedAt: string;
}

export interface CallsPage {
  rows: CallRow[];
  nextCursor: Cursor | null;
  total: number | null;
}

export interface Call extends Omit<CallRow, 'contactSegment' | 'contactScore'> {
  status: string | null;
  outcome: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  fbclid: string | null;
  trafficSourceConfidence: Confidence | null;
  notes: string;
  currency: string;
}

export interface CallEvent {
  id: string;
  eventType: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  actorName: string | null;
  createdAt: string;
}

export interface CallDetail {
  call: Call;
  contact: { id: string; contactCode: string; name: string; email: string; phone: string };
  lead: { id: string; leadType: string; source: string; status: string } | null;
  events: CallEvent[];
  conversion: { id: string; valueCents: number; currency: string; convertedAt: string } | null;
}

export interface StageChangeResult {
  call: Call;
  conversionId: string | null;
}

export interface BoardCard {
  id: string;
  contactName: string;
  contactCode: string;
  repName: string | null;
  scheduledAt: string | null;
  trafficSource: string;
  saleValueCents: number | null;
  crmStage: CrmStage;
}

export interface BoardColumn {
  stage: CrmStage;
  total: number;
  /** Sum of sale values over the whole column (not only the loaded cards). */
  saleValueCents: number;
  cards: BoardCard[];
}

export const BoardInput = z
  .object({
    workspaceId: Id,
    days: DayRange.default({}),
    repUserId: Id.nullish(),
    trafficSource: TrafficSourceKey.nullish(),
    perStage: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export interface LeadOption {
  id: string;
  leadType: string;
  source: string;
  status: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  fbclid: string;
  gclid: string;
  createdAt: string;
}

export const callsApi = {
  'calls.create': method(CallCreateInput).returns<CallDetail>(),
  'calls.get': method(z.object({ id: Id }).strict()).returns<CallDetail>(),
  'calls.page': method(CallsPageInput).returns<CallsPage>(),
  'calls.changeStage': method(CallStageInput).returns<StageChangeResult>(),
  'calls.update': method(CallUpdateInput).returns<CallDetail>(),
  'calls.board': method(BoardInput).returns<BoardColumn[]>(),
  /** The contact's leads, to pick from (and prefill source and UTM) in the call form. */
  'calls.leadOptions': method(z.object({ contactId: Id }).strict()).returns<LeadOption[]>(),
};

export { EVIDENCE_FIELDS };
