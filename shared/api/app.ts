import { z } from 'zod';
import type { Role } from '../domain/leads';
import { method } from './contract';
import { Empty, Id } from './common';

export interface WorkspaceInfo {
  id: string;
  name: string;
  role: Role;
  isDemo: boolean;
  defaultCountry: string;
  timezone: string;
}

export interface UserInfo {
  id: string;
  displayName: string;
  email: string;
  isDemo: boolean;
}

export interface Bootstrap {
  user: UserInfo;
  workspaces: WorkspaceInfo[];
  currentWorkspaceId: string | null;
  deviceId: string;
  appVersion: string;
  hasDemoData: boolean;
  /** Users the person at this device may act as (demo data only): lets a demo show each role. */
  switchableUsers: (UserInfo & { roles: Record<string, Role> })[];
}

export type SyncState = 'not_configured' | 'offline' | 'online' | 'syncing' | 'error' | 'paused';

export interface AppStatus {
  pendingChanges: number;
  sync: { state: SyncState; lastSyncAt: string | null; message: string | null };
}

export interface Member {
  id: string;
  displayName: string;
  email: string;
  role: Role;
}

export interface DemoRemoval {
  workspaces: number;
  rows: number;
}

export const appApi = {
  'app.bootstrap': method(Empty).returns<Bootstrap>(),
  'app.status': method(Empty).returns<AppStatus>(),
  'session.switchWorkspace': method(z.object({ workspaceId: Id }).strict()).returns<Bootstrap>(),
  'session.switchUser': method(z.object({ userId: Id }).strict()).returns<Bootstrap>(),
  'users.list': method(z.object({ workspaceId: Id }).strict()).returns<Member[]>(),
  'demo.remove': method(Empty).returns<DemoRemoval>(),
};
