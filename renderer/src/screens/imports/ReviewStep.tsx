// Step 3: the dry run's findings (new, updated, unchanged, duplicates, invalid, and each invalid
// row), the error report, then commit, change the mapping, or drop the file.
import { Icon } from '../../components/Icon';
import { shortcutLabel, useHotkeys } from '../../lib/hotkeys';
import { useImports } from '../../stores/imports';
import { CountTiles, ErrorsCard, batchTiles } from './BatchResults';
import { plural, recordNoun } from './import-format';

export function ReviewStep() {
  const batch = useImports((s) => s.batch);
  const error = useImports((s) => s.error);
  const busy = useImports((s) => s.busy);
  const { commit, backToMapping, reset } = useImports.getState();
  const ok = batch?.status === 'validated';
  const dry = batch?.dryRun;
  const writes = (dry?.created ?? batch?.createdCount ?? 0) + (dry?.updated ?? batch?.updatedCount ?? 0);
  const canCommit = ok && batch.canCommit && writes > 0 && !busy;
  useHotkeys([{ keys: 'mod+enter', run: () => canCommit && void commit(), inInputs: true }]);

  if (!batch) return <p className="muted imp-pad" role="status">Reading the dry run’s results…</p>;

  return (
    <div className="imp-step" data-testid="import-review">
      {ok ? (
        <div className="banner banner-ok imp-banner" data-testid="dry-run-done">
          <Icon name="check" />
          <span>
            <strong>Dry run finished; nothing was changed. </strong>
            {writes > 0 ? `Committing adds or updates ${plural(writes, recordNoun(batch.importType))}${batch.invalidCount ? `; the ${plural(batch.invalidCount, 'invalid row')} would be skipped` : ''}.` : 'Committing would change nothing: every row is invalid or already here.'}
          </span>
        </div>
      ) : (
        <div className={`banner ${batch.status === 'cancelled' ? 'banner-warn' : 'banner-error'} imp-banner`} role="alert" data-testid="dry-run-failed">
          <Icon name="alert" />
          <span>
            <strong>{batch.status === 'cancelled' ? 'Dry run cancelled. ' : 'The dry run failed. '}</strong>
            {batch.error ?? ''}
          </span>
        </div>
      )}
      {error ? (
        <div className="banner banner-error imp-banner" role="alert" data-testid="import-error">
          <Icon name="alert" />
          <span>{error.message}</span>
        </div>
      ) : null}

      {ok ? <CountTiles tiles={batchTiles(batch, 'dry_run')} /> : null}
      {ok ? <ErrorsCard batch={batch} /> : null}

      <footer className="imp-actions">
        <button className="button button-ghost" onClick={reset} data-testid="discard-dry-run">Cancel</button>
        <button className="button button-ghost" onClick={backToMapping}>Change the mapping</button>
        <div className="spacer" />
        {ok ? (
          <button className="button button-primary" disabled={!canCommit} onClick={() => void commit()} title={`Commit (${shortcutLabel('mod+enter')})`} data-testid="commit-import">
            {busy ? 'Starting…' : `Commit import (${plural(writes, recordNoun(batch.importType))})`}
            <kbd>{shortcutLabel('mod+enter')}</kbd>
          </button>
        ) : null}
      </footer>
    </div>
  );
}
