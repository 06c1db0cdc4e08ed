import { describe, expect, it } from 'vitest';
import { CRM_STAGES } from '../../shared/domain/crm-stage';
import {
  IDENTITY_FIELDS,
  IMPORT_FIELD_KEYS,
  IMPORT_FIELDS,
  IMPORT_TYPES,
  importField,
  mappingIdentityProblem,
  orderGroupKey,
  rowIdentityProblem,
  type ImportFieldKey,
  type ImportType,
} from '../../shared/domain/import-fields';
import {
  autoMap,
  BILLING_STATUS_VALUES,
  BUILT_IN_PRESETS,
  builtInPreset,
  CONVIO_LEADS_EXPORT_COLUMNS,
  detectPreset,
  ImportPresetSchema,
  normalizeHeader,
  planColumns,
  presetProblems,
  targetsOf,
  toCustomPreset,
  type FieldSource,
  type ImportPreset,
} from '../../shared/domain/import-presets';
import { compileValueMap, createEnumMapper } from '../../shared/domain/import-values';
import { LEAD_STATUSES, LEAD_TYPES } from '../../shared/domain/leads';

const split = (list: string): string[] => list.split(', ');

// The header rows of the real exports, written out here independently of the presets.
const REAL_HEADERS: Record<string, string[]> = {
  'eventbrite-attendees': split('Order #, Order Date, First Name, Last Name, Email, Quantity, Ticket Type, Attendee #, Total Paid, Fees Paid, Eventbrite Fees, Eventbrite Payment Processing, Attendee Status, Home Address 1, Home Address 2, Home City, Home State, Home Zip, Home Country, Cell Phone, Event Name, Event ID'),
  'hubspot-contacts': split('Record ID, First Name, Last Name, Email, Phone Number, Mobile Phone Number, Lifecycle Stage, Contact owner, Create Date, Last Activity Date, Street Address, City, State/Region, Postal Code, Original Source, Lead Status'),
  'clickfunnels-orders': split('Order ID, Order Number, Created At, Contact Email, Contact First Name, Contact Last Name, Contact Phone, Product Name, Product ID, Quantity, Amount, Currency, Status, Funnel Name, Page Name'),
  'keap-contacts': split('Id, First Name, Last Name, Email, Phone 1, Phone 2, Street Address 1, City, State, Postal Code, Country, Date Created, Lead Source, Tags, Owner'),
  'humanitix-orders': split('Order ID, Order Date, First Name, Last Name, Email, Mobile, Ticket Type, Quantity, Total, Currency, Status, Event Name'),
  'convio-leads': CONVIO_LEADS_EXPORT_COLUMNS.map((c) => c.header),
};

type Expected = Record<string, ImportFieldKey[]>;
const PERSON: Expected = { 'First Name': ['first_name'], 'Last Name': ['last_name'], Email: ['email'] };

// What each real header must fill; [] means the preset knowingly leaves it out.
const EXPECTED: Record<string, Expected> = {
  'eventbrite-attendees': {
    ...PERSON,
    'Order #': ['order_number'], 'Order Date': ['converted_at'], Quantity: ['quantity'], 'Ticket Type': ['ticket_type', 'product_name'],
    'Attendee #': ['external_id'], 'Total Paid': ['total', 'item_amount'], 'Fees Paid': [], 'Eventbrite Fees': [], 'Eventbrite Payment Processing': [],
    'Attendee Status': ['billing_status'], 'Home Address 1': ['address'], 'Home Address 2': ['address_line_2'], 'Home City': ['city'],
    'Home State': ['state'], 'Home Zip': ['zip_code'], 'Home Country': [], 'Cell Phone': ['phone'], 'Event Name': ['funnel_name'], 'Event ID': [],
  },
  'hubspot-contacts': {
    ...PERSON,
    'Record ID': ['external_id', 'hubspot_id'], 'Phone Number': ['phone'], 'Mobile Phone Number': ['phone'], 'Lifecycle Stage': ['status'],
    'Contact owner': ['owner_email'], 'Create Date': ['created_at'], 'Last Activity Date': [], 'Street Address': ['address'], City: ['city'],
    'State/Region': ['state'], 'Postal Code': ['zip_code'], 'Original Source': ['source'], 'Lead Status': ['status'],
  },
  'clickfunnels-orders': {
    'Order ID': ['external_id'], 'Order Number': ['order_number'], 'Created At': ['converted_at'], 'Contact Email': ['email'],
    'Contact First Name': ['first_name'], 'Contact Last Name': ['last_name'], 'Contact Phone': ['phone'], 'Product Name': ['product_name'],
    'Product ID': ['product_id'], Quantity: ['quantity'], Amount: ['item_amount'], Currency: ['currency'], Status: ['billing_status'],
    'Funnel Name': ['funnel_name'], 'Page Name': [],
  },
  'keap-contacts': {
    ...PERSON,
    Id: ['external_id', 'keap_id'], 'Phone 1': ['phone'], 'Phone 2': ['phone'], 'Street Address 1': ['address'], City: ['city'], State: ['state'],
    'Postal Code': ['zip_code'], Country: [], 'Date Created': ['created_at'], 'Lead Source': ['source'], Tags: [], Owner: ['owner_email'],
  },
  'humanitix-orders': {
    ...PERSON,
    'Order ID': ['external_id', 'order_number'], 'Order Date': ['converted_at'], Mobile: ['phone'], 'Ticket Type': ['ticket_type', 'product_name'],
    Quantity: ['quantity'], Total: ['total'], Currency: ['currency'], Status: ['billing_status'], 'Event Name': ['funnel_name'],
  },
  'convio-leads': Object.fromEntries(CONVIO_LEADS_EXPORT_COLUMNS.map((c) => [c.header, [c.field]])),
};

const PRESET_TYPES: Record<string, ImportType> = {
  'eventbrite-attendees': 'orders',
  'hubspot-contacts': 'leads',
  'clickfunnels-orders': 'orders',
  'keap-contacts': 'leads',
  'humanitix-orders': 'orders',
  'convio-leads': 'leads',
};

describe('import fields', () => {
  it.each(IMPORT_TYPES)('%s: keys are unique, known, and every contact field is there', (type) => {
    const keys = IMPORT_FIELDS[type].map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(IMPORT_FIELD_KEYS).toContain(key);
    for (const key of ['first_name', 'last_name', 'full_name', 'email', 'phone', 'zip_code', 'external_id', 'hubspot_id', 'keap_id', 'clickfunnels_id'] as const) {
      expect(keys).toContain(key);
    }
  });

  it.each(IMPORT_TYPES)('%s: no name (key, label or synonym) points at two fields', (type) => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const f of IMPORT_FIELDS[type]) {
      for (const name of new Set([f.key, f.label, ...(f.synonyms ?? [])].map(normalizeHeader))) {
        if (owner.has(name) && owner.get(name) !== f.key) clashes.push(`${name}: ${owner.get(name)} / ${f.key}`);
        owner.set(name, f.key);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('every key of the key list belongs to some import type', () => {
    const used = new Set(IMPORT_TYPES.flatMap((t) => IMPORT_FIELDS[t].map((f) => f.key)));
    expect(IMPORT_FIELD_KEYS.filter((k) => !used.has(k))).toEqual([]);
  });

  it.each([
    { type: 'leads', key: 'status', values: LEAD_STATUSES },
    { type: 'leads', key: 'lead_type', values: LEAD_TYPES },
    { type: 'calls', key: 'crm_stage', values: CRM_STAGES },
  ] as const)('$type.$key is an enum of the real vocabulary', ({ type, key, values }) => {
    expect(importField(type, key)).toMatchObject({ kind: 'enum', values });
  });

  it.each([
    { type: 'calls', key: 'status', kind: 'text' },
    { type: 'calls', key: 'outcome', kind: 'text' },
    { type: 'calls', key: 'sale_value', kind: 'money' },
    { type: 'calls', key: 'duration_seconds', kind: 'integer' },
    { type: 'leads', key: 'created_at', kind: 'datetime' },
    { type: 'leads', key: 'full_name', kind: 'name_full' },
    { type: 'orders', key: 'total', kind: 'money' },
    { type: 'orders', key: 'item_amount', kind: 'money' },
    { type: 'orders', key: 'quantity', kind: 'integer' },
    { type: 'orders', key: 'converted_at', kind: 'datetime' },
    { type: 'appointments', key: 'duration_minutes', kind: 'integer' },
  ] as const)('$type.$key is $kind', ({ type, key, kind }) => {
    expect(importField(type, key)?.kind).toBe(kind);
  });

  it('only the appointment time and the order date are required per field; identity is a row rule', () => {
    const required = IMPORT_TYPES.flatMap((t) => IMPORT_FIELDS[t].filter((f) => f.required).map((f) => `${t}.${f.key}`));
    expect(required.sort()).toEqual(['appointments.scheduled_at', 'orders.converted_at']);
    for (const key of IDENTITY_FIELDS) expect(importField('leads', key)?.required).toBeFalsy();
  });

  it.each([
    { type: 'leads', key: 'sale_value' },
    { type: 'leads', key: 'order_number' },
    { type: 'orders', key: 'status' },
    { type: 'appointments', key: 'total' },
  ] as const)('$type has no $key', ({ type, key }) => {
    expect(importField(type, key)).toBeUndefined();
  });
});

describe('the person rule', () => {
  it.each([
    { row: { email: 'a@b.co' }, ok: true },
    { row: { phone: '555 0100' }, ok: true },
    { row: { first_name: 'Ann' }, ok: true },
    { row: { last_name: 'Lee' }, ok: true },
    { row: { full_name: 'Ann Lee' }, ok: true },
    { row: {}, ok: false },
    { row: { email: '  ', phone: '', first_name: null, last_name: undefined, full_name: '\t' }, ok: false },
  ])('$row -> identifies a person: $ok', ({ row, ok }) => {
    const problem = rowIdentityProblem(row);
    if (ok) expect(problem).toBeNull();
    else expect(problem).toMatch(/no email, phone or name/);
  });

  it('a mapping without any identity field is refused up front', () => {
    expect(mappingIdentityProblem(['city', 'state'])).toMatch(/Email, Phone or a name/);
    expect(mappingIdentityProblem(['city', 'full_name'])).toBeNull();
  });

  it.each([
    { number: 'A-1', id: 'x', key: 'number:A-1' },
    { number: ' ', id: 'x ', key: 'id:x' },
    { number: null, id: undefined, key: null },
  ])('order group of ($number, $id) is $key', ({ number, id, key }) => {
    expect(orderGroupKey(number, id)).toBe(key);
  });
});

describe('built-in presets map their real exports', () => {
  it('covers every export named in the import design', () => {
    expect(BUILT_IN_PRESETS.map((p) => p.id).sort()).toEqual(Object.keys(REAL_HEADERS).sort());
  });

  it.each(Object.keys(REAL_HEADERS))('%s: every real header maps to the right fields, and only those', (id) => {
    const headers = REAL_HEADERS[id]!;
    const preset = builtInPreset(id)!;
    expect(preset.importType).toBe(PRESET_TYPES[id]);
    expect(Object.keys(preset.columns).sort()).toEqual([...headers].sort());
    const result = autoMap(headers, preset.importType);
    expect(result.preset?.preset.id).toBe(id);
    for (const header of headers) {
      expect({ header, fields: targetsOf(result.columns[header]) }).toEqual({ header, fields: EXPECTED[id]![header] });
      expect({ header, by: result.matchedBy[header] }).toEqual({ header, by: 'preset' });
    }
  });

  it.each(BUILT_IN_PRESETS.map((p) => [p.id, p] as const))('%s: is valid for its import type and names its source', (_id, preset) => {
    expect(presetProblems(preset)).toEqual([]);
    expect(preset.externalSource).toMatch(/^[a-z]+$/);
    expect(preset.builtIn).toBe(true);
    expect(ImportPresetSchema.safeParse({ ...preset, id: `copy-of-${preset.id}`, builtIn: false }).success).toBe(true);
  });

  it('billing status maps land on the billing vocabulary', () => {
    const targets = BUILT_IN_PRESETS.flatMap((p) =>
      Object.entries(p.valueMaps ?? {})
        .filter(([header]) => targetsOf(p.columns[header]).includes('billing_status'))
        .flatMap(([, map]) => Object.values(map)),
    );
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(BILLING_STATUS_VALUES).toContain(t);
  });

  it.each(Object.entries(REAL_HEADERS))('%s: its headers are told apart after normalizing', (_id, headers) => {
    expect(new Set(headers.map(normalizeHeader)).size).toBe(headers.length);
  });

  it('the Convio export uses field labels, with Lead ID for the external id, and re-imports every column', () => {
    for (const { header, field } of CONVIO_LEADS_EXPORT_COLUMNS) {
      expect(header).toBe(field === 'external_id' ? 'Lead ID' : importField('leads', field)!.label);
    }
    const headers = CONVIO_LEADS_EXPORT_COLUMNS.map((c) => c.header);
    const withoutPreset = autoMap(headers, 'leads', { preset: null });
    // Even with no preset, every column but the renamed id is found by its label.
    for (const { header, field } of CONVIO_LEADS_EXPORT_COLUMNS) if (field !== 'external_id') expect(withoutPreset.mapping[header]).toBe(field);
    const plan = planColumns(headers, autoMap(headers, 'leads').columns, 'leads');
    expect(plan.map((s) => s.key).sort()).toEqual(CONVIO_LEADS_EXPORT_COLUMNS.map((c) => c.field).sort());
  });
});

describe('detectPreset', () => {
  const shuffle = (list: string[]): string[] => [...list].reverse();

  it.each(Object.entries(REAL_HEADERS))('%s: its own header row is recognized fully', (id, headers) => {
    expect(detectPreset(headers)).toMatchObject({ preset: { id }, score: 1, missing: [] });
    expect(detectPreset(shuffle(headers).map((h) => h.toUpperCase()))?.preset.id).toBe(id);
    expect(detectPreset([...headers, 'Custom Question 1', 'Custom Question 2'])?.preset.id).toBe(id);
  });

  it('a partial export still matches, with the score and the missing headers', () => {
    const headers = REAL_HEADERS['hubspot-contacts']!.slice(0, 12);
    const match = detectPreset(headers);
    expect(match?.preset.id).toBe('hubspot-contacts');
    expect(match?.score).toBeCloseTo(12 / 16);
    expect(match?.missing).toEqual(['State/Region', 'Postal Code', 'Original Source', 'Lead Status']);
  });

  it('unrelated headers match nothing; the import type narrows the candidates', () => {
    expect(detectPreset(['foo', 'bar', 'Email'])).toBeNull();
    expect(detectPreset(REAL_HEADERS['eventbrite-attendees']!, { importType: 'leads' })).toBeNull();
    expect(detectPreset([])).toBeNull();
  });

  it('a saved custom preset is detected like a built-in', () => {
    const mine = { ...builtInPreset('keap-contacts')!, id: 'my-sheet', builtIn: false, columns: { 'Client Mail': 'email', 'Client Name': 'full_name' } } as const;
    expect(detectPreset(['Client Mail', 'Client Name'], { presets: [...BUILT_IN_PRESETS, mine] })?.preset.id).toBe('my-sheet');
  });
});

describe('autoMap on messy headers (no preset)', () => {
  it.each([
    { type: 'leads', header: 'E-mail Address', field: 'email', by: 'synonym' },
    { type: 'leads', header: '  EMAIL ', field: 'email', by: 'exact' },
    { type: 'leads', header: 'email_address', field: 'email', by: 'synonym' },
    { type: 'leads', header: 'Attendee E-mail', field: 'email', by: 'synonym' },
    { type: 'leads', header: 'Phone #', field: 'phone', by: 'synonym' },
    { type: 'leads', header: 'Cell', field: 'phone', by: 'synonym' },
    { type: 'leads', header: 'Tel.', field: 'phone', by: 'synonym' },
    { type: 'leads', header: 'ZIP', field: 'zip_code', by: 'synonym' },
    { type: 'leads', header: 'Post-code', field: 'zip_code', by: 'synonym' },
    { type: 'leads', header: 'zip_code', field: 'zip_code', by: 'exact' },
    { type: 'leads', header: 'first_name', field: 'first_name', by: 'exact' },
    { type: 'leads', header: 'FName', field: 'first_name', by: 'synonym' },
    { type: 'leads', header: 'Given name', field: 'first_name', by: 'synonym' },
    { type: 'leads', header: 'Surname', field: 'last_name', by: 'synonym' },
    { type: 'leads', header: 'Name', field: 'full_name', by: 'synonym' },
    { type: 'leads', header: 'Contact Name', field: 'full_name', by: 'synonym' },
    { type: 'leads', header: 'UTM_Source', field: 'utm_source', by: 'exact' },
    { type: 'leads', header: 'Date Created', field: 'created_at', by: 'synonym' },
    { type: 'leads', header: 'Lead Status', field: 'status', by: 'synonym' },
    { type: 'calls', header: 'Source', field: 'lead_source', by: 'synonym' },
    { type: 'calls', header: 'Deal Amount', field: 'sale_value', by: 'synonym' },
    { type: 'calls', header: 'Stage', field: 'crm_stage', by: 'synonym' },
    { type: 'calls', header: 'Status', field: 'status', by: 'exact' },
    { type: 'appointments', header: 'Appointment Date', field: 'scheduled_at', by: 'synonym' },
    { type: 'appointments', header: 'Location', field: 'location_address', by: 'synonym' },
    { type: 'orders', header: 'Order No.', field: 'order_number', by: 'synonym' },
    { type: 'orders', header: 'Qty', field: 'quantity', by: 'synonym' },
    { type: 'orders', header: 'Status', field: 'billing_status', by: 'synonym' },
    { type: 'orders', header: 'Unit Price', field: 'item_amount', by: 'synonym' },
    { type: 'leads', header: 'Favourite colour', field: null, by: null },
  ] as const)('$type: "$header" -> $field ($by)', ({ type, header, field, by }) => {
    const result = autoMap([header], type, { preset: null });
    expect(result.mapping[header]).toBe(field);
    expect(result.matchedBy[header]).toBe(by);
  });

  it('never maps two headers to one field: the exact name wins, then the first header', () => {
    const result = autoMap(['Email Address', 'Email', 'Mobile', 'Cell Phone', 'Zip'], 'leads', { preset: null });
    expect(result.mapping).toEqual({ 'Email Address': null, Email: 'email', Mobile: 'phone', 'Cell Phone': null, Zip: 'zip_code' });
  });

  it("never maps to another import type's fields", () => {
    const result = autoMap(['Sale Value', 'Order #', 'Quantity', 'Scheduled At', 'Email'], 'leads', { preset: null });
    expect(result.mapping).toEqual({ 'Sale Value': null, 'Order #': null, Quantity: null, 'Scheduled At': null, Email: 'email' });
    // A preset of another type is ignored.
    const hub = autoMap(REAL_HEADERS['hubspot-contacts']!, 'orders');
    expect(hub.preset).toBeNull();
    expect(Object.values(hub.mapping).filter((k) => k && !importField('orders', k))).toEqual([]);
  });

  it('maps the rest of a file by name when a preset is matched', () => {
    const result = autoMap([...REAL_HEADERS['keap-contacts']!, 'UTM Campaign', 'Notes'], 'leads');
    expect(result.preset?.preset.id).toBe('keap-contacts');
    expect(result.mapping['UTM Campaign']).toBe('utm_campaign');
    expect(result.matchedBy['UTM Campaign']).toBe('exact');
    expect(result.mapping.Notes).toBe('notes');
  });

  it('a header the preset ignores stays unmapped, marked as the preset decision', () => {
    const result = autoMap(REAL_HEADERS['eventbrite-attendees']!, 'orders');
    expect(result.mapping['Fees Paid']).toBeNull();
    expect(result.matchedBy['Fees Paid']).toBe('preset');
  });
});

/** What the engine does per field: the first column whose cell, after its value map, is not blank. */
function pickValue(source: FieldSource, record: readonly string[]): string | null {
  for (let i = 0; i < source.columns.length; i++) {
    let value = (record[source.columns[i]!] ?? '').trim();
    if (value === '') continue;
    const map = source.valueMaps[i];
    if (map) {
      const mapped = compileValueMap(map)(value);
      if (mapped === null) continue;
      if (mapped !== undefined) value = mapped;
    }
    return value;
  }
  return null;
}

describe('planColumns: fallbacks, several fields per header, value maps', () => {
  const headers = REAL_HEADERS['hubspot-contacts']!;
  const plan = (list: readonly string[]): Map<string, FieldSource> => {
    const result = autoMap(list, 'leads');
    return new Map(planColumns(list, result.columns, 'leads', result.valueMaps).map((s) => [s.key, s]));
  };
  const record = (values: Record<string, string>, list: readonly string[] = headers): string[] => list.map((h) => values[h] ?? '');

  it('Record ID fills both the external id and the HubSpot id', () => {
    const sources = plan(headers);
    expect(sources.get('external_id')?.columns).toEqual([headers.indexOf('Record ID')]);
    expect(sources.get('hubspot_id')?.columns).toEqual([headers.indexOf('Record ID')]);
  });

  it('Mobile Phone Number is the fallback for Phone Number, even when the file lists it first', () => {
    const reordered = ['Mobile Phone Number', ...headers.filter((h) => h !== 'Mobile Phone Number')];
    const phone = plan(reordered).get('phone')!;
    expect(phone.columns.map((i) => reordered[i])).toEqual(['Phone Number', 'Mobile Phone Number']);
    expect(pickValue(phone, record({ 'Phone Number': '', 'Mobile Phone Number': '555 0101' }, reordered))).toBe('555 0101');
    expect(pickValue(phone, record({ 'Phone Number': '555 0100', 'Mobile Phone Number': '555 0101' }, reordered))).toBe('555 0100');
  });

  it.each([
    { lifecycle: 'lead', leadStatus: '', status: null },
    { lifecycle: 'subscriber', leadStatus: 'Attempted to contact', status: 'contacted' },
    { lifecycle: 'Lead', leadStatus: 'Connected', status: 'contacted' },
    { lifecycle: 'lead', leadStatus: 'In progress', status: 'contacted' },
    { lifecycle: 'lead', leadStatus: 'Unqualified', status: 'unqualified' },
    { lifecycle: '', leadStatus: 'New', status: 'new' },
    { lifecycle: 'marketingqualifiedlead', leadStatus: '', status: 'qualified' },
    { lifecycle: 'Marketing Qualified Lead', leadStatus: 'Open', status: 'qualified' },
    { lifecycle: 'salesqualifiedlead', leadStatus: 'In progress', status: 'qualified' },
    { lifecycle: 'opportunity', leadStatus: '', status: 'qualified' },
    { lifecycle: 'customer', leadStatus: 'Connected', status: 'converted' },
    { lifecycle: ' Customer ', leadStatus: '', status: 'converted' },
  ])('HubSpot lifecycle "$lifecycle" + lead status "$leadStatus" -> $status', ({ lifecycle, leadStatus, status }) => {
    const source = plan(headers).get('status')!;
    const value = pickValue(source, record({ 'Lifecycle Stage': lifecycle, 'Lead Status': leadStatus }));
    expect(value).toBe(status);
    // Whatever the map yields is a real lead status (blank means new).
    if (value !== null) expect(createEnumMapper({ allowed: importField('leads', 'status')!.values! })(value)).toEqual({ ok: true, value });
  });

  it.each([
    { status: 'Attending', billing: 'paid' },
    { status: 'Checked In', billing: 'paid' },
    { status: 'checked in', billing: 'paid' },
    { status: 'Refunded', billing: 'refunded' },
    { status: 'Cancelled', billing: 'cancelled' },
    { status: 'Transferred', billing: 'Transferred' },
  ])('Eventbrite Attendee Status "$status" -> billing status $billing', ({ status, billing }) => {
    const list = REAL_HEADERS['eventbrite-attendees']!;
    const result = autoMap(list, 'orders');
    const source = planColumns(list, result.columns, 'orders', result.valueMaps).find((s) => s.key === 'billing_status')!;
    expect(pickValue(source, record({ 'Attendee Status': status }, list))).toBe(billing);
  });

  it('ignores headers missing from the file and fields of other types', () => {
    const sources = planColumns(['Email', 'Total'], { Email: 'email', Total: 'total', Missing: 'phone' }, 'leads');
    expect(sources.map((s) => s.key)).toEqual(['email']);
  });
});

describe('ImportPresetSchema: a saved mapping from the UI', () => {
  const valid = {
    id: 'my-webinar-sheet',
    label: 'Webinar sign-ups',
    importType: 'leads',
    externalSource: 'webinar',
    builtIn: false,
    columns: { 'Attendee Mail': 'email', Who: 'full_name', 'Signed Up': 'created_at', Ref: ['external_id', 'campaign_id'], Junk: null },
    valueMaps: { Who: {} },
    dateFormat: 'dmy',
    decimalSeparator: ',',
  };

  it('accepts a well-formed custom preset', () => {
    expect(ImportPresetSchema.safeParse(valid).success).toBe(true);
  });

  it('a saved autoMap result round-trips through the schema', () => {
    const result = autoMap(REAL_HEADERS['hubspot-contacts']!, 'leads');
    const preset = toCustomPreset(result, { id: 'hubspot-mine', label: 'Mine', importType: 'leads', externalSource: 'hubspot' });
    const parsed: ImportPreset = ImportPresetSchema.parse(preset);
    expect(parsed.columns).toEqual(result.columns);
    // Key order is the fallback order; it survives the round trip.
    expect(Object.keys(parsed.columns)).toEqual(Object.keys(result.columns));
  });

  it.each([
    { why: 'built-in flag', change: { builtIn: true }, message: /false/ },
    { why: "a built-in's id", change: { id: 'hubspot-contacts' }, message: /built-in/ },
    { why: 'a field of another type', change: { columns: { Amount: 'sale_value' } }, message: /not a field of leads/ },
    { why: 'an unknown field', change: { columns: { Amount: 'price' } }, message: /./ },
    { why: 'a field twice on one header', change: { columns: { A: ['email', 'email'] } }, message: /twice/ },
    { why: 'two spellings of one header', change: { columns: { 'E-mail': 'email', email: 'email' } }, message: /same header/ },
    { why: 'a value map for a missing column', change: { valueMaps: { Nope: { a: 'b' } } }, message: /not a column/ },
    { why: 'an enum value map to a value the field lacks', change: { columns: { S: 'status' }, valueMaps: { S: { Hot: 'burning' } } }, message: /not one of/ },
    { why: 'an unknown import type', change: { importType: 'deals' }, message: /./ },
    { why: 'a bad date format', change: { dateFormat: 'yyyy' }, message: /./ },
    { why: 'a bad source name', change: { externalSource: 'My Source!' }, message: /lower-case/ },
  ])('refuses $why', ({ change, message }) => {
    const result = ImportPresetSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toMatch(message);
  });
});
