import { useEffect } from 'react';
import { create } from 'zustand';
import type { Member } from '../../../shared/api/app';
import { call } from '../lib/api';

/** Each workspace's members (for owner, rep and filter pickers), fetched once per workspace. */
interface MembersState {
  byWorkspace: Record<string, Member[]>;
  load(workspaceId: string): Promise<Member[]>;
}

const inFlight = new Map<string, Promise<Member[]>>();

export const useMembersStore = create<MembersState>((set, get) => ({
  byWorkspace: {},
  load(workspaceId) {
    const cached = get().byWorkspace[workspaceId];
    if (cached) return Promise.resolve(cached);
    let pending = inFlight.get(workspaceId);
    if (!pending) {
      pending = call('users.list', { workspaceId })
        .catch(() => [] as Member[])
        .then((members) => {
          set((s) => ({ byWorkspace: { ...s.byWorkspace, [workspaceId]: members } }));
          inFlight.delete(workspaceId);
          return members;
        });
      inFlight.set(workspaceId, pending);
    }
    return pending;
  },
}));

const NONE: Member[] = [];

/** The members of a workspace; empty until loaded (or when no workspace is given). */
export function useMembers(workspaceId: string | null | undefined): Member[] {
  const members = useMembersStore((s) => (workspaceId ? s.byWorkspace[workspaceId] : undefined));
  useEffect(() => {
    if (workspaceId) void useMembersStore.getState().load(workspaceId);
  }, [workspaceId]);
  return members ?? NONE;
}
