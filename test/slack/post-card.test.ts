// One card per case and tier: posted once however many replicas try at the same moment, updated
// in place afterwards, a new card only when the case reaches another tier; a Slack 500 on the
// post is retried by the client and the card still appears once.
import nock from 'nock';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  notifyInTransaction,
  openCase,
  runCaseCommand,
  type DecisionContext,
  type StoredCase,
} from '../../db/index.ts';
import { sqlCardStore } from '../../db/index.ts';
import { showCaseCard, type ShowCardOptions } from '../../bot/slack/post-card.ts';
import { loadCardDetails } from '../../bot/slack/details.ts';
import { describeEachDriver } from '../support/databases.ts';
import { BOT_TOKEN, SLACK_API } from './support.ts';

let calls: { method: string; body: Record<string, string> }[] = [];
let nextTs = 1;

function interceptSlack(): void {
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply(function (uri, body) {
      const parsed =
        typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
      const method = uri.replace('/api/', '');
      calls.push({ method, body: parsed });
      return [
        200,
        { ok: true, channel: parsed.channel, ts: parsed.ts ?? `1764000000.${String(nextTs++).padStart(6, '0')}` },
      ];
    });
}

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  calls = [];
});

afterAll(() => {
  nock.enableNetConnect();
});

describeEachDriver('a case card in its tier channel', (current) => {
  let context: DecisionContext;
  let options: ShowCardOptions;
  let database: { db: DecisionContext['db'] };

  beforeAll(async () => {
    database = current();
    context = { db: database.db, signal: notifyInTransaction() };
    const client = new WebClient(BOT_TOKEN, {
      slackApiUrl: `${SLACK_API}/api/`,
      retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 40 },
    });
    options = {
      client,
      store: sqlCardStore(database.db),
      db: database.db,
      details: (s) => loadCardDetails(database.db, s),
    };
  });

  async function opened(): Promise<StoredCase> {
    const result = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId: `c-${Math.random()}`, intent: 'invoice', language: 'sv' },
      new Date(),
    );
    if (!result.ok) throw new Error(result.error.code);
    return result.stored;
  }

  it('is posted once when three replicas try at the same moment', async () => {
    interceptSlack();
    const stored = await opened();
    const now = new Date();
    const results = await Promise.all(
      [1, 2, 3].map(() => showCaseCard(options, stored, 'customer_service', 'C0CS', now)),
    );
    expect(results.filter((r) => r === 'posted')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(calls.find((c) => c.method === 'chat.postMessage')!.body.channel).toBe('C0CS');
  });

  it('is updated in place as the case moves, and a new card appears only in the next tier', async () => {
    interceptSlack();
    const stored = await opened();
    expect(await showCaseCard(options, stored, 'customer_service', 'C0CS', new Date())).toBe('posted');
    const postedTs = calls.find((c) => c.method === 'chat.postMessage')!.body;
    const firstTs = (
      await database.db.query<{ message_ts: string }>('SELECT message_ts FROM slack_cards WHERE case_id = $1', [
        stored.id,
      ])
    ).rows[0]!.message_ts;
    expect(postedTs.channel).toBe('C0CS');

    const agent = { kind: 'agent', id: 'U0ANNA', tier: 'customer_service' } as const;
    const picked = await runCaseCommand(context, stored.case.ref, { type: 'pick_up', actor: agent }, new Date());
    if (!picked.ok) throw new Error(picked.error.code);
    expect(await showCaseCard(options, picked.stored, 'customer_service', 'C0CS', new Date())).toBe('updated');
    const update = calls.find((c) => c.method === 'chat.update')!.body;
    expect(update.channel).toBe('C0CS');
    expect(update.ts).toBe(firstTs);
    expect(update.blocks).toContain('<@U0ANNA>');

    const escalated = await runCaseCommand(
      context,
      stored.case.ref,
      { type: 'escalate', actor: agent, to: 'specialist', reason: 'outside_routine' },
      new Date(),
    );
    if (!escalated.ok) throw new Error(escalated.error.code);
    expect(await showCaseCard(options, escalated.stored, 'customer_service', 'C0CS', new Date())).toBe('updated');
    expect(await showCaseCard(options, escalated.stored, 'specialist', 'C0SPEC', new Date())).toBe('posted');
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((p) => p.body.channel)).toEqual(['C0CS', 'C0SPEC']);
    // The specialist card offers Pick up; the old customer-service card no longer offers anything.
    expect(posts[1]!.body.blocks).toContain('case_pick_up');
    const lastCsUpdate = calls.filter((c) => c.method === 'chat.update' && c.body.channel === 'C0CS').at(-1)!.body;
    expect(lastCsUpdate.blocks).not.toContain('"actions"');
  });

  it('is posted exactly once when Slack first answers 500', async () => {
    const stored = await opened();
    let posts = 0;
    nock(SLACK_API).post('/api/chat.postMessage').reply(500, 'oops');
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(() => {
        posts++;
        return [200, { ok: true, channel: 'C0CS', ts: '1764000099.000001' }];
      });
    expect(await showCaseCard(options, stored, 'customer_service', 'C0CS', new Date())).toBe('posted');
    expect(posts).toBe(1);
    // A second change finds the saved ts and updates; it never posts again.
    interceptSlack();
    const picked = await runCaseCommand(
      context,
      stored.case.ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'U0ANNA', tier: 'customer_service' } },
      new Date(),
    );
    if (!picked.ok) throw new Error(picked.error.code);
    expect(await showCaseCard(options, picked.stored, 'customer_service', 'C0CS', new Date())).toBe('updated');
    expect(calls.map((c) => [c.method, c.body.ts])).toEqual([['chat.update', '1764000099.000001']]);
  });

  it('is updated once per change however many replicas see the change, and not for a change it already shows', async () => {
    interceptSlack();
    const stored = await opened();
    expect(await showCaseCard(options, stored, 'customer_service', 'C0CS', new Date())).toBe('posted');
    // The same version again (a second signal, another replica, a catch-up scan): nothing to write.
    expect(await showCaseCard(options, stored, 'customer_service', 'C0CS', new Date())).toBe('current');
    const picked = await runCaseCommand(
      context,
      stored.case.ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'U0ANNA', tier: 'customer_service' } },
      new Date(),
    );
    if (!picked.ok) throw new Error(picked.error.code);
    const results = await Promise.all(
      [1, 2, 3].map(() => showCaseCard(options, picked.stored, 'customer_service', 'C0CS', new Date())),
    );
    expect(results.filter((r) => r === 'updated')).toHaveLength(1);
    expect(results.filter((r) => r === 'current')).toHaveLength(2);
    const updates = calls.filter((c) => c.method === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.body.blocks).toContain('<@U0ANNA>');
    // A replica that read the case before the pickup does not write the older card over it.
    expect(await showCaseCard(options, stored, 'customer_service', 'C0CS', new Date())).toBe('current');
    expect(calls.filter((c) => c.method === 'chat.update')).toHaveLength(1);
  });

  it('keeps its claim while Slack keeps it waiting, so another replica does not post the card too', async () => {
    const stored = await opened();
    // A short lease, so that the wait outlasts it in a second or two (the service's is 30 s).
    const waiting = { ...options, store: sqlCardStore(database.db, { leaseSeconds: 1 }) };
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .delay(2_500)
      .reply(200, { ok: true, channel: 'C0CS', ts: '1764000123.000001' });
    const second = nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(200, { ok: true, channel: 'C0CS', ts: '1764000123.000002' });
    const first = showCaseCard(waiting, stored, 'customer_service', 'C0CS', new Date());
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    // Another replica, past the lease: the claim is still held, so it leaves the card to the first.
    expect(await showCaseCard(waiting, stored, 'customer_service', 'C0CS', new Date())).toBe('pending');
    expect(await first).toBe('posted');
    expect(second.isDone()).toBe(false);
    const { rows } = await database.db.query<{ message_ts: string }>(
      'SELECT message_ts FROM slack_cards WHERE case_id = $1',
      [stored.id],
    );
    expect(rows).toEqual([{ message_ts: '1764000123.000001' }]);
  });

  it('gives up its claim when Slack refuses the post, so the next change posts it', async () => {
    const stored = await opened();
    nock(SLACK_API).post('/api/chat.postMessage').reply(200, { ok: false, error: 'channel_not_found' });
    await expect(showCaseCard(options, stored, 'customer_service', 'C0GONE', new Date())).rejects.toThrow(
      /channel_not_found/,
    );
    interceptSlack();
    expect(await showCaseCard(options, stored, 'customer_service', 'C0CS', new Date())).toBe('posted');
  });
});
