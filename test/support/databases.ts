// Every database test runs twice: on PGlite and on real PostgreSQL. Each test file gets a
// database of its own on the server (created here, dropped after), so runs never see each
// other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrate, openDatabase, type Db } from '../../db/index.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const DRIVERS = ['pglite', 'postgres'] as const;
export type DriverKind = (typeof DRIVERS)[number];

function urlFor(database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the test server; returns its URL and how to drop it. */
export async function createServerDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `ombud_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: urlFor(name),
    name,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

export interface TestDatabase {
  kind: DriverKind;
  db: Db;
  /** Set for PostgreSQL: the URL of this file's own database. */
  url?: string;
  dispose(): Promise<void>;
}

export async function createTestDatabase(
  kind: DriverKind,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ kind: 'pglite' });
    if (options.migrated !== false) await migrate(db);
    return { kind, db, dispose: () => db.close() };
  }
  const server = await createServerDatabase();
  const db = await openDatabase({ kind: 'postgres', url: server.url }, { poolSize: 20 });
  if (options.migrated !== false) await migrate(db);
  return {
    kind,
    db,
    url: server.url,
    async dispose() {
      await db.close();
      await server.drop();
    },
  };
}

/**
 * Declares `body` once per driver; test names end in [pglite] or [postgres]. `current()` gives
 * the database of the driver being run (open from beforeAll to afterAll).
 */
export function describeEachDriver(
  title: string,
  body: (current: () => TestDatabase) => void,
  options: { migrated?: boolean } = {},
): void {
  for (const kind of DRIVERS) {
    describe(`${title} [${kind}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind, options);
      });
      afterAll(async () => {
        await database?.dispose();
      });
      body(() => {
        if (!database) throw new Error('the test database is not open yet');
        return database;
      });
    });
  }
}
