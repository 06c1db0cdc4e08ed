// `npm start`: open the desktop app. Where the Electron runtime is missing and cannot be installed
// (no network to its download host, as on the build machine), say so in one line and serve the
// same console in the browser instead, so the main job always runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import { serve } from './serve';

function electronBinary(): string | null {
  const pkgDir = join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pkgDir)) return null;
  if (!existsSync(pathFile)) {
    // electron's own installer; quiet, and bounded so an offline machine does not hang here.
    spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 120_000, cwd: pkgDir });
  }
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const binary = process.env.CONVIO_FORCE_BROWSER ? null : electronBinary();
  if (binary) {
    const child = spawn(binary, [REPO_ROOT, ...argv], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code === 0) return;
    console.log(`The Electron runtime exited with code ${code}; serving the console in your browser instead.`);
  } else {
    console.log('The Electron runtime is not installed and could not be downloaded here; serving the same console in your browser instead.');
  }
  await serve(argv);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
