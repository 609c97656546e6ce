// The ladder's rules as the database keeps them (issue 16), on PGlite and PostgreSQL: a dispute's
// refund reason and the merchant's settlement claim are columns of its row; the claim's 7 days
// are a timer the sweeper fires; the merchant's window stops while the consumer is asked; a
// reopen clears the final statement's column; a dispute that customer service escalates, or that
// resumes after a reopen, is written open with the invoice paused.
import { expect, it } from 'vitest';
import {
  caseEvents,
  casesAwaitingSettlementAnswer,
  findCaseByRef,
  pendingTimers,
  runCaseCommand,
  sweepDueTimers,
  type DecisionContext,
} from '../../db/index.ts';
import type { Command } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, DAY, openTestCase } from './support.ts';

const INV = { kind: 'agent', id: 'inv-1', tier: 'investigation' } as const;
const CS = { kind: 'agent', id: 'cs-1', tier: 'customer_service' } as const;
const MERCHANT = { kind: 'merchant' } as const;

interface DisputeRow {
  refund_reason: string | null;
  settlement_status: string | null;
  settlement_claimed_at: Date | null;
  settlement_amount_minor: number | null;
  settlement_currency: string | null;
  settlement_confirm_by: Date | null;
  merchant_answer: string | null;
  dispute_fee_charged: boolean;
  closed_at: Date | null;
  kind: string;
}

describeEachDriver('the ladder rules in the database', (current) => {
  let consumers = 0;
  /** Each case its own consumer: one purchase has one open dispute, and these are different purchases. */
  const open = (context: DecisionContext, intent: Parameters<typeof openTestCase>[1], when = at(0)) =>
    openTestCase(context, intent, when, `rules-${current().kind}-${++consumers}`);

  async function run(context: DecisionContext, ref: string, command: Command, when: Date) {
    const result = await runCaseCommand(context, ref, command, when);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    return result.stored;
  }

  async function disputeRow(caseId: number): Promise<DisputeRow> {
    const { rows } = await current().db.query<DisputeRow>(
      `SELECT refund_reason, settlement_status, settlement_claimed_at, settlement_amount_minor::int AS settlement_amount_minor,
              settlement_currency, settlement_confirm_by, merchant_answer, dispute_fee_charged, closed_at, kind
         FROM disputes WHERE case_id = $1`,
      [caseId],
    );
    return rows[0]!;
  }

  it('keeps the refund reason on the dispute row, from the opening and when recorded later', async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'merchant_disagreement');
    expect((await disputeRow(opened.id)).refund_reason).toBeNull();
    const consumer = { kind: 'consumer', id: opened.case.consumerId } as const;
    await run(context, opened.case.ref, { type: 'record_refund_reason', actor: consumer, reason: 'returned' }, at(DAY));
    expect((await disputeRow(opened.id)).refund_reason).toBe('returned');
    expect((await findCaseByRef(current().db, opened.case.ref))?.case.dispute?.refundReason).toBe('returned');
  });

  it("a merchant's settlement is a claim: the row records it, its 7-day timer replaces the merchant's window, and silence settles it without a fee", async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'merchant_disagreement');
    await run(
      context,
      opened.case.ref,
      {
        type: 'merchant_settlement_claimed',
        actor: MERCHANT,
        amountMinor: 89_900,
        currency: 'SEK',
        terms: 'Refunded.',
      },
      at(10 * DAY),
    );
    expect(await disputeRow(opened.id)).toMatchObject({
      settlement_status: 'pending',
      settlement_claimed_at: at(10 * DAY),
      settlement_amount_minor: 89_900,
      settlement_currency: 'SEK',
      settlement_confirm_by: at(17 * DAY),
      merchant_answer: null,
      closed_at: null,
    });
    expect((await findCaseByRef(current().db, opened.case.ref))?.case).toMatchObject({
      status: 'awaiting_merchant',
      invoiceState: 'paused',
    });
    expect(await pendingTimers(current().db, opened.id)).toEqual([
      { kind: 'settlement_confirmation', dueAt: at(17 * DAY) },
    ]);

    await sweepDueTimers(context, at(17 * DAY - 1));
    expect((await findCaseByRef(current().db, opened.case.ref))?.case.status).toBe('awaiting_merchant');
    await sweepDueTimers(context, at(17 * DAY));
    const after = (await findCaseByRef(current().db, opened.case.ref))!.case;
    expect(after).toMatchObject({ status: 'resolved', outcome: 'merchant_settled', invoiceState: 'reactivated' });
    expect(await disputeRow(opened.id)).toMatchObject({
      settlement_status: 'unopposed',
      merchant_answer: 'settled',
      dispute_fee_charged: false,
    });
    expect((await disputeRow(opened.id)).closed_at).toEqual(at(17 * DAY));
    expect(await pendingTimers(current().db, opened.id)).toEqual([]);
    // The window's own end (day 21) finds nothing left to do on this case.
    const history = await caseEvents(current().db, opened.id);
    await sweepDueTimers(context, at(30 * DAY));
    expect(await caseEvents(current().db, opened.id)).toEqual(history);
  });

  it("the consumer's cases whose settlement claim waits for their answer, for the dialog to ask", async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'merchant_disagreement');
    const consumerId = opened.case.consumerId;
    expect(await casesAwaitingSettlementAnswer(current().db, consumerId)).toEqual([]);
    await run(
      context,
      opened.case.ref,
      { type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 89_900, currency: 'SEK' },
      at(DAY),
    );
    const waiting = await casesAwaitingSettlementAnswer(current().db, consumerId);
    expect(waiting.map((stored) => [stored.case.ref, stored.case.dispute?.settlementClaim?.amountMinor])).toEqual([
      [opened.case.ref, 89_900],
    ]);
    expect(await casesAwaitingSettlementAnswer(current().db, 'someone-else')).toEqual([]);
    await run(
      context,
      opened.case.ref,
      { type: 'consumer_confirmed_settlement', actor: { kind: 'consumer', id: consumerId } },
      at(2 * DAY),
    );
    expect(await casesAwaitingSettlementAnswer(current().db, consumerId)).toEqual([]);
  });

  it("the consumer's objection sets the merchant's window again, and at its end the dispute escalates with the fee", async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'merchant_disagreement');
    await run(context, opened.case.ref, { type: 'merchant_settlement_claimed', actor: MERCHANT }, at(5 * DAY));
    await run(
      context,
      opened.case.ref,
      { type: 'consumer_objected', actor: { kind: 'consumer', id: opened.case.consumerId } },
      at(6 * DAY),
    );
    expect(await pendingTimers(current().db, opened.id)).toEqual([
      { kind: 'merchant_reminder', dueAt: at(7 * DAY) },
      { kind: 'merchant_window', dueAt: at(21 * DAY) },
    ]);
    expect((await disputeRow(opened.id)).settlement_status).toBe('objected');
    await sweepDueTimers(context, at(21 * DAY));
    expect((await findCaseByRef(current().db, opened.case.ref))?.case).toMatchObject({
      tier: 'investigation',
      status: 'queued',
      invoiceState: 'paused',
    });
    expect((await disputeRow(opened.id)).dispute_fee_charged).toBe(true);
  });

  it("the merchant's answer inside the window charges no fee yet", async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'merchant_disagreement');
    await run(
      context,
      opened.case.ref,
      { type: 'merchant_responded', actor: MERCHANT, summary: 'Delivered.' },
      at(3 * DAY),
    );
    expect(await disputeRow(opened.id)).toMatchObject({ merchant_answer: 'responded', dispute_fee_charged: false });
    expect(await pendingTimers(current().db, opened.id)).toEqual([
      { kind: 'merchant_reminder', dueAt: at(7 * DAY) },
      { kind: 'merchant_window', dueAt: at(21 * DAY) },
    ]);
  });

  it("customer service's escalation to investigation writes the dispute with the invoice paused, and investigation decides it", async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'invoice');
    await run(context, opened.case.ref, { type: 'pick_up', actor: CS }, at(1));
    await run(
      context,
      opened.case.ref,
      { type: 'escalate', actor: CS, to: 'investigation', reason: 'buyer_protection', kind: 'unrecognized_purchase' },
      at(2),
    );
    const { rows } = await current().db.query<{ invoice_state: string; tier: string }>(
      'SELECT invoice_state, tier FROM cases WHERE id = $1',
      [opened.id],
    );
    expect(rows[0]).toEqual({ invoice_state: 'paused', tier: 'investigation' });
    expect(await disputeRow(opened.id)).toMatchObject({ kind: 'unrecognized_purchase', closed_at: null });
    await run(context, opened.case.ref, { type: 'pick_up', actor: INV }, at(3));
    const decided = await run(
      context,
      opened.case.ref,
      {
        type: 'decide_investigation',
        actor: INV,
        decision: 'consumer_favour',
        reasoning: 'Bought from another country.',
      },
      at(4),
    );
    expect(decided.case).toMatchObject({ outcome: 'chargeback', invoiceState: 'charged_back' });
  });

  it("a reopen clears the final statement's column; a settled dispute resumes and its row is open again", async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'merchant_disagreement');
    const consumer = { kind: 'consumer', id: opened.case.consumerId } as const;
    await run(context, opened.case.ref, { type: 'merchant_settlement_claimed', actor: INV }, at(DAY));
    await run(context, opened.case.ref, { type: 'consumer_confirmed_settlement', actor: consumer }, at(2 * DAY));
    await run(
      context,
      opened.case.ref,
      { type: 'issue_final_statement', actor: INV, text: 'The shop refunded you.' },
      at(3 * DAY),
    );
    const final = await current().db.query<{ final_statement_at: Date | null }>(
      'SELECT final_statement_at FROM cases WHERE id = $1',
      [opened.id],
    );
    expect(final.rows[0]!.final_statement_at).toEqual(at(3 * DAY));

    await run(
      context,
      opened.case.ref,
      { type: 'reopen', actor: consumer, reason: 'The refund never came.' },
      at(4 * DAY),
    );
    const cleared = await current().db.query<{ final_statement_at: Date | null }>(
      'SELECT final_statement_at FROM cases WHERE id = $1',
      [opened.id],
    );
    expect(cleared.rows[0]!.final_statement_at).toBeNull();

    await run(context, opened.case.ref, { type: 'pick_up', actor: INV }, at(4 * DAY));
    const resumed = await run(
      context,
      opened.case.ref,
      { type: 'open_dispute', actor: INV, kind: 'merchant_disagreement' },
      at(5 * DAY),
    );
    expect(resumed.case).toMatchObject({ status: 'awaiting_merchant', invoiceState: 'paused', outcome: null });
    expect((await disputeRow(opened.id)).closed_at).toBeNull();
    expect(await pendingTimers(current().db, opened.id)).toEqual([
      { kind: 'merchant_reminder', dueAt: at(7 * DAY) },
      { kind: 'merchant_window', dueAt: at(21 * DAY) },
    ]);
    const types = (await caseEvents(current().db, opened.id)).map((event) => event.type);
    expect(types.slice(-2)).toEqual(['dispute_resumed', 'invoice_paused']);
  });

  /** A disagreement escalated at the window's end and decided for the consumer: charged back. */
  async function chargedBack(context: DecisionContext) {
    const opened = await open(context, 'merchant_disagreement');
    await sweepDueTimers(context, at(22 * DAY));
    await run(context, opened.case.ref, { type: 'pick_up', actor: INV }, at(22 * DAY));
    await run(context, opened.case.ref, { type: 'request_info', actor: INV, from: 'consumer' }, at(22 * DAY));
    await run(
      context,
      opened.case.ref,
      { type: 'reply', actor: { kind: 'consumer', id: opened.case.consumerId } },
      at(22 * DAY + 1),
    );
    const decided = await run(
      context,
      opened.case.ref,
      { type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'Never delivered.' },
      at(23 * DAY),
    );
    expect(decided.case).toMatchObject({ outcome: 'chargeback', invoiceState: 'charged_back' });
    return opened;
  }
  const row = async (caseId: number) =>
    (
      await current().db.query<{ outcome: string | null; invoice_state: string; version: number }>(
        'SELECT outcome, invoice_state, version FROM cases WHERE id = $1',
        [caseId],
      )
    ).rows[0]!;

  it('a reopened chargeback resolved as answered keeps the chargeback: outcome and invoice agree in the row (defect: "answered" with charged_back)', async () => {
    const context = contextFor(current().db);
    const opened = await chargedBack(context);
    const consumer = { kind: 'consumer', id: opened.case.consumerId } as const;
    await run(
      context,
      opened.case.ref,
      { type: 'reopen', actor: consumer, reason: 'When does the money come?' },
      at(24 * DAY),
    );
    await run(context, opened.case.ref, { type: 'pick_up', actor: INV }, at(24 * DAY));
    await run(context, opened.case.ref, { type: 'resolve', actor: INV, outcome: 'answered' }, at(25 * DAY));
    expect(await row(opened.id)).toMatchObject({ outcome: 'chargeback', invoice_state: 'charged_back' });
  });

  it('an ombudsman overturn to "answered" on a charged-back invoice is refused and changes nothing; one to a reactivation carries the invoice with it', async () => {
    const context = contextFor(current().db);
    const opened = await chargedBack(context);
    const consumer = { kind: 'consumer', id: opened.case.consumerId } as const;
    const OMB = { kind: 'agent', id: 'omb-1', tier: 'ombudsman' } as const;
    await run(
      context,
      opened.case.ref,
      { type: 'issue_final_statement', actor: INV, text: 'Charged back.' },
      at(24 * DAY),
    );
    await run(
      context,
      opened.case.ref,
      { type: 'request_ombudsman', actor: consumer, statement: 'Wrong.', desiredOutcome: 'Money back.' },
      at(25 * DAY),
    );
    await run(context, opened.case.ref, { type: 'pick_up', actor: OMB }, at(25 * DAY));
    const before = await row(opened.id);
    const refused = await runCaseCommand(
      context,
      opened.case.ref,
      { type: 'ombudsman_decide', actor: OMB, decision: 'overturned', reasoning: 'Reviewed.', newOutcome: 'answered' },
      at(26 * DAY),
    );
    expect(!refused.ok && refused.error.code).toBe('invoice_change_not_possible');
    expect(await row(opened.id)).toEqual(before);
    await run(
      context,
      opened.case.ref,
      {
        type: 'ombudsman_decide',
        actor: OMB,
        decision: 'overturned',
        reasoning: 'Delivered after all.',
        newOutcome: 'invoice_reactivated',
      },
      at(26 * DAY),
    );
    expect(await row(opened.id)).toMatchObject({ outcome: 'invoice_reactivated', invoice_state: 'reactivated' });
  });

  it('"settled" is not taken on anyone\'s word: an unrecognised purchase cannot be settled, and a claim leaves the dispute open until the consumer answers', async () => {
    const context = contextFor(current().db);
    const fraud = await open(context, 'unrecognized_purchase');
    const refused = await runCaseCommand(
      context,
      fraud.case.ref,
      { type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 10_000, currency: 'SEK' },
      at(DAY),
    );
    expect(!refused.ok && refused.error.code).toBe('settlement_not_possible');
    expect((await disputeRow(fraud.id)).closed_at).toBeNull();

    const dispute = await open(context, 'merchant_disagreement');
    const claimed = await run(
      context,
      dispute.case.ref,
      { type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 89_900, currency: 'SEK' },
      at(DAY),
    );
    expect(claimed.case.status).not.toBe('resolved');
    expect(await disputeRow(dispute.id)).toMatchObject({ settlement_status: 'pending', closed_at: null });
    expect((await row(dispute.id)).invoice_state).toBe('paused');
  });

  it('an amount without its currency is refused by the table itself, and nothing is written', async () => {
    const context = contextFor(current().db);
    const opened = await open(context, 'merchant_disagreement');
    const error = await current()
      .db.query('UPDATE disputes SET currency = NULL WHERE case_id = $1', [opened.id])
      .then(
        () => null,
        (failure: unknown) => failure as { message: string },
      );
    expect(error?.message).toMatch(/amount_has_currency/);
    const claim = await current()
      .db.query(
        'UPDATE disputes SET settlement_status = $2, settlement_claimed_at = now(), settlement_confirm_by = now(), settlement_amount_minor = 100 WHERE case_id = $1',
        [opened.id, 'pending'],
      )
      .then(
        () => null,
        (failure: unknown) => failure as { message: string },
      );
    expect(claim?.message).toMatch(/settlement_amount_has_currency/);
    expect(await disputeRow(opened.id)).toMatchObject({ settlement_status: null });
  });
});
