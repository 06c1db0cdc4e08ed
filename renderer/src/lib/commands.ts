import type { IconName } from '../components/Icon';
import type { ScreenId } from '../stores/ui';

export interface NavItem {
  id: ScreenId;
  label: string;
  icon: IconName;
  /** "g" then this key. */
  key: string;
  /** Minimum role to see it; admin screens stay hidden from SDRs. */
  role?: 'manager' | 'admin';
}

export const NAV: NavItem[] = [
  { id: 'leads', label: 'Leads', icon: 'leads', key: 'l' },
  { id: 'review', label: 'Review', icon: 'check', key: 'r' },
  { id: 'calls', label: 'Calls', icon: 'calls', key: 'c' },
  { id: 'pipeline', label: 'Pipeline', icon: 'pipeline', key: 'p' },
  { id: 'appointments', label: 'Appointments', icon: 'appointments', key: 'a' },
  { id: 'analytics', label: 'Analytics', icon: 'analytics', key: 'd' },
  { id: 'import', label: 'Import', icon: 'import', key: 'i', role: 'admin' },
  { id: 'sync', label: 'Sync', icon: 'sync', key: 's' },
  { id: 'settings', label: 'Settings', icon: 'settings', key: ',' },
];

export interface ShortcutDoc {
  keys: string;
  what: string;
  where: string;
}

/** Every documented shortcut; the help dialog (?) and the README list these. */
export const SHORTCUTS: ShortcutDoc[] = [
  { keys: 'mod+k', what: 'Open the command palette', where: 'Anywhere' },
  { keys: '?', what: 'Show keyboard shortcuts', where: 'Anywhere' },
  ...NAV.map((n) => ({ keys: `g ${n.key}`, what: `Go to ${n.label}`, where: 'Anywhere' })),
  { keys: 'mod+shift+l', what: 'Switch light / dark theme', where: 'Anywhere' },
  { keys: 'c', what: 'Log a call', where: 'Anywhere' },
  { keys: '/', what: 'Search leads', where: 'Leads' },
  { keys: 'n', what: 'New lead', where: 'Leads' },
  { keys: 'enter', what: 'Open the focused lead', where: 'Leads grid' },
  { keys: 'j', what: 'Next lead', where: 'Lead drawer' },
  { keys: 'k', what: 'Previous lead', where: 'Lead drawer' },
  { keys: '1', what: 'Move the call to stage 1–6 (Scheduled … Lost)', where: 'Call drawer, board' },
  { keys: 'shift+arrowright', what: 'Move the focused card to the next stage', where: 'Pipeline board' },
  { keys: 'enter', what: 'Edit the focused field; Enter again saves, Esc cancels', where: 'Contact page' },
  { keys: '1', what: 'Calendar, list or routing tab (1–3)', where: 'Appointments' },
  { keys: 'd', what: 'Day view; w for the week, t for today', where: 'Appointments calendar' },
  { keys: 'arrowright', what: 'Next day or week (← the one before)', where: 'Appointments calendar' },
  { keys: 'j', what: 'Next appointment (k the one before); Enter opens it', where: 'Appointments list, calendar' },
  { keys: 'r', what: 'Reschedule; s showed, n no-show, x cancel, a reassign', where: 'Appointment drawer' },
  { keys: 'alt+o', what: 'Override the routed rep, with a reason (managers)', where: 'Booking dialog' },
  { keys: 'escape', what: 'Close the drawer or dialog', where: 'Anywhere' },
  { keys: 'mod+enter', what: 'Save the form; on Import, start the dry run, then commit', where: 'Forms, Import' },
];
