// An agent's message in a card's thread: from the holder it reaches the consumer's conversation
// and gets a reaction; from anyone else it is refused privately; `note:` stays internal.
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caseNotes, notifyInTransaction, recentMessages, type DecisionContext } from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { sqlCardStore } from '../../db/index.ts';
import { NOTE_REACTION, registerThreadReplies, SENT_REACTION } from '../../bot/slack/threads.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { heldCase, onCard } from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  listen,
  postToSlackEndpoint,
  retriedDelivery,
  SIGNING_SECRET,
  interceptSlackApi,
} from './support.ts';

const CHANNEL = 'C0CS';
const CARD_TS = '1764000000.000100';
const card = onCard(CHANNEL, CARD_TS);
let database: TestDatabase;
let context: DecisionContext;
let server: Awaited<ReturnType<typeof listen>>;
let calls: { method: string; body: Record<string, string> }[] = [];
let conversationId: string;
let caseId: number;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  context = { db: database.db, signal: notifyInTransaction() };
  const store = sqlCardStore(database.db);
  const slack = createSlackApp({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    botId: 'B1',
    botUserId: 'UBOT',
    clientOptions: CLIENT_OPTIONS,
  });
  registerThreadReplies(slack, { context, channelTiers: { [CHANNEL]: 'customer_service' }, store });
  const app = express();
  mountSlack(app, slack);
  server = await listen(app);
  interceptSlackApi((call) => calls.push(call));

  const now = new Date();
  const held = await heldCase(context, { at: now });
  conversationId = held.case.conversationId!;
  caseId = held.id;
  // The card is in the channel already.
  await store.claim(held.id, 'customer_service', CHANNEL, now);
  await store.posted(held.id, 'customer_service', CARD_TS, now);
});

afterEach(() => {
  calls = [];
});

afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await server?.close();
  await database?.dispose();
});

const agentTexts = async () =>
  (await recentMessages(database.db, conversationId, 50)).filter((m) => m.direction === 'out').map((m) => m.text);

describe('a message in a case thread', () => {
  it("from the holder reaches the consumer's conversation and gets a reaction", async () => {
    const message = card.threadMessage('Your invoice is paused while we check.');
    const response = await postToSlackEndpoint(server.baseUrl, message.request);
    expect(response.status).toBe(200);
    await eventually(() => calls.some((c) => c.method === 'reactions.add'));
    expect(calls[0]!.body).toMatchObject({
      channel: CHANNEL,
      name: SENT_REACTION,
      timestamp: message.ts,
    });
    expect(await agentTexts()).toContain('Your invoice is paused while we check.');
  });

  it('from another agent is refused privately and not sent', async () => {
    await postToSlackEndpoint(server.baseUrl, card.threadMessage('I can take this one.', 'U0BERT').request);
    await eventually(() => calls.some((c) => c.method === 'chat.postEphemeral'));
    expect(calls[0]!.body.user).toBe('U0BERT');
    expect(calls[0]!.body.text).toMatch(/Not sent/);
    expect(calls.some((c) => c.method === 'reactions.add')).toBe(false);
    expect(await agentTexts()).not.toContain('I can take this one.');
  });

  it('starting with note: stays internal, is kept on the case and counted on the card', async () => {
    await postToSlackEndpoint(
      server.baseUrl,
      card.threadMessage('note: consumer sounded upset, be gentle; card 4111 1111 1111 1111', 'U0BERT').request,
    );
    await eventually(
      () => calls.some((c) => c.method === 'reactions.add') && calls.some((c) => c.method === 'chat.update'),
    );
    expect(calls.find((c) => c.method === 'reactions.add')!.body.name).toBe(NOTE_REACTION);
    expect((await agentTexts()).some((t) => t.includes('upset'))).toBe(false);
    const notes = await caseNotes(database.db, caseId);
    expect(notes.map((n) => [n.author, n.text])).toEqual([
      ['agent:U0BERT', 'consumer sounded upset, be gentle; card 4111 1111 1111 1111'],
    ]);
    const updated = calls.find((c) => c.method === 'chat.update')!.body;
    expect(updated).toMatchObject({ channel: CHANNEL, ts: CARD_TS });
    expect(updated.blocks).toContain('1 internal note');
    expect(updated.blocks).toContain('be gentle');
    expect(updated.blocks).not.toContain('4111');
  });

  it('retried by Slack (same event id, x-slack-retry-num) reaches the consumer once', async () => {
    const text = 'We have refunded the double charge.';
    const message = card.threadMessage(text).request;
    expect((await postToSlackEndpoint(server.baseUrl, message)).status).toBe(200);
    await eventually(() => calls.some((c) => c.method === 'reactions.add'));
    const retry = await postToSlackEndpoint(server.baseUrl, retriedDelivery(message, 1));
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await agentTexts()).filter((t) => t === text)).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'reactions.add')).toHaveLength(1);
  });

  it('retried while the first delivery is still being handled reaches the consumer once', async () => {
    const text = 'Your refund is on its way.';
    const message = card.threadMessage(text).request;
    const responses = await Promise.all([
      postToSlackEndpoint(server.baseUrl, message),
      postToSlackEndpoint(server.baseUrl, retriedDelivery(message, 1, 'http_timeout')),
      postToSlackEndpoint(server.baseUrl, retriedDelivery(message, 2)),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await eventually(() => calls.some((c) => c.method === 'reactions.add'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await agentTexts()).filter((t) => t === text)).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'reactions.add')).toHaveLength(1);
  });

  it('a retried note is kept once', async () => {
    const before = (await caseNotes(database.db, caseId)).length;
    const message = card.threadMessage('note: merchant confirmed by phone').request;
    await postToSlackEndpoint(server.baseUrl, message);
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    await postToSlackEndpoint(server.baseUrl, retriedDelivery(message, 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await caseNotes(database.db, caseId)).length).toBe(before + 1);
    expect(calls.filter((c) => c.method === 'reactions.add')).toHaveLength(1);
  });

  it("outside a card's thread is ignored", async () => {
    await postToSlackEndpoint(
      server.baseUrl,
      onCard(CHANNEL, '1764000000.999999').threadMessage('unrelated chatter').request,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toEqual([]);
    expect(await agentTexts()).not.toContain('unrelated chatter');
  });
});
