// Show rate and close rate over time, one line per traffic source in the workspace's colours.
import { useEffect, useMemo } from 'react';
import type { CallStats } from '../../../../shared/api/analytics';
import { DEFAULT_TRAFFIC_SOURCES, type TrafficSourceDef } from '../../../../shared/domain/traffic-source';
import { sourceDef, useTraffic } from '../../stores/traffic';
import { openDrill, type DrillScope } from './drill';
import { bucketTitle, ChartLegend, LineChart } from './LineChart';
import { EmptyNote, Panel } from './Panel';
import { buildChart } from './series';

/** Traffic sources of every workspace in scope (current first), for labels and colours. */
export function useSources(workspaceIds: string[]): { sources: TrafficSourceDef[]; def: (key: string) => TrafficSourceDef } {
  const byWorkspace = useTraffic((s) => s.byWorkspace);
  const key = workspaceIds.join(',');
  useEffect(() => {
    for (const id of workspaceIds) void useTraffic.getState().load(id).catch(() => {});
    // `key` stands for the ids.
  }, [key]);
  return useMemo(() => {
    const merged = new Map<string, TrafficSourceDef>();
    for (const id of workspaceIds) for (const s of byWorkspace[id]?.sources ?? []) if (!merged.has(s.key)) merged.set(s.key, s);
    const sources = merged.size ? [...merged.values()] : [...DEFAULT_TRAFFIC_SOURCES];
    return { sources, def: (k: string) => sourceDef(sources, k) };
  }, [byWorkspace, key]);
}

export function ChartsRow({ stats, range, sources, def, scope }: { stats: CallStats; range: { from: string; to: string } | null; sources: TrafficSourceDef[]; def: (key: string) => TrafficSourceDef; scope: DrillScope }) {
  const chart = useMemo(() => (range ? buildChart(stats.rows, range, sources, def) : null), [stats, range, sources, def]);
  const legend = chart ? chart.series.map(({ key, label, color }) => ({ key, label, color })) : [];
  const anyResolved = stats.total.metrics.resolved > 0;
  const unitNote = chart?.unit === 'month' ? 'By month; gaps are months with' : chart?.unit === 'week' ? 'By week (Mon–Sun); gaps are weeks with' : 'By day; gaps are days with';
  const panels = [
    { key: 'show', title: 'Show rate by traffic source', fraction: 'held ÷ resolved', gap: 'no resolved calls', measure: 'resolved' as const },
    { key: 'close', title: 'Close rate by traffic source', fraction: 'closed won ÷ held', gap: 'no held calls', measure: 'held' as const },
  ];
  return (
    <>
      {panels.map((p) => (
        <Panel key={p.key} title={p.title} sub={chart ? `${unitNote} ${p.gap}` : undefined} actions={legend.length ? <ChartLegend series={legend} testId={`legend-${p.key}`} /> : undefined} testId={`chart-panel-${p.key}`}>
          {!chart || !anyResolved ? (
            <EmptyNote testId={`chart-${p.key}-empty`}>{stats.total.metrics.calls === 0 ? 'No calls in this range' : 'No resolved calls in this range yet'}</EmptyNote>
          ) : (
            <LineChart
              label={`${p.title}, ${chart.unit === 'month' ? 'monthly' : chart.unit === 'week' ? 'weekly' : 'daily'}, ${scope.rangeLabel}`}
              unit={chart.unit}
              buckets={chart.buckets}
              series={chart.series.map((s) => ({ key: s.key, label: s.label, color: s.color, points: p.key === 'show' ? s.show : s.close }))}
              fractionLabel={p.fraction}
              testId={`chart-${p.key}`}
              onPick={(b) => openDrill(p.measure, { ...scope, days: { from: b.from, to: b.to }, rangeLabel: bucketTitle(b, chart.unit), presetLabel: bucketTitle(b, chart.unit) })}
            />
          )}
        </Panel>
      ))}
    </>
  );
}
