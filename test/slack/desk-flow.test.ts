// The whole desk as the service starts it, on PGlite and PostgreSQL: one chat.update per change
// (the click handler and the card poster no longer both write the card), Pick up on a card keeps
// the agent's open-case limit, a change whose signal was lost still reaches its card within a
// couple of seconds (the catch-up scan), and the consumer's messages appear in the card's thread,
// masked, once however many replicas run.
import express from 'express';
import nock from 'nock';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  findCaseByRef,
  markHandled,
  notifyInTransaction,
  openCase,
  openConversation,
  pickUpCase,
  runCaseCommand,
  storeInbound,
  type CaseSignal,
  type DecisionContext,
} from '../../db/index.ts';
import { createLogger } from '../../bot/log.ts';
import { CARD_ACTIONS, startSlackDesk, type SlackDesk } from '../../bot/slack/index.ts';
import { startConsumerMirror } from '../../bot/slack/mirror.ts';
import { redact } from '../../intents/redact.ts';
import { policyWith } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { leakedVariants, variantMessages } from '../support/pii-variants.ts';
import { onCard } from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  interceptSlackApi,
  listen,
  postedMessage,
  postToSlackEndpoint,
  SIGNING_SECRET,
} from './support.ts';

const CS = 'C0CS';
const SPEC = 'C0SPEC';
let calls: { method: string; body: Record<string, string> }[] = [];

beforeAll(() => {
  interceptSlackApi((call) => calls.push(call), postedMessage);
});
afterEach(() => {
  calls = [];
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** A signal that never arrives: what a replica that was down (or reconnecting) missed. */
const lostSignal: CaseSignal = {
  needsTransaction: false,
  async inTransaction() {},
  afterCommit() {},
  async flush() {},
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDriver('the desk end to end', (current) => {
  let desk: SlackDesk;
  let server: Awaited<ReturnType<typeof listen>>;
  let context: DecisionContext;

  beforeAll(async () => {
    context = { db: current().db, signal: notifyInTransaction(), policy: policyWith({ maxOpenCasesPerAgent: 2 }) };
    desk = await startSlackDesk({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
      db: current().db,
      signal: context.signal,
      policy: context.policy!,
      tierChannels: { customer_service: CS, specialist: SPEC },
      log: createLogger('silent'),
      mirrorIntervalMs: 200,
    });
    const app = express();
    desk.mount(app);
    server = await listen(app);
  });

  afterAll(async () => {
    await desk?.stop();
    await server?.close();
  });

  /** Opens a case (after `before` wrote into its conversation) and waits for its card; the card's ts. */
  async function carded(
    signal: CaseSignal = context.signal,
    consumerId = `c-${Math.random()}`,
    before?: (conversationId: string) => Promise<void>,
  ) {
    const conversationId = await openConversation(context.db, { consumerId, channel: 'web', at: new Date() });
    await before?.(conversationId);
    const opened = await openCase(
      { ...context, signal },
      { type: 'open', actor: { kind: 'bot' }, consumerId, conversationId, intent: 'invoice', language: 'en' },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    // Posted (the Web API call) and saved (its ts in slack_cards).
    let ts: string | null = null;
    const until = Date.now() + 3_000;
    while (ts === null && Date.now() < until) {
      const saved = await current().db.query<{ message_ts: string | null }>(
        'SELECT message_ts FROM slack_cards WHERE case_id = $1',
        [opened.stored.id],
      );
      ts = saved.rows[0]?.message_ts ?? null;
      if (ts === null) await sleep(25);
    }
    if (ts === null) throw new Error(`no card for ${ref}`);
    expect(calls.filter((c) => c.method === 'chat.postMessage' && c.body.blocks?.includes(ref))).toHaveLength(1);
    return { ref, id: opened.stored.id, conversationId, consumerId, ts };
  }

  async function settled() {
    await sleep(300);
    await desk.poster.idle();
  }

  it('a Pick up click writes the card once (the handler and the card poster do not both update it)', async () => {
    const card = await carded();
    await settled();
    calls = [];
    await postToSlackEndpoint(server.baseUrl, onCard(CS, card.ts).click(card.ref, CARD_ACTIONS.pickUp, 'U0ANNA'));
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    await settled();
    const updates = calls.filter((c) => c.method === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.body).toMatchObject({ channel: CS, ts: card.ts });
    expect(updates[0]!.body.blocks).toContain('<@U0ANNA>');
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });

  it('an escalation from the card updates the old card once and posts one card in the next tier', async () => {
    const card = await carded();
    await postToSlackEndpoint(server.baseUrl, onCard(CS, card.ts).click(card.ref, CARD_ACTIONS.pickUp, 'U0ANNA'));
    await eventually(() => calls.some((c) => c.method === 'chat.update' && c.body.ts === card.ts));
    await settled();
    calls = [];
    await postToSlackEndpoint(
      server.baseUrl,
      onCard(CS, card.ts).click(card.ref, CARD_ACTIONS.escalateSpecialist, 'U0ANNA'),
    );
    await eventually(() => calls.some((c) => c.method === 'chat.postMessage'));
    await settled();
    expect(calls.filter((c) => c.method === 'chat.update').map((c) => c.body.ts)).toEqual([card.ts]);
    expect(calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.body.channel)).toEqual([SPEC]);
    expect((await findCaseByRef(context.db, card.ref))!.case.tier).toBe('specialist');
  });

  it("Pick up on a card keeps the agent's open-case limit; the refused agent is told privately", async () => {
    const agent = 'U0LIMIT';
    const cards = [await carded(), await carded(), await carded()];
    await settled();
    for (const card of cards.slice(0, 2)) {
      await postToSlackEndpoint(server.baseUrl, onCard(CS, card.ts).click(card.ref, CARD_ACTIONS.pickUp, agent));
      await eventually(() => calls.some((c) => c.method === 'chat.update' && c.body.ts === card.ts));
    }
    await settled();
    calls = [];
    const third = cards[2]!;
    await postToSlackEndpoint(server.baseUrl, onCard(CS, third.ts).click(third.ref, CARD_ACTIONS.pickUp, agent));
    await eventually(() => calls.some((c) => c.method === 'chat.postEphemeral'));
    await settled();
    const told = calls.find((c) => c.method === 'chat.postEphemeral')!.body;
    expect(told).toMatchObject({ channel: CS, user: agent });
    expect(told.text).toContain(third.ref);
    expect(told.text).toMatch(/at most 2 open cases/);
    const stored = (await findCaseByRef(context.db, third.ref))!.case;
    expect(stored.status).toBe('queued');
    expect(stored.assignee).toBeNull();
    // The card already shows the queued case: nothing to write.
    expect(calls.filter((c) => c.method === 'chat.update')).toEqual([]);
  });

  it('two clicks of one agent on two cards at once cannot both pass the limit', async () => {
    const agent = 'U0TWICE';
    const first = await carded();
    const [a, b] = [await carded(), await carded()];
    const held = await pickUpCase(context, first.ref, { id: agent, tier: 'customer_service' }, new Date());
    expect(held.ok).toBe(true);
    const results = await Promise.all(
      [a, b].map((card) => pickUpCase(context, card.ref, { id: agent, tier: 'customer_service' }, new Date())),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'agent_at_capacity' } });
    await settled();
  });

  it('a change whose signal was lost reaches its card within a couple of seconds (catch-up scan)', async () => {
    const started = Date.now();
    const card = await carded(lostSignal);
    expect(Date.now() - started).toBeLessThan(2_500);
    await settled();
    calls = [];
    const picked = await runCaseCommand(
      { ...context, signal: lostSignal },
      card.ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'U0CARL', tier: 'customer_service' } },
      new Date(),
    );
    expect(picked.ok).toBe(true);
    await eventually(() => calls.some((c) => c.method === 'chat.update'), 2_500);
    await settled();
    const updates = calls.filter((c) => c.method === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.body).toMatchObject({ channel: CS, ts: card.ts });
    expect(updates[0]!.body.blocks).toContain('<@U0CARL>');
  });

  it("the consumer's messages appear in the card's thread, masked, once with two replicas", async () => {
    const card = await carded();
    await settled();
    // A second replica's mirror on the same database.
    const other = await startConsumerMirror({
      client: new WebClient(BOT_TOKEN, CLIENT_OPTIONS),
      db: current().db,
      intervalMs: 100,
    });
    try {
      calls = [];
      const texts = ['I paid with 4111 1111 1111 1111 twice', 'and my e-mail is anna@example.com'];
      for (const text of texts) {
        const { message } = await storeInbound(current().db, {
          conversationId: card.conversationId,
          author: 'consumer',
          text,
          redactedText: redact(text),
          at: new Date(),
        });
        await markHandled(current().db, message.id, new Date(), card.id);
      }
      await eventually(() => calls.filter((c) => c.method === 'chat.postMessage').length >= 2, 3_000);
      await sleep(600);
      const posts = calls.filter((c) => c.method === 'chat.postMessage');
      expect(posts).toHaveLength(2);
      for (const post of posts) expect(post.body).toMatchObject({ channel: CS, thread_ts: card.ts });
      expect(posts[0]!.body.text).toContain('[card]');
      expect(posts[0]!.body.text).not.toContain('4111');
      expect(posts[1]!.body.text).toContain('[email]');
      expect(posts[1]!.body.text).not.toContain('anna@example.com');
    } finally {
      await other.stop();
    }
  });

  it('personal data typed every way (any space, dots, slashes, dashes, zero-width characters) reaches neither the card nor its thread', async () => {
    const messages = variantMessages();
    // Kept unmasked, as by a mask that did not know these separators yet: the desk masks again
    // on the way out, and that is what is checked here.
    const write = async (conversationId: string, caseId?: number) => {
      for (const { text } of messages) {
        const { message } = await storeInbound(current().db, {
          conversationId,
          author: 'consumer',
          text,
          redactedText: text,
          at: new Date(),
        });
        if (caseId !== undefined) await markHandled(current().db, message.id, new Date(), caseId);
      }
    };
    calls = [];
    const card = await carded(context.signal, undefined, (conversationId) => write(conversationId));
    const posted = calls.find((c) => c.method === 'chat.postMessage' && c.body.blocks?.includes(card.ref))!;
    // The summary is the consumer's report (their longest message up to the case), masked again.
    const report = messages.reduce((longest, m) => (m.text.length >= longest.text.length ? m : longest));
    expect(posted.body.blocks).toContain(JSON.stringify(`*Summary*\n${report.masked}`).slice(1, -1));
    await settled();
    await write(card.conversationId, card.id);
    const threadPosts = () => calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === card.ts);
    await eventually(() => threadPosts().length >= messages.length, 5_000);
    expect(threadPosts().map((c) => c.body.text)).toEqual(
      messages.map((m) => `:speech_balloon: _consumer:_ ${m.masked}`),
    );
    const toSlack = calls.map((c) => JSON.stringify(c.body)).join('\n');
    for (const message of messages) expect(leakedVariants(toSlack, message.variants)).toEqual([]);
  });
});
