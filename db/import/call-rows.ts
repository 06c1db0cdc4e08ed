// A CSV record of a calls import: the person, and the call with its stage (given, or from the
// legacy status and outcome by the seed's mapping) and the evidence the traffic-source rules read.
import { CRM_STAGES, legacyCrmStage, type CrmStage } from '../../shared/domain/crm-stage';
import type { NormalizedPerson } from '../queries/contacts';
import type { LeadRowContext } from './lead-rows';
import type { RowProblem } from './row-values';
import { readPerson, readUser } from './sink-shared';

export interface CallImportRow {
  row: number;
  person: NormalizedPerson;
  externalId: string | null;
  call: {
    scheduledAt: string | null;
    startedAt: string | null;
    durationSeconds: number | null;
    callType: string;
    legacyStatus: string;
    legacyOutcome: string;
    crmStage: CrmStage;
    saleValueCents: number | null;
    currency: string | null;
    repUserId: string | null;
    notes: string;
    evidence: { sourceOfAppointment: string; leadSource: string; utmSource: string; utmMedium: string; utmCampaign: string; fbclid: string };
  };
}

export function readCallRow(record: readonly string[], row: number, ctx: LeadRowContext, problems: RowProblem[]): CallImportRow | null {
  const { reader } = ctx;
  const before = problems.length;
  const text = (key: Parameters<typeof reader.text>[1]) => reader.text(record, key);
  const person = readPerson(record, row, reader, ctx.defaultCountry, problems);
  const scheduledAt = reader.date(record, 'scheduled_at', row, problems);
  const startedAt = reader.date(record, 'started_at', row, problems);
  const durationSeconds = reader.duration(record, 'duration_seconds', 'seconds', row, problems);
  const given = reader.choice(record, 'crm_stage', CRM_STAGES, row, problems);
  const legacyStatus = text('status');
  const legacyOutcome = text('outcome');
  const crmStage = given ?? legacyCrmStage(legacyStatus, legacyOutcome);
  const sale = reader.money(record, 'sale_value', row, problems);
  if (crmStage === 'closed_won' && (sale?.cents ?? null) === null && problems.length === before) {
    problems.push({ row, column: null, value: null, reason: 'a closed-won call needs its sale value (map a Sale value column, or fix the row)' });
  }
  const repUserId = readUser(record, 'rep_email', row, reader, ctx.users, problems);
  if (problems.length > before) return null;
  const externalId = text('external_id');
  return {
    row,
    person,
    externalId: externalId === '' ? null : externalId,
    call: {
      scheduledAt,
      startedAt,
      durationSeconds,
      callType: text('call_type') || 'sales',
      legacyStatus,
      legacyOutcome,
      crmStage,
      saleValueCents: crmStage === 'closed_won' ? (sale?.cents ?? null) : null,
      currency: sale?.currency ?? null,
      repUserId,
      notes: text('notes'),
      evidence: { sourceOfAppointment: text('source_of_set_appointment'), leadSource: text('lead_source'), utmSource: text('utm_source'), utmMedium: text('utm_medium'), utmCampaign: text('utm_campaign'), fbclid: text('fbclid') },
    },
  };
}
