import { z } from 'zod';
import { LEAD_STATUSES, LEAD_TYPES, type LeadStatus, type Role } from '../domain/leads';
import { SEGMENT_KEYS, type Segment } from '../domain/rfm';
import { method } from './contract';
import { Cents, Id, IsoDateTime, Text } from './common';
import type { Contact } from './contacts';

export type ColumnKind = 'text' | 'enum' | 'date' | 'number' | 'money';

interface ColumnSpec {
  label: string;
  kind: ColumnKind;
  sortable: boolean;
  /** Shown when the user has not chosen columns. */
  visible: boolean;
  options?: readonly string[];
}

/** The leads grid's columns: what can be shown, sorted and filtered. The db layer maps keys to SQL. */
export const LEAD_COLUMNS = {
  contactCode: { label: 'Code', kind: 'text', sortable: false, visible: true },
  firstName: { label: 'First name', kind: 'text', sortable: true, visible: true },
  lastName: { label: 'Last name', kind: 'text', sortable: true, visible: true },
  email: { label: 'Email', kind: 'text', sortable: true, visible: true },
  phone: { label: 'Phone', kind: 'text', sortable: true, visible: true },
  leadType: { label: 'Type', kind: 'enum', sortable: true, visible: true, options: LEAD_TYPES },
  status: { label: 'Status', kind: 'enum', sortable: true, visible: true, options: LEAD_STATUSES },
  // The contact's RFM lead score (seed 001), derived on this device from its conversions.
  segment: { label: 'Segment', kind: 'enum', sortable: false, visible: true, options: SEGMENT_KEYS },
  rfmScore: { label: 'Score', kind: 'number', sortable: true, visible: true },
  source: { label: 'Source', kind: 'text', sortable: true, visible: true },
  utmSource: { label: 'UTM source', kind: 'text', sortable: true, visible: true },
  utmMedium: { label: 'UTM medium', kind: 'text', sortable: true, visible: false },
  utmCampaign: { label: 'UTM campaign', kind: 'text', sortable: true, visible: false },
  campaignId: { label: 'Campaign', kind: 'text', sortable: true, visible: false },
  city: { label: 'City', kind: 'text', sortable: true, visible: false },
  state: { label: 'State', kind: 'text', sortable: true, visible: true },
  zipCode: { label: 'ZIP', kind: 'text', sortable: true, visible: false },
  ownerName: { label: 'Owner', kind: 'text', sortable: false, visible: true },
  monthlyElectricBillCents: { label: 'Electric bill / mo', kind: 'money', sortable: true, visible: false },
  roofAge: { label: 'Roof age', kind: 'number', sortable: true, visible: false },
  systemAge: { label: 'System age', kind: 'number', sortable: true, visible: false },
  coverageAmountCents: { label: 'Coverage', kind: 'money', sortable: true, visible: false },
  createdAt: { label: 'Created', kind: 'date', sortable: true, visible: true },
  updatedAt: { label: 'Updated', kind: 'date', sortable: true, visible: false },
} as const satisfies Record<string, ColumnSpec>;

export type LeadColumnKey = keyof typeof LEAD_COLUMNS;
export const LEAD_COLUMN_KEYS = Object.keys(LEAD_COLUMNS) as [LeadColumnKey, ...LeadColumnKey[]];
export const SORTABLE_LEAD_COLUMNS = LEAD_COLUMN_KEYS.filter((k) => LEAD_COLUMNS[k].sortable) as [
  LeadColumnKey,
  ...LeadColumnKey[],
];

const FilterText = z.object({
  kind: z.literal('text'),
  op: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
  value: Text(200).default(''),
});
const FilterEnum = z.object({ kind: z.literal('enum'), values: z.array(Text(50)).min(1).max(50) });
const FilterDate = z.object({ kind: z.literal('date'), from: IsoDateTime.optional(), to: IsoDateTime.optional() });
const FilterNumber = z.object({
  kind: z.literal('number'),
  op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'blank', 'notBlank']),
  value: z.number().finite().optional(),
  valueTo: z.number().finite().optional(),
});
export const LeadFilter = z.discriminatedUnion('kind', [FilterText, FilterEnum, FilterDate, FilterNumber]);
export type LeadFilter = z.infer<typeof LeadFilter>;

export const SortItem = z.object({ col: z.enum(SORTABLE_LEAD_COLUMNS), dir: z.enum(['asc', 'desc']) });
export type SortItem = z.infer<typeof SortItem>;

/** Keyset cursor: the sort key values of the last row seen, then its id. */
export const Cursor = z.object({
  values: z.array(z.union([z.string().max(500), z.number(), z.null()])).max(3),
  id: Id,
});
export type Cursor = z.infer<typeof Cursor>;

export const LeadsPageInput = z
  .object({
    workspaceId: Id,
    search: Text(200).default(''),
    sort: z.array(SortItem).max(3).default([{ col: 'createdAt', dir: 'desc' }]),
    filters: z.partialRecord(z.enum(LEAD_COLUMN_KEYS), LeadFilter).default({}),
    after: Cursor.optional(),
    offset: z.number().int().min(0).max(50_000_000).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    includeTotal: z.boolean().default(false),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.after && input.offset !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['offset'], message: 'give either "after" or "offset", not both' });
    }
    if (input.after && input.after.values.length !== input.sort.length) {
      ctx.addIssue({ code: 'custom', path: ['after', 'values'], message: 'cursor does not match the sort' });
    }
    const seen = new Set<string>();
    input.sort.forEach((s, i) => {
      if (seen.has(s.col)) ctx.addIssue({ code: 'custom', path: ['sort', i, 'col'], message: `sorted twice by ${s.col}` });
      seen.add(s.col);
    });
    for (const [key, filter] of Object.entries(input.filters)) {
      const spec = LEAD_COLUMNS[key as LeadColumnKey];
      const expected = spec.kind === 'money' ? 'number' : spec.kind;
      if (!filter || filter.kind === expected) continue;
      if (spec.kind === 'enum' && filter.kind === 'text') continue;
      ctx.addIssue({ code: 'custom', path: ['filters', key], message: `${spec.label} takes a ${expected} filter, not ${filter.kind}` });
    }
  });

export interface LeadRow {
  id: string;
  workspaceId: string;
  contactId: string;
  contactCode: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  phoneStatus: string;
  leadType: string;
  status: string;
  source: string;
  campaignId: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  city: string;
  state: string;
  zipCode: string;
  ownerUserId: string | null;
  ownerName: string | null;
  monthlyElectricBillCents: number | null;
  roofAge: number | null;
  systemAge: number | null;
  coverageAmountCents: number | null;
  /** RFM score 6–30 of the lead's contact (6 with no conversion). */
  rfmScore: number;
  segment: Segment;
  createdAt: string;
  updatedAt: string;
}

export interface LeadsPage {
  rows: LeadRow[];
  /** Pass as `after` for the next page; null at the end. */
  nextCursor: Cursor | null;
  /** Matching rows in all, when includeTotal was asked. */
  total: number | null;
}

/** Every field of a lead, as the detail drawer shows it. */
export interface Lead extends Omit<LeadRow, 'contactCode' | 'ownerName' | 'rfmScore' | 'segment'> {
  webhookId: string | null;
  address: string;
  utmContent: string;
  utmTerm: string;
  fbclid: string;
  gclid: string;
  propertyType: string | null;
  roofCondition: string | null;
  shadeCoverage: string | null;
  systemType: string | null;
  serviceType: string | null;
  urgency: string | null;
  propertySize: number | null;
  policyType: string | null;
  currentPremiumCents: number | null;
  propertyValueCents: number | null;
  claimsHistory: string | null;
  processedAt: string | null;
  statusReason: string | null;
  notes: string;
  conversionScore: number | null;
  revenuePotentialCents: number | null;
  externalSource: string | null;
  externalId: string | null;
}

export interface LeadEvent {
  id: string;
  leadId: string;
  eventType: string;
  changes: Record<string, [unknown, unknown]>;
  note: string | null;
  actorUserId: string | null;
  actorName: string | null;
  createdAt: string;
}

export interface LeadSummary {
  id: string;
  leadType: string;
  status: string;
  source: string;
  createdAt: string;
}

export interface LeadDetail {
  lead: Lead;
  contact: Contact;
  ownerName: string | null;
  otherLeads: LeadSummary[];
  events: LeadEvent[];
}

export const ContactFields = z.object({
  firstName: Text(100).default(''),
  lastName: Text(100).default(''),
  /** Split into first/last when those are empty. */
  fullName: Text(200).default(''),
  email: Text(254).default(''),
  phone: Text(40).default(''),
  address: Text(200).default(''),
  city: Text(100).default(''),
  state: Text(50).default(''),
  zipCode: Text(20).default(''),
});

const LeadTypeValue = z.union([z.enum(LEAD_TYPES), z.literal('')]);

/** Lead fields without defaults: what a patch may carry (absent means "leave as is"). */
const leadFieldShape = {
  leadType: LeadTypeValue,
  status: z.enum(LEAD_STATUSES),
  statusReason: Text(500).nullish(),
  source: Text(100),
  campaignId: Text(100),
  utmSource: Text(100),
  utmMedium: Text(100),
  utmCampaign: Text(200),
  utmContent: Text(200),
  utmTerm: Text(200),
  fbclid: Text(500),
  gclid: Text(500),
  notes: Text(10_000),
  ownerUserId: Id.nullish(),
  monthlyElectricBillCents: Cents.nullish(),
  propertyType: Text(50).nullish(),
  roofCondition: Text(50).nullish(),
  roofAge: z.number().int().min(0).max(200).nullish(),
  shadeCoverage: Text(50).nullish(),
  systemType: Text(50).nullish(),
  systemAge: z.number().int().min(0).max(200).nullish(),
  serviceType: Text(50).nullish(),
  urgency: Text(50).nullish(),
  propertySize: z.number().int().min(0).max(10_000_000).nullish(),
  policyType: Text(50).nullish(),
  coverageAmountCents: Cents.nullish(),
  currentPremiumCents: Cents.nullish(),
  propertyValueCents: Cents.nullish(),
  claimsHistory: Text(500).nullish(),
};

/** Lead fields for a new lead: text fields default to empty, status to new. */
export const LeadFields = z.object({
  ...leadFieldShape,
  leadType: LeadTypeValue.default(''),
  status: z.enum(LEAD_STATUSES).default('new'),
  source: Text(100).default(''),
  campaignId: Text(100).default(''),
  utmSource: Text(100).default(''),
  utmMedium: Text(100).default(''),
  utmCampaign: Text(200).default(''),
  utmContent: Text(200).default(''),
  utmTerm: Text(200).default(''),
  fbclid: Text(500).default(''),
  gclid: Text(500).default(''),
  notes: Text(10_000).default(''),
});

export const LeadCreateInput = z
  .object({
    workspaceId: Id,
    contact: ContactFields,
    lead: LeadFields.default(LeadFields.parse({})),
  })
  .strict()
  .superRefine((input, ctx) => {
    const c = input.contact;
    if (!c.firstName && !c.lastName && !c.fullName && !c.email && !c.phone) {
      ctx.addIssue({ code: 'custom', path: ['contact'], message: 'give at least a name, an email or a phone' });
    }
  });

/** Lead fields an update may change; contact-level identity is edited on the contact. */
export const LeadPatch = z
  .object(leadFieldShape)
  .partial()
  .extend({
    firstName: Text(100).optional(),
    lastName: Text(100).optional(),
    email: Text(254).optional(),
    phone: Text(40).optional(),
    address: Text(200).optional(),
    city: Text(100).optional(),
    state: Text(50).optional(),
    zipCode: Text(20).optional(),
  })
  .strict();

export const LeadUpdateInput = z
  .object({ id: Id, patch: LeadPatch, note: Text(1000).optional() })
  .strict()
  .refine((v) => Object.keys(v.patch).length > 0, { path: ['patch'], message: 'nothing to change' })
  .refine((v) => v.patch.status !== 'unqualified' || (v.patch.statusReason ?? '').length > 0, {
    path: ['patch', 'statusReason'],
    message: 'say why the lead is unqualified',
  });

export interface LeadCreated {
  lead: Lead;
  contact: Contact;
  contactCreated: boolean;
  matchedBy: 'phone' | 'email' | null;
}

/** What the grid shows (filters, search, sort), exported whole. */
export const LeadsExportInput = z
  .object({
    workspaceId: Id,
    search: Text(200).default(''),
    sort: z.array(SortItem).max(3).default([{ col: 'createdAt', dir: 'desc' }]),
    filters: z.partialRecord(z.enum(LEAD_COLUMN_KEYS), LeadFilter).default({}),
  })
  .strict();
export type LeadsExportInput = z.output<typeof LeadsExportInput>;

export interface LeadsExport {
  /** RFC 4180, formula-safe, under the headers of the convio-leads import preset. */
  csv: string;
  rows: number;
  /** More leads matched than one export holds; narrow the filters for the rest. */
  truncated: boolean;
}

/** Leads in one export (about 250 MB of CSV). */
export const LEADS_EXPORT_LIMIT = 1_000_000;

export const leadsApi = {
  'leads.page': method(LeadsPageInput).returns<LeadsPage>(),
  'leads.exportCsv': method(LeadsExportInput).returns<LeadsExport>(),
  'leads.get': method(z.object({ id: Id }).strict()).returns<LeadDetail>(),
  'leads.create': method(LeadCreateInput).returns<LeadCreated>(),
  'leads.update': method(LeadUpdateInput).returns<Lead>(),
};

export type { LeadStatus, Role };
