import { create } from 'zustand';
import type { CrmStage } from '../../../shared/domain/crm-stage';

/** A filter the Calls screen opens with (the analytics drill-down sets it). */
export interface CallsDrill {
  label: string;
  /** The workspace the figure came from; the Calls screen switches to it. */
  workspaceId?: string;
  days?: { from?: string; to?: string };
  trafficSource?: string;
  crmStages?: CrmStage[];
  repUserId?: string | null;
}

export interface CallFormPrefill {
  contactId?: string;
  contactLabel?: string;
  leadId?: string;
}

interface CallsState {
  drill: CallsDrill | null;
  selectedId: string | null;
  formOpen: boolean;
  prefill: CallFormPrefill | null;
  setDrill(drill: CallsDrill | null): void;
  select(id: string | null): void;
  openForm(prefill?: CallFormPrefill): void;
  closeForm(): void;
}

export const useCalls = create<CallsState>((set) => ({
  drill: null,
  selectedId: null,
  formOpen: false,
  prefill: null,
  setDrill: (drill) => set({ drill }),
  select: (selectedId) => set({ selectedId }),
  openForm: (prefill) => set({ formOpen: true, prefill: prefill ?? null }),
  closeForm: () => set({ formOpen: false, prefill: null }),
}));
