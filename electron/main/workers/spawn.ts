import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker by entry name. Bundled (electron-vite): out/main/<name>.js beside the main
 * bundle, which is __dirname there. From source (tsx, vitest): <name>.ts beside this file, loaded
 * through tsx's CommonJS hook inside the worker (loader flags of the parent do not reach workers
 * reliably on Node 20).
 */
export function spawnWorker(name: string, options: WorkerOptions = {}): Worker {
  const bundled = join(__dirname, `${name}.js`);
  if (existsSync(bundled)) return new Worker(bundled, options);
  const source = join(__dirname, `${name}.ts`);
  const tsxHook = createRequire(join(__dirname, 'spawn.ts')).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsxHook)}); require(${JSON.stringify(source)});`, { ...options, eval: true });
}
