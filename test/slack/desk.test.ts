// The whole desk as the service would start it: the bot's ids from one auth.test (in the
// background: starting the desk does not wait for Slack), a new case's card posted by the poster,
// picked up through a signed click on that very card, answered in its thread.
import express from 'express';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCaseByRef, notifyInTransaction, recentMessages } from '../../db/index.ts';
import { createLogger } from '../../bot/log.ts';
import { CARD_ACTIONS, startSlackDesk, type SlackDesk } from '../../bot/slack/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { onCard, openedCase } from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  listen,
  postToSlackEndpoint,
  SIGNING_SECRET,
  SLACK_API,
} from './support.ts';

let database: TestDatabase;
let desk: SlackDesk;
let server: Awaited<ReturnType<typeof listen>>;
let calls: { method: string; body: Record<string, string> }[] = [];

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply(function (uri, body) {
      const parsed =
        typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
      const method = uri.replace('/api/', '');
      calls.push({ method, body: parsed });
      if (method === 'auth.test') return [200, { ok: true, user_id: 'UBOT', bot_id: 'B1', team_id: 'T1' }];
      return [200, { ok: true, ts: parsed.ts ?? '1764000000.000777' }];
    });
  desk = await startSlackDesk({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    clientOptions: CLIENT_OPTIONS,
    db: database.db,
    signal: notifyInTransaction(),
    tierChannels: { customer_service: 'C0CS' },
    log: createLogger('silent'),
  });
  const app = express();
  desk.mount(app);
  app.use(express.json());
  server = await listen(app);
});

afterAll(async () => {
  await desk?.stop();
  await server?.close();
  nock.cleanAll();
  nock.enableNetConnect();
  await database?.dispose();
});

describe('the Slack desk', () => {
  it('asks Slack who the bot is once, in the background, then works a case from its card', async () => {
    await eventually(() => desk.status().state === 'on');
    expect(calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
    const opened = await openedCase(
      { db: database.db, signal: notifyInTransaction() },
      { intent: 'login', language: 'sv' },
    );
    const ref = opened.case.ref;
    const conversationId = opened.case.conversationId!;
    await eventually(() => calls.some((c) => c.method === 'chat.postMessage'));
    const card = calls.find((c) => c.method === 'chat.postMessage')!.body;
    expect(card.channel).toBe('C0CS');

    const onTheCard = onCard('C0CS', '1764000000.000777');
    await postToSlackEndpoint(server.baseUrl, onTheCard.click(ref, CARD_ACTIONS.pickUp));
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    expect((await findCaseByRef(database.db, ref))?.case.assignee).toBe('U0ANNA');

    await postToSlackEndpoint(server.baseUrl, onTheCard.threadMessage('Try logging in with BankID again now.').request);
    await eventually(() => calls.some((c) => c.method === 'reactions.add'));
    const out = (await recentMessages(database.db, conversationId, 10)).filter((m) => m.direction === 'out');
    expect(out.map((m) => m.text)).toContain('Try logging in with BankID again now.');
    // Still exactly one card for the case in customer service.
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });
});
