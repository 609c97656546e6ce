// Start and stop go through one last-in-first-out stack (bot/lifecycle.ts). A start that fails
// part-way leaves nothing running: the real service is started with a part failing at each stage
// where one can fail on a real machine (the database unreachable, the data folder unusable after
// the database, timers and the outbox have started, the chat port taken after every background
// loop has started, the metrics port taken after the chat port is listening), and afterwards it
// holds no database connection, no listening socket and no timer, and a fresh start on the same
// data works. The stack itself: last first, a part that fails to stop does not keep the others
// running, and a shutdown runs once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createReleasers, withReleasers, type ReleaseFailure } from '../../bot/lifecycle.ts';
import { createLogger } from '../../bot/log.ts';
import { startService } from '../../bot/service.ts';
import { createServerDatabase, DRIVERS, TEST_DATABASE_URL } from '../support/databases.ts';
import { freePort } from '../support/process.ts';

describe('the start and stop stack', () => {
  it('stops the parts last started first, once, and a part that fails to stop does not keep the rest running', async () => {
    const stopped: string[] = [];
    const failures: ReleaseFailure[] = [];
    const releasers = createReleasers((failure) => failures.push(failure));
    releasers.push('database', () => stopped.push('database'));
    releasers.push('timers', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      stopped.push('timers');
    });
    releasers.push('relay', () => {
      throw new Error('relay would not stop');
    });
    releasers.push('http', () => stopped.push('http'));
    await Promise.all([releasers.releaseAll(), releasers.releaseAll()]);
    await releasers.releaseAll();
    expect(stopped).toEqual(['http', 'timers', 'database']);
    expect(failures.map((f) => [f.name, (f.error as Error).message])).toEqual([['relay', 'relay would not stop']]);
    expect(() => releasers.push('late', () => {})).toThrow(/stopping/);
  });

  it('a start that throws stops what it had started before the error goes on', async () => {
    const stopped: string[] = [];
    const failing = withReleasers(
      () => {},
      async (releasers) => {
        releasers.push('first', () => stopped.push('first'));
        releasers.push('second', () => stopped.push('second'));
        throw new Error('third part failed');
      },
    );
    await expect(failing).rejects.toThrow('third part failed');
    expect(stopped).toEqual(['second', 'first']);
    const started = await withReleasers(
      () => {},
      async (releasers) => {
        releasers.push('only', () => stopped.push('only'));
        return 42;
      },
    );
    expect(started.value).toBe(42);
    expect(stopped).toEqual(['second', 'first']);
    await started.releaseAll();
    expect(stopped).toEqual(['second', 'first', 'only']);
  });
});

/** Listening sockets and timers of this process: what a part left running would show as. */
function running(): { servers: number; timers: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    servers: resources.filter((r) => r === 'TCPServerWrap').length,
    timers: resources.filter((r) => r === 'Timeout').length,
  };
}

async function connectionsTo(database: string): Promise<number> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as { port: number }).port, server };
}

/** Waits for what the failed start left to settle (a closed socket's handle goes on the next turns). */
async function settled<T>(read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 40 && !done(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

for (const kind of DRIVERS) {
  describe(`a start that fails part-way leaves nothing running [${kind}]`, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    /** A port another server listens on, until the file's end. */
    async function takenPort(): Promise<{ port: number }> {
      const taken = await occupy();
      cleanups.push(() => new Promise<void>((resolve) => taken.server.close(() => resolve())));
      return taken;
    }

    async function setting(extra: Record<string, string> = {}) {
      const dataDir = mkdtempSync(join(tmpdir(), 'ombud-start-stop-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      if (server) cleanups.push(() => server.drop());
      const values = {
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: 'start-stop-test-secret-0123456789abcdef',
        LOG_LEVEL: 'silent',
        ...(server ? { DATABASE_URL: server.url } : {}),
        ...extra,
      };
      return { values, database: server?.name, dataDir };
    }

    /** Nothing of the failed start remains; then the same settings start and stop cleanly. */
    async function expectNothingLeft(
      before: { servers: number; timers: number },
      values: Record<string, string>,
      database?: string,
    ) {
      const after = await settled(running, (now) => now.servers <= before.servers && now.timers <= before.timers);
      expect(after.servers).toBeLessThanOrEqual(before.servers);
      expect(after.timers).toBeLessThanOrEqual(before.timers);
      if (database)
        expect(
          await settled(
            () => connectionsTo(database),
            (n) => n === 0,
          ),
        ).toBe(0);
      // The data folder's database (PGlite holds it alone) and the port are free again.
      const again = await startService(loadConfig(values), createLogger('silent'));
      const health = await fetch(`http://127.0.0.1:${again.port}/healthz`);
      expect(health.status).toBe(200);
      await again.stop();
    }

    it('the chat port is taken: every background loop that had started is stopped', async () => {
      const taken = await takenPort();
      const { values, database } = await setting({ PORT: String(taken.port) });
      const before = running();
      await expect(startService(loadConfig(values), createLogger('silent'))).rejects.toThrow(/EADDRINUSE/);
      await expectNothingLeft(before, { ...values, PORT: String(await freePort()) }, database);
    }, 60_000);

    it('the metrics port is taken: the chat port that was already listening is closed too', async () => {
      const taken = await takenPort();
      const { values, database } = await setting({ METRICS_PORT: String(taken.port) });
      const before = running();
      await expect(startService(loadConfig(values), createLogger('silent'))).rejects.toThrow(/EADDRINUSE/);
      // The chat port it had listened on is free: a server can take it.
      const probe = createServer().listen(Number(values.PORT), '127.0.0.1');
      await once(probe, 'listening');
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      await expectNothingLeft(before, { ...values, METRICS_PORT: String(await freePort()) }, database);
    }, 60_000);

    if (kind === 'postgres') {
      it('the data folder is unusable after the database, the timers and the outbox have started', async () => {
        const { values, database, dataDir } = await setting();
        // With no SESSION_SECRET the secret is kept in the data folder, which is now under a file.
        const file = join(dataDir, 'not-a-folder');
        writeFileSync(file, 'a file where the data folder should be');
        const before = running();
        await expect(
          startService(
            loadConfig({ ...values, SESSION_SECRET: '', DATA_DIR: join(file, 'data') }),
            createLogger('silent'),
          ),
        ).rejects.toThrow(/ENOTDIR|EEXIST/);
        await expectNothingLeft(before, values, database);
      }, 60_000);

      it('the database is unreachable: the start fails with nothing started', async () => {
        const { values } = await setting();
        const closedPort = await freePort();
        const before = running();
        await expect(
          startService(
            loadConfig({ ...values, DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/nowhere` }),
            createLogger('silent'),
          ),
        ).rejects.toThrow();
        await expectNothingLeft(before, values);
      }, 60_000);
    }
  });
}
