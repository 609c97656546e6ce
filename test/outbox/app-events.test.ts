// consumer.message to the app's backend across two replicas (`npm start`'s processes on one
// PostgreSQL; issue 18): while the consumer's socket is open on replica A, an agent's reply
// (written from another connection, as the desk writes it) sends nothing; once the socket is
// closed, the next two replies are one event, POSTed to APP_WEBHOOK_URL, signed with
// APP_WEBHOOK_SECRET, with the case, the consumer and the masked preview.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAgentReply } from '../../bot/dialog/agent-reply.ts';
import { coalescedNotify, openCase, openDatabase, runCaseCommand, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';

const SECRET = 'app-events-test-session-secret-0123456789';
const APP_SECRET = 'app-backend-webhook-secret-0123456789abcdef';

interface Received {
  signature: string;
  body: string;
}

let receiver: Server;
const received: Received[] = [];
let replicaA: ServiceProcess;
let replicaB: ServiceProcess;
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ signature: String(req.headers['ombud-signature'] ?? ''), body });
      res.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const database = await createServerDatabase();
  drop = database.drop;
  const env = {
    DATABASE_URL: database.url,
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    APP_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ombud`,
    APP_WEBHOOK_SECRET: APP_SECRET,
  };
  replicaA = await startReadyService(env);
  replicaB = await startReadyService(env);
  db = await openDatabase({ kind: 'postgres', url: database.url });
}, 90_000);

afterAll(async () => {
  for (const replica of [replicaA, replicaB]) replica?.child.kill('SIGTERM');
  await Promise.all([replicaA?.exited, replicaB?.exited]);
  await db?.close();
  await drop?.();
  await new Promise((resolve) => receiver.close(resolve));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signedBy(secret: string, header: string, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  return match !== null && createHmac('sha256', secret).update(`${match[1]}.${body}`).digest('hex') === match[2];
}

describe('consumer.message for the app backend [postgres]', () => {
  it('nothing while the socket is open on a replica; one signed event for two replies after it closed', async () => {
    const session = await (
      await fetch(`http://127.0.0.1:${replicaA.port}/api/chat/session`, { method: 'POST' })
    ).json();
    const ws = new WebSocket(`ws://127.0.0.1:${replicaA.port}/ws?token=${session.token}`);
    await once(ws, 'open');

    const desk = { db, signal: coalescedNotify(db) };
    const opened = await openCase(
      desk,
      { type: 'open', actor: { kind: 'bot' }, consumerId: session.user, intent: 'invoice', language: 'en' },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    const agent = { id: 'cs-app', tier: 'customer_service' } as const;
    expect(
      (await runCaseCommand(desk, ref, { type: 'pick_up', actor: { kind: 'agent', ...agent } }, new Date())).ok,
    ).toBe(true);
    const reply = async (text: string) => {
      const posted = await postAgentReply(desk, { caseRef: ref, agent, text, now: new Date() });
      if (!posted.ok) throw new Error(posted.error.code);
      return posted.message;
    };

    await reply('I am looking at it now.');
    await sleep(9_000); // past the grace, scans on both replicas, the outbox's rounds
    expect(received).toEqual([]);

    ws.close();
    await once(ws, 'close');
    await sleep(300);
    const first = await reply('Found it: the card 4111 1111 1111 1111 was charged twice.');
    await reply('The refund is on its way.');
    const until = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < until) await sleep(200);
    await sleep(4_000); // more rounds: still one
    expect(received).toHaveLength(1);
    const [event] = received;
    expect(signedBy(APP_SECRET, event!.signature, event!.body)).toBe(true);
    const body = JSON.parse(event!.body);
    expect(body).toMatchObject({
      type: 'consumer.message',
      data: {
        caseRef: ref,
        consumerId: session.user,
        messageId: first.id,
        preview: 'Found it: the card [card] was charged twice.',
        created: first.createdAt.toISOString(),
      },
    });
    expect(event!.body).not.toContain('4111');
  }, 60_000);
});
