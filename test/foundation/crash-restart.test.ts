// Killing the server (kill -9) during start-up and starting it again leaves a consistent schema:
// every migration recorded once, and the same tables and columns as a clean run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { freePort, startServiceProcess, type ServiceProcess } from '../support/process.ts';

const started: ServiceProcess[] = [];
afterAll(() => {
  for (const service of started) service.child.kill('SIGKILL');
});

async function schemaOf(db: Db) {
  const { rows } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  return rows;
}

async function migrationCounts(db: Db) {
  const { rows } = await db.query<{ version: number; count: number }>(
    'SELECT version, count(*)::int AS count FROM schema_migrations GROUP BY version ORDER BY version',
  );
  return rows;
}

async function referenceSchema() {
  const db = await openDatabase({ kind: 'pglite' });
  try {
    await migrate(db);
    return await schemaOf(db);
  } finally {
    await db.close();
  }
}

/** Kill points: as soon as the process starts, the moment it logs a migration, and when it is up. */
const KILL_POINTS = [
  {
    name: 'while the database opens',
    when: (service: ServiceProcess) => new Promise((resolve) => setTimeout(resolve, 700)).then(() => service),
  },
  {
    name: 'as a migration is applied',
    when: (service: ServiceProcess) => service.waitForLog(/^applying migration/).then(() => service),
  },
  {
    name: 'right after it is up',
    when: (service: ServiceProcess) => service.waitForLog(/^Ombud is running/).then(() => service),
  },
];

async function killDuringStartUp(env: Record<string, string>, point: (typeof KILL_POINTS)[number]) {
  const service = startServiceProcess(env, { port: await freePort() });
  started.push(service);
  // A kill point that never comes (the start already passed it) still ends in a kill.
  await Promise.race([point.when(service), service.exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  service.child.kill('SIGKILL');
  await service.exited;
}

async function startCleanlyAndStop(env: Record<string, string>) {
  const service = startServiceProcess(env, { port: await freePort() });
  started.push(service);
  await service.waitForLog(/^Ombud is running/);
  expect((await fetch(`http://127.0.0.1:${service.port}/readyz`)).status).toBe(200);
  service.child.kill('SIGTERM');
  expect((await service.exited).code).toBe(0);
}

describe('kill -9 during start-up, then a restart', () => {
  const expectedMigrations = readMigrations().map((migration) => ({ version: migration.version, count: 1 }));

  it.each(KILL_POINTS)(
    'leaves a consistent schema when killed $name [pglite]',
    async (point) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ombud-crash-'));
      await killDuringStartUp({ DATA_DIR: dataDir }, point);
      await startCleanlyAndStop({ DATA_DIR: dataDir });
      const db = await openDatabase({ kind: 'pglite', dataDir });
      try {
        expect(await migrationCounts(db)).toEqual(expectedMigrations);
        expect(await schemaOf(db)).toEqual(await referenceSchema());
      } finally {
        await db.close();
      }
    },
    90_000,
  );

  it.each(KILL_POINTS)(
    'leaves a consistent schema when killed $name [postgres]',
    async (point) => {
      const database = await createServerDatabase();
      try {
        await killDuringStartUp({ DATABASE_URL: database.url }, point);
        await startCleanlyAndStop({ DATABASE_URL: database.url });
        const db = await openDatabase({ kind: 'postgres', url: database.url });
        try {
          expect(await migrationCounts(db)).toEqual(expectedMigrations);
          expect(await schemaOf(db)).toEqual(await referenceSchema());
        } finally {
          await db.close();
        }
      } finally {
        await database.drop();
      }
    },
    90_000,
  );
});
