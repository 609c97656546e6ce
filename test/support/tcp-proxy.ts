// A TCP proxy the test controls, to take the database away from the service without stopping
// the shared PostgreSQL server that other test files use, or to stand in front of replicas as a
// load balancer does (retarget: new connections go to another replica).
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones: the database is "gone". */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  /** New connections go to `target` from now on; open ones stay where they are. */
  retarget(target: { host: string; port: number }): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let current = target;

  async function open() {
    server = createServer((client) => {
      const upstream = connect(current.port, current.host);
      sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
  }

  async function shut() {
    if (!server) return;
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  await open();
  return {
    get port() {
      return port;
    },
    cut: shut,
    restore: open,
    retarget(next) {
      current = next;
    },
    close: shut,
  };
}
