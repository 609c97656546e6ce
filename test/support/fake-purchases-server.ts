// A local stand-in for the payments core's purchase directory (PURCHASES_URL): GET
// ?consumer=<id>&since=YYYY-MM-DD answers `{"purchases": [...]}` with the purchases the test gave
// for that consumer (404 for one it does not know), as docs/purchases.md agrees. `answer` makes it
// misbehave as a real core can: slow, a failure status, a body that is not JSON, or JSON of
// another shape. It records every request with what it carried.
import { createServer, type ServerResponse } from 'node:http';
import { once } from 'node:events';

export interface FakePurchasesRequest {
  consumer: string | null;
  since: string | null;
  authorization: string | undefined;
}

export type FakePurchasesAnswer =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'status'; status: number }
  | { kind: 'body'; body: string };

export interface FakePurchasesServer {
  url: string;
  requests: FakePurchasesRequest[];
  /** What the next requests get; 'ok' until changed. */
  answer: FakePurchasesAnswer;
  close(): Promise<void>;
}

export async function startFakePurchases(purchasesByConsumer: Record<string, unknown[]>): Promise<FakePurchasesServer> {
  const open = new Set<ServerResponse>();
  const state: Pick<FakePurchasesServer, 'requests' | 'answer'> = { requests: [], answer: { kind: 'ok' } };
  const server = createServer((req, res) => {
    req.resume();
    open.add(res);
    res.on('close', () => open.delete(res));
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method !== 'GET' || url.pathname !== '/v1/purchases') {
      res.writeHead(404).end();
      return;
    }
    const consumer = url.searchParams.get('consumer');
    state.requests.push({ consumer, since: url.searchParams.get('since'), authorization: req.headers.authorization });
    const answer = state.answer;
    if (answer.kind === 'status') {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end('{"error":"stand-in failure"}');
      return;
    }
    if (answer.kind === 'body') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(answer.body);
      return;
    }
    const purchases = consumer === null ? undefined : purchasesByConsumer[consumer];
    const send = () => {
      if (res.destroyed) return;
      if (purchases === undefined)
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"unknown consumer"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ purchases }));
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
    else send();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/v1/purchases`,
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
