// A routing decision as a person reads it: who takes the lead and the one-sentence reason, then
// (expandable) every rule in the order it was tried and every rep considered, with why.
import type { RoutingDecision } from '../../../../shared/domain/routing';
import { Icon } from '../../components/Icon';

const DECISION_TONE: Record<RoutingDecision['status'], string> = { routed: 'green', fallback: 'amber', unrouted: 'red' };
const DECISION_LABEL: Record<RoutingDecision['status'], string> = { routed: 'Routed', fallback: 'Fallback owner', unrouted: 'Unrouted' };

export function DecisionBadge({ status }: { status: RoutingDecision['status'] }) {
  return <span className={`badge tone-${DECISION_TONE[status]}`} data-decision={status}>{DECISION_LABEL[status]}</span>;
}

/** One list of verdicts (rules or reps): a tick for the one that won, then name and why. */
function VerdictList({ items, yes, no, attr, empty }: { items: readonly { id: string; name: string; why: string; won: boolean }[]; yes: string; no: string; attr: 'data-rule-id' | 'data-rep-id'; empty: string }) {
  if (items.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <ol className="verdict-list">
      {items.map((r) => (
        <li key={r.id} className={r.won ? 'verdict-yes' : 'verdict-no'} {...{ [attr]: r.id }}>
          <span className="verdict-mark" aria-label={r.won ? yes : no}>{r.won ? <Icon name="check" size={12} /> : '–'}</span>
          <span className="verdict-name">{r.name}</span>
          <span className="verdict-why">{r.why}</span>
        </li>
      ))}
    </ol>
  );
}

/** The rules tried and the reps weighed, each with its verdict. */
export function Verdicts({ decision, testId }: { decision: RoutingDecision; testId?: string }) {
  return (
    <div className="verdicts" data-testid={testId}>
      <div>
        <h4>Rules, in the order tried</h4>
        <VerdictList items={decision.rules.map((r) => ({ ...r, won: r.matched }))} yes="matched" no="did not match" attr="data-rule-id" empty="No routing rules." />
      </div>
      <div>
        <h4>Reps</h4>
        <VerdictList
          items={decision.reps.map((r) => ({ ...r, won: r.chosen }))}
          yes="chosen"
          no="not chosen"
          attr="data-rep-id"
          empty={decision.ruleId ? 'No rep is in the rotation.' : 'No rule matched, so no rep was weighed.'}
        />
      </div>
    </div>
  );
}

/**
 * Who routing picks, the reason, and a "why" that opens to the verdicts. `repName` names the rep
 * (the fallback owner is not among the reps weighed, so the caller looks the name up).
 */
export function DecisionCard({ decision, repName, testId, pending, open }: { decision: RoutingDecision; repName: string | null; testId?: string; pending?: boolean; open?: boolean }) {
  return (
    <div className={`decision decision-${decision.status}`} data-testid={testId} data-status={decision.status} aria-busy={pending ? 'true' : undefined}>
      <div className="decision-head">
        <DecisionBadge status={decision.status} />
        <strong data-testid={testId ? `${testId}-rep` : undefined}>
          {decision.status === 'unrouted' ? 'Nobody yet' : (repName ?? 'Unknown rep')}
        </strong>
        {pending ? <span className="muted small">updating…</span> : null}
      </div>
      <p className="decision-reason" data-testid={testId ? `${testId}-reason` : undefined}>{decision.reason}</p>
      {decision.status === 'unrouted' ? <p className="small decision-note">It will wait in the Unrouted queue until a manager assigns a rep.</p> : null}
      <details className="decision-why" open={open}>
        <summary>Why</summary>
        <Verdicts decision={decision} testId={testId ? `${testId}-verdicts` : undefined} />
      </details>
    </div>
  );
}

/** The rep a decision names, from the verdicts or else the members list. */
export function decisionRepName(decision: RoutingDecision, members: readonly { id: string; displayName: string }[]): string | null {
  if (!decision.repId) return null;
  return decision.reps.find((r) => r.id === decision.repId)?.name ?? members.find((m) => m.id === decision.repId)?.displayName ?? null;
}
