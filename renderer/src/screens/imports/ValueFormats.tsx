// How values are read: the date format of each mapped date field and the decimal separator of
// amounts, each with the reason it was picked; an assumption the values did not settle is flagged.
import { DATE_FORMATS, DATE_FORMAT_LABELS, type DateFormat, type DecimalSeparator } from '../../../../shared/domain/import-values';
import { mappedFields, useImports } from '../../stores/imports';

export function ValueFormats() {
  const inspection = useImports((s) => s.inspection)!;
  const draft = useImports((s) => s.draft)!;
  const guesses = useImports((s) => s.guesses);
  const { setDateFormat, setDecimalSeparator } = useImports.getState();
  const mapped = mappedFields(draft);
  const dateFields = inspection.fields.filter((f) => (f.kind === 'date' || f.kind === 'datetime') && mapped.has(f.key));
  const moneyMapped = inspection.fields.some((f) => f.kind === 'money' && mapped.has(f.key));
  if (dateFields.length === 0 && !moneyMapped) return null;

  return (
    <section className="card imp-formats" aria-label="Value formats" data-testid="value-formats">
      <h2>How values are read</h2>
      <div className="imp-format-list">
        {dateFields.map((f) => {
          const guess = guesses.dates[f.key];
          const format = draft.dateFormats[f.key] ?? guess?.format ?? 'iso';
          const chosenByYou = guess !== undefined && guess.format !== format;
          return (
            <div key={f.key} className="imp-format" data-field={f.key}>
              <label className="field">
                <span>{f.label}: date format</span>
                <select value={format} onChange={(e) => setDateFormat(f.key, e.target.value as DateFormat)} data-testid={`date-format-${f.key}`}>
                  {DATE_FORMATS.map((d) => (
                    <option key={d} value={d}>
                      {DATE_FORMAT_LABELS[d]}
                    </option>
                  ))}
                </select>
              </label>
              <p className="muted small imp-reason">
                {guess?.assumed && !chosenByYou ? <span className="badge tone-amber">Assumed: check it</span> : null} {chosenByYou ? 'Chosen by you.' : (guess?.reason ?? 'No sample values; ISO dates are assumed.')}
              </p>
            </div>
          );
        })}
        {moneyMapped ? (
          <div className="imp-format">
            <label className="field">
              <span>Amounts: decimal separator</span>
              <select value={draft.decimalSeparator ?? '.'} onChange={(e) => setDecimalSeparator(e.target.value as DecimalSeparator)} data-testid="decimal-separator">
                <option value=".">Point (1,234.50)</option>
                <option value=",">Comma (1.234,50)</option>
              </select>
            </label>
            <p className="muted small imp-reason">
              {guesses.decimal?.assumed && guesses.decimal.separator === draft.decimalSeparator ? <span className="badge tone-amber">Assumed: check it</span> : null} {guesses.decimal && guesses.decimal.separator !== draft.decimalSeparator ? 'Chosen by you.' : (guesses.decimal?.reason ?? '')}
            </p>
          </div>
        ) : null}
      </div>
    </section>
  );
}
