// The mapping an admin edits on the Import screen, as plain data and pure functions: built from an
// inspection, changed one column at a time, checked for what blocks a run, and turned into the
// input of imports.start or into a preset for imports.savePreset. The store holds one of these.
import type { MethodInput } from '../../../shared/api';
import type { ImportInspection, ImportPresetView } from '../../../shared/api/imports';
import { IMPORT_FIELDS, mappingIdentityProblem, type ImportFieldKey, type ImportType } from '../../../shared/domain/import-fields';
import { targetsOf, toCustomPreset, type ColumnTarget } from '../../../shared/domain/import-presets';
import { detectDateFormat, detectDecimalSeparator, type DateFormat, type DateFormatGuess, type DecimalGuess, type DecimalSeparator } from '../../../shared/domain/import-values';

/** The mapping as the admin has it now, in preset form (header -> field or fields, or null). */
export interface ImportDraft {
  columns: Record<string, ColumnTarget | null>;
  valueMaps: Record<string, Record<string, string | null>>;
  dateFormats: Partial<Record<ImportFieldKey, DateFormat>>;
  decimalSeparator: DecimalSeparator | null;
  externalSource: string;
  /** The preset the mapping came from; null for auto-matching by header names. */
  presetId: string | null;
}

/** Why each date field's format (and the decimal separator) was picked, for the screen to say. */
export interface ValueGuesses {
  dates: Partial<Record<ImportFieldKey, DateFormatGuess>>;
  decimal: DecimalGuess | null;
}

type StartInput = MethodInput<'imports.start'>;
type PresetInput = MethodInput<'imports.savePreset'>['preset'];

export function draftOf(inspection: ImportInspection): ImportDraft {
  const dateFormats: ImportDraft['dateFormats'] = {};
  for (const [key, guess] of Object.entries(inspection.dateFormats)) if (guess) dateFormats[key as ImportFieldKey] = guess.format;
  const columns: ImportDraft['columns'] = {};
  for (const header of inspection.headers) columns[header] = inspection.mapping[header] ?? null;
  return {
    columns,
    valueMaps: { ...inspection.valueMaps },
    dateFormats,
    decimalSeparator: inspection.decimalSeparator?.separator ?? null,
    externalSource: inspection.externalSource,
    presetId: inspection.preset?.id ?? null,
  };
}

/** Every field some header fills. */
export function mappedFields(draft: Pick<ImportDraft, 'columns'>): Set<ImportFieldKey> {
  return new Set(Object.values(draft.columns).flatMap((t) => [...targetsOf(t)]));
}

/** Why this mapping cannot run (no way to tell who a row is, a required field unmapped), or null. */
export function mappingBlocker(state: { draft: ImportDraft | null; inspection: ImportInspection | null; edited: boolean; importType: ImportType }): string | null {
  const { draft, inspection } = state;
  if (!draft || !inspection) return null;
  if (!state.edited && inspection.mappingProblem) return inspection.mappingProblem;
  const mapped = mappedFields(draft);
  const identity = mappingIdentityProblem(mapped);
  if (identity) return identity;
  const missing = IMPORT_FIELDS[state.importType].filter((f) => f.required && !mapped.has(f.key));
  return missing.length ? `Map a column to ${missing.map((f) => f.label).join(', ')}: every row needs it.` : null;
}

/**
 * The header now fills `field` (or nothing). Choosing the inspection's own suggestion again brings
 * back its fallbacks and value map; any other choice drops the value map, which was written for
 * the suggested field. A date field gets its format read from the samples of the column that now
 * fills it (the import would otherwise assume ISO dates), a money field its decimal separator.
 */
export function withColumn(state: { draft: ImportDraft; guesses: ValueGuesses }, inspection: ImportInspection, header: string, field: ImportFieldKey | null): { draft: ImportDraft; guesses: ValueGuesses } {
  const { draft } = state;
  let { guesses } = state;
  const suggested = inspection.mapping[header] ?? null;
  const backToSuggestion = field !== null && targetsOf(suggested)[0] === field;
  const columns = { ...draft.columns, [header]: backToSuggestion ? suggested : field };
  const valueMaps = { ...draft.valueMaps };
  const suggestedMap = inspection.valueMaps[header];
  if (backToSuggestion && suggestedMap) valueMaps[header] = suggestedMap;
  else delete valueMaps[header];
  const dateFormats = { ...draft.dateFormats };
  let decimalSeparator = draft.decimalSeparator;
  const kind = field ? inspection.fields.find((f) => f.key === field)?.kind : undefined;
  const samples = inspection.columns.find((c) => c.header === header)?.samples ?? [];
  // The format follows the column that now fills the field, unless another column already does.
  const filledElsewhere = field !== null && Object.entries(draft.columns).some(([h, t]) => h !== header && targetsOf(t).includes(field));
  if (field && (kind === 'date' || kind === 'datetime') && !filledElsewhere) {
    const known = backToSuggestion ? inspection.dateFormats[field] : undefined;
    const guess = known ?? (samples.length || !guesses.dates[field] ? detectDateFormat(samples) : guesses.dates[field]!);
    dateFormats[field] = guess.format;
    guesses = { ...guesses, dates: { ...guesses.dates, [field]: guess } };
  }
  if (field && kind === 'money' && decimalSeparator === null) {
    const guess = guesses.decimal ?? detectDecimalSeparator(samples);
    decimalSeparator = guess.separator;
    guesses = { ...guesses, decimal: guess };
  }
  return { draft: { ...draft, columns, valueMaps, dateFormats, decimalSeparator }, guesses };
}

/** The contract wants plain arrays where a preset may hold read-only ones. */
function plainColumns(columns: ImportDraft['columns']): Record<string, ImportFieldKey | ImportFieldKey[] | null> {
  const out: Record<string, ImportFieldKey | ImportFieldKey[] | null> = {};
  for (const [header, target] of Object.entries(columns)) out[header] = target === null || typeof target === 'string' ? target : [...target];
  return out;
}

/** imports.start's input for this mapping; date formats only for the date fields it fills. */
export function startInput(draft: ImportDraft, run: { uploadId: string; workspaceId: string; importType: ImportType; mode: 'dry_run' | 'commit'; batchId?: string | null }): StartInput {
  const mapped = mappedFields(draft);
  const dateFormats: Partial<Record<ImportFieldKey, DateFormat>> = {};
  for (const [key, format] of Object.entries(draft.dateFormats)) if (format && mapped.has(key as ImportFieldKey)) dateFormats[key as ImportFieldKey] = format;
  return {
    uploadId: run.uploadId,
    workspaceId: run.workspaceId,
    importType: run.importType,
    columns: plainColumns(draft.columns),
    valueMaps: draft.valueMaps,
    presetId: draft.presetId,
    externalSource: draft.externalSource.trim(),
    dateFormats,
    decimalSeparator: draft.decimalSeparator,
    mode: run.mode,
    ...(run.mode === 'commit' && run.batchId ? { batchId: run.batchId } : {}),
  };
}

/** "My HubSpot mapping" -> "my-hubspot-mapping" (preset ids and sources must be plain). */
export function slug(text: string, fallback: string): string {
  const s = text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return s === '' ? fallback : s;
}

/**
 * The mapping as the workspace's own preset. Saving under the name of one of its presets replaces
 * that one; otherwise the id gets a random tail, because preset ids are unique across every
 * workspace on the device and a name alone would collide with another workspace's preset.
 */
export function presetFromDraft(draft: ImportDraft, o: { label: string; importType: ImportType; presets: readonly ImportPresetView[]; randomId: () => string }): PresetInput {
  const label = o.label.trim();
  const same = o.presets.find((p) => p.deletable && p.importType === o.importType && p.label.trim().toLowerCase() === label.toLowerCase());
  const formats = [...new Set(Object.values(draft.dateFormats))];
  const preset = toCustomPreset(
    { columns: draft.columns, valueMaps: draft.valueMaps },
    {
      id: same?.id ?? `custom-${slug(label, 'mapping')}-${o.randomId()}`,
      label,
      importType: o.importType,
      externalSource: slug(draft.externalSource, 'csv'),
      // A preset has one date format; it is kept only when every date field uses the same one.
      ...(formats.length === 1 ? { dateFormat: formats[0]! } : {}),
      ...(draft.decimalSeparator ? { decimalSeparator: draft.decimalSeparator } : {}),
    },
  );
  return { ...preset, columns: plainColumns(preset.columns), builtIn: false };
}
