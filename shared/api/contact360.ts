// Contact 360 (Step 5): one page per contact (details, leads, calls, appointments, conversions with
// their items), one timeline merging every event kind, duplicate candidates, and merge with undo.
import { z } from 'zod';
import { method } from './contract';
import { Id } from './common';
import type { Contact, ContactMatch } from './contacts';

export const TIMELINE_KINDS = ['contact', 'lead', 'call', 'appointment', 'conversion', 'analytics'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  contact: 'Contact',
  lead: 'Leads',
  call: 'Calls',
  appointment: 'Appointments',
  conversion: 'Sales',
  analytics: 'Activity',
};

/** Keyset cursor of the timeline: the last item's time and id (newest first, id breaks ties). */
export const TimelineCursor = z.object({ at: z.string().min(1).max(40), id: Id }).strict();
export type TimelineCursor = z.infer<typeof TimelineCursor>;

export const TIMELINE_PAGE_MAX = 200;

export const TimelineInput = z
  .object({
    id: Id,
    /** Absent: every kind. */
    kinds: z.array(z.enum(TIMELINE_KINDS)).min(1, 'choose at least one kind').max(TIMELINE_KINDS.length).optional(),
    after: TimelineCursor.optional(),
    limit: z.number().int().min(1).max(TIMELINE_PAGE_MAX).default(50),
  })
  .strict();

/** One changed value; the renderer formats it (dates in the user's zone, money from cents). */
export interface TimelineChange {
  field: string;
  from: string | number | null;
  to: string | number | null;
  format: 'text' | 'datetime' | 'money';
}

export interface TimelineRecord {
  type: 'contact' | 'lead' | 'call' | 'appointment' | 'conversion';
  id: string;
  /** "Solar lead · facebook", "Sale DEMO-100012". */
  label: string;
}

export interface TimelineItem {
  /** The event row's id (unique across kinds: every id is a UUIDv7). */
  id: string;
  kind: TimelineKind;
  eventType: string;
  at: string;
  title: string;
  /** A note, a reason or a value, when the event has one. */
  summary: string | null;
  changes: TimelineChange[];
  actorUserId: string | null;
  actorName: string | null;
  /** The record the event belongs to; null for a contact's own history and analytics events. */
  record: TimelineRecord | null;
  /** Set on a "merged" event that can still be undone. */
  undoableMerge?: boolean;
}

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass as `after` for the next page; null at the end. */
  nextCursor: TimelineCursor | null;
}

export interface OverviewLead {
  id: string;
  leadType: string;
  status: string;
  source: string;
  utmSource: string;
  utmCampaign: string;
  ownerName: string | null;
  createdAt: string;
}

export interface OverviewCall {
  id: string;
  leadId: string | null;
  scheduledAt: string | null;
  crmStage: string;
  trafficSource: string;
  durationSeconds: number | null;
  saleValueCents: number | null;
  currency: string;
  repName: string | null;
  createdAt: string;
}

export interface OverviewAppointment {
  id: string;
  leadId: string | null;
  appointmentType: string;
  scheduledAt: string;
  durationMinutes: number;
  status: string;
  outcome: string | null;
  assignedName: string | null;
}

export interface OverviewOrderItem {
  id: string;
  productId: string;
  productName: string;
  quantity: number;
  amountCents: number;
  currency: string;
}

export interface OverviewConversion {
  id: string;
  leadId: string | null;
  callId: string | null;
  convertedAt: string;
  conversionType: string;
  valueCents: number;
  currency: string;
  orderNumber: string | null;
  billingStatus: string | null;
  items: OverviewOrderItem[];
}

export interface MergeRecordSummary {
  eventId: string;
  at: string;
  other: { id: string; contactCode: string; name: string };
  undone: boolean;
}

export interface ContactOverview {
  contact: Contact;
  ownerName: string | null;
  /** Set when the id asked for was merged away: this is the contact it lives on in. */
  redirectedFrom: { id: string; contactCode: string } | null;
  leads: OverviewLead[];
  calls: OverviewCall[];
  appointments: OverviewAppointment[];
  conversions: OverviewConversion[];
  /** All live rows, while the lists above hold the newest OVERVIEW_LIST_MAX of each. */
  counts: { leads: number; calls: number; appointments: number; conversions: number; analyticsEvents: number };
  /** Live conversions' value per currency, exact cents. */
  totals: { currency: string; cents: number }[];
  /** Contacts merged into this one, newest first (undone ones included, marked). */
  merges: MergeRecordSummary[];
}

export const OVERVIEW_LIST_MAX = 100;

export interface DuplicateCandidate {
  contact: ContactMatch & { createdAt: string };
  /** What it shares with the contact. */
  reasons: ('phone' | 'email' | 'name')[];
}

/** The rows a merge moves, by kind. */
export interface MergeCounts {
  leads: number;
  calls: number;
  appointments: number;
  conversions: number;
  analyticsEvents: number;
  contactEvents: number;
  tracking: number;
}

export interface MergeFieldChange {
  field: string;
  /** The survivor's value before. */
  from: string | null;
  /** The value it gets (filled) or keeps (kept). */
  to: string | null;
}

export interface MergePreview {
  winner: Contact;
  loser: Contact;
  moves: MergeCounts;
  /** Blank fields of the survivor filled from the other contact. */
  fills: MergeFieldChange[];
  /** Fields both have, different: the survivor's value stays, the other's is kept in history. */
  conflicts: { field: string; winner: string; loser: string }[];
}

export interface MergeResult {
  mergeEventId: string;
  winner: Contact;
  moved: MergeCounts;
  filled: string[];
}

export interface UndoMergeResult {
  winner: Contact;
  loser: Contact;
  movedBack: MergeCounts;
  /** Rows the merge moved that no longer point at the survivor (moved again since): left alone. */
  skipped: number;
  restoredFields: string[];
  /** Filled fields edited since the merge: the edit stays. */
  keptFields: string[];
}

const MergePair = z
  .object({ winnerId: Id, loserId: Id })
  .strict()
  .refine((v) => v.winnerId !== v.loserId, { path: ['loserId'], message: 'cannot merge a contact into itself' });

export const contact360Api = {
  'contacts.overview': method(z.object({ id: Id }).strict()).returns<ContactOverview>(),
  'contacts.timeline': method(TimelineInput).returns<TimelinePage>(),
  'contacts.duplicates': method(z.object({ id: Id, limit: z.number().int().min(1).max(50).default(10) }).strict()).returns<DuplicateCandidate[]>(),
  'contacts.mergePreview': method(MergePair).returns<MergePreview>(),
  'contacts.merge': method(MergePair).returns<MergeResult>(),
  'contacts.undoMerge': method(z.object({ mergeEventId: Id }).strict()).returns<UndoMergeResult>(),
};
