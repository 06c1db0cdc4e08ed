// A CSV record of a leads import, read into a normalized person and the lead's details, with every
// problem named by row, column, value and reason. Pure reading: nothing here touches the database
// except the look-up of workspace users for the owner column (cached).
import { LEAD_STATUSES, LEAD_TYPES, type LeadStatus } from '../../shared/domain/leads';
import type { NormalizedPerson } from '../queries/contacts';
import type { FieldReader, RowProblem } from './row-values';
import { readPerson, readUser } from './sink-shared';

export interface LeadImportRow {
  row: number;
  person: NormalizedPerson;
  /** Other systems' ids for the person, filled in on the contact when it has none. */
  platformIds: { hubspot_id: string; keap_id: string; clickfunnels_id: string };
  externalId: string | null;
  lead: {
    lead_type: string;
    source: string;
    campaign_id: string;
    utm_source: string;
    utm_medium: string;
    utm_campaign: string;
    utm_content: string;
    utm_term: string;
    fbclid: string;
    gclid: string;
    status: LeadStatus | null;
    notes: string;
    owner_user_id: string | null;
    created_at: string | null;
  };
}

export interface LeadRowContext {
  reader: FieldReader;
  defaultCountry: string;
  /** Workspace users by lower-cased email and display name. */
  users: ReadonlyMap<string, string>;
}

const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'fbclid', 'gclid'] as const;

/** Reads one record; returns null (and adds its problems) when the row cannot be imported. */
export function readLeadRow(record: readonly string[], row: number, ctx: LeadRowContext, problems: RowProblem[]): LeadImportRow | null {
  const { reader } = ctx;
  const before = problems.length;
  const text = (key: Parameters<FieldReader['text']>[1]) => reader.text(record, key);
  const person = readPerson(record, row, reader, ctx.defaultCountry, problems);
  const leadType = reader.choice(record, 'lead_type', LEAD_TYPES, row, problems);
  const status = reader.choice(record, 'status', LEAD_STATUSES, row, problems);
  const createdAt = reader.date(record, 'created_at', row, problems);
  const owner = readUser(record, 'owner_email', row, reader, ctx.users, problems);
  if (problems.length > before) return null;
  const lead: LeadImportRow['lead'] = {
    lead_type: leadType ?? '',
    source: text('source'),
    campaign_id: text('campaign_id'),
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_content: '',
    utm_term: '',
    fbclid: '',
    gclid: '',
    status,
    notes: text('notes'),
    owner_user_id: owner,
    created_at: createdAt,
  };
  for (const key of UTM) lead[key] = text(key);
  const externalId = text('external_id');
  return {
    row,
    person,
    platformIds: { hubspot_id: text('hubspot_id'), keap_id: text('keap_id'), clickfunnels_id: text('clickfunnels_id') },
    externalId: externalId === '' ? null : externalId,
    lead,
  };
}
