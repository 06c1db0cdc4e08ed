import { useEffect, useId, useRef, useState } from 'react';
import type { ContactMatch } from '../../../../shared/api/contacts';
import { call } from '../../lib/api';
import { formatPhone } from '../../lib/format';

export interface PickedContact {
  id: string;
  label: string;
}

export interface NewContactDraft {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
}

/** Guess which field a look-up query was: a phone, an email, or a name. */
export function draftFromQuery(query: string): NewContactDraft {
  const q = query.trim();
  if (/^[\d\s().+-]{7,}$/.test(q)) return { firstName: '', lastName: '', phone: q, email: '' };
  if (q.includes('@')) return { firstName: '', lastName: '', phone: '', email: q };
  const [first = '', ...rest] = q.split(/\s+/);
  return { firstName: first, lastName: rest.join(' '), phone: '', email: '' };
}

/**
 * Contact look-up as you type: name, phone in any format, email or 6-digit code. Arrow keys and
 * Enter pick; the last option creates a new contact from what was typed.
 */
export function ContactPicker({ workspaceId, value, onPick, onCreate, error, autoFocus }: { workspaceId: string; value: PickedContact | null; onPick: (c: PickedContact | null) => void; onCreate: (draft: NewContactDraft) => void; error?: string | undefined; autoFocus?: boolean }) {
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<ContactMatch[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  // Until the look-up answers, Enter must not fall through to "new contact" for someone who exists.
  const [searching, setSearching] = useState(false);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // Closing on blur waits a moment (so a click on an option lands); coming back cancels it.
  const blurTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(blurTimer.current), []);

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setMatches([]);
      setSearching(false);
      return;
    }
    let stale = false;
    setSearching(true);
    const t = setTimeout(() => {
      call('contacts.search', { workspaceId, query: q, limit: 8 })
        .then((m) => !stale && (setMatches(m), setActive(0)))
        .catch(() => !stale && setMatches([]))
        .finally(() => !stale && setSearching(false));
    }, 120);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [query, workspaceId]);

  if (value) {
    return (
      <div className={`picked ${error ? 'field-invalid' : ''}`}>
        <span className="picked-label" data-testid="picked-contact">{value.label}</span>
        <button type="button" className="link-button" onClick={() => { onPick(null); setTimeout(() => inputRef.current?.focus(), 0); }}>
          Change
        </button>
      </div>
    );
  }

  const options = searching ? [] : [...matches.map((m) => ({ kind: 'match' as const, m })), ...(query.trim() ? [{ kind: 'create' as const }] : [])];
  const choose = (i: number) => {
    const o = options[i];
    if (!o) return;
    if (o.kind === 'create') onCreate(draftFromQuery(query));
    else onPick({ id: o.m.id, label: `${`${o.m.firstName} ${o.m.lastName}`.trim() || o.m.email || o.m.phone} · ${o.m.contactCode}` });
    setOpen(false);
  };

  return (
    <div className="combo">
      <input
        ref={inputRef}
        autoFocus={autoFocus}
        role="combobox"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        aria-label="Contact"
        aria-invalid={Boolean(error)}
        placeholder="Name, phone, email or code"
        value={query}
        onChange={(e) => {
          clearTimeout(blurTimer.current);
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => {
          clearTimeout(blurTimer.current);
          setOpen(true);
        }}
        onBlur={() => {
          blurTimer.current = setTimeout(() => setOpen(false), 150);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && !(e.metaKey || e.ctrlKey) && (searching || (open && options.length > 0))) {
            e.preventDefault();
            if (!searching) choose(active);
          } else if (e.key === 'Escape' && open) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
        data-testid="contact-search"
      />
      {open && searching ? <div className="combo-list combo-searching muted small" role="status">Searching…</div> : null}
      {open && options.length > 0 ? (
        <ul className="combo-list" role="listbox" id={listId}>
          {options.map((o, i) => (
            <li key={o.kind === 'match' ? o.m.id : 'create'} id={`${listId}-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(i)} onMouseEnter={() => setActive(i)}>
              {o.kind === 'match' ? (
                <>
                  <span className="combo-main">{`${o.m.firstName} ${o.m.lastName}`.trim() || o.m.email}</span>
                  <span className="mono muted small">{o.m.contactCode}</span>
                  <span className="muted small combo-aside">{o.m.phone ? formatPhone(o.m.phone) : o.m.email}</span>
                </>
              ) : (
                <span className="combo-create">+ New contact “{query.trim()}”</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
