// Socket mode (SLACK_APP_TOKEN): the desk opens a websocket to Slack instead of taking HTTP
// requests. Here "Slack" is a local websocket server that apps.connections.open points to: it
// says hello, hands over a thread message as an events_api envelope, and sees it acknowledged;
// the agent's reply reaches the consumer's chat, and Slack's retry of the envelope adds nothing.
import express from 'express';
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notifyInTransaction, recentMessages } from '../../db/index.ts';
import { createLogger } from '../../bot/log.ts';
import { startSlackDesk, type SlackDesk } from '../../bot/slack/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { startFakeSlackSocket, type FakeSlackSocket } from '../support/fake-slack-server.ts';
import { heldCase, onCard } from './payloads.ts';
import { BOT_TOKEN, CLIENT_OPTIONS, eventually, interceptSlackApi, listen, postedMessage } from './support.ts';

const CS = 'C0CS';
let calls: { method: string; body: Record<string, string> }[] = [];
let socketUrl = '';

beforeAll(() => {
  interceptSlackApi(
    (call) => calls.push(call),
    (call) => (call.method === 'apps.connections.open' ? { url: socketUrl } : postedMessage(call)),
  );
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describeEachDriver('the desk in socket mode', (current) => {
  let desk: SlackDesk;
  let slackSocket: FakeSlackSocket;

  beforeAll(async () => {
    calls = [];
    slackSocket = await startFakeSlackSocket();
    socketUrl = slackSocket.url;
    desk = await startSlackDesk({
      appToken: 'xapp-1-test',
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
      db: current().db,
      signal: notifyInTransaction(),
      tierChannels: { customer_service: CS },
      log: createLogger('silent'),
    });
  });

  afterAll(async () => {
    await desk?.stop();
    await slackSocket?.close();
  });

  it('connects with the app token, takes a thread message over the socket, acknowledges it, and answers the consumer once', async () => {
    await eventually(() => slackSocket.sockets.length === 1, 5_000);
    const socket = slackSocket.sockets[0]!;
    const acks = slackSocket.acks;
    expect(calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(1);
    // Nothing is mounted on the HTTP server in socket mode.
    const app = express();
    desk.mount(app);
    const server = await listen(app);
    expect((await fetch(`${server.baseUrl}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    await server.close();

    const context = { db: current().db, signal: notifyInTransaction() };
    const held = await heldCase(context, { intent: 'login' });
    const conversationId = held.case.conversationId!;
    let cardTs: string | null = null;
    await eventually(() => calls.some((c) => c.method === 'chat.postMessage'), 5_000);
    for (let i = 0; i < 100 && !cardTs; i++) {
      cardTs =
        (
          await context.db.query<{ message_ts: string | null }>(
            'SELECT message_ts FROM slack_cards WHERE case_id = $1',
            [held.id],
          )
        ).rows[0]?.message_ts ?? null;
      if (!cardTs) await new Promise((resolve) => setTimeout(resolve, 25));
    }

    const { payload } = onCard(CS, cardTs!).threadMessage('Please log in with BankID once more.');
    const envelope = (id: string, retry: number) =>
      JSON.stringify({
        envelope_id: id,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: retry,
        retry_reason: retry ? 'timeout' : '',
        payload,
      });
    socket.send(envelope('env-1', 0));
    await eventually(() => acks.includes('env-1') && calls.some((c) => c.method === 'reactions.add'), 5_000);
    socket.send(envelope('env-2', 1));
    await eventually(() => acks.includes('env-2'), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const out = (await recentMessages(context.db, conversationId, 10))
      .filter((m) => m.direction === 'out')
      .map((m) => m.text);
    expect(out.filter((t) => t === 'Please log in with BankID once more.')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'reactions.add')).toHaveLength(1);
  });
});
