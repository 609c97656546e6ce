// The service as `npm start` runs it: a real child process, on each driver.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from '../support/databases.ts';
import { freePort, startServiceProcess, type ServiceProcess } from '../support/process.ts';

const started: ServiceProcess[] = [];
afterAll(() => {
  for (const service of started) service.child.kill('SIGKILL');
});

async function start(env: Record<string, string>) {
  const service = startServiceProcess(env, { port: await freePort() });
  started.push(service);
  return service;
}

async function stopWithSigterm(service: ServiceProcess) {
  const began = Date.now();
  service.child.kill('SIGTERM');
  const exit = await service.exited;
  return { ...exit, ms: Date.now() - began };
}

describe('the service process [pglite]', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ombud-data-'));
  let service: ServiceProcess;

  it('starts with no environment: migrations on PGlite, one line says where to chat and how to turn Slack and OpenAI on', async () => {
    service = await start({ DATA_DIR: dataDir });
    const line = await service.waitForLog(/^Ombud is running/);
    expect(line.msg).toContain(`open the chat at http://localhost:${service.port}/`);
    expect(line.msg).toContain(`embedded PGlite in ${dataDir}`);
    expect(line.msg).toContain('Slack agent desk: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on)');
    expect(line.msg).toContain('OpenAI fallback: off (set OPENAI_API_KEY to turn it on)');
    const migrations = await service.waitForLog(/^migrations done/);
    expect(migrations.applied).toContain('0001_initial_schema');
    // every stdout line is one JSON object
    for (const printed of service.stdout) expect(() => JSON.parse(printed)).not.toThrow();
  }, 90_000); // a first start on a busy machine: PGlite's first folder and every migration

  it('answers /healthz and /readyz with 200', async () => {
    const health = await fetch(`http://127.0.0.1:${service.port}/healthz`);
    const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`);
    expect([health.status, ready.status]).toEqual([200, 200]);
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs each request as JSON with its request id', async () => {
    await fetch(`http://127.0.0.1:${service.port}/no-such-page?token=secret-value`, {
      headers: { 'x-request-id': 'req-42' },
    });
    const line = await service.waitForLog(/^request$/);
    expect(line).toMatchObject({ requestId: 'req-42', path: '/no-such-page', status: 404 });
    expect(service.stdout.join('\n')).not.toContain('secret-value');
  });

  it('a second start on the same data folder stops with a clear error', async () => {
    const second = await start({ DATA_DIR: dataDir });
    const exit = await second.exited;
    expect(exit.code).toBe(1);
    expect(second.stderr.join('\n')).toMatch(/DATA_DIR .* is in use by another Ombud process \(pid \d+\)/);
    // the first is unharmed
    expect((await fetch(`http://127.0.0.1:${service.port}/readyz`)).status).toBe(200);
  });

  it('SIGTERM stops it with exit code 0 within 10 s and frees the folder', async () => {
    const exit = await stopWithSigterm(service);
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    expect(existsSync(join(dataDir, 'ombud.lock'))).toBe(false);
    expect(service.stdout.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('starts again on the same folder with nothing left to migrate', async () => {
    const again = await start({ DATA_DIR: dataDir });
    const migrations = await again.waitForLog(/^migrations done/);
    expect(migrations.applied).toEqual([]);
    expect((await stopWithSigterm(again)).code).toBe(0);
  });
});

describe('a stop asked for during start-up [pglite]', () => {
  it('SIGTERM while migrations run still ends with exit code 0 and a free folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ombud-data-'));
    const service = await start({ DATA_DIR: dataDir });
    await service.waitForLog(/^applying migration/);
    const exit = await stopWithSigterm(service);
    expect(exit.code).toBe(0);
    expect(existsSync(join(dataDir, 'ombud.lock'))).toBe(false);
  });
});

describe('the service process [postgres]', () => {
  it('starts on DATABASE_URL, is ready, and stops on SIGINT with exit code 0', async () => {
    const database = await createServerDatabase();
    try {
      const service = await start({ DATABASE_URL: database.url });
      const line = await service.waitForLog(/^Ombud is running/);
      expect(line.msg).toContain(`PostgreSQL at 127.0.0.1:5432/${database.name}`);
      const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ok', database: 'postgres' });
      service.child.kill('SIGINT');
      expect((await service.exited).code).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
