// The RFC 4180 parser, fed decoded text chunk by chunk. Unquoted fields (the vast majority) are cut
// with indexOf from cached "next delimiter / LF / CR / quote" positions, so the engine's native
// search does the scanning instead of a per-character loop. A record cut by the end of a chunk is
// kept as text and re-read when the next chunk arrives; that costs at most one record per chunk.
export type CsvDelimiter = ',' | ';' | '\t' | '|';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

export type CsvIssueSeverity = 'error' | 'warning' | 'info';
export type CsvIssueCode =
  | 'ragged_row'
  | 'blank_line'
  | 'blank_header'
  | 'duplicate_header'
  | 'empty_header'
  | 'stray_quote'
  | 'text_after_quote'
  | 'unterminated_quote'
  | 'long_quoted_field'
  | 'nul_byte'
  | 'invalid_encoding'
  | 'empty_file'
  | 'issues_truncated';

export interface CsvIssue {
  /** Physical record number, header = 1, blank lines counted; 0 for an issue about the whole file. */
  row: number;
  /** Line where that record starts; 0 for the whole file. */
  line: number;
  column?: string;
  severity: CsvIssueSeverity;
  code: CsvIssueCode;
  /** Plain English naming the row, the column and the reason, e.g. "Row 17, column 'phone', has…". */
  message: string;
}

/** The input is not CSV in any useful sense (a record with no line break for megabytes). */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

export interface CsvParseOptions {
  delimiter: CsvDelimiter;
  /** The first non-blank record names the columns (default true); otherwise `Column 1`, `Column 2`… */
  hasHeader?: boolean;
  /** A quoted value that has not closed after this many characters is taken as a stray opening quote. */
  maxQuotedFieldChars?: number;
  /** A quoted value longer than this is kept but reported, since a missing quote is the usual cause. */
  longQuotedFieldChars?: number;
  /** Issues kept per code; beyond it they are only counted, so a broken file cannot flood memory. */
  maxIssuesPerCode?: number;
  /** A record still open after this many characters stops the parse (it bounds memory and re-reading). */
  maxRecordChars?: number;
}

/** Where the parser appends; the reader hands a fresh one to each batch. */
export interface CsvRowSink {
  rows: string[][];
  /** Physical record number of each row, header = 1; blank lines count, so it matches a spreadsheet. */
  rowNumbers: number[];
  /** Line (in a text editor) where each row starts; differs from the row once a value holds a newline. */
  lineNumbers: number[];
  issues: CsvIssue[];
}

export function createRowSink(): CsvRowSink {
  return { rows: [], rowNumbers: [], lineNumbers: [], issues: [] };
}

// Excel caps a cell at 32,767 characters and Google Sheets at 50,000; a little over either.
const DEFAULT_MAX_QUOTED = 100_000;
const DEFAULT_LONG_QUOTED = 10_000;
const DEFAULT_MAX_RECORD = 4_000_000;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const INCOMPLETE = -1;
const STRAY_QUOTE = 'has a quote inside an unquoted value; kept as written';

export class CsvParser {
  /** Unique column names, once the header record has been read. */
  header: string[] | null = null;
  rawHeader: string[] | null = null;
  /** Row number of the header record (0 until read, or without a header). */
  headerRow = 0;
  /** Physical records seen so far, blank ones included (the last row number used). */
  recordCount = 0;
  readonly log: IssueLog;

  private readonly delim: string;
  private readonly delimCode: number;
  private readonly hasHeader: boolean;
  private readonly maxQuoted: number;
  private readonly longQuoted: number;
  private readonly maxRecord: number;
  private line = 1;
  private leftover = '';
  private leadingBlankRows = 0;
  /** Field count of the header (or first row): the size to allocate each row at. */
  private width = 0;

  // Per scan of one text: the text and the cached next position of each special character
  // (`len` when there is none further on; -1 when not searched yet).
  private s = '';
  private len = 0;
  private nD = -1;
  private nLF = -1;
  private nCR = -1;
  private nQ = -1;
  private nNul = -1;
  // Per record being read: its issues are held until it completes, since an incomplete record is re-read.
  private pending: CsvIssue[] = [];
  private recLines = 0;
  private value = '';

  constructor(opts: CsvParseOptions) {
    this.delim = opts.delimiter;
    this.delimCode = opts.delimiter.charCodeAt(0);
    this.hasHeader = opts.hasHeader ?? true;
    this.maxQuoted = opts.maxQuotedFieldChars ?? DEFAULT_MAX_QUOTED;
    this.longQuoted = opts.longQuotedFieldChars ?? DEFAULT_LONG_QUOTED;
    this.maxRecord = opts.maxRecordChars ?? DEFAULT_MAX_RECORD;
    this.log = new IssueLog(opts.maxIssuesPerCode ?? 100);
  }

  /** Parse as many whole records as `text` (after what was left over) holds. */
  push(text: string, sink: CsvRowSink): void {
    const s = this.leftover.length > 0 ? this.leftover + text : text;
    const used = this.scan(s, false, sink);
    this.leftover = used === s.length ? '' : s.slice(used);
    if (this.leftover.length > this.maxRecord) {
      const size = this.maxRecord.toLocaleString('en-US');
      throw new CsvFormatError(`${describeRow(this.recordCount + 1, this.line)} runs past ${size} characters without a line break; this does not look like a CSV file.`);
    }
  }

  /** End of input: the record still open is read as it stands, then suppressed issues are summarized. */
  end(sink: CsvRowSink): void {
    const s = this.leftover;
    this.leftover = '';
    this.scan(s, true, sink);
    if (this.header === null) {
      const message = this.recordCount === 0 ? 'The file is empty.' : 'The file holds only blank lines.';
      this.log.add(sink.issues, { row: 0, line: 0, severity: 'error', code: 'empty_file', message });
    }
    this.log.summarize(sink.issues);
  }

  private scan(s: string, atEof: boolean, sink: CsvRowSink): number {
    this.s = s;
    this.len = s.length;
    this.nD = this.nLF = this.nCR = this.nQ = this.nNul = -1;
    let pos = 0;
    while (pos < this.len) {
      const next = this.record(pos, atEof, sink);
      if (next === INCOMPLETE) break;
      pos = next;
    }
    this.s = '';
    return pos;
  }

  private find(ch: string, from: number): number {
    const i = this.s.indexOf(ch, from);
    return i < 0 ? this.len : i;
  }

  /** Read one record starting at `start`; returns where the next one starts, or INCOMPLETE. */
  private record(start: number, atEof: boolean, sink: CsvRowSink): number {
    const s = this.s;
    const len = this.len;
    const row = this.recordCount + 1;
    if (this.pending.length > 0) this.pending = [];
    this.recLines = 0;
    // Sized to the header: one right-sized allocation per row instead of push's growth (~4% faster).
    const fields: string[] = new Array<string>(this.width);
    let n = 0;
    let pos = start;
    for (;;) {
      if (pos < len && s.charCodeAt(pos) === QUOTE) {
        pos = this.quoted(pos, atEof, row, n);
        if (pos === INCOMPLETE) return INCOMPLETE;
        fields[n++] = this.value;
      } else {
        // The unquoted field, inline: this is the hot path (about nine in ten fields).
        if (this.nD < pos) this.nD = this.find(this.delim, pos);
        if (this.nLF < pos) this.nLF = this.find('\n', pos);
        if (this.nCR < pos) this.nCR = this.find('\r', pos);
        let end = this.nD < this.nLF ? this.nD : this.nLF;
        if (this.nCR < end) end = this.nCR;
        if (end === len && !atEof) return INCOMPLETE;
        if (this.nQ < pos) this.nQ = this.find('"', pos);
        if (this.nQ < end) this.note(row, n, 'warning', 'stray_quote', STRAY_QUOTE);
        fields[n++] = s.slice(pos, end);
        pos = end;
      }
      if (pos < len && s.charCodeAt(pos) === this.delimCode) {
        pos++;
        continue;
      }
      break;
    }
    if (n !== fields.length) fields.length = n;
    // pos is at the record's line break, or at the end of the text (only when atEof).
    let next = pos;
    if (pos < len) {
      if (s.charCodeAt(pos) === CR) {
        if (pos + 1 === len && !atEof) return INCOMPLETE; // an LF may follow in the next chunk
        next = pos + 1 < len && s.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
      } else {
        next = pos + 1;
      }
    }
    if (this.nNul < start) this.nNul = this.find('\0', start);
    if (this.nNul < next) this.stripNuls(fields, row);
    this.commit(fields, row, next - start, sink);
    return next;
  }

  /**
   * An unquoted field from `pos`; `quoteFrom` is where to start looking for stray quotes (past a
   * recovered opening quote). Leaves the value in this.value and returns the position after it.
   */
  private unquoted(pos: number, quoteFrom: number, atEof: boolean, row: number, index: number): number {
    if (this.nD < pos) this.nD = this.find(this.delim, pos);
    if (this.nLF < pos) this.nLF = this.find('\n', pos);
    if (this.nCR < pos) this.nCR = this.find('\r', pos);
    let end = this.nD < this.nLF ? this.nD : this.nLF;
    if (this.nCR < end) end = this.nCR;
    if (end === this.len && !atEof) return INCOMPLETE;
    if (this.nQ < quoteFrom) this.nQ = this.find('"', quoteFrom);
    this.value = this.s.slice(pos, end);
    if (this.nQ < end) this.note(row, index, 'warning', 'stray_quote', STRAY_QUOTE);
    return end;
  }

  /** A quoted field opening at `open`; leaves the value in this.value and returns the position after it. */
  private quoted(open: number, atEof: boolean, row: number, index: number): number {
    const s = this.s;
    let from = open + 1;
    let value = '';
    for (;;) {
      if (this.nQ < from) this.nQ = this.find('"', from);
      const close = this.nQ;
      if (close - open > this.maxQuoted) return this.unterminated(open, atEof, row, index, 'cap');
      if (close === this.len) return atEof ? this.unterminated(open, atEof, row, index, 'eof') : INCOMPLETE;
      if (close + 1 === this.len && !atEof) return INCOMPLETE; // the next chunk may start with `"`
      if (s.charCodeAt(close + 1) === QUOTE) {
        value += s.slice(from, close + 1);
        from = close + 2;
        continue;
      }
      value += s.slice(from, close);
      return this.afterClosingQuote(close + 1, value, atEof, row, index);
    }
  }

  private afterClosingQuote(pos: number, quotedValue: string, atEof: boolean, row: number, index: number): number {
    let value = quotedValue;
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) this.recLines += countLineBreaks(value);
    if (value.length > this.longQuoted) {
      const size = `${value.length.toLocaleString('en-US')} characters`;
      this.note(row, index, 'warning', 'long_quoted_field', `has a quoted value of ${size}; if that is not intended, a closing quote is missing`);
    }
    let end = pos;
    const c = pos < this.len ? this.s.charCodeAt(pos) : -1;
    if (c !== -1 && c !== this.delimCode && c !== LF && c !== CR) {
      const noted = this.pending.length;
      end = this.unquoted(pos, pos, atEof, row, index);
      if (end === INCOMPLETE) return INCOMPLETE;
      value += this.value;
      this.pending.length = noted; // a quote in the trailing text is part of this one issue
      this.note(row, index, 'warning', 'text_after_quote', `has text after the closing quote; kept: ${quotePreview(value)}`);
    }
    this.value = value;
    return end;
  }

  /** No closing quote in reach: read the quote as a literal character so the rest of the file is not swallowed. */
  private unterminated(open: number, atEof: boolean, row: number, index: number, why: 'cap' | 'eof'): number {
    const reach = why === 'eof' ? 'it runs to the end of the file' : `no closing quote within ${this.maxQuoted.toLocaleString('en-US')} characters`;
    this.nQ = this.find('"', open + 1);
    const noted = this.pending.length;
    const end = this.unquoted(open, open + 1, atEof, row, index);
    if (end === INCOMPLETE) return INCOMPLETE;
    this.pending.length = noted; // a later quote on the same line is explained by this issue
    this.note(row, index, 'error', 'unterminated_quote', `opens a quote that is never closed (${reach}); the quote was kept as a literal character and the line read as ordinary values`);
    return end;
  }

  private note(row: number, index: number, severity: CsvIssue['severity'], code: CsvIssue['code'], what: string): void {
    const column = this.columnName(index);
    const message = `${describeRow(row, this.line)}, column '${column}', ${what}.`;
    this.pending.push({ row, line: this.line, column, severity, code, message });
  }

  private columnName(index: number): string {
    return this.header?.[index] ?? this.rawHeader?.[index] ?? `Column ${index + 1}`;
  }

  private stripNuls(fields: string[], row: number): void {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] ?? '';
      if (f.indexOf('\0') < 0) continue;
      fields[i] = f.replaceAll('\0', '');
      this.note(row, i, 'warning', 'nul_byte', 'holds a NUL byte (often a sign of the wrong encoding); removed');
    }
  }

  private commit(fields: string[], row: number, span: number, sink: CsvRowSink): void {
    const line = this.line;
    this.recordCount = row;
    this.line += 1 + this.recLines;
    if (isBlankRecord(fields, span)) {
      if (this.header === null && this.hasHeader) this.leadingBlankRows++;
      else this.log.add(sink.issues, { row, line, severity: 'info', code: 'blank_line', message: `${describeRow(row, line)} is blank; skipped.` });
      return;
    }
    for (const issue of this.pending) this.log.add(sink.issues, issue);
    if (this.header === null) {
      if (this.hasHeader) return this.takeHeader(fields, row, line, sink);
      this.setHeader(fields.map((_, i) => `Column ${i + 1}`), null);
    }
    const width = this.header?.length ?? 0;
    if (fields.length !== width) this.reportRagged(fields.length, width, row, line, sink);
    sink.rows.push(fields);
    sink.rowNumbers.push(row);
    sink.lineNumbers.push(line);
  }

  private takeHeader(fields: string[], row: number, line: number, sink: CsvRowSink): void {
    const made = makeHeader(fields, row, line);
    this.headerRow = row;
    this.setHeader(made.names, fields);
    for (const issue of made.issues) this.log.add(sink.issues, issue);
    if (this.leadingBlankRows > 0) {
      const blank = this.leadingBlankRows === 1 ? 'Row 1 is blank' : `Rows 1–${this.leadingBlankRows} are blank`;
      const message = `${blank}; the header was taken from row ${row}.`;
      this.log.add(sink.issues, { row: 1, line: 1, severity: 'warning', code: 'blank_header', message });
    }
  }

  private setHeader(names: string[], raw: string[] | null): void {
    this.width = names.length;
    this.header = names;
    this.rawHeader = raw ?? names;
  }

  private reportRagged(count: number, width: number, row: number, line: number, sink: CsvRowSink): void {
    const header = this.header ?? [];
    const quoteList = (names: string[]): string => names.map((n) => `'${n}'`).join(', ');
    let detail: string;
    if (count > width) {
      const extra = Array.from({ length: count - width }, (_, i) => `Column ${width + i + 1}`);
      detail = `extra values kept as ${quoteList(extra.slice(0, 5))}${extra.length > 5 ? '…' : ''}`;
    } else {
      const missing = header.slice(count);
      detail = `${quoteList(missing.slice(0, 5))}${missing.length > 5 ? '…' : ''} left empty`;
    }
    const values = count === 1 ? '1 value' : `${count} values`;
    const message = `${describeRow(row, line)}: ${values}, the header has ${width} (${detail}).`;
    this.log.add(sink.issues, { row, line, severity: 'warning', code: 'ragged_row', message });
  }
}

/** Empty, whitespace only, or only delimiters (",,,,": how spreadsheets write an empty row). */
function isBlankRecord(fields: string[], span: number): boolean {
  if (fields.length === 1) return (fields[0] ?? '').trim().length === 0;
  // Cheap guard first: a record with any value is longer than its delimiters, quotes and line break.
  return span <= fields.length * 3 + 2 && fields.every((f) => f.length === 0);
}

/** A value for a message: quoted, and cut short so a runaway value cannot bloat the issue list. */
function quotePreview(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
}

/** Line breaks in a value: CRLF, LF and a lone CR each count once, as an editor shows them. */
function countLineBreaks(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && value.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

/** Parse a whole text at once (tests, small inputs). */
export function parseCsvText(text: string, opts: CsvParseOptions): { header: string[]; rawHeader: string[]; sink: CsvRowSink } {
  const parser = new CsvParser(opts);
  const sink = createRowSink();
  parser.push(text, sink);
  parser.end(sink);
  return { header: parser.header ?? [], rawHeader: parser.rawHeader ?? [], sink };
}

/** "Row 17", or "Row 17 (line 20)" once values with line breaks have moved the two apart. */
export function describeRow(row: number, line: number): string {
  const r = `Row ${row.toLocaleString('en-US')}`;
  return line === row ? r : `${r} (line ${line.toLocaleString('en-US')})`;
}

/** Keeps the first issues of each code and counts the rest. */
export class IssueLog {
  private readonly counts = new Map<CsvIssueCode, number>();

  constructor(private readonly maxPerCode: number) {}

  add(out: CsvIssue[], issue: CsvIssue): void {
    const n = (this.counts.get(issue.code) ?? 0) + 1;
    this.counts.set(issue.code, n);
    if (n <= this.maxPerCode) out.push(issue);
  }

  /** How many issues of each code were found, listed or not. */
  totals(): Partial<Record<CsvIssueCode, number>> {
    return Object.fromEntries(this.counts);
  }

  summarize(out: CsvIssue[]): void {
    for (const [code, n] of this.counts) {
      if (n <= this.maxPerCode || code === 'issues_truncated') continue;
      const message = `${(n - this.maxPerCode).toLocaleString('en-US')} more '${code}' issues not listed (${n.toLocaleString('en-US')} in all).`;
      out.push({ row: 0, line: 0, severity: 'info', code: 'issues_truncated', message });
    }
  }
}

/** Unique, non-empty column names; case-insensitive, since SQLite column names are. */
export function makeHeader(raw: readonly string[], row: number, line: number): { names: string[]; issues: CsvIssue[] } {
  const taken = new Set<string>();
  const issues: CsvIssue[] = [];
  const where = describeRow(row, line);
  const names = raw.map((value, i) => {
    let base = value.trim();
    if (base.length === 0) {
      base = `Column ${i + 1}`;
      const message = `${where}: column ${i + 1} has no name; called it '${base}'.`;
      issues.push({ row, line, column: base, severity: 'info', code: 'empty_header', message });
    }
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base} (${k})`;
    if (name !== base) {
      const message = `${where}: the column name '${base}' appears again in column ${i + 1}; renamed it '${name}'.`;
      issues.push({ row, line, column: name, severity: 'warning', code: 'duplicate_header', message });
    }
    taken.add(name.toLowerCase());
    return name;
  });
  return { names, issues };
}

export interface DelimiterGuess {
  delimiter: CsvDelimiter;
  reason: string;
}

const SNIFF_RECORDS = 100;
const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

interface DelimiterStats {
  delimiter: CsvDelimiter;
  records: number;
  /** Most common field count, and on how many records it occurs. */
  mode: number;
  matching: number;
}

/**
 * The delimiter that splits the sampled records into the same number of fields most consistently
 * (quotes respected, header included, which is what rules out a comma that only occurs in data);
 * then the one giving more fields; then the order of CSV_DELIMITERS.
 */
export function detectDelimiter(sample: string, atEof: boolean): DelimiterGuess {
  const ranked = CSV_DELIMITERS.map((d) => delimiterStats(sample, d, atEof))
    .filter((s) => s.mode >= 2)
    .sort((a, b) => b.matching / b.records - a.matching / a.records || b.mode - a.mode);
  const [best, runnerUp] = ranked;
  if (!best) {
    return { delimiter: ',', reason: 'no comma, semicolon, tab or pipe splits the first lines into columns; read as one column' };
  }
  const describe = (s: DelimiterStats): string =>
    `${DELIMITER_NAMES[s.delimiter]} gives ${s.mode} fields on ${s.matching === s.records ? 'all' : `${s.matching} of`} ${s.records} sampled lines`;
  const reason = runnerUp ? `${describe(best)} (next best: ${describe(runnerUp)})` : describe(best);
  return { delimiter: best.delimiter, reason };
}

function delimiterStats(sample: string, delimiter: CsvDelimiter, atEof: boolean): DelimiterStats {
  const parser = new CsvParser({ delimiter, maxIssuesPerCode: 0, hasHeader: false });
  const sink = createRowSink();
  parser.push(sample, sink);
  if (atEof) parser.end(sink);
  const frequency = new Map<number, number>();
  for (const row of sink.rows.slice(0, SNIFF_RECORDS)) frequency.set(row.length, (frequency.get(row.length) ?? 0) + 1);
  let mode = 0;
  let matching = 0;
  for (const [count, n] of frequency) {
    if (n > matching || (n === matching && count > mode)) [mode, matching] = [count, n];
  }
  return { delimiter, records: Math.max(1, Math.min(sink.rows.length, SNIFF_RECORDS)), mode, matching };
}
