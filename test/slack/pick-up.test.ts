// Pick up from a card: a signed block_actions request through the real receiver, the case
// taken on PGlite, and the card updated in place through Slack's Web API (intercepted by nock).
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  findCaseByRef,
  notifyInTransaction,
  openCase,
  openConversation,
  recordClassification,
  storeInbound,
  type DecisionContext,
} from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import { registerCaseActions } from '../../bot/slack/actions.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { onCard } from './payloads.ts';
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
const INV_CHANNEL = 'C0INV';
const CARD_TS = '1764000000.000100';
const inCs = onCard(CS_CHANNEL, CARD_TS);
const inInvestigation = onCard(INV_CHANNEL, CARD_TS);
const CARD_NUMBER = '4111 1111 1111 1111';

let database: TestDatabase;
let context: DecisionContext;
let server: Awaited<ReturnType<typeof listen>>;

interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}
let calls: SlackCall[] = [];

/** Records every Web API call; answers like Slack does. */
function interceptSlack(): void {
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply(function (uri, body) {
      const parsed: Record<string, unknown> =
        typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, unknown>);
      for (const key of ['blocks'])
        if (typeof parsed[key] === 'string') parsed[key] = JSON.parse(parsed[key] as string);
      calls.push({ method: uri.replace('/api/', ''), body: parsed });
      return [200, { ok: true, channel: parsed.channel, ts: parsed.ts ?? '1764000000.000200' }];
    });
}

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
  registerCaseActions(slack, {
    context,
    channelTiers: { [CS_CHANNEL]: 'customer_service', [INV_CHANNEL]: 'investigation' },
  });
  const app = express();
  mountSlack(app, slack);
  server = await listen(app);
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  interceptSlack();
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

async function queuedCase(): Promise<string> {
  const now = new Date();
  const conversationId = await openConversation(database.db, { consumerId: 'consumer-7', channel: 'web', at: now });
  const text = `My invoice is wrong, I paid with ${CARD_NUMBER}`;
  const { message } = await storeInbound(database.db, {
    conversationId,
    author: 'consumer-7',
    text,
    redactedText: redact(text),
    at: now,
  });
  await recordClassification(database.db, message.id, { intent: 'invoice', confidence: 0.91, language: 'en' });
  const opened = await openCase(
    context,
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId: 'consumer-7',
      conversationId,
      intent: 'invoice',
      language: 'en',
    },
    now,
  );
  if (!opened.ok) throw new Error(opened.error.code);
  return opened.stored.case.ref;
}

describe('Pick up on a card', () => {
  it('gives the case to the clicking agent and updates the card in place, masked', async () => {
    const ref = await queuedCase();
    const response = await postToSlackEndpoint(server.baseUrl, inCs.click(ref, CARD_ACTIONS.pickUp, 'U0ANNA'));
    expect(response.status).toBe(200);
    await eventually(() => calls.some((c) => c.method === 'chat.update'));

    const stored = await findCaseByRef(database.db, ref);
    expect(stored?.case.status).toBe('assigned');
    expect(stored?.case.assignee).toBe('U0ANNA');

    const updates = calls.filter((c) => c.method === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(calls.some((c) => c.method === 'chat.postMessage')).toBe(false);
    const update = updates[0]!.body;
    expect(update.channel).toBe(CS_CHANNEL);
    expect(update.ts).toBe(CARD_TS);
    const sent = JSON.stringify(update);
    expect(sent).toContain('<@U0ANNA>');
    expect(sent).toContain(ref);
    expect(sent).toContain('91 %');
    expect(sent).toContain('[card]');
    expect(sent).not.toContain(CARD_NUMBER);
    expect(sent).not.toContain(CARD_NUMBER.replace(/ /g, ''));
    // The held case's card offers work, not another pick up.
    expect(sent).not.toContain(CARD_ACTIONS.pickUp);
    expect(sent).toContain(CARD_ACTIONS.resolve);
  });

  it('tells a second agent who has the case, and leaves it with the first', async () => {
    const ref = await queuedCase();
    await postToSlackEndpoint(server.baseUrl, inCs.click(ref, CARD_ACTIONS.pickUp, 'U0ANNA'));
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    calls = [];

    const response = await postToSlackEndpoint(server.baseUrl, inCs.click(ref, CARD_ACTIONS.pickUp, 'U0BERT'));
    expect(response.status).toBe(200);
    await eventually(
      () => calls.some((c) => c.method === 'chat.postEphemeral') && calls.some((c) => c.method === 'chat.update'),
    );
    const told = calls.find((c) => c.method === 'chat.postEphemeral')!.body;
    expect(told.user).toBe('U0BERT');
    expect(told.channel).toBe(CS_CHANNEL);
    expect(String(told.text)).toContain('<@U0ANNA>');
    expect((await findCaseByRef(database.db, ref))?.case.assignee).toBe('U0ANNA');
    // The loser's (possibly stale) card is refreshed in place, still showing the winner.
    const refreshed = calls.filter((c) => c.method === 'chat.update');
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]!.body.ts).toBe(CARD_TS);
    expect(JSON.stringify(refreshed[0]!.body)).toContain('<@U0ANNA>');
    expect(JSON.stringify(refreshed[0]!.body)).not.toContain('<@U0BERT>');
    expect(calls.some((c) => c.method === 'chat.postMessage')).toBe(false);
  });

  it("refuses a pick up from another tier's channel and changes nothing", async () => {
    const ref = await queuedCase();
    await postToSlackEndpoint(server.baseUrl, inInvestigation.click(ref, CARD_ACTIONS.pickUp, 'U0INGA'));
    await eventually(() => calls.some((c) => c.method === 'chat.postEphemeral'));
    expect(String(calls.find((c) => c.method === 'chat.postEphemeral')!.body.text)).toMatch(/customer service/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls.filter((c) => c.method === 'chat.update')).toEqual([]);
    const stored = await findCaseByRef(database.db, ref);
    expect(stored?.case.status).toBe('queued');
    expect(stored?.case.assignee).toBeNull();
  });

  it('refuses an unsigned click with 401 and changes nothing', async () => {
    const ref = await queuedCase();
    const response = await postToSlackEndpoint(server.baseUrl, {
      ...inCs.click(ref, CARD_ACTIONS.pickUp, 'U0EVE'),
      signature: null,
    });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toEqual([]);
    expect((await findCaseByRef(database.db, ref))?.case.status).toBe('queued');
  });

  it('Release and Escalate from the card move the case and update the card in place', async () => {
    const ref = await queuedCase();
    await postToSlackEndpoint(server.baseUrl, inCs.click(ref, CARD_ACTIONS.pickUp, 'U0ANNA'));
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    calls = [];
    // Someone who does not hold the case cannot release it.
    await postToSlackEndpoint(server.baseUrl, inCs.click(ref, CARD_ACTIONS.release, 'U0BERT'));
    await eventually(() => calls.some((c) => c.method === 'chat.postEphemeral'));
    expect((await findCaseByRef(database.db, ref))?.case.assignee).toBe('U0ANNA');
    calls = [];

    await postToSlackEndpoint(server.baseUrl, inCs.click(ref, CARD_ACTIONS.escalateSpecialist, 'U0ANNA'));
    // The card is redrawn from the stored case; a redraw of the pick-up may still arrive late
    // on a busy machine, so the card's latest update is the one that counts.
    await eventually(() =>
      calls.some((c) => c.method === 'chat.update' && JSON.stringify(c.body).includes('Specialist team')),
    );
    const stored = await findCaseByRef(database.db, ref);
    expect(stored?.case.tier).toBe('specialist');
    expect(stored?.case.status).toBe('queued');
    const update = calls.filter((c) => c.method === 'chat.update').at(-1)!.body;
    expect(update.ts).toBe(CARD_TS);
    expect(JSON.stringify(update)).toContain('Specialist team');
    // In customer service's channel the escalated case offers nothing any more.
    expect(JSON.stringify(update)).not.toContain('"actions"');
  });
});
