// The Import screen's mapping draft: built from an inspection, edited a column at a time, checked
// for what blocks a run, and sent as imports.start's input or saved as a preset. Both outputs are
// checked against the contract's own schemas.
import { describe, expect, it } from 'vitest';
import { ImportStartInput, type ImportInspection } from '../../shared/api/imports';
import { IMPORT_FIELDS } from '../../shared/domain/import-fields';
import { autoMap, builtInPreset, ImportPresetSchema } from '../../shared/domain/import-presets';
import { draftOf, mappingBlocker, presetFromDraft, startInput, withColumn, type ImportDraft, type ValueGuesses } from '../../renderer/src/stores/import-draft';

const HEADERS = ['Record ID', 'First Name', 'Email', 'Lifecycle Stage', 'Create Date', 'Signed'];
const SAMPLES: Record<string, string[]> = { 'Create Date': ['2026-01-05 09:30'], Signed: ['03/25/2026', '12/01/2026'], Email: ['ada@example.com'] };

function inspection(headers = HEADERS): ImportInspection {
  const auto = autoMap(headers, 'leads', { preset: builtInPreset('hubspot-contacts')! });
  return {
    uploadId: 'abcdefghijklmnop', fileName: 'x.csv', size: 10, encoding: 'utf-8', encodingReason: '', delimiter: ',', delimiterReason: '',
    headers, preview: [], previewRowNumbers: [], issues: [],
    preset: auto.preset ? { id: auto.preset.preset.id, label: auto.preset.preset.label, score: auto.preset.score, missing: auto.preset.missing } : null,
    columns: headers.map((h) => ({ header: h, field: auto.mapping[h] ?? null, matchedBy: auto.matchedBy[h] ?? null, samples: SAMPLES[h] ?? [] })),
    mapping: auto.columns,
    valueMaps: { ...auto.valueMaps },
    externalSource: 'hubspot',
    fields: [...IMPORT_FIELDS.leads],
    dateFormats: { created_at: { format: 'iso', assumed: false, reason: 'year first' } },
    decimalSeparator: null,
    mappingProblem: null,
  };
}

const state = (i: ImportInspection): { draft: ImportDraft; guesses: ValueGuesses } => ({ draft: draftOf(i), guesses: { dates: { ...i.dateFormats }, decimal: null } });

describe('import draft', () => {
  it('starts from the inspection: the preset, its fallbacks and value maps', () => {
    const i = inspection();
    const d = draftOf(i);
    expect(d.presetId).toBe('hubspot-contacts');
    expect(d.columns['Record ID']).toEqual(['external_id', 'hubspot_id']);
    expect(d.columns.Signed).toBeNull();
    expect(Object.keys(d.valueMaps)).toEqual(['Lifecycle Stage']);
    expect(d.dateFormats).toEqual({ created_at: 'iso' });
  });

  it('a changed column drops the value map made for its old field; choosing the suggestion again brings it and the fallbacks back', () => {
    const i = inspection();
    let s = state(i);
    s = withColumn(s, i, 'Lifecycle Stage', 'notes');
    s = withColumn(s, i, 'Record ID', 'external_id');
    expect(s.draft.columns['Lifecycle Stage']).toBe('notes');
    expect(s.draft.valueMaps['Lifecycle Stage']).toBeUndefined();
    expect(s.draft.columns['Record ID']).toEqual(['external_id', 'hubspot_id']);
    s = withColumn(s, i, 'Lifecycle Stage', 'status');
    expect(s.draft.valueMaps['Lifecycle Stage']).toEqual(i.valueMaps['Lifecycle Stage']);
    s = withColumn(s, i, 'Record ID', null);
    expect(s.draft.columns['Record ID']).toBeNull();
  });

  it('a date field takes its format from the column that now fills it', () => {
    const i = inspection();
    let s = withColumn(state(i), i, 'Create Date', null);
    s = withColumn(s, i, 'Signed', 'created_at');
    expect(s.draft.dateFormats.created_at).toBe('mdy');
    expect(s.guesses.dates.created_at?.reason).toMatch(/12\/01\/2026|month/i);
    // Back to the suggested column: the inspection's reading of it comes back.
    s = withColumn(s, i, 'Signed', null);
    s = withColumn(s, i, 'Create Date', 'created_at');
    expect(s.draft.dateFormats.created_at).toBe('iso');
    expect(s.guesses.dates.created_at?.reason).toBe('year first');
  });

  it.each([
    [{ edited: false, problem: 'from the server' }, 'from the server'],
    [{ edited: true, problem: 'from the server' }, null],
  ])('says what blocks a run (%o)', ({ edited, problem }, expected) => {
    const i = { ...inspection(), mappingProblem: problem };
    expect(mappingBlocker({ draft: draftOf(i), inspection: i, edited, importType: 'leads' })).toBe(expected);
  });

  it('blocks a mapping without email, phone or name', () => {
    const i = inspection();
    let s = state(i);
    for (const h of ['First Name', 'Email']) s = withColumn(s, i, h, null);
    expect(mappingBlocker({ draft: s.draft, inspection: i, edited: true, importType: 'leads' })).toMatch(/No column is mapped to Email, Phone or a name/);
  });

  it('sends what the contract accepts, with date formats only for mapped date fields', () => {
    const i = inspection();
    const s = withColumn(state(i), i, 'Create Date', null);
    const input = startInput(s.draft, { uploadId: i.uploadId, workspaceId: '01890a5d-ac96-774b-bcce-b302099a8057', importType: 'leads', mode: 'commit', batchId: '01890a5d-ac96-774b-bcce-b302099a8058' });
    expect(input.dateFormats).toEqual({});
    expect(input.batchId).toBe('01890a5d-ac96-774b-bcce-b302099a8058');
    expect(ImportStartInput.safeParse(input).success).toBe(true);
    expect(startInput(s.draft, { uploadId: i.uploadId, workspaceId: 'w', importType: 'leads', mode: 'dry_run', batchId: 'b' })).not.toHaveProperty('batchId');
  });

  it('saves as a preset the schema accepts; the same name replaces the workspace preset, a new one gets its own id', () => {
    const d = draftOf(inspection());
    const fresh = presetFromDraft(d, { label: ' HubSpot, tweaked ', importType: 'leads', presets: [], randomId: () => 'a1b2c3d4' });
    expect(fresh).toMatchObject({ id: 'custom-hubspot-tweaked-a1b2c3d4', label: 'HubSpot, tweaked', externalSource: 'hubspot', dateFormat: 'iso', builtIn: false });
    expect(ImportPresetSchema.safeParse(fresh).success).toBe(true);
    const again = presetFromDraft(d, { label: 'hubspot, TWEAKED', importType: 'leads', presets: [{ ...fresh, deletable: true }], randomId: () => 'zzzz' });
    expect(again.id).toBe(fresh.id);
  });
});
