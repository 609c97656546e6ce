// The design lives in docs/. A clone has no shared folder beside it, so no tracked file may send
// a reader there, or to the old page names (the architecture, domain, peers, dialog and style pages,
// the stack notes) unless the name is a docs/ path.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);

// Built from pieces so that this file does not match itself.
const OUTSIDE = new RegExp(
  [
    String.raw`\.\.[\\/]shared\b`,
    String.raw`\bshared[\\/]design\b`,
    String.raw`(?<!docs/)\b(?:${['ARCHITECTURE', 'DOMAIN', 'PEERS', 'DIALOG', 'STYLE'].join('|')})\.md\b`,
    String.raw`(?<!docs/)\bSTACK[-_]${'NOTES'}\b`,
  ].join('|'),
);

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
}

/** Every line of a tracked text file that refers outside the repo, as "path:line: text". */
function outsideReferences(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of files) {
    const url = new URL(path, ROOT);
    if (!existsSync(url)) continue; // deleted in the work tree, not yet committed
    const bytes = readFileSync(url);
    if (bytes.includes(0)) continue; // binary
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, index) => {
        if (OUTSIDE.test(line)) found.push(`${path}:${index + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('the design is in the repo', () => {
  it('recognises a reference to the outside pages, and leaves docs/ paths alone', () => {
    const refers = (text: string) => OUTSIDE.test(text);
    expect(refers(`// see ${'DOMAIN'}.md, "Entry to each tier"`)).toBe(true);
    expect(refers(`(${'STACK'}-NOTES.md)`)).toBe(true);
    expect(refers(`read ..${'/'}shared first`)).toBe(true);
    expect(refers(`in ${'shared'}/design/`)).toBe(true);
    expect(refers('// see docs/domain.md')).toBe(false);
    expect(refers(`docs/${'PEERS'}.md`)).toBe(false);
    expect(refers('the domain of the shop, zalando.se')).toBe(false);
  });

  it('no tracked file points to the design pages outside the repo', () => {
    const checked = trackedFiles().filter((path) => !path.startsWith('node_modules/'));
    expect(checked.length).toBeGreaterThan(100);
    expect(outsideReferences(checked)).toEqual([]);
  });
});
