// The renderer's upload encodes file slices without Node's Buffer: its base64 must be exactly
// Buffer's, for every length (padding) and for slices larger than one String.fromCharCode batch.
import { describe, expect, it } from 'vitest';
import { bytesToBase64, readSliceBase64 } from '../../renderer/src/lib/file-chunks';

function bytes(n: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('bytesToBase64', () => {
  it.each([0, 1, 2, 3, 4, 5, 0x8000 - 1, 0x8000, 0x8000 + 1, 3 * 0x8000 + 2, 1_000_003])('matches Buffer for %i bytes', (n) => {
    const b = bytes(n);
    expect(bytesToBase64(b)).toBe(Buffer.from(b).toString('base64'));
  });
});

describe('readSliceBase64', () => {
  it('reads a file in slices whose bytes add up to the whole', async () => {
    const whole = bytes(10_000, 3);
    const blob = new Blob([whole]);
    const parts: Buffer[] = [];
    for (let offset = 0; offset < whole.length; ) {
      const { data, bytes: n } = await readSliceBase64(blob, offset, 4096);
      parts.push(Buffer.from(data, 'base64'));
      offset += n;
    }
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(parts).equals(Buffer.from(whole))).toBe(true);
  });
});
