// Column mappings for CSV import: built-in presets for the exports people really bring (Eventbrite,
// HubSpot, ClickFunnels, Keap, Humanitix, our own), detection of which one a file is, and
// auto-mapping of any other file by header names and synonyms. A mapping a user saves is a preset
// too (builtIn: false), validated by ImportPresetSchema when it comes from the UI.
import { z } from 'zod';
import { IMPORT_FIELDS, IMPORT_FIELD_KEYS, IMPORT_TYPES, importField, type ImportFieldKey, type ImportType } from './import-fields';
import { DATE_FORMATS, normalizeEnumKey, type DateFormat, type DecimalSeparator } from './import-values';

/** One header may fill several fields (HubSpot's Record ID is the external id and the HubSpot id). */
export type ColumnTarget = ImportFieldKey | readonly ImportFieldKey[];

/**
 * Source value -> stored value, per header; null means the value says nothing (counts as blank).
 * Keys compare by normalizeEnumKey (case, spaces and punctuation ignored): see compileValueMap.
 */
export type ValueMaps = Readonly<Record<string, Readonly<Record<string, string | null>>>>;

export interface ImportPreset {
  id: string;
  label: string;
  importType: ImportType;
  /**
   * Export header -> field(s), or null for a header the preset knows and deliberately ignores.
   * Several headers may fill one field as a fallback list: the first (in this order) whose cell is
   * not blank, after its value map, wins.
   */
  columns: Readonly<Record<string, ColumnTarget | null>>;
  valueMaps?: ValueMaps;
  dateFormat?: DateFormat;
  decimalSeparator?: DecimalSeparator;
  notes?: string;
  /** With external_id, the idempotency key: a re-import of the same export updates, not duplicates. */
  externalSource: string;
  builtIn: boolean;
}

export const BILLING_STATUS_VALUES = ['paid', 'pending', 'refunded', 'cancelled', 'failed'] as const;

const HUBSPOT_LIFECYCLE: Record<string, string | null> = {
  // "subscriber", "lead" and "other" say nothing beyond "new": let Lead Status speak; blank is new.
  subscriber: null,
  lead: null,
  other: null,
  // Exports write either the internal name or the label; keys compare without case or spaces.
  marketingqualifiedlead: 'qualified',
  'Marketing Qualified Lead': 'qualified',
  salesqualifiedlead: 'qualified',
  'Sales Qualified Lead': 'qualified',
  opportunity: 'qualified',
  customer: 'converted',
  evangelist: 'converted',
};

const HUBSPOT_LEAD_STATUS: Record<string, string | null> = {
  New: 'new',
  Open: 'new',
  'In progress': 'contacted',
  'Attempted to contact': 'contacted',
  Connected: 'contacted',
  'Bad timing': 'contacted',
  'Open deal': 'qualified',
  Unqualified: 'unqualified',
};

const EVENTBRITE_STATUS: Record<string, string | null> = {
  Attending: 'paid',
  'Checked In': 'paid',
  Refunded: 'refunded',
  Cancelled: 'cancelled',
  Deleted: 'cancelled',
};

const ORDER_STATUS: Record<string, string | null> = {
  Paid: 'paid',
  Complete: 'paid',
  Completed: 'paid',
  Succeeded: 'paid',
  Pending: 'pending',
  Processing: 'pending',
  Refunded: 'refunded',
  'Partially refunded': 'refunded',
  Canceled: 'cancelled',
  Cancelled: 'cancelled',
  Void: 'cancelled',
  Failed: 'failed',
  Declined: 'failed',
};

/**
 * The app's own leads export: header and field, in column order. The exporter must write exactly
 * these headers, with times as ISO UTC, statuses and lead types as their stored values, and the
 * lead's id under "Lead ID", so that an export re-imports into the same leads without loss.
 */
export const CONVIO_LEADS_EXPORT_COLUMNS: readonly { header: string; field: ImportFieldKey }[] = [
  { header: 'Lead ID', field: 'external_id' },
  ...(
    [
      'first_name', 'last_name', 'email', 'phone', 'address', 'city', 'state', 'zip_code', 'lead_type', 'status',
      'source', 'campaign_id', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'fbclid', 'gclid',
      'notes', 'owner_email', 'created_at', 'hubspot_id', 'keap_id', 'clickfunnels_id',
    ] as const
  ).map((key) => ({ header: importField('leads', key)!.label, field: key })),
];

export const BUILT_IN_PRESETS: readonly ImportPreset[] = [
  {
    id: 'eventbrite-attendees',
    label: 'Eventbrite attendee report',
    importType: 'orders',
    externalSource: 'eventbrite',
    builtIn: true,
    columns: {
      'Order #': 'order_number',
      'Order Date': 'converted_at',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      Quantity: 'quantity',
      'Ticket Type': ['ticket_type', 'product_name'],
      'Attendee #': 'external_id',
      'Total Paid': ['total', 'item_amount'],
      'Fees Paid': null,
      'Eventbrite Fees': null,
      'Eventbrite Payment Processing': null,
      'Attendee Status': 'billing_status',
      'Home Address 1': 'address',
      'Home Address 2': 'address_line_2',
      'Home City': 'city',
      'Home State': 'state',
      'Home Zip': 'zip_code',
      'Home Country': null,
      'Cell Phone': 'phone',
      'Event Name': 'funnel_name',
      'Event ID': null,
    },
    valueMaps: { 'Attendee Status': EVENTBRITE_STATUS },
    notes: 'One row per attendee; rows with the same Order # are one order. Total Paid is what that attendee paid, so it is also the line amount. Fees are not imported.',
  },
  {
    id: 'hubspot-contacts',
    label: 'HubSpot contacts export',
    importType: 'leads',
    externalSource: 'hubspot',
    builtIn: true,
    columns: {
      'Record ID': ['external_id', 'hubspot_id'],
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone Number': 'phone',
      'Mobile Phone Number': 'phone',
      'Lifecycle Stage': 'status',
      'Contact owner': 'owner_email',
      'Create Date': 'created_at',
      'Last Activity Date': null,
      'Street Address': 'address',
      City: 'city',
      'State/Region': 'state',
      'Postal Code': 'zip_code',
      'Original Source': 'source',
      'Lead Status': 'status',
    },
    valueMaps: { 'Lifecycle Stage': HUBSPOT_LIFECYCLE, 'Lead Status': HUBSPOT_LEAD_STATUS },
    notes: 'Mobile Phone Number is used when Phone Number is blank. Status comes from Lifecycle Stage when it says more than "lead", else from Lead Status. Contact owner is a name; it is matched to a user by name or email.',
  },
  {
    id: 'clickfunnels-orders',
    label: 'ClickFunnels orders export',
    importType: 'orders',
    externalSource: 'clickfunnels',
    builtIn: true,
    columns: {
      'Order ID': 'external_id',
      'Order Number': 'order_number',
      'Created At': 'converted_at',
      'Contact Email': 'email',
      'Contact First Name': 'first_name',
      'Contact Last Name': 'last_name',
      'Contact Phone': 'phone',
      'Product Name': 'product_name',
      'Product ID': 'product_id',
      Quantity: 'quantity',
      Amount: 'item_amount',
      Currency: 'currency',
      Status: 'billing_status',
      'Funnel Name': 'funnel_name',
      'Page Name': null,
    },
    valueMaps: { Status: ORDER_STATUS },
    notes: 'One row per line item; rows with the same Order Number are one order.',
  },
  {
    id: 'keap-contacts',
    label: 'Keap (Infusionsoft) contacts export',
    importType: 'leads',
    externalSource: 'keap',
    builtIn: true,
    columns: {
      Id: ['external_id', 'keap_id'],
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone 1': 'phone',
      'Phone 2': 'phone',
      'Street Address 1': 'address',
      City: 'city',
      State: 'state',
      'Postal Code': 'zip_code',
      Country: null,
      'Date Created': 'created_at',
      'Lead Source': 'source',
      Tags: null,
      Owner: 'owner_email',
    },
    notes: 'Phone 2 is used when Phone 1 is blank. Tags are not imported.',
  },
  {
    id: 'humanitix-orders',
    label: 'Humanitix orders export',
    importType: 'orders',
    externalSource: 'humanitix',
    builtIn: true,
    columns: {
      'Order ID': ['external_id', 'order_number'],
      'Order Date': 'converted_at',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      Mobile: 'phone',
      'Ticket Type': ['ticket_type', 'product_name'],
      Quantity: 'quantity',
      Total: 'total',
      Currency: 'currency',
      Status: 'billing_status',
      'Event Name': 'funnel_name',
    },
    valueMaps: { Status: ORDER_STATUS },
  },
  {
    id: 'convio-leads',
    label: 'Convio Console leads export',
    importType: 'leads',
    externalSource: 'convio',
    builtIn: true,
    columns: Object.fromEntries(CONVIO_LEADS_EXPORT_COLUMNS.map((c) => [c.header, c.field])),
    dateFormat: 'iso',
    decimalSeparator: '.',
    notes: 'Our own export; Lead ID is the lead the row came from.',
  },
];

const BUILT_IN_IDS: ReadonlySet<string> = new Set(BUILT_IN_PRESETS.map((p) => p.id));

export function builtInPreset(id: string): ImportPreset | undefined {
  return BUILT_IN_PRESETS.find((p) => p.id === id);
}

export function targetsOf(target: ColumnTarget | null | undefined): readonly ImportFieldKey[] {
  if (target == null) return [];
  return typeof target === 'string' ? [target] : target;
}

// --- Validation of a preset from the UI ------------------------------------------------------

const FieldKeySchema = z.enum(IMPORT_FIELD_KEYS);

export const ImportPresetSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    label: z.string().trim().min(1).max(200),
    importType: z.enum(IMPORT_TYPES),
    columns: z.record(z.string().min(1).max(500), z.union([FieldKeySchema, z.array(FieldKeySchema).min(1).max(5), z.null()])),
    valueMaps: z.record(z.string(), z.record(z.string(), z.string().max(200).nullable())).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    decimalSeparator: z.enum(['.', ',']).optional(),
    notes: z.string().max(2000).optional(),
    externalSource: z.string().trim().min(1).max(50).regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"'),
    // A preset sent from the UI is always the user's own; built-ins live in code only.
    builtIn: z.literal(false),
  })
  .superRefine((preset, ctx) => {
    if (BUILT_IN_IDS.has(preset.id)) ctx.addIssue({ code: 'custom', path: ['id'], message: `"${preset.id}" is a built-in preset's id` });
    for (const problem of presetProblems(preset)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

/** What is wrong with a preset's columns and value maps for its import type (empty when nothing). */
export function presetProblems(preset: Pick<ImportPreset, 'importType' | 'columns' | 'valueMaps'>): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const normalized = new Map<string, string>();
  for (const [header, target] of Object.entries(preset.columns)) {
    const seen = normalizeHeader(header);
    const clash = normalized.get(seen);
    if (clash !== undefined) problems.push({ path: ['columns', header], message: `"${header}" and "${clash}" are the same header` });
    normalized.set(seen, header);
    const keys = targetsOf(target);
    if (new Set(keys).size !== keys.length) problems.push({ path: ['columns', header], message: `"${header}" names a field twice` });
    for (const key of keys) {
      if (!importField(preset.importType, key)) problems.push({ path: ['columns', header], message: `${key} is not a field of ${preset.importType} imports` });
    }
  }
  for (const [header, map] of Object.entries(preset.valueMaps ?? {})) {
    const target = preset.columns[header];
    if (target === undefined) problems.push({ path: ['valueMaps', header], message: `"${header}" has a value map but is not a column` });
    for (const key of targetsOf(target)) {
      const allowed = importField(preset.importType, key)?.values;
      if (!allowed) continue;
      for (const [from, to] of Object.entries(map)) {
        if (to !== null && !allowed.includes(to)) problems.push({ path: ['valueMaps', header, from], message: `${to} is not one of: ${allowed.join(', ')}` });
      }
    }
  }
  return problems;
}

// --- Header matching -----------------------------------------------------------------------

/** 'E-mail Address' -> 'emailaddress', 'Order #' -> 'ordernumber', 'Prénom' -> 'prenom'. */
export function normalizeHeader(header: string): string {
  return normalizeEnumKey(header.normalize('NFKD').replace(/\p{M}/gu, '').replace(/#/g, 'number'));
}

export interface PresetMatch {
  preset: ImportPreset;
  /** Share of the preset's headers present in the file, 0..1. */
  score: number;
  missing: string[];
}

/** The preset whose headers the file has the most of; null when none has at least `minScore` of them. */
export function detectPreset(headers: readonly string[], options: { importType?: ImportType; presets?: readonly ImportPreset[]; minScore?: number } = {}): PresetMatch | null {
  const present = new Set(headers.map(normalizeHeader));
  let best: PresetMatch | null = null;
  for (const preset of options.presets ?? BUILT_IN_PRESETS) {
    if (options.importType && preset.importType !== options.importType) continue;
    const candidate = scorePreset(preset, present);
    // Equal scores: the preset explaining more of the file's columns is the more specific one.
    if (!best || candidate.score > best.score || (candidate.score === best.score && matchedCount(candidate) > matchedCount(best))) best = candidate;
  }
  return best && best.score >= (options.minScore ?? 0.5) ? best : null;
}

function scorePreset(preset: ImportPreset, present: ReadonlySet<string>): PresetMatch {
  const known = Object.keys(preset.columns);
  const missing = known.filter((h) => !present.has(normalizeHeader(h)));
  return { preset, score: known.length === 0 ? 0 : (known.length - missing.length) / known.length, missing };
}

const matchedCount = (m: PresetMatch): number => Object.keys(m.preset.columns).length - m.missing.length;

export type MatchKind = 'preset' | 'exact' | 'synonym';

export interface AutoMapResult {
  /** Header -> the field shown for it (the first, when a preset fills several), or null. */
  mapping: Record<string, ImportFieldKey | null>;
  /** How each header was matched; 'preset' with a null mapping is a header the preset ignores. */
  matchedBy: Record<string, MatchKind | null>;
  /** The full mapping in preset form (several fields per header, fallbacks in priority order). */
  columns: Record<string, ColumnTarget | null>;
  valueMaps: ValueMaps;
  preset: PresetMatch | null;
}

function fieldMatchers(importType: ImportType): { exact: Map<string, ImportFieldKey>; synonym: Map<string, ImportFieldKey> } {
  const exact = new Map<string, ImportFieldKey>();
  const synonym = new Map<string, ImportFieldKey>();
  for (const f of IMPORT_FIELDS[importType]) {
    for (const name of [f.key, f.label]) if (!exact.has(normalizeHeader(name))) exact.set(normalizeHeader(name), f.key);
    for (const name of f.synonyms ?? []) if (!synonym.has(normalizeHeader(name))) synonym.set(normalizeHeader(name), f.key);
  }
  return { exact, synonym };
}

/**
 * Map a file's headers to fields of `importType`: the detected (or given) preset first, then
 * header names equal to a field's key or label, then synonyms. A field taken by an earlier step or
 * an earlier header is not offered again, so no two headers fill one field except a preset's
 * fallbacks. Pass `preset: null` to skip presets.
 */
export function autoMap(headers: readonly string[], importType: ImportType, options: { preset?: ImportPreset | null } = {}): AutoMapResult {
  const given = options.preset;
  const found = given === undefined ? detectPreset(headers, { importType }) : given ? scorePreset(given, new Set(headers.map(normalizeHeader))) : null;
  const match = found && found.preset.importType === importType ? found : null;
  const mapping: Record<string, ImportFieldKey | null> = {};
  const matchedBy: Record<string, MatchKind | null> = {};
  const columns: Record<string, ColumnTarget | null> = {};
  const valueMaps: Record<string, Readonly<Record<string, string | null>>> = {};
  const taken = new Set<ImportFieldKey>();
  const unique = [...new Set(headers)];
  for (const h of unique) {
    mapping[h] = null;
    matchedBy[h] = null;
  }
  if (match) {
    const byName = new Map(unique.map((h) => [normalizeHeader(h), h]));
    // In the preset's order, so that its fallbacks keep their priority in `columns`.
    for (const [known, target] of Object.entries(match.preset.columns)) {
      const header = byName.get(normalizeHeader(known));
      if (header === undefined || matchedBy[header] !== null) continue;
      const keys = targetsOf(target).filter((k) => importField(importType, k));
      mapping[header] = keys[0] ?? null;
      matchedBy[header] = 'preset';
      columns[header] = keys.length === 0 ? null : keys.length === 1 ? keys[0]! : keys;
      keys.forEach((k) => taken.add(k));
      const map = match.preset.valueMaps?.[known];
      if (map) valueMaps[header] = map;
    }
  }
  const { exact, synonym } = fieldMatchers(importType);
  for (const [kind, table] of [['exact', exact], ['synonym', synonym]] as const) {
    for (const h of unique) {
      if (matchedBy[h] !== null) continue;
      const key = table.get(normalizeHeader(h));
      if (key === undefined || taken.has(key)) continue;
      mapping[h] = key;
      matchedBy[h] = kind;
      columns[h] = key;
      taken.add(key);
    }
  }
  for (const h of unique) if (!(h in columns)) columns[h] = null;
  return { mapping, matchedBy, columns, valueMaps, preset: match };
}

export interface FieldSource {
  key: ImportFieldKey;
  /** Indexes into the file's headers, in priority order: the first non-blank cell wins. */
  columns: number[];
  /** The value map of each of those columns, or null. */
  valueMaps: (Readonly<Record<string, string | null>> | null)[];
}

/**
 * Which columns feed which field, for the engine: from a mapping in preset form (a preset's own
 * columns, a saved mapping, or autoMap's `columns`). Headers are matched by normalized name.
 */
export function planColumns(headers: readonly string[], columns: Readonly<Record<string, ColumnTarget | null>>, importType: ImportType, valueMaps: ValueMaps = {}): FieldSource[] {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    if (!index.has(normalizeHeader(h))) index.set(normalizeHeader(h), i);
  });
  const byField = new Map<ImportFieldKey, FieldSource>();
  for (const [header, target] of Object.entries(columns)) {
    const at = index.get(normalizeHeader(header));
    if (at === undefined) continue;
    for (const key of targetsOf(target)) {
      if (!importField(importType, key)) continue;
      let source = byField.get(key);
      if (!source) byField.set(key, (source = { key, columns: [], valueMaps: [] }));
      if (source.columns.includes(at)) continue;
      source.columns.push(at);
      source.valueMaps.push(valueMaps[header] ?? null);
    }
  }
  // In the type's field order, so the engine and the preview list fields the same way.
  return IMPORT_FIELDS[importType].flatMap((f) => byField.get(f.key) ?? []);
}

/** Save a (possibly edited) mapping as the user's own preset; validate with ImportPresetSchema. */
export function toCustomPreset(result: Pick<AutoMapResult, 'columns' | 'valueMaps'>, meta: { id: string; label: string; importType: ImportType; externalSource: string; dateFormat?: DateFormat; decimalSeparator?: DecimalSeparator }): ImportPreset {
  return { ...meta, columns: { ...result.columns }, valueMaps: { ...result.valueMaps }, builtIn: false };
}
