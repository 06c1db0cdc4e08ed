// The CSV reader the import uses: bytes from a file or stream, decoded and parsed as they arrive,
// handed out in batches of thousands of rows so memory stays flat whatever the file size. The
// encoding and delimiter are decided from the first 64 KiB, unless the caller names them.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  CSV_ENCODINGS,
  ENCODING_NAMES,
  ENCODING_SAMPLE_BYTES,
  bomLengthFor,
  createCsvDecoder,
  detectEncoding,
  type CsvEncoding,
  type CsvTextDecoder,
  type EncodingGuess,
} from './csv-decode';
import {
  CsvParser,
  createRowSink,
  describeRow,
  detectDelimiter,
  type CsvDelimiter,
  type CsvIssue,
  type CsvIssueCode,
  type CsvParseOptions,
  type CsvRowSink,
  type DelimiterGuess,
} from './csv-parse';

export type { CsvEncoding } from './csv-decode';
export type { CsvDelimiter, CsvIssue, CsvIssueCode, CsvIssueSeverity } from './csv-parse';
export { CsvFormatError, parseCsvText } from './csv-parse';

/** A file path, or bytes from a stream (a Readable without an encoding set, or any async iterable). */
export type CsvSource = string | AsyncIterable<Uint8Array>;

export interface CsvReadOptions extends Omit<CsvParseOptions, 'delimiter'> {
  /** Skip detection and use this delimiter. */
  delimiter?: CsvDelimiter;
  /** Skip detection and use this encoding (a matching byte order mark is still skipped). */
  encoding?: CsvEncoding;
  /**
   * Rows per batch, roughly: a batch closes at the first chunk boundary past it. Default 2,000:
   * batches that outlive V8's young generation get promoted and cost GC (10,000 measured 2.4x slower).
   */
  batchRows?: number;
  /** Stop after this many data rows (a preview); the rest of the file is not read. */
  maxRows?: number;
  /** Aborting stops the read at the next chunk, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Bytes per read from a file path. Default 64 KiB (larger measured no faster). */
  chunkBytes?: number;
  /** Size of a stream source, for progress, when the caller knows it. */
  totalBytes?: number;
}

export interface CsvSniff {
  encoding: CsvEncoding;
  encodingReason: string;
  delimiter: CsvDelimiter;
  delimiterReason: string;
  /** Unique, non-empty column names. */
  header: string[];
  /** The header record as written in the file. */
  rawHeader: string[];
}

export interface CsvBatch extends CsvRowSink {
  /** Row number of rows[0] (or of the next row, when the batch holds only issues). */
  firstRowNumber: number;
  sniff: CsvSniff;
  /** Bytes consumed from the source so far, and its size when known: for a progress bar. */
  bytesRead: number;
  totalBytes: number | null;
  /** The last batch; it also carries issue counts for the whole read (listed or not). */
  done: boolean;
  issueTotals?: Partial<Record<CsvIssueCode, number>>;
}

const DEFAULT_BATCH_ROWS = 2_000;
const DEFAULT_CHUNK_BYTES = 64 * 1024;
const DELIMITER_SAMPLE_CHARS = 64 * 1024;

/** Read a CSV as batches of rows. Breaking out of the loop closes the file. */
export async function* readCsv(source: CsvSource, opts: CsvReadOptions = {}): AsyncGenerator<CsvBatch, void, undefined> {
  const input = openSource(source, opts);
  try {
    const head = await input.readHead();
    const headBytes = head.parts.length === 1 ? (head.parts[0] ?? new Uint8Array(0)) : Buffer.concat(head.parts);
    const encoding = chooseEncoding(headBytes, head.atEof, opts.encoding);
    const delimiter = chooseDelimiter(headBytes, encoding, head.atEof, opts.delimiter);
    const decoder = createCsvDecoder(encoding.encoding, encoding.bomLength);
    const run = new ReadRun(new CsvParser({ ...opts, delimiter: delimiter.delimiter }), decoder, encoding, opts);
    // Feed the sample as the chunks it came in, so parsing sees the same boundaries as the rest of the file.
    for (const part of head.parts) run.push(decoder.decode(part));
    if (head.atEof) run.push(decoder.flush());
    let atEof = head.atEof;
    // The header can outrun the sample (a huge first record); the sniff needs it, so read on.
    while (!atEof && run.parser.header === null) atEof = await run.pull(input);
    if (atEof) run.end(); // a header with no line break after it is only complete at the end
    const sniff = makeSniff(encoding, delimiter, run.parser);
    const totalBytes = await input.totalBytes;
    for (;;) {
      if (run.reachedMaxRows() || atEof) break;
      if (run.sink.rows.length >= run.batchRows) yield run.take(sniff, input.bytesRead, totalBytes, false);
      atEof = await run.pull(input);
    }
    yield run.finish(sniff, input.bytesRead, totalBytes, atEof);
  } finally {
    await input.close();
  }
}

/** Encoding, delimiter, header and the first rows, for the import screen's preview. */
export async function sniffCsv(
  source: CsvSource,
  opts: CsvReadOptions & { previewRows?: number } = {},
): Promise<CsvSniff & { preview: string[][]; previewRowNumbers: number[]; issues: CsvIssue[]; totalBytes: number | null }> {
  const previewRows = opts.previewRows ?? 50;
  const preview: string[][] = [];
  const previewRowNumbers: number[] = [];
  const issues: CsvIssue[] = [];
  let last: CsvBatch | null = null;
  for await (const batch of readCsv(source, { ...opts, maxRows: previewRows, batchRows: previewRows })) {
    preview.push(...batch.rows);
    previewRowNumbers.push(...batch.rowNumbers);
    issues.push(...batch.issues);
    last = batch;
  }
  if (!last) throw new Error('readCsv ended without a batch'); // unreachable: it always yields a final batch
  return { ...last.sniff, preview, previewRowNumbers, issues, totalBytes: last.totalBytes };
}

function chooseEncoding(head: Uint8Array, atEof: boolean, forced: CsvEncoding | undefined): EncodingGuess {
  if (forced === undefined) {
    if (head.length === 0) return { encoding: 'utf-8', reason: 'the file is empty', bomLength: 0 };
    return detectEncoding(head, atEof);
  }
  if (!CSV_ENCODINGS.includes(forced)) throw new RangeError(`Unknown CSV encoding '${String(forced)}'`);
  return { encoding: forced, reason: 'chosen by the user', bomLength: bomLengthFor(head, forced) };
}

/** Detect on the sample decoded by a throwaway decoder, cut to 64 Ki characters (a 1 MiB first chunk need not be parsed four times). */
function chooseDelimiter(head: Uint8Array, encoding: EncodingGuess, atEof: boolean, forced: CsvDelimiter | undefined): DelimiterGuess {
  if (forced !== undefined) return { delimiter: forced, reason: 'chosen by the user' };
  const decoder = createCsvDecoder(encoding.encoding, encoding.bomLength);
  const text = decoder.decode(head) + (atEof ? decoder.flush() : '');
  const whole = text.length <= DELIMITER_SAMPLE_CHARS;
  return detectDelimiter(whole ? text : text.slice(0, DELIMITER_SAMPLE_CHARS), atEof && whole);
}

function makeSniff(encoding: EncodingGuess, delimiter: DelimiterGuess, parser: CsvParser): CsvSniff {
  return {
    encoding: encoding.encoding,
    encodingReason: encoding.reason,
    delimiter: delimiter.delimiter,
    delimiterReason: delimiter.reason,
    header: parser.header ?? [],
    rawHeader: parser.rawHeader ?? [],
  };
}

/** State of one read: the parser, the batch being filled, and the bookkeeping for issues. */
class ReadRun {
  sink: CsvRowSink = createRowSink();
  readonly batchRows: number;
  private rowsYielded = 0;
  private ended = false;
  private readonly maxRows: number;
  private replacementsSeen = 0;
  private scanPushesLeft = 0;
  private firstReplacement: { row: number; line: number; column?: string } | null = null;

  constructor(
    readonly parser: CsvParser,
    private readonly decoder: CsvTextDecoder,
    private readonly encoding: EncodingGuess,
    opts: CsvReadOptions,
  ) {
    this.batchRows = Math.max(1, opts.batchRows ?? DEFAULT_BATCH_ROWS);
    this.maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;
  }

  push(text: string): void {
    const before = this.sink.rows.length;
    this.parser.push(text, this.sink);
    this.trackReplacements(before);
  }

  /** Read, decode and parse the next chunk; true at the end of input. */
  async pull(input: ByteInput): Promise<boolean> {
    const chunk = await input.next();
    if (chunk === null) {
      this.push(this.decoder.flush());
      return true;
    }
    this.push(this.decoder.decode(chunk));
    return false;
  }

  reachedMaxRows(): boolean {
    return this.rowsYielded + this.sink.rows.length >= this.maxRows;
  }

  take(sniff: CsvSniff, bytesRead: number, totalBytes: number | null, done: boolean): CsvBatch {
    const sink = this.sink;
    this.sink = createRowSink();
    const firstRowNumber = sink.rowNumbers[0] ?? this.parser.recordCount + 1;
    this.rowsYielded += sink.rows.length;
    return { ...sink, firstRowNumber, sniff, bytesRead, totalBytes, done };
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.parser.end(this.sink);
  }

  finish(sniff: CsvSniff, bytesRead: number, totalBytes: number | null, atEof: boolean): CsvBatch {
    if (atEof) this.end();
    this.truncateToMaxRows();
    const issue = this.encodingIssue();
    if (issue) this.parser.log.add(this.sink.issues, issue);
    const batch = this.take(sniff, bytesRead, totalBytes, true);
    batch.issueTotals = this.parser.log.totals();
    return batch;
  }

  private truncateToMaxRows(): void {
    const keep = Math.max(0, this.maxRows - this.rowsYielded);
    const sink = this.sink;
    if (sink.rows.length <= keep) return;
    // Rows past the preview came with the chunk that held the last wanted one; drop them and their issues.
    const lastRow = keep > 0 ? (sink.rowNumbers[keep - 1] ?? 0) : this.rowsYielded > 0 ? 0 : this.parser.headerRow;
    sink.rows.length = keep;
    sink.rowNumbers.length = keep;
    sink.lineNumbers.length = keep;
    sink.issues = sink.issues.filter((issue) => issue.row <= lastRow);
  }

  /** After the decoder first replaces bytes, look for the row holding the U+FFFD (this push or the next). */
  private trackReplacements(firstNewRow: number): void {
    const count = this.decoder.replacements;
    if (count > this.replacementsSeen) {
      this.replacementsSeen = count;
      if (this.firstReplacement === null) this.scanPushesLeft = 2;
    }
    if (this.scanPushesLeft === 0) return;
    this.scanPushesLeft--;
    const { rows, rowNumbers, lineNumbers } = this.sink;
    for (let i = firstNewRow; i < rows.length; i++) {
      const column = rows[i]?.findIndex((field) => field.includes('\uFFFD')) ?? -1;
      if (column < 0) continue;
      const name = this.parser.header?.[column] ?? `Column ${column + 1}`;
      this.firstReplacement = { row: rowNumbers[i] ?? 0, line: lineNumbers[i] ?? 0, column: name };
      this.scanPushesLeft = 0;
      return;
    }
  }

  private encodingIssue(): CsvIssue | null {
    const count = this.decoder.replacements;
    if (count === 0) return null;
    const first = this.firstReplacement;
    const where = first ? `, the first in ${describeRow(first.row, first.line)}, column '${first.column}'` : '';
    const places = count === 1 ? '1 place' : `${count.toLocaleString('en-US')} places`;
    const message =
      `Bytes that are not valid ${ENCODING_NAMES[this.encoding.encoding]} were replaced with '\uFFFD' in ${places}${where}. ` +
      `The encoding was decided from the start of the file (${this.encoding.reason}); ` +
      `if letters look wrong, import again with the encoding set to Windows-1252.`;
    return { row: first?.row ?? 0, line: first?.line ?? 0, column: first?.column, severity: 'warning', code: 'invalid_encoding', message };
  }
}

interface ByteInput {
  readonly bytesRead: number;
  readonly totalBytes: Promise<number | null>;
  /** The first ENCODING_SAMPLE_BYTES bytes or more (whole chunks), or the whole input if shorter. */
  readHead(): Promise<{ parts: Uint8Array[]; atEof: boolean }>;
  next(): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

function openSource(source: CsvSource, opts: CsvReadOptions): ByteInput {
  const fromPath = typeof source === 'string';
  const iterable: AsyncIterable<unknown> = fromPath
    ? createReadStream(source, { highWaterMark: opts.chunkBytes ?? DEFAULT_CHUNK_BYTES })
    : source;
  const iterator = iterable[Symbol.asyncIterator]();
  const totalBytes = fromPath
    ? stat(source).then((s) => s.size, () => null)
    : Promise.resolve(opts.totalBytes ?? null);
  let bytesRead = 0;
  let closed = false;
  const next = async (): Promise<Uint8Array | null> => {
    opts.signal?.throwIfAborted();
    const result = await iterator.next();
    if (result.done) return null;
    const chunk: unknown = result.value;
    if (!(chunk instanceof Uint8Array)) throw new TypeError('A CSV source must yield bytes (Buffer or Uint8Array); a Readable must not have an encoding set.');
    bytesRead += chunk.length;
    return chunk;
  };
  return {
    get bytesRead() {
      return bytesRead;
    },
    totalBytes,
    next,
    async readHead() {
      const parts: Uint8Array[] = [];
      let size = 0;
      while (size < ENCODING_SAMPLE_BYTES) {
        const chunk = await next();
        if (chunk === null) return { parts, atEof: true };
        parts.push(chunk);
        size += chunk.length;
      }
      return { parts, atEof: false };
    },
    async close() {
      if (closed) return;
      closed = true;
      // Ends the file stream (or tells a caller's stream we stopped reading early).
      await iterator.return?.();
    },
  };
}
