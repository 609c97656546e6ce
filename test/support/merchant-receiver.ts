// A merchant's webhook receiver for tests, as a merchant would write one (docs/events.md): it
// checks the Ombud-Signature with the merchant's secret, counts each event id's tries, and
// answers with the status `answer` gives (e.g. 503 for the first two tries of an event).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';

export interface Received {
  raw: string;
  body: {
    id: string;
    type: string;
    created: string;
    data: { dispute: Record<string, unknown>; fee?: unknown; request?: Record<string, unknown> };
  };
  signatureValid: boolean;
  status: number;
}

/** A merchant's webhook receiver: checks the signature with the merchant's secret, as docs/events.md shows. */
export async function startReceiver(options: {
  secret: () => string;
  answer: (body: Received['body'], attempt: number) => number;
}) {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = JSON.parse(raw) as Received['body'];
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['ombud-signature'] ?? ''));
    const signatureValid =
      match !== null &&
      Math.abs(Date.now() / 1000 - Number(match[1])) <= 300 &&
      timingSafeEqual(
        createHmac('sha256', options.secret()).update(`${match[1]}.${raw}`).digest(),
        Buffer.from(match[2]!, 'hex'),
      );
    const attempt = (attempts.get(body.id) ?? 0) + 1;
    attempts.set(body.id, attempt);
    const status = options.answer(body, attempt);
    received.push({ raw, body, signatureValid, status });
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/ombud`,
    received,
    accepted: () => received.filter((r) => r.status < 300),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
