import { create } from 'zustand';
import type { LeadStatus, LeadType } from '../../../shared/domain/leads';
import type { Segment } from '../../../shared/domain/rfm';

interface LeadsState {
  search: string;
  statuses: LeadStatus[];
  types: LeadType[];
  /** RFM segments of the leads' contacts (the Hot leads view is segments = ['hot']). */
  segments: Segment[];
  total: number | null;
  loading: boolean;
  error: string | null;
  selectedId: string | null;
  newLeadOpen: boolean;
  setSearch(search: string): void;
  toggleStatus(status: LeadStatus): void;
  toggleType(type: LeadType): void;
  toggleSegment(segment: Segment): void;
  setSegments(segments: Segment[]): void;
  clearChips(): void;
  setTotal(total: number | null): void;
  setLoading(loading: boolean, error?: string | null): void;
  select(id: string | null): void;
  setNewLeadOpen(open: boolean): void;
}

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

export const useLeads = create<LeadsState>((set) => ({
  search: '',
  statuses: [],
  types: [],
  segments: [],
  total: null,
  loading: false,
  error: null,
  selectedId: null,
  newLeadOpen: false,
  setSearch: (search) => set({ search }),
  toggleStatus: (status) => set((s) => ({ statuses: toggle(s.statuses, status) })),
  toggleType: (type) => set((s) => ({ types: toggle(s.types, type) })),
  toggleSegment: (segment) => set((s) => ({ segments: toggle(s.segments, segment) })),
  setSegments: (segments) => set({ segments }),
  clearChips: () => set({ statuses: [], types: [], segments: [] }),
  setTotal: (total) => set({ total }),
  setLoading: (loading, error = null) => set({ loading, error }),
  select: (selectedId) => set({ selectedId }),
  setNewLeadOpen: (newLeadOpen) => set({ newLeadOpen }),
}));
