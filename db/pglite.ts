// The embedded driver: PGlite (PostgreSQL compiled to WebAssembly) in this process, under a data
// folder, so that `npm start` needs no database server. Where it differs from PostgreSQL:
// - one connection: queries queue behind each other and behind an open transaction;
// - inside transaction() only `tx` may be used; a call on the instance itself waits forever;
// - `query` takes one statement, so several statements (migrations) go through `exec`;
// - it is PostgreSQL 18 while the servers we support are 15+: write no SQL newer than 15;
// - LISTEN/NOTIFY work within the process only, which is all one process needs.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
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
    pglite = await PGlite.create(dataDir ? `${dataDir}/pgdata` : 'memory://');
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
