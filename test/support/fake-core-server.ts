// A local stand-in for the payments core's webhook receiver (CORE_WEBHOOK_URL). It checks each
// request's Ombud-Signature on its own (HMAC-SHA256 of "t.body" with the shared secret, t within
// five minutes), records every try with how it was answered, and answers as the test says: 2xx,
// a chosen status, or silence (the request is held until the sender gives up or dies).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';

export interface CoreEventBody {
  id: string;
  type: string;
  created: string;
  data: Record<string, unknown>;
}

export interface FakeCoreCall {
  /** Of this event id, 1 = the first try that reached the stand-in. */
  attempt: number;
  event: CoreEventBody;
  raw: string;
  signatureValid: boolean;
  /** The status it was answered with; 'silence' when the sender gave up (or died) first. */
  answer: number | 'silence';
  /** Order of arrival over all calls, from 1. */
  arrived: number;
  /** Order of the answer over all calls; a silence counts when the sender hung up. */
  answered: number;
}

/** 'ok' (200), a status to answer with, or 'silence'. */
export type FakeCoreAnswer = 'ok' | number | 'silence';

export interface FakeCoreServer {
  url: string;
  calls: FakeCoreCall[];
  /** How many tries of each event id were answered 2xx. */
  acceptedCounts(): Map<string, number>;
  /** Resolves once `count` events have been answered 2xx. */
  waitForAccepted(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once a try of an event has arrived and is being held in silence. */
  waitForSilence(timeoutMs?: number): Promise<FakeCoreCall>;
  close(): Promise<void>;
}

const TOLERANCE_SECONDS = 300;

function validSignature(header: string | undefined, raw: string, secret: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(Date.now() / 1000 - t) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeCore(options: {
  secret: string;
  /** Decides each try's answer; `attempt` counts this event's tries so far (1 = the first). */
  answer?: (call: { event: CoreEventBody; attempt: number }) => FakeCoreAnswer;
  /** Each answer waits this long (a slow receiver keeps several tries in flight at once). */
  delayMs?: number;
}): Promise<FakeCoreServer> {
  const calls: FakeCoreCall[] = [];
  const attempts = new Map<string, number>();
  const waiters = new Set<() => void>();
  const held = new Set<IncomingMessage>();
  let arrived = 0;
  let answered = 0;
  const settle = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const server: Server = createServer(async (req, res) => {
    const raw = await readRaw(req);
    const event = JSON.parse(raw) as CoreEventBody;
    const attempt = (attempts.get(event.id) ?? 0) + 1;
    attempts.set(event.id, attempt);
    const signatureValid = validSignature(req.headers['ombud-signature'] as string | undefined, raw, options.secret);
    const wanted = options.answer?.({ event, attempt }) ?? 'ok';
    const call: FakeCoreCall = {
      attempt,
      event,
      raw,
      signatureValid,
      answer: 'silence',
      arrived: ++arrived,
      answered: 0,
    };
    calls.push(call);
    if (wanted === 'silence') {
      held.add(req);
      res.once('close', () => {
        held.delete(req);
        call.answered = ++answered;
        settle();
      });
      settle();
      return;
    }
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    call.answer = wanted === 'ok' ? 200 : wanted;
    call.answered = ++answered;
    res.writeHead(call.answer, { 'content-type': 'application/json' });
    res.end(call.answer < 300 ? '{"received":true}' : JSON.stringify({ error: `refused with ${call.answer}` }));
    settle();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };

  function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the stand-in core waited ${timeoutMs} ms for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  }

  const accepted = () => calls.filter((call) => typeof call.answer === 'number' && call.answer < 300);
  return {
    url: `http://127.0.0.1:${port}/webhooks/ombud`,
    calls,
    acceptedCounts() {
      const counts = new Map<string, number>();
      for (const call of accepted()) counts.set(call.event.id, (counts.get(call.event.id) ?? 0) + 1);
      return counts;
    },
    waitForAccepted(count, timeoutMs = 30_000) {
      return until(() => accepted().length >= count, timeoutMs, `${count} accepted events`);
    },
    async waitForSilence(timeoutMs = 30_000) {
      const silent = () => calls.find((call) => call.answer === 'silence' && call.answered === 0);
      await until(() => silent() !== undefined, timeoutMs, 'a try held in silence');
      return silent()!;
    },
    async close() {
      for (const req of held) req.socket.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
