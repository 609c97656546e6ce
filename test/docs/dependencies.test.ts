// The rule for dependencies (docs/stack.md): every package the code imports is declared in
// package.json, and every declared version is exact, the one the lockfile installs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/process.ts';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};
const declared = { ...pkg.dependencies, ...pkg.devDependencies };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(?:ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The package a bare import names: "openai/helpers/zod" -> "openai", "@slack/bolt" -> "@slack/bolt". */
function packageOf(specifier: string): string | undefined {
  if (
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('node:') ||
    builtinModules.includes(specifier.split('/')[0]!)
  )
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('dependencies', () => {
  it('every package imported in the code is declared in package.json', () => {
    const undeclared = new Set<string>();
    const imported = new Set<string>();
    for (const dir of ['bot', 'db', 'intents', 'routing', 'bench', 'test']) {
      for (const file of sourceFiles(join(REPO_ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(
          /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
        )) {
          const name = packageOf(m[1] ?? m[2]!);
          if (name) imported.add(name);
          if (name && !(name in declared)) undeclared.add(`${name} (${file.slice(REPO_ROOT.length + 1)})`);
        }
      }
    }
    // The scan sees the imports at all: the stack's own packages are among them.
    expect([...imported]).toEqual(
      expect.arrayContaining([
        '@slack/bolt',
        '@slack/web-api',
        'botkit',
        'natural',
        'openai',
        'pg',
        'zod',
        'vitest',
        'nock',
      ]),
    );
    expect([...undeclared]).toEqual([]);
  });

  it('every declared version is exact and is the one the lockfile installs', () => {
    const loose = Object.entries(declared).filter(([, version]) => !/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(version));
    expect(loose).toEqual([]);
    const differs = Object.entries(declared).filter(
      ([name, version]) => lock.packages[`node_modules/${name}`]?.version !== version,
    );
    expect(differs).toEqual([]);
  });
});
