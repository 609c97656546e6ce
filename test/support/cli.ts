// The operator CLIs (`npm run cases`, `report`, `purchases`, `merchants`) spawned as an operator
// runs them, on a database of each driver seeded by the test first: PostgreSQL a database of its
// own, PGlite a folder of its own (closed again before the CLI opens it: one process at a time).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db } from '../../db/index.ts';
import { createServerDatabase, type DriverKind } from './databases.ts';
import { REPO_ROOT } from './process.ts';

const SCRIPTS = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The file `npm run <script>` runs ("node --import tsx <file>"), so a CLI that moves is still the one tested. */
const scriptFile = (script: string) => SCRIPTS[script]!.split(' ').at(-1)!;

export function operatorCli(
  script: 'cases' | 'report' | 'purchases' | 'merchants' | 'ombudsman',
  env: Record<string, string>,
  ...args: string[]
) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', scriptFile(script), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Seeds a database of `kind` before the enclosing describe's tests (dropped after): `env()` is
 * what the CLI needs to find it (DATA_DIR or DATABASE_URL), `seeded()` what `seed` returned.
 */
export function seededForCli<T>(
  kind: DriverKind,
  seed: (db: Db) => Promise<T>,
): { env(): Record<string, string>; seeded(): T } {
  let env: Record<string, string> | undefined;
  let seeded: T | undefined;
  let drop = async () => {};
  beforeAll(async () => {
    if (kind === 'pglite') {
      const dataDir = mkdtempSync(join(tmpdir(), 'ombud-cli-'));
      const db = await openDatabase({ kind: 'pglite', dataDir });
      seeded = await seed(db);
      await db.close();
      env = { DATA_DIR: dataDir };
    } else {
      const server = await createServerDatabase();
      const db = await openDatabase({ kind: 'postgres', url: server.url });
      seeded = await seed(db);
      await db.close();
      env = { DATABASE_URL: server.url };
      drop = server.drop;
    }
  });
  afterAll(() => drop());
  return {
    env: () => env!,
    seeded: () => seeded!,
  };
}
