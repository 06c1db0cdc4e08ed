// One batch in a drawer: what was imported, by whom and when, its counts (and the dry run's), why
// it failed, its invalid rows with the report, and cancel or undo when the batch allows it.
import { useState } from 'react';
import { IMPORT_TYPE_LABELS } from '../../../../shared/domain/import-fields';
import { builtInPreset } from '../../../../shared/domain/import-presets';
import { Icon } from '../../components/Icon';
import { formatCount, formatDateTime } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { useImports } from '../../stores/imports';
import { CountTiles, ErrorsCard, batchTiles } from './BatchResults';
import { StatusBadge } from './StatusBadge';
import { formatBytes } from './import-format';
import { RunProgress } from './RunProgress';
import { UndoDialog } from './UndoDialog';

export function BatchDetail({ onClose }: { onClose: () => void }) {
  const batch = useImports((s) => s.detail);
  const error = useImports((s) => s.detailError);
  const job = useImports((s) => (s.detailId ? s.jobs[s.detailId] : undefined));
  const presets = useImports((s) => s.presets);
  const [undoing, setUndoing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  useHotkeys([{ keys: 'escape', run: onClose }], !undoing);

  const cancel = async () => {
    if (!batch) return;
    setCancelling(true);
    await useImports.getState().cancelRun(batch.id);
    setCancelling(false);
  };

  const running = batch && (batch.status === 'running' || batch.status === 'validating');
  return (
    <aside className="drawer imp-detail" aria-label="Import batch" data-testid="batch-detail">
      <header className="drawer-head">
        <div>
          <h2>{batch?.fileName ?? (error ? 'Import' : 'Loading…')}</h2>
          {batch ? (
            <p className="muted small">
              <StatusBadge batch={batch} /> {IMPORT_TYPE_LABELS[batch.importType]} · {formatDateTime(batch.createdAt)}
            </p>
          ) : null}
        </div>
        <div className="drawer-actions">
          <button className="icon-button" onClick={onClose} aria-label="Close" title="Close (Esc)">
            <Icon name="close" />
          </button>
        </div>
      </header>
      <div className="drawer-body">
        {error ? (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        ) : null}
        {batch ? (
          <>
            {batch.error ? (
              <div className={`banner ${batch.status === 'cancelled' ? 'banner-warn' : 'banner-error'} imp-detail-banner`} role="alert">
                <Icon name="alert" />
                <span>{batch.error}</span>
              </div>
            ) : null}
            {running ? (
              <section className="drawer-section">
                <RunProgress mode={batch.status === 'running' ? 'commit' : 'dry_run'} progress={job && !job.finished ? job : null} batch={batch} onCancel={batch.canCancel ? () => void cancel() : undefined} cancelling={cancelling} />
              </section>
            ) : null}
            <section className="drawer-section">
              <dl className="kv-list">
                <div className="kv"><dt>Preset</dt><dd>{batch.preset ? (presets.find((p) => p.id === batch.preset)?.label ?? builtInPreset(batch.preset)?.label ?? batch.preset) : 'None (matched by header names)'}</dd></div>
                <div className="kv"><dt>File</dt><dd>{formatBytes(batch.fileSize)}{batch.fileHash ? <span className="muted mono small" title={`SHA-256 ${batch.fileHash}`}> · {batch.fileHash.slice(0, 12)}</span> : null}</dd></div>
                <div className="kv"><dt>Rows</dt><dd>{formatCount(batch.totalRows)}</dd></div>
                <div className="kv"><dt>By</dt><dd>{batch.createdByName ?? '—'}</dd></div>
                <div className="kv"><dt>Started</dt><dd>{formatDateTime(batch.startedAt) || '—'}</dd></div>
                <div className="kv"><dt>Finished</dt><dd>{formatDateTime(batch.finishedAt) || '—'}</dd></div>
                {batch.undoneAt ? <div className="kv"><dt>Undone</dt><dd>{formatDateTime(batch.undoneAt)}</dd></div> : null}
                {batch.dryRun && batch.status !== 'validated' ? (
                  <div className="kv">
                    <dt>Dry run said</dt>
                    <dd>
                      {formatCount(batch.dryRun.created)} new, {formatCount(batch.dryRun.updated)} updated, {formatCount(batch.dryRun.unchanged)} unchanged, {formatCount(batch.dryRun.duplicates)} duplicates, {formatCount(batch.dryRun.invalid)} invalid
                    </dd>
                  </div>
                ) : null}
              </dl>
            </section>
            {!running ? (
              <section className="drawer-section imp-detail-tiles">
                <CountTiles tiles={batchTiles(batch, batch.status === 'validated' ? 'dry_run' : 'result')} />
              </section>
            ) : null}
            {batch.canCommit ? (
              <section className="drawer-section row-end">
                <button className="button button-primary" onClick={() => void useImports.getState().commitBatch(batch.id)} data-testid="history-commit">
                  Commit this dry run
                </button>
              </section>
            ) : null}
            {batch.canUndo ? (
              <section className="drawer-section row-end">
                <button className="button" onClick={() => setUndoing(true)} data-testid="history-undo">
                  Undo this import…
                </button>
              </section>
            ) : null}
            <section className="drawer-section">
              <ErrorsCard batch={batch} />
            </section>
          </>
        ) : null}
      </div>
      {undoing && batch ? <UndoDialog batch={batch} onClose={() => setUndoing(false)} /> : null}
    </aside>
  );
}
