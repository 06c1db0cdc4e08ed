// Changes the server refused, with its reason: select and retry (after the cause is fixed on the
// server) or discard (the server's version comes back). Sortable, filterable, exportable.
import { useMemo, useState } from 'react';
import type { ParkedChange } from '../../../../shared/api/sync';
import { ApiCallError, call } from '../../lib/api';
import { downloadCsv, stampedName } from '../../lib/download';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useUi } from '../../stores/ui';
import { Dialog } from '../../components/Dialog';
import { SortTable, sortRows, type Column, type SortState } from '../analytics/SortTable';

const OP_LABEL = { insert: 'New record', update: 'Edit', delete: 'Delete' } as const;

function fieldsText(p: ParkedChange): string {
  if (p.op === 'delete') return 'deleted';
  return p.fields.map((f) => f.replace(/_/g, ' ')).join(', ');
}

export function ParkedCard({ parked, onChanged }: { parked: { total: number; rows: ParkedChange[] } | null; onChanged: () => Promise<void> }) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState | null>({ key: 'parkedAt', dir: 'desc' });
  const [confirmDiscard, setConfirmDiscard] = useState<number[] | null>(null);
  const [busy, setBusy] = useState(false);
  const { toast } = useUi.getState();

  const rows = useMemo(() => {
    const all = parked?.rows ?? [];
    const q = filter.trim().toLowerCase();
    return q ? all.filter((p) => [p.label, p.explanation, p.reason, p.workspaceName ?? '', p.table, fieldsText(p)].some((v) => v.toLowerCase().includes(q))) : all;
  }, [parked, filter]);
  const visibleSeqs = rows.map((r) => r.seq);
  const chosen = visibleSeqs.filter((s) => selected.has(s));

  const toggle = (seq: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  const retry = async (seqs: number[]) => {
    setBusy(true);
    try {
      const { retried } = await call('sync.retry', { seqs });
      toast(`${retried} change${retried === 1 ? '' : 's'} queued again; they are sent at the next sync.`, 'success');
      setSelected(new Set());
      await call('sync.now', {}).catch(() => null);
      await onChanged();
    } catch (err) {
      toast(err instanceof ApiCallError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const discard = async (seqs: number[]) => {
    setBusy(true);
    try {
      const { discarded } = await call('sync.discard', { seqs });
      toast(`${discarded} change${discarded === 1 ? '' : 's'} discarded; the server's version comes back with the next sync.`, 'success');
      setSelected(new Set());
      setConfirmDiscard(null);
      await onChanged();
    } catch (err) {
      toast(err instanceof ApiCallError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<ParkedChange>[] = [
    {
      key: 'pick',
      label: '',
      render: (p) => <input type="checkbox" aria-label={`Select ${p.label}`} checked={selected.has(p.seq)} onChange={() => toggle(p.seq)} />,
    },
    { key: 'label', label: 'Record', render: (p) => <span className="parked-label">{p.label}</span>, sort: (p) => p.label },
    { key: 'op', label: 'Change', render: (p) => <span title={fieldsText(p)}>{OP_LABEL[p.op]}{p.op === 'update' ? `: ${fieldsText(p)}` : ''}</span>, sort: (p) => p.op },
    { key: 'workspace', label: 'Workspace', render: (p) => p.workspaceName ?? '—', sort: (p) => p.workspaceName },
    {
      key: 'reason',
      label: 'Why the server refused it',
      render: (p) => (
        <span className="parked-reason" title={`Server: ${p.reason}`}>
          {p.explanation}
          {p.explanation !== p.reason ? <span className="parked-raw"> {p.reason}</span> : null}
        </span>
      ),
      sort: (p) => p.explanation,
    },
    { key: 'parkedAt', label: 'Refused', render: (p) => <span title={formatDateTime(p.parkedAt)}>{formatRelative(p.parkedAt)}</span>, sort: (p) => p.parkedAt },
    {
      key: 'actions',
      label: '',
      render: (p) => (
        <span className="parked-actions">
          <button className="button button-small" disabled={busy} onClick={() => void retry([p.seq])}>Retry</button>
          <button className="button button-small button-ghost" disabled={busy} onClick={() => setConfirmDiscard([p.seq])}>Discard</button>
        </span>
      ),
    },
  ];

  const exportCsv = () => {
    const ordered = sortRows(rows, columns, sort);
    downloadCsv(
      stampedName('convio-refused-changes'),
      ['Record', 'Table', 'Record id', 'Change', 'Fields', 'Workspace', 'Reason', 'Server message', 'Changed at', 'Refused at'],
      ordered.map((p) => [p.label, p.table, p.rowId, OP_LABEL[p.op], fieldsText(p), p.workspaceName ?? '', p.explanation, p.reason, p.createdAt, p.parkedAt]),
    );
  };

  return (
    <section className="card sync-parked" data-testid="parked-card">
      <div className="sync-parked-head">
        <h2>Refused by the server{parked && parked.total > 0 ? ` (${parked.total.toLocaleString()})` : ''}</h2>
        <div className="spacer" />
        {parked && parked.total > 0 ? (
          <>
            <input className="sync-filter" type="search" placeholder="Filter" aria-label="Filter refused changes" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <button className="button" disabled={busy || chosen.length === 0} onClick={() => void retry(chosen)} data-testid="parked-retry">
              Retry{chosen.length ? ` ${chosen.length}` : ''}
            </button>
            <button className="button" disabled={busy || chosen.length === 0} onClick={() => setConfirmDiscard(chosen)} data-testid="parked-discard">
              Discard{chosen.length ? ` ${chosen.length}` : ''}
            </button>
            <button className="button button-ghost" onClick={() => setSelected(new Set(chosen.length === visibleSeqs.length ? [] : visibleSeqs))}>
              {chosen.length === visibleSeqs.length && visibleSeqs.length > 0 ? 'Select none' : 'Select all'}
            </button>
            <button className="button button-ghost" onClick={exportCsv} title="Export as CSV">Export</button>
          </>
        ) : null}
      </div>
      {!parked || parked.total === 0 ? (
        <p className="muted" data-testid="parked-empty">
          Nothing refused. When the server refuses a change (a rule it enforces, or a permission you do not have), it shows here with the server's reason, and everything else keeps syncing.
        </p>
      ) : (
        <>
          <SortTable rows={rows} columns={columns} rowKey={(p) => String(p.seq)} sort={sort} onSort={setSort} caption="Changes the server refused" testId="parked-table" maxHeight={420} />
          {parked.total > parked.rows.length ? <p className="muted small">Showing the first {parked.rows.length.toLocaleString()} of {parked.total.toLocaleString()}.</p> : null}
        </>
      )}
      {confirmDiscard ? (
        <Dialog
          title={`Discard ${confirmDiscard.length === 1 ? 'this change' : `${confirmDiscard.length} changes`}?`}
          onClose={() => setConfirmDiscard(null)}
          footer={
            <>
              <button className="button button-ghost" onClick={() => setConfirmDiscard(null)}>Keep</button>
              <button className="button button-danger" disabled={busy} onClick={() => void discard(confirmDiscard)} data-testid="confirm-discard">Discard</button>
            </>
          }
        >
          <p>A refused edit or delete is undone here: the record goes back to the server's version at the next sync. A refused new record is removed from this device. This cannot be undone.</p>
        </Dialog>
      ) : null}
    </section>
  );
}
