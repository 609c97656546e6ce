// One small interface over the two databases Ombud runs on: PostgreSQL through pg.Pool
// (DATABASE_URL set) and PGlite, embedded, under DATA_DIR (the default). Every module in db/
// writes the same SQL for both; where PGlite differs, its driver says so.

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Names a hot statement so PostgreSQL plans it once per connection and reuses the plan (a
   * prepared statement). bench:queue: a decision's write went from 0.90 to 0.54 ms. A name must
   * always go with the same SQL text. PGlite ignores it.
   */
  name?: string;
}

export interface Queryable {
  /** One statement with $1-style parameters. */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<Row>>;
  /** Several statements, no parameters: migrations. */
  exec(sql: string): Promise<void>;
}

export type Unlisten = () => Promise<void>;

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** A short description for logs: never contains a password. */
  readonly description: string;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Inside, use only `tx`: on PGlite a call on the outer Db deadlocks (docs/stack.md).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for every NOTIFY on `channel`, across reconnects. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<Unlisten>;
  /** Resolves when the database answers a trivial query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Rejects with a clear error when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Channel names go into LISTEN as identifiers, so only plain names are allowed. */
export function assertChannelName(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) {
    throw new Error(`invalid notification channel name: ${JSON.stringify(channel)}`);
  }
}
