// The dashboard's filters: date range presets (days in the workspace's time zone), custom days,
// the workspace scope, and the rep (managers and admins only).
import { useEffect, useState } from 'react';
import type { Member, WorkspaceInfo } from '../../../../shared/api/app';
import { Icon } from '../../components/Icon';
import { call } from '../../lib/api';
import { useAnalyticsFilters } from './analytics-store';
import { customRangeProblem, presetDays, RANGE_PRESETS } from './range';

export function RangePicker({ today }: { today: string }) {
  const preset = useAnalyticsFilters((s) => s.preset);
  const custom = useAnalyticsFilters((s) => s.custom);
  const { setPreset, setCustom } = useAnalyticsFilters.getState();
  const problem = customRangeProblem(custom);
  const choose = (id: (typeof RANGE_PRESETS)[number]['id']) => {
    // Custom starts from whatever range was showing, so it is a tweak rather than a blank form.
    if (id === 'custom' && !custom.from && !custom.to) {
      const days = presetDays(preset, today, custom);
      setCustom({ from: days.from ?? '', to: days.to ?? today });
    } else setPreset(id);
  };
  return (
    <div className="an-range">
      <div className="segmented an-presets" role="group" aria-label="Date range">
        {RANGE_PRESETS.map((p) => (
          <button key={p.id} type="button" className={preset === p.id ? 'active' : ''} aria-pressed={preset === p.id} title={p.long} onClick={() => choose(p.id)} data-testid={`range-${p.id}`}>
            {p.label}
          </button>
        ))}
      </div>
      {preset === 'custom' ? (
        <div className="an-custom">
          <input type="date" aria-label="From" value={custom.from} max={custom.to || undefined} onChange={(e) => setCustom({ ...custom, from: e.target.value })} className={problem ? 'an-invalid' : undefined} aria-invalid={Boolean(problem)} />
          <span className="muted">to</span>
          <input type="date" aria-label="To" value={custom.to} min={custom.from || undefined} onChange={(e) => setCustom({ ...custom, to: e.target.value })} className={problem ? 'an-invalid' : undefined} aria-invalid={Boolean(problem)} />
        </div>
      ) : null}
    </div>
  );
}

/** Members of every workspace in scope, by name (for the rep filter). */
export function useMembers(workspaceIds: string[], enabled: boolean): Member[] {
  const [members, setMembers] = useState<Member[]>([]);
  const key = workspaceIds.join(',');
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    Promise.all(workspaceIds.map((workspaceId) => call('users.list', { workspaceId }))).then(
      (lists) => {
        const byId = new Map<string, Member>();
        for (const m of lists.flat()) if (!byId.has(m.id)) byId.set(m.id, m);
        if (live) setMembers([...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)));
      },
      () => live && setMembers([]),
    );
    return () => {
      live = false;
    };
    // `key` stands for the ids.
  }, [key, enabled]);
  return members;
}

export function RepPicker({ members }: { members: Member[] }) {
  const repUserId = useAnalyticsFilters((s) => s.repUserId);
  const setRep = useAnalyticsFilters((s) => s.setRep);
  const reps = members.filter((m) => m.role === 'sdr');
  const others = members.filter((m) => m.role !== 'sdr');
  return (
    <label className={`an-select ${repUserId ? 'an-select-active' : ''}`}>
      <span className="an-select-label">Rep</span>
      <select aria-label="Rep" value={repUserId ?? ''} onChange={(e) => setRep(e.target.value || null)} data-testid="rep-filter">
        <option value="">Everyone</option>
        {reps.length ? (
          <optgroup label="Reps">
            {reps.map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
              </option>
            ))}
          </optgroup>
        ) : null}
        {others.length ? (
          <optgroup label="Managers and admins">
            {others.map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      <Icon name="chevron" size={12} className="an-select-chevron" />
    </label>
  );
}

export function WorkspacePicker({ workspaces, current }: { workspaces: WorkspaceInfo[]; current: WorkspaceInfo }) {
  const scope = useAnalyticsFilters((s) => s.scope);
  const setScope = useAnalyticsFilters((s) => s.setScope);
  if (workspaces.length < 2) return null;
  return (
    <label className={`an-select ${scope === 'all' ? 'an-select-active' : ''}`}>
      <span className="an-select-label">Workspace</span>
      <select aria-label="Workspaces" value={scope} onChange={(e) => setScope(e.target.value === 'all' ? 'all' : 'current')} data-testid="workspace-filter">
        <option value="current">{current.name}</option>
        <option value="all">All my workspaces ({workspaces.length})</option>
      </select>
      <Icon name="chevron" size={12} className="an-select-chevron" />
    </label>
  );
}
