// What a batch found or did: count tiles, the invalid rows (row, column, value, reason) and the
// error report download. Shared by the dry-run review, the result of a commit and the history.
import { recordNoun } from './import-format';
import { useState } from 'react';
import type { ImportBatchDetail, ImportErrorView } from '../../../../shared/api/imports';
import { Icon } from '../../components/Icon';
import { downloadText } from '../../lib/download';
import { formatCount } from '../../lib/format';
import { useImports } from '../../stores/imports';
import { useUi } from '../../stores/ui';
import { SortTable, type Column } from '../analytics/SortTable';

interface Tile {
  key: string;
  label: string;
  value: number;
  hint: string;
  tone?: 'warn' | 'ok';
}

/** The dry run's figures for a batch that has them, else the batch's own. */
export function batchTiles(batch: ImportBatchDetail, view: 'dry_run' | 'result'): Tile[] {
  const dry = view === 'dry_run' ? batch.dryRun : null;
  const created = dry?.created ?? batch.createdCount;
  const updated = dry?.updated ?? batch.updatedCount;
  const duplicates = dry?.duplicates ?? batch.duplicateCount;
  const invalid = dry?.invalid ?? batch.invalidCount;
  const total = dry?.totalRows ?? batch.totalRows;
  const future = view === 'dry_run';
  const noun = recordNoun(batch.importType);
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  const undone = !future && batch.status === 'undone';
  const tiles: Tile[] = [
    { key: 'total', label: 'Rows in the file', value: total, hint: 'Data rows, header not counted' },
    { key: 'created', label: future ? 'New' : 'Added', value: created, hint: future ? `${Noun}s the import would add` : undone ? 'Removed again by the undo' : `${Noun}s added`, tone: created > 0 && !undone ? 'ok' : undefined },
    { key: 'updated', label: 'Updated', value: updated, hint: future ? `Existing ${noun}s it would change` : undone ? 'Put back as they were by the undo' : `Existing ${noun}s changed` },
  ];
  if (dry) tiles.push({ key: 'unchanged', label: 'Unchanged', value: dry.unchanged, hint: 'Already here exactly as in the file' });
  tiles.push(
    { key: 'duplicates', label: 'Duplicates in the file', value: duplicates, hint: 'Rows repeating an earlier row; merged into it' },
    { key: 'invalid', label: 'Invalid', value: invalid, hint: invalid ? (future ? 'Rows that would be skipped: see below' : 'Rows skipped: see below') : 'Every row could be read', tone: invalid ? 'warn' : undefined },
  );
  return tiles;
}

export function CountTiles({ tiles }: { tiles: Tile[] }) {
  return (
    <section className="imp-tiles" aria-label="Counts">
      {tiles.map((t) => (
        <div key={t.key} className={`sync-tile ${t.tone ? `tone-${t.tone}` : ''}`} data-testid={`count-${t.key}`}>
          <span className="sync-tile-label">{t.label}</span>
          <strong className="sync-tile-value" data-testid={`count-${t.key}-value`}>{formatCount(t.value)}</strong>
          <span className="sync-tile-hint muted small" title={t.hint}>{t.hint}</span>
        </div>
      ))}
    </section>
  );
}

const ERROR_COLUMNS: Column<ImportErrorView & { n: number }>[] = [
  { key: 'row', label: 'Row', numeric: true, render: (e) => e.rowNumber, sort: (e) => e.rowNumber, title: 'Row number in the file (the header is row 1)' },
  { key: 'column', label: 'Column', render: (e) => e.column ?? <span className="muted">(whole row)</span>, sort: (e) => e.column },
  { key: 'value', label: 'Value', render: (e) => (e.value === null ? <span className="muted">—</span> : e.value === '' ? <span className="muted">(blank)</span> : <code className="imp-value">{e.value}</code>), sort: (e) => e.value },
  { key: 'reason', label: 'Why it was refused', render: (e) => <span className="imp-reason-cell">{e.reason}</span>, sort: (e) => e.reason },
];

/** The invalid rows of a batch (as many as it keeps) with the full report to download. */
export function ErrorsCard({ batch }: { batch: ImportBatchDetail }) {
  const [downloading, setDownloading] = useState(false);
  const toast = useUi((s) => s.toast);
  const rows = batch.errors.map((e, n) => ({ ...e, n }));

  const download = async () => {
    setDownloading(true);
    try {
      const report = await useImports.getState().errorReport(batch.id);
      downloadText(report.fileName, report.csv);
    } catch (err) {
      toast((err as Error).message, 'error');
    } finally {
      setDownloading(false);
    }
  };

  return (
    <section className="card imp-errors" aria-labelledby={`imp-errors-${batch.id}`} data-testid="errors-card">
      <div className="imp-card-head">
        <h2 id={`imp-errors-${batch.id}`}>Invalid rows{batch.errorCount ? ` (${formatCount(batch.errorCount)} problem${batch.errorCount === 1 ? '' : 's'})` : ''}</h2>
        <div className="spacer" />
        {batch.errorCount > 0 ? (
          <button className="button" onClick={() => void download()} disabled={downloading} data-testid="download-report">
            <Icon name="download" />
            {downloading ? 'Preparing…' : 'Download error report'}
          </button>
        ) : null}
      </div>
      {batch.errorCount === 0 ? (
        <p className="muted" data-testid="errors-empty">No invalid rows: every row of the file could be read.</p>
      ) : (
        <>
          <SortTable rows={rows} columns={ERROR_COLUMNS} rowKey={(e) => String(e.n)} initialSort={{ key: 'row', dir: 'asc' }} caption="Invalid rows" testId="errors-table" maxHeight={360} />
          {batch.errorCount > batch.errors.length ? (
            <p className="muted small">Showing the first {formatCount(batch.errors.length)} of {formatCount(batch.errorCount)}; the report has all of them.</p>
          ) : (
            <p className="muted small">Fix these rows in the file and import it again, or import as it is: they are skipped and the rest goes in.</p>
          )}
        </>
      )}
    </section>
  );
}
