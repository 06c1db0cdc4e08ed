import { useState } from 'react';
import { CRM_STAGE_LABELS, type CrmStage } from '../../../shared/domain/crm-stage';
import { ApiCallError, call } from '../lib/api';
import { formatMoney, parseMoney } from '../lib/format';
import { useUi } from '../stores/ui';
import { Dialog } from './Dialog';

export interface StageChangeRequest {
  callId: string;
  contactName: string;
  from: CrmStage;
  to: CrmStage;
}

/**
 * Confirms a stage change that needs more than a click: moving to closed won asks for the sale
 * value; leaving a closed stage asks why. Simple moves go straight through `changeStage`.
 */
export function StageChangeDialog({ request, onDone, onCancel }: { request: StageChangeRequest; onDone: () => void; onCancel: () => void }) {
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const toast = useUi((s) => s.toast);
  const won = request.to === 'closed_won';
  const reopening = request.from === 'closed_won' || request.from === 'lost';
  const cents = parseMoney(value);

  const submit = async () => {
    if (won && cents === null) {
      setError('Enter the sale value, e.g. 24,500.00');
      return;
    }
    setSaving(true);
    try {
      await call('calls.changeStage', { id: request.callId, to: request.to, ...(won ? { saleValueCents: cents } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) });
      toast(won ? `Closed won: ${formatMoney(cents)} recorded as a sale` : `Moved to ${CRM_STAGE_LABELS[request.to]}`, 'success');
      onDone();
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={won ? 'Close the deal' : `Move to ${CRM_STAGE_LABELS[request.to]}`}
      onClose={onCancel}
      width={440}
      footer={
        <>
          <button className="button button-ghost" onClick={onCancel}>Cancel</button>
          <button className="button button-primary" disabled={saving} onClick={() => void submit()} data-testid="confirm-stage">
            {saving ? 'Saving…' : won ? 'Record sale' : 'Move'}
          </button>
        </>
      }
    >
      <form
        className="stage-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="muted">
          {request.contactName}: {CRM_STAGE_LABELS[request.from]} → <strong>{CRM_STAGE_LABELS[request.to]}</strong>
        </p>
        {won ? (
          <label className={`field ${error && cents === null ? 'field-invalid' : ''}`}>
            <span>Sale value (USD)</span>
            <input autoFocus inputMode="decimal" placeholder="24,500.00" value={value} onChange={(e) => setValue(e.target.value)} aria-label="Sale value" data-testid="sale-value" />
            <small className="muted">Recorded as a conversion for this contact and lead.</small>
          </label>
        ) : null}
        <label className="field">
          <span>{reopening ? 'Why reopen it? (managers only)' : 'Reason (optional)'}</span>
          <input autoFocus={!won} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason" />
        </label>
        {error ? <div className="banner banner-error" role="alert">{error}</div> : null}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

/** True when a move must go through the dialog (sale value or a reopen); plain moves need not. */
export function needsStageDialog(from: CrmStage, to: CrmStage): boolean {
  return to === 'closed_won' || from === 'closed_won' || from === 'lost';
}
