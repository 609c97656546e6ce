// The App Home tab and /cases: queue depth and oldest wait per tier; `/cases next` in a tier's
// channel gives the agent that tier's next case. Signed requests through the real receiver.
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findCaseByRef, notifyInTransaction, openCase, type DecisionContext } from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { registerQueueViews } from '../../bot/slack/queues.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  jsonBody,
  listen,
  postToSlackEndpoint,
  SIGNING_SECRET,
  SLACK_API,
} from './support.ts';

const CS_CHANNEL = 'C0CS';
const HOOKS = 'https://hooks.slack.test';
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

function slash(text: string, channel = CS_CHANNEL, user = 'U0ANNA') {
  return {
    body: new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      channel_id: channel,
      channel_name: 'desk',
      user_id: user,
      user_name: 'anna',
      command: '/cases',
      text,
      api_app_id: 'A1',
      response_url: `${HOOKS}/commands/T1/1/x`,
      trigger_id: '1.2.3',
    }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

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
    const response = await postToSlackEndpoint(
      server.baseUrl,
      jsonBody({
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: 'Ev1',
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_home_opened', user: 'U0ANNA', channel: 'D1', tab: 'home', event_ts: '1764000000.1' },
      }),
    );
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
