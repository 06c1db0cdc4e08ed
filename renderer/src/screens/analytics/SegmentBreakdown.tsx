// Lead scoring on the dashboard: how many contacts of the current workspace sit in each RFM
// segment (seed 001), with the score range each covers. Every segment opens the leads grid
// filtered to it, so "Hot" is one click from the Hot leads view.
import { useEffect, useState } from 'react';
import type { RfmSegmentsView, SegmentCount } from '../../../../shared/api/rfm';
import type { Segment } from '../../../../shared/domain/rfm';
import { SEGMENT_TONE, SegmentBadge } from '../../components/Badges';
import { call } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useLeads } from '../../stores/leads';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { EmptyNote, InfoTip, Panel } from './Panel';
import { SortTable, type Column } from './SortTable';
import './segments.css';

/** The leads grid showing only leads whose contact is in `segment` (the grid's other filters cleared). */
export function openSegment(segment: Segment): void {
  const leads = useLeads.getState();
  leads.clearChips();
  leads.setSearch('');
  leads.setSegments([segment]);
  useUi.getState().go('leads');
}

function useSegments(workspaceId: string): { data: RfmSegmentsView | null; error: string | null } {
  const dataVersion = useSession((s) => s.dataVersion);
  const [state, setState] = useState<{ data: RfmSegmentsView | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    call('rfm.segments', { workspaceId })
      // Keep the last figures on screen while refetching, as the rest of the dashboard does.
      .then((data) => live && setState({ data, error: null }))
      .catch((err: unknown) => live && setState((s) => ({ data: s.data, error: err instanceof Error ? err.message : String(err) })));
    return () => void (live = false);
  }, [workspaceId, dataVersion]);
  return state.data && state.data.workspaceId !== workspaceId ? { data: null, error: state.error } : state;
}

const share = (n: number, total: number) => (total > 0 ? n / total : 0);
const RANK: Record<Segment, number> = { hot: 4, warm: 3, cool: 2, cold: 1 };

export function SegmentBreakdownPanel({ workspaceId, workspaceName }: { workspaceId: string; workspaceName: string }) {
  const { data, error } = useSegments(workspaceId);
  const total = data?.contacts ?? 0;
  const columns: Column<SegmentCount>[] = [
    { key: 'segment', label: 'Segment', render: (s) => <SegmentBadge segment={s.segment} />, sort: (s) => RANK[s.segment] },
    { key: 'range', label: 'Scores', title: 'RFM scores in the segment (score = 3×R + 2×F + M)', render: (s) => `${s.min}–${s.max}`, sort: (s) => s.min },
    {
      key: 'contacts',
      label: 'Contacts',
      numeric: true,
      render: (s) => (
        <button className="link-button an-num" onClick={() => openSegment(s.segment)} aria-label={`Open the leads of the ${formatCount(s.contacts)} ${s.label.toLowerCase()} contacts`} data-testid={`segment-open-${s.segment}`}>
          {formatCount(s.contacts)}
        </button>
      ),
      sort: (s) => s.contacts,
    },
    { key: 'share', label: 'Share', numeric: true, render: (s) => `${(share(s.contacts, total) * 100).toFixed(1)}%`, sort: (s) => s.contacts },
    { key: 'meaning', label: 'What it means', render: (s) => <span className="muted small">{s.description}</span> },
  ];
  const sub = (
    <>
      Contacts of {workspaceName} by RFM score of their conversions.{' '}
      <InfoTip>Recency, frequency and net value each score 1–5; score = 3×R + 2×F + M. A contact with no conversion scores 6 (cold). The thresholds are in Settings. Opening a segment shows its leads (a contact can have several).</InfoTip>
    </>
  );
  return (
    <Panel title="Lead scoring" sub={sub} wide testId="segment-breakdown">
      {error && !data ? (
        <div className="banner banner-error an-inline-banner" role="alert">Could not load the segments: {error}</div>
      ) : !data ? (
        <div className="an-loading" role="status">Loading segments…</div>
      ) : total === 0 ? (
        <EmptyNote testId="segments-empty">
          <strong>No contacts in {workspaceName} yet.</strong> Import leads or add one; each is scored as soon as it has a conversion.
        </EmptyNote>
      ) : (
        <>
          <div className="an-segment-bar" role="img" aria-label={data.segments.map((s) => `${s.label} ${formatCount(s.contacts)}`).join(', ')}>
            {data.segments.filter((s) => s.contacts > 0).map((s) => (
              <span key={s.segment} className={`an-segment-fill tone-${SEGMENT_TONE[s.segment]}`} style={{ flexGrow: s.contacts }} title={`${s.label}: ${formatCount(s.contacts)}`} />
            ))}
          </div>
          {data.segments.find((s) => s.segment === 'cold')!.contacts === total ? (
            <p className="muted small" data-testid="segments-all-cold">No contact has a counted conversion yet, so all are cold. Scores move as soon as sales are recorded.</p>
          ) : null}
          <SortTable rows={data.segments} columns={columns} rowKey={(s) => s.segment} caption={`Contacts per RFM segment in ${workspaceName}`} testId="segment-table" initialSort={{ key: 'segment', dir: 'desc' }} />
        </>
      )}
    </Panel>
  );
}
