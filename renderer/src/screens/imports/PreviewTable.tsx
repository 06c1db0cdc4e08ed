// The first rows of the file as read (about twenty: a plain table is enough), with the file's own
// row numbers so they match the dry run's report and a spreadsheet.
import { useImports } from '../../stores/imports';

export function PreviewTable() {
  const inspection = useImports((s) => s.inspection)!;
  if (inspection.preview.length === 0) return <p className="muted">The file has a header row and no data rows.</p>;
  return (
    <div className="an-table-wrap imp-preview-wrap">
      <table className="an-table imp-preview" data-testid="preview-table">
        <caption className="an-sr-only">First rows of the file</caption>
        <thead>
          <tr>
            <th className="num" title="Row number in the file (the header is row 1)">Row</th>
            {inspection.headers.map((h, i) => (
              <th key={`${i}-${h}`}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {inspection.preview.map((row, r) => (
            <tr key={inspection.previewRowNumbers[r] ?? r}>
              <td className="num muted">{inspection.previewRowNumbers[r] ?? r + 2}</td>
              {inspection.headers.map((h, i) => (
                <td key={`${i}-${h}`} title={row[i] && row[i]!.length > 40 ? row[i] : undefined}>
                  {row[i] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
