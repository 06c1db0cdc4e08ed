import { writeFileSync } from 'node:fs';
import { flagNumber, flagString, type ParsedArgs } from '../args';
import { formatTable, measure, type Workload, type WorkloadResult } from './harness';
import { dashboard90d, dashboardAll, logCall } from './calls';
import { leadsPage1m } from './leads-page';
import { syncPull1m, syncPush1m, syncRoundtrip100 } from './sync';
import { importLeads1m } from './imports';
import { timeline10k } from './timeline';
import { rfmRecompute100k } from './rfm';
import { route100k } from './route';

export const WORKLOADS: Workload[] = [leadsPage1m, dashboard90d, dashboardAll, logCall, syncPush1m, syncPull1m, syncRoundtrip100, importLeads1m, rfmRecompute100k, timeline10k, route100k];

export async function runBench(args: ParsedArgs): Promise<void> {
  const scale = flagNumber(args, 'scale') ?? 1_000_000;
  const only = flagString(args, 'only');
  const jsonPath = flagString(args, 'json');
  const selected = only ? WORKLOADS.filter((w) => only.split(',').includes(w.name)) : WORKLOADS;
  if (selected.length === 0) throw new Error(`No workload named "${only}". Known: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  const results: WorkloadResult[] = [];
  for (const workload of selected) {
    console.log(`\n▶ ${workload.name} (scale ${scale.toLocaleString('en-US')})`);
    const result = await measure(workload, scale, (line) => console.log(`  ${line}`));
    results.push(result);
    console.log(`  ours ${(result.ours_s * 1e3).toFixed(3)} ms, baseline ${(result.baseline_s * 1e3).toFixed(3)} ms, ratio ${result.ratio.toFixed(2)}${result.note ? ` (${result.note})` : ''}`);
  }
  console.log(`\n${formatTable(results)}\n`);
  if (jsonPath) {
    writeFileSync(jsonPath, JSON.stringify({ workloads: results.map(({ target: _t, note: _n, ...r }) => r) }, null, 2));
    console.log(`Wrote ${jsonPath}`);
  }
}
