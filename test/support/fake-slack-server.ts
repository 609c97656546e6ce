// A local stand-in for Slack's Web API, for the service run as a child process (nock reaches only
// the process it runs in): point SLACK_API_URL at `url`. It answers every method with `ok: true`
// (a post gets a fresh ts), records each call with what it answered, and lets the caller make
// chosen calls fail with 429 (Retry-After), 500 or 503 first, as Slack does when it is busy or
// broken. Started on a given port later than the service, it is Slack refusing connections until then.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeSlackCall {
  method: string;
  body: Record<string, string>;
  /** The HTTP status it was answered with. */
  status: number;
  /** The ts given to a successful chat.postMessage. */
  ts?: string;
}

/** What to answer a call with: 'ok', or a failure status (429 comes with Retry-After). */
export type FakeSlackAnswer = 'ok' | 429 | 500 | 503;

export interface FakeSlackServer {
  /** The Web API base, for SLACK_API_URL (ends with /api/). */
  url: string;
  calls: FakeSlackCall[];
  /** Successful card posts (chat.postMessage outside a thread), by the case ref they show. */
  cardPostsByRef(): Map<string, number>;
  close(): Promise<void>;
}

export const CASE_REF = /OMB-[0-9A-Z]{8}/;

async function readBody(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = JSON.parse(text || '{}') as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
    );
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startFakeSlack(
  options: {
    /** Decides each call's answer; `attempt` counts this method's calls so far (1 = the first). */
    answer?: (call: { method: string; body: Record<string, string>; attempt: number }) => FakeSlackAnswer;
    retryAfterSeconds?: number;
    botUserId?: string;
    /** Listen here (e.g. a port the service was pointed at before Slack was up); any free one by default. */
    port?: number;
  } = {},
): Promise<FakeSlackServer> {
  const calls: FakeSlackCall[] = [];
  const attempts = new Map<string, number>();
  let nextTs = 1;
  const server: Server = createServer(async (req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    let body: Record<string, string>;
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const attempt = (attempts.get(method) ?? 0) + 1;
    attempts.set(method, attempt);
    const answer = options.answer?.({ method, body, attempt }) ?? 'ok';
    if (answer === 429) {
      calls.push({ method, body, status: 429 });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(options.retryAfterSeconds ?? 1) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (answer === 500 || answer === 503) {
      calls.push({ method, body, status: answer });
      res
        .writeHead(answer, { 'content-type': 'text/plain' })
        .end(answer === 500 ? 'internal error' : 'service unavailable');
      return;
    }
    let reply: Record<string, unknown> = { ok: true };
    let ts: string | undefined;
    if (method === 'auth.test')
      reply = { ok: true, user_id: options.botUserId ?? 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
    if (method === 'chat.postMessage') {
      ts = `1764500000.${String(nextTs++).padStart(6, '0')}`;
      reply = { ok: true, channel: body.channel, ts };
    }
    if (method === 'chat.update') reply = { ok: true, channel: body.channel, ts: body.ts };
    calls.push({ method, body, status: 200, ts });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    cardPostsByRef() {
      const byRef = new Map<string, number>();
      for (const call of calls) {
        if (call.method !== 'chat.postMessage' || call.status !== 200 || call.body.thread_ts) continue;
        const ref = `${call.body.text ?? ''} ${call.body.blocks ?? ''}`.match(CASE_REF)?.[0];
        if (ref) byRef.set(ref, (byRef.get(ref) ?? 0) + 1);
      }
      return byRef;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface FakeSlackSocket {
  /** What apps.connections.open answers: the socket's ws:// address. */
  url: string;
  /** Every socket the desk opened, oldest first. */
  sockets: WebSocket[];
  /** The envelope ids the desk acknowledged. */
  acks: string[];
  close(): Promise<void>;
}

/** Slack's end of socket mode: greets each socket with hello, as Slack does, and records acknowledgements. */
export async function startFakeSlackSocket(): Promise<FakeSlackSocket> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const sockets: WebSocket[] = [];
  const acks: string[] = [];
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { envelope_id?: string };
      if (frame.envelope_id) acks.push(frame.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A1' },
        debug_info: { host: 'test' },
      }),
    );
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/`,
    sockets,
    acks,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
