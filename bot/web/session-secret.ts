// Where the session secret comes from. Production: SESSION_SECRET, shared by every replica (config
// already stops a start without it; the guard here keeps this module safe on its own). Development
// and test: 32 random bytes generated once and kept in <dataDir>/session-secret, so a restart
// does not sign every consumer out.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.ts';

export const SESSION_SECRET_FILE = 'session-secret';
const SECRET_BYTES = 32;
/** The file holds the bytes as 64 hex digits (and may end with a newline). */
const FILE_FORMAT = /^([0-9a-f]{64})\n?$/;

export interface SessionSecretSource {
  configured: string | undefined;
  nodeEnv: 'development' | 'production' | 'test';
  dataDir: string;
}

export type ResolvedSessionSecret =
  | { source: 'configured'; secret: string }
  /** Read from the file a previous start wrote. `note` says when its permissions were tightened. */
  | { source: 'file'; secret: Buffer; path: string; note?: string }
  | { source: 'generated'; secret: Buffer; path: string; note: string }
  /** The file was unreadable as a secret and was replaced: sessions signed before are void. */
  | { source: 'replaced'; secret: Buffer; path: string; note: string };

export async function resolveSessionSecret({
  configured,
  nodeEnv,
  dataDir,
}: SessionSecretSource): Promise<ResolvedSessionSecret> {
  if (configured) return { source: 'configured', secret: configured };
  if (nodeEnv === 'production') {
    throw new ConfigError(
      'SESSION_SECRET is required when NODE_ENV=production (replicas must share one secret; e.g. `openssl rand -hex 32`)',
    );
  }

  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, SESSION_SECRET_FILE);
  const existing = await readSecretFile(path);

  if (existing.kind === 'ok') {
    const note = await tightenMode(path);
    return note
      ? { source: 'file', secret: existing.secret, path, note }
      : { source: 'file', secret: existing.secret, path };
  }

  const secret = randomBytes(SECRET_BYTES);
  if (existing.kind === 'absent') {
    // Two development processes sharing a data folder may start together: link() creates the
    // file only if it is still absent, so both end up with the one secret that won.
    const created = await writeAtomically(path, secret, 'create');
    if (!created) {
      const winner = await readSecretFile(path);
      if (winner.kind === 'ok') return { source: 'file', secret: winner.secret, path };
      await writeAtomically(path, secret, 'replace');
    }
    return {
      source: 'generated',
      secret,
      path,
      note: `no SESSION_SECRET: generated a development session secret in ${path} (set SESSION_SECRET in production)`,
    };
  }

  await writeAtomically(path, secret, 'replace');
  return {
    source: 'replaced',
    secret,
    path,
    note: `the session secret in ${path} was ${existing.reason}; replaced it with a new one (chat sessions issued before are no longer valid)`,
  };
}

type FileState = { kind: 'ok'; secret: Buffer } | { kind: 'absent' } | { kind: 'corrupt'; reason: string };

async function readSecretFile(path: string): Promise<FileState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  const match = FILE_FORMAT.exec(text);
  if (match) return { kind: 'ok', secret: Buffer.from(match[1]!, 'hex') };
  if (text.trim().length === 0) return { kind: 'corrupt', reason: 'empty' };
  return { kind: 'corrupt', reason: `not ${SECRET_BYTES * 2} hex digits (${text.length} characters)` };
}

/**
 * Writes to a private temporary file, flushes it, then puts it in place in one step, so a crash
 * never leaves a half-written secret. 'create' answers false when the file appeared meanwhile.
 */
async function writeAtomically(path: string, secret: Buffer, mode: 'create' | 'replace'): Promise<boolean> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(`${secret.toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (mode === 'replace') {
      await rename(temporary, path);
      return true;
    }
    try {
      await link(temporary, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // Some file systems have no hard links; rename is still atomic, only not exclusive.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
        await rename(temporary, path);
        return true;
      }
      throw error;
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** A secret readable by others is a leak waiting to happen: make it owner-only again. */
async function tightenMode(path: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return undefined;
  await chmod(path, 0o600);
  return `the session secret in ${path} was readable by others (mode ${(mode & 0o777).toString(8)}); set it to 600`;
}
