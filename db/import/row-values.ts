// From a CSV record to the values of the import's fields: each field reads the first non-blank
// cell of its columns (after the column's value map), and typed fields are parsed with the
// column's format. Problems are collected per row with the header, the value and the reason.
import type { ImportFieldKey, ImportType } from '../../shared/domain/import-fields';
import { importField } from '../../shared/domain/import-fields';
import type { FieldSource } from '../../shared/domain/import-presets';
import { compileValueMap, createDateParser, normalizeEnumKey, parseDuration, parseMoney, type DateFormat, type DecimalSeparator, type ParseResult } from '../../shared/domain/import-values';

const FORMULA_GUARD = /^'[=+\-@\t\r]/;

export interface RowProblem {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface FieldReaderOptions {
  importType: ImportType;
  headers: readonly string[];
  sources: readonly FieldSource[];
  timeZone: string;
  dateFormats: Partial<Record<ImportFieldKey, DateFormat>>;
  decimalSeparator?: DecimalSeparator;
}

/** A cell picked for a field: its text (after the value map) and the column it came from. */
export interface Picked {
  value: string;
  column: number;
}

export type MoneyValue = { cents: number | null; currency: string | null };

/** Reads one record's fields. Built once per import; `read` is on the hot path (no per-call closures). */
export class FieldReader {
  private readonly byKey = new Map<ImportFieldKey, FieldSource>();
  private readonly dateParsers = new Map<ImportFieldKey, (value: string) => ParseResult<string | null>>();
  /** Compiled value maps, per field, aligned with the field's columns. */
  private readonly maps = new Map<ImportFieldKey, (((value: string) => string | null | undefined) | null)[]>();

  constructor(private readonly options: FieldReaderOptions) {
    for (const s of options.sources) this.byKey.set(s.key, s);
    for (const s of options.sources) this.maps.set(s.key, s.valueMaps.map((m) => (m ? compileValueMap(m) : null)));
    for (const s of options.sources) {
      const field = importField(options.importType, s.key);
      if (field?.kind === 'date' || field?.kind === 'datetime') {
        this.dateParsers.set(s.key, createDateParser({ format: options.dateFormats[s.key] ?? 'iso', timeZone: options.timeZone, kind: field.kind }));
      }
    }
  }

  has(key: ImportFieldKey): boolean {
    return this.byKey.has(key);
  }

  header(column: number): string {
    return this.options.headers[column] ?? `Column ${column + 1}`;
  }

  /** The first non-blank cell of the field's columns, after value maps; null when all are blank. */
  pick(record: readonly string[], key: ImportFieldKey): Picked | null {
    const source = this.byKey.get(key);
    if (!source) return null;
    for (let i = 0; i < source.columns.length; i++) {
      const column = source.columns[i]!;
      const raw = record[column];
      if (raw === undefined) continue;
      let value = raw.trim();
      if (value === '') continue;
      // Exports (ours included) put a ' before a cell that a spreadsheet would run as a formula.
      if (value.charCodeAt(0) === 39 && FORMULA_GUARD.test(value)) value = value.slice(1);
      const map = this.maps.get(key)![i];
      if (map) {
        const mapped = map(value);
        if (mapped === null) continue;
        if (mapped !== undefined) value = mapped;
      }
      return { value, column };
    }
    return null;
  }

  text(record: readonly string[], key: ImportFieldKey): string {
    return this.pick(record, key)?.value ?? '';
  }

  date(record: readonly string[], key: ImportFieldKey, row: number, problems: RowProblem[]): string | null {
    const picked = this.pick(record, key);
    if (!picked) return null;
    const parsed = this.dateParsers.get(key)!(picked.value);
    if (parsed.ok) return parsed.value;
    problems.push({ row, column: this.header(picked.column), value: picked.value, reason: parsed.reason });
    return null;
  }

  money(record: readonly string[], key: ImportFieldKey, row: number, problems: RowProblem[]): MoneyValue | null {
    const picked = this.pick(record, key);
    if (!picked) return null;
    const parsed = parseMoney(picked.value, this.options.decimalSeparator ? { decimal: this.options.decimalSeparator } : {});
    if (parsed.ok) return { cents: parsed.value, currency: parsed.currency };
    problems.push({ row, column: this.header(picked.column), value: picked.value, reason: parsed.reason });
    return null;
  }

  integer(record: readonly string[], key: ImportFieldKey, row: number, problems: RowProblem[], range: { min: number; max: number }): number | null {
    const picked = this.pick(record, key);
    if (!picked) return null;
    const text = picked.value.replace(/[,\s]/g, '');
    const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isSafeInteger(n) && n >= range.min && n <= range.max) return n;
    problems.push({ row, column: this.header(picked.column), value: picked.value, reason: `not a whole number from ${range.min} to ${range.max}` });
    return null;
  }

  /** A length of time ("95", "1:35", "1h 35m"), in the field's unit. */
  duration(record: readonly string[], key: ImportFieldKey, unit: 'seconds' | 'minutes', row: number, problems: RowProblem[]): number | null {
    const picked = this.pick(record, key);
    if (!picked) return null;
    const parsed = parseDuration(picked.value, unit);
    if (parsed.ok) return parsed.value;
    problems.push({ row, column: this.header(picked.column), value: picked.value, reason: parsed.reason });
    return null;
  }

  /** An enum field: matched case-insensitively to its stored values (labels with spaces or dashes too). */
  choice<T extends string>(record: readonly string[], key: ImportFieldKey, allowed: readonly T[], row: number, problems: RowProblem[]): T | null {
    const picked = this.pick(record, key);
    if (!picked) return null;
    const wanted = normalizeEnumKey(picked.value);
    const hit = allowed.find((v) => normalizeEnumKey(v) === wanted);
    if (hit) return hit;
    problems.push({ row, column: this.header(picked.column), value: picked.value, reason: `not one of ${allowed.join(', ')}` });
    return null;
  }
}
