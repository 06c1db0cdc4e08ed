// STYLE.md: shared/ imports nothing from Node, DOM or Electron; renderer/ imports only shared/
// and its own code; only electron/ imports db/. This reads every import and holds the line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.add((m[1] ?? m[2] ?? m[3])!);
  }
  return [...found];
}

/** Top-level folder a relative import lands in, or the package name of a bare import. */
function target(file: string, spec: string): { area: string | null; pkg: string | null } {
  if (spec.startsWith('.')) {
    const abs = resolve(dirname(file), spec);
    return { area: relative(ROOT, abs).split(/[\\/]/)[0] ?? null, pkg: null };
  }
  return { area: null, pkg: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]! };
}

const NODE_OR_ELECTRON = (pkg: string) => pkg.startsWith('node:') || pkg === 'electron' || ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'url', 'module', 'better-sqlite3', 'pg'].includes(pkg);

describe('process boundaries', () => {
  it('shared/ imports nothing from Node, Electron, the DOM or the database', () => {
    const bad: string[] = [];
    for (const file of files(join(ROOT, 'shared'))) {
      for (const spec of imports(file)) {
        const t = target(file, spec);
        if (t.pkg && (NODE_OR_ELECTRON(t.pkg) || t.pkg.startsWith('drizzle') || t.pkg.startsWith('react'))) bad.push(`${relative(ROOT, file)} -> ${spec}`);
        if (t.area && t.area !== 'shared') bad.push(`${relative(ROOT, file)} -> ${spec}`);
      }
      const text = readFileSync(file, 'utf8');
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/'[^'\n]*'|`[^`]*`/g, "''");
      if (/\b(window|document|localStorage|process\.env)\b/.test(code)) bad.push(`${relative(ROOT, file)} uses a DOM or Node global`);
    }
    expect(bad).toEqual([]);
  });

  it('renderer/ imports only shared/ and its own code, and no Node or Electron module', () => {
    const bad: string[] = [];
    for (const file of files(join(ROOT, 'renderer', 'src'))) {
      for (const spec of imports(file)) {
        const t = target(file, spec);
        if (t.pkg && NODE_OR_ELECTRON(t.pkg)) bad.push(`${relative(ROOT, file)} -> ${spec}`);
        if (t.area && t.area !== 'renderer' && t.area !== 'shared') bad.push(`${relative(ROOT, file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only electron/ (and tests) import db/', () => {
    const bad: string[] = [];
    for (const area of ['shared', 'renderer']) {
      for (const file of files(join(ROOT, area))) {
        for (const spec of imports(file)) if (target(file, spec).area === 'db') bad.push(`${relative(ROOT, file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('db/ never reaches up into electron/ or renderer/', () => {
    const bad: string[] = [];
    for (const file of files(join(ROOT, 'db'))) {
      for (const spec of imports(file)) {
        const area = target(file, spec).area;
        if (area === 'electron' || area === 'renderer') bad.push(`${relative(ROOT, file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('components reach the backend only through renderer/src/lib/api.ts', () => {
    const bad = files(join(ROOT, 'renderer', 'src'))
      .filter((f) => !f.endsWith(join('lib', 'api.ts')))
      .filter((f) => /window\.convio|fetch\(|EventSource/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(bad).toEqual([]);
  });

  it('every worker the main process starts is an entry of the build (the packaged app starts out/main/<name>.js)', () => {
    const config = readFileSync(join(ROOT, 'electron.vite.config.mts'), 'utf8');
    const started = new Set(files(join(ROOT, 'electron')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/spawnWorker\(\s*'([a-z-]+)'/g)].map((m) => m[1]!)));
    expect(started.size).toBeGreaterThanOrEqual(4);
    const missing = [...started].filter((name) => !config.includes(`'${name}': resolve(__dirname, 'electron/main/workers/${name}.ts')`) || !files(join(ROOT, 'electron', 'main', 'workers')).some((f) => f.endsWith(`${name}.ts`)));
    expect(missing).toEqual([]);
  });
});
