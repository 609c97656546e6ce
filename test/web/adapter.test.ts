// The consumer websocket: Botkit with our authenticated web adapter on a real HTTP server,
// real websocket clients. An echo bot stands in for the dialog.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { Botkit } from 'botkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthenticatedWebAdapter, MAX_MESSAGE_CHARS } from '../../bot/web/adapter.ts';

const TOKENS: Record<string, string> = { 'token-alice': 'c_alice', 'token-bob': 'c_bob' };

let server: Server;
let adapter: AuthenticatedWebAdapter;
let controller: Botkit;
let port: number;
const refused: string[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(404).end());
  adapter = new AuthenticatedWebAdapter({
    server,
    allowedOrigins: ['https://shop.example'],
    authenticate: (token) =>
      token && TOKENS[token]
        ? { ok: true, user: TOKENS[token]! }
        : { ok: false, code: token ? 'session_invalid' : 'session_missing', message: 'Start a new chat session.' },
    onRefused: ({ code }) => refused.push(code),
  });
  controller = new Botkit({ adapter, disable_webserver: true, disable_console: true });
  controller.on('message', async (bot, message) => {
    await bot.reply(message, { text: `echo for ${message.user}: ${message.text}` });
  });
  await new Promise<void>((resolve) => controller.ready(() => resolve()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await adapter.close();
  server.close();
});

interface Client {
  ws: WebSocket;
  frames: Record<string, unknown>[];
  next(): Promise<Record<string, unknown>>;
}

async function connect(token?: string, headers: { origin?: string; host?: string } = {}): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${token ? `?token=${token}` : ''}`, { headers });
  const frames: Record<string, unknown>[] = [];
  const waiting: ((frame: Record<string, unknown>) => void)[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  await once(ws, 'open');
  return {
    ws,
    frames,
    next: () =>
      frames.length
        ? Promise.resolve(frames.shift()!)
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no frame within 3 s')), 3_000);
            waiting.push((frame) => {
              clearTimeout(timer);
              resolve(frame);
            });
          }),
  };
}

function upgradeStatus(
  path: string,
  headers: { origin?: string; host?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => {});
  });
}

/** A websocket upgrade written by hand, request line and all: what a client library never sends. */
function rawUpgrade(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(3_000, () => socket.destroy());
  });
}

describe('the consumer websocket', () => {
  it('answers odd request targets on the upgrade with 404 and stays up (one threw out of the listener and ended the process)', async () => {
    for (const target of ['//a:b/ws', '//', '//a:b/ws?token=token-alice', 'http://[::1', '*', '/ws/../%zz', '/%']) {
      const answer = await rawUpgrade(target);
      expect(answer, target).toMatch(/^HTTP\/1\.1 (400|404) /);
    }
    // Still serving: a good upgrade goes through.
    const alice = await connect('token-alice');
    alice.ws.close();
  });

  it('refuses an upgrade without a session, or with a forged one, with 401 and the error body', async () => {
    const missing = await upgradeStatus('/ws');
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({
      error: { code: 'session_missing', message: 'Start a new chat session.' },
    });
    const forged = await upgradeStatus('/ws?token=token-mallory');
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body).error.code).toBe('session_invalid');
    expect((await upgradeStatus('/elsewhere?token=token-alice')).status).toBe(404);
  });

  it("takes pages on the origin of the Host they were loaded by and on ALLOWED_ORIGINS, refuses other pages' with 403; apps send no Origin", async () => {
    const own = [
      `http://127.0.0.1:${port}`,
      { origin: `http://localhost:${port}`, host: `localhost:${port}` },
      { origin: 'http://192.168.1.20:3000', host: '192.168.1.20:3000' },
    ];
    for (const page of [...own, 'https://shop.example', undefined]) {
      const headers = typeof page === 'object' ? page : page ? { origin: page } : {};
      const client = await connect('token-alice', headers);
      client.ws.send(JSON.stringify({ type: 'message', text: 'hi' }));
      expect((await client.next()).text, JSON.stringify(headers)).toBe('echo for c_alice: hi');
      client.ws.close();
    }
    const before = refused.length;
    for (const headers of [
      { origin: 'https://evil.example' },
      // The Host's port and scheme count: another port, or https for a plain connection, is another origin.
      { origin: `http://127.0.0.1:${port + 1}` },
      { origin: `https://127.0.0.1:${port}` },
      { origin: 'http://localhost:3000', host: 'localhost:3001' },
      { origin: 'null' },
    ]) {
      const answer = await upgradeStatus('/ws?token=token-alice', headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(answer.body).error.code).toBe('origin_not_allowed');
    }
    expect(refused.slice(before)).toEqual(Array(5).fill('origin_not_allowed'));
  });

  it("answers a consumer on their socket, as the session's user whatever the frame omits", async () => {
    const alice = await connect('token-alice');
    alice.ws.send(JSON.stringify({ type: 'message', text: 'hej' }));
    expect(await alice.next()).toMatchObject({ type: 'message', text: 'echo for c_alice: hej' });
    alice.ws.close();
  });

  it("refuses a frame that claims another user, and that user's socket receives nothing", async () => {
    const alice = await connect('token-alice');
    const bob = await connect('token-bob');
    bob.ws.send(JSON.stringify({ type: 'message', text: 'give me alice', user: 'c_alice' }));
    expect(await bob.next()).toEqual({ type: 'error', error: { code: 'user_mismatch', message: expect.any(String) } });
    // Alice talks; only Alice hears the answer
    alice.ws.send(JSON.stringify({ type: 'message', text: 'my secret' }));
    expect(await alice.next()).toMatchObject({ text: 'echo for c_alice: my secret' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bob.frames).toEqual([]);
    alice.ws.close();
    bob.ws.close();
  });

  it('delivers to every open socket of the same consumer (two tabs)', async () => {
    const tab1 = await connect('token-alice');
    const tab2 = await connect('token-alice');
    tab1.ws.send(JSON.stringify({ type: 'message', text: 'from tab 1' }));
    expect(await tab1.next()).toMatchObject({ text: 'echo for c_alice: from tab 1' });
    expect(await tab2.next()).toMatchObject({ text: 'echo for c_alice: from tab 1' });
    expect(adapter.sendToUser('c_alice', { type: 'message', text: 'an agent writes' })).toBe(2);
    expect(adapter.sendToUser('c_nobody', { type: 'message', text: 'lost' })).toBe(0);
    tab1.ws.close();
    tab2.ws.close();
  });

  it('answers malformed, empty and oversized frames with an error frame and stays open', async () => {
    const alice = await connect('token-alice');
    for (const [frame, code] of [
      ['not json', 'invalid_frame'],
      [JSON.stringify({ type: 'hello' }), 'invalid_frame'],
      [JSON.stringify({ type: 'message', text: 42 }), 'invalid_frame'],
      [JSON.stringify({ type: 'message', text: '   ' }), 'empty_message'],
      [JSON.stringify({ type: 'message', text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }), 'message_too_long'],
    ] as const) {
      alice.ws.send(frame);
      expect(await alice.next()).toMatchObject({ type: 'error', error: { code } });
    }
    alice.ws.send(JSON.stringify({ type: 'message', text: 'still here' }));
    expect(await alice.next()).toMatchObject({ text: 'echo for c_alice: still here' });
    expect(refused).toEqual(
      expect.arrayContaining(['session_missing', 'session_invalid', 'user_mismatch', 'invalid_frame']),
    );
    alice.ws.close();
  });
});
