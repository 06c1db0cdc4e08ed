// Appointments (Step 6): this week's figures, then three tabs: the team's calendar, the list with
// its queues, and the routing setup. Any appointment opens in the detail drawer. 1 / 2 / 3 switch
// tabs; each tab names its own keys.
import { useCallback, useEffect, useState } from 'react';
import type { RoutingConfigView } from '../../../../shared/api/routing';
import { screenCommands } from '../../components/CommandPalette';
import { call } from '../../lib/api';
import { useHotkeys } from '../../lib/hotkeys';
import { useMembers } from '../../stores/members';
import { currentWorkspace, useSession } from '../../stores/session';
import { AppointmentDrawer } from './AppointmentDrawer';
import { AppointmentsList } from './AppointmentsList';
import { localizeMessage } from './appointment-format';
import { DEFAULT_LIST, useAppointmentsUi, type AppointmentsTab, type ListQuery } from './appointments-store';
import { CalendarView } from './CalendarView';
import { RoutingTab } from './RoutingTab';
import { SummaryStrip } from './SummaryStrip';

const TABS: { key: AppointmentsTab; label: string; hotkey: string }[] = [
  { key: 'calendar', label: 'Calendar', hotkey: '1' },
  { key: 'list', label: 'List', hotkey: '2' },
  { key: 'routing', label: 'Routing', hotkey: '3' },
];

export function AppointmentsScreen() {
  const workspace = useSession(currentWorkspace);
  const dataVersion = useSession((s) => s.dataVersion);
  const members = useMembers(workspace?.id);
  const tab = useAppointmentsUi((s) => s.tab);
  const setTab = useAppointmentsUi((s) => s.setTab);
  const [openId, setOpenId] = useState<string | null>(null);
  const [config, setConfig] = useState<RoutingConfigView | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const workspaceId = workspace?.id ?? null;

  const loadConfig = useCallback(async () => {
    if (!workspaceId) return;
    try {
      setConfig(await call('routing.config', { workspaceId }));
      setConfigError(null);
    } catch (err) {
      setConfigError(localizeMessage((err as Error).message));
    }
  }, [workspaceId]);

  useEffect(() => {
    void loadConfig();
  }, [loadConfig, dataVersion]);
  // Another workspace: another setup and other appointments.
  useEffect(() => {
    setConfig(null);
    setOpenId(null);
  }, [workspaceId]);

  useHotkeys(TABS.map((t) => ({ keys: t.hotkey, run: () => setTab(t.key) })));
  useEffect(() => {
    screenCommands.set(
      'appointments',
      TABS.map((t) => ({ id: `appointments-${t.key}`, title: `Appointments: ${t.label}`, section: 'Appointments', icon: 'appointments' as const, keys: t.hotkey, run: () => setTab(t.key) })),
    );
    return () => void screenCommands.delete('appointments');
  }, [setTab]);

  if (!workspace) return null;
  const pick = (q: Partial<ListQuery>) => {
    useAppointmentsUi.getState().setList({ ...DEFAULT_LIST, ...q });
    setTab('list');
  };
  const drawerOpen = openId !== null;
  return (
    <section className={`screen screen-appointments ${drawerOpen && tab === 'list' ? 'with-drawer' : ''}`} aria-label="Appointments" data-testid="appointments-screen">
      <header className="screen-head">
        <div className="screen-title">
          <h1>Appointments</h1>
          <span className="muted small">{workspace.name}</span>
        </div>
        <div className="segmented appt-tabs" role="tablist" aria-label="Appointments views"
          onKeyDown={(e) => {
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            e.preventDefault();
            e.stopPropagation();
            const i = TABS.findIndex((t) => t.key === tab);
            const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
            setTab(next.key);
            e.currentTarget.querySelector<HTMLButtonElement>(`[data-testid="tab-${next.key}"]`)?.focus();
          }}
        >
          {TABS.map((t) => (
            <button key={t.key} role="tab" aria-selected={tab === t.key} tabIndex={tab === t.key ? 0 : -1} className={tab === t.key ? 'active' : ''} onClick={() => setTab(t.key)} data-testid={`tab-${t.key}`} title={`${t.label} (${t.hotkey})`}>
              {t.label} <kbd>{t.hotkey}</kbd>
            </button>
          ))}
        </div>
      </header>
      <SummaryStrip workspaceId={workspace.id} dataVersion={dataVersion} onPick={pick} />
      <div className="appt-body" role="tabpanel" aria-label={TABS.find((t) => t.key === tab)!.label}>
        {tab === 'calendar' ? <CalendarView workspaceId={workspace.id} config={config} dataVersion={dataVersion} onOpen={setOpenId} keysEnabled={!drawerOpen} /> : null}
        {tab === 'list' ? <AppointmentsList workspaceId={workspace.id} members={members} dataVersion={dataVersion} onOpen={setOpenId} openId={openId} keysEnabled /> : null}
        {tab === 'routing' ? <RoutingTab config={config} onConfig={setConfig} error={configError} /> : null}
      </div>
      {openId ? <AppointmentDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </section>
  );
}
