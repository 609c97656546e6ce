// Logs: JSON lines for machines, one readable line an entry when a person watches a terminal;
// the same fields and the same redaction either way.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, defaultLogFormat, readableLine } from '../../bot/log.ts';
import { freePort, REPO_ROOT } from '../support/process.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('log lines', () => {
  it('in text form: time, level, message, then the fields as key=value; a secret is redacted as in JSON', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream, 'text');
    log.info({ method: 'GET', path: '/api/cases/OMB-1', status: 404, ms: 1.5, token: 'abc.def' }, 'request');
    log.warn({ reason: 'two words', user: { id: 'u1' } }, 'chat frame or connection refused');
    log.debug('not shown at info');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}request method=GET path=\/api\/cases\/OMB-1 status=404 ms=1\.5 token=\[redacted\]$/,
    );
    expect(lines[1]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} WARN {2}chat frame or connection refused reason="two words" user=\{"id":"u1"\}$/,
    );
  });

  it("an error shows its type and message on the line and its stack's frames below", () => {
    const { lines, stream } = capture();
    createLogger('info', stream, 'text').error({ err: new TypeError('boom') }, 'unhandled error');
    expect(lines[0]).toMatch(/ ERROR unhandled error err="TypeError: boom"$/);
    expect(lines[1]).toMatch(/^\s+at /);
  });

  it('in JSON form: one object a line, as before', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ caseRef: 'OMB-1' }, 'case opened');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'case opened', caseRef: 'OMB-1' });
  });

  it('a control character in a value is quoted, never written raw to the terminal', () => {
    const line = readableLine(
      JSON.stringify({ time: '2026-12-07T01:02:03.456Z', level: 'info', msg: 'x', path: '/a\u001b[2Jb' }),
    );
    expect(line).toBe('01:02:03.456 INFO  x path="/a\\u001b[2Jb"');
    expect(line).not.toContain('\u001b');
  });

  it('the form: text on a terminal, JSON otherwise, LOG_FORMAT decides when set', () => {
    expect(defaultLogFormat(undefined, { isTTY: true })).toBe('text');
    expect(defaultLogFormat(undefined, { isTTY: false })).toBe('json');
    expect(defaultLogFormat(undefined, {})).toBe('json');
    expect(defaultLogFormat('json', { isTTY: true })).toBe('json');
    expect(defaultLogFormat('text', {})).toBe('text');
  });
});

describe('npm start in a terminal', () => {
  it('prints readable lines, not JSON (run under a pseudo-terminal with script(1))', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const child = spawn('script', ['-qfec', `${process.execPath} --import tsx bot/main.ts`, '/dev/null'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'ombud-log-')),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line; printed:\n${out}`)), 55_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/Ombud is running/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`exited before starting; printed:\n${out}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    const started = out.split(/\r?\n/).find((line) => line.includes('Ombud is running'))!;
    expect(started).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}Ombud is running/);
    expect(out).not.toMatch(/^\{"level"/m);
  });
});
