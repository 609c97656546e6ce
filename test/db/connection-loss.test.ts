// A connection that dies in the middle of a transaction (the server restarted, a network cut):
// the transaction fails with an error its caller can handle, the process lives on, and the next
// transaction gets a fresh connection. pg's pool listens for errors only on idle connections,
// so without a listener of our own the dead socket's 'error' event ended the process (found by
// test/replicas, where replica B died when its database was cut mid-transaction).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

describe('a transaction whose connection dies [postgres]', () => {
  let proxy: TcpProxy;
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let db: Db;

  beforeAll(async () => {
    server = await createServerDatabase();
    const url = new URL(server.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    db = await openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 2 });
    await db.query('CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)');
  }, 30_000);

  afterAll(async () => {
    await db.close().catch(() => {});
    await proxy.close();
    await server.drop();
  });

  it('fails that transaction, writes none of it, and the next one works', async () => {
    const outcome = db.transaction(async (tx) => {
      await tx.query("INSERT INTO notes VALUES (1, 'written before the cut')");
      await proxy.cut(); // the socket dies while the transaction holds its connection, between statements
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.query("INSERT INTO notes VALUES (2, 'after the cut')");
    });
    await expect(outcome).rejects.toThrow();
    await proxy.restore();
    // still alive: a fresh connection, and nothing of the failed transaction was kept
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO notes VALUES (3, 'a later transaction')");
    });
    const { rows } = await db.query<{ id: number }>('SELECT id FROM notes ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual([3]);
  }, 30_000);
});
