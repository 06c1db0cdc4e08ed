import { create } from 'zustand';

export type Theme = 'light' | 'dark';
export type ScreenId = 'leads' | 'review' | 'calls' | 'pipeline' | 'appointments' | 'analytics' | 'import' | 'sync' | 'settings' | 'contact';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  message: string;
  action?: { label: string; run: () => void };
}

interface UiState {
  theme: Theme;
  screen: ScreenId;
  /** The contact the Contact screen shows (#/contact/<id>). */
  contactId: string | null;
  paletteOpen: boolean;
  shortcutsOpen: boolean;
  toasts: Toast[];
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  go(screen: ScreenId): void;
  setPalette(open: boolean): void;
  setShortcuts(open: boolean): void;
  toast(message: string, kind?: Toast['kind'], action?: Toast['action']): void;
  dismiss(id: number): void;
}

const THEME_KEY = 'convio.theme';
const SCREENS: ScreenId[] = ['leads', 'review', 'calls', 'pipeline', 'appointments', 'analytics', 'import', 'sync', 'settings', 'contact'];

function initialTheme(): Theme {
  const stored = localStorage.getItem(THEME_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] as ScreenId;
  return SCREENS.includes(id) ? id : 'leads';
}

/** The contact id in "#/contact/<id>", if any. */
export function contactIdFromHash(hash: string): string | null {
  const m = /^#\/?contact\/([0-9a-f-]{36})/.exec(hash);
  return m ? m[1]! : null;
}

let toastSeq = 0;

export const useUi = create<UiState>((set, get) => ({
  theme: initialTheme(),
  screen: screenFromHash(window.location.hash),
  contactId: contactIdFromHash(window.location.hash),
  paletteOpen: false,
  shortcutsOpen: false,
  toasts: [],
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  toggleTheme() {
    get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },
  go(screen) {
    if (window.location.hash !== `#/${screen}`) window.location.hash = `#/${screen}`;
    set({ screen, paletteOpen: false });
  },
  setPalette(paletteOpen) {
    set({ paletteOpen });
  },
  setShortcuts(shortcutsOpen) {
    set({ shortcutsOpen });
  },
  toast(message, kind = 'info', action) {
    const id = ++toastSeq;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, message, ...(action ? { action } : {}) }] }));
    setTimeout(() => get().dismiss(id), kind === 'error' ? 8000 : action ? 7000 : 4000);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

window.addEventListener('hashchange', () => useUi.setState({ screen: screenFromHash(window.location.hash), contactId: contactIdFromHash(window.location.hash) ?? useUi.getState().contactId }));

/** Shows one contact's page (Contact 360); its id goes in the address so back and reload keep it. */
export function openContact(id: string): void {
  window.location.hash = `#/contact/${id}`;
  useUi.setState({ screen: 'contact', contactId: id, paletteOpen: false });
}
