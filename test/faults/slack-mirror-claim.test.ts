// Slack slow to take a post for longer than a claim's lease (its client retries 429s and 5xx for
// minutes): the replica posting a consumer's message into the card's thread renews its claim
// meanwhile, so a second replica whose scan comes after the lease leaves the message alone, and
// the thread gets it once. (The card itself: test/slack/post-card.test.ts.)
import { WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startConsumerMirror } from '../../bot/slack/mirror.ts';
import { showCaseCard } from '../../bot/slack/post-card.ts';
import { loadCardDetails } from '../../bot/slack/details.ts';
import {
  markHandled,
  MIRROR_CLAIM_LEASE_SECONDS,
  notifyInTransaction,
  openCase,
  openConversation,
  sqlCardStore,
  storeInbound,
} from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { BOT_TOKEN, SLACK_API } from '../slack/support.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDriver('a consumer message mirrored while Slack keeps the post waiting', (current) => {
  it('is posted into the thread once, though a second replica scans after the lease has passed', async () => {
    const db = current().db;
    let t = Date.now();
    const now = () => new Date(t);
    const consumerId = `c-mirror-${Math.random()}`;
    const conversationId = await openConversation(db, { consumerId, channel: 'web', at: now() });
    const opened = await openCase(
      { db, signal: notifyInTransaction() },
      { type: 'open', actor: { kind: 'bot' }, consumerId, conversationId, intent: 'invoice', language: 'sv' },
      now(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const store = sqlCardStore(db);
    await store.claim(opened.stored.id, 'customer_service', 'C0CS', now());
    await store.posted(opened.stored.id, 'customer_service', '1764000000.000100', now());
    t += 1_000;
    const { message } = await storeInbound(db, {
      conversationId,
      author: 'consumer',
      text: 'any news?',
      redactedText: 'any news?',
      at: now(),
    });
    await markHandled(db, message.id, now(), opened.stored.id);

    // Replica A's post is answered only after a while; a second post (replica B's) would be answered at once.
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .delay(1_500)
      .reply(200, { ok: true, channel: 'C0CS', ts: '1764000001.000001' });
    const second = nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(200, { ok: true, channel: 'C0CS', ts: '1764000001.000002' });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: `${SLACK_API}/api/`, retryConfig: { retries: 0 } });
    const options = { client, db, now, intervalMs: 3_600_000, claimRenewalMs: 100 };
    const replicaA = await startConsumerMirror(options);
    const replicaB = await startConsumerMirror(options);
    try {
      const posting = replicaA.scan();
      await sleep(300);
      t += (MIRROR_CLAIM_LEASE_SECONDS + 1) * 1000; // the lease of A's first claim has passed
      await sleep(300);
      await replicaB.scan();
      await posting;
      expect(second.isDone()).toBe(false);
      const { rows } = await db.query<{ posted_ts: string }>(
        'SELECT posted_ts FROM slack_mirrored_messages WHERE message_id = $1',
        [message.id],
      );
      expect(rows).toEqual([{ posted_ts: '1764000001.000001' }]);
    } finally {
      await replicaA.stop();
      await replicaB.stop();
    }
  });

  it('a consumer message written while the card waits on Slack still reaches its thread once the card is up', async () => {
    const db = current().db;
    const consumerId = `c-waiting-${Math.random()}`;
    const conversationId = await openConversation(db, { consumerId, channel: 'web', at: new Date() });
    const opened = await openCase(
      { db, signal: notifyInTransaction() },
      { type: 'open', actor: { kind: 'bot' }, consumerId, conversationId, intent: 'invoice', language: 'sv' },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: `${SLACK_API}/api/`, retryConfig: { retries: 0 } });
    // A short lease, so that the card's claim is renewed several times while Slack keeps it waiting.
    const cards = {
      client,
      db,
      store: sqlCardStore(db, { leaseSeconds: 1 }),
      details: (s: Parameters<typeof loadCardDetails>[1]) => loadCardDetails(db, s),
    };
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .delay(2_000)
      .reply(200, { ok: true, channel: 'C0CS', ts: '1764000002.000001' });
    const threadPosts: Record<string, string>[] = [];
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(200, (_uri, body) => {
        threadPosts.push(Object.fromEntries(new URLSearchParams(body as string)));
        return { ok: true, channel: 'C0CS', ts: '1764000002.000002' };
      });

    const posting = showCaseCard(cards, opened.stored, 'customer_service', 'C0CS', new Date());
    await sleep(300);
    const { message } = await storeInbound(db, {
      conversationId,
      author: 'consumer',
      text: 'hello? anyone there',
      redactedText: 'hello? anyone there',
      at: new Date(),
    });
    await markHandled(db, message.id, new Date(), opened.stored.id);
    expect(await posting).toBe('posted');

    const mirror = await startConsumerMirror({ client, db, intervalMs: 3_600_000 });
    try {
      await mirror.scan();
    } finally {
      await mirror.stop();
    }
    expect(threadPosts).toHaveLength(1);
    expect(threadPosts[0]).toMatchObject({ channel: 'C0CS', thread_ts: '1764000002.000001' });
    expect(threadPosts[0]!.text).toContain('hello? anyone there');
  });

  it("one thread's post that Slack keeps waiting does not hold back another thread's", async () => {
    const db = current().db;
    const threadOf = async (consumerId: string, cardTs: string) => {
      const conversationId = await openConversation(db, {
        consumerId,
        channel: 'web',
        at: new Date(Date.now() - 2_000),
      });
      const opened = await openCase(
        { db, signal: notifyInTransaction() },
        { type: 'open', actor: { kind: 'bot' }, consumerId, conversationId, intent: 'invoice', language: 'sv' },
        new Date(Date.now() - 2_000),
      );
      if (!opened.ok) throw new Error(opened.error.code);
      const store = sqlCardStore(db);
      await store.claim(opened.stored.id, 'customer_service', 'C0CS', new Date(Date.now() - 1_000));
      await store.posted(opened.stored.id, 'customer_service', cardTs, new Date(Date.now() - 1_000));
      const { message } = await storeInbound(db, {
        conversationId,
        author: 'consumer',
        text: `news for ${cardTs}?`,
        redactedText: `news for ${cardTs}?`,
        at: new Date(),
      });
      await markHandled(db, message.id, new Date(), opened.stored.id);
    };
    const slowTs = `1764000003.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const quickTs = `1764000004.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    await threadOf(`c-slow-${Math.random()}`, slowTs);
    await threadOf(`c-quick-${Math.random()}`, quickTs);
    const threadOfBody = (body: unknown) => new URLSearchParams(body as string).get('thread_ts') ?? '';
    // Slack holds the slow thread's post 2 s before answering it; the other thread's it answers at once.
    nock(SLACK_API)
      .post('/api/chat.postMessage', (body) => body.thread_ts === slowTs)
      .delay(2_000)
      .reply(200, { ok: true, channel: 'C0CS', ts: `${slowTs}1` });
    nock(SLACK_API)
      .persist()
      .post('/api/chat.postMessage', (body) => body.thread_ts !== slowTs)
      .reply(200, (_uri, body) => ({ ok: true, channel: 'C0CS', ts: `${threadOfBody(body)}1` }));
    const mirrored = async () =>
      (
        await db.query<{ thread_ts: string }>(
          'SELECT thread_ts FROM slack_mirrored_messages WHERE posted_ts IS NOT NULL AND thread_ts = ANY($1::text[])',
          [[slowTs, quickTs]],
        )
      ).rows.map((row) => row.thread_ts);
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: `${SLACK_API}/api/`, retryConfig: { retries: 0 } });
    const mirror = await startConsumerMirror({ client, db, intervalMs: 3_600_000 });
    try {
      const scanning = mirror.scan();
      await sleep(1_000);
      expect(await mirrored()).toEqual([quickTs]);
      await scanning;
      expect((await mirrored()).sort()).toEqual([slowTs, quickTs].sort());
    } finally {
      await mirror.stop();
    }
  });
});
