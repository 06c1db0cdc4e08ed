import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../shared/domain/search-query';

/**
 * The only shape of query toFtsQuery may produce: quoted prefix terms of letters and digits joined
 * by AND. Inside an FTS5 string nothing is an operator, and no term can hold a quote to break out.
 * Marks are allowed because lower-casing may add one ("İ" -> "i" + U+0307).
 */
const SAFE_QUERY = /^"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*"\*( AND "[\p{L}\p{N}][\p{L}\p{N}\p{M}]*"\*)*$/u;

describe('toFtsQuery: nothing searchable gives null', () => {
  it.each(['', ' ', '   \t\n ', '"', '""', '*', '!!!', '---', '+', '()', '++--', '🙂', '" * "'])('%j -> null', (input) => {
    expect(toFtsQuery(input)).toBeNull();
  });
});

describe('toFtsQuery: names and emails', () => {
  it.each([
    { input: 'john', query: '"john"*' },
    { input: 'John', query: '"john"*' },
    { input: 'John Smith', query: '"john"* AND "smith"*' },
    { input: '  JOHN   smith ', query: '"john"* AND "smith"*' },
    { input: 'Smith-Jones', query: '"smith"* AND "jones"*' },
    { input: "o'brien", query: '"o"* AND "brien"*' },
    { input: 'José', query: '"josé"*' },
    { input: 'müller', query: '"müller"*' },
    { input: 'jane@example.com', query: '"jane"* AND "example"* AND "com"*' },
    { input: 'jane+tag@x.io', query: '"jane"* AND "tag"* AND "x"* AND "io"*' },
    { input: 'jane@', query: '"jane"*' },
    { input: 'x1y2', query: '"x1y2"*' },
    { input: 'john 123456', query: '"john"* AND "123456"*' },
  ])('$input -> $query', ({ input, query }) => {
    expect(toFtsQuery(input)).toBe(query);
  });
});

describe('toFtsQuery: phones and codes become digit prefixes', () => {
  it.each([
    { input: '4158675309', query: '"4158675309"*' },
    { input: '(415) 867-5309', query: '"4158675309"*' },
    { input: '415 867 5309', query: '"4158675309"*' },
    { input: '415-867-5309', query: '"4158675309"*' },
    { input: '415.867.5309', query: '"4158675309"*' },
    { input: '(415)867-5309', query: '"4158675309"*' },
    { input: ' ( 415 )  867 - 5309 ', query: '"4158675309"*' },
    { input: '+1 415 867 5309', query: '"14158675309"*' },
    { input: '+1 (415) 867-5309', query: '"14158675309"*' },
    { input: '415 867', query: '"415867"*' },
    { input: '415', query: '"415"*' },
    { input: '123456', query: '"123456"*' },
  ])('$input -> $query', ({ input, query }) => {
    expect(toFtsQuery(input)).toBe(query);
  });

  // Bug: the digit groups are merged only when the whole input is a phone, so a name plus a phone
  // typed with spaces or punctuation looks for "415"*, "867"*, "5309"* as separate tokens. The
  // index holds the phone as one digit token, so such a search finds nothing.
  it.each([
    { input: 'john 415 867 5309', query: '"john"* AND "4158675309"*' },
    { input: '415 867 5309 john', query: '"4158675309"* AND "john"*' },
    { input: 'Smith (415) 867-5309', query: '"smith"* AND "4158675309"*' },
  ])('a name with a spaced phone: $input -> $query', ({ input, query }) => {
    expect(toFtsQuery(input)).toBe(query);
  });
});

describe('toFtsQuery: user input cannot inject FTS5 syntax', () => {
  it.each([
    { input: 'john OR jane', query: '"john"* AND "or"* AND "jane"*' },
    { input: 'john AND jane', query: '"john"* AND "and"* AND "jane"*' },
    { input: 'NOT john', query: '"not"* AND "john"*' },
    { input: 'OR', query: '"or"*' },
    { input: 'NEAR(john smith)', query: '"near"* AND "john"* AND "smith"*' },
    { input: '"john" OR "jane"', query: '"john"* AND "or"* AND "jane"*' },
    { input: 'john"', query: '"john"*' },
    { input: '" OR 1=1 --', query: '"or"* AND "1"* AND "1"*' },
    { input: 'john*', query: '"john"*' },
    { input: '*john', query: '"john"*' },
    { input: '-john', query: '"john"*' },
    { input: '^john', query: '"john"*' },
    { input: 'body:john', query: '"body"* AND "john"*' },
    { input: '{body} : john', query: '"body"* AND "john"*' },
    { input: 'john) OR (jane', query: '"john"* AND "or"* AND "jane"*' },
    { input: "jane'; DROP TABLE leads; --", query: '"jane"* AND "drop"* AND "table"* AND "leads"*' },
  ])('$input -> $query', ({ input, query }) => {
    const result = toFtsQuery(input);
    expect(result).toBe(query);
    expect(result).toMatch(SAFE_QUERY);
  });

  it('any input gives null or a query of quoted letter/digit prefix terms', () => {
    const operatorish = fc.constantFrom('"', '*', '(', ')', ':', '^', '-', '+', '{', '}', 'OR', 'AND', 'NOT', 'NEAR', ' ', '\t', "'", ',', '.', '@');
    const input = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.array(fc.oneof(operatorish, fc.string({ maxLength: 5 }), fc.stringMatching(/^\d{1,4}$/)), { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(input, (text) => {
        const result = toFtsQuery(text);
        if (result !== null) expect(result).toMatch(SAFE_QUERY);
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns null exactly when the input holds no letter or digit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        // Input is read after NFKC (full-width digits become ASCII, "㈪" becomes "(月)").
        const searchable = /[\p{L}\p{N}]/u.test(text.normalize('NFKC'));
        expect(toFtsQuery(text) === null).toBe(!searchable);
      }),
      { numRuns: 1_000 },
    );
  });
});
