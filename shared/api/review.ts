// Step 5's review tools: saved views of the leads grid (personal or shared with the workspace, like
// Close's Smart Views) and bulk changes to a selection of leads (status, owner), with the values
// to put back for undo.
import { z } from 'zod';
import { LEAD_STATUSES } from '../domain/leads';
import { method } from './contract';
import { Id, Text } from './common';
import { LEAD_COLUMN_KEYS, LeadFilter, SortItem } from './leads';

/** What a leads view keeps: the grid's search, filters, sort and columns (in order, shown or not). */
export const LeadsViewDefinition = z
  .object({
    search: Text(200).default(''),
    filters: z.partialRecord(z.enum(LEAD_COLUMN_KEYS), LeadFilter).default({}),
    sort: z.array(SortItem).max(3).default([{ col: 'createdAt', dir: 'desc' }]),
    columns: z
      .array(z.object({ key: z.enum(LEAD_COLUMN_KEYS), visible: z.boolean(), width: z.number().int().min(40).max(1000).optional() }).strict())
      .max(LEAD_COLUMN_KEYS.length)
      .optional(),
  })
  .strict();
export type LeadsViewDefinition = z.output<typeof LeadsViewDefinition>;

export interface SavedView {
  id: string;
  workspaceId: string;
  screen: 'leads';
  name: string;
  visibility: 'personal' | 'workspace';
  ownerUserId: string;
  ownerName: string | null;
  /** Whether this user may rename, change or delete it (its owner; a manager or admin for a shared one). */
  editable: boolean;
  definition: LeadsViewDefinition;
  updatedAt: string;
}

export const ViewSaveInput = z
  .object({
    workspaceId: Id,
    /** Absent: a new view. */
    id: Id.optional(),
    name: Text(80).min(1, 'give the view a name'),
    visibility: z.enum(['personal', 'workspace']).default('personal'),
    definition: LeadsViewDefinition,
  })
  .strict();

/** Leads changed at once; more is a filter-wide change better done by an import. */
export const BULK_LIMIT = 5_000;

const BulkPatch = z
  .object({
    status: z.enum(LEAD_STATUSES).optional(),
    statusReason: Text(500).nullish(),
    ownerUserId: Id.nullish(),
  })
  .strict();
export type BulkPatch = z.output<typeof BulkPatch>;

export const BulkUpdateInput = z
  .object({
    workspaceId: Id,
    ids: z.array(Id).min(1, 'select at least one lead').max(BULK_LIMIT, `at most ${BULK_LIMIT.toLocaleString('en-US')} leads at once`),
    patch: BulkPatch,
    note: Text(1000).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v.patch).length > 0, { path: ['patch'], message: 'nothing to change' })
  .refine((v) => v.patch.status !== 'unqualified' || (v.patch.statusReason ?? '').length > 0, { path: ['patch', 'statusReason'], message: 'say why the leads are unqualified' });

export interface BulkResult {
  updated: number;
  unchanged: number;
  /** Each changed lead with its previous values: `leads.bulkRestore` puts them back. */
  restore: { id: string; patch: BulkPatch }[];
}

export const BulkRestoreInput = z
  .object({
    workspaceId: Id,
    items: z.array(z.object({ id: Id, patch: BulkPatch }).strict()).min(1).max(BULK_LIMIT),
  })
  .strict();

export const reviewApi = {
  'views.list': method(z.object({ workspaceId: Id, screen: z.literal('leads').default('leads') }).strict()).returns<SavedView[]>(),
  'views.save': method(ViewSaveInput).returns<SavedView>(),
  'views.delete': method(z.object({ id: Id }).strict()).returns<{ deleted: boolean }>(),
  'views.restore': method(z.object({ id: Id }).strict()).returns<SavedView>(),
  'leads.bulkUpdate': method(BulkUpdateInput).returns<BulkResult>(),
  'leads.bulkRestore': method(BulkRestoreInput).returns<BulkResult>(),
};
