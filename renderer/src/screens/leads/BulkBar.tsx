// Bulk changes to the leads ticked in the grid: a status (unqualified asks why) or an owner, in one
// call, with Undo on the toast (the server returns each lead's previous values).
import { useState } from 'react';
import type { BulkPatch, BulkResult } from '../../../../shared/api/review';
import { LEAD_STATUSES, LEAD_STATUS_LABELS, type LeadStatus } from '../../../../shared/domain/leads';
import { Dialog } from '../../components/Dialog';
import { call } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useMembers } from '../../stores/members';
import { currentWorkspace, useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';

function summary(r: BulkResult): string {
  const changed = `${formatCount(r.updated)} lead${r.updated === 1 ? '' : 's'} changed`;
  return r.unchanged ? `${changed}, ${formatCount(r.unchanged)} already so` : changed;
}

export function BulkBar({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const workspace = useSession(currentWorkspace);
  const members = useMembers(workspace?.id);
  const toast = useUi((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!workspace || ids.length === 0) return null;

  const apply = async (patch: BulkPatch) => {
    setBusy(true);
    try {
      const r = await call('leads.bulkUpdate', { workspaceId: workspace.id, ids, patch });
      onClear();
      const undo = r.restore.length
        ? { label: 'Undo', run: () => void call('leads.bulkRestore', { workspaceId: workspace.id, items: r.restore }).then((u) => toast(`Undone: ${summary(u)}`, 'info'), (err: Error) => toast(`Undo failed: ${err.message}`, 'error')) }
        : undefined;
      toast(summary(r), 'success', undo);
    } catch (err) {
      toast(`Not changed: ${(err as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Change the selected leads" data-testid="bulk-bar">
      <span className="bulk-count">{formatCount(ids.length)} selected</span>
      <label className="field-inline-row">
        Status{' '}
        <select
          value=""
          disabled={busy}
          data-testid="bulk-status"
          onChange={(e) => {
            const status = e.target.value as LeadStatus;
            if (status === 'unqualified') setAsking(true);
            else if (status) void apply({ status });
          }}
        >
          <option value="">Set…</option>
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>{LEAD_STATUS_LABELS[s]}</option>
          ))}
        </select>
      </label>
      <label className="field-inline-row">
        Owner{' '}
        <select value="" disabled={busy} data-testid="bulk-owner" onChange={(e) => e.target.value && void apply({ ownerUserId: e.target.value === 'none' ? null : e.target.value })}>
          <option value="">Assign…</option>
          <option value="none">Nobody</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>{m.displayName}</option>
          ))}
        </select>
      </label>
      <button className="button button-ghost" onClick={onClear}>Clear selection</button>
      {asking ? (
        <Dialog
          title={`Unqualify ${formatCount(ids.length)} lead${ids.length === 1 ? '' : 's'}`}
          onClose={() => setAsking(false)}
          width={420}
          footer={
            <>
              <button className="button" onClick={() => setAsking(false)}>Cancel</button>
              <button className="button button-primary" disabled={reason.trim() === ''} onClick={() => { setAsking(false); void apply({ status: 'unqualified', statusReason: reason.trim() }); }}>
                Unqualify
              </button>
            </>
          }
        >
          <label className="field">
            <span>Why are they unqualified?</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-autofocus />
          </label>
        </Dialog>
      ) : null}
    </div>
  );
}
