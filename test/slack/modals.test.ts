// Resolve and Final statement: the button opens a modal; a submission with a missing or too
// short field is answered with errors in the modal and changes nothing; a valid one runs.
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  findCaseByRef,
  latestConversation,
  recentMessages,
  notifyInTransaction,
  type DecisionContext,
} from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { MODALS, registerCaseModals } from '../../bot/slack/modals.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { heldCase as held, onCard, selectedValue as choice, textValue as text } from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  listen,
  postToSlackEndpoint,
  SIGNING_SECRET,
  interceptSlackApi,
} from './support.ts';

const CHANNEL = 'C0CS';
const CARD_TS = '1764000000.000100';
const card = onCard(CHANNEL, CARD_TS);
let database: TestDatabase;
let context: DecisionContext;
let server: Awaited<ReturnType<typeof listen>>;
let calls: { method: string; body: Record<string, string> }[] = [];

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
  registerCaseModals(slack, { context, channelTiers: { [CHANNEL]: 'customer_service' } });
  const app = express();
  mountSlack(app, slack);
  server = await listen(app);
  interceptSlackApi((call) => calls.push(call));
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

/** A case Anna holds, as the bot opened it outside the web chat. */
const heldCase = async () => (await held(context, { language: 'sv', noConversation: true })).case.ref;

describe('the Resolve modal', () => {
  it('opens from the card with the outcomes to choose from', async () => {
    const ref = await heldCase();
    expect((await postToSlackEndpoint(server.baseUrl, card.click(ref, CARD_ACTIONS.resolve))).status).toBe(200);
    await eventually(() => calls.some((c) => c.method === 'views.open'));
    const opened = calls.find((c) => c.method === 'views.open')!.body;
    expect(opened.trigger_id).toBe('trigger-1');
    const view = JSON.parse(opened.view!) as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(MODALS.resolve);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ ref, channel: CHANNEL, ts: CARD_TS });
    expect(opened.view).toContain('consumer_unresponsive');
  });

  it('without an outcome shows the error in the modal and changes nothing', async () => {
    const ref = await heldCase();
    const response = await postToSlackEndpoint(
      server.baseUrl,
      card.submission(ref, MODALS.resolve, {
        outcome: choice(null),
        note: text(null),
      }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ response_action: 'errors', errors: { outcome: 'Choose an outcome.' } });
    expect((await findCaseByRef(database.db, ref))?.case.status).toBe('assigned');
  });

  it('with an outcome resolves the case and updates the card', async () => {
    const ref = await heldCase();
    const response = await postToSlackEndpoint(
      server.baseUrl,
      card.submission(ref, MODALS.resolve, {
        outcome: choice('answered'),
        note: text('explained the due date'),
      }),
    );
    expect(response.status).toBe(200);
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    const stored = await findCaseByRef(database.db, ref);
    expect(stored?.case.status).toBe('resolved');
    expect(stored?.case.outcome).toBe('answered');
    expect(calls.find((c) => c.method === 'chat.update')!.body).toMatchObject({ channel: CHANNEL, ts: CARD_TS });
  });
});

describe('the Final statement modal', () => {
  it('refuses a too short statement in the modal', async () => {
    const ref = await heldCase();
    const response = await postToSlackEndpoint(
      server.baseUrl,
      card.submission(ref, MODALS.finalStatement, { text: text('  no  ') }),
    );
    expect(JSON.parse(response.text).errors.text).toMatch(/at least 20 characters/);
    expect((await findCaseByRef(database.db, ref))?.case.finalStatementText).toBeNull();
  });

  it('issues the statement given by the holder', async () => {
    const ref = await heldCase();
    const statement = 'We have reviewed your invoice and it stands as issued.';
    await postToSlackEndpoint(server.baseUrl, card.submission(ref, MODALS.finalStatement, { text: text(statement) }));
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    expect((await findCaseByRef(database.db, ref))?.case.finalStatementText).toBe(statement);
  });

  it('from an agent who does not hold the case is refused privately', async () => {
    const ref = await heldCase();
    await postToSlackEndpoint(
      server.baseUrl,
      card.submission(ref, MODALS.finalStatement, { text: text('A statement long enough to pass.') }, 'U0BERT'),
    );
    await eventually(() => calls.some((c) => c.method === 'chat.postEphemeral'));
    expect(calls.find((c) => c.method === 'chat.postEphemeral')!.body.user).toBe('U0BERT');
    expect((await findCaseByRef(database.db, ref))?.case.finalStatementText).toBeNull();
  });
});

describe('the Reply modal', () => {
  it('opens from the card', async () => {
    const ref = await heldCase();
    await postToSlackEndpoint(server.baseUrl, card.click(ref, CARD_ACTIONS.reply));
    await eventually(() => calls.some((c) => c.method === 'views.open'));
    expect(calls.find((c) => c.method === 'views.open')!.body.view).toContain(MODALS.reply);
  });

  it('refuses an empty reply in the modal', async () => {
    const ref = await heldCase();
    const response = await postToSlackEndpoint(
      server.baseUrl,
      card.submission(ref, MODALS.reply, { text: text('   ') }),
    );
    expect(JSON.parse(response.text)).toEqual({ response_action: 'errors', errors: { text: 'Write the reply.' } });
  });

  it("sends the holder's reply to the consumer and shows it, masked, in the card thread", async () => {
    const ref = await heldCase();
    const reply = 'Your card 4111 1111 1111 1111 was not charged twice.';
    await postToSlackEndpoint(server.baseUrl, card.submission(ref, MODALS.reply, { text: text(reply) }));
    await eventually(() => calls.some((c) => c.method === 'chat.postMessage'));
    const consumer = (await findCaseByRef(database.db, ref))!.case.consumerId;
    const conversation = (await latestConversation(database.db, consumer, 'web'))!;
    expect((await recentMessages(database.db, conversation)).map((m) => m.text)).toContain(reply);
    const thread = calls.find((c) => c.method === 'chat.postMessage')!.body;
    expect(thread).toMatchObject({ channel: CHANNEL, thread_ts: CARD_TS });
    expect(thread.text).toContain('[card]');
    expect(thread.text).not.toContain('4111');
  });
});
