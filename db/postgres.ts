// The PostgreSQL driver: a pg.Pool for queries and transactions, and one dedicated
// connection for LISTEN that reconnects by itself when the server goes away and comes back.
import pg from 'pg';
import type { Db, QueryOptions, QueryResult, Queryable, Unlisten } from './driver.ts';
import { assertChannelName, withTimeout } from './driver.ts';

// bigint (int8) as a JavaScript number, as PGlite returns it: ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export interface PostgresOptions {
  url: string;
  poolSize?: number;
  /** Called when the listening connection drops or comes back (for logs and readiness). */
  onListenerState?: (state: 'lost' | 'restored', error?: Error) => void;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

function toResult<Row>(result: pg.QueryResult): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}

function queryableOf(client: pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      return toResult<Row>(
        await client.query({ text: sql, values: params as unknown[] | undefined, name: options?.name }),
      );
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server emits 'error' on the pool; without a handler that
  // would crash the process on every database restart. The next checkout reconnects.
  pool.on('error', () => {});

  const listener = createListener(options);
  let closed = false;

  const db: Db = {
    kind: 'postgres',
    description: describeUrl(options.url),
    async query<Row>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      return toResult<Row>(
        await pool.query({ text: sql, values: params as unknown[] | undefined, name: options?.name }),
      );
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      // The pool listens for errors only on idle clients. A connection that dies while this one is
      // checked out (the server restarted, a proxy cut it) emits 'error' here, and an 'error'
      // nobody listens to ends the process: note it, and the client is discarded on release.
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(queryableOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error; // the connection is gone: do not hand it out again
        }
        throw error;
      } finally {
        client.removeListener('error', onError);
        if (broken) client.on('error', () => {}); // a dead socket may report twice; it is being discarded
        client.release(broken);
      }
    },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    async ping(timeoutMs = 2_000) {
      await withTimeout(pool.query('SELECT 1'), timeoutMs, 'the database ping');
    },
    async close() {
      if (closed) return;
      closed = true;
      await listener.close();
      await pool.end();
    },
  };
  return db;
}

/** One connection carries every LISTEN of this process; on loss it reconnects with backoff and listens again. */
function createListener(options: PostgresOptions) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  async function connect(): Promise<pg.Client> {
    const fresh = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5_000 });
    fresh.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    fresh.on('error', (error) => lose(fresh, error));
    fresh.on('end', () => lose(fresh, new Error('the listening connection ended')));
    await fresh.connect();
    for (const channel of handlers.keys()) await fresh.query(`LISTEN ${channel}`);
    return fresh;
  }

  function lose(lost: pg.Client, error: Error) {
    if (client !== lost || closed) return;
    client = undefined;
    options.onListenerState?.('lost', error);
    scheduleReconnect(250);
  }

  function scheduleReconnect(delayMs: number) {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(async () => {
      retryTimer = undefined;
      try {
        await ensureClient();
        options.onListenerState?.('restored');
      } catch {
        scheduleReconnect(Math.min(delayMs * 2, 5_000));
      }
    }, delayMs);
    retryTimer.unref();
  }

  async function ensureClient(): Promise<pg.Client> {
    if (client) return client;
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    client = await connecting;
    return client;
  }

  return {
    async listen(channel: string, onPayload: (payload: string) => void): Promise<Unlisten> {
      assertChannelName(channel);
      let set = handlers.get(channel);
      const first = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(onPayload);
      const current = await ensureClient();
      // LISTEN is idempotent: a client that connected just now may have listened to it already.
      if (first) await current.query(`LISTEN ${channel}`);
      return async () => {
        set.delete(onPayload);
        if (set.size === 0) {
          handlers.delete(channel);
          await client?.query(`UNLISTEN ${channel}`).catch(() => {});
        }
      };
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
