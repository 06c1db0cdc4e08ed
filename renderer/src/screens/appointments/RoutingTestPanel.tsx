// "Test a lead": a sample lead (type, zip, time) routed against the saved setup and the reps'
// calendars, booking nothing. It runs again after every change to the setup, and says when the
// change moved the lead, so an admin sees what an edit does.
import { useEffect, useRef, useState } from 'react';
import type { RoutingConfigView } from '../../../../shared/api/routing';
import type { RoutingDecision } from '../../../../shared/domain/routing';
import { call } from '../../lib/api';
import { localInputValue } from '../../lib/format';
import { localizeMessage } from './appointment-format';
import { DecisionCard } from './RoutingExplanation';

/** Tomorrow at 10:00 in the user's zone: a time most reps work. */
function tomorrowAtTen(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(10, 0, 0, 0);
  return localInputValue(d);
}

/** A zip the first rule with zip patterns takes, so the sample starts on a rule rather than on none. */
function sampleZip(config: RoutingConfigView): string {
  const pattern = config.rules.find((r) => r.isActive && r.zipPatterns.length)?.zipPatterns[0]?.split(',')[0]?.trim() ?? '';
  const prefix = /^(\w+)\*$/.exec(pattern);
  if (prefix) return prefix[1]!.padEnd(5, '0').slice(0, Math.max(5, prefix[1]!.length)).replace(/0$/, '1');
  const range = /^(\d+)\s*-\s*\d+$/.exec(pattern);
  return range ? range[1]! : pattern;
}

interface Sample {
  productType: string;
  zip: string;
  when: string;
  minutes: number;
}

const outcome = (d: RoutingDecision, config: RoutingConfigView) => {
  const rep = d.repId ? (config.reps.find((r) => r.userId === d.repId)?.name ?? 'a rep') : 'nobody';
  const rule = d.ruleId ? (config.rules.find((r) => r.id === d.ruleId)?.name ?? d.rules.find((r) => r.id === d.ruleId)?.name ?? 'a deleted rule') : 'no rule';
  return `${rep} (${rule})`;
};

export function RoutingTestPanel({ config }: { config: RoutingConfigView }) {
  const [sample, setSample] = useState<Sample>(() => ({ productType: config.rules.find((r) => r.isActive && r.productTypes.length)?.productTypes[0] ?? config.productTypes[0] ?? '', zip: sampleZip(config), when: tomorrowAtTen(), minutes: 60 }));
  const [decision, setDecision] = useState<RoutingDecision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [change, setChange] = useState<string | null>(null);
  const seq = useRef(0);
  const lastDecision = useRef<RoutingDecision | null>(null);
  // What routing reads from the setup; a reload that changes none of it is not an edit.
  const setup = JSON.stringify([config.rules, config.reps, config.fallbackOwnerId]);
  const lastSetup = useRef(setup);

  useEffect(() => {
    const at = new Date(sample.when);
    if (Number.isNaN(at.getTime())) return setError('Choose a date and time');
    // Ran because the setup changed (not the sample): say so if the lead now goes elsewhere.
    const becauseOfEdit = lastSetup.current !== setup;
    lastSetup.current = setup;
    const mine = ++seq.current;
    setPending(true);
    const t = setTimeout(
      () => {
        call('routing.test', { workspaceId: config.workspaceId, productType: sample.productType.trim(), zip: sample.zip.trim(), scheduledAt: at.toISOString(), durationMinutes: sample.minutes })
          .then((d) => {
            if (mine !== seq.current) return;
            const before = lastDecision.current;
            if (becauseOfEdit && before) {
              const was = outcome(before, config);
              const now = outcome(d, config);
              setChange(was === now && before.status === d.status ? 'Your change did not move this lead.' : `Your change moved this lead: ${was} → ${now}`);
            } else if (!becauseOfEdit) setChange(null);
            lastDecision.current = d;
            setDecision(d);
            setError(null);
            setPending(false);
          })
          .catch((err: Error) => {
            if (mine !== seq.current) return;
            setError(localizeMessage(err.message));
            setPending(false);
          });
      },
      becauseOfEdit ? 0 : 250,
    );
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sample, setup]);

  const set = (patch: Partial<Sample>) => setSample((s) => ({ ...s, ...patch }));
  const repName = decision?.repId ? (config.reps.find((r) => r.userId === decision.repId)?.name ?? decision.reps.find((r) => r.id === decision.repId)?.name ?? null) : null;
  return (
    <section className="card routing-test" aria-label="Test a lead" data-testid="routing-test">
      <div className="card-title-row">
        <h2>Test a lead</h2>
        <span className="muted small">Books nothing</span>
      </div>
      <div className="routing-test-fields">
        <label className="field">
          <span>Lead type</span>
          <input value={sample.productType} onChange={(e) => set({ productType: e.target.value })} list="test-types" data-testid="test-type" />
          <datalist id="test-types">{config.productTypes.map((t) => <option key={t} value={t} />)}</datalist>
        </label>
        <label className="field">
          <span>Zip</span>
          <input value={sample.zip} onChange={(e) => set({ zip: e.target.value })} className="mono" placeholder="e.g. 11215" data-testid="test-zip" />
        </label>
        <label className="field span-2">
          <span>When (your time)</span>
          <input type="datetime-local" value={sample.when} onChange={(e) => set({ when: e.target.value })} data-testid="test-when" />
        </label>
        <label className="field span-2">
          <span>Length</span>
          <select value={sample.minutes} onChange={(e) => set({ minutes: Number(e.target.value) })}>
            {[15, 30, 45, 60, 90, 120].map((m) => <option key={m} value={m}>{m} minutes</option>)}
          </select>
        </label>
      </div>
      {config.rules.length === 0 ? <p className="routing-note" data-testid="test-no-rules">No routing rules: a booking goes to whoever the person booking chooses. With rules, this is what they would do:</p> : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {change ? <p className={`test-change ${change.startsWith('Your change moved') ? 'test-change-moved' : ''}`} role="status" data-testid="test-change">{change}</p> : null}
      {decision ? <DecisionCard decision={decision} repName={repName} pending={pending} testId="test-decision" open /> : !error ? <p className="muted small">Routing the sample…</p> : null}
    </section>
  );
}
