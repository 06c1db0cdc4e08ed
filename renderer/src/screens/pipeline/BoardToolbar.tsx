import type { Member } from '../../../../shared/api/app';
import type { TrafficSourceDef } from '../../../../shared/domain/traffic-source';
import { Icon } from '../../components/Icon';
import { RANGE_OPTIONS, type RangePreset } from './date-range';

const ROLE_SUFFIX = { sdr: '', manager: ' (manager)', admin: ' (admin)' } as const;

interface Props {
  range: RangePreset;
  repUserId: string | null;
  trafficSource: string | null;
  members: Member[];
  sources: readonly TrafficSourceDef[];
  filtered: boolean;
  refreshing: boolean;
  onRange(range: RangePreset): void;
  onRep(repUserId: string | null): void;
  onSource(trafficSource: string | null): void;
  onClear(): void;
  onRefresh(): void;
}

/** A native select dressed as a filter chip: solid and tinted once it filters. */
function ChipSelect({ label, value, onChange, children, testId }: { label: string; value: string; onChange: (v: string) => void; children: React.ReactNode; testId: string }) {
  return (
    <label className={`chip chip-select${value ? ' chip-active' : ''}`}>
      <span className="chip-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={`Filter by ${label.toLowerCase()}`} data-testid={testId}>
        {children}
      </select>
      <Icon name="chevron" size={12} />
    </label>
  );
}

export function BoardToolbar(p: Props) {
  return (
    <div className="toolbar board-toolbar">
      <div className="segmented board-range" role="group" aria-label="Date range" data-testid="board-range">
        {RANGE_OPTIONS.map((o) => (
          <button key={o.id} className={p.range === o.id ? 'active' : ''} aria-pressed={p.range === o.id} title={o.days ? `${o.label} and everything scheduled after` : 'Every call in the workspace'} onClick={() => p.onRange(o.id)}>
            {o.short}
          </button>
        ))}
      </div>
      <ChipSelect label="Rep" value={p.repUserId ?? ''} onChange={(v) => p.onRep(v || null)} testId="board-rep">
        <option value="">Anyone</option>
        {p.members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.displayName}
            {ROLE_SUFFIX[m.role]}
          </option>
        ))}
      </ChipSelect>
      <ChipSelect label="Source" value={p.trafficSource ?? ''} onChange={(v) => p.onSource(v || null)} testId="board-source">
        <option value="">Any</option>
        {p.sources.map((s) => (
          <option key={s.key} value={s.key}>
            {s.label}
          </option>
        ))}
      </ChipSelect>
      {p.filtered ? (
        <button className="button button-ghost" onClick={p.onClear}>
          Clear
        </button>
      ) : null}
      <span className="board-hint" aria-hidden="true" title="On a focused card (Tab to the board, arrow keys between cards): Shift+← / Shift+→ moves it one stage, 1–6 to that stage, Enter opens it">
        <kbd>⇧ ← →</kbd>
        <kbd>1–6</kbd> move
        <span className="sep">·</span>
        <kbd>↵</kbd> open
      </span>
      <span className="visually-hidden" id="board-keys-hint">
        Arrow keys move between cards. Shift with the left or right arrow moves the call to the previous or next stage; keys 1 to 6 move it to that stage. Enter opens it.
      </span>
      <button className={`icon-button${p.refreshing ? ' is-spinning' : ''}`} onClick={p.onRefresh} aria-label="Refresh board" title="Refresh board">
        <Icon name="sync" />
      </button>
    </div>
  );
}
