// Step 4, done: what the commit wrote (or why it stopped), with undo and the way to the leads.
import { recordNoun } from './import-format';
import { useState } from 'react';
import { Icon } from '../../components/Icon';
import { useImports } from '../../stores/imports';
import { useUi } from '../../stores/ui';
import { CountTiles, ErrorsCard, batchTiles } from './BatchResults';
import { formatDateTime } from '../../lib/format';
import { UndoDialog } from './UndoDialog';

export function ResultStep() {
  const batch = useImports((s) => s.batch);
  const reset = useImports((s) => s.reset);
  const [undoing, setUndoing] = useState(false);
  if (!batch) return <p className="muted imp-pad" role="status">Reading the result…</p>;

  const banner =
    batch.status === 'completed' ? (
      <div className="banner banner-ok imp-banner" data-testid="commit-done">
        <Icon name="check" />
        <span>
          <strong>Import finished. </strong>
          {batch.createdCount.toLocaleString()} new and {batch.updatedCount.toLocaleString()} updated {recordNoun(batch.importType)}s from {batch.fileName}
          {batch.finishedAt ? `, ${formatDateTime(batch.finishedAt)}` : ''}.
        </span>
      </div>
    ) : batch.status === 'undone' ? (
      <div className="banner banner-warn imp-banner" data-testid="commit-undone">
        <Icon name="check" />
        <span>
          <strong>Import undone. </strong>
          What it added is gone and what it changed is back as it was{batch.undoneAt ? ` (${formatDateTime(batch.undoneAt)})` : ''}.
        </span>
      </div>
    ) : (
      <div className={`banner ${batch.status === 'cancelled' ? 'banner-warn' : 'banner-error'} imp-banner`} role="alert" data-testid="commit-stopped">
        <Icon name="alert" />
        <span>
          <strong>{batch.status === 'cancelled' ? 'Import cancelled. ' : 'The import failed. '}</strong>
          {batch.error ?? ''}
        </span>
      </div>
    );

  return (
    <div className="imp-step" data-testid="import-result" data-status={batch.status}>
      {banner}
      {batch.status === 'completed' || batch.status === 'undone' ? <CountTiles tiles={batchTiles(batch, 'result')} /> : null}
      {batch.status === 'completed' ? <ErrorsCard batch={batch} /> : null}
      <footer className="imp-actions">
        {batch.canUndo ? (
          <button className="button" onClick={() => setUndoing(true)} data-testid="undo-import">
            Undo this import…
          </button>
        ) : null}
        <div className="spacer" />
        {batch.status === 'completed' && (batch.importType === 'leads' || batch.importType === 'calls') ? (
          <button className="button" onClick={() => useUi.getState().go(batch.importType === 'calls' ? 'calls' : 'leads')}>
            See the {recordNoun(batch.importType)}s
          </button>
        ) : null}
        <button className="button button-primary" onClick={reset} data-testid="import-another">
          Import another file
        </button>
      </footer>
      {undoing ? <UndoDialog batch={batch} onClose={() => setUndoing(false)} /> : null}
    </div>
  );
}
