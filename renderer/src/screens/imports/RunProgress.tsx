// A running batch: rows read, rows per second, time left and a bar, from job.progress events (the
// batch's own rowsDone until the first event). Cancel stops it at the next chunk.
import { useEffect } from 'react';
import type { JobProgress } from '../../../../shared/api/events';
import type { ImportBatchView } from '../../../../shared/api/imports';
import { formatCount } from '../../lib/format';
import { formatEta, formatRate } from './import-format';

export function RunProgress({ mode, progress, batch, onCancel, cancelling, onPoll }: { mode: 'dry_run' | 'commit'; progress: JobProgress | null; batch: ImportBatchView | null; onCancel?: () => void; cancelling?: boolean; onPoll?: () => void }) {
  // Events carry the progress; a slow re-read covers an event lost with a dropped connection.
  useEffect(() => {
    if (!onPoll) return;
    const t = setInterval(onPoll, 4000);
    return () => clearInterval(t);
  }, [onPoll]);

  const done = progress?.done ?? batch?.rowsDone ?? 0;
  // A commit after a dry run knows its exact row count; otherwise the event's estimate, if any.
  const total = (mode === 'commit' ? batch?.dryRun?.totalRows : undefined) ?? progress?.total ?? null;
  const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
  const label = mode === 'dry_run' ? 'Dry run: reading every row' : 'Importing';
  return (
    <div className="imp-run" data-testid="run-progress" data-mode={mode}>
      <div className="imp-run-head">
        <strong>{label}…</strong>
        <span className="muted small">{batch?.fileName}</span>
        <div className="spacer" />
        {onCancel ? (
          <button className="button" onClick={onCancel} disabled={cancelling} data-testid="cancel-run">
            {cancelling ? 'Cancelling…' : mode === 'dry_run' ? 'Cancel dry run' : 'Cancel import'}
          </button>
        ) : null}
      </div>
      <progress value={done} max={total ?? undefined} aria-label={`${label} progress`} />
      <div className="imp-run-stats">
        <span data-testid="run-rows">
          <strong>{formatCount(done)}</strong>
          {total ? ` of ${formatCount(total)}` : ''} rows{percent !== null ? ` (${percent}%)` : ''}
        </span>
        <span data-testid="run-rate">{formatRate(progress?.ratePerSecond ?? null)}</span>
        <span data-testid="run-eta">{formatEta(progress?.etaSeconds ?? null)}</span>
      </div>
      {mode === 'commit' ? <p className="muted small">The console stays usable: go on working, the import carries on in the background and its progress shows in the top bar.</p> : null}
    </div>
  );
}
