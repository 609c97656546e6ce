// Rate limits as a client meets them, on the real service (its composition root in this process)
// on each driver: over HTTP a refusal is 429 with Retry-After (whole seconds) and the error body,
// and changes nothing (a refused webhook message is not stored); the widget's websocket keeps its
// error frame with retryAfterMs. Each test sends from loopback addresses of its own (127.x.y.z),
// so the per-address limits of one test do not reach another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { openSocket, requestJson } from '../../bench/lib/chat-load.ts';
import { DEFAULT_RATE_LIMIT } from '../../bot/web/rate-limit.ts';
import { SESSIONS_PER_ADDRESS } from '../../bot/web/routes.ts';
import { DRIVERS } from '../support/databases.ts';
import { startFuzzService, type FuzzService } from '../fuzz/support.ts';

interface Session {
  user: string;
  token: string;
}

const RATE_LIMITED = { error: { code: 'rate_limited', message: expect.stringMatching(/\S/) } };

for (const kind of DRIVERS) {
  describe(`rate-limited HTTP [${kind}]`, () => {
    let fuzz: FuzzService;
    beforeAll(async () => {
      fuzz = await startFuzzService(kind);
    });
    afterAll(() => fuzz?.stop());

    const post = <T>(path: string, from: string, options: { body?: unknown; token?: string } = {}) =>
      requestJson<T>(`${fuzz.base}${path}`, {
        method: 'POST',
        localAddress: from,
        body: options.body,
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      });

    async function newSession(from: string): Promise<Session> {
      const answer = await post<Session>('/api/chat/session', from);
      expect(answer.status).toBe(201);
      return answer.body;
    }

    /** The consumer's messages as stored (what the bot will answer, what agents will see). */
    async function storedInbound(user: string): Promise<number> {
      const { rows } = await fuzz.service.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.consumer_id = $1 AND m.direction = 'in'`,
        [user],
      );
      return rows[0]!.n;
    }

    it("the webhook past a consumer's burst answers 429 with Retry-After and the error body, and stores nothing of the refused message", async () => {
      const from = '127.30.0.1';
      const consumer = await newSession(from);
      let answered = 0;
      let limited:
        | { status: number; body: unknown; headers: Record<string, unknown>; storedBefore: number }
        | undefined;
      // Sent one after the other: the bucket refills by one a second meanwhile, so the refusal
      // comes at the 21st message or a few later, never before the burst is spent.
      for (let i = 0; i < 3 * DEFAULT_RATE_LIMIT.burst && !limited; i++) {
        const storedBefore = await storedInbound(consumer.user);
        const answer = await post<unknown>('/api/messages', from, {
          token: consumer.token,
          body: { type: 'message', text: `Hej ${i}`, user: consumer.user },
        });
        if (answer.status === 429) {
          limited = { ...answer, storedBefore };
        } else {
          expect(answer.status).toBe(200);
          answered += 1;
        }
      }
      expect(limited, 'no message was refused').toBeDefined();
      expect(answered).toBeGreaterThanOrEqual(DEFAULT_RATE_LIMIT.burst);
      expect(limited!.body).toEqual(RATE_LIMITED);
      expect(limited!.headers['retry-after']).toBe('1');
      expect(limited!.storedBefore).toBe(answered);
      expect(await storedInbound(consumer.user)).toBe(answered);
    }, 60_000);

    it("session issuing past an address's burst answers 429 with Retry-After; another address is still served", async () => {
      const from = '127.31.0.1';
      const asks = SESSIONS_PER_ADDRESS.burst + 5;
      const answers = await Promise.all(Array.from({ length: asks }, () => post<unknown>('/api/chat/session', from)));
      const issued = answers.filter((answer) => answer.status === 201);
      const limited = answers.filter((answer) => answer.status !== 201);
      // At once, but the bucket may refill by one while they arrive.
      expect(issued.length).toBeGreaterThanOrEqual(SESSIONS_PER_ADDRESS.burst);
      expect(issued.length).toBeLessThanOrEqual(SESSIONS_PER_ADDRESS.burst + 1);
      const wait = 1 / SESSIONS_PER_ADDRESS.refillPerSecond;
      for (const answer of limited) {
        expect(answer.status).toBe(429);
        expect(answer.body).toEqual(RATE_LIMITED);
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(wait);
      }
      await newSession('127.31.0.2');
    });

    it('the websocket past the burst keeps its error frame with retryAfterMs, and stores only the messages it took', async () => {
      const from = '127.32.0.1';
      const consumer = await newSession(from);
      const port = new URL(fuzz.base).port;
      const ws: WebSocket = await openSocket(
        `ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(consumer.token)}`,
        from,
      );
      const frames = 50;
      let taken = 0;
      const refusals: { code?: string; retryAfterMs?: number }[] = [];
      // A turn the bot takes up starts with a typing frame; a refused one is an error frame.
      const settled = new Promise<void>((resolve) => {
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as {
            type: string;
            error?: { code?: string; retryAfterMs?: number };
          };
          if (frame.type === 'typing') taken += 1;
          if (frame.type === 'error') refusals.push(frame.error ?? {});
          if (taken + refusals.length === frames) resolve();
        });
      });
      for (let i = 0; i < frames; i++) ws.send(JSON.stringify({ type: 'message', text: `Hej ${i}` }));
      await settled;
      ws.close();
      expect(refusals.length).toBeGreaterThan(0);
      for (const refusal of refusals) {
        expect(refusal.code).toBe('rate_limited');
        expect(refusal.retryAfterMs).toBeGreaterThan(0);
        expect(refusal.retryAfterMs).toBeLessThanOrEqual(1000);
      }
      await expect.poll(() => storedInbound(consumer.user), { timeout: 10_000 }).toBe(taken);
    }, 60_000);
  });
}
