// Escalate: investigation and Merchant settled, through Bolt's real receiver with signed requests,
// on PGlite and PostgreSQL (issue 16). The escalation names its dispute, which opens with the
// invoice paused (it used to move the case and open none); the merchant's settlement is recorded
// as its claim, and the case waits for the consumer (it used to close the dispute on the agent's
// word). What the card then shows: the refund reason, the claim and the amount in its currency.
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findCaseByRef, notifyInTransaction, type DecisionContext } from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { MODALS, registerCaseModals } from '../../bot/slack/modals.ts';
import type { Intent } from '../../intents/labels.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  heldCase,
  onCard,
  openedCase,
  selectedValue as choice,
  textValue as text,
  type CaseSetup,
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
const CARD_TS = '1764000000.000200';
const inCs = onCard(CS, CARD_TS);
const inInvestigation = onCard(INV, CARD_TS);
const { calls } = recordSlackApi();

/** A purchase the bot understood, opened outside the web chat. */
const purchase = (intent: Intent): CaseSetup => ({
  intent,
  entities: {
    merchant: 'Zalando',
    amountMinor: 129_900,
    currency: 'SEK',
    orderNumber: String(Math.random()).slice(2, 10),
  },
  noConversation: true,
});

describeEachDriver('the dispute modals of the desk', (current) => {
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
    registerCaseModals(slack, { context, channelTiers: { [CS]: 'customer_service', [INV]: 'investigation' } });
    const app = express();
    mountSlack(app, slack);
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
  });

  const opened = async (intent: Intent) => (await openedCase(context, purchase(intent))).case.ref;
  const heldInCustomerService = async () => (await heldCase(context, purchase('invoice'))).case.ref;

  function openedView(): { callback_id: string; blocks: unknown[] } {
    return JSON.parse(calls.filter((c) => c.method === 'views.open').at(-1)!.body.view!);
  }

  it('Escalate: investigation asks which dispute it opens', async () => {
    const ref = await heldInCustomerService();
    const before = calls.length;
    await postToSlackEndpoint(server.baseUrl, inCs.click(ref, CARD_ACTIONS.escalateInvestigation));
    await eventually(() => calls.slice(before).some((c) => c.method === 'views.open'));
    const view = openedView();
    expect(view.callback_id).toBe(MODALS.escalateInvestigation);
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain('merchant_disagreement');
    expect(shown).toContain('unrecognized_purchase');
    expect(shown).toContain('goods never received');
    // An invoice question says nothing of the kind: nothing is chosen for the agent.
    expect(shown).not.toContain('initial_option');
  });

  it('an escalation without a kind, or with a refund reason on an unrecognised purchase, is refused in the modal and changes nothing', async () => {
    const ref = await heldInCustomerService();
    const none = JSON.parse(
      (
        await postToSlackEndpoint(
          server.baseUrl,
          inCs.submission(ref, MODALS.escalateInvestigation, {
            kind: choice(null, 'radio_buttons'),
            refund_reason: choice(null),
            note: text(null),
          }),
        )
      ).text,
    );
    expect(none).toEqual({ response_action: 'errors', errors: { kind: 'Choose what kind of dispute it is.' } });
    const mixed = JSON.parse(
      (
        await postToSlackEndpoint(
          server.baseUrl,
          inCs.submission(ref, MODALS.escalateInvestigation, {
            kind: choice('unrecognized_purchase', 'radio_buttons'),
            refund_reason: choice('returned'),
            note: text(null),
          }),
        )
      ).text,
    );
    expect(mixed.errors.refund_reason).toMatch(/no refund reason/);
    expect((await findCaseByRef(context.db, ref))?.case).toMatchObject({
      tier: 'customer_service',
      status: 'assigned',
      invoiceState: 'active',
      dispute: null,
    });
  });

  it('an escalation of a disagreement opens its dispute with the refund reason, pauses the invoice, and the card says so', async () => {
    const ref = await heldInCustomerService();
    const before = calls.length;
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inCs.submission(ref, MODALS.escalateInvestigation, {
        kind: choice('merchant_disagreement', 'radio_buttons'),
        refund_reason: choice('returned'),
        note: text('Returned by post on 3 March.'),
      }),
    );
    expect(response.text).toBe('');
    const after = (await findCaseByRef(context.db, ref))!.case;
    expect(after).toMatchObject({
      tier: 'investigation',
      status: 'awaiting_merchant',
      invoiceState: 'paused',
      dispute: { kind: 'merchant_disagreement', refundReason: 'returned', closedAt: null },
    });
    await eventually(() => calls.slice(before).some((c) => c.method === 'chat.update'));
    const card = calls.slice(before).find((c) => c.method === 'chat.update')!.body;
    expect(card.blocks).toContain('refund reason: returned the goods');
  });

  it("Merchant settled asks for the amount, in the dispute's currency", async () => {
    const ref = await opened('merchant_disagreement');
    const before = calls.length;
    await postToSlackEndpoint(server.baseUrl, inInvestigation.click(ref, CARD_ACTIONS.merchantSettled, 'U0INGA'));
    await eventually(() => calls.slice(before).some((c) => c.method === 'views.open'));
    const view = openedView();
    expect(view.callback_id).toBe(MODALS.merchantSettled);
    expect(JSON.stringify(view.blocks)).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"SEK"},"value":"SEK"}',
    );
  });

  it("the merchant's settlement is recorded as its claim: the case waits for the consumer, the invoice stays paused, the card shows the claim", async () => {
    const ref = await opened('merchant_disagreement');
    const before = calls.length;
    const response = await postToSlackEndpoint(
      server.baseUrl,
      inInvestigation.submission(
        ref,
        MODALS.merchantSettled,
        { amount: text('899,50'), currency: choice('SEK'), terms: text('Refunded to the card on 10 March.') },
        'U0INGA',
      ),
    );
    expect(response.text).toBe('');
    const after = (await findCaseByRef(context.db, ref))!.case;
    expect(after).toMatchObject({ status: 'awaiting_merchant', invoiceState: 'paused', outcome: null });
    expect(after.dispute?.settlementClaim).toMatchObject({
      status: 'pending',
      amountMinor: 89_950,
      currency: 'SEK',
      claimedBy: 'agent:U0INGA',
    });
    await eventually(() => calls.slice(before).some((c) => c.method === 'chat.update'));
    const card = calls.slice(before).find((c) => c.method === 'chat.update')!.body;
    // Intl writes a no-break space between the currency and the number.
    expect(card.blocks).toMatch(/says it refunded SEK\s899\.50/);
    expect(card.blocks).toContain('waiting for the consumer to confirm or object');
    expect(card.blocks).toMatch(/amount: SEK\s1,299\.00/);
  });

  it.each([
    {
      name: 'an amount that is no number',
      values: { amount: text('a lot'), currency: choice('SEK') },
      block: 'amount',
    },
    {
      name: 'an amount without its currency',
      values: { amount: text('899'), currency: choice(null) },
      block: 'currency',
    },
  ])("the merchant's settlement with $name is refused in the modal and changes nothing", async ({ values, block }) => {
    const ref = await opened('merchant_disagreement');
    const answer = JSON.parse(
      (
        await postToSlackEndpoint(
          server.baseUrl,
          inInvestigation.submission(ref, MODALS.merchantSettled, { ...values, terms: text(null) }, 'U0INGA'),
        )
      ).text,
    );
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual([block]);
    expect((await findCaseByRef(context.db, ref))?.case.dispute?.settlementClaim).toBeNull();
  });

  it('a settlement on a purchase the consumer does not recognise is refused in the modal', async () => {
    const ref = await opened('unrecognized_purchase');
    const answer = JSON.parse(
      (
        await postToSlackEndpoint(
          server.baseUrl,
          inInvestigation.submission(
            ref,
            MODALS.merchantSettled,
            { amount: text(null), currency: choice(null), terms: text(null) },
            'U0INGA',
          ),
        )
      ).text,
    );
    expect(answer.errors.amount).toMatch(/does not recognise/);
    expect((await findCaseByRef(context.db, ref))?.case).toMatchObject({
      status: 'queued',
      invoiceState: 'paused',
      dispute: { settlementClaim: null },
    });
  });
});
