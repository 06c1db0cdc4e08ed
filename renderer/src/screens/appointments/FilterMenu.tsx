// A chip that opens a checklist (reps, statuses): nothing ticked means "any".
import { useRef, useState } from 'react';
import { Icon } from '../../components/Icon';
import { useDismiss } from '../../lib/use-dismiss';

export interface FilterOption {
  value: string;
  label: string;
  hint?: string;
}

export function FilterMenu({ label, anyLabel = 'Any', options, selected, onChange, testId, align = 'left' }: { label: string; anyLabel?: string; options: readonly FilterOption[]; selected: readonly string[]; onChange: (next: string[]) => void; testId: string; align?: 'left' | 'right' }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  const names = selected.map((v) => options.find((o) => o.value === v)?.label ?? v);
  const summary = selected.length === 0 ? anyLabel : selected.length === 1 ? names[0] : `${selected.length} selected`;
  const toggle = (v: string) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return (
    <div
      className="chip-menu"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button className={`chip ${selected.length ? 'chip-active' : ''}`} aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)} data-testid={testId}>
        <span className="chip-label">{label}</span>
        <span className="chip-summary">{summary}</span>
        <Icon name="chevron" size={12} />
      </button>
      {open ? (
        <div className={`menu menu-scroll filter-menu ${align === 'right' ? 'menu-right' : ''}`} role="menu" aria-label={label}>
          {options.map((o) => (
            <label key={o.value} className="menu-item" role="menuitemcheckbox" aria-checked={selected.includes(o.value)}>
              <input type="checkbox" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} />
              <span>{o.label}</span>
              {o.hint ? <span className="muted small menu-hint">{o.hint}</span> : null}
            </label>
          ))}
          {selected.length ? (
            <>
              <div className="menu-sep" />
              <button className="menu-item link-button" onClick={() => onChange([])}>Clear ({anyLabel.toLowerCase()})</button>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
