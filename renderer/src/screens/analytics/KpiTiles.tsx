// The headline figures. Each tile opens the calls it counts; below them, the old dashboard's
// figures (seed 004's formulas) for anyone reconciling with it, with the difference explained.
import type { CallStatsRow } from '../../../../shared/api/analytics';
import { CRM_STAGE_LABELS } from '../../../../shared/domain/crm-stage';
import { formatCount, formatMoney } from '../../lib/format';
import { formatPct, formatRate } from './analytics-format';
import { MEASURE_STAGES, openDrill, type DrillScope, type Measure } from './drill';
import { InfoTip } from './Panel';

interface Tile {
  key: string;
  label: string;
  value: string;
  measure: Measure;
  foot: string;
  tone?: 'good' | 'bad';
}

function tiles(total: CallStatsRow): Tile[] {
  const m = total.metrics;
  const open = m.calls - m.resolved;
  return [
    { key: 'calls', label: 'Calls', value: formatCount(m.calls), measure: 'calls', foot: `${formatCount(open)} still open` },
    { key: 'held', label: 'Held', value: formatCount(m.held), measure: 'held', foot: 'Calls that took place' },
    { key: 'no-shows', label: 'No-shows', value: formatCount(m.noShows), measure: 'noShows', foot: m.resolved ? `${formatRate(m.noShows / m.resolved)} of resolved` : 'None resolved yet', tone: 'bad' },
    { key: 'closed-won', label: 'Closed won', value: formatCount(m.closedWon), measure: 'closedWon', foot: `${formatCount(m.lost)} lost`, tone: 'good' },
    { key: 'show-rate', label: 'Show rate', value: formatRate(m.showRate), measure: 'resolved', foot: `of ${formatCount(m.resolved)} resolved` },
    { key: 'close-rate', label: 'Close rate', value: formatRate(m.closeRate), measure: 'held', foot: `of ${formatCount(m.held)} held` },
    { key: 'revenue', label: 'Revenue', value: formatMoney(total.saleValueCents), measure: 'revenue', foot: m.closedWon ? `${formatMoney(Math.round(total.saleValueCents / m.closedWon))} avg sale` : 'No sales yet', tone: 'good' },
  ];
}

function drillTitle(measure: Measure): string {
  const stages = MEASURE_STAGES[measure];
  return stages ? `Open the calls behind this figure (${stages.map((s) => CRM_STAGE_LABELS[s]).join(', ')})` : 'Open every call behind this figure';
}

export function KpiTiles({ total, scope, busy }: { total: CallStatsRow; scope: DrillScope; busy: boolean }) {
  const m = total.metrics;
  return (
    <div className="an-kpi-block">
      <div className="an-kpis" aria-busy={busy}>
        {tiles(total).map((t) => (
          <button
            key={t.key}
            type="button"
            className={`an-kpi ${t.tone ? `an-kpi-${t.tone}` : ''}`}
            data-testid={`kpi-${t.key}`}
            onClick={() => openDrill(t.measure, scope)}
            title={drillTitle(t.measure)}
          >
            <span className="an-kpi-label">{t.label}</span>
            <span className="an-kpi-value" data-testid={`kpi-${t.key}-value`}>
              {t.value}
            </span>
            <span className="an-kpi-foot">{t.foot}</span>
          </button>
        ))}
      </div>
      <p className="an-old" data-testid="old-dashboard">
        <span className="an-old-label">Old dashboard</span>
        <span>
          show rate <strong data-testid="old-show-rate">{formatPct(m.seedShowRatePct)}</strong>
        </span>
        <span aria-hidden="true">·</span>
        <span>
          close rate <strong data-testid="old-close-rate">{formatPct(m.seedCloseRatePct)}</strong>
        </span>
        <span aria-hidden="true">·</span>
        <span>
          “completed” calls <strong>{formatCount(m.seedCompletedCalls)}</strong>
        </span>
        <span className="an-old-why">(counts no-shows as shows)</span>
        <InfoTip label="Why the old dashboard's figures differ">
          <strong>Why these differ from the tiles.</strong> The old dashboard (seed 004's SQL) counted no-shows as
          completed calls, so its show rate is (completed + no-shows + won + lost) ÷ every call, scheduled ones included,
          and its close rate divides wins by that inflated count. The tiles use held = completed + won + lost,
          resolved = held + no-shows: show rate = held ÷ resolved, close rate = won ÷ held.
        </InfoTip>
      </p>
    </div>
  );
}
