import { describe, expect, it } from 'vitest';
import {
  CONTACT_CODE_SPACE,
  contactCodeForIndex,
  isContactCode,
  randomContactCode,
} from '../../shared/domain/contact-code';

describe('isContactCode', () => {
  it.each([
    { value: '100000', expected: true },
    { value: '999999', expected: true },
    { value: '482913', expected: true },
    { value: '099999', expected: false },
    { value: '012345', expected: false },
    { value: '12345', expected: false },
    { value: '1234567', expected: false },
    { value: '12345a', expected: false },
    { value: ' 123456', expected: false },
    { value: '123456\n', expected: false },
    { value: '-12345', expected: false },
    { value: '', expected: false },
  ])('$value -> $expected', ({ value, expected }) => {
    expect(isContactCode(value)).toBe(expected);
  });

  it('the code space is every 6-digit number without a leading zero', () => {
    expect(CONTACT_CODE_SPACE).toBe(999_999 - 100_000 + 1);
  });
});

describe('contactCodeForIndex', () => {
  it('gives 200,000 distinct valid codes for the first 200,000 indexes', () => {
    const seen = new Set<string>();
    const invalid: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const code = contactCodeForIndex(i);
      if (!isContactCode(code)) invalid.push(code);
      seen.add(code);
    }
    expect(invalid).toEqual([]);
    expect(seen.size).toBe(200_000);
  });

  it.each([0, 1, 12_345, -7])('is a bijection over the whole code space (offset %i)', (offset) => {
    const hits = new Uint8Array(CONTACT_CODE_SPACE);
    for (let i = 0; i < CONTACT_CODE_SPACE; i++) {
      const code = contactCodeForIndex(i, offset);
      hits[Number(code) - 100_000]! += 1;
    }
    expect(hits.every((n) => n === 1)).toBe(true);
  });

  it.each([
    { index: 0, offset: 0, code: '100000' },
    { index: 1, offset: 0, code: '107919' },
    { index: 2, offset: 0, code: '115838' },
    { index: 0, offset: 5, code: '100005' },
    { index: 0, offset: -1, code: '999999' },
    { index: -1, offset: 0, code: String(100_000 + CONTACT_CODE_SPACE - 7919) },
  ])('index $index, offset $offset -> $code', ({ index, offset, code }) => {
    expect(contactCodeForIndex(index, offset)).toBe(code);
  });

  it('is deterministic and repeats with the period of the code space', () => {
    for (const i of [0, 3, 99_999, 456_789]) {
      expect(contactCodeForIndex(i, 42)).toBe(contactCodeForIndex(i, 42));
      expect(contactCodeForIndex(i + CONTACT_CODE_SPACE, 42)).toBe(contactCodeForIndex(i, 42));
    }
  });

  it('different offsets give different sequences', () => {
    const a = Array.from({ length: 100 }, (_, i) => contactCodeForIndex(i, 0));
    const b = Array.from({ length: 100 }, (_, i) => contactCodeForIndex(i, 31_337));
    expect(a).not.toEqual(b);
  });
});

describe('randomContactCode', () => {
  it.each([
    { drawn: 0, code: '100000' },
    { drawn: 1, code: '100001' },
    { drawn: 382_913, code: '482913' },
    { drawn: CONTACT_CODE_SPACE - 1, code: '999999' },
  ])('maps a draw of $drawn to $code', ({ drawn, code }) => {
    const asked: number[] = [];
    const result = randomContactCode((max) => {
      asked.push(max);
      return drawn;
    });
    expect(result).toBe(code);
    expect(asked).toEqual([CONTACT_CODE_SPACE]);
  });

  it('draws valid codes from the default random source', () => {
    const codes = Array.from({ length: 2_000 }, () => randomContactCode());
    for (const code of codes) expect(isContactCode(code)).toBe(true);
    // 2,000 draws from 900,000 codes: a handful of repeats at most, never a constant.
    expect(new Set(codes).size).toBeGreaterThan(1_980);
  });
});
