import { CRM_STAGE_LABELS, type CrmStage } from '../../../shared/domain/crm-stage';
import { sourceDef, useTraffic } from '../stores/traffic';

export const STAGE_TONE: Record<CrmStage, string> = {
  scheduled: 'blue',
  in_progress: 'amber',
  completed: 'gray',
  no_show: 'red',
  closed_won: 'green',
  lost: 'violet',
};

export function StageBadge({ stage }: { stage: CrmStage }) {
  return <span className={`badge tone-${STAGE_TONE[stage]} stage-badge`} data-stage={stage}>{CRM_STAGE_LABELS[stage] ?? stage}</span>;
}

export function SourceBadge({ source, workspaceId, overridden }: { source: string; workspaceId: string; overridden?: boolean }) {
  const sources = useTraffic((s) => s.byWorkspace[workspaceId]?.sources);
  const def = sourceDef(sources, source);
  return (
    <span className="source-badge" title={overridden ? `${def.label} (set by hand)` : def.label} data-source={source}>
      <span className="source-dot" style={{ background: def.color }} aria-hidden="true" />
      {def.label}
      {overridden ? <span className="muted small"> · manual</span> : null}
    </span>
  );
}
