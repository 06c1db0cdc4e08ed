// Worker: opens (migrates) the database file and seeds the demo set on a first start, reporting
// progress, so neither the Electron main loop nor the host's event loop is blocked by it.
import { parentPort, workerData } from 'node:worker_threads';
import { createAppContext } from '../context';
import type { PrepareOptions } from '../prepare';

async function run(): Promise<void> {
  const options = workerData as PrepareOptions;
  const started = Date.now();
  const ctx = await createAppContext({
    dbPath: options.dbPath,
    migrationsFolder: options.migrationsFolder,
    appVersion: 'worker',
    demo: options.demo,
    demoOptions: {
      ...(options.demoLeads ? { leads: options.demoLeads } : {}),
      onProgress: (phase, done, total) => parentPort?.postMessage({ type: 'progress', phase, done, total, elapsedMs: Date.now() - started }),
    },
  });
  const migrated = ctx.migration.applied;
  const backup = ctx.migration.backupPath;
  ctx.close();
  parentPort?.postMessage({ type: 'done', migrated, backup });
}

run().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
});
