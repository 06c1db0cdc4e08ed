// CSV writing shared by every "Export" button: RFC 4180 quoting, and spreadsheet formula
// injection neutralized (a cell starting with = + - @ tab or CR is prefixed with a quote so Excel
// and Sheets show it as text instead of running it).

const DANGEROUS_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return DANGEROUS_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = neutralizeFormula(typeof value === 'string' ? value : String(value));
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
