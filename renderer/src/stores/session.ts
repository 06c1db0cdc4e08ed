import { create } from 'zustand';
import type { AppStatus, Bootstrap, WorkspaceInfo } from '../../../shared/api/app';
import type { JobProgress } from '../../../shared/api/events';
import { call, subscribe } from '../lib/api';

interface SessionState {
  bootstrap: Bootstrap | null;
  status: AppStatus | null;
  online: boolean;
  job: JobProgress | null;
  error: string | null;
  /** Bumped whenever the backend says data changed, so views refetch. */
  dataVersion: number;
  load(): Promise<void>;
  switchWorkspace(workspaceId: string): Promise<void>;
  switchUser(userId: string): Promise<void>;
  refreshStatus(): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => ({
  bootstrap: null,
  status: null,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  job: null,
  error: null,
  dataVersion: 0,
  async load() {
    try {
      const [bootstrap, status] = await Promise.all([call('app.bootstrap', {}), call('app.status', {})]);
      set({ bootstrap, status, error: null });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
  async switchWorkspace(workspaceId) {
    const bootstrap = await call('session.switchWorkspace', { workspaceId });
    set({ bootstrap });
  },
  async switchUser(userId) {
    const bootstrap = await call('session.switchUser', { userId });
    set((s) => ({ bootstrap, dataVersion: s.dataVersion + 1 }));
  },
  async refreshStatus() {
    set({ status: await call('app.status', {}) });
    void get;
  },
}));

export function currentWorkspace(state: Pick<SessionState, 'bootstrap'>): WorkspaceInfo | null {
  const b = state.bootstrap;
  if (!b) return null;
  return b.workspaces.find((w) => w.id === b.currentWorkspaceId) ?? null;
}

/** Wires backend events into the store once at start-up. */
export function connectSessionEvents(): () => void {
  const offs = [
    subscribe('app.status', (status) => useSession.setState({ status })),
    subscribe('job.progress', (job) => useSession.setState({ job: job.finished ? null : job })),
    subscribe('data.changed', ({ tables }) => {
      useSession.setState((s) => ({ dataVersion: s.dataVersion + 1 }));
      // Sync brought a new identity, workspaces or roles: the shell and its navigation follow.
      if (tables.some((t) => t === 'users' || t === 'workspaces' || t === 'workspace_memberships')) void useSession.getState().load();
    }),
  ];
  const online = () => useSession.setState({ online: true });
  const offline = () => useSession.setState({ online: false });
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  return () => {
    offs.forEach((off) => off());
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
  };
}
