// Slack answering 429 (rate limited) or 500: the card update is retried with backoff and lands
// once; the pick up itself is not repeated.
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, findCaseByRef, notifyInTransaction, type DecisionContext } from '../../db/index.ts';
import { registerCaseActions } from '../../bot/slack/actions.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { onCard, openedCase } from './payloads.ts';
import { BOT_TOKEN, eventually, listen, postToSlackEndpoint, SIGNING_SECRET, SLACK_API } from './support.ts';

const CHANNEL = 'C0CS';
const card = onCard(CHANNEL, '1764000000.000100');
let database: TestDatabase;
let context: DecisionContext;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  context = { db: database.db, signal: notifyInTransaction() };
  // Production-like retries, with short waits so the test stays quick.
  const slack = createSlackApp({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    botId: 'B1',
    botUserId: 'UBOT',
    clientOptions: {
      slackApiUrl: `${SLACK_API}/api/`,
      retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 40 },
    },
  });
  registerCaseActions(slack, { context, channelTiers: { [CHANNEL]: 'customer_service' } });
  const app = express();
  mountSlack(app, slack);
  server = await listen(app);
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  nock.enableNetConnect();
  await server?.close();
  await database?.dispose();
});

describe.each([
  ['429 rate limited', 429, { 'retry-after': '1' }, { ok: false, error: 'ratelimited' }],
  ['500 server error', 500, {}, 'oops'],
] as const)('Slack answering %s', (_name, status, headers, failure) => {
  it('retries the card update until it lands, once, and picks the case up once', async () => {
    const ref = (await openedCase(context, { language: 'sv', noConversation: true })).case.ref;
    let attempts = 0;
    let landed = 0;
    nock(SLACK_API)
      .post('/api/chat.update')
      .times(2)
      .reply(() => {
        attempts++;
        return [status, failure, headers];
      })
      .post('/api/chat.update')
      .reply(() => {
        attempts++;
        landed++;
        return [200, { ok: true }];
      });
    const started = Date.now();
    const response = await postToSlackEndpoint(server.baseUrl, card.click(ref, CARD_ACTIONS.pickUp));
    // Acknowledged at once, whatever Slack's Web API does afterwards.
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    await eventually(() => landed === 1, 10_000);
    expect(attempts).toBe(3);
    const stored = (await findCaseByRef(database.db, ref))!;
    expect(stored.case.assignee).toBe('U0ANNA');
    const pickUps = (await caseEvents(database.db, stored.id)).filter((e) => e.type === 'picked_up');
    expect(pickUps).toHaveLength(1);
  });
});
