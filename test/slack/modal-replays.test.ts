// A modal's submission is applied once, whoever sends it again: a correctly signed replay of
// the same submission, three copies at once, or the same copy reaching two replicas at once is
// answered like the first (an empty 200: the modal closes, no error shown) and changes nothing:
// the consumer gets the reply once, the case event is written once, the thread shows it once.
// A genuine second Submit of the same modal after an error in it is taken; a copy that finds the
// first still being worked waits for it; one whose first copy's replica died is taken after the
// lease. Through Bolt's real HTTP receiver, Slack's Web API intercepted, on PGlite and PostgreSQL.
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  caseEvents,
  claimViewSubmission,
  consumerHistory,
  findCaseByRef,
  notifyInTransaction,
  VIEW_CLAIM_LEASE_SECONDS,
  type DecisionContext,
  type StoredCase,
} from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { MODALS, registerCaseModals } from '../../bot/slack/modals.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  agent,
  heldCase,
  ombudsmanDecideForm,
  merchantNeverAnswered,
  newView,
  onCard,
  selectedValue as choice,
  textValue as text,
  toOmbudsman,
  viewSubmission,
} from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  listen,
  postToSlackEndpoint,
  recordSlackApi,
  SIGNING_SECRET,
} from './support.ts';

const CS = 'C0CS';
const INV = 'C0INV';
const OMB = 'C0OMB';
const CARD_TS = '1764000000.000100';
const inCs = onCard(CS, CARD_TS);
const inInvestigation = onCard(INV, CARD_TS);
const inOmbudsman = onCard(OMB, CARD_TS);
const CHANNEL_TIERS = { [CS]: 'customer_service', [INV]: 'investigation', [OMB]: 'ombudsman' } as const;
const REASONING = "The merchant showed proof of delivery to the consumer's address.";

const { calls } = recordSlackApi();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDriver('a modal submission is applied once', (current) => {
  let context: DecisionContext;
  /** Two replicas of the desk on one database, as in production. */
  let replicaA: Awaited<ReturnType<typeof listen>>;
  let replicaB: Awaited<ReturnType<typeof listen>>;

  async function replica() {
    const slack = createSlackApp({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
    });
    registerCaseModals(slack, { context, channelTiers: CHANNEL_TIERS });
    const app = express();
    mountSlack(app, slack);
    return listen(app);
  }

  beforeAll(async () => {
    context = { db: current().db, signal: notifyInTransaction() };
    [replicaA, replicaB] = await Promise.all([replica(), replica()]);
  });
  afterAll(async () => {
    await replicaA?.close();
    await replicaB?.close();
  });

  const atOmbudsman = async () => toOmbudsman(context, await heldCase(context));

  const toConsumer = async (stored: StoredCase) =>
    (await consumerHistory(context.db, stored.case.consumerId)).filter((m) => m.direction === 'out').map((m) => m.text);
  const eventsOf = async (stored: StoredCase, type: string) =>
    (await caseEvents(context.db, stored.id)).filter((e) => e.type === type);
  const posted = (method: string) => calls.filter((c) => c.method === method);

  /** Sends `body` three times, one after the other; every answer is Slack's plain acknowledgement. */
  async function sentThrice(body: ReturnType<typeof viewSubmission>, settled: () => boolean) {
    for (let copy = 0; copy < 3; copy++) {
      const answer = await postToSlackEndpoint(replicaA.baseUrl, body);
      expect(answer).toEqual({ status: 200, text: '' });
      await eventually(settled);
    }
    // Anything a replay would have started has had time to show.
    await sleep(300);
  }

  it('a replayed Reply reaches the consumer once, one agent_replied event, one thread post', async () => {
    const stored = await heldCase(context);
    const reply = 'Your invoice is paused until the shop answers.';
    const body = inCs.submission(stored.case.ref, MODALS.reply, { text: text(reply) });
    await sentThrice(body, () => posted('chat.postMessage').length >= 1);
    expect(await toConsumer(stored)).toEqual([reply]);
    expect(await eventsOf(stored, 'agent_replied')).toHaveLength(1);
    expect(posted('chat.postMessage')).toHaveLength(1);
    expect(posted('chat.postEphemeral')).toEqual([]);
  });

  it('three copies of a Reply at once, two on each replica, reach the consumer once', async () => {
    const stored = await heldCase(context);
    const reply = 'We have asked the shop for the delivery receipt.';
    const body = inCs.submission(stored.case.ref, MODALS.reply, { text: text(reply) });
    const answers = await Promise.all(
      [replicaA, replicaB, replicaA, replicaB].map((replica) => postToSlackEndpoint(replica.baseUrl, body)),
    );
    expect(answers).toEqual(answers.map(() => ({ status: 200, text: '' })));
    await eventually(() => posted('chat.postMessage').length >= 1);
    await sleep(300);
    expect(await toConsumer(stored)).toEqual([reply]);
    expect(await eventsOf(stored, 'agent_replied')).toHaveLength(1);
    expect(posted('chat.postMessage')).toHaveLength(1);
  });

  it('the same Decide reaching two replicas at once is decided once and the consumer told once', async () => {
    const stored = await heldCase(context, {
      intent: 'unrecognized_purchase',
      holder: agent('U0INGA', 'investigation'),
    });
    const body = inInvestigation.submission(
      stored.case.ref,
      MODALS.decide,
      { decision: choice('consumer_favour', 'radio_buttons'), reasoning: text(REASONING) },
      'U0INGA',
    );
    const answers = await Promise.all([
      postToSlackEndpoint(replicaA.baseUrl, body),
      postToSlackEndpoint(replicaB.baseUrl, body),
    ]);
    // Both close the modal: neither shows the agent the routing refusal a second decision would get.
    expect(answers).toEqual([
      { status: 200, text: '' },
      { status: 200, text: '' },
    ]);
    await eventually(() => posted('chat.update').length >= 1);
    let told: string[] = [];
    for (const until = Date.now() + 3_000; told.length === 0 && Date.now() < until; await sleep(20))
      told = await toConsumer(stored);
    await sleep(300);
    expect(await toConsumer(stored)).toHaveLength(1);
    expect(await eventsOf(stored, 'investigation_decided')).toHaveLength(1);
    expect((await findCaseByRef(context.db, stored.case.ref))!.case.outcome).toBe('chargeback');
  });

  it('a replayed Ask for info asks once and sets one due date', async () => {
    const stored = await heldCase(context);
    const question = 'Which e-mail address did you use for the order?';
    const body = inCs.submission(stored.case.ref, MODALS.askForInfo, { question: text(question), due: choice('7') });
    await sentThrice(body, () => posted('chat.postMessage').length >= 1);
    expect(await toConsumer(stored)).toEqual([question]);
    expect(await eventsOf(stored, 'info_requested')).toHaveLength(1);
    expect(posted('chat.postMessage')).toHaveLength(1);
  });

  it('a replayed Final statement is issued once (a second would replace the first on record)', async () => {
    const stored = await heldCase(context);
    const statement = 'We have reviewed your invoice and it stands as issued.';
    const body = inCs.submission(stored.case.ref, MODALS.finalStatement, { text: text(statement) });
    await sentThrice(body, () => posted('chat.update').length >= 1);
    expect(await eventsOf(stored, 'final_statement_issued')).toHaveLength(1);
    expect(posted('chat.update')).toHaveLength(1);
  });

  it('a replayed Resolve resolves once and shows the agent no refusal', async () => {
    const stored = await heldCase(context);
    const body = inCs.submission(stored.case.ref, MODALS.resolve, {
      outcome: choice('answered'),
      note: text('explained the due date'),
    });
    await sentThrice(body, () => posted('chat.update').length >= 1);
    expect(await eventsOf(stored, 'resolved')).toHaveLength(1);
    expect(posted('chat.postEphemeral')).toEqual([]);
  });

  it("a replayed ombudsman's Decide is decided once and the consumer told once", async () => {
    const stored = await atOmbudsman();
    const body = inOmbudsman.submission(
      stored.case.ref,
      MODALS.ombudsmanDecide,
      ombudsmanDecideForm({ decision: 'upheld', reasoning: REASONING }),
      'U0OMB',
    );
    await sentThrice(body, () => posted('chat.update').length >= 1);
    expect(await eventsOf(stored, 'ombudsman_decided')).toHaveLength(1);
    expect(await eventsOf(stored, 'process_feedback')).toHaveLength(1);
    const told = await toConsumer(stored);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(REASONING);
  });

  it('the same modal submitted again after an error in it is taken: the error changed nothing', async () => {
    const stored = await heldCase(context);
    const view = newView();
    const submit = (reply: string) =>
      viewSubmission({
        ref: stored.case.ref,
        callbackId: MODALS.reply,
        channel: CS,
        cardTs: CARD_TS,
        values: { text: text(reply) },
        view,
      });
    const refused = await postToSlackEndpoint(replicaA.baseUrl, submit('   '));
    expect(JSON.parse(refused.text)).toEqual({ response_action: 'errors', errors: { text: 'Write the reply.' } });
    const reply = 'Thanks for waiting: the refund is on its way.';
    expect(await postToSlackEndpoint(replicaB.baseUrl, submit(reply))).toEqual({ status: 200, text: '' });
    await eventually(() => posted('chat.postMessage').length >= 1);
    expect(await toConsumer(stored)).toEqual([reply]);
  });

  it('a routing refusal shown in the modal lets the same modal be submitted again', async () => {
    const stored = await merchantNeverAnswered(context);
    const view = newView();
    const decide = (decision: string) =>
      viewSubmission({
        ref: stored.case.ref,
        callbackId: MODALS.decide,
        channel: INV,
        cardTs: CARD_TS,
        user: 'U0INGA',
        values: { decision: choice(decision, 'radio_buttons'), reasoning: text(REASONING) },
        view,
      });
    const refused = JSON.parse((await postToSlackEndpoint(replicaA.baseUrl, decide('merchant_favour'))).text) as {
      errors: Record<string, string>;
    };
    expect(refused.errors.decision).toMatch(/never answered/);
    expect(await postToSlackEndpoint(replicaA.baseUrl, decide('consumer_favour'))).toEqual({ status: 200, text: '' });
    expect((await findCaseByRef(context.db, stored.case.ref))!.case.outcome).toBe('chargeback');
  });

  it('another version of the view (a new hash) is a submission of its own', async () => {
    const stored = await heldCase(context);
    const first = newView();
    const updated = { id: first.id, hash: `${first.hash}0` };
    for (const [view, reply] of [
      [first, 'First answer.'],
      [updated, 'Second answer.'],
    ] as const) {
      await postToSlackEndpoint(
        replicaA.baseUrl,
        viewSubmission({
          ref: stored.case.ref,
          callbackId: MODALS.reply,
          channel: CS,
          cardTs: CARD_TS,
          values: { text: text(reply) },
          view,
        }),
      );
    }
    await eventually(() => posted('chat.postMessage').length >= 2);
    expect(await toConsumer(stored)).toEqual(['First answer.', 'Second answer.']);
  });

  it('a copy whose first is held by a replica that died is told to wait, and taken after the lease', async () => {
    const stored = await heldCase(context);
    const view = newView();
    const body = viewSubmission({
      ref: stored.case.ref,
      callbackId: MODALS.reply,
      channel: CS,
      cardTs: CARD_TS,
      values: { text: text('Here is your answer.') },
      view,
    });
    // The dead replica claimed the submission just now and never answered Slack.
    expect(await claimViewSubmission(context.db, { viewId: view.id, hash: view.hash }, new Date())).toBe('claimed');
    const waited = await postToSlackEndpoint(replicaA.baseUrl, body);
    expect(JSON.parse(waited.text)).toEqual({
      response_action: 'errors',
      errors: { text: expect.stringMatching(/still being sent/) },
    });
    expect(await toConsumer(stored)).toEqual([]);

    const otherView = newView();
    const lapsed = new Date(Date.now() - (VIEW_CLAIM_LEASE_SECONDS + 1) * 1000);
    expect(await claimViewSubmission(context.db, { viewId: otherView.id, hash: otherView.hash }, lapsed)).toBe(
      'claimed',
    );
    const taken = await postToSlackEndpoint(
      replicaB.baseUrl,
      viewSubmission({
        ref: stored.case.ref,
        callbackId: MODALS.reply,
        channel: CS,
        cardTs: CARD_TS,
        values: { text: text('Here is your answer.') },
        view: otherView,
      }),
    );
    expect(taken).toEqual({ status: 200, text: '' });
    await eventually(() => posted('chat.postMessage').length >= 1);
    expect(await toConsumer(stored)).toEqual(['Here is your answer.']);
  });

  it("a submission without the view's id and hash is refused as not Slack's, and changes nothing", async () => {
    const stored = await heldCase(context);
    const body = viewSubmission({
      ref: stored.case.ref,
      callbackId: MODALS.reply,
      channel: CS,
      cardTs: CARD_TS,
      values: { text: text('Hello') },
      view: { id: 'V1', hash: 'a\u0000b' },
    });
    expect((await postToSlackEndpoint(replicaA.baseUrl, body)).status).toBe(400);
    expect(await toConsumer(stored)).toEqual([]);
  });
});
