import { useEffect, useRef } from 'react';
import { screenCommands } from '../../components/CommandPalette';
import { RANGE_OPTIONS } from './date-range';
import { usePipelineFilters } from './pipeline-filters';

/** The board's palette commands, registered while the screen is open. */
export function usePipelineCommands(refresh: () => void, focusBoard: () => void): void {
  const actions = useRef({ refresh, focusBoard });
  actions.current = { refresh, focusBoard };
  useEffect(() => {
    const filters = usePipelineFilters.getState();
    screenCommands.set('pipeline', [
      { id: 'pipeline-refresh', title: 'Refresh board', section: 'Pipeline', icon: 'sync', run: () => actions.current.refresh() },
      // After the palette has closed and handed focus back.
      { id: 'pipeline-focus', title: 'Focus the pipeline board', section: 'Pipeline', icon: 'pipeline', run: () => setTimeout(() => actions.current.focusBoard(), 0) },
      ...RANGE_OPTIONS.map((o) => ({ id: `pipeline-range-${o.id}`, title: `Pipeline: ${o.label.toLowerCase()}`, section: 'Pipeline', icon: 'filter' as const, run: () => filters.setRange(o.id) })),
      { id: 'pipeline-clear', title: 'Clear pipeline filters', section: 'Pipeline', icon: 'filter', run: () => filters.clear() },
    ]);
    return () => void screenCommands.delete('pipeline');
  }, []);
}
