import { useEffect } from 'react';
import { CommandPalette } from './components/CommandPalette';
import { Shell } from './components/Shell';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Toasts } from './components/Toasts';
import { NAV } from './lib/commands';
import { useHotkeys } from './lib/hotkeys';
import { AnalyticsScreen } from './screens/analytics/AnalyticsScreen';
import { AppointmentsScreen } from './screens/appointments/AppointmentsScreen';
import { CallsScreen } from './screens/calls/CallsScreen';
import { ContactScreen } from './screens/contact/ContactScreen';
import { ImportScreen } from './screens/imports/ImportScreen';
import { LeadsScreen } from './screens/leads/LeadsScreen';
import { PipelineScreen } from './screens/pipeline/PipelineScreen';
import { ReviewScreen } from './screens/review/ReviewScreen';
import { NotBuilt } from './screens/NotBuilt';
import { SettingsScreen } from './screens/SettingsScreen';
import { SyncScreen } from './screens/sync/SyncScreen';
import { CallForm } from './screens/calls/CallForm';
import { useCalls } from './stores/calls';
import { connectImportEvents } from './stores/imports';
import { connectSessionEvents, useSession } from './stores/session';
import { useUi, type ScreenId } from './stores/ui';

const LATER: Partial<Record<ScreenId, string>> = {};

function Screen({ id }: { id: ScreenId }) {
  if (id === 'leads') return <LeadsScreen />;
  if (id === 'review') return <ReviewScreen />;
  if (id === 'calls') return <CallsScreen />;
  if (id === 'pipeline') return <PipelineScreen />;
  if (id === 'appointments') return <AppointmentsScreen />;
  if (id === 'analytics') return <AnalyticsScreen />;
  if (id === 'settings') return <SettingsScreen />;
  if (id === 'sync') return <SyncScreen />;
  if (id === 'import') return <ImportScreen />;
  if (id === 'contact') return <ContactScreen />;
  const nav = NAV.find((n) => n.id === id)!;
  return <NotBuilt title={nav.label} icon={nav.icon} what={LATER[id] ?? ''} />;
}

export function App() {
  const bootstrap = useSession((s) => s.bootstrap);
  const error = useSession((s) => s.error);
  const job = useSession((s) => s.job);
  const screen = useUi((s) => s.screen);
  const theme = useUi((s) => s.theme);
  const paletteOpen = useUi((s) => s.paletteOpen);
  const shortcutsOpen = useUi((s) => s.shortcutsOpen);
  const callFormOpen = useCalls((s) => s.formOpen);
  const { go, setPalette, setShortcuts, toggleTheme } = useUi.getState();

  useEffect(() => {
    const offs = [connectSessionEvents(), connectImportEvents()];
    void useSession.getState().load();
    return () => offs.forEach((off) => off());
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.body.dataset.agThemeMode = theme;
  }, [theme]);

  useHotkeys([
    { keys: 'mod+k', run: () => setPalette(!useUi.getState().paletteOpen), inInputs: true },
    { keys: '?', run: () => setShortcuts(true) },
    { keys: 'mod+shift+l', run: toggleTheme, inInputs: true },
    { keys: 'c', run: () => useCalls.getState().openForm() },
    ...NAV.map((n) => ({ keys: `g ${n.key}`, run: () => go(n.id) })),
  ]);

  if (!bootstrap) {
    return (
      <div className="boot" role="status">
        <div className="brand-mark large" aria-hidden="true">C</div>
        {error ? (
          <>
            <h1>Convio Console could not start</h1>
            <p className="error-text">{error}</p>
            <button className="button" onClick={() => void useSession.getState().load()}>Try again</button>
          </>
        ) : (
          <>
            <h1>Opening Convio Console…</h1>
            {job ? (
              <>
                <p>{job.message}</p>
                <progress value={job.done} max={job.total ?? undefined} />
              </>
            ) : null}
          </>
        )}
      </div>
    );
  }

  return (
    <>
      <Shell>
        <Screen id={screen} />
      </Shell>
      {paletteOpen ? <CommandPalette /> : null}
      {shortcutsOpen ? <ShortcutsDialog /> : null}
      {callFormOpen ? <CallForm /> : null}
      <Toasts />
    </>
  );
}
