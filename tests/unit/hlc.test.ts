import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, HlcClock, MAX_DRIFT_MS, type HlcTimestamp } from '../../shared/domain/hlc';

const T0 = Date.UTC(2025, 2, 9, 12, 0, 0, 0);

/** A wall clock the test moves by hand. */
function manualClock(start = T0): { now: () => number; set: (ms: number) => void } {
  let ms = start;
  return { now: () => ms, set: (v) => (ms = v) };
}

function compareTs(a: HlcTimestamp, b: HlcTimestamp): number {
  if (a.millis !== b.millis) return a.millis - b.millis;
  if (a.counter !== b.counter) return a.counter - b.counter;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

const arbTimestamp = fc.record({
  millis: fc.integer({ min: 0, max: 999_999_999_999_999 }),
  counter: fc.integer({ min: 0, max: 0xffff }),
  node: fc.stringMatching(/^[0-9a-zA-Z]{1,16}$/),
});

describe('encodeHlc / decodeHlc', () => {
  it.each([
    { ts: { millis: T0, counter: 0, node: 'a1' }, encoded: `00${T0}-0000-a1` },
    { ts: { millis: 0, counter: 0, node: 'n' }, encoded: '000000000000000-0000-n' },
    { ts: { millis: 1, counter: 0xffff, node: 'Node42' }, encoded: '000000000000001-ffff-Node42' },
    { ts: { millis: 123, counter: 10, node: 'x' }, encoded: '000000000000123-000a-x' },
  ])('$encoded', ({ ts, encoded }) => {
    expect(encodeHlc(ts)).toBe(encoded);
    expect(decodeHlc(encoded)).toEqual(ts);
  });

  it('round-trips any timestamp', () => {
    fc.assert(
      fc.property(arbTimestamp, (ts) => {
        expect(decodeHlc(encodeHlc(ts))).toEqual(ts);
      }),
    );
  });

  it('string order is clock order', () => {
    fc.assert(
      fc.property(arbTimestamp, arbTimestamp, (a, b) => {
        const byString = Math.sign(encodeHlc(a) < encodeHlc(b) ? -1 : encodeHlc(a) > encodeHlc(b) ? 1 : 0);
        expect(byString).toBe(Math.sign(compareTs(a, b)));
      }),
    );
  });

  it('string order is clock order at the tricky edges', () => {
    // Numeric, not lexical, order of millis and counter: 9 < 10, 0x9 < 0xa < 0x10.
    const ordered: HlcTimestamp[] = [
      { millis: 9, counter: 0xffff, node: 'z' },
      { millis: 10, counter: 0, node: 'a' },
      { millis: 10, counter: 0x9, node: 'a' },
      { millis: 10, counter: 0xa, node: 'a' },
      { millis: 10, counter: 0x10, node: 'a' },
      { millis: 10, counter: 0x10, node: 'b' },
      { millis: 100, counter: 0, node: 'a' },
    ];
    const encoded = ordered.map(encodeHlc);
    expect([...encoded].sort()).toEqual(encoded);
  });

  it.each([
    '',
    'garbage',
    `${T0}-0000-a`, // millis not padded to 15 digits
    '000000000000001-000-a', // counter not 4 digits
    '000000000000001-FFFF-a', // upper-case hex is not what encodeHlc writes
    '000000000000001-0000-', // no node
    '000000000000001-0000-a-b', // node not alphanumeric
    '000000000000001-0000-a b',
    ' 000000000000001-0000-a',
    '000000000000001-0000-a\n',
  ])('rejects %j', (value) => {
    expect(() => decodeHlc(value)).toThrow(/Not a hybrid logical clock value/);
  });
});

describe('HlcClock.now', () => {
  it('follows the wall clock with a zero counter while it moves forward', () => {
    const wall = manualClock();
    const clock = new HlcClock('a', wall.now);
    expect(clock.now()).toBe(encodeHlc({ millis: T0, counter: 0, node: 'a' }));
    wall.set(T0 + 7);
    expect(clock.now()).toBe(encodeHlc({ millis: T0 + 7, counter: 0, node: 'a' }));
  });

  it('is strictly increasing when the wall clock stands still', () => {
    const clock = new HlcClock('a', () => T0);
    const stamps = Array.from({ length: 1_000 }, () => clock.now());
    expect(new Set(stamps).size).toBe(stamps.length);
    expect([...stamps].sort()).toEqual(stamps);
    expect(decodeHlc(stamps[999] as string)).toEqual({ millis: T0, counter: 999, node: 'a' });
  });

  it('is strictly increasing when the wall clock jumps backwards', () => {
    const wall = manualClock();
    const clock = new HlcClock('a', wall.now);
    const stamps = [clock.now(), clock.now()];
    wall.set(T0 - 3_600_000);
    stamps.push(clock.now(), clock.now());
    wall.set(T0 + 1);
    stamps.push(clock.now());
    expect(stamps.every((s, i) => i === 0 || (stamps[i - 1] as string) < s)).toBe(true);
    expect(decodeHlc(stamps[3] as string)).toEqual({ millis: T0, counter: 3, node: 'a' });
    expect(decodeHlc(stamps[4] as string)).toEqual({ millis: T0 + 1, counter: 0, node: 'a' });
  });

  it('is strictly increasing under any sequence of wall-clock readings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: T0 - 1_000, max: T0 + 1_000 }), { minLength: 2, maxLength: 200 }), (walls) => {
        let i = 0;
        const clock = new HlcClock('n1', () => walls[i] ?? T0);
        let prev = '';
        for (i = 0; i < walls.length; i++) {
          const stamp = clock.now();
          expect(stamp > prev).toBe(true);
          expect(decodeHlc(stamp).millis).toBeGreaterThanOrEqual(walls[i] as number);
          prev = stamp;
        }
      }),
    );
  });

  it('moves to the next millisecond when the 16-bit counter overflows', () => {
    const clock = new HlcClock('a', () => T0);
    let last = '';
    for (let i = 0; i <= 0xffff; i++) last = clock.now();
    expect(decodeHlc(last)).toEqual({ millis: T0, counter: 0xffff, node: 'a' });
    const overflowed = clock.now();
    expect(decodeHlc(overflowed)).toEqual({ millis: T0 + 1, counter: 0, node: 'a' });
    expect(overflowed > last).toBe(true);
  });

  it('resumes after the last timestamp it was given, even with a wall clock behind it', () => {
    const last = encodeHlc({ millis: T0 + 10, counter: 0xfffe, node: 'a' });
    const clock = new HlcClock('a', () => T0, last);
    const first = clock.now();
    expect(decodeHlc(first)).toEqual({ millis: T0 + 10, counter: 0xffff, node: 'a' });
    expect(decodeHlc(clock.now())).toEqual({ millis: T0 + 11, counter: 0, node: 'a' });
    expect(first > last).toBe(true);
  });

  it.each([{ last: null }, { last: undefined }, { last: '' }])('starts fresh when last is $last', ({ last }) => {
    const clock = new HlcClock('a', () => T0, last);
    expect(clock.now()).toBe(encodeHlc({ millis: T0, counter: 0, node: 'a' }));
  });

  it.each(['', 'a-b', 'node 1', 'nödé', 'a_b'])('rejects node id %j', (node) => {
    expect(() => new HlcClock(node, () => T0)).toThrow(/alphanumeric/);
  });

  it('rejects a malformed last value', () => {
    expect(() => new HlcClock('a', () => T0, 'yesterday')).toThrow(/Not a hybrid logical clock value/);
  });
});

describe('HlcClock.receive', () => {
  it('a remote clock ahead of ours makes later local timestamps sort after it', () => {
    const local = new HlcClock('a', () => T0);
    local.now();
    const remote = encodeHlc({ millis: T0 + 60_000, counter: 5, node: 'b' });
    local.receive(remote);
    const next = local.now();
    expect(next > remote).toBe(true);
    expect(decodeHlc(next)).toEqual({ millis: T0 + 60_000, counter: 6, node: 'a' });
  });

  it('same millisecond, higher remote counter: local continues after the remote counter', () => {
    const local = new HlcClock('a', () => T0);
    local.now();
    const remote = encodeHlc({ millis: T0, counter: 40, node: 'b' });
    local.receive(remote);
    expect(decodeHlc(local.now())).toEqual({ millis: T0, counter: 41, node: 'a' });
  });

  it('an equal remote timestamp from another node still sorts before the next local one', () => {
    const local = new HlcClock('z', () => T0);
    const mine = decodeHlc(local.now());
    const remote = encodeHlc({ ...mine, node: 'zz' });
    local.receive(remote);
    expect(local.now() > remote).toBe(true);
  });

  it('a remote clock behind ours changes nothing', () => {
    const withReceive = new HlcClock('a', () => T0);
    const without = new HlcClock('a', () => T0);
    withReceive.now();
    without.now();
    withReceive.receive(encodeHlc({ millis: T0 - 5_000, counter: 0xffff, node: 'b' }));
    expect(withReceive.now()).toBe(without.now());
  });

  it('later local timestamps sort after every received one (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant<'tick'>('tick'),
            fc.record({ millis: fc.integer({ min: T0 - 10_000, max: T0 + MAX_DRIFT_MS }), counter: fc.integer({ min: 0, max: 0xffff }) }),
          ),
          { maxLength: 100 },
        ),
        (events) => {
          const clock = new HlcClock('a', () => T0);
          let highest = '';
          for (const event of events) {
            if (event === 'tick') {
              const stamp = clock.now();
              expect(stamp > highest).toBe(true);
              highest = stamp;
            } else {
              const remote = encodeHlc({ ...event, node: 'b' });
              clock.receive(remote);
              if (remote > highest) highest = remote;
            }
          }
          expect(clock.now() > highest).toBe(true);
        },
      ),
    );
  });

  it('accepts a remote clock exactly at the drift limit', () => {
    const local = new HlcClock('a', () => T0);
    const remote = encodeHlc({ millis: T0 + MAX_DRIFT_MS, counter: 0, node: 'b' });
    expect(() => local.receive(remote)).not.toThrow();
    expect(local.now() > remote).toBe(true);
  });

  it.each([1, 60_000, 24 * 3_600_000])('rejects a remote clock %i ms past the drift limit, and keeps its own state', (excess) => {
    const local = new HlcClock('a', () => T0);
    const before = decodeHlc(local.now());
    const remote = encodeHlc({ millis: T0 + MAX_DRIFT_MS + excess, counter: 0, node: 'b' });
    expect(() => local.receive(remote)).toThrow(/ahead of this device/);
    expect(decodeHlc(local.now())).toEqual({ ...before, counter: before.counter + 1 });
  });

  it('judges drift against the wall clock, not the local clock', () => {
    // Our HLC already runs ahead (e.g. after an earlier merge), but the wall clock decides.
    const wall = manualClock();
    const local = new HlcClock('a', wall.now, encodeHlc({ millis: T0 + MAX_DRIFT_MS, counter: 0, node: 'a' }));
    expect(() => local.receive(encodeHlc({ millis: T0 + MAX_DRIFT_MS + 1, counter: 0, node: 'b' }))).toThrow();
    wall.set(T0 + 1);
    expect(() => local.receive(encodeHlc({ millis: T0 + MAX_DRIFT_MS + 1, counter: 0, node: 'b' }))).not.toThrow();
  });

  it('rejects a malformed remote value', () => {
    const local = new HlcClock('a', () => T0);
    expect(() => local.receive('not-a-clock')).toThrow(/Not a hybrid logical clock value/);
  });

  it('two replicas exchanging timestamps never produce a stamp older than one they have seen', () => {
    const wallA = manualClock(T0);
    const wallB = manualClock(T0 - 2_000); // B's clock runs two seconds slow
    const a = new HlcClock('A', wallA.now);
    const b = new HlcClock('B', wallB.now);
    const fromA = a.now();
    b.receive(fromA);
    const fromB = b.now();
    expect(fromB > fromA).toBe(true);
    a.receive(fromB);
    expect(a.now() > fromB).toBe(true);
  });
});
