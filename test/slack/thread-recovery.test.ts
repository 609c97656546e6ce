// An agent's thread message that Slack was told arrived is never lost: replica A records it and
// answers Slack, then stops working (its database calls after that point never return, as when
// the process is killed); replica B, on the same database, takes it up once the claim's lease has
// passed on its clock. The consumer gets the reply once and the agent sees the ✅ once, also
// when A had stored the reply but died before marking the event done, and whatever Slack or
// B's recovery does afterwards. (test/faults/slack-event-kill.test.ts kills a real process.)
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  EVENT_CLAIM_LEASE_SECONDS,
  notifyInTransaction,
  openCase,
  openConversation,
  recentMessages,
  runCaseCommand,
  sqlCardStore,
  type Db,
  type DecisionContext,
  type Queryable,
} from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { registerThreadReplies, SENT_REACTION, type ThreadReplies } from '../../bot/slack/threads.ts';
import { describeEachDriver } from '../support/databases.ts';
import { threadMessageEvent } from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  interceptSlackApi,
  listen,
  postToSlackEndpoint,
  retriedDelivery,
  SIGNING_SECRET,
} from './support.ts';

const CHANNEL = 'C0CS';
const CARD_TS = '1764000000.000300';
const AGENT = 'U0ANNA';
let calls: { method: string; body: Record<string, string> }[] = [];

beforeAll(() => interceptSlackApi((call) => calls.push(call)));
afterEach(() => {
  calls = [];
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/**
 * `db` as a replica sees it that stops once `dies(sql)` matches: that statement and every later
 * one never return (nothing reaches the database after that point, as with a killed process).
 */
function dyingAt<Q extends Queryable>(q: Q, dies: (sql: string) => boolean, state = { dead: false }): Q {
  const wrapped = Object.create(q) as Q & { transaction?: Db['transaction'] };
  wrapped.query = ((sql: string, params?: readonly unknown[]) => {
    if (state.dead || dies(sql)) {
      state.dead = true;
      return new Promise(() => {});
    }
    return q.query(sql, params);
  }) as Q['query'];
  if ('transaction' in q) {
    wrapped.transaction = (work) =>
      state.dead ? new Promise(() => {}) : (q as unknown as Db).transaction((tx) => work(dyingAt(tx, dies, state)));
  }
  return wrapped;
}

describeEachDriver('a thread message whose replica stops after Slack was answered', (current) => {
  let conversationId: string;

  beforeAll(async () => {
    const db = current().db;
    const context = { db, signal: notifyInTransaction() };
    const now = new Date();
    conversationId = await openConversation(db, { consumerId: 'c-recovery', channel: 'web', at: now });
    const opened = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: 'c-recovery',
        conversationId,
        intent: 'invoice',
        language: 'en',
      },
      now,
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const picked = await runCaseCommand(
      context,
      opened.stored.case.ref,
      { type: 'pick_up', actor: { kind: 'agent', id: AGENT, tier: 'customer_service' } },
      now,
    );
    if (!picked.ok) throw new Error(picked.error.code);
    const store = sqlCardStore(db);
    await store.claim(opened.stored.id, 'customer_service', CHANNEL, now);
    await store.posted(opened.stored.id, 'customer_service', CARD_TS, now);
  });

  /** A replica of the desk's thread handling on `db`, its clock `aheadSeconds` ahead, over HTTP. */
  async function replica(db: Db, aheadSeconds = 0) {
    const context: DecisionContext = { db, signal: notifyInTransaction() };
    const slack = createSlackApp({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
    });
    const threads: ThreadReplies = registerThreadReplies(slack, {
      context,
      channelTiers: { [CHANNEL]: 'customer_service' },
      store: sqlCardStore(db),
      now: () => new Date(Date.now() + aheadSeconds * 1000),
    });
    const app = express();
    mountSlack(app, slack);
    return { threads, server: await listen(app) };
  }

  const sentTexts = async () =>
    (await recentMessages(current().db, conversationId, 100)).filter((m) => m.direction === 'out').map((m) => m.text);
  const ticks = (ts: string) =>
    calls.filter((c) => c.method === 'reactions.add' && c.body.timestamp === ts && c.body.name === SENT_REACTION);

  async function diesThenRecovered(text: string, dies: (sql: string) => boolean) {
    const a = await replica(dyingAt(current().db, dies));
    const b = await replica(current().db, EVENT_CLAIM_LEASE_SECONDS + 1);
    try {
      const { ts, request } = threadMessageEvent({ channel: CHANNEL, threadTs: CARD_TS, user: AGENT, text });
      // A answers Slack (so Slack will not send it again) and then does nothing more.
      expect((await postToSlackEndpoint(a.server.baseUrl, request)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ticks(ts)).toEqual([]);

      await b.threads.recover();
      expect((await sentTexts()).filter((t) => t === text)).toHaveLength(1);
      expect(ticks(ts)).toHaveLength(1);

      // Slack's late retry and B's next rounds add nothing.
      expect((await postToSlackEndpoint(b.server.baseUrl, retriedDelivery(request, 1, 'http_timeout'))).status).toBe(
        200,
      );
      await b.threads.recover();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await sentTexts()).filter((t) => t === text)).toHaveLength(1);
      expect(ticks(ts)).toHaveLength(1);
    } finally {
      await a.server.close();
      await b.server.close();
    }
  }

  it('is sent to the consumer once by the other replica when the first stopped before storing it', () =>
    diesThenRecovered(
      'We have found your payment and put it on the invoice.',
      (sql) => !sql.includes('INSERT INTO slack_events'),
    ));

  it('is sent once when the first replica stored it but stopped before marking the event done', () =>
    diesThenRecovered('The merchant has confirmed the refund.', (sql) =>
      sql.includes('UPDATE slack_events SET done_at'),
    ));
});
