// UUIDv7 (RFC 9562): 48-bit Unix ms timestamp + random bits. Sortable by creation time and safe to
// mint offline on many laptops at once, unlike integer autoincrement ids.
// Uses globalThis.crypto, which exists in Node >= 19, browsers and Electron, so shared/ stays pure.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export interface IdSource {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Fills the array with random bytes. */
  random(bytes: Uint8Array): void;
}

// getRandomValues costs microseconds a call (a trip into the system's generator): an import mints
// millions of ids, so random bytes are drawn 4 KiB at a time and handed out from the pool.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** Random bytes from the pool (at most 4 KiB at a time). */
export function pooledRandom(bytes: Uint8Array): void {
  if (poolAt + bytes.length > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  bytes.set(pool.subarray(poolAt, poolAt + bytes.length));
  poolAt += bytes.length;
}

const defaultSource: IdSource = { now: () => Date.now(), random: pooledRandom };

/** Monotonic within one generator: ids minted in the same millisecond still sort in mint order. */
export function createUuidV7Generator(source: IdSource = defaultSource): () => string {
  let lastMs = -1;
  let seq = 0; // 12-bit counter in rand_a for same-millisecond ordering
  const bytes = new Uint8Array(16);
  return () => {
    let ms = source.now();
    if (ms <= lastMs) {
      seq++;
      if (seq > 0xfff) {
        // Counter exhausted: borrow the next millisecond rather than lose ordering.
        lastMs++;
        seq = 0;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      seq = 0;
    }
    source.random(bytes);
    bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
    bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
    bytes[2] = (ms >>> 24) & 0xff;
    bytes[3] = (ms >>> 16) & 0xff;
    bytes[4] = (ms >>> 8) & 0xff;
    bytes[5] = ms & 0xff;
    bytes[6] = 0x70 | ((seq >>> 8) & 0x0f);
    bytes[7] = seq & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    let out = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
      out += HEX[bytes[i] ?? 0];
    }
    return out;
  };
}

export const uuidv7: () => string = createUuidV7Generator();

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** The millisecond timestamp embedded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  const hex = id.replace(/-/g, '').slice(0, 12);
  return parseInt(hex, 16);
}

/** A UUIDv7 from an explicit time and random bytes (deterministic demo data, imports with known times). */
export function uuidv7FromParts(ms: number, random: Uint8Array): string {
  let i = 0;
  return createUuidV7Generator({
    now: () => ms,
    random: (bytes) => {
      for (let j = 0; j < bytes.length; j++) bytes[j] = random[i++ % random.length] ?? 0;
    },
  })();
}
