// Confirms undoing a finished import, saying what goes and what comes back before it happens.
import { useState } from 'react';
import type { ImportBatchView } from '../../../../shared/api/imports';
import { Dialog } from '../../components/Dialog';
import { useImports } from '../../stores/imports';
import { useUi } from '../../stores/ui';
import { plural, recordNoun } from './import-format';

export function UndoDialog({ batch, onClose }: { batch: ImportBatchView; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useUi((s) => s.toast);

  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await useImports.getState().undo(batch.id);
      // The counts cover every table (contacts, leads, their history); the batch's say it in leads.
      const kept = r.kept ? ` ${plural(r.kept, 'contact')} stayed because other records refer to them.` : '';
      toast(`Import undone: ${plural(batch.createdCount, `new ${recordNoun(batch.importType)}`)} removed, ${plural(batch.updatedCount, recordNoun(batch.importType))} put back as before (${plural(r.removed + r.restored, 'record')} in all).${kept}`, 'success');
      onClose();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Undo this import?"
      onClose={onClose}
      footer={
        <>
          <button className="button button-ghost" onClick={onClose}>Keep the import</button>
          <button className="button button-danger" disabled={busy} onClick={() => void undo()} data-testid="confirm-undo">
            {busy ? 'Undoing…' : 'Undo import'}
          </button>
        </>
      }
    >
      <div className="stage-form" data-testid="undo-dialog">
        <p>
          Undoing <strong>{batch.fileName}</strong>:
        </p>
        <ul className="imp-undo-list">
          <li>
            <strong>{plural(batch.createdCount, `new ${recordNoun(batch.importType)}`)}</strong> {batch.createdCount === 1 ? 'it added is' : 'it added are'} removed, with the contacts and history entries that came in with them. A contact something else now refers to (a call logged since, say) is kept.
          </li>
          <li>
            <strong>{plural(batch.updatedCount, `existing ${recordNoun(batch.importType)}`)}</strong> {batch.updatedCount === 1 ? 'it changed goes' : 'it changed go'} back to the values {batch.updatedCount === 1 ? 'it' : 'they'} had before the import, with {batch.updatedCount === 1 ? 'its contact' : 'their contacts'}; edits made to those fields since are overwritten.
          </li>
        </ul>
        <p className="muted small">The batch stays in the history, marked Undone. The change syncs to the team like any other.</p>
        {error ? <div className="banner banner-error" role="alert">{error}</div> : null}
      </div>
    </Dialog>
  );
}
