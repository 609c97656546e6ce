import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpService } from '../../bot/http.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const silent = pino({ level: 'silent' });

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful stop', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('pglite', { migrated: false });
  });
  afterAll(async () => {
    await database.dispose();
  });

  function serviceWithSlowRoute(delayMs: number) {
    return createHttpService({
      db: database.db,
      log: silent,
      mount: (app) => {
        app.get('/slow', async (_req, res) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          res.json({ finished: true });
        });
      },
    });
  }

  it('finishes a request in flight, refuses new connections, then resolves', async () => {
    const http = serviceWithSlowRoute(400);
    const port = await http.listen(0, '127.0.0.1');
    const inFlight = get(port, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = http.stop(5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
    expect(await inFlight).toEqual({ status: 200, body: '{"finished":true}' });
    await stopped;
    expect(http.server.listening).toBe(false);
  });

  it('does not wait past its timeout for a request that never ends', async () => {
    const http = serviceWithSlowRoute(60_000);
    const port = await http.listen(0, '127.0.0.1');
    const stuck = get(port, '/slow').catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await http.stop(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await stuck).toBeInstanceOf(Error);
  });
});
