import { CRM_STAGE_LABELS, type CrmStage } from '../../../shared/domain/crm-stage';
import { LEAD_STATUS_LABELS, type LeadStatus } from '../../../shared/domain/leads';
import { SEGMENTS, type Segment } from '../../../shared/domain/rfm';
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

const LEAD_STATUS_TONE: Record<string, string> = { new: 'blue', contacted: 'amber', qualified: 'green', unqualified: 'gray', converted: 'violet' };

export function LeadStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge tone-${LEAD_STATUS_TONE[status] ?? 'gray'}`} data-testid={testId}>
      {LEAD_STATUS_LABELS[status as LeadStatus] ?? status}
    </span>
  );
}

export const SEGMENT_TONE: Record<Segment, string> = { hot: 'red', warm: 'amber', cool: 'blue', cold: 'gray' };

/** An RFM segment, with the score when known (seed 001: 6–30). */
export function SegmentBadge({ segment, score }: { segment: Segment; score?: number }) {
  const def = SEGMENTS.find((s) => s.key === segment);
  return (
    <span className={`badge tone-${SEGMENT_TONE[segment]}`} data-segment={segment} title={`${def?.description ?? ''}${score !== undefined ? ` RFM score ${score} of 30.` : ''}`}>
      {def?.label ?? segment}
      {score !== undefined ? ` · ${score}` : ''}
    </span>
  );
}
