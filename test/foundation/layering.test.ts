// The layers, as docs/architecture.md draws them: routing/ is pure (no database, no service, no
// network); db/ never reaches into the service (bot/); intents/ stands alone. The operator CLIs
// in db/cli/ read the service's configuration, and that file only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports (static, re-exported or dynamic), relative ones as paths from the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport\s*\(?)\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((specifier) =>
    specifier.startsWith('.') ? relative(ROOT, normalize(join(ROOT, dirname(file), specifier))) : specifier,
  );
}

function breaches(dir: string, allowed: (target: string, file: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((target) => !allowed(target, file))
      .map((target) => `${file} imports ${target}`),
  );
}

const isNodeBuiltin = (target: string) => target.startsWith('node:');

describe('layering', () => {
  it('routing/ imports only itself, zod and the pure text helpers of intents/ (labels, normalise)', () => {
    expect(
      breaches(
        'routing',
        (target) =>
          target.startsWith('routing/') ||
          target === 'zod' ||
          target === 'intents/labels.ts' ||
          target === 'intents/normalise.ts',
      ),
    ).toEqual([]);
  });

  it("db/ never imports bot/; its CLIs only the service's configuration", () => {
    expect(
      breaches('db', (target, file) => {
        if (!target.startsWith('bot/')) return true;
        return file.startsWith('db/cli/') && target === 'bot/config.ts';
      }),
    ).toEqual([]);
  });

  it('intents/ never imports bot/ or db/', () => {
    expect(breaches('intents', (target) => !target.startsWith('bot/') && !target.startsWith('db/'))).toEqual([]);
  });

  it('the scan sees imports: bot/ imports db/ and routing/', () => {
    const seen = sourceFiles('bot').flatMap(importsOf);
    expect(seen).toContain('db/index.ts');
    expect(seen).toContain('routing/index.ts');
    expect(seen.some(isNodeBuiltin)).toBe(true);
  });
});
