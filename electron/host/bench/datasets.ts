import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type AppDb } from '../../../db/connection';
import { setMeta } from '../../../db/queries/meta';
import { seedDemo, type DemoOptions } from '../../../db/seed/demo';
import { MIGRATIONS_FOLDER, REPO_ROOT } from '../paths';

/** The benchmarks' "now": fixed, so a data set is the same whenever it is built. */
export const BENCH_ANCHOR = new Date('2026-11-01T00:00:00Z');

/**
 * A benchmark database, built once (deterministic demo data, then `finish` for extra indexes) and
 * kept in .bench/<name>.sqlite for later runs. Built under a temporary name and renamed at the
 * end, so a run cut short never leaves a half-built set that looks complete.
 */
export async function benchDatabase(name: string, seed: DemoOptions, log: (line: string) => void, finish?: (db: AppDb) => void): Promise<string> {
  const dir = join(REPO_ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.sqlite`);
  if (existsSync(path)) return path;
  log(`building ${path} (once; reused by later runs)`);
  const tmp = `${path}.building`;
  rmSync(tmp, { force: true });
  const { db } = await openDatabase({ path: tmp, migrationsFolder: MIGRATIONS_FOLDER });
  const started = Date.now();
  seedDemo(db, {
    anchor: BENCH_ANCHOR,
    ...seed,
    onProgress: (phase, done, total) => {
      if (done % 100_000 === 0) log(`  ${phase} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
    },
  });
  setMeta(db, 'demo_seeded_at', new Date().toISOString());
  finish?.(db);
  db.sqlite.exec('ANALYZE');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  closeDatabase(db);
  renameSync(tmp, path);
  log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return path;
}
