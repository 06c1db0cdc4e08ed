// What the import screen shows before anything runs: how the file reads (encoding, delimiter,
// with the reasons), the first rows, which preset fits, how each column maps, and the formats
// assumed for dates and money with why. Reads the first rows only.
import type { ImportInspection } from '../../shared/api/imports';
import { IMPORT_FIELDS, importField, mappingIdentityProblem, type ImportFieldKey, type ImportType } from '../../shared/domain/import-fields';
import { autoMap, BUILT_IN_PRESETS, detectPreset, targetsOf, type ImportPreset } from '../../shared/domain/import-presets';
import { detectDateFormat, detectDecimalSeparator } from '../../shared/domain/import-values';
import { sniffCsv } from './csv-reader';
import type { UploadInfo } from './uploads';

const PREVIEW_ROWS = 50;
const SHOWN_ROWS = 20;

/**
 * `presetId`: undefined detects the best preset (built-in or the workspace's), null maps by header
 * names only, an id uses that preset.
 */
export async function inspectUpload(upload: UploadInfo, importType: ImportType, presets: readonly ImportPreset[], presetId: string | null | undefined): Promise<ImportInspection> {
  const sniff = await sniffCsv(upload.path, { previewRows: PREVIEW_ROWS });
  const all = [...BUILT_IN_PRESETS, ...presets];
  let preset: ImportPreset | null;
  if (presetId === undefined) preset = detectPreset(sniff.header, { importType, presets: all })?.preset ?? null;
  else if (presetId === null || presetId === '') preset = null;
  else {
    preset = all.find((p) => p.id === presetId) ?? null;
    if (!preset) throw new Error(`There is no preset "${presetId}".`);
  }
  const mapped = autoMap(sniff.header, importType, { preset });
  const samplesOf = (index: number) => sniff.preview.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
  const columns = sniff.header.map((header, i) => ({ header, field: mapped.mapping[header] ?? null, matchedBy: mapped.matchedBy[header] ?? null, samples: samplesOf(i).slice(0, 3) }));
  const fieldsMapped = new Set<ImportFieldKey>();
  for (const target of Object.values(mapped.columns)) for (const key of targetsOf(target)) fieldsMapped.add(key);
  const dateFormats: ImportInspection['dateFormats'] = {};
  const money: string[] = [];
  for (const key of fieldsMapped) {
    const field = importField(importType, key);
    const headers = Object.entries(mapped.columns).filter(([, t]) => targetsOf(t).includes(key)).map(([h]) => sniff.header.indexOf(h));
    const samples = headers.flatMap((i) => (i >= 0 ? samplesOf(i) : []));
    if (field?.kind === 'date' || field?.kind === 'datetime') dateFormats[key] = preset?.dateFormat ? { format: preset.dateFormat, assumed: false, reason: `the ${preset.label} preset says so` } : detectDateFormat(samples);
    if (field?.kind === 'money') money.push(...samples);
  }
  const matched = preset ? detectPreset(sniff.header, { importType, presets: [preset], minScore: 0 }) : null;
  return {
    uploadId: upload.uploadId,
    fileName: upload.fileName,
    size: upload.size,
    encoding: sniff.encoding,
    encodingReason: sniff.encodingReason,
    delimiter: sniff.delimiter,
    delimiterReason: sniff.delimiterReason,
    headers: sniff.header,
    preview: sniff.preview.slice(0, SHOWN_ROWS),
    previewRowNumbers: sniff.previewRowNumbers.slice(0, SHOWN_ROWS),
    issues: sniff.issues.map((i) => ({ row: i.row, severity: i.severity, message: i.message })),
    preset: preset ? { id: preset.id, label: preset.label, score: matched?.score ?? 0, missing: matched?.missing ?? [] } : null,
    columns,
    mapping: mapped.columns,
    valueMaps: Object.fromEntries(Object.entries(mapped.valueMaps).map(([k, v]) => [k, { ...v }])),
    externalSource: preset?.externalSource ?? 'csv',
    fields: [...IMPORT_FIELDS[importType]],
    dateFormats,
    decimalSeparator: money.length ? (preset?.decimalSeparator ? { separator: preset.decimalSeparator, assumed: false, reason: `the ${preset.label} preset says so` } : detectDecimalSeparator(money)) : null,
    mappingProblem: mappingIdentityProblem(fieldsMapped),
  };
}
