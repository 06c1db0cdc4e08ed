import { useId, type ReactNode } from 'react';
import { Icon } from '../../components/Icon';

export function Panel({ title, sub, actions, children, wide, testId }: { title: string; sub?: ReactNode; actions?: ReactNode; children: ReactNode; wide?: boolean; testId?: string }) {
  const id = useId();
  return (
    <section className={`an-panel ${wide ? 'an-wide' : ''}`} aria-labelledby={id} data-testid={testId}>
      <header className="an-panel-head">
        <div className="an-panel-titles">
          <h2 id={id}>{title}</h2>
          {sub ? <p className="an-panel-sub">{sub}</p> : null}
        </div>
        {actions ? <div className="an-panel-actions">{actions}</div> : null}
      </header>
      <div className="an-panel-body">{children}</div>
    </section>
  );
}

export function ExportButton({ onClick, what, testId, disabled }: { onClick: () => void; what: string; testId?: string; disabled?: boolean }) {
  return (
    <button className="button button-ghost an-export" onClick={onClick} title={`Export ${what} as CSV`} aria-label={`Export ${what} as CSV`} data-testid={testId} disabled={disabled}>
      <Icon name="download" size={13} /> CSV
    </button>
  );
}

export function EmptyNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="an-empty" data-testid={testId}>
      {children}
    </div>
  );
}

/** An ⓘ with an explanation on hover or keyboard focus. */
export function InfoTip({ children, label = 'What does this mean?' }: { children: ReactNode; label?: string }) {
  const id = useId();
  return (
    <span className="an-info">
      <button type="button" className="an-info-trigger" aria-label={label} aria-describedby={id}>
        i
      </button>
      <span role="tooltip" id={id} className="an-info-tip">
        {children}
      </span>
    </span>
  );
}
