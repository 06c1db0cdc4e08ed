// The seed's human-readable 6-digit contact code, unique per workspace. Codes are minted at
// random (not sequentially) so two offline laptops rarely pick the same one; the database's
// unique index catches the rest and the caller retries.
import { pooledRandom } from './ids';

export const CONTACT_CODE_RE = /^[1-9]\d{5}$/;
export const CONTACT_CODE_SPACE = 900_000;

export function isContactCode(value: string): boolean {
  return CONTACT_CODE_RE.test(value);
}

export function randomContactCode(randomInt: (maxExclusive: number) => number = defaultRandomInt): string {
  return String(100_000 + randomInt(CONTACT_CODE_SPACE));
}

/** A deterministic permutation of the code space, for bulk generation without collisions. */
export function contactCodeForIndex(index: number, offset = 0): string {
  // 7919 is prime and does not divide 900000, so i -> (i*7919 + offset) mod 900000 is a bijection.
  const n = ((index * 7919 + offset) % CONTACT_CODE_SPACE + CONTACT_CODE_SPACE) % CONTACT_CODE_SPACE;
  return String(100_000 + n);
}

const word = new Uint8Array(4);

/** From the ids' pool of random bytes: an import mints a code for each of a million people. */
function defaultRandomInt(maxExclusive: number): number {
  pooledRandom(word);
  return (((word[0]! << 24) | (word[1]! << 16) | (word[2]! << 8) | word[3]!) >>> 0) % maxExclusive;
}
