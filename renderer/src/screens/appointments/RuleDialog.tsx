// Add or edit a routing rule (admins): which leads it takes (lead types, zip patterns), its
// priority, the team whose reps take them. Zip patterns are checked as they are typed, with the
// same parser routing uses, so a typo is caught before saving.
import { useState } from 'react';
import type { RoutingConfigView, RoutingRuleView } from '../../../../shared/api/routing';
import { compileZipPattern } from '../../../../shared/domain/routing';
import { Dialog } from '../../components/Dialog';
import { ApiCallError, call } from '../../lib/api';
import { leadTypeLabel, localizeMessage } from './appointment-format';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function RuleDialog({ config, rule, onClose, onSaved }: { config: RoutingConfigView; rule: RoutingRuleView | null; onClose: () => void; onSaved: (c: RoutingConfigView, name: string) => void }) {
  const nextPriority = config.rules.length ? Math.max(...config.rules.map((r) => r.priority)) + 10 : 10;
  const [name, setName] = useState(rule?.name ?? '');
  const [priority, setPriority] = useState(String(rule?.priority ?? nextPriority));
  const [types, setTypes] = useState<string[]>(rule?.productTypes ?? []);
  const [zips, setZips] = useState((rule?.zipPatterns ?? []).join('\n'));
  const [team, setTeam] = useState(rule?.targetTeam ?? '');
  const [active, setActive] = useState(rule?.isActive ?? true);
  const [notes, setNotes] = useState(rule?.notes ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const zipProblems = lines(zips)
    .map((p, i) => {
      const t = compileZipPattern(p);
      return typeof t === 'function' ? null : `Line ${i + 1}: ${t.error}`;
    })
    .filter((x): x is string => !!x);
  const allTypes = [...new Set([...config.productTypes, ...types])].sort();
  const teamReps = team.trim() ? config.reps.filter((r) => r.inRotation && r.team === team.trim()) : config.reps.filter((r) => r.inRotation);

  const save = async () => {
    if (saving) return;
    const p = Number(priority);
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the rule a name';
    if (!Number.isInteger(p) || p < 0) local.priority = 'A whole number, 0 or more (lower is tried first)';
    if (zipProblems.length) local.zipPatterns = zipProblems.join('; ');
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await call('routing.saveRule', {
        workspaceId: config.workspaceId,
        ...(rule ? { id: rule.id } : {}),
        name: name.trim(),
        productTypes: types,
        zipPatterns: lines(zips),
        priority: p,
        isActive: active,
        targetTeam: team.trim() || null,
        notes,
      });
      onSaved(saved, name.trim());
    } catch (err) {
      if (err instanceof ApiCallError && err.fields.length) {
        const byField: Record<string, string> = {};
        for (const f of err.fields) {
          const m = /^zipPatterns\.(\d+)$/.exec(f.field);
          const key = m ? 'zipPatterns' : f.field;
          byField[key] = m ? `Line ${Number(m[1]) + 1}: ${f.message}` : f.message;
        }
        setErrors(byField);
      } else setError(localizeMessage((err as Error).message));
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={rule ? `Edit rule: ${rule.name}` : 'New routing rule'}
      onClose={onClose}
      width={560}
      footer={
        <>
          <span className="muted small">Ctrl+Enter saves</span>
          <button className="button" onClick={onClose}>Cancel</button>
          <button className="button button-primary" onClick={() => void save()} disabled={saving} data-testid="rule-save">{saving ? 'Saving…' : rule ? 'Save rule' : 'Add rule'}</button>
        </>
      }
    >
      <form
        className="form-stack"
        data-testid="rule-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      >
        <div className="rule-form-top">
          <label className={`field ${errors.name ? 'field-invalid' : ''}`}>
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} data-autofocus data-testid="rule-name" placeholder="e.g. Brooklyn solar" />
            {errors.name ? <span className="field-error">{errors.name}</span> : null}
          </label>
          <label className={`field ${errors.priority ? 'field-invalid' : ''}`}>
            <span>Priority</span>
            <input type="number" min={0} step={1} value={priority} onChange={(e) => setPriority(e.target.value)} data-testid="rule-priority" />
            {errors.priority ? <span className="field-error">{errors.priority}</span> : null}
          </label>
        </div>
        <p className="muted small form-hint">Rules are tried from the lowest priority number; the first one that takes the lead decides the team.</p>
        <fieldset className="plain-fieldset">
          <legend className="field-legend">Lead types <span className="muted">(none ticked: any type)</span></legend>
          <div className="check-row">
            {allTypes.length === 0 ? <span className="muted small">No lead types in this workspace yet.</span> : null}
            {allTypes.map((t) => (
              <label key={t} className="field-check">
                <input type="checkbox" checked={types.includes(t)} onChange={() => setTypes(types.includes(t) ? types.filter((x) => x !== t) : [...types, t])} data-testid={`rule-type-${t}`} />
                <span className={`type-dot type-${t}`}>{leadTypeLabel(t)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className={`field ${errors.zipPatterns || zipProblems.length ? 'field-invalid' : ''}`}>
          <span>Zip codes, one pattern a line <span className="muted">(empty: any zip)</span></span>
          <textarea rows={4} value={zips} onChange={(e) => setZips(e.target.value)} className="mono" data-testid="rule-zips" placeholder={'112*\n10001-10099\n07030'} aria-invalid={!!(errors.zipPatterns || zipProblems.length)} />
          <span className="muted small">10001 exact · 112* starts with · 10001-10099 range · 10001, 10002 a list</span>
          {errors.zipPatterns || zipProblems.length ? <span className="field-error" role="alert" data-testid="rule-zip-error">{errors.zipPatterns ?? zipProblems.join('; ')}</span> : null}
        </label>
        <label className="field">
          <span>Team that takes these leads <span className="muted">(empty: every rep in the rotation)</span></span>
          <input value={team} onChange={(e) => setTeam(e.target.value)} list="routing-teams" maxLength={80} data-testid="rule-team" placeholder="e.g. Brooklyn" />
          <datalist id="routing-teams">
            {config.teams.map((t) => <option key={t} value={t} />)}
          </datalist>
          <span className={`small ${teamReps.length ? 'muted' : 'warn-text'}`} data-testid="rule-team-reps">
            {teamReps.length ? `${teamReps.length} rep${teamReps.length === 1 ? '' : 's'} in the rotation: ${teamReps.map((r) => r.name).join(', ')}` : `No rep in the rotation${team.trim() ? ` is in ${team.trim()}` : ''}: its leads will go to the fallback owner or wait unrouted.`}
          </span>
        </label>
        <label className="field-check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="rule-active" /> Active
        </label>
        <label className="field">
          <span>Notes</span>
          <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
        </label>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
