// The cards follow the cases through the "case changed" signal: a new case's card is posted in
// its tier's channel once, updated as it moves, and an escalation posts a card in the next
// tier's channel while the old card loses its buttons.
import nock from 'nock';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyInTransaction, openCase, runCaseCommand, type DecisionContext } from '../../db/index.ts';
import { startCardPoster, type CardPoster } from '../../bot/slack/card-poster.ts';
import { loadCardDetails } from '../../bot/slack/details.ts';
import { sqlCardStore } from '../../db/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { BOT_TOKEN, eventually, SLACK_API } from './support.ts';

let database: TestDatabase;
let context: DecisionContext;
let poster: CardPoster;
let calls: { method: string; body: Record<string, string> }[] = [];
let nextTs = 1;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  context = { db: database.db, signal: notifyInTransaction() };
  nock.disableNetConnect();
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply(function (uri, body) {
      const parsed =
        typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
      calls.push({ method: uri.replace('/api/', ''), body: parsed });
      return [200, { ok: true, ts: parsed.ts ?? `1764000000.${String(nextTs++).padStart(6, '0')}` }];
    });
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: `${SLACK_API}/api/`, retryConfig: { retries: 0 } });
  poster = await startCardPoster({
    client,
    db: database.db,
    store: sqlCardStore(database.db),
    details: (s) => loadCardDetails(database.db, s),
    tierChannels: { customer_service: 'C0CS', investigation: 'C0INV', specialist: 'C0SPEC' },
  });
});

afterAll(async () => {
  await poster?.stop();
  nock.cleanAll();
  nock.enableNetConnect();
  await database?.dispose();
});

describe('cards following the case', () => {
  it('posts once, updates in place, and posts anew only in the next tier', async () => {
    const opened = await openCase(
      context,
      { type: 'open', actor: { kind: 'bot' }, consumerId: 'c-1', intent: 'invoice', language: 'sv' },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    await eventually(() => calls.some((c) => c.method === 'chat.postMessage'));
    await poster.idle();
    const first = calls.find((c) => c.method === 'chat.postMessage')!.body;
    expect(first.channel).toBe('C0CS');
    expect(first.blocks).toContain('case_pick_up');

    const agent = { kind: 'agent', id: 'U0ANNA', tier: 'customer_service' } as const;
    calls = [];
    await runCaseCommand(context, ref, { type: 'pick_up', actor: agent }, new Date());
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    await poster.idle();
    expect(calls.map((c) => c.method)).toEqual(['chat.update']);
    expect(calls[0]!.body.blocks).toContain('<@U0ANNA>');

    calls = [];
    await runCaseCommand(
      context,
      ref,
      { type: 'escalate', actor: agent, to: 'specialist', reason: 'outside_routine' },
      new Date(),
    );
    await eventually(() => calls.length >= 2);
    await poster.idle();
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    const updates = calls.filter((c) => c.method === 'chat.update');
    expect(posts.map((p) => p.body.channel)).toEqual(['C0SPEC']);
    expect(updates.map((u) => u.body.channel)).toEqual(['C0CS']);
    expect(updates[0]!.body.blocks).not.toContain('"actions"');
    expect(posts[0]!.body.blocks).toContain('case_pick_up');
  });
});
