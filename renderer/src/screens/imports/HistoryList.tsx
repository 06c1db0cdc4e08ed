// Every import batch of the workspace, newest first (sortable by any column), with one opened in a
// drawer. Refreshed when import_batches change (a run finishing here, another window, sync).
import { useEffect } from 'react';
import type { ImportBatchView } from '../../../../shared/api/imports';
import { IMPORT_TYPE_LABELS } from '../../../../shared/domain/import-fields';
import { builtInPreset } from '../../../../shared/domain/import-presets';
import { Icon } from '../../components/Icon';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { useImports } from '../../stores/imports';
import { SortTable, type Column } from '../analytics/SortTable';
import { BatchDetail } from './BatchDetail';
import { STATUS_LABEL } from './import-format';
import { StatusBadge } from './StatusBadge';

export function HistoryList({ workspaceId }: { workspaceId: string }) {
  const history = useImports((s) => s.history);
  const error = useImports((s) => s.historyError);
  const detailId = useImports((s) => s.detailId);
  const jobs = useImports((s) => s.jobs);
  const presets = useImports((s) => s.presets);
  const { loadHistory, openDetail } = useImports.getState();

  useEffect(() => {
    void loadHistory(workspaceId);
  }, [workspaceId, loadHistory]);

  const presetLabel = (id: string | null) => (id ? (presets.find((p) => p.id === id)?.label ?? builtInPreset(id)?.label ?? id) : 'No preset');
  const count = (n: number) => (n ? formatCount(n) : <span className="muted">0</span>);

  const columns: Column<ImportBatchView>[] = [
    { key: 'createdAt', label: 'When', render: (b) => <span title={formatDateTime(b.createdAt)}>{formatDateTime(b.createdAt)}</span>, sort: (b) => b.createdAt },
    {
      key: 'file',
      label: 'File',
      render: (b) => (
        <button className="link-button imp-file-link" onClick={() => void openDetail(b.id)} aria-current={b.id === detailId ? 'true' : undefined} aria-label={`Open ${b.fileName}, ${formatRelative(b.createdAt)}`} data-testid="history-open">
          {b.fileName}
        </button>
      ),
      sort: (b) => b.fileName.toLowerCase(),
    },
    { key: 'type', label: 'Type', render: (b) => IMPORT_TYPE_LABELS[b.importType], sort: (b) => b.importType },
    { key: 'preset', label: 'Preset', render: (b) => <span className="muted">{presetLabel(b.preset)}</span>, sort: (b) => presetLabel(b.preset) },
    {
      key: 'status',
      label: 'Status',
      render: (b) => {
        const job = jobs[b.id];
        return (
          <span className="imp-status-cell">
            <StatusBadge batch={b} />
            {(b.status === 'running' || b.status === 'validating') && job && !job.finished ? <span className="muted small"> {formatCount(job.done)} rows</span> : null}
          </span>
        );
      },
      sort: (b) => STATUS_LABEL[b.status],
    },
    { key: 'rows', label: 'Rows', numeric: true, render: (b) => count(b.totalRows), sort: (b) => b.totalRows },
    { key: 'created', label: 'New', numeric: true, render: (b) => count(b.dryRun && b.status === 'validated' ? b.dryRun.created : b.createdCount), sort: (b) => b.createdCount, title: 'Leads added (for a dry run: that it would add)' },
    { key: 'updated', label: 'Updated', numeric: true, render: (b) => count(b.dryRun && b.status === 'validated' ? b.dryRun.updated : b.updatedCount), sort: (b) => b.updatedCount },
    { key: 'duplicates', label: 'Duplicates', numeric: true, render: (b) => count(b.duplicateCount), sort: (b) => b.duplicateCount, title: 'Rows repeating an earlier row of the file' },
    { key: 'invalid', label: 'Invalid', numeric: true, render: (b) => (b.invalidCount ? <span className="imp-invalid-count">{formatCount(b.invalidCount)}</span> : count(0)), sort: (b) => b.invalidCount },
    { key: 'by', label: 'By', render: (b) => b.createdByName ?? <span className="muted">—</span>, sort: (b) => b.createdByName },
  ];

  // With a batch open in the drawer, the table keeps the columns that tell batches apart.
  const COMPACT = new Set(['createdAt', 'file', 'status', 'created', 'invalid']);
  const shown = detailId ? columns.filter((c) => COMPACT.has(c.key)) : columns;

  return (
    <div className="imp-history" data-testid="import-history">
      <div className="imp-history-main">
        {error ? (
          <div className="banner banner-error imp-banner" role="alert">
            <Icon name="alert" />
            <span>{error}</span>
            <button className="button button-small" onClick={() => void loadHistory(workspaceId)}>Try again</button>
          </div>
        ) : null}
        {!history ? (
          error ? null : <p className="muted imp-pad" role="status">Loading the history…</p>
        ) : history.length === 0 ? (
          <div className="empty-state" data-testid="history-empty">
            <Icon name="import" size={28} />
            <h2>No imports yet</h2>
            <p>Every file imported into this workspace shows here, with its counts, its invalid rows and a way to undo it.</p>
          </div>
        ) : (
          <section className="card imp-history-card">
            <SortTable rows={history} columns={shown} rowKey={(b) => b.id} initialSort={{ key: 'createdAt', dir: 'desc' }} caption="Import batches" testId="history-table" />
          </section>
        )}
      </div>
      {detailId ? <BatchDetail key={detailId} onClose={() => void openDetail(null)} /> : null}
    </div>
  );
}
