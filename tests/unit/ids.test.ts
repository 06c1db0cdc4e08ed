import { describe, expect, it } from 'vitest';
import {
  createUuidV7Generator,
  isUuid,
  uuidv7,
  uuidv7FromParts,
  uuidv7Time,
  type IdSource,
} from '../../shared/domain/ids';

const T0 = Date.UTC(2025, 2, 9, 12, 0, 0, 0);

/** A clock the test moves by hand, and random bytes that count down so they can't explain any ordering. */
function fakeSource(start = T0): IdSource & { set(ms: number): void } {
  let ms = start;
  let next = 0xff;
  return {
    now: () => ms,
    set: (value) => {
      ms = value;
    },
    random: (bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = next-- & 0xff;
    },
  };
}

function version(id: string): string {
  return id.charAt(14);
}
function variantNibble(id: string): number {
  return parseInt(id.charAt(19), 16);
}
function isSortedStrictly(ids: string[]): boolean {
  return ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id);
}

describe('uuidv7', () => {
  it('mints well-formed version-7, RFC 9562 variant ids', () => {
    for (let i = 0; i < 1_000; i++) {
      const id = uuidv7();
      expect(isUuid(id)).toBe(true);
      expect(version(id)).toBe('7');
      // Variant 10xx: the first nibble of the fourth group is 8, 9, a or b.
      expect(variantNibble(id) & 0b1100).toBe(0b1000);
    }
  });

  it('embeds the current time', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(uuidv7Time(id)).toBeGreaterThanOrEqual(before);
    // A borrowed millisecond (counter overflow) may put it at most a little ahead.
    expect(uuidv7Time(id)).toBeLessThanOrEqual(after + 5);
  });

  it('ids minted in a burst are distinct and sort in mint order', () => {
    const ids = Array.from({ length: 5_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect(isSortedStrictly(ids)).toBe(true);
  });
});

describe('createUuidV7Generator with a fake clock', () => {
  it('orders many ids minted in the same millisecond by mint order', () => {
    const next = createUuidV7Generator(fakeSource());
    const ids = Array.from({ length: 1_000 }, () => next());
    expect(new Set(ids).size).toBe(1_000);
    expect(isSortedStrictly(ids)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) {
      expect(uuidv7Time(id)).toBe(T0);
      expect(version(id)).toBe('7');
      expect(variantNibble(id) & 0b1100).toBe(0b1000);
    }
  });

  it('borrows the next millisecond when the 12-bit counter runs out, keeping order', () => {
    const next = createUuidV7Generator(fakeSource());
    const ids = Array.from({ length: 10_000 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect(isSortedStrictly(ids)).toBe(true);
    // 4,096 ids (counter 0x000-0xfff) fit in each millisecond.
    ids.forEach((id, i) => expect(uuidv7Time(id)).toBe(T0 + Math.floor(i / 4096)));
  });

  it('keeps order when the wall clock steps backwards', () => {
    const source = fakeSource();
    const next = createUuidV7Generator(source);
    const ids = [next(), next()];
    source.set(T0 - 60_000);
    ids.push(next(), next());
    source.set(T0 - 1);
    ids.push(next());
    expect(isSortedStrictly(ids)).toBe(true);
    for (const id of ids) expect(uuidv7Time(id)).toBe(T0);
  });

  it('uses the new time, counter reset, once the clock moves forward', () => {
    const source = fakeSource();
    const next = createUuidV7Generator(source);
    const first = next();
    next();
    next();
    source.set(T0 + 1);
    const later = next();
    expect(uuidv7Time(later)).toBe(T0 + 1);
    expect(later > first).toBe(true);
    // rand_a (the counter) is back to zero: "7000".
    expect(later.slice(14, 18)).toBe('7000');
  });

  it('after a borrowed millisecond, the real clock catching up does not reorder ids', () => {
    const source = fakeSource();
    const next = createUuidV7Generator(source);
    const ids = Array.from({ length: 4_097 }, () => next());
    expect(uuidv7Time(ids[4_096] as string)).toBe(T0 + 1);
    source.set(T0 + 1);
    ids.push(next(), next());
    source.set(T0 + 2);
    ids.push(next());
    expect(isSortedStrictly(ids)).toBe(true);
    expect(uuidv7Time(ids[ids.length - 1] as string)).toBe(T0 + 2);
  });

  it('two generators on one clock both produce valid, distinct ids', () => {
    const a = createUuidV7Generator({ now: () => T0, random: (b) => globalThis.crypto.getRandomValues(b) });
    const b = createUuidV7Generator({ now: () => T0, random: (b2) => globalThis.crypto.getRandomValues(b2) });
    const ids = [a(), b(), a(), b()];
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(isUuid(id)).toBe(true);
  });
});

describe('uuidv7Time', () => {
  it.each([0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, T0, 1_700_000_000_123, 2 ** 48 - 1])('round-trips %i ms', (ms) => {
    const id = uuidv7FromParts(ms, new Uint8Array([0xab]));
    expect(isUuid(id)).toBe(true);
    expect(uuidv7Time(id)).toBe(ms);
  });

  it('reads the time of a known id', () => {
    expect(uuidv7Time('01234567-89ab-7000-8000-000000000000')).toBe(0x0123456789ab);
  });

  it('ids sort by their embedded time', () => {
    const times = [T0 + 5, T0, 0, 2 ** 40, T0 + 1];
    const ids = times.map((ms) => uuidv7FromParts(ms, new Uint8Array([0xff])));
    const byId = [...ids].sort().map(uuidv7Time);
    expect(byId).toEqual([...times].sort((x, y) => x - y));
  });
});

describe('uuidv7FromParts', () => {
  const counting = Uint8Array.from({ length: 16 }, (_, i) => i);

  it('builds the id from the time and random bytes', () => {
    // Time in the first 48 bits, version 7 with a zero counter, variant bits set over byte 8.
    expect(uuidv7FromParts(0x0123456789ab, counting)).toBe('01234567-89ab-7000-8809-0a0b0c0d0e0f');
  });

  it('is deterministic', () => {
    expect(uuidv7FromParts(T0, counting)).toBe(uuidv7FromParts(T0, counting));
    expect(uuidv7FromParts(T0, new Uint8Array([1, 2, 3]))).toBe(uuidv7FromParts(T0, new Uint8Array([1, 2, 3])));
  });

  it('different random bytes give different ids with the same time', () => {
    const a = uuidv7FromParts(T0, new Uint8Array(16).fill(1));
    const b = uuidv7FromParts(T0, new Uint8Array(16).fill(2));
    expect(a).not.toBe(b);
    expect(uuidv7Time(a)).toBe(uuidv7Time(b));
  });

  it('repeats a short random array to fill the id, and treats an empty one as zeros', () => {
    expect(uuidv7FromParts(0, new Uint8Array([0xff]))).toBe('00000000-0000-7000-bfff-ffffffffffff');
    expect(uuidv7FromParts(0, new Uint8Array(0))).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('does not change the random bytes it is given', () => {
    const random = Uint8Array.from(counting);
    uuidv7FromParts(T0, random);
    expect(random).toEqual(counting);
  });
});

describe('isUuid', () => {
  it.each([
    { value: '01234567-89ab-7000-8809-0a0b0c0d0e0f', expected: true },
    { value: '00000000-0000-0000-0000-000000000000', expected: true },
    { value: '01234567-89AB-7000-8809-0A0B0C0D0E0F', expected: false },
    { value: '0123456789ab70008809 0a0b0c0d0e0f', expected: false },
    { value: '0123456789ab700088090a0b0c0d0e0f', expected: false },
    { value: '01234567-89ab-7000-8809-0a0b0c0d0e0', expected: false },
    { value: '01234567-89ab-7000-8809-0a0b0c0d0e0fa', expected: false },
    { value: '0123456g-89ab-7000-8809-0a0b0c0d0e0f', expected: false },
    { value: '', expected: false },
  ])('$value -> $expected', ({ value, expected }) => {
    expect(isUuid(value)).toBe(expected);
  });
});
