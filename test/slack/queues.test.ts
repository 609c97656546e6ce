// The App Home tab and /cases: queue depth and oldest wait per tier; `/cases next` in a tier's
// channel gives the agent that tier's next case. Signed requests through the real receiver.
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findCaseByRef, notifyInTransaction, openCase, type DecisionContext } from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { registerQueueViews } from '../../bot/slack/queues.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { appHomeOpened, HOOKS, slashCommand } from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  listen,
  postToSlackEndpoint,
  SIGNING_SECRET,
  SLACK_API,
} from './support.ts';

const CS_CHANNEL = 'C0CS';
let database: TestDatabase;
let context: DecisionContext;
let server: Awaited<ReturnType<typeof listen>>;
let calls: { url: string; body: Record<string, unknown> }[] = [];
const refs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  context = { db: database.db, signal: notifyInTransaction() };
  const slack = createSlackApp({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    botId: 'B1',
    botUserId: 'UBOT',
    clientOptions: CLIENT_OPTIONS,
  });
  registerQueueViews(slack, {
    context,
    channelTiers: { [CS_CHANNEL]: 'customer_service' },
    // As the desk's link reports it after an outage at start.
    link: () => ({
      state: 'on',
      since: new Date('2026-12-03T10:02:30Z'),
      lastError: { reason: 'ECONNREFUSED', at: new Date('2026-12-03T09:58:10Z') },
    }),
  });
  const app = express();
  mountSlack(app, slack);
  server = await listen(app);
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const record = (base: string) =>
    nock(base)
      .persist()
      .post(/.*/)
      .reply(function (uri, body) {
        const parsed =
          typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, unknown>);
        calls.push({ url: `${base}${uri}`, body: parsed });
        return [200, { ok: true }];
      });
  record(SLACK_API);
  record(HOOKS);
  // Two customer-service cases, opened ten minutes ago and just now.
  const opened = Date.now();
  for (const [index, at] of [new Date(opened - 10 * 60_000), new Date(opened)].entries()) {
    const result = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId: `c-${index}`, intent: 'invoice', language: 'sv' },
      at,
    );
    if (!result.ok) throw new Error(result.error.code);
    refs.push(result.stored.case.ref);
  }
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

const slash = (text: string, channel = CS_CHANNEL, user?: string) =>
  slashCommand({ command: '/cases', text, channel, ...(user ? { user } : {}) });

describe('/cases', () => {
  it('answers with depth and oldest wait per tier', async () => {
    const response = await postToSlackEndpoint(server.baseUrl, slash(''));
    expect(response.status).toBe(200);
    const text = response.text;
    expect(text).toMatch(/Customer service\*: 2 queued, oldest waiting 10 min/);
    expect(text).toMatch(/Investigation\*: 0 queued/);
  });

  it("`next` gives the agent the longest-waiting case of the channel's tier", async () => {
    const response = await postToSlackEndpoint(server.baseUrl, slash('next'));
    expect(response.status).toBe(200);
    await eventually(() => calls.some((c) => c.url.startsWith(HOOKS)));
    expect(String(calls[0]!.body.text)).toContain(refs[0]);
    const stored = await findCaseByRef(database.db, refs[0]!);
    expect(stored?.case.assignee).toBe('U0ANNA');
    expect((await findCaseByRef(database.db, refs[1]!))?.case.status).toBe('queued');
  });

  it('`next` outside a tier channel picks nothing', async () => {
    const response = await postToSlackEndpoint(server.baseUrl, slash('next', 'C0RANDOM', 'U0BERT'));
    expect(response.status).toBe(200);
    await eventually(() => calls.some((c) => c.url.startsWith(HOOKS)));
    expect(String(calls[0]!.body.text)).toMatch(/own channel/);
    expect((await findCaseByRef(database.db, refs[1]!))?.case.status).toBe('queued');
  });

  it('an unsigned /cases next is refused with 401 and picks nothing', async () => {
    const response = await postToSlackEndpoint(server.baseUrl, {
      ...slash('next', CS_CHANNEL, 'U0EVE'),
      signature: null,
    });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await findCaseByRef(database.db, refs[1]!))?.case.status).toBe('queued');
  });
});

describe('App Home', () => {
  it('publishes the queues, and how the serving replica reaches Slack, to the agent who opened it', async () => {
    const response = await postToSlackEndpoint(server.baseUrl, appHomeOpened('U0ANNA'));
    expect(response.status).toBe(200);
    await eventually(() => calls.some((c) => c.url.endsWith('views.publish')));
    const published = calls.find((c) => c.url.endsWith('views.publish'))!.body;
    expect(published.user_id).toBe('U0ANNA');
    expect(String(published.view)).toMatch(/Customer service\*: \d queued/);
    expect(String(published.view)).toContain(
      "This server's link to Slack: on since 2026-12-03 10:02 UTC (last failure 2026-12-03 09:58 UTC: ECONNREFUSED).",
    );
  });
});
