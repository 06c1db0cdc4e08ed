import { useEffect, useMemo, useState } from 'react';
import { classifyTrafficSource, EVIDENCE_FIELDS, evidenceLabel, type EvidenceField, type TrafficRule, type TrafficSourceDef } from '../../../../shared/domain/traffic-source';
import { ApiCallError, call } from '../../lib/api';
import { currentWorkspace, useSession } from '../../stores/session';
import { useTraffic } from '../../stores/traffic';
import { useUi } from '../../stores/ui';

const MATCH_LABELS = { equals: 'is', contains: 'contains', startsWith: 'starts with', present: 'is present' } as const;
const PALETTE = ['#ea4335', '#000000', '#f5a524', '#8e4ec6', '#0d74ce', '#30a46c', '#e5484d', '#12a594'];

/**
 * The workspace's traffic sources and classification rules, as data: an admin adds a source
 * (google, tiktok, referral…) and the rules that point at it, and tries them on a sample.
 */
export function TrafficRulesCard() {
  const workspace = useSession(currentWorkspace);
  const view = useTraffic((s) => (workspace ? s.byWorkspace[workspace.id] : undefined));
  const toast = useUi((s) => s.toast);
  const [sources, setSources] = useState<TrafficSourceDef[]>([]);
  const [rules, setRules] = useState<TrafficRule[]>([]);
  const [sample, setSample] = useState<Record<EvidenceField, string>>({ sourceOfAppointment: '', leadSource: '', utmSource: '', utmMedium: '', utmCampaign: '', fbclid: '', gclid: '' });
  const [error, setError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (workspace) void useTraffic.getState().load(workspace.id, true);
  }, [workspace?.id]);
  useEffect(() => {
    if (!view) return;
    setSources(view.sources);
    setRules(view.rules);
  }, [view]);

  const dirty = useMemo(() => JSON.stringify([sources, rules]) !== JSON.stringify([view?.sources, view?.rules]), [sources, rules, view]);
  const result = useMemo(() => classifyTrafficSource(sample, rules), [sample, rules]);
  if (!workspace || !view) return null;
  const editable = view.editable;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await call('settings.saveTraffic', { workspaceId: workspace.id, sources, rules });
      useTraffic.getState().set(saved);
      toast('Traffic sources and rules saved. New calls use them from now on.', 'success');
    } catch (err) {
      setError(err instanceof ApiCallError ? err : new ApiCallError({ code: 'internal', message: String(err) }));
    } finally {
      setSaving(false);
    }
  };
  const reset = async () => {
    const saved = await call('settings.resetTraffic', { workspaceId: workspace.id });
    useTraffic.getState().set(saved);
    toast('Back to the built-in rules', 'success');
  };
  const setRule = (i: number, patch: Partial<TrafficRule>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const fieldMsg = (path: string) => error?.fields.find((f) => f.field === path)?.message;

  return (
    <section className="card traffic-card" aria-label="Traffic sources and rules" data-testid="traffic-rules">
      <h2>Traffic sources and rules · {workspace.name}</h2>
      <p className="muted small">
        Each new call is classified by the first rule that matches (lowest priority number first); a call with no matching evidence is organic. A person can always override the result on the call.
        {view.isDefault ? ' This workspace uses the built-in rules from the old dashboard.' : ''}
        {editable ? '' : ' Only an admin can change them.'}
      </p>
      <fieldset disabled={!editable} className="plain-fieldset">
        <h3>Sources</h3>
        <div className="source-list">
          {sources.map((s, i) => (
            <div key={i} className="source-edit">
              <input type="color" aria-label={`Colour of ${s.label}`} value={s.color} onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, color: e.target.value } : x)))} />
              <input aria-label="Source key" className="mono" value={s.key} onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, key: e.target.value.toLowerCase() } : x)))} />
              <input aria-label="Source label" value={s.label} onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
              <button type="button" className="icon-button" aria-label={`Remove ${s.label}`} disabled={s.key === 'organic'} onClick={() => setSources(sources.filter((_, j) => j !== i))}>×</button>
              {fieldMsg(`sources.${i}.key`) ? <small className="field-error">{fieldMsg(`sources.${i}.key`)}</small> : null}
            </div>
          ))}
          <button type="button" className="button button-ghost" onClick={() => setSources([...sources, { key: `source_${sources.length + 1}`, label: 'New source', color: PALETTE[sources.length % PALETTE.length]! }])}>+ Add source</button>
        </div>
        <h3>Rules</h3>
        <table className="rules-table">
          <thead>
            <tr><th>Priority</th><th>When</th><th /><th>Value</th><th>Then</th><th>Confidence</th><th>On</th><th /></tr>
          </thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={i} className={r.enabled === false ? 'rule-off' : ''}>
                <td><input type="number" aria-label={`Priority of rule ${i + 1}`} className="narrow" value={r.priority} onChange={(e) => setRule(i, { priority: Number(e.target.value) })} /></td>
                <td>
                  <select aria-label={`Field of rule ${i + 1}`} value={r.field} onChange={(e) => setRule(i, { field: e.target.value as EvidenceField })}>
                    {EVIDENCE_FIELDS.map((f) => <option key={f} value={f}>{evidenceLabel(f)}</option>)}
                  </select>
                </td>
                <td>
                  <select aria-label={`Match of rule ${i + 1}`} value={r.match} onChange={(e) => setRule(i, { match: e.target.value as TrafficRule['match'] })}>
                    {Object.entries(MATCH_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
                  </select>
                </td>
                <td>
                  <input aria-label={`Value of rule ${i + 1}`} value={r.value} disabled={r.match === 'present'} placeholder="a, b, c" onChange={(e) => setRule(i, { value: e.target.value })} />
                  {fieldMsg(`rules.${i}.value`) ? <small className="field-error block">{fieldMsg(`rules.${i}.value`)}</small> : null}
                </td>
                <td>
                  <select aria-label={`Source of rule ${i + 1}`} value={r.source} onChange={(e) => setRule(i, { source: e.target.value })}>
                    {sources.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
                  </select>
                  {fieldMsg(`rules.${i}.source`) ? <small className="field-error block">{fieldMsg(`rules.${i}.source`)}</small> : null}
                </td>
                <td>
                  <select aria-label={`Confidence of rule ${i + 1}`} value={r.confidence} onChange={(e) => setRule(i, { confidence: e.target.value as TrafficRule['confidence'] })}>
                    <option value="high">high</option><option value="medium">medium</option><option value="low">low</option>
                  </select>
                </td>
                <td><input type="checkbox" aria-label={`Rule ${i + 1} on`} checked={r.enabled !== false} onChange={(e) => setRule(i, { enabled: e.target.checked })} /></td>
                <td><button type="button" className="icon-button" aria-label={`Remove rule ${i + 1}`} onClick={() => setRules(rules.filter((_, j) => j !== i))}>×</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="button button-ghost" onClick={() => setRules([...rules, { priority: (rules.at(-1)?.priority ?? 0) + 10, field: 'utmSource', match: 'equals', value: '', source: sources[0]?.key ?? 'organic', confidence: 'high', enabled: true }])}>+ Add rule</button>
      </fieldset>
      <div className="rule-test">
        <h3>Try a sample</h3>
        <div className="rule-test-fields">
          {(['sourceOfAppointment', 'leadSource', 'utmSource', 'utmMedium', 'gclid'] as EvidenceField[]).map((f) => (
            <label key={f} className="field">
              <span>{evidenceLabel(f)}</span>
              <input value={sample[f]} onChange={(e) => setSample({ ...sample, [f]: e.target.value })} aria-label={`Sample ${evidenceLabel(f)}`} />
            </label>
          ))}
        </div>
        <p data-testid="rule-test-result">
          → <strong>{sources.find((s) => s.key === result.trafficSource)?.label ?? result.trafficSource}</strong> <span className="muted">({result.confidence}) — {result.reason}</span>
        </p>
      </div>
      {error && error.fields.length === 0 ? <div className="banner banner-error" role="alert">{error.message}</div> : null}
      {error && error.fields.length > 0 ? <div className="banner banner-error" role="alert">{error.fields.map((f) => f.message).join('; ')}</div> : null}
      {editable ? (
        <div className="row-end">
          {!view.isDefault ? <button className="button button-ghost" onClick={() => void reset()}>Reset to built-in rules</button> : null}
          <button className="button button-ghost" disabled={!dirty} onClick={() => { setSources(view.sources); setRules(view.rules); setError(null); }}>Discard</button>
          <button className="button button-primary" disabled={!dirty || saving} onClick={() => void save()} data-testid="save-traffic">{saving ? 'Saving…' : 'Save rules'}</button>
        </div>
      ) : null}
    </section>
  );
}
