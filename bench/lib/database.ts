// Every benchmark run gets a fresh PostgreSQL database of its own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server to create benchmark databases on: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local. */
export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function withFreshDatabase<T>(work: (url: string, name: string) => Promise<T>): Promise<T> {
  const name = `ombud_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString(), name);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
