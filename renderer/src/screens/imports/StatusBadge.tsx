import type { ImportBatchView } from '../../../../shared/api/imports';
import { STATUS_LABEL, STATUS_TONE } from './import-format';

/** A batch's status as a badge; a failed or cancelled one says why on hover. */
export function StatusBadge({ batch }: { batch: Pick<ImportBatchView, 'status' | 'error'> }) {
  return (
    <span className={`badge tone-${STATUS_TONE[batch.status]} imp-status`} title={batch.error ?? undefined} data-status={batch.status}>
      {STATUS_LABEL[batch.status]}
    </span>
  );
}
