// The database goes away under a talking consumer and comes back (a TCP proxy the test cuts, so
// the shared server keeps running): the service says it is not ready, refuses what it cannot
// take with an error instead of an answer, stays up, gets ready again by itself, and every
// message it acknowledged (answered) is stored exactly once, a resent one included.
// bench/faults.ts does the same with a real PostgreSQL restart under 50 consumers.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const SECRET = 'database-restart-test-secret-0123456789';
let proxy: TcpProxy;
let service: ServiceProcess;
let base: string;
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createServerDatabase();
  drop = database.drop;
  const url = new URL(database.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  service = await startReadyService({ DATABASE_URL: url.toString(), SESSION_SECRET: SECRET, LOG_LEVEL: 'warn' });
  base = `http://127.0.0.1:${service.port}`;
  // The test reads the database directly, not through the proxy.
  db = await openDatabase({ kind: 'postgres', url: database.url });
}, 90_000);

afterAll(async () => {
  service?.child.kill('SIGTERM');
  await service?.exited;
  await proxy?.close();
  await db?.close();
  await drop?.();
});

async function readyz() {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** A widget-like consumer: sends frames with a clientMessageId and waits for the answer or an error. */
async function openConsumer() {
  const session = (await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json()) as {
    user: string;
    token: string;
  };
  const ws = new WebSocket(`ws://127.0.0.1:${service.port}/ws?token=${session.token}`);
  const frames: { type: string; text?: string; error?: { code: string } }[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await once(ws, 'open');
  return {
    session,
    close: () => ws.close(),
    /** The first message or error frame after sending. */
    async send(text: string, clientMessageId: string) {
      const from = frames.length;
      ws.send(JSON.stringify({ type: 'message', text, clientMessageId }));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const frame = frames.slice(from).find((f) => f.type === 'message' || f.type === 'error');
        if (frame) return frame;
        if (Date.now() > deadline) throw new Error(`no answer and no error for ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

async function storedCopies(text: string): Promise<number> {
  const { rows } = await db.query<{ copies: number }>(
    "SELECT count(*)::int AS copies FROM messages WHERE direction = 'in' AND text = $1",
    [text],
  );
  return rows[0]!.copies;
}

describe('the database goes away under load and comes back [postgres]', () => {
  it('readiness follows it, the service stays up, and every acknowledged message is stored once', async () => {
    const consumer = await openConsumer();
    const before = await consumer.send('Hur betalar jag min faktura?', 'before-1');
    expect(before.type).toBe('message');

    await proxy.cut();
    const notReady = await until(readyz, (value) => value.status === 503);
    expect(notReady).toEqual({
      status: 503,
      body: { error: { code: 'database_unavailable', message: expect.any(String) } },
    });

    // What the service cannot store it does not acknowledge: an error, not an answer, on both channels.
    const during = await consumer.send('Jag har inte köpt det här, fakturan på 499 kr är inte min', 'during-1');
    expect(during).toMatchObject({ type: 'error', error: { code: 'internal_error' } });
    const webhook = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${consumer.session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'Jag vill prata med en människa',
        user: consumer.session.user,
        clientMessageId: 'during-2',
      }),
    });
    expect(webhook.status).toBe(500);
    expect(await webhook.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    // Still serving: the process did not die of the failed turns.
    expect(service.child.exitCode).toBeNull();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await proxy.restore();
    expect((await until(readyz, (value) => value.status === 200)).status).toBe(200);

    // The consumer sends again what was refused, with the same ids, as the widget does.
    const resent = await until(
      () => consumer.send('Jag har inte köpt det här, fakturan på 499 kr är inte min', 'during-1'),
      (frame) => frame.type === 'message',
    );
    expect(resent.type).toBe('message');
    const resentWebhook = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${consumer.session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'Jag vill prata med en människa',
        user: consumer.session.user,
        clientMessageId: 'during-2',
      }),
    });
    expect(resentWebhook.status).toBe(200);
    expect((await resentWebhook.json()).length).toBeGreaterThan(0);
    const after = await consumer.send('Vad är status på mitt ärende?', 'after-1');
    expect(after.type).toBe('message');

    // Every acknowledged message: stored once, and in the consumer's history once with an answer after it.
    for (const text of [
      'Hur betalar jag min faktura?',
      'Jag har inte köpt det här, fakturan på 499 kr är inte min',
      'Jag vill prata med en människa',
      'Vad är status på mitt ärende?',
    ]) {
      expect(await storedCopies(text)).toBe(1);
    }
    const history = (await (
      await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${consumer.session.token}` } })
    ).json()) as {
      messages: { direction: string; text: string }[];
    };
    const inbound = history.messages.filter((message) => message.direction === 'in').map((message) => message.text);
    expect(inbound).toEqual([
      'Hur betalar jag min faktura?',
      'Jag har inte köpt det här, fakturan på 499 kr är inte min',
      'Jag vill prata med en människa',
      'Vad är status på mitt ärende?',
    ]);
    for (const [index, message] of history.messages.entries()) {
      if (message.direction === 'in') expect(history.messages[index + 1]?.direction).toBe('out');
    }
    consumer.close();
  }, 90_000);
});
