// What a CSV import can fill, per import type: the target fields the mapping screen offers, their
// kinds (which decide the value transform), and the header synonyms auto-mapping recognizes.
// Contact fields come first in every type because every row is, first of all, a person.
import { CRM_STAGES } from './crm-stage';
import { LEAD_STATUSES, LEAD_TYPES } from './leads';

export const IMPORT_TYPES = ['leads', 'calls', 'appointments', 'orders'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

export const IMPORT_TYPE_LABELS: Record<ImportType, string> = {
  leads: 'Leads',
  calls: 'Calls',
  appointments: 'Appointments',
  orders: 'Orders',
};

export const FIELD_KINDS = ['text', 'email', 'phone', 'date', 'datetime', 'money', 'integer', 'enum', 'name_full'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const IMPORT_FIELD_KEYS = [
  // contact (every type)
  'first_name', 'last_name', 'full_name', 'email', 'phone', 'address', 'address_line_2', 'city', 'state', 'zip_code',
  'external_id', 'hubspot_id', 'keap_id', 'clickfunnels_id',
  // leads
  'lead_type', 'source', 'campaign_id', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term',
  'fbclid', 'gclid', 'status', 'notes', 'owner_email', 'created_at',
  // calls
  'scheduled_at', 'started_at', 'duration_seconds', 'call_type', 'outcome', 'source_of_set_appointment',
  'lead_source', 'crm_stage', 'sale_value', 'rep_email',
  // appointments
  'duration_minutes', 'appointment_type', 'location_type', 'location_address', 'assigned_email',
  // orders
  'order_number', 'converted_at', 'total', 'currency', 'billing_status', 'order_source', 'funnel_name',
  'product_name', 'product_id', 'product_type', 'quantity', 'item_amount', 'ticket_type',
] as const;
export type ImportFieldKey = (typeof IMPORT_FIELD_KEYS)[number];

export interface ImportField {
  key: ImportFieldKey;
  label: string;
  kind: FieldKind;
  /** A row without a value here is rejected. Person identity is a row rule instead: see below. */
  required?: boolean;
  help: string;
  /** For enum fields: the stored values (labels and case variants are matched to them). */
  values?: readonly string[];
  /** Header names, besides the key and the label, that auto-mapping reads as this field. */
  synonyms?: readonly string[];
}

type FieldExtra = Pick<ImportField, 'required' | 'values' | 'synonyms'>;
function field(key: ImportFieldKey, label: string, kind: FieldKind, help: string, extra: FieldExtra = {}): ImportField {
  return { key, label, kind, help, ...extra };
}

const USER_HELP = 'Email (or name) of a workspace user; matched to the user when the rows are written.';

const CONTACT_FIELDS: readonly ImportField[] = [
  field('first_name', 'First name', 'text', 'Given name.', { synonyms: ['first', 'given name', 'fname', 'forename', 'contact first name', 'attendee first name', 'customer first name', 'billing first name'] }),
  field('last_name', 'Last name', 'text', 'Family name.', { synonyms: ['last', 'surname', 'family name', 'lname', 'contact last name', 'attendee last name', 'customer last name', 'billing last name'] }),
  field('full_name', 'Full name', 'name_full', 'Whole name in one column; split into first and last name when those are not mapped or are blank.', {
    synonyms: ['name', 'attendee name', 'contact name', 'customer name', 'buyer name', 'client name', 'lead name'],
  }),
  field('email', 'Email', 'email', 'Email address; trimmed and lower-cased, kept and flagged when invalid.', {
    synonyms: ['email address', 'e-mail', 'e-mail address', 'contact email', 'attendee email', 'customer email', 'buyer email', 'primary email', 'email 1'],
  }),
  field('phone', 'Phone', 'phone', 'Phone number; normalized to E.164, kept and flagged when invalid.', {
    synonyms: ['phone number', 'mobile', 'mobile number', 'mobile phone', 'mobile phone number', 'cell', 'cell phone', 'cellphone', 'telephone', 'tel', 'phone 1', 'primary phone', 'contact phone', 'home phone'],
  }),
  field('address', 'Address', 'text', 'Street address (first line).', { synonyms: ['street', 'street address', 'street address 1', 'address 1', 'address line 1', 'home address', 'home address 1', 'billing address'] }),
  field('address_line_2', 'Address line 2', 'text', 'Apartment, suite, unit; appended to the address with ", ".', { synonyms: ['address 2', 'street address 2', 'home address 2', 'apt', 'suite', 'unit'] }),
  field('city', 'City', 'text', 'City or town.', { synonyms: ['town', 'home city', 'billing city'] }),
  field('state', 'State', 'text', 'State, region or province.', { synonyms: ['state/region', 'region', 'province', 'state province', 'home state', 'billing state'] }),
  field('zip_code', 'ZIP code', 'text', 'ZIP or postal code; drives appointment routing.', { synonyms: ['zip', 'postal code', 'postcode', 'post code', 'zipcode', 'home zip', 'billing zip'] }),
  field('external_id', 'External ID', 'text', "The export's own id for the record (record, attendee or order id). With the preset's source it makes re-importing the same file update rows instead of duplicating them.", {
    synonyms: ['id', 'record id', 'external id', 'source id', 'attendee id', 'attendee #'],
  }),
  field('hubspot_id', 'HubSpot ID', 'text', 'HubSpot record id of the contact.', { synonyms: ['hubspot record id', 'hubspot contact id', 'hs object id'] }),
  field('keap_id', 'Keap ID', 'text', 'Keap (Infusionsoft) contact id.', { synonyms: ['infusionsoft id', 'keap contact id'] }),
  field('clickfunnels_id', 'ClickFunnels ID', 'text', 'ClickFunnels contact id.', { synonyms: ['clickfunnels contact id', 'cf contact id'] }),
];

const UTM = (parts: readonly ('source' | 'medium' | 'campaign' | 'content' | 'term')[]): ImportField[] =>
  parts.map((p) => field(`utm_${p}`, `UTM ${p}`, 'text', `The utm_${p} tag of the link the person came through.`));

const LEAD_FIELDS: readonly ImportField[] = [
  field('lead_type', 'Lead type', 'enum', 'Product line of the lead.', { values: LEAD_TYPES, synonyms: ['type', 'product type', 'interest'] }),
  field('source', 'Source', 'text', 'Where the lead came from (form, provider, ad).', { synonyms: ['lead source', 'original source', 'source name', 'channel'] }),
  field('campaign_id', 'Campaign ID', 'text', 'Campaign the lead belongs to.', { synonyms: ['campaign'] }),
  ...UTM(['source', 'medium', 'campaign', 'content', 'term']),
  field('fbclid', 'fbclid', 'text', 'Facebook click id; counts as Meta traffic.', { synonyms: ['facebook click id'] }),
  field('gclid', 'gclid', 'text', 'Google click id.', { synonyms: ['google click id'] }),
  field('status', 'Status', 'enum', 'Lead status; blank means new.', { values: LEAD_STATUSES, synonyms: ['lead status'] }),
  field('notes', 'Notes', 'text', 'Free text kept with the lead.', { synonyms: ['note', 'comments', 'comment', 'description'] }),
  field('owner_email', 'Owner', 'text', USER_HELP, { synonyms: ['owner email', 'contact owner', 'lead owner', 'assigned to', 'sales rep'] }),
  field('created_at', 'Created at', 'datetime', 'When the lead was created; blank means the import time.', {
    synonyms: ['created', 'create date', 'date created', 'created date', 'created on', 'date added', 'signup date', 'submitted at', 'timestamp'],
  }),
];

const CALL_FIELDS: readonly ImportField[] = [
  field('scheduled_at', 'Scheduled at', 'datetime', 'When the call is or was booked for.', { synonyms: ['scheduled', 'scheduled for', 'call time', 'appointment time', 'booked for', 'call date'] }),
  field('started_at', 'Started at', 'datetime', 'When the call actually started.', { synonyms: ['started', 'call started', 'start time'] }),
  field('duration_seconds', 'Duration (seconds)', 'integer', 'Talk time; "12:34" and "1:02:03" are read as minutes:seconds and hours:minutes:seconds.', { synonyms: ['duration', 'call duration', 'talk time', 'length'] }),
  field('call_type', 'Call type', 'text', 'Kind of call; blank means sales.', { synonyms: ['type'] }),
  field('status', 'Status (legacy)', 'text', 'Old-system call status (completed, no-show, rescheduled…); with the outcome it sets the CRM stage when no stage is mapped.', { synonyms: ['call status'] }),
  field('outcome', 'Outcome (legacy)', 'text', 'Old-system outcome (won, lost, tbd); read with the legacy status.', { synonyms: ['call outcome', 'result', 'disposition'] }),
  field('source_of_set_appointment', 'Appointment source', 'text', 'How the call was booked (sdr_booked_call, vsl, self_booking…); feeds the traffic source.', { synonyms: ['source of set appointment', 'appointment source', 'booking source', 'set by'] }),
  field('lead_source', 'Lead source', 'text', 'Source of the lead behind the call.', { synonyms: ['source'] }),
  ...UTM(['source', 'medium', 'campaign']),
  field('fbclid', 'fbclid', 'text', 'Facebook click id; counts as Meta traffic.', { synonyms: ['facebook click id'] }),
  field('crm_stage', 'CRM stage', 'enum', 'Pipeline stage; when blank it comes from the legacy status and outcome.', { values: CRM_STAGES, synonyms: ['stage', 'pipeline stage', 'deal stage'] }),
  field('sale_value', 'Sale value', 'money', 'Amount sold on a won call.', { synonyms: ['sale amount', 'deal value', 'deal amount', 'amount', 'revenue', 'value'] }),
  field('rep_email', 'Rep', 'text', USER_HELP, { synonyms: ['rep email', 'sales rep', 'closer', 'owner', 'assigned to'] }),
  field('notes', 'Notes', 'text', 'Free text kept with the call.', { synonyms: ['note', 'comments', 'comment', 'call notes'] }),
];

const APPOINTMENT_FIELDS: readonly ImportField[] = [
  field('scheduled_at', 'Scheduled at', 'datetime', 'Start of the appointment.', { required: true, synonyms: ['appointment time', 'appointment date', 'scheduled', 'start time', 'start', 'date', 'booked for'] }),
  field('duration_minutes', 'Duration (minutes)', 'integer', 'Length; blank means 60. "1:30" is read as hours:minutes.', { synonyms: ['duration', 'length'] }),
  field('appointment_type', 'Appointment type', 'text', 'Kind of appointment; blank means consultation.', { synonyms: ['type', 'meeting type', 'event type'] }),
  field('status', 'Status', 'text', 'Appointment status; blank means scheduled.', { synonyms: ['appointment status'] }),
  field('location_type', 'Location type', 'text', 'in_home, video, phone, office…', { synonyms: ['meeting location type'] }),
  field('location_address', 'Location address', 'text', 'Where the appointment takes place.', { synonyms: ['location', 'meeting location', 'venue'] }),
  field('notes', 'Notes', 'text', 'Free text kept with the appointment.', { synonyms: ['note', 'comments', 'comment'] }),
  field('assigned_email', 'Assigned to', 'text', USER_HELP, { synonyms: ['assigned email', 'rep', 'owner', 'host', 'assigned rep'] }),
  field('outcome', 'Outcome', 'text', 'What came of the appointment.', { synonyms: ['result'] }),
];

const ORDER_FIELDS: readonly ImportField[] = [
  field('order_number', 'Order number', 'text', 'Rows with the same order number (or, without one, the same external id) form one order; each row is one line item.', { synonyms: ['order #', 'order no', 'order num', 'invoice number'] }),
  field('converted_at', 'Order date', 'datetime', 'When the order was placed.', { required: true, synonyms: ['order date', 'purchase date', 'date', 'created at', 'paid at', 'transaction date'] }),
  field('total', 'Order total', 'money', 'Total of the whole order.', { synonyms: ['order total', 'total paid', 'amount paid', 'grand total', 'total amount'] }),
  field('currency', 'Currency', 'text', 'ISO code (USD, EUR…); blank means the currency written with the amounts, else USD.', { synonyms: ['currency code'] }),
  field('billing_status', 'Billing status', 'text', 'paid, pending, refunded, cancelled…', { synonyms: ['payment status', 'status', 'order status', 'financial status'] }),
  field('order_source', 'Order source', 'text', 'Where the order was taken (call, funnel, event…).', { synonyms: ['source', 'channel'] }),
  field('funnel_name', 'Funnel', 'text', 'Funnel or event the order came through.', { synonyms: ['funnel', 'event name', 'event'] }),
  field('product_name', 'Product', 'text', 'Product of the line item; matched to the product catalog by id, else by name.', { synonyms: ['product', 'item', 'item name'] }),
  field('product_id', 'Product ID', 'text', "The export's own product id (e.g. the ClickFunnels product id).", { synonyms: ['item id', 'sku'] }),
  field('product_type', 'Product type', 'text', 'Category of the product.', { synonyms: ['category', 'product category'] }),
  field('quantity', 'Quantity', 'integer', 'Units on the line item; blank means 1.', { synonyms: ['qty', 'count', 'tickets', 'number of tickets'] }),
  field('item_amount', 'Line amount', 'money', 'Amount of the line item.', { synonyms: ['amount', 'price', 'unit price', 'item price', 'line total', 'item amount'] }),
  field('ticket_type', 'Ticket type', 'text', 'Ticket class of an event order.', { synonyms: ['ticket', 'ticket name', 'ticket class'] }),
];

export const IMPORT_FIELDS: Record<ImportType, readonly ImportField[]> = {
  leads: [...CONTACT_FIELDS, ...LEAD_FIELDS],
  calls: [...CONTACT_FIELDS, ...CALL_FIELDS],
  appointments: [...CONTACT_FIELDS, ...APPOINTMENT_FIELDS],
  orders: [...CONTACT_FIELDS, ...ORDER_FIELDS],
};

const FIELD_INDEX: Record<ImportType, ReadonlyMap<string, ImportField>> = {
  leads: new Map(IMPORT_FIELDS.leads.map((f) => [f.key, f])),
  calls: new Map(IMPORT_FIELDS.calls.map((f) => [f.key, f])),
  appointments: new Map(IMPORT_FIELDS.appointments.map((f) => [f.key, f])),
  orders: new Map(IMPORT_FIELDS.orders.map((f) => [f.key, f])),
};

export function isImportType(value: string): value is ImportType {
  return (IMPORT_TYPES as readonly string[]).includes(value);
}

/** The field `key` of `type`, or undefined when that type has no such field. */
export function importField(type: ImportType, key: string): ImportField | undefined {
  return FIELD_INDEX[type].get(key);
}

// --- The person rule ------------------------------------------------------------------------
// A row must say who it is about. No single field is required for that, so it is a rule over
// several fields: an email, a phone, or some part of a name.

export const IDENTITY_FIELDS = ['email', 'phone', 'first_name', 'last_name', 'full_name'] as const satisfies readonly ImportFieldKey[];
export type IdentityFieldKey = (typeof IDENTITY_FIELDS)[number];

export const IDENTITY_RULE = 'Each row needs an email, a phone or a name to say who it is about.';

/** Problem with a mapping that can never satisfy the person rule, or null. */
export function mappingIdentityProblem(mappedFields: Iterable<string>): string | null {
  for (const key of mappedFields) if ((IDENTITY_FIELDS as readonly string[]).includes(key)) return null;
  return `No column is mapped to Email, Phone or a name. ${IDENTITY_RULE}`;
}

export type IdentityValues = Partial<Record<IdentityFieldKey, string | null | undefined>>;

const present = (v: string | null | undefined): boolean => v != null && v.trim() !== '';

/** Why a row fails the person rule, or null when it identifies someone. Values are the raw cells. */
export function rowIdentityProblem(row: IdentityValues): string | null {
  if (present(row.email) || present(row.phone) || present(row.first_name) || present(row.last_name) || present(row.full_name)) return null;
  return `The row has no email, phone or name. ${IDENTITY_RULE}`;
}

/** Rows with the same key form one order (one row per line item); null when the row has neither id. */
export function orderGroupKey(orderNumber: string | null | undefined, externalId: string | null | undefined): string | null {
  const number = (orderNumber ?? '').trim();
  if (number !== '') return `number:${number}`;
  const id = (externalId ?? '').trim();
  return id === '' ? null : `id:${id}`;
}
