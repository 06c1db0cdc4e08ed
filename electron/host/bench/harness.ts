// The benchmark contract (Step 1): every workload runs beside a baseline in the same process run;
// figures are medians of several rounds, and the ratio is ours / baseline.

export interface WorkloadResult {
  name: string;
  rows: number;
  ours_s: number;
  baseline: string;
  baseline_s: number;
  ratio: number;
  peak_rss_mb: number;
  target?: string;
  note?: string;
}

export interface Workload {
  name: string;
  /** Rows the workload runs over, at this scale. */
  rows(scale: number): number;
  baseline: string;
  /** e.g. "ratio ≤ 3" */
  target: string;
  /** Builds data and returns the two operations to time, and a cleanup. */
  setup(scale: number, log: (line: string) => void): Promise<Prepared>;
}

export interface Prepared {
  ours(i: number): unknown;
  baseline(i: number): unknown;
  /** Operations per timed batch; one when a single operation is already long. */
  batch?: number;
  rounds?: number;
  /** Checked against the ratio; return a message if the target is missed. */
  check?(ratio: number): string | null;
  note?(): string | undefined;
  teardown(): Promise<void> | void;
}

export function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeBatch(fn: (i: number) => unknown, start: number, batch: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) {
    const result = fn(start + i);
    if (result instanceof Promise) await result;
  }
  return Number(process.hrtime.bigint() - t0) / 1e9 / batch;
}

export function peakRssMb(): number {
  // ru_maxrss is in kilobytes on Linux and macOS.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function measure(workload: Workload, scale: number, log: (line: string) => void): Promise<WorkloadResult> {
  const prepared = await workload.setup(scale, log);
  try {
    const batch = prepared.batch ?? 1;
    const rounds = prepared.rounds ?? 9;
    // Warm up both paths (statement caches, JIT) before timing.
    await timeBatch(prepared.ours, 0, batch);
    await timeBatch(prepared.baseline, 0, batch);
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first so drift in the machine's state does not favour either.
      if (r % 2 === 0) {
        ours.push(await timeBatch(prepared.ours, (r + 1) * batch, batch));
        base.push(await timeBatch(prepared.baseline, (r + 1) * batch, batch));
      } else {
        base.push(await timeBatch(prepared.baseline, (r + 1) * batch, batch));
        ours.push(await timeBatch(prepared.ours, (r + 1) * batch, batch));
      }
    }
    const oursS = median(ours);
    const baseS = median(base);
    const note = prepared.note?.();
    return {
      name: workload.name,
      rows: workload.rows(scale),
      ours_s: oursS,
      baseline: workload.baseline,
      baseline_s: baseS,
      ratio: oursS / baseS,
      peak_rss_mb: peakRssMb(),
      target: workload.target,
      ...(note ? { note } : {}),
    };
  } finally {
    await prepared.teardown();
  }
}

export function formatTable(results: WorkloadResult[]): string {
  const header = ['workload', 'rows', 'ours', 'baseline', 'base time', 'ratio', 'target', 'peak RSS'];
  const fmt = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} µs`);
  const rows = results.map((r) => [r.name, r.rows.toLocaleString('en-US'), fmt(r.ours_s), r.baseline, fmt(r.baseline_s), r.ratio.toFixed(2), r.target ?? '', `${r.peak_rss_mb} MB`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
