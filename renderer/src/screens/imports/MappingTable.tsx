// One row per column of the file: a few of its values, the field it fills (a select), how that was
// matched, and what else the mapping does with it (a second field, a fallback, translated values).
import { IMPORT_FIELDS, IMPORT_TYPES, type ImportField, type ImportFieldKey, type ImportType } from '../../../../shared/domain/import-fields';
import { targetsOf } from '../../../../shared/domain/import-presets';
import { useImports, type ImportDraft } from '../../stores/imports';
import { MATCH_LABEL, MATCH_TITLE } from './import-format';

/** Fields every import type has: the person. The rest belong to the type. */
const PERSON_KEYS: ReadonlySet<ImportFieldKey> = new Set(IMPORT_FIELDS.leads.filter((f) => IMPORT_TYPES.every((t) => IMPORT_FIELDS[t].some((g) => g.key === f.key))).map((f) => f.key));
const TYPE_NOUN: Record<ImportType, string> = { leads: 'Lead', calls: 'Call', appointments: 'Appointment', orders: 'Order' };

/** What a header's mapping does beyond its first field, in words. */
function notesFor(header: string, draft: ImportDraft, fields: readonly ImportField[]): string[] {
  const label = (key: ImportFieldKey) => fields.find((f) => f.key === key)?.label ?? key;
  const targets = targetsOf(draft.columns[header]);
  const notes: string[] = [];
  if (targets.length > 1) notes.push(`Also fills ${targets.slice(1).map(label).join(', ')}`);
  // Several headers on one field are fallbacks, in the mapping's order: the first non-blank wins.
  const headers = Object.keys(draft.columns);
  const at = headers.indexOf(header);
  for (const key of targets) {
    const earlier = headers.slice(0, at).filter((h) => targetsOf(draft.columns[h]).includes(key));
    if (earlier.length) notes.push(`${label(key)} from here when ${earlier.map((h) => `“${h}”`).join(' and ')} ${earlier.length === 1 ? 'is' : 'are'} blank`);
  }
  const map = draft.valueMaps[header];
  if (map && Object.keys(map).length) notes.push(`Translates ${Object.keys(map).length} values`);
  return notes;
}

function valueMapTitle(map: Readonly<Record<string, string | null>> | undefined): string | undefined {
  if (!map) return undefined;
  return Object.entries(map)
    .map(([from, to]) => `${from} → ${to ?? '(blank)'}`)
    .join('\n');
}

export function MappingTable() {
  const inspection = useImports((s) => s.inspection)!;
  const draft = useImports((s) => s.draft)!;
  const importType = useImports((s) => s.importType);
  const setColumn = useImports((s) => s.setColumn);
  const fields = inspection.fields;
  const person = fields.filter((f) => PERSON_KEYS.has(f.key));
  const own = fields.filter((f) => !PERSON_KEYS.has(f.key));
  const used = new Set(Object.values(draft.columns).flatMap((t) => [...targetsOf(t)]));
  const option = (f: ImportField) => (
    <option key={f.key} value={f.key} title={f.help}>
      {f.label}
      {f.required ? ' (required)' : ''}
    </option>
  );

  return (
    <>
    <div className="an-table-wrap imp-mapping-wrap">
      <table className="an-table imp-mapping" data-testid="mapping-table">
        <caption className="an-sr-only">Which field each column of the file fills</caption>
        <thead>
          <tr>
            <th>Column in the file</th>
            <th>Sample values</th>
            <th>Import as</th>
            <th>Matched by</th>
            <th>Notes</th>
          </tr>
        </thead>
        <tbody>
          {inspection.columns.map((c) => {
            const target = draft.columns[c.header] ?? null;
            const first = targetsOf(target)[0] ?? '';
            const suggested = targetsOf(inspection.mapping[c.header] ?? null)[0] ?? null;
            const changed = (first || null) !== suggested;
            const notes = notesFor(c.header, draft, fields);
            const skippedByPreset = !changed && c.matchedBy === 'preset' && first === '';
            return (
              <tr key={c.header} data-header={c.header} className={first ? '' : 'imp-unmapped'}>
                <td className="imp-header-cell">{c.header}</td>
                <td className="imp-samples" title={c.samples.join('\n')}>
                  {c.samples.length ? c.samples.slice(0, 3).map((v, i) => <span key={i} className="imp-sample">{v}</span>) : <span className="muted">(blank)</span>}
                </td>
                <td>
                  <select value={first} aria-label={`Field for ${c.header}`} onChange={(e) => setColumn(c.header, (e.target.value || null) as ImportFieldKey | null)} data-testid="mapping-select">
                    <option value="">— don’t import —</option>
                    <optgroup label="Person">{person.map(option)}</optgroup>
                    <optgroup label={TYPE_NOUN[importType]}>{own.map(option)}</optgroup>
                  </select>
                </td>
                <td>
                  {changed ? (
                    <span className="badge tone-blue" title="You chose this">Changed</span>
                  ) : c.matchedBy ? (
                    <span className={`badge ${c.matchedBy === 'preset' ? 'tone-violet' : 'tone-gray'}`} title={MATCH_TITLE[c.matchedBy]} data-testid="matched-by">
                      {MATCH_LABEL[c.matchedBy]}
                    </span>
                  ) : (
                    <span className="muted small">No match</span>
                  )}
                </td>
                <td className="imp-notes small" title={valueMapTitle(draft.valueMaps[c.header])}>
                  {skippedByPreset ? <span className="muted">The preset leaves this column out</span> : null}
                  {notes.map((n) => (
                    <span key={n} className="block">{n}</span>
                  ))}
                  {first && !notes.length && !skippedByPreset ? <span className="muted">{fields.find((f) => f.key === first)?.help}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
    <p className="muted small imp-unused">
      {used.size} of {fields.length} fields filled from this file.
    </p>
    </>
  );
}
