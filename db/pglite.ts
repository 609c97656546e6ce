// The embedded driver: PGlite (PostgreSQL compiled to WebAssembly) in this process, under a data
// folder, so that `npm start` needs no database server. Where it differs from PostgreSQL:
// - one connection: queries queue behind each other and behind an open transaction;
// - inside transaction() only `tx` may be used; a call on the instance itself waits forever;
// - `query` takes one statement, so several statements (migrations) go through `exec`;
// - it is PostgreSQL 18 while the servers we support are 15+: write no SQL newer than 15;
// - LISTEN/NOTIFY work within the process only, which is all one process needs.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db, QueryResult, Queryable } from './driver.ts';
import { assertChannelName, withTimeout } from './driver.ts';
import { lockDataDir } from './pglite-lock.ts';
import type { PGlite as PGliteInstance, Transaction } from '@electric-sql/pglite';

interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function queryableOf(target: PGliteLike): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, params as unknown[] | undefined);
      // PGlite reports 0 affected rows for a SELECT where pg reports the rows returned.
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

/**
 * PostgreSQL's own cache inside the embedded database. Its default, 128 MB, is memory PGlite
 * touches at start and keeps: the service held about 120 MB more with it (bench:memory). The
 * files it caches are also in the operating system's cache, and the embedded database is for
 * one machine's worth of cases; a deployment that outgrows it moves to PostgreSQL.
 */
const SHARED_BUFFERS = '16MB';

/** `dataDir` undefined means in memory (tests); a folder is locked for this process. */
export async function openPGlite(options: { dataDir?: string }): Promise<Db> {
  // Imported here, not at the top, so that a service on PostgreSQL never loads PGlite (~700 MB).
  const { PGlite } = await import('@electric-sql/pglite');
  let release = () => {};
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  let pglite: PGliteInstance;
  try {
    if (dataDir && !existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))) await initialiseApart(join(dataDir, 'pgdata'));
    pglite = await PGlite.create(dataDir ? `${dataDir}/pgdata` : 'memory://', {
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
    });
  } catch (error) {
    release();
    throw error;
  }

  const base = queryableOf(pglite);
  let closed = false;
  return {
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    ...base,
    transaction: (work) => pglite.transaction((tx: Transaction) => work(queryableOf(tx))),
    async listen(channel, onPayload) {
      assertChannelName(channel);
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    async ping(timeoutMs = 2_000) {
      if (closed || pglite.closed) throw new Error('the embedded database is closed');
      await withTimeout(pglite.query('SELECT 1'), timeoutMs, 'the database ping');
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * Creates a new data folder in a short-lived process of its own. PGlite runs initdb in a second
 * WebAssembly instance and keeps what it used: a service that created its folder held about
 * 700 MB more for the rest of its life than one that opened an existing folder (bench:memory).
 * Done apart, that memory goes back to the system when the process exits; this process then
 * opens the folder as on any later start.
 */
function initialiseApart(pgdata: string): Promise<void> {
  const module = import.meta.resolve('@electric-sql/pglite');
  const script =
    'const [module, pgdata] = process.argv.slice(1);' +
    'const { PGlite } = await import(module);' +
    'const db = await PGlite.create(pgdata);' +
    'await db.close();';
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script, module, pgdata],
      { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error)
          fail(new Error(`could not create the embedded database in ${pgdata}: ${stderr.trim() || error.message}`));
        else done();
      },
    );
  });
}
