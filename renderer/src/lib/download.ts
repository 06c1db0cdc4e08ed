// Saving a file the user asked for (exports). Plain DOM, no backend access.
import { toCsv } from '../../../shared/domain/csv';

export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // A BOM so Excel opens UTF-8 names correctly.
  const blob = new Blob([type.startsWith('text/csv') ? '\uFEFF' : '', text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Exports a table as CSV (formula-injection safe, see shared/domain/csv.ts). */
export function downloadCsv(filename: string, header: readonly string[], rows: readonly (readonly unknown[])[]): void {
  downloadText(filename, toCsv(header, rows));
}

export function stampedName(base: string, ext = 'csv'): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${base}-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.${ext}`;
}
