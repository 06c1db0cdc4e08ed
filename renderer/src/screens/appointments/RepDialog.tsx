// A rep's place in the rotation (admins): team, weight (share of the round robin), daily cap,
// working days and hours in the rep's own time zone, and whether they take routed leads at all.
import { useMemo, useState } from 'react';
import type { RoutingConfigView, RoutingRepView } from '../../../../shared/api/routing';
import { Dialog } from '../../components/Dialog';
import { ApiCallError, call } from '../../lib/api';
import { localizeMessage, WEEKDAYS } from './appointment-format';

const DEFAULT_HOURS = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'UTC'];
}

/** What saving the rep with a change sends: every field, as the contract wants them all. */
export function repInput(workspaceId: string, rep: RoutingRepView, patch: Partial<Pick<RoutingRepView, 'team' | 'weight' | 'dailyCap' | 'hours' | 'timeZone' | 'inRotation'>>) {
  const r = { ...rep, ...patch };
  return { workspaceId, userId: r.userId, team: r.team, weight: r.weight, dailyCap: r.dailyCap, hours: r.hours ? { days: [...r.hours.days], start: r.hours.start, end: r.hours.end } : null, timeZone: r.timeZone, inRotation: r.inRotation };
}

export function RepDialog({ config, rep, onClose, onSaved }: { config: RoutingConfigView; rep: RoutingRepView; onClose: () => void; onSaved: (c: RoutingConfigView) => void }) {
  const [team, setTeam] = useState(rep.team ?? '');
  const [weight, setWeight] = useState(String(rep.weight));
  const [cap, setCap] = useState(rep.dailyCap === null ? '' : String(rep.dailyCap));
  const [hasHours, setHasHours] = useState(rep.hours !== null);
  const [hours, setHours] = useState(rep.hours ?? DEFAULT_HOURS);
  const [zone, setZone] = useState(rep.timeZone);
  const [inRotation, setInRotation] = useState(rep.configured ? rep.inRotation : true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const zoneList = useMemo(zones, []);

  const save = async () => {
    if (saving) return;
    const w = Number(weight);
    const c = cap.trim() === '' ? null : Number(cap);
    const local: Record<string, string> = {};
    if (!Number.isInteger(w) || w < 0 || w > 100) local.weight = 'A whole number from 0 to 100';
    if (c !== null && (!Number.isInteger(c) || c < 0)) local.dailyCap = 'A whole number, or empty for no cap';
    if (hasHours && hours.days.length === 0) local['hours.days'] = 'Choose at least one day';
    if (hasHours && hours.start >= hours.end) local['hours.end'] = 'The day must end after it starts';
    if (!zoneList.includes(zone) && zone !== 'UTC') local.timeZone = 'Choose a time zone from the list (e.g. America/Chicago)';
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    setError(null);
    try {
      onSaved(await call('routing.saveRep', { ...repInput(config.workspaceId, rep, { team: team.trim() || null, weight: w, dailyCap: c, hours: hasHours ? hours : null, timeZone: zone, inRotation }) }));
    } catch (err) {
      if (err instanceof ApiCallError && err.fields.length) setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])));
      else setError(localizeMessage((err as Error).message));
      setSaving(false);
    }
  };

  const toggleDay = (d: number) => setHours({ ...hours, days: hours.days.includes(d) ? hours.days.filter((x) => x !== d) : [...hours.days, d].sort((a, b) => a - b) });
  return (
    <Dialog
      title={`Routing for ${rep.name}`}
      onClose={onClose}
      width={520}
      footer={
        <>
          <button className="button" onClick={onClose}>Cancel</button>
          <button className="button button-primary" onClick={() => void save()} disabled={saving} data-testid="rep-save">{saving ? 'Saving…' : 'Save'}</button>
        </>
      }
    >
      <form className="form-stack" data-testid="rep-dialog" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="field-check">
          <input type="checkbox" checked={inRotation} onChange={(e) => setInRotation(e.target.checked)} data-testid="rep-in-rotation" /> In the rotation: routing may give {rep.name} leads
        </label>
        <div className="field-pair">
          <label className="field">
            <span>Team</span>
            <input value={team} onChange={(e) => setTeam(e.target.value)} list="rep-teams" maxLength={80} data-autofocus data-testid="rep-team" placeholder="none: takes rules without a team" />
            <datalist id="rep-teams">{config.teams.map((t) => <option key={t} value={t} />)}</datalist>
          </label>
          <label className="field">
            <span>Time zone</span>
            <input value={zone} onChange={(e) => setZone(e.target.value)} list="rep-zones" data-testid="rep-zone" />
            <datalist id="rep-zones">{zoneList.map((z) => <option key={z} value={z} />)}</datalist>
            {errors.timeZone ? <span className="field-error">{errors.timeZone}</span> : null}
          </label>
        </div>
        <div className="field-pair">
          <label className={`field ${errors.weight ? 'field-invalid' : ''}`}>
            <span>Weight (share of the rotation)</span>
            <input type="number" min={0} max={100} step={1} value={weight} onChange={(e) => setWeight(e.target.value)} data-testid="rep-weight" />
            {errors.weight ? <span className="field-error">{errors.weight}</span> : <span className="muted small">2 takes twice the leads of 1; 0 takes none</span>}
          </label>
          <label className={`field ${errors.dailyCap ? 'field-invalid' : ''}`}>
            <span>Daily cap</span>
            <input type="number" min={0} step={1} value={cap} onChange={(e) => setCap(e.target.value)} placeholder="no cap" data-testid="rep-cap" />
            {errors.dailyCap ? <span className="field-error">{errors.dailyCap}</span> : <span className="muted small">Most appointments a day, in the rep's zone</span>}
          </label>
        </div>
        <fieldset className="plain-fieldset">
          <label className="field-check">
            <input type="checkbox" checked={hasHours} onChange={(e) => setHasHours(e.target.checked)} data-testid="rep-has-hours" /> Working hours (without them the rep can take any time)
          </label>
          {hasHours ? (
            <>
              <div className="day-toggles" role="group" aria-label="Working days">
                {WEEKDAYS.map((d, i) => (
                  <button key={d} type="button" className={`chip ${hours.days.includes(i) ? 'chip-active' : ''}`} aria-pressed={hours.days.includes(i)} onClick={() => toggleDay(i)}>{d}</button>
                ))}
              </div>
              {errors['hours.days'] ? <span className="field-error">{errors['hours.days']}</span> : null}
              <div className="field-pair">
                <label className="field">
                  <span>Starts</span>
                  <input type="time" value={hours.start} onChange={(e) => setHours({ ...hours, start: e.target.value })} data-testid="rep-start" />
                </label>
                <label className={`field ${errors['hours.end'] ? 'field-invalid' : ''}`}>
                  <span>Ends</span>
                  <input type="time" value={hours.end} onChange={(e) => setHours({ ...hours, end: e.target.value })} data-testid="rep-end" />
                  {errors['hours.end'] ? <span className="field-error">{errors['hours.end']}</span> : null}
                </label>
              </div>
              <span className="muted small">In {zone}: the last appointment must end by the end time.</span>
            </>
          ) : null}
        </fieldset>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
