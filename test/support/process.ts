// Start the real service as a child process, the way `npm start` does, and read its JSON logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  /** Every line printed so far on stdout and stderr. */
  stdout: string[];
  stderr: string[];
  /** Resolves with the first JSON log line whose msg matches. */
  waitForLog(match: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServiceProcess(env: Record<string, string>, options: { port?: number } = {}): ServiceProcess {
  const port = options.port ?? Number(env.PORT);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { match: RegExp; resolve: (line: Record<string, unknown>) => void }[] = [];
  const split = (target: string[], onLine?: (line: string) => void) => {
    let rest = '';
    return (chunk: Buffer) => {
      rest += chunk.toString('utf8');
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        target.push(line);
        onLine?.(line);
      }
    };
  };
  child.stdout!.on(
    'data',
    split(stdout, (line) => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line);
      } catch {
        return;
      }
      for (const waiter of [...waiters]) {
        if (waiter.match.test(String(parsed.msg ?? ''))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(parsed);
        }
      }
    }),
  );
  child.stderr!.on('data', split(stderr));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    port,
    stdout,
    stderr,
    exited,
    waitForLog(match, timeoutMs = 30_000) {
      for (const line of stdout) {
        try {
          const parsed = JSON.parse(line);
          if (match.test(String(parsed.msg ?? ''))) return Promise.resolve(parsed);
        } catch {
          // not a log line
        }
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no log line matching ${match} within ${timeoutMs} ms; stderr: ${stderr.join(' | ')}`)),
          timeoutMs,
        );
        const waiter = {
          match,
          resolve: (line: Record<string, unknown>) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        waiters.push(waiter);
        exited.then(() => {
          if (waiters.includes(waiter)) {
            clearTimeout(timer);
            reject(new Error(`the service exited before logging ${match}; stderr: ${stderr.join(' | ')}`));
          }
        });
      });
    },
  };
}

/** Starts the service on a free port and resolves once /readyz answers 200. */
export async function startReadyService(env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const service = startServiceProcess(env, { port: await freePort() });
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${service.port}/readyz`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return service;
    if (exited || Date.now() > deadline) {
      throw new Error(`the service on port ${service.port} did not get ready; stderr: ${service.stderr.join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The service, ready, on a PostgreSQL database of its own; `stop()` stops it and drops the database. */
export async function startServiceOnNewDatabase(env: Record<string, string> = {}) {
  const { createServerDatabase } = await import('./databases.ts');
  const database = await createServerDatabase();
  const service = await startReadyService({ DATABASE_URL: database.url, ...env });
  return {
    service,
    base: `http://127.0.0.1:${service.port}`,
    url: database.url,
    async stop() {
      service.child.kill('SIGTERM');
      await service.exited;
      await database.drop();
    },
  };
}

/**
 * The service, ready, on a fresh database of `kind`: a PGlite folder of its own, or a PostgreSQL
 * database of its own; `stop()` stops it and removes the database.
 */
export async function startServiceOnFreshDatabase(kind: 'pglite' | 'postgres', env: Record<string, string> = {}) {
  if (kind === 'postgres') return startServiceOnNewDatabase(env);
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = mkdtempSync(join(tmpdir(), 'ombud-service-'));
  const service = await startReadyService({ DATA_DIR: dataDir, ...env });
  return {
    service,
    base: `http://127.0.0.1:${service.port}`,
    url: undefined,
    async stop() {
      service.child.kill('SIGTERM');
      await service.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
