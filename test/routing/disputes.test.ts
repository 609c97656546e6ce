// Buyer protection: the merchant's window, its answer or silence, and investigation's decision.
import { describe, expect, it } from 'vitest';
import { isQueued, policyWith, type Command } from '../../routing/index.ts';
import { agent, DAY, expectRefused, MERCHANT, Story, SYSTEM, T0 } from './support.ts';

const INVESTIGATOR = agent('investigation', 'inv-1');

/** A disagreement whose window ended in silence, picked up by an investigator. */
function escalatedDisagreement(): Story {
  const s = Story.open('merchant_disagreement');
  s.wait(21 * DAY).do({ type: 'window_expired', actor: SYSTEM });
  s.pickUp(INVESTIGATOR.id);
  return s;
}

describe('a disagreement with the merchant', () => {
  it('opens a dispute, pauses the invoice and waits 21 days for the merchant', () => {
    const s = Story.open('merchant_disagreement');
    const windowEnd = new Date(T0.getTime() + 21 * DAY);
    expect(s.c.tier).toBe('investigation');
    expect(s.c.status).toBe('awaiting_merchant');
    expect(isQueued(s.c)).toBe(false);
    expect(s.c.invoiceState).toBe('paused');
    expect(s.c.dispute).toMatchObject({
      kind: 'merchant_disagreement',
      merchantName: 'Zalando',
      amountMinor: 129_900,
      currency: 'SEK',
    });
    expect(s.c.dispute?.windowEndsAt).toEqual(windowEnd);
    expect(s.timers[0]).toContainEqual({ action: 'set', kind: 'merchant_window', dueAt: windowEnd });
    expect(s.eventTypes()).toEqual(['case_opened', 'dispute_opened', 'invoice_paused']);
  });

  it("the merchant's window follows the policy's merchantWindowDays", () => {
    const s = Story.open('merchant_disagreement', {}, policyWith({ merchantWindowDays: 14 }));
    expect(s.c.dispute?.windowEndsAt).toEqual(new Date(T0.getTime() + 14 * DAY));
  });

  it('a window that has not ended yet does not expire (a stale or early timer is refused)', () => {
    const s = Story.open('merchant_disagreement').wait(21 * DAY - 1);
    expectRefused(s.try({ type: 'window_expired', actor: SYSTEM }), 'timer_not_due');
  });

  it("when the window ends in silence the dispute escalates to investigation's queue and the merchant's dispute fee is recorded", () => {
    const s = Story.open('merchant_disagreement').wait(21 * DAY);
    const { events, timers } = s.do({ type: 'window_expired', actor: SYSTEM });
    expect(s.c.tier).toBe('investigation');
    expect(isQueued(s.c)).toBe(true);
    expect(s.c.invoiceState).toBe('paused');
    expect(s.c.dispute?.escalatedAt).toEqual(s.now);
    expect(s.c.dispute?.disputeFeeCharged).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['merchant_window_expired', 'dispute_escalated', 'dispute_fee_charged']);
    expect(events.find((e) => e.type === 'dispute_escalated')?.reason).toBe('merchant_silent');
    expect(timers).toContainEqual({ action: 'cancel', kind: 'merchant_window' });
    // The department's service-level clock starts now, not when the window opened.
    expect(s.c.firstResponseDueAt).toEqual(new Date(s.now.getTime() + 4 * 60 * 60_000));
  });

  it('a merchant whose settlement the consumer confirms ends the case, and the invoice resumes', () => {
    const s = Story.open('merchant_disagreement').wait(3 * DAY);
    s.do({ type: 'merchant_settlement_claimed', actor: MERCHANT, terms: 'full refund' });
    expect(s.c.status).toBe('awaiting_merchant');
    s.wait(DAY).do({ type: 'consumer_confirmed_settlement', actor: { kind: 'consumer', id: s.c.consumerId } });
    expect(s.c.status).toBe('resolved');
    expect(s.c.outcome).toBe('merchant_settled');
    expect(s.c.invoiceState).toBe('reactivated');
    expect(s.c.dispute?.disputeFeeCharged).toBe(false);
    expect(s.timers.at(-2)).toContainEqual({ action: 'cancel', kind: 'merchant_window' });
  });

  it('a merchant that responds without settling keeps its window; at its end the dispute goes to investigation (with the fee), which then decides', () => {
    const s = Story.open('merchant_disagreement').wait(5 * DAY);
    s.do({ type: 'merchant_responded', actor: MERCHANT, summary: 'The parcel was delivered.' });
    expect(s.c.status).toBe('awaiting_merchant');
    expect(s.c.dispute).toMatchObject({ merchantAnswer: 'responded', disputeFeeCharged: false });
    s.wait(16 * DAY).do({ type: 'window_expired', actor: SYSTEM });
    expect(isQueued(s.c)).toBe(true);
    expect(s.c.tier).toBe('investigation');
    expect(s.c.dispute).toMatchObject({ merchantAnswer: 'responded', disputeFeeCharged: true });
    expect(s.events.find((e) => e.type === 'dispute_escalated')?.reason).toBe('no_agreement');
    s.pickUp(INVESTIGATOR.id);
    s.hearConsumer();
    s.do({
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'merchant_favour',
      reasoning: 'Tracking shows delivery.',
    });
    expect(s.c.outcome).toBe('invoice_reactivated');
  });

  it("a decision in the merchant's favour reactivates the invoice and the consumer pays", () => {
    const s = escalatedDisagreement();
    s.hearConsumer();
    s.do({ type: 'request_info', actor: INVESTIGATOR, from: 'merchant', dueAt: new Date(s.now.getTime() + 7 * DAY) });
    expect(s.c.status).toBe('awaiting_merchant');
    s.wait(DAY).do({ type: 'merchant_responded', actor: MERCHANT, summary: 'Signed delivery receipt.' });
    expect(s.c.status).toBe('assigned');
    s.hearConsumer();
    s.do({
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'merchant_favour',
      reasoning: 'Signed receipt.',
    });
    expect(s.c).toMatchObject({ status: 'resolved', outcome: 'invoice_reactivated', invoiceState: 'reactivated' });
    expect(s.c.dispute?.decision).toBe('merchant_favour');
    expect(s.events.find((e) => e.type === 'investigation_decided')?.reason).toBe('Signed receipt.');
  });

  it("a decision in the consumer's favour gives a chargeback", () => {
    const s = escalatedDisagreement();
    s.hearConsumer();
    s.do({
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'consumer_favour',
      reasoning: 'Item never arrived.',
    });
    expect(s.c).toMatchObject({ status: 'resolved', outcome: 'chargeback', invoiceState: 'charged_back' });
  });

  it("a merchant that never answers investigation's request gives a chargeback when its time runs out", () => {
    const s = escalatedDisagreement();
    const dueAt = new Date(s.now.getTime() + 10 * DAY);
    s.hearConsumer();
    s.do({ type: 'request_info', actor: INVESTIGATOR, from: 'merchant', dueAt });
    s.wait(10 * DAY).do({ type: 'window_expired', actor: SYSTEM });
    expect(s.c).toMatchObject({ status: 'resolved', outcome: 'chargeback', invoiceState: 'charged_back' });
    expect(s.c.dispute?.decision).toBe('consumer_favour');
  });

  it('a merchant that never answered cannot win the dispute', () => {
    const s = escalatedDisagreement();
    s.hearConsumer();
    const command: Command = {
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'merchant_favour',
      reasoning: 'x',
    };
    expectRefused(s.try(command), 'merchant_never_answered');
  });

  it("investigation hears the consumer first: neither a decision nor a question to the merchant before the consumer's account", () => {
    const s = escalatedDisagreement();
    for (const decision of ['merchant_favour', 'consumer_favour'] as const) {
      const message = expectRefused(
        s.try({ type: 'decide_investigation', actor: INVESTIGATOR, decision, reasoning: 'Too early.' }),
        'consumer_account_first',
      );
      expect(message).toContain('ask the consumer for their account');
    }
    expectRefused(s.try({ type: 'request_info', actor: INVESTIGATOR, from: 'merchant' }), 'consumer_account_first');
    // A message the consumer sends unasked is not the account investigation asked for.
    s.do({ type: 'reply', actor: { kind: 'consumer', id: 'consumer-1' } });
    expectRefused(
      s.try({
        type: 'decide_investigation',
        actor: INVESTIGATOR,
        decision: 'consumer_favour',
        reasoning: 'Too early.',
      }),
      'consumer_account_first',
    );

    s.do({ type: 'request_info', actor: INVESTIGATOR, from: 'consumer' });
    expect(s.c.status).toBe('awaiting_consumer');
    s.wait(DAY).do({ type: 'reply', actor: { kind: 'consumer', id: 'consumer-1' }, messageId: 'account' });
    expect(s.c.dispute?.consumerAccountAt).toEqual(s.now);
    expect(s.c.status).toBe('assigned');
    // Then the merchant, then the decision.
    s.do({ type: 'request_info', actor: INVESTIGATOR, from: 'merchant' });
    expect(s.c.status).toBe('awaiting_merchant');
    s.wait(DAY).do({ type: 'merchant_responded', actor: MERCHANT, summary: 'Delivered to the parcel box.' });
    s.do({
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'merchant_favour',
      reasoning: 'Signed for at the parcel box.',
    });
    expect(s.c).toMatchObject({ status: 'resolved', outcome: 'invoice_reactivated', invoiceState: 'reactivated' });
  });

  it("a consumer who lets investigation's question run out has had their say: the case goes on without their account", () => {
    const s = escalatedDisagreement();
    s.do({ type: 'request_info', actor: INVESTIGATOR, from: 'consumer' });
    const due = s.c.waitingUntil!;
    s.now = due;
    s.do({ type: 'consumer_info_expired', actor: SYSTEM });
    expect(s.c.dispute?.consumerAccountAt).toEqual(due);
    s.do({
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'consumer_favour',
      reasoning: 'The merchant never answered either.',
    });
    expect(s.c).toMatchObject({ status: 'resolved', outcome: 'chargeback' });
  });

  it('investigation may decide an unrecognised purchase for the merchant without a merchant answer', () => {
    const s = Story.open('unrecognized_purchase');
    s.pickUp(INVESTIGATOR.id);
    s.hearConsumer();
    s.do({
      type: 'decide_investigation',
      actor: INVESTIGATOR,
      decision: 'merchant_favour',
      reasoning: "Bought with the consumer's BankID.",
    });
    expect(s.c.invoiceState).toBe('reactivated');
  });

  it('a customer-service agent who finds a disagreement opens a dispute, and the case moves to investigation', () => {
    const s = Story.open('invoice');
    s.pickUp('cs-1');
    s.do({
      type: 'open_dispute',
      actor: agent('customer_service', 'cs-1'),
      kind: 'merchant_disagreement',
      merchant: 'Elgiganten',
    });
    expect(s.c).toMatchObject({
      ref: 'OMB-2025-00042',
      tier: 'investigation',
      status: 'awaiting_merchant',
      assignee: null,
      invoiceState: 'paused',
    });
    expect(s.eventTypes()).toContain('escalated');
    // The case is investigation's now: the customer-service agent no longer acts on it.
    expectRefused(s.try({ type: 'release', actor: agent('customer_service', 'cs-1') }), 'wrong_tier');
  });

  it('a case has one dispute', () => {
    const s = Story.open('unrecognized_purchase');
    s.pickUp(INVESTIGATOR.id);
    expectRefused(
      s.try({ type: 'open_dispute', actor: INVESTIGATOR, kind: 'merchant_disagreement' }),
      'dispute_already_open',
    );
  });

  it('an open dispute stays with investigation: it cannot go to the specialist team', () => {
    const s = escalatedDisagreement();
    expectRefused(
      s.try({ type: 'escalate', actor: INVESTIGATOR, to: 'specialist', reason: 'outside_routine' }),
      'open_dispute_stays_in_investigation',
    );
  });

  it('a case with a paused invoice cannot be closed as merely answered', () => {
    const s = escalatedDisagreement();
    expectRefused(
      s.try({ type: 'resolve', actor: INVESTIGATOR, outcome: 'answered' }),
      'outcome_needs_invoice_decision',
    );
  });

  it('a withdrawal by the consumer ends the case and reactivates a paused invoice', () => {
    const s = Story.open('merchant_disagreement').wait(DAY);
    s.do({ type: 'withdraw', actor: { kind: 'consumer', id: s.c.consumerId }, reason: 'Parcel arrived after all.' });
    expect(s.c).toMatchObject({ status: 'resolved', outcome: 'withdrawn', invoiceState: 'reactivated' });
  });
});
