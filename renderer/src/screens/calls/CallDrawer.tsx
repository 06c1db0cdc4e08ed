import { useCallback, useEffect, useState } from 'react';
import type { CallDetail } from '../../../../shared/api/calls';
import { CRM_STAGES, CRM_STAGE_LABELS, type CrmStage } from '../../../../shared/domain/crm-stage';
import { LEAD_TYPE_LABELS, type LeadType } from '../../../../shared/domain/leads';
import { SourceBadge } from '../../components/Badges';
import { Icon } from '../../components/Icon';
import { Timeline } from '../../components/Timeline';
import { StageChangeDialog, needsStageDialog, type StageChangeRequest } from '../../components/StageChangeDialog';
import { ApiCallError, call } from '../../lib/api';
import { formatDateTime, formatMoney, formatPhone } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { useSession } from '../../stores/session';
import { sourceDef, useTraffic } from '../../stores/traffic';
import { useUi } from '../../stores/ui';

function describe(e: CallDetail['events'][number], sources: Parameters<typeof sourceDef>[0]): string {
  const stage = (v: string | null) => (v ? CRM_STAGE_LABELS[v as CrmStage] ?? v : '—');
  switch (e.eventType) {
    case 'created':
      return `Call logged as ${stage(e.newValue)}`;
    case 'stage_changed':
      return `Stage: ${stage(e.oldValue)} → ${stage(e.newValue)}`;
    case 'traffic_source_changed':
      return `Traffic source: ${sourceDef(sources, e.oldValue ?? '').label} → ${sourceDef(sources, e.newValue ?? '').label}`;
    case 'rescheduled':
      return `Rescheduled: ${formatDateTime(e.oldValue) || 'unscheduled'} → ${formatDateTime(e.newValue)}`;
    case 'rep_changed':
      return 'Rep changed';
    default:
      return e.eventType.replace(/_/g, ' ');
  }
}

/** One call: stage buttons (1–6), traffic source with its reason and override, notes, history. */
export function CallDrawer({ callId, onClose }: { callId: string; onClose: () => void }) {
  const [detail, setDetail] = useState<CallDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [request, setRequest] = useState<StageChangeRequest | null>(null);
  const dataVersion = useSession((s) => s.dataVersion);
  const toast = useUi((s) => s.toast);
  const sources = useTraffic((s) => (detail ? s.byWorkspace[detail.call.workspaceId]?.sources : undefined));

  const load = useCallback(async () => {
    try {
      const d = await call('calls.get', { id: callId });
      setDetail(d);
      setNotes(d.call.notes);
      setError(null);
      void useTraffic.getState().load(d.call.workspaceId);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [callId]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  const move = (to: CrmStage) => {
    if (!detail || detail.call.crmStage === to) return;
    const r = { callId, contactName: detail.contact.name, from: detail.call.crmStage, to };
    if (needsStageDialog(r.from, to)) return setRequest(r);
    call('calls.changeStage', { id: callId, to })
      .then(() => toast(`Moved to ${CRM_STAGE_LABELS[to]}`, 'success'))
      .catch((err: unknown) => toast(err instanceof ApiCallError ? err.message : String(err), 'error'));
  };

  const patch = (p: Record<string, unknown>, message: string) =>
    call('calls.update', { id: callId, patch: p })
      .then((d) => {
        setDetail(d);
        toast(message, 'success');
      })
      .catch((err: unknown) => toast(err instanceof ApiCallError ? err.message : String(err), 'error'));

  useHotkeys([
    { keys: 'escape', run: onClose },
    ...CRM_STAGES.map((s, i) => ({ keys: String(i + 1), run: () => move(s) })),
  ]);

  const c = detail?.call;
  return (
    <aside className="drawer" aria-label="Call details" data-testid="call-drawer">
      <header className="drawer-head">
        <div>
          <h2>{detail?.contact.name || 'Loading…'}</h2>
          {c ? (
            <p className="muted small">
              Contact <span className="mono">{detail.contact.contactCode}</span> · {c.scheduledAt ? formatDateTime(c.scheduledAt) : 'not scheduled'}
            </p>
          ) : null}
        </div>
        <button className="icon-button" aria-label="Close (Esc)" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      {error ? <div className="banner banner-error" role="alert">{error}</div> : null}
      {detail && c ? (
        <div className="drawer-body">
          <section className="drawer-section">
            <h3>Stage</h3>
            <div className="stage-buttons" role="group" aria-label="Move to stage">
              {CRM_STAGES.map((s, i) => (
                <button key={s} className={`stage-button ${c.crmStage === s ? 'active' : ''}`} aria-pressed={c.crmStage === s} onClick={() => move(s)} title={`${CRM_STAGE_LABELS[s]} (${i + 1})`}>
                  <kbd>{i + 1}</kbd> {CRM_STAGE_LABELS[s]}
                </button>
              ))}
            </div>
            {detail.conversion ? (
              <p className="small">
                Sale recorded: <strong>{formatMoney(detail.conversion.valueCents, detail.conversion.currency)}</strong> on {formatDateTime(detail.conversion.convertedAt)}
              </p>
            ) : null}
          </section>
          <section className="drawer-section">
            <h3>Traffic source</h3>
            <div className="source-row">
              <SourceBadge source={c.trafficSource} workspaceId={c.workspaceId} overridden={c.trafficSourceOverridden} />
              {c.trafficSourceConfidence ? <span className="badge tone-gray">{c.trafficSourceConfidence}</span> : null}
            </div>
            <p className="muted small" data-testid="call-source-reason">{c.trafficSourceReason ?? 'Not classified yet'}</p>
            <label className="field-inline">
              <span>Set by hand</span>
              <select
                aria-label="Traffic source override"
                value={c.trafficSourceOverridden ? c.trafficSource : ''}
                onChange={(e) => void patch({ trafficSourceOverride: e.target.value || null }, e.target.value ? 'Traffic source set by hand' : 'Back to the rules')}
              >
                <option value="">Use the rules</option>
                {(sources ?? []).map((s) => (
                  <option key={s.key} value={s.key}>{s.label}</option>
                ))}
              </select>
            </label>
          </section>
          <section className="drawer-section">
            <h3>Details</h3>
            <dl className="kv-list">
              <div className="kv"><dt>Rep</dt><dd>{c.repName ?? 'Nobody'}</dd></div>
              <div className="kv"><dt>Phone</dt><dd className="mono">{detail.contact.phone ? formatPhone(detail.contact.phone) : '—'}</dd></div>
              <div className="kv"><dt>Lead</dt><dd>{detail.lead ? `${LEAD_TYPE_LABELS[detail.lead.leadType as LeadType] ?? (detail.lead.leadType || 'Lead')} · ${detail.lead.source || 'no source'}` : '—'}</dd></div>
              <div className="kv"><dt>Appointment source</dt><dd>{c.sourceOfSetAppointment?.replace(/_/g, ' ') ?? '—'}</dd></div>
              <div className="kv"><dt>UTM</dt><dd>{[c.utmSource, c.utmMedium, c.utmCampaign].filter(Boolean).join(' / ') || '—'}</dd></div>
              <div className="kv"><dt>Duration</dt><dd>{c.durationSeconds == null ? '—' : `${Math.round(c.durationSeconds / 60)} min`}</dd></div>
              {c.status || c.outcome ? <div className="kv"><dt>Legacy status</dt><dd>{[c.status, c.outcome].filter(Boolean).join(' / ')}</dd></div> : null}
            </dl>
          </section>
          <section className="drawer-section">
            <h3>Notes</h3>
            <textarea aria-label="Call notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && (e.metaKey || e.ctrlKey) && void patch({ notes }, 'Notes saved')} />
            {notes !== c.notes ? (
              <div className="row-end">
                <button className="button button-ghost" onClick={() => setNotes(c.notes)}>Discard</button>
                <button className="button button-primary" onClick={() => void patch({ notes }, 'Notes saved')}>Save notes</button>
              </div>
            ) : null}
          </section>
          <section className="drawer-section">
            <h3>History</h3>
            <Timeline
              testId="call-events"
              entries={detail.events.map((e) => ({ id: e.id, text: describe(e, sources), actorName: e.actorName, createdAt: e.createdAt, note: e.eventType === 'created' ? null : e.reason }))}
            />
          </section>
        </div>
      ) : null}
      {request ? <StageChangeDialog request={request} onCancel={() => setRequest(null)} onDone={() => setRequest(null)} /> : null}
    </aside>
  );
}
