// The CSV reader against a corpus of awkward files (encodings, delimiters, RFC 4180 corners and the
// ways real exports break it), plus properties: output never depends on where chunks split the
// bytes, and anything written with proper quoting reads back unchanged.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCsvDecoder, decodeWindows1252, detectEncoding } from '../../db/import/csv-decode';
import { CsvParser, createRowSink, detectDelimiter } from '../../db/import/csv-parse';
import {
  CsvFormatError,
  parseCsvText,
  readCsv,
  sniffCsv,
  type CsvBatch,
  type CsvDelimiter,
  type CsvIssue,
  type CsvReadOptions,
  type CsvSniff,
  type CsvSource,
} from '../../db/import/csv-reader';

const FIXTURES = join(__dirname, '..', 'fixtures', 'csv');
const fixture = (name: string): string => join(FIXTURES, name);

interface ReadResult {
  sniff: CsvSniff;
  rows: string[][];
  rowNumbers: number[];
  lineNumbers: number[];
  issues: CsvIssue[];
  batches: CsvBatch[];
}

async function readAll(source: CsvSource, opts: CsvReadOptions = {}): Promise<ReadResult> {
  const result: Omit<ReadResult, 'sniff'> & { sniff: CsvSniff | null } = {
    sniff: null,
    rows: [],
    rowNumbers: [],
    lineNumbers: [],
    issues: [],
    batches: [],
  };
  for await (const batch of readCsv(source, opts)) {
    result.sniff = batch.sniff;
    result.rows.push(...batch.rows);
    result.rowNumbers.push(...batch.rowNumbers);
    result.lineNumbers.push(...batch.lineNumbers);
    result.issues.push(...batch.issues);
    result.batches.push(batch);
  }
  if (!result.sniff) throw new Error('no batch');
  return { ...result, sniff: result.sniff };
}

/** Bytes as a stream of fixed-size chunks (a Readable, as a caller's stream would be). */
function chunked(bytes: Uint8Array, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(Buffer.from(bytes.subarray(i, i + size)));
  return Readable.from(parts);
}

/** [code, row, line, column]: what an issue is about, without its wording. */
const brief = (issues: CsvIssue[]): unknown[] => issues.map((i) => [i.code, i.row, i.line, i.column]);

interface FixtureCase {
  file: string;
  encoding: CsvSniff['encoding'];
  delimiter: CsvDelimiter;
  header: string[];
  rows: string[][];
  /** Row number and line number of each row, when not simply 2, 3, 4… */
  rowNumbers?: number[];
  lineNumbers?: number[];
  issues?: unknown[];
}

const CASES: FixtureCase[] = [
  {
    file: 'utf8-plain.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['first_name', 'last_name', 'email', 'city'],
    rows: [
      ['Zoë', 'Müller', 'zoe@example.com', 'Zürich'],
      ['José', 'Núñez', 'jose@example.com', 'São Paulo'],
      ['李', '小龙', 'li@example.cn', '北京'],
    ],
  },
  {
    file: 'utf8-bom.csv',
    encoding: 'utf-8-bom',
    delimiter: ',',
    header: ['name', 'email'], // no U+FEFF stuck to "name"
    rows: [
      ['Renée', 'renee@example.com'],
      ['Björk', 'bjork@example.is'],
    ],
  },
  {
    file: 'utf16le-bom-tab.txt',
    encoding: 'utf-16le',
    delimiter: '\t',
    header: ['Name', 'Email', 'City'],
    rows: [
      ['François', 'francois@example.fr', 'Montréal'],
      ['Smith, "JJ"', 'jj@example.com', 'New\nYork'],
      ['😀 Emoji', 'emoji@example.com', 'Tōkyō'],
    ],
    lineNumbers: [2, 3, 5],
  },
  {
    file: 'utf16be-bom.csv',
    encoding: 'utf-16be',
    delimiter: ',',
    header: ['name', 'note'],
    rows: [
      ['Åsa', 'quote "this"'],
      ['Ðóra', '🎉'],
    ],
  },
  {
    file: 'utf16le-nobom.csv',
    encoding: 'utf-16le',
    delimiter: ',',
    header: ['id', 'name'],
    rows: [
      ['1', 'Ana'],
      ['2', 'Ólafur'],
    ],
  },
  {
    file: 'windows-1252.csv',
    encoding: 'windows-1252',
    delimiter: ',',
    header: ['name', 'city', 'price', 'note'],
    rows: [
      ['René', 'Orléans', '€12', '‘single’ “double”'],
      ['Peña', 'España', '€3', 'dash – em — …'],
    ],
  },
  {
    file: 'semicolon.csv',
    encoding: 'utf-8',
    delimiter: ';',
    header: ['Produkt', 'Preis', 'Menge', 'Datum'],
    rows: [
      ['Äpfel', '12,50', '3', '01.02.2024'],
      ['Birnen', '3,20', '10', '15.03.2024'],
      ['Kiwi; grün', '0,99', '7', '30.04.2024'],
    ],
  },
  {
    file: 'tab.tsv',
    encoding: 'utf-8',
    delimiter: '\t',
    header: ['name', 'email', 'note'],
    rows: [
      ['Ann', 'ann@example.com', 'likes, commas'],
      ['Bob', 'bob@example.com', 'tab\tinside'],
    ],
  },
  {
    file: 'pipe.txt',
    encoding: 'utf-8',
    delimiter: '|',
    header: ['id', 'name', 'tags'],
    rows: [
      ['1', 'Ann', 'a,b'],
      ['2', 'Bob|Jr', 'c'],
    ],
  },
  {
    file: 'quoted-newlines-crlf.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['id', 'address', 'note'],
    rows: [
      ['1', '12 Main St\r\nApt 4', 'line one\nline two'],
      ['2', 'PO Box 7', 'plain'],
      ['3', 'a\r\nb\r\nc', 'x'],
    ],
    lineNumbers: [2, 5, 6],
  },
  {
    file: 'escaped-quotes.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['id', 'quote'],
    rows: [
      ['1', 'She said "hi"'],
      ['2', '"'],
      ['3', ''],
      ['4', '"quoted" start'],
      ['5', 'a"b"c'],
    ],
  },
  {
    file: 'ragged.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['a', 'b', 'c'],
    rows: [
      ['1', '2', '3'],
      ['4', '5'],
      ['6', '7', '8', '9', '10'],
      ['11', '12', '13'],
    ],
    issues: [
      ['ragged_row', 3, 3, undefined],
      ['ragged_row', 4, 4, undefined],
    ],
  },
  {
    file: 'blank-lines.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['name', 'age'],
    rows: [
      ['Ann', '30'],
      ['Bob', '40'],
      ['Cid', '50'],
    ],
    rowNumbers: [2, 5, 8],
    lineNumbers: [2, 5, 8],
    issues: [
      ['blank_line', 3, 3, undefined], // empty
      ['blank_line', 4, 4, undefined], // spaces only
      ['blank_line', 6, 6, undefined], // "," (a spreadsheet's empty row)
      ['blank_line', 7, 7, undefined], // CRLF only
      ['blank_line', 9, 9, undefined], // the extra newline at the end
    ],
  },
  {
    file: 'blank-header.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['name', 'email', 'phone', 'city'],
    rows: [['Ann', 'ann@example.com', '555-0100', 'Oslo']],
    rowNumbers: [3],
    lineNumbers: [3],
    issues: [['blank_header', 1, 1, undefined]],
  },
  {
    file: 'duplicate-headers.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['Email', 'Name', 'email (2)', 'Column 4', 'Name (2)', 'Column 4 (2)'],
    rows: [['a@x.com', 'Ann', 'b@x.com', '?', 'Annie', 'c4']],
    issues: [
      ['duplicate_header', 1, 1, 'email (2)'],
      ['empty_header', 1, 1, 'Column 4'],
      ['duplicate_header', 1, 1, 'Name (2)'],
      ['duplicate_header', 1, 1, 'Column 4 (2)'],
    ],
  },
  {
    file: 'stray-quotes.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['name', 'height', 'note'],
    rows: [
      ['Ann', '5\'10"', 'ok'],
      ['Bob', '6\'1" tall', 'fine'],
      ['Cid Jr', "6'", 'after'],
      ['Dee', 'ok "quoted" mid', 'x'],
    ],
    issues: [
      ['stray_quote', 2, 2, 'height'],
      ['text_after_quote', 4, 4, 'name'],
      ['stray_quote', 5, 5, 'height'],
    ],
  },
  {
    file: 'unterminated-quote.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['id', 'name', 'note'],
    // The rest of the file is not swallowed into Bob's note.
    rows: [
      ['1', 'Ann', 'fine'],
      ['2', 'Bob', '"never closed'],
      ['3', 'Cid', 'ok'],
      ['4', 'Dee', 'ok'],
    ],
    issues: [['unterminated_quote', 3, 3, 'note']],
  },
  {
    file: 'no-trailing-newline.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['a', 'b'],
    rows: [
      ['1', '2'],
      ['3', '4 "four"'],
    ],
  },
  {
    file: 'lone-cr.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['name', 'city'],
    rows: [
      ['Ann', 'Multi\rline'],
      ['Bob', 'Paris'],
    ],
    lineNumbers: [2, 4],
  },
  {
    file: 'emoji-multibyte.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['name', 'emoji', 'note'],
    rows: [
      ['Zoë "Z"', '😀👍🏽', '日本語\r\nテキスト'],
      ['Ωmega', '🇫🇷', 'a"b'],
      ['€uro', '🧑‍🤝‍🧑', 'plain'],
    ],
    lineNumbers: [2, 4, 5],
  },
  {
    file: 'nul-byte.csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: ['name', 'email'],
    rows: [
      ['Ann', 'ann@example.com'],
      ['Bob', 'bob@example.com'],
    ],
    issues: [
      ['nul_byte', 2, 2, 'name'],
      ['nul_byte', 3, 3, 'email'],
    ],
  },
];

describe('CSV corpus', () => {
  it.each(CASES.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const read = await readAll(fixture(c.file));
    expect(read.sniff.encoding).toBe(c.encoding);
    expect(read.sniff.delimiter).toBe(c.delimiter);
    expect(read.sniff.header).toEqual(c.header);
    expect(read.rows).toEqual(c.rows);
    expect(read.rowNumbers).toEqual(c.rowNumbers ?? c.rows.map((_, i) => i + 2));
    expect(read.lineNumbers).toEqual(c.lineNumbers ?? read.rowNumbers);
    expect(brief(read.issues)).toEqual(c.issues ?? []);
  });

  // Chunk sizes 1..16: every multi-byte character, CRLF, "" and UTF-16 code unit is split somewhere.
  it.each(CASES.map((c) => [c.file] as const))('%s reads the same in chunks of 1..16 bytes', async (file) => {
    const whole = await readAll(fixture(file), { chunkBytes: 1 << 20 });
    for (let size = 1; size <= 16; size++) {
      const read = await readAll(fixture(file), { chunkBytes: size });
      const { sniff, rows, rowNumbers, lineNumbers, issues } = read;
      expect({ size, sniff, rows, rowNumbers, lineNumbers, issues }).toEqual({ size, ...pick(whole) });
    }
  });

  it('names the file, the row and the reason in plain English', async () => {
    const messages = async (file: string): Promise<string[]> => (await readAll(fixture(file))).issues.map((i) => i.message);
    expect(await messages('ragged.csv')).toEqual([
      "Row 3: 2 values, the header has 3 ('c' left empty).",
      "Row 4: 5 values, the header has 3 (extra values kept as 'Column 4', 'Column 5').",
    ]);
    expect(await messages('unterminated-quote.csv')).toEqual([
      "Row 3, column 'note', opens a quote that is never closed (it runs to the end of the file); the quote was kept as a literal character and the line read as ordinary values.",
    ]);
    expect((await messages('duplicate-headers.csv'))[0]).toBe("Row 1: the column name 'email' appears again in column 3; renamed it 'email (2)'.");
    expect(await messages('blank-header.csv')).toEqual(['Row 1 is blank; the header was taken from row 2.']);
    const crlf = parseCsvText('a,b\n1,"x\ny"\n2,"3\n', { delimiter: ',' });
    expect(crlf.sink.issues.map((i) => i.message)[0]).toMatch(/^Row 3 \(line 4\), column 'b', opens a quote/);
  });

  it('explains what decided the encoding and the delimiter', async () => {
    expect((await readAll(fixture('utf16le-nobom.csv'))).sniff.encodingReason).toBe(
      'no byte order mark; 100% of the first 23 byte pairs end in a zero byte (UTF-16 little-endian)',
    );
    const semicolon = (await readAll(fixture('semicolon.csv'))).sniff;
    expect(semicolon.delimiterReason).toBe('semicolon gives 4 fields on all 4 sampled lines (next best: comma gives 2 fields on 3 of 4 sampled lines)');
    expect((await readAll(fixture('windows-1252.csv'))).sniff.encodingReason).toMatch(/not valid UTF-8, so read as Windows-1252/);
  });
});

function pick(r: ReadResult): Pick<ReadResult, 'sniff' | 'rows' | 'rowNumbers' | 'lineNumbers' | 'issues'> {
  return { sniff: r.sniff, rows: r.rows, rowNumbers: r.rowNumbers, lineNumbers: r.lineNumbers, issues: r.issues };
}

describe('encodings', () => {
  it('maps Windows-1252 0x80–0x9F to the WHATWG characters, not Latin-1 controls', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(decodeWindows1252(bytes)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
    expect(decodeWindows1252(Uint8Array.of(0x41, 0xe9, 0xf1, 0xff))).toBe('Aéñÿ');
  });

  it('warns, with the row, when bytes after the 64 KiB sample are not UTF-8', async () => {
    const ascii = 'name,city\n' + 'Ann,Oslo\n'.repeat(8000); // 72 KB of ASCII: detected as UTF-8
    const bytes = Buffer.concat([Buffer.from(ascii), Buffer.from('Ren'), Buffer.of(0xe9), Buffer.from(',Orl'), Buffer.of(0xe9), Buffer.from('ans\n')]);
    const read = await readAll(chunked(bytes, 4096));
    expect(read.sniff.encoding).toBe('utf-8');
    expect(read.rows.at(-1)).toEqual(['Ren\uFFFD', 'Orl\uFFFDans']);
    expect(brief(read.issues)).toEqual([['invalid_encoding', 8002, 8002, 'name']]);
    expect(read.issues[0]?.severity).toBe('warning');
    expect(read.issues[0]?.message).toMatch(/replaced with '\uFFFD' in 2 places, the first in Row 8,002, column 'name'/);
  });

  it('does not mistake a real U+FFFD in the file for a decoding error, however the chunks split it', async () => {
    const bytes = Buffer.from('a,b\n\uFFFD,x\uFFFDy\n');
    for (let size = 1; size <= 8; size++) {
      const read = await readAll(chunked(bytes, size));
      expect(read.rows).toEqual([['\uFFFD', 'x\uFFFDy']]);
      expect(read.issues).toEqual([]);
    }
  });

  it('counts an invalid sequence cut off by the end of the file', () => {
    const decoder = createCsvDecoder('utf-8', 0);
    expect(decoder.decode(Buffer.from([0x41, 0xf0, 0x9f]))).toBe('A');
    expect(decoder.flush()).toBe('\uFFFD');
    expect(decoder.replacements).toBe(1);
  });

  it('reports a UTF-16 file cut off in the middle of a character', async () => {
    const bytes = Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from('a,b\n1,2\n', 'utf16le'), Buffer.of(0x33)]);
    const read = await readAll(chunked(bytes, 3));
    expect(read.rows).toEqual([['1', '2'], ['\uFFFD']]);
    expect(read.issues.map((i) => i.code)).toEqual(['ragged_row', 'invalid_encoding']);
  });

  it('reads a file as the encoding the caller names, still skipping a matching BOM', async () => {
    const asLatin = await readAll(fixture('utf8-plain.csv'), { encoding: 'windows-1252' });
    expect(asLatin.sniff.encodingReason).toBe('chosen by the user');
    expect(asLatin.rows[0]?.[0]).toBe('ZoÃ«');
    const bom = await readAll(fixture('utf8-bom.csv'), { encoding: 'utf-8' });
    expect(bom.sniff.header).toEqual(['name', 'email']);
  });

  it('does not take a few NULs in a UTF-8 file for UTF-16', () => {
    expect(detectEncoding(readFileSync(fixture('nul-byte.csv')), true).encoding).toBe('utf-8');
  });
});

describe('delimiters and quoting', () => {
  it('takes the caller’s delimiter over detection', async () => {
    const read = await readAll(fixture('semicolon.csv'), { delimiter: ',' });
    expect(read.sniff.delimiterReason).toBe('chosen by the user');
    expect(read.sniff.header).toEqual(['Produkt;Preis;Menge;Datum']);
  });

  it('ignores delimiters inside quotes when detecting', () => {
    const text = 'name;note\n"a, b, c";x\n"d, e";y\n"f,g,h,i";z\n';
    expect(detectDelimiter(text, true).delimiter).toBe(';');
  });

  it('falls back to one comma-separated column when nothing splits the lines', () => {
    expect(detectDelimiter('email\na@x.com\nb@x.com\n', true)).toEqual({
      delimiter: ',',
      reason: 'no comma, semicolon, tab or pipe splits the first lines into columns; read as one column',
    });
  });

  it('gives up on a runaway quote after maxQuotedFieldChars, instead of pairing it with a later stray quote', () => {
    const text = 'id,note\n1,"opens here\n2,x\n3,y"z\n4,w\n';
    const capped = parseCsvText(text, { delimiter: ',', maxQuotedFieldChars: 12 });
    expect(capped.sink.rows).toEqual([['1', '"opens here'], ['2', 'x'], ['3', 'y"z'], ['4', 'w']]);
    expect(brief(capped.sink.issues)).toEqual([
      ['unterminated_quote', 2, 2, 'note'],
      ['stray_quote', 4, 4, 'note'],
    ]);
    // Within the cap, RFC 4180 says the value runs on to the next quote: kept, and the junk reported.
    const uncapped = parseCsvText(text, { delimiter: ',' });
    expect(uncapped.sink.rows).toEqual([['1', 'opens here\n2,x\n3,yz'], ['4', 'w']]);
    expect(uncapped.sink.lineNumbers).toEqual([2, 5]);
    expect(brief(uncapped.sink.issues)).toEqual([['text_after_quote', 2, 2, 'note']]);
  });

  it('keeps a long quoted value but reports it', () => {
    const { sink } = parseCsvText(`a,b\n1,"${'x'.repeat(20)}"\n`, { delimiter: ',', longQuotedFieldChars: 10 });
    expect(sink.rows).toEqual([['1', 'x'.repeat(20)]]);
    expect(sink.issues.map((i) => i.message)).toEqual([
      "Row 2, column 'b', has a quoted value of 20 characters; if that is not intended, a closing quote is missing.",
    ]);
  });

  it('stops on a record with no line break for megabytes: not a CSV', () => {
    const parser = new CsvParser({ delimiter: ',', maxRecordChars: 1000 });
    expect(() => parser.push('a,b\n' + 'x'.repeat(2000), createRowSink())).toThrow(CsvFormatError);
  });

  it('reports an empty file, and reads a header-only file as no rows', () => {
    expect(brief(parseCsvText('', { delimiter: ',' }).sink.issues)).toEqual([['empty_file', 0, 0, undefined]]);
    expect(brief(parseCsvText('\n\n', { delimiter: ',' }).sink.issues)).toEqual([['empty_file', 0, 0, undefined]]);
    const headerOnly = parseCsvText(' id , name ', { delimiter: ',' });
    expect(headerOnly.header).toEqual(['id', 'name']);
    expect(headerOnly.rawHeader).toEqual([' id ', ' name ']);
    expect(headerOnly.sink.rows).toEqual([]);
  });

  it('names columns itself when the file has no header', () => {
    const { header, sink } = parseCsvText('1,2\n3,4\n', { delimiter: ',', hasHeader: false });
    expect(header).toEqual(['Column 1', 'Column 2']);
    expect(sink.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(sink.rowNumbers).toEqual([1, 2]);
  });

  it('lists the first issues of a kind and counts the rest', () => {
    const { sink } = parseCsvText('a,b\n' + '1\n'.repeat(10), { delimiter: ',', maxIssuesPerCode: 3 });
    expect(brief(sink.issues)).toEqual([
      ['ragged_row', 2, 2, undefined],
      ['ragged_row', 3, 3, undefined],
      ['ragged_row', 4, 4, undefined],
      ['issues_truncated', 0, 0, undefined],
    ]);
    expect(sink.issues[3]?.message).toBe("7 more 'ragged_row' issues not listed (10 in all).");
  });
});

/** A generated contacts file as a stream of 64 KiB chunks. */
function contactsStream(rows: number): { stream: Readable; size: number } {
  const lines = ['first_name,last_name,email'];
  for (let i = 0; i < rows; i++) lines.push(`Ann${i},"Smith, Jr.",ann${i}@example.com`);
  const bytes = Buffer.from(lines.join('\n') + '\n');
  return { stream: chunked(bytes, 64 * 1024), size: bytes.length };
}

describe('streaming', () => {
  it('yields batches with row numbers and progress, and a final batch with totals', async () => {
    const { stream, size } = contactsStream(25_000);
    const read = await readAll(stream, { batchRows: 5_000, totalBytes: size });
    expect(read.rows).toHaveLength(25_000);
    expect(read.rowNumbers).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 2));
    expect(read.batches.length).toBeGreaterThanOrEqual(5);
    for (const batch of read.batches.slice(0, -1)) {
      expect(batch.rows.length).toBeGreaterThanOrEqual(5_000);
      expect(batch.firstRowNumber).toBe(batch.rowNumbers[0]);
      expect(batch.done).toBe(false);
    }
    const progress = read.batches.map((b) => b.bytesRead);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const last = read.batches.at(-1);
    expect(last?.done).toBe(true);
    expect(last?.bytesRead).toBe(size);
    expect(last?.totalBytes).toBe(size);
    expect(last?.issueTotals).toEqual({});
  });

  it('reports the size of a file for progress', async () => {
    const read = await readAll(fixture('utf8-plain.csv'));
    const size = readFileSync(fixture('utf8-plain.csv')).length;
    expect(read.batches.at(-1)?.totalBytes).toBe(size);
  });

  it('previews the first rows without reading the rest', async () => {
    const { stream, size } = contactsStream(100_000);
    const preview = await sniffCsv(stream, { previewRows: 3, totalBytes: size });
    expect(preview.header).toEqual(['first_name', 'last_name', 'email']);
    expect(preview.preview).toEqual([
      ['Ann0', 'Smith, Jr.', 'ann0@example.com'],
      ['Ann1', 'Smith, Jr.', 'ann1@example.com'],
      ['Ann2', 'Smith, Jr.', 'ann2@example.com'],
    ]);
    expect(preview.previewRowNumbers).toEqual([2, 3, 4]);
    expect(stream.destroyed).toBe(true);
  });

  it('drops the issues of rows past the preview', async () => {
    const preview = await sniffCsv(fixture('ragged.csv'), { previewRows: 2 });
    expect(preview.preview).toEqual([['1', '2', '3'], ['4', '5']]);
    expect(brief(preview.issues)).toEqual([['ragged_row', 3, 3, undefined]]);
  });

  it('stops when the signal aborts', async () => {
    const { stream } = contactsStream(50_000);
    const controller = new AbortController();
    const batches: CsvBatch[] = [];
    const run = async (): Promise<void> => {
      for await (const batch of readCsv(stream, { batchRows: 1_000, signal: controller.signal })) {
        batches.push(batch);
        controller.abort();
      }
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(batches).toHaveLength(1);
    expect(stream.destroyed).toBe(true);
  });

  it('closes the source when the caller stops reading', async () => {
    const { stream } = contactsStream(50_000);
    for await (const batch of readCsv(stream, { batchRows: 1_000 })) {
      expect(batch.rows.length).toBeGreaterThan(0);
      break;
    }
    expect(stream.destroyed).toBe(true);
  });

  it('reads any async iterable of bytes, and refuses text chunks', async () => {
    async function* bytes(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('a,b\n1,');
      yield new TextEncoder().encode('2\n');
    }
    expect((await readAll(bytes())).rows).toEqual([['1', '2']]);
    const text = Readable.from(['a,b\n1,2\n']) as unknown as AsyncIterable<Uint8Array>;
    await expect(readAll(text)).rejects.toThrow(/must yield bytes/);
  });
});

// fast-check: fields with quotes, delimiters, CR, LF, NUL-free unicode and spaces.
const fieldChar = fc.constantFrom('a', 'B', ' ', '"', ',', ';', '\t', '|', '\n', '\r', 'é', '€', '😀', '日');
const field = fc.array(fieldChar, { maxLength: 8 }).map((cs) => cs.join(''));
const delimiterArb = fc.constantFrom<CsvDelimiter>(',', ';', '\t', '|');

function writeCsv(table: string[][], delimiter: string, eol: string): string {
  const quote = (f: string): string => (/["\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replaceAll('"', '""')}"` : f);
  return table.map((row) => row.map(quote).join(delimiter)).join(eol);
}

function encode(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be'): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text);
    case 'utf-8-bom':
      return Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(text)]);
    case 'utf-16le':
      return Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.of(0xfe, 0xff), Buffer.from(text, 'utf16le').swap16()]);
  }
}

describe('properties', () => {
  it('reads back any table written with proper quoting, whatever the chunking and encoding', async () => {
    const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
      fc.array(fc.array(field, { minLength: width - 1, maxLength: width - 1 }), { maxLength: 12 }).map((rows) => ({
        header: Array.from({ length: width }, (_, i) => `c${i}`),
        // A leading id keeps every row non-blank (blank rows are skipped by design).
        rows: rows.map((r, i) => [`r${i}`, ...r]),
      })),
    );
    await fc.assert(
      fc.asyncProperty(
        table,
        delimiterArb,
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'),
        fc.integer({ min: 1, max: 40 }),
        async ({ header, rows }, delimiter, eol, trailing, encoding, chunk) => {
          const text = writeCsv([header, ...rows], delimiter, eol) + (trailing ? eol : '');
          const bytes = encode(text, encoding);
          const read = await readAll(chunked(bytes, chunk), { delimiter });
          expect(read.sniff.encoding).toBe(encoding);
          expect(read.sniff.header).toEqual(header);
          expect(read.rows).toEqual(rows);
          expect(read.issues).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same rows and issues for any text, however it is chunked', async () => {
    const junkChar = fc.constantFrom('a', '"', '""', ',', '\n', '\r', '\r\n', ' ', '\0', 'é', '😀');
    const junk = fc.array(junkChar, { maxLength: 60 }).map((cs) => cs.join(''));
    await fc.assert(
      fc.asyncProperty(junk, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 3, max: 30 }), async (text, chunk, cap) => {
        const opts = { delimiter: ',' as const, maxQuotedFieldChars: cap, longQuotedFieldChars: 5 };
        const whole = parseCsvText(text, opts);
        const read = await readAll(chunked(Buffer.from(text), chunk), { ...opts, encoding: 'utf-8' });
        expect(read.sniff.header).toEqual(whole.header);
        expect({ rows: read.rows, rowNumbers: read.rowNumbers, lineNumbers: read.lineNumbers, issues: read.issues }).toEqual({
          rows: whole.sink.rows,
          rowNumbers: whole.sink.rowNumbers,
          lineNumbers: whole.sink.lineNumbers,
          issues: whole.sink.issues,
        });
      }),
      { numRuns: 500 },
    );
  });
});
