import type { ReactNode } from 'react';
import { roleAtLeast } from '../../../shared/domain/leads';
import { NAV } from '../lib/commands';
import { initials } from '../lib/format';
import { isMac, shortcutLabel } from '../lib/hotkeys';
import { currentWorkspace, useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { Icon } from './Icon';

const ROLE_LABEL = { sdr: 'SDR', manager: 'Manager', admin: 'Admin' } as const;

function WorkspaceSwitcher() {
  const bootstrap = useSession((s) => s.bootstrap);
  const workspace = useSession(currentWorkspace);
  const switchWorkspace = useSession((s) => s.switchWorkspace);
  if (!bootstrap) return null;
  return (
    <label className="workspace-switcher">
      <span className="ws-avatar" aria-hidden="true">
        {initials(workspace?.name.replace(' (demo)', '') ?? '?')}
      </span>
      <select
        aria-label="Workspace"
        value={workspace?.id ?? ''}
        onChange={(e) => void switchWorkspace(e.target.value)}
      >
        {bootstrap.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      <Icon name="chevron" size={12} className="ws-chevron" />
    </label>
  );
}

export function SyncIndicator() {
  const status = useSession((s) => s.status);
  const online = useSession((s) => s.online);
  const pending = status?.pendingChanges ?? 0;
  const state = status?.sync.state ?? 'not_configured';
  // A background run every few seconds keeps the label steady ("Synced") and just turns the icon.
  const synced = !!status?.sync.lastSyncAt;
  const label = !online
    ? 'Offline'
    : state === 'not_configured'
      ? 'Local only'
      : state === 'online' || (state === 'syncing' && synced)
        ? 'Synced'
        : state === 'syncing'
          ? 'Syncing…'
          : state === 'error'
            ? 'Sync error'
            : state === 'paused'
              ? 'Sync paused'
              : 'Offline';
  const tone = !online || state === 'error' || state === 'offline' ? 'warn' : state === 'online' || (state === 'syncing' && synced) ? 'ok' : 'muted';
  const title = `${status?.sync.message ?? ''}${pending ? ` · ${pending.toLocaleString()} change${pending === 1 ? '' : 's'} saved on this device, waiting to sync` : ' · nothing waiting to sync'}`;
  return (
    <button className={`sync-indicator tone-${tone}`} title={title} aria-label={`${label}. ${title}`} onClick={() => useUi.getState().go('sync')} data-testid="sync-indicator">
      <Icon name={!online || state === 'offline' ? 'cloudOff' : 'sync'} size={14} className={state === 'syncing' ? 'spin' : undefined} />
      <span>{label}</span>
      <span className="pending-count" data-testid="pending-count">
        {pending.toLocaleString()} pending
      </span>
    </button>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const screen = useUi((s) => s.screen);
  const theme = useUi((s) => s.theme);
  const bootstrap = useSession((s) => s.bootstrap);
  const workspace = useSession(currentWorkspace);
  const job = useSession((s) => s.job);
  const role = workspace?.role ?? 'sdr';
  const { go, setPalette, toggleTheme } = useUi.getState();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">C</span>
          <span>Convio Console</span>
        </div>
        <WorkspaceSwitcher />
        <ul className="nav">
          {NAV.filter((n) => !n.role || roleAtLeast(role, n.role)).map((n) => (
            <li key={n.id}>
              <a href={`#/${n.id}`} className={screen === n.id ? 'active' : ''} aria-current={screen === n.id ? 'page' : undefined} onClick={(e) => { e.preventDefault(); go(n.id); }}>
                <Icon name={n.icon} />
                <span>{n.label}</span>
                <kbd className="nav-key" title={`Press G then ${n.key.toUpperCase()}`}>G {n.key.toUpperCase()}</kbd>
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {workspace?.isDemo ? <span className="demo-badge" title="This workspace holds generated demo data. Settings can remove it.">Demo data</span> : null}
          <span className="muted small">v{bootstrap?.appVersion}</span>
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <button className="palette-trigger" onClick={() => setPalette(true)} aria-label="Open command palette">
            <Icon name="search" size={14} />
            <span>Search or jump to…</span>
            <kbd>{shortcutLabel('mod+k')}</kbd>
          </button>
          <div className="topbar-right">
            {job ? (
              <div className="job-progress" role="progressbar" aria-valuenow={job.done} aria-valuemax={job.total ?? undefined} aria-label={job.message ?? job.phase}>
                <span>{job.message ?? job.phase}</span>
                <progress value={job.done} max={job.total ?? undefined} />
              </div>
            ) : null}
            <SyncIndicator />
            <button className="icon-button" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} title={`Theme (${isMac ? '⌘⇧L' : 'Ctrl+Shift+L'})`}>
              <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
            </button>
            <div className="user-chip" title={bootstrap?.user.email}>
              <span className="avatar" aria-hidden="true">{initials(bootstrap?.user.displayName ?? '')}</span>
              <span className="user-name">{bootstrap?.user.displayName}</span>
              <span className={`role-badge role-${role}`} data-testid="current-role">{ROLE_LABEL[role]}</span>
            </div>
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
