// Hybrid logical clock (Kulkarni et al.): physical ms + logical counter + node id.
// Encoded as a fixed-width string so that string order equals clock order; conflicts between
// replicas are resolved per column by comparing these strings (last writer wins).

export interface HlcTimestamp {
  millis: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 0xffff;
/** Reject remote clocks this far ahead of our wall clock: a bad device clock must not poison ours. */
export const MAX_DRIFT_MS = 5 * 60_000;

export function encodeHlc(ts: HlcTimestamp): string {
  return `${ts.millis.toString().padStart(15, '0')}-${ts.counter.toString(16).padStart(4, '0')}-${ts.node}`;
}

export function decodeHlc(value: string): HlcTimestamp {
  const match = /^(\d{15})-([0-9a-f]{4})-([0-9a-zA-Z]+)$/.exec(value);
  if (!match) throw new Error(`Not a hybrid logical clock value: "${value}"`);
  return { millis: Number(match[1]), counter: parseInt(match[2] ?? '0', 16), node: match[3] ?? '' };
}

export class HlcClock {
  private millis = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly wallClock: () => number = () => Date.now(),
    last?: string | null,
  ) {
    if (!/^[0-9a-zA-Z]+$/.test(node)) throw new Error(`HLC node id must be alphanumeric: "${node}"`);
    if (last) {
      const ts = decodeHlc(last);
      this.millis = ts.millis;
      this.counter = ts.counter;
    }
  }

  /** A new timestamp for a local event, strictly greater than every timestamp seen so far. */
  now(): string {
    const wall = this.wallClock();
    if (wall > this.millis) {
      this.millis = wall;
      this.counter = 0;
    } else {
      this.bump();
    }
    return encodeHlc({ millis: this.millis, counter: this.counter, node: this.node });
  }

  /** Merge a timestamp received from another replica so later local events sort after it. */
  receive(remote: string): void {
    const ts = decodeHlc(remote);
    const wall = this.wallClock();
    if (ts.millis > wall + MAX_DRIFT_MS) {
      throw new Error(`Remote clock ${remote} is more than ${MAX_DRIFT_MS / 60000} minutes ahead of this device`);
    }
    if (ts.millis > this.millis || (ts.millis === this.millis && ts.counter > this.counter)) {
      this.millis = ts.millis;
      this.counter = ts.counter;
    }
  }

  /** The newest timestamp issued or received so far (to persist across restarts). */
  last(): string {
    return encodeHlc({ millis: this.millis, counter: this.counter, node: this.node });
  }

  private bump(): void {
    this.counter++;
    if (this.counter > MAX_COUNTER) {
      this.millis++;
      this.counter = 0;
    }
  }
}
