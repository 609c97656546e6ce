import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpService, type HttpService } from '../../bot/http.ts';
import { openDatabase, type Db } from '../../db/index.ts';
import { createServerDatabase, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const silent = pino({ level: 'silent' });

async function readyz(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await probe();
  }
  return last;
}

describe('readiness follows the database [postgres]', () => {
  let proxy: TcpProxy;
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let db: Db;
  let http: HttpService;
  let port: number;

  beforeAll(async () => {
    server = await createServerDatabase();
    const url = new URL(server.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    db = await openDatabase({ kind: 'postgres', url: url.toString() });
    http = createHttpService({ db, log: silent });
    port = await http.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await http.stop(1_000);
    await db.close();
    await proxy.close();
    await server.drop();
  });

  it('/healthz and /readyz answer 200 while the database answers', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await readyz(port)).toEqual({ status: 200, body: { status: 'ok', database: 'postgres' } });
  });

  it('/readyz goes 503 with the error body when the database goes away, /healthz stays 200', async () => {
    await proxy.cut();
    const result = await eventually(
      () => readyz(port),
      (value) => value.status === 503,
    );
    expect(result).toEqual({
      status: 503,
      body: { error: { code: 'database_unavailable', message: expect.stringMatching(/database does not answer/) } },
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('/readyz answers 200 again by itself when the database is back', async () => {
    await proxy.restore();
    const result = await eventually(
      () => readyz(port),
      (value) => value.status === 200,
    );
    expect(result.status).toBe(200);
    const { rows } = await db.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });
});

describe('readiness follows the database [pglite]', () => {
  let database: TestDatabase;
  let http: HttpService;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase('pglite', { migrated: false });
    http = createHttpService({ db: database.db, log: silent });
    port = await http.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await http.stop(1_000);
  });

  it('/readyz answers 200 while the embedded database is open', async () => {
    expect(await readyz(port)).toEqual({ status: 200, body: { status: 'ok', database: 'pglite' } });
  });

  it('/readyz goes 503 once the embedded database is closed', async () => {
    await database.db.close();
    expect(await readyz(port)).toEqual({
      status: 503,
      body: { error: { code: 'database_unavailable', message: expect.any(String) } },
    });
  });
});
