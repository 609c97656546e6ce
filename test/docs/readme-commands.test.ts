// Every operator command the README shows (`npm run <cli> -- ...` in its sh blocks) run as
// written, in order, on a fresh embedded database: each either works, or, where the README names
// a placeholder (a case reference, an account id) that this fresh database does not have, says
// so in one plain line with exit code 1 that names it. Never a stack trace, a raw ENOENT, a
// usage error or an error that names none of the command's values.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/process.ts';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
/** The operator CLIs: the service, the tests and the benchmarks are run elsewhere. */
const CLIS = new Set(['cases', 'complaints', 'merchants', 'ombudsman', 'report', 'purchases']);

/** The README's `npm run <cli> -- ...` lines, continuation lines joined, optional `[...]` parts left out, comments cut. */
function readmeCommands(): string[][] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n\s*/g, ''));
  const commands: string[][] = [];
  for (const line of blocks.flatMap((block) => block.split('\n'))) {
    const m = /^npm run (\S+) -- (.*)$/.exec(line.trim());
    if (!m || !CLIS.has(m[1]!)) continue;
    const args = m[2]!.replace(/\s+#.*$/, '').replace(/\[[^\]]*\]/g, ' ');
    const words = [...args.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((w) => w[1] ?? w[2] ?? w[3]!);
    commands.push([m[1]!, ...words]);
  }
  return commands;
}

const dataDir = mkdtempSync(join(tmpdir(), 'ombud-readme-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the README's operator commands", () => {
  const commands = readmeCommands();

  it('are found, and each names a script of package.json', () => {
    expect(commands.length).toBeGreaterThanOrEqual(20);
    for (const [script] of commands) expect(Object.keys(pkg.scripts)).toContain(script);
  });

  it('run as written on a fresh embedded database: each works or names the missing placeholder', async () => {
    const outcomes: string[] = [];
    for (const [script, ...args] of commands) {
      const run = await promisify(execFile)('npm', ['run', '--silent', script!, '--', ...args], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          DATA_DIR: join(dataDir, 'data'),
          LOG_LEVEL: 'warn',
        },
      }).then(
        (result) => ({ code: 0, stdout: result.stdout, stderr: result.stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      );
      const said = `npm run ${script} -- ${args.join(' ')}: exit ${run.code}: ${run.stderr.trim().slice(0, 300)}`;
      // A refusal names what the fresh database lacks: one of the command's own values (a case
      // reference, an id, a key), in one plain line. Any other error (a TypeError, SQL, a failed
      // migration) is printed as one line too, but names none of them.
      const placeholders = args.filter((arg) => !arg.startsWith('--'));
      const plainRefusal =
        run.code === 1 &&
        run.stderr.trim().split('\n').length <= 2 &&
        !/\bat .*\.ts:\d+|ENOENT|usage:/.test(run.stderr) &&
        placeholders.some((value) =>
          new RegExp(`(?<![\\w-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(run.stderr),
        );
      if (run.code !== 0 && !plainRefusal) outcomes.push(said);
    }
    expect(outcomes).toEqual([]);
  }, 600_000);
});
