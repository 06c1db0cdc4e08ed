// What the Appointments screen remembers while the user moves between its tabs and other
// screens: the tab, the calendar's view and reps, the list's query. Per session, not persisted,
// except the tab and calendar view, which a user expects to find as they left them.
import { create } from 'zustand';
import type { APPOINTMENT_QUEUES, APPOINTMENT_SORTS, AppointmentStatus } from '../../../../shared/api/appointments';

export type AppointmentsTab = 'calendar' | 'list' | 'routing';
export type CalendarView = 'day' | 'week';
export type Queue = (typeof APPOINTMENT_QUEUES)[number];
export type SortKey = (typeof APPOINTMENT_SORTS)[number];
/** The list's "when" filter, relative to today in the user's zone. */
export type Period = 'any' | 'today' | 'this_week' | 'next_7' | 'last_30';

export interface ListQuery {
  queue: Queue;
  search: string;
  statuses: AppointmentStatus[];
  repIds: string[];
  period: Period;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
}

export const DEFAULT_LIST: ListQuery = { queue: 'upcoming', search: '', statuses: [], repIds: [], period: 'any', sort: 'scheduledAt', dir: 'asc', page: 0 };

interface AppointmentsUi {
  tab: AppointmentsTab;
  view: CalendarView;
  /** The calendar's day (local midnight, ms): the day shown, or a day of the week shown. */
  day: number;
  /** Reps the calendar shows; empty: the whole team. */
  calendarReps: string[];
  showCancelled: boolean;
  list: ListQuery;
  setTab(tab: AppointmentsTab): void;
  setView(view: CalendarView): void;
  setDay(day: number): void;
  setCalendarReps(ids: string[]): void;
  setShowCancelled(v: boolean): void;
  /** Changing anything but the page goes back to the first page. */
  setList(patch: Partial<ListQuery>): void;
}

const TAB_KEY = 'convio.appointments.tab';
const VIEW_KEY = 'convio.appointments.view';
const stored = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
  const v = localStorage.getItem(key) as T | null;
  return v && allowed.includes(v) ? v : fallback;
};
const today = () => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
};

export const useAppointmentsUi = create<AppointmentsUi>((set) => ({
  tab: stored<AppointmentsTab>(TAB_KEY, ['calendar', 'list', 'routing'], 'calendar'),
  view: stored<CalendarView>(VIEW_KEY, ['day', 'week'], 'week'),
  day: today(),
  calendarReps: [],
  showCancelled: false,
  list: DEFAULT_LIST,
  setTab(tab) {
    localStorage.setItem(TAB_KEY, tab);
    set({ tab });
  },
  setView(view) {
    localStorage.setItem(VIEW_KEY, view);
    set({ view });
  },
  setDay(day) {
    set({ day });
  },
  setCalendarReps(calendarReps) {
    set({ calendarReps });
  },
  setShowCancelled(showCancelled) {
    set({ showCancelled });
  },
  setList(patch) {
    set((s) => ({ list: { ...s.list, ...patch, page: patch.page ?? 0 } }));
  },
}));
