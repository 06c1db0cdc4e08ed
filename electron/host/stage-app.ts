// Stages the built app for electron-builder (electron-builder.yml, directories.app: build/app):
// the bundles, the migrations and a package.json with only the runtime dependencies. The native
// module is then installed and rebuilt for Electron in build/app/node_modules, never in ours.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function main(): void {
  const out = join(REPO_ROOT, 'out');
  if (!existsSync(join(out, 'main', 'index.js'))) throw new Error('Build first: npm run build');
  const stage = join(REPO_ROOT, 'build', 'app');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(out, join(stage, 'out'), { recursive: true });
  cpSync(join(REPO_ROOT, 'db', 'migrations'), join(stage, 'db', 'migrations'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
  const electronVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(
    join(stage, 'package.json'),
    JSON.stringify(
      {
        name: pkg.name,
        productName: 'Convio Console',
        version: pkg.version,
        description: pkg.description,
        license: pkg.license,
        author: 'Convio',
        main: './out/main/index.js',
        dependencies: pkg.dependencies,
        // electron-builder reads the Electron version to target from here.
        devDependencies: { electron: electronVersion },
      },
      null,
      2,
    ),
  );
  console.log(`Staged the app in ${stage} for Electron ${electronVersion}.`);
}

main();
