// PGlite has no lock of its own, and two processes writing one data folder silently lose rows
// (docs/stack.md). So the folder holds a lock file with the owner's pid: a second start on the
// same folder stops with a clear error, and a lock whose process is dead (kill -9) is stale.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another Ombud process (pid ${pid}); PGlite allows one process per folder. ` +
        'Stop that process, choose another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server between processes.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process stays a zombie until its parent reaps it, and signal 0 still reaches a
  // zombie. On Linux its state in /proc tells: Z (zombie) or X (dead) holds no folder.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return process.platform !== 'linux';
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the folder's lock for this process; returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'ombud.lock');

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx'); // fails when the file exists: the atomic step
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        if (readPid(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readPid(file);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new DataDirLockedError(dataDir, owner);
    }
    // Stale (or half-written) lock. Move it aside rather than delete it, so that of two processes
    // clearing the same stale lock only one succeeds; if what we moved was a fresh lock of a
    // live process (it won the race between our read and our rename), put it back and give way.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readPid(aside);
    if (moved !== owner && moved !== undefined && isAlive(moved)) {
      renameSync(aside, file);
      throw new DataDirLockedError(dataDir, moved);
    }
    rmSync(aside, { force: true });
  }
  throw new Error(`could not take the lock file ${file}; remove it if no Ombud process is running`);
}
