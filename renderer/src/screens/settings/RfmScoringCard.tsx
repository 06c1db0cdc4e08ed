// The workspace's RFM thresholds (seed 001 by default): an admin edits the day, count and amount
// limits of each score and where the segments cut; everyone else sees them read-only. Checked as
// you type with the same schemas the backend uses, so Save is only offered for a valid set.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RfmSettingsView } from '../../../../shared/api/rfm';
import { MAX_RFM_SCORE, MIN_RFM_SCORE, RfmThresholdsSchema, SegmentThresholdsSchema, segmentRange, SEGMENTS, type BandScore, type RfmThresholds, type SegmentThresholds } from '../../../../shared/domain/rfm';
import { SegmentBadge } from '../../components/Badges';
import { ApiCallError, call } from '../../lib/api';
import { formatMoney, parseMoney } from '../../lib/format';
import { currentWorkspace, useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import './rfm-settings.css';

const BANDS: BandScore[] = [5, 4, 3, 2];
type Band = 'recencyMaxDays' | 'frequencyMin' | 'monetaryMinCents';
type SegKey = keyof SegmentThresholds;

/** What the user typed, kept as text so a half-typed value is not lost or coerced. */
interface Draft {
  recencyMaxDays: Record<BandScore, string>;
  frequencyMin: Record<BandScore, string>;
  monetaryMinCents: Record<BandScore, string>;
  segments: Record<SegKey, string>;
}

function toDraft(rfm: RfmThresholds, segments: SegmentThresholds): Draft {
  const band = (b: Band, fmt: (n: number) => string) => Object.fromEntries(BANDS.map((s) => [s, fmt(rfm[b][s])])) as Record<BandScore, string>;
  return {
    recencyMaxDays: band('recencyMaxDays', String),
    frequencyMin: band('frequencyMin', String),
    monetaryMinCents: band('monetaryMinCents', (c) => formatMoney(c).replace('$', '')),
    segments: { hot: String(segments.hot), warm: String(segments.warm), cool: String(segments.cool) },
  };
}

const whole = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** Field path (as the schemas report it) → message, in the words of this card: R 4, $200.00. */
function problems(draft: Draft): { fields: Map<string, string>; value: { rfm: RfmThresholds; segments: SegmentThresholds } | null } {
  const fields = new Map<string, string>();
  const band = (b: Band, parse: (t: string) => number) => Object.fromEntries(BANDS.map((s) => [s, parse(draft[b][s])])) as Record<BandScore, number>;
  const rfm = { recencyMaxDays: band('recencyMaxDays', whole), frequencyMin: band('frequencyMin', whole), monetaryMinCents: band('monetaryMinCents', (t) => parseMoney(t) ?? Number.NaN) };
  const segments = { hot: whole(draft.segments.hot), warm: whole(draft.segments.warm), cool: whole(draft.segments.cool) };
  for (const s of BANDS) if (Number.isNaN(rfm.monetaryMinCents[s])) fields.set(`monetaryMinCents.${s}`, `M ${s}: enter an amount in dollars, like 50 or 49.99`);
  const plain = (m: string) =>
    m
      .replace(/recencyMaxDays\.(\d)/g, 'R $1')
      .replace(/frequencyMin\.(\d)/g, 'F $1')
      .replace(/monetaryMinCents\.(\d)/g, 'M $1')
      .replace(/(\d+) cents/g, (_, c: string) => formatMoney(Number(c)))
      .replace(/segments\.(hot|warm|cool)/g, (_, k: string) => `${k[0]!.toUpperCase()}${k.slice(1)} from`);
  const r = RfmThresholdsSchema.safeParse(rfm);
  for (const issue of r.success ? [] : r.error.issues) {
    const key = issue.path.map(String).join('.');
    if (!fields.has(key)) fields.set(key, plain(issue.message));
  }
  const g = SegmentThresholdsSchema.safeParse(segments);
  for (const issue of g.success ? [] : g.error.issues) fields.set(`segments.${issue.path.map(String).join('.')}`, plain(issue.message));
  return { fields, value: r.success && g.success ? { rfm: r.data, segments: g.data } : null };
}

const BAND_LABEL: Record<Band, { title: string; cell: string; unit: string; one: string }> = {
  recencyMaxDays: { title: 'Recency (R)', cell: 'at most', unit: 'days ago', one: 'older, or never' },
  frequencyMin: { title: 'Frequency (F)', cell: 'at least', unit: 'conversions', one: 'fewer, or none' },
  monetaryMinCents: { title: 'Monetary (M)', cell: 'at least $', unit: 'net', one: 'less' },
};

export function RfmScoringCard() {
  const workspace = useSession(currentWorkspace);
  const dataVersion = useSession((s) => s.dataVersion);
  const toast = useUi((s) => s.toast);
  const [view, setView] = useState<RfmSettingsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!workspace) return;
    let live = true;
    call('rfm.settings', { workspaceId: workspace.id })
      .then((v) => {
        if (!live) return;
        setView(v);
        setLoadError(null);
      })
      .catch((err: unknown) => live && setLoadError(err instanceof Error ? err.message : String(err)));
    return () => void (live = false);
  }, [workspace?.id, dataVersion]);
  // A fresh view (loaded, saved, synced in) replaces the draft only when nothing is being edited.
  const saved = useMemo(() => (view ? toDraft(view.rfm, view.segments) : null), [view]);
  const dirty = draft !== null && saved !== null && JSON.stringify(draft) !== JSON.stringify(saved);
  const previous = useRef<Draft | null>(null);
  useEffect(() => {
    if (saved && (draft === null || JSON.stringify(draft) === JSON.stringify(previous.current))) setDraft(saved);
    previous.current = saved;
  }, [saved]);

  const checked = useMemo(() => (draft ? problems(draft) : null), [draft]);
  if (!workspace) return null;
  if (loadError) return <section className="card rfm-card"><h2>RFM scoring</h2><div className="banner banner-error" role="alert">Could not load the thresholds: {loadError}</div></section>;
  if (!view || !draft || !checked) return <section className="card rfm-card"><h2>RFM scoring</h2><p className="muted" role="status">Loading thresholds…</p></section>;
  const editable = view.editable;
  const msg = (path: string) => checked.fields.get(path) ?? serverError?.fieldMessage(path);

  const apply = async (run: () => Promise<RfmSettingsView>, done: string) => {
    setSaving(true);
    setServerError(null);
    try {
      const next = await run();
      setView(next);
      setDraft(toDraft(next.rfm, next.segments));
      toast(done, 'success');
    } catch (err) {
      setServerError(err instanceof ApiCallError ? err : new ApiCallError({ code: 'internal', message: String(err) }));
    } finally {
      setSaving(false);
    }
  };
  const save = () => checked.value && void apply(() => call('rfm.saveSettings', { workspaceId: workspace.id, ...checked.value! }), 'RFM thresholds saved; every contact was re-scored.');
  const reset = () => void apply(() => call('rfm.resetSettings', { workspaceId: workspace.id }), 'Back to the seed thresholds; every contact was re-scored.');
  const setBand = (b: Band, s: BandScore, text: string) => setDraft({ ...draft, [b]: { ...draft[b], [s]: text } });
  const preview = checked.value?.segments;

  return (
    <section className="card rfm-card" aria-label="RFM scoring" data-testid="rfm-settings">
      <h2>RFM scoring · {workspace.name}</h2>
      <p className="muted small">
        Each contact scores 1–5 on recency, frequency and net value of their conversions; score = 3×R + 2×F + M ({MIN_RFM_SCORE}–{MAX_RFM_SCORE}). Days count by the calendar in {workspace.timezone}.
        {view.isDefault ? ' This workspace uses the thresholds of the old lead scoring (seed 001).' : ''}
        {editable ? ' Saving re-scores every contact at once.' : ' Only an admin can change them.'}
      </p>
      {view.problem ? <div className="banner banner-error" role="alert">{view.problem}</div> : null}
      <fieldset disabled={!editable || saving} className="plain-fieldset">
        <table className="rfm-table">
          <caption className="an-sr-only">Limits that earn each score</caption>
          <thead>
            <tr><th scope="col">Score</th>{(Object.keys(BAND_LABEL) as Band[]).map((b) => <th key={b} scope="col">{BAND_LABEL[b].title}</th>)}</tr>
          </thead>
          <tbody>
            {BANDS.map((s) => (
              <tr key={s}>
                <th scope="row">{s}</th>
                {(Object.keys(BAND_LABEL) as Band[]).map((b) => {
                  const path = `${b}.${s}`;
                  const problem = msg(path);
                  return (
                    <td key={b}>
                      <label className="rfm-input">
                        <span className="muted small">{BAND_LABEL[b].cell}</span>
                        <input inputMode={b === 'monetaryMinCents' ? 'decimal' : 'numeric'} aria-label={`${BAND_LABEL[b].title} score ${s}`} aria-invalid={problem ? true : undefined} value={draft[b][s]} onChange={(e) => setBand(b, s, e.target.value)} data-testid={`rfm-${b}-${s}`} />
                        <span className="muted small">{BAND_LABEL[b].unit}</span>
                      </label>
                      {problem ? <small className="field-error block" role="alert">{problem}</small> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="rfm-one">
              <th scope="row">1</th>
              {(Object.keys(BAND_LABEL) as Band[]).map((b) => <td key={b} className="muted small">{BAND_LABEL[b].one}</td>)}
            </tr>
          </tbody>
        </table>
        <h3>Segments</h3>
        <div className="rfm-segments">
          {(['hot', 'warm', 'cool'] as const).map((k) => (
            <label key={k} className="field rfm-seg-field">
              <span><SegmentBadge segment={k} /> from score</span>
              <input inputMode="numeric" aria-label={`${SEGMENTS.find((d) => d.key === k)!.label} from score`} aria-invalid={msg(`segments.${k}`) ? true : undefined} value={draft.segments[k]} onChange={(e) => setDraft({ ...draft, segments: { ...draft.segments, [k]: e.target.value } })} data-testid={`rfm-segment-${k}`} />
              {msg(`segments.${k}`) ? <small className="field-error block" role="alert">{msg(`segments.${k}`)}</small> : null}
            </label>
          ))}
        </div>
        <p className="small" data-testid="rfm-segment-preview">
          {preview ? SEGMENTS.map((d) => { const r = segmentRange(d.key, preview); return `${d.label} ${r.min}–${r.max}`; }).join(' · ') : <span className="muted">Fix the limits above to see the segments.</span>}
        </p>
      </fieldset>
      {serverError && serverError.fields.length === 0 ? <div className="banner banner-error" role="alert">{serverError.message}</div> : null}
      {editable ? (
        <div className="row-end rfm-actions">
          {!view.isDefault ? <button className="button button-ghost" disabled={saving} onClick={reset} data-testid="rfm-reset">Reset to defaults</button> : null}
          <button className="button button-ghost" disabled={!dirty || saving} onClick={() => { setDraft(saved); setServerError(null); }}>Discard</button>
          <button className="button button-primary" disabled={!dirty || saving || !checked.value} onClick={save} data-testid="rfm-save">{saving ? 'Re-scoring…' : 'Save thresholds'}</button>
        </div>
      ) : null}
    </section>
  );
}
