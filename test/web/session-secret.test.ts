import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../bot/config.ts';
import { SESSION_SECRET_FILE, resolveSessionSecret } from '../../bot/web/session-secret.ts';
import { issueSession, verifySession } from '../../bot/web/session.ts';

let dataDir: string;
const NOW = Date.parse('2026-03-02T10:00:00.000Z');

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ombud-secret-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const secretPath = () => join(dataDir, SESSION_SECRET_FILE);
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('the session secret', () => {
  it('uses SESSION_SECRET when it is set, in any environment, and writes nothing', async () => {
    for (const nodeEnv of ['production', 'development', 'test'] as const) {
      const resolved = await resolveSessionSecret({ configured: 'x'.repeat(40), nodeEnv, dataDir });
      expect(resolved).toEqual({ source: 'configured', secret: 'x'.repeat(40) });
    }
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('stops a production start without SESSION_SECRET', async () => {
    await expect(resolveSessionSecret({ configured: undefined, nodeEnv: 'production', dataDir })).rejects.toThrow(
      ConfigError,
    );
    await expect(resolveSessionSecret({ configured: '', nodeEnv: 'production', dataDir })).rejects.toThrow(
      /SESSION_SECRET is required/,
    );
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('in development generates 32 random bytes once, owner-only, and says so', async () => {
    const resolved = await resolveSessionSecret({ configured: undefined, nodeEnv: 'development', dataDir });
    expect(resolved.source).toBe('generated');
    if (resolved.source !== 'generated') throw new Error('unreachable');
    expect(resolved.secret).toHaveLength(32);
    expect(resolved.path).toBe(secretPath());
    expect(resolved.note).toMatch(/generated a development session secret/);
    expect(await modeOf(secretPath())).toBe(0o600);
    expect((await readFile(secretPath(), 'utf8')).trim()).toBe(resolved.secret.toString('hex'));
    // Only the secret is left: no temporary files.
    expect(await readdir(dataDir)).toEqual([SESSION_SECRET_FILE]);
  });

  it('reuses the kept secret after a restart, so sessions survive it', async () => {
    const first = await resolveSessionSecret({ configured: undefined, nodeEnv: 'test', dataDir });
    const session = issueSession(first.secret, { now: NOW });
    const second = await resolveSessionSecret({ configured: undefined, nodeEnv: 'test', dataDir });
    expect(second.source).toBe('file');
    expect(Buffer.from(second.secret)).toEqual(Buffer.from(first.secret));
    expect(verifySession(second.secret, session.token, NOW)).toMatchObject({ ok: true, user: session.user });
  });

  it('creates a missing data folder', async () => {
    const nested = join(dataDir, 'a', 'b');
    const resolved = await resolveSessionSecret({ configured: undefined, nodeEnv: 'development', dataDir: nested });
    expect(resolved.source).toBe('generated');
    expect(await readdir(nested)).toEqual([SESSION_SECRET_FILE]);
  });

  it('gives two starts at the same moment one and the same secret', async () => {
    const starts = await Promise.all(
      Array.from({ length: 4 }, () => resolveSessionSecret({ configured: undefined, nodeEnv: 'development', dataDir })),
    );
    const secrets = new Set(starts.map((s) => Buffer.from(s.secret).toString('hex')));
    expect(secrets.size).toBe(1);
    expect(starts.filter((s) => s.source === 'generated')).toHaveLength(1);
    expect((await readFile(secretPath(), 'utf8')).trim()).toBe([...secrets][0]);
    expect(await readdir(dataDir)).toEqual([SESSION_SECRET_FILE]);
  });

  it.each([
    ['a short file', 'abc123\n', /not 64 hex digits/],
    ['an empty file', '', /was empty/],
    ['non-hex text', 'z'.repeat(64), /not 64 hex digits/],
    ['a secret followed by junk', `${'a'.repeat(64)}\njunk`, /not 64 hex digits/],
  ])('replaces %s with a new secret and says that old sessions are void', async (_name, content, reason) => {
    await writeFile(secretPath(), content, { mode: 0o600 });
    const resolved = await resolveSessionSecret({ configured: undefined, nodeEnv: 'development', dataDir });
    expect(resolved.source).toBe('replaced');
    if (resolved.source !== 'replaced') throw new Error('unreachable');
    expect(resolved.note).toMatch(reason);
    expect(resolved.note).toMatch(/no longer valid/);
    expect(resolved.secret).toHaveLength(32);
    expect((await readFile(secretPath(), 'utf8')).trim()).toBe(resolved.secret.toString('hex'));
    expect(await modeOf(secretPath())).toBe(0o600);
    const again = await resolveSessionSecret({ configured: undefined, nodeEnv: 'development', dataDir });
    expect(again.source).toBe('file');
  });

  it('makes a kept secret that others can read owner-only again, and says so', async () => {
    const hex = 'ab'.repeat(32);
    await writeFile(secretPath(), `${hex}\n`);
    await chmod(secretPath(), 0o644);
    const resolved = await resolveSessionSecret({ configured: undefined, nodeEnv: 'development', dataDir });
    expect(resolved).toMatchObject({ source: 'file', note: expect.stringMatching(/readable by others \(mode 644\)/) });
    expect(Buffer.from(resolved.secret).toString('hex')).toBe(hex);
    expect(await modeOf(secretPath())).toBe(0o600);
  });

  it('keeps a file written without a trailing newline', async () => {
    const hex = 'cd'.repeat(32);
    await writeFile(secretPath(), hex, { mode: 0o600 });
    const resolved = await resolveSessionSecret({ configured: undefined, nodeEnv: 'development', dataDir });
    expect(resolved).toMatchObject({ source: 'file' });
    expect(resolved).not.toHaveProperty('note');
    expect(Buffer.from(resolved.secret).toString('hex')).toBe(hex);
  });
});
