import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';

/** A modal dialog: traps focus inside, closes on Escape and on a backdrop click. */
export function Dialog({ title, onClose, children, footer, width = 520, labelledBy }: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; width?: number; labelledBy?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Read during the first render, before a field inside can focus itself: where focus returns on close.
  const previousRef = useRef<HTMLElement | null>(document.activeElement as HTMLElement | null);
  useEffect(() => {
    const previous = previousRef.current;
    // A field that focused itself (autoFocus) keeps focus; otherwise the first field, then a button.
    if (!ref.current?.contains(document.activeElement)) {
      const body = ref.current?.querySelector('.dialog-body');
      const first =
        body?.querySelector<HTMLElement>('[data-autofocus]') ??
        body?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])') ??
        ref.current?.querySelector<HTMLElement>('.dialog-foot button, button');
      first?.focus();
    }
    return () => previous?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>('input, select, textarea, button, [tabindex]:not([tabindex="-1"])')].filter((el) => !el.hasAttribute('disabled'));
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  const titleId = labelledBy ?? `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} style={{ width }} onKeyDown={onKeyDown}>
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button className="icon-button" onClick={onClose} aria-label="Close">
            <Icon name="close" />
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer ? <footer className="dialog-foot">{footer}</footer> : null}
      </div>
    </div>
  );
}
