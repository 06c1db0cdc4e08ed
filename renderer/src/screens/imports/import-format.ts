// Words and numbers of the Import screen: batch statuses as badges, file sizes, rates and ETAs,
// how a column was matched, and the delimiter as a person would name it.
import type { ImportBatchStatus } from '../../../../shared/api/imports';
import type { MatchKind } from '../../../../shared/domain/import-presets';

export const STATUS_LABEL: Record<ImportBatchStatus, string> = {
  validating: 'Checking',
  validated: 'Dry run done',
  running: 'Importing',
  completed: 'Imported',
  failed: 'Failed',
  cancelled: 'Cancelled',
  undone: 'Undone',
};

export const STATUS_TONE: Record<ImportBatchStatus, string> = {
  validating: 'blue',
  validated: 'violet',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'gray',
  undone: 'amber',
};

export const MATCH_LABEL: Record<MatchKind, string> = {
  preset: 'Preset',
  exact: 'Same name',
  synonym: 'Similar name',
};

export const MATCH_TITLE: Record<MatchKind, string> = {
  preset: 'The preset names this column',
  exact: "The header is the field's name",
  synonym: 'The header is a usual name for this field',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString()} ${units[unit]}`;
}

export function formatRate(rowsPerSecond: number | null): string {
  if (rowsPerSecond === null || !Number.isFinite(rowsPerSecond)) return '—';
  return `${Math.round(rowsPerSecond).toLocaleString()} rows/s`;
}

/** "about 3 min left", "12 s left". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 1) return 'almost done';
  if (s < 90) return `${s} s left`;
  if (s < 5400) return `about ${Math.round(s / 60)} min left`;
  return `about ${(s / 3600).toFixed(1)} h left`;
}

export function delimiterName(delimiter: string): string {
  if (delimiter === ',') return 'Comma';
  if (delimiter === ';') return 'Semicolon';
  if (delimiter === '\t') return 'Tab';
  if (delimiter === '|') return 'Pipe';
  return `"${delimiter}"`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** What one imported record is, by import type: "lead", "call"… */
export function recordNoun(importType: string): string {
  return importType === 'calls' ? 'call' : importType === 'appointments' ? 'appointment' : importType === 'orders' ? 'order' : 'lead';
}
