// Ask for info and the two Decide modals, through Bolt's real receiver with signed requests:
// what the consumer then has in their chat, what the case became, what the agent sees in the
// card's thread and on the card; a form with a missing or wrong field, or a command routing
// refuses, is answered with the error in the modal and changes nothing. On PGlite and PostgreSQL.
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  caseEvents,
  consumerHistory,
  findCaseByRef,
  notifyInTransaction,
  type DecisionContext,
} from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { MODALS, registerCaseModals } from '../../bot/slack/modals.ts';
import { addDays } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  agent,
  heldCase,
  ombudsmanDecideForm,
  merchantNeverAnswered,
  onCard,
  openedCase,
  run,
  selectedValue as choice,
  textValue as text,
  toOmbudsman,
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
const { calls } = recordSlackApi();

const inCs = onCard(CS, CARD_TS);
const inInvestigation = onCard(INV, CARD_TS);
const inOmbudsman = onCard(OMB, CARD_TS);
const investigator = agent('U0INGA', 'investigation');

const REASONING = "The merchant showed proof of delivery to the consumer's address.";

describeEachDriver('Ask for info and Decide from a card', (current) => {
  let context: DecisionContext;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    context = { db: current().db, signal: notifyInTransaction() };
    const slack = createSlackApp({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
    });
    registerCaseModals(slack, {
      context,
      channelTiers: { [CS]: 'customer_service', [INV]: 'investigation', [OMB]: 'ombudsman' },
    });
    const app = express();
    mountSlack(app, slack);
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('Ask for info opens a modal for the question', async () => {
    const stored = await heldCase(context);
    await postToSlackEndpoint(server.baseUrl, inCs.click(stored.case.ref, CARD_ACTIONS.askForInfo));
    await eventually(() => calls.some((c) => c.method === 'views.open'));
    const view = JSON.parse(calls.find((c) => c.method === 'views.open')!.body.view!) as {
      callback_id: string;
      private_metadata: string;
    };
    expect(view.callback_id).toBe(MODALS.askForInfo);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ ref: stored.case.ref, channel: CS, ts: CARD_TS });
  });

  it("Ask for info sends the question to the consumer's chat, waits for them, and shows it masked in the thread", async () => {
    const stored = await heldCase(context);
    const ref = stored.case.ref;
    const question = 'Which card did you pay with? We see 4111 1111 1111 1111 on file.';
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inCs.submission(ref, MODALS.askForInfo, { question: text(question), due: choice('7') }),
    );
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    await eventually(
      () => calls.some((c) => c.method === 'chat.postMessage') && calls.some((c) => c.method === 'chat.update'),
    );

    const after = (await findCaseByRef(context.db, ref))!.case;
    expect(after.status).toBe('awaiting_consumer');
    expect(after.assignee).toBe('U0ANNA');
    const dueInDays = (after.waitingUntil!.getTime() - Date.now()) / 86_400_000;
    expect(dueInDays).toBeGreaterThan(6.9);
    expect(dueInDays).toBeLessThan(7.1);
    // The consumer's chat history holds the question, unmasked, as the agent's message.
    const history = await consumerHistory(context.db, stored.case.consumerId);
    expect(history.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual([question]);
    expect(history.at(-1)!.case).toMatchObject({ ref, status: 'awaiting_consumer' });
    // The thread shows what the consumer was asked, masked.
    const thread = calls.find((c) => c.method === 'chat.postMessage')!.body;
    expect(thread).toMatchObject({ channel: CS, thread_ts: CARD_TS });
    expect(thread.text).toContain('<@U0ANNA> asked the consumer');
    expect(thread.text).toContain('[card]');
    expect(thread.text).not.toContain('4111');
    // The card shows the case waiting for the consumer.
    const card = calls.find((c) => c.method === 'chat.update')!.body;
    expect(card).toMatchObject({ channel: CS, ts: CARD_TS });
    expect(card.blocks).toContain('awaiting consumer');
  });

  it('Ask for info without a question shows the error in the modal and changes nothing', async () => {
    const stored = await heldCase(context);
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inCs.submission(stored.case.ref, MODALS.askForInfo, { question: text('   '), due: choice(null) }),
    );
    expect(JSON.parse(response.text)).toEqual({
      response_action: 'errors',
      errors: { question: 'Write the question.' },
    });
    expect((await findCaseByRef(context.db, stored.case.ref))!.case.status).toBe('assigned');
    expect((await consumerHistory(context.db, stored.case.consumerId)).filter((m) => m.direction === 'out')).toEqual(
      [],
    );
  });

  it('Ask for info from an agent who does not hold the case is refused in the modal; the consumer gets nothing', async () => {
    const stored = await heldCase(context);
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inCs.submission(
        stored.case.ref,
        MODALS.askForInfo,
        { question: text('Your address?'), due: choice(null) },
        'U0BERT',
      ),
    );
    const answer = JSON.parse(response.text) as { response_action: string; errors: { question: string } };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.question).toMatch(/Only the agent holding case/);
    expect((await findCaseByRef(context.db, stored.case.ref))!.case.status).toBe('assigned');
    expect((await consumerHistory(context.db, stored.case.consumerId)).filter((m) => m.direction === 'out')).toEqual(
      [],
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });

  it('Decide (investigation) opens its modal with both decisions', async () => {
    const stored = await heldCase(context, { intent: 'unrecognized_purchase', holder: investigator });
    await postToSlackEndpoint(server.baseUrl, inInvestigation.click(stored.case.ref, CARD_ACTIONS.decide, 'U0INGA'));
    await eventually(() => calls.some((c) => c.method === 'views.open'));
    const view = calls.find((c) => c.method === 'views.open')!.body.view!;
    expect(view).toContain(MODALS.decide);
    expect(view).toContain('merchant_favour');
    expect(view).toContain('consumer_favour');
  });

  it('Decide (investigation) needs a decision and reasoning, shown in the modal; nothing changes', async () => {
    const stored = await heldCase(context, { intent: 'unrecognized_purchase', holder: investigator });
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inInvestigation.submission(
        stored.case.ref,
        MODALS.decide,
        { decision: choice(null, 'radio_buttons'), reasoning: text('too short') },
        'U0INGA',
      ),
    );
    const answer = JSON.parse(response.text) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.decision).toBe('Choose in whose favour.');
    expect(answer.errors.reasoning).toMatch(/at least 20 characters/);
    const after = (await findCaseByRef(context.db, stored.case.ref))!.case;
    expect(after.status).toBe('assigned');
    expect(after.dispute?.decision).toBeNull();
  });

  it("Decide (investigation) in the consumer's favour charges back, with the reasoning on record, and updates the card", async () => {
    const stored = await heldCase(context, { intent: 'unrecognized_purchase', holder: investigator });
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inInvestigation.submission(
        stored.case.ref,
        MODALS.decide,
        { decision: choice('consumer_favour', 'radio_buttons'), reasoning: text(REASONING) },
        'U0INGA',
      ),
    );
    expect(response.text).toBe('');
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    const after = (await findCaseByRef(context.db, stored.case.ref))!.case;
    expect(after.status).toBe('resolved');
    expect(after.outcome).toBe('chargeback');
    expect(after.invoiceState).toBe('charged_back');
    expect(after.dispute?.decisionReasoning).toBe(REASONING);
    const decided = (await caseEvents(context.db, stored.id)).find((e) => e.type === 'investigation_decided');
    expect(decided).toMatchObject({ actor: 'agent:U0INGA', reason: REASONING });
    const card = calls.find((c) => c.method === 'chat.update')!.body;
    expect(card).toMatchObject({ channel: INV, ts: CARD_TS });
    expect(card.blocks).toContain('resolved');
    // The consumer is told in their language what the decision means for them.
    let told: string[] = [];
    const until = Date.now() + 3_000;
    while (told.length === 0 && Date.now() < until) {
      told = (await consumerHistory(context.db, stored.case.consumerId))
        .filter((m) => m.direction === 'out')
        .map((m) => m.text);
      if (told.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(told).toEqual([
      `Your case ${stored.case.ref} is closed. The decision went in your favour: you don't need to pay, and anything you've already paid comes back to you. ` +
        "If you're not satisfied, reply here and ask for a final statement; after it, our customer ombudsman can review the case.",
    ]);
  });

  it('Decide (investigation) for the merchant when the merchant never answered is refused in the modal; nothing changes', async () => {
    const stored = await merchantNeverAnswered(context);
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inInvestigation.submission(
        stored.case.ref,
        MODALS.decide,
        { decision: choice('merchant_favour', 'radio_buttons'), reasoning: text(REASONING) },
        'U0INGA',
      ),
    );
    const answer = JSON.parse(response.text) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.decision).toMatch(/never answered/);
    const after = (await findCaseByRef(context.db, stored.case.ref))!.case;
    expect(after.status).toBe('assigned');
    expect(after.invoiceState).toBe('paused');
  });

  it("investigation's order from the card: the merchant is asked only after the consumer's account; its question is kept masked on the case and nothing of it reaches the consumer", async () => {
    const stored = await openedCase(context, { intent: 'merchant_disagreement' });
    const ref = stored.case.ref;
    const later = addDays(new Date(), 22);
    await run(context, ref, { type: 'window_expired', actor: { kind: 'system' } }, later);
    await run(context, ref, { type: 'pick_up', actor: investigator }, later);
    // The modal offers the merchant on a case with an open dispute.
    await postToSlackEndpoint(server.baseUrl, inInvestigation.click(ref, CARD_ACTIONS.askForInfo, 'U0INGA'));
    await eventually(() => calls.some((c) => c.method === 'views.open'));
    expect(calls.find((c) => c.method === 'views.open')!.body.view).toContain('whom');

    const askMerchant = (question: string) =>
      postToSlackEndpoint(
        server.baseUrl,
        inInvestigation.submission(
          ref,
          MODALS.askForInfo,
          { whom: choice('merchant', 'radio_buttons'), question: text(question), due: choice('7') },
          'U0INGA',
        ),
      );
    const early = JSON.parse((await askMerchant('Please send the proof of delivery.')).text) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(early.response_action).toBe('errors');
    expect(early.errors.question).toMatch(/hears the consumer first/);
    expect((await findCaseByRef(context.db, ref))!.case.status).toBe('assigned');

    // The consumer's account first, asked through the same modal; then the merchant.
    const askConsumer = await postToSlackEndpoint(
      server.baseUrl,
      inInvestigation.submission(
        ref,
        MODALS.askForInfo,
        {
          whom: choice('consumer', 'radio_buttons'),
          question: text('What happened with the parcel?'),
          due: choice(null),
        },
        'U0INGA',
      ),
    );
    expect(askConsumer.text).toBe('');
    expect((await findCaseByRef(context.db, ref))!.case.status).toBe('awaiting_consumer');
    await run(
      context,
      ref,
      { type: 'reply', actor: { kind: 'consumer', id: stored.case.consumerId } },
      addDays(later, 1),
    );
    const asked = await postToSlackEndpoint(
      server.baseUrl,
      inInvestigation.submission(
        ref,
        MODALS.askForInfo,
        {
          whom: choice('merchant', 'radio_buttons'),
          question: text('Proof of delivery, please; the consumer paid with card 4111 1111 1111 1111.'),
          due: choice('7'),
        },
        'U0INGA',
      ),
    );
    expect(asked.text).toBe('');
    const after = (await findCaseByRef(context.db, ref))!.case;
    expect(after.status).toBe('awaiting_merchant');
    const requested = (await caseEvents(context.db, stored.id))
      .filter((e) => e.type === 'info_requested')
      .map((e) => e.data);
    expect(requested.map((data) => data.from)).toEqual(['consumer', 'merchant']);
    expect(requested[1]!.question).not.toContain('4111');
    // Only the consumer's question reached the consumer.
    const out = (await consumerHistory(context.db, stored.case.consumerId))
      .filter((m) => m.direction === 'out')
      .map((m) => m.text);
    expect(out.some((m) => m.includes('What happened with the parcel?'))).toBe(true);
    expect(out.some((m) => m.includes('Proof of delivery'))).toBe(false);
    await eventually(() =>
      calls.some((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('asked the merchant')),
    );
  });

  const atOmbudsman = async () => (await toOmbudsman(context, await heldCase(context))).case.ref;

  it("the ombudsman's Decide: an overturn without the new outcome, or an upheld one with it, is refused in the modal", async () => {
    const ref = await atOmbudsman();
    const overturned = await postToSlackEndpoint(
      server.baseUrl,
      inOmbudsman.submission(
        ref,
        MODALS.ombudsmanDecide,
        ombudsmanDecideForm({ decision: 'overturned', reasoning: REASONING }),
        'U0OMB',
      ),
    );
    expect(JSON.parse(overturned.text)).toEqual({
      response_action: 'errors',
      errors: { new_outcome: 'An overturn names the outcome to carry out.' },
    });
    const upheld = await postToSlackEndpoint(
      server.baseUrl,
      inOmbudsman.submission(
        ref,
        MODALS.ombudsmanDecide,
        ombudsmanDecideForm({ decision: 'upheld', reasoning: REASONING, newOutcome: 'chargeback' }),
        'U0OMB',
      ),
    );
    expect(JSON.parse(upheld.text).errors.new_outcome).toMatch(/leave this empty/);
    // Routing's own refusal: there is no disputed invoice to charge back.
    const chargeback = await postToSlackEndpoint(
      server.baseUrl,
      inOmbudsman.submission(
        ref,
        MODALS.ombudsmanDecide,
        ombudsmanDecideForm({ decision: 'overturned', reasoning: REASONING, newOutcome: 'chargeback' }),
        'U0OMB',
      ),
    );
    expect(JSON.parse(chargeback.text).errors.decision).toMatch(/cannot be carried out/);
    const after = (await findCaseByRef(context.db, ref))!.case;
    expect(after.status).toBe('assigned');
    expect(after.ombudsmanDecision).toBeNull();
    expect((await consumerHistory(context.db, after.consumerId)).filter((m) => m.direction === 'out')).toEqual([]);
  });

  it('the agent who gave the final statement cannot decide the case as ombudsman: refused in the modal, nothing changes (issue 18)', async () => {
    const ref = await atOmbudsman();
    const before = (await caseEvents(context.db, (await findCaseByRef(context.db, ref))!.id)).length;
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inOmbudsman.submission(
        ref,
        MODALS.ombudsmanDecide,
        ombudsmanDecideForm({ decision: 'upheld', reasoning: REASONING }),
        'U0ANNA',
      ),
    );
    const answer = JSON.parse(response.text);
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.decision).toMatch(
      /before it reached the ombudsman .*final statement issued.*another ombudsman must decide it/,
    );
    const after = (await findCaseByRef(context.db, ref))!;
    expect(after.case.ombudsmanDecision).toBeNull();
    expect((await caseEvents(context.db, after.id)).length).toBe(before);
  });

  it("the ombudsman's Decide upholds the final statement with its reasoning and updates the card", async () => {
    const ref = await atOmbudsman();
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inOmbudsman.submission(
        ref,
        MODALS.ombudsmanDecide,
        ombudsmanDecideForm({ decision: 'upheld', reasoning: REASONING, feedback: 'Explain due dates earlier.' }),
        'U0OMB',
      ),
    );
    expect(response.text).toBe('');
    await eventually(() => calls.some((c) => c.method === 'chat.update'));
    const stored = (await findCaseByRef(context.db, ref))!;
    expect(stored.case.ombudsmanDecision).toBe('upheld');
    expect(stored.case.status).toBe('resolved');
    const events = await caseEvents(context.db, stored.id);
    expect(events.find((e) => e.type === 'ombudsman_decided')).toMatchObject({
      actor: 'ombudsman:U0OMB',
      reason: REASONING,
    });
    expect(events.find((e) => e.type === 'process_feedback')?.data).toMatchObject({
      feedback: 'Explain due dates earlier.',
    });
    expect(calls.find((c) => c.method === 'chat.update')!.body).toMatchObject({ channel: OMB, ts: CARD_TS });
    // The consumer is told in their chat, with the reasoning.
    const told = (await consumerHistory(context.db, stored.case.consumerId))
      .filter((m) => m.direction === 'out')
      .at(-1)!;
    expect(told.text).toContain(ref);
    expect(told.text).toContain(REASONING);
  });
});
