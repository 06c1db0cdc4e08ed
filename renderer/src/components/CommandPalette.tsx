import { useMemo, useState } from 'react';
import { NAV } from '../lib/commands';
import { shortcutLabel } from '../lib/hotkeys';
import { useCalls } from '../stores/calls';
import { currentWorkspace, useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { Icon, type IconName } from './Icon';

export interface PaletteCommand {
  id: string;
  title: string;
  section: string;
  icon: IconName;
  keys?: string;
  run: () => void;
}

/** Extra commands screens add while they are open (e.g. "New lead" on Leads). */
export const screenCommands = new Map<string, PaletteCommand[]>();

function score(title: string, query: string): number {
  const t = title.toLowerCase();
  const q = query.toLowerCase().trim();
  if (q === '') return 1;
  if (t.startsWith(q)) return 3;
  if (t.includes(q)) return 2;
  // Subsequence match: "nwl" finds "New lead".
  let i = 0;
  for (const ch of t) if (ch === q[i]) i++;
  return i === q.length ? 1 : 0;
}

export function CommandPalette() {
  const close = () => useUi.getState().setPalette(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const bootstrap = useSession((s) => s.bootstrap);
  const workspace = useSession(currentWorkspace);
  const { go, toggleTheme, setShortcuts } = useUi.getState();

  const commands = useMemo<PaletteCommand[]>(() => {
    const list: PaletteCommand[] = [];
    for (const cmds of screenCommands.values()) list.push(...cmds);
    for (const n of NAV) {
      if (n.role === 'admin' && workspace?.role !== 'admin') continue;
      list.push({ id: `go-${n.id}`, title: `Go to ${n.label}`, section: 'Navigate', icon: n.icon, keys: `g ${n.key}`, run: () => go(n.id) });
    }
    for (const w of bootstrap?.workspaces ?? []) {
      if (w.id === workspace?.id) continue;
      list.push({ id: `ws-${w.id}`, title: `Switch to ${w.name}`, section: 'Workspace', icon: 'leads', run: () => void useSession.getState().switchWorkspace(w.id) });
    }
    list.push({ id: 'log-call', title: 'Log a call', section: 'Calls', icon: 'calls', keys: 'c', run: () => useCalls.getState().openForm() });
    list.push({ id: 'theme', title: 'Switch light / dark theme', section: 'View', icon: 'moon', keys: 'mod+shift+l', run: toggleTheme });
    list.push({ id: 'shortcuts', title: 'Show keyboard shortcuts', section: 'Help', icon: 'keyboard', keys: '?', run: () => setShortcuts(true) });
    return list;
  }, [bootstrap, workspace, go, toggleTheme, setShortcuts]);

  const matches = commands
    .map((c) => ({ c, s: score(c.title, query) }))
    .filter((m) => m.s > 0)
    .sort((a, b) => b.s - a.s)
    .map((m) => m.c);
  const pick = (c: PaletteCommand | undefined) => {
    if (!c) return;
    close();
    c.run();
  };

  return (
    <div className="backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <div className="palette-input">
          <Icon name="search" />
          <input
            autoFocus
            placeholder="Type a command or search…"
            value={query}
            aria-label="Command"
            aria-controls="palette-list"
            aria-activedescendant={matches[active] ? `cmd-${matches[active]!.id}` : undefined}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive((a) => Math.min(a + 1, matches.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((a) => Math.max(a - 1, 0));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                pick(matches[active]);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                close();
              }
            }}
          />
        </div>
        <ul className="palette-list" id="palette-list" role="listbox">
          {matches.length === 0 ? <li className="palette-empty">No command matches “{query}”.</li> : null}
          {matches.map((c, i) => (
            <li
              key={c.id}
              id={`cmd-${c.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(c)}
            >
              <Icon name={c.icon} />
              <span className="palette-title">{c.title}</span>
              <span className="palette-section">{c.section}</span>
              {c.keys ? <kbd>{shortcutLabel(c.keys)}</kbd> : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
