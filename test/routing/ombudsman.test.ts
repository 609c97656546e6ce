// The customer ombudsman: who may ask, what moves, and how an overturn is carried out.
import { describe, expect, it } from 'vitest';
import { isEligibleForOmbudsman, ombudsmanEligibility } from '../../routing/index.ts';
import { agent, CONSUMER, DAY, expectRefused, MERCHANT, Story, SYSTEM } from './support.ts';

const CS = agent('customer_service', 'cs-1');
const INV = agent('investigation', 'inv-1');
const OMBUDSMAN = agent('ombudsman', 'omb-1');
const REQUEST = {
  type: 'request_ombudsman',
  actor: CONSUMER,
  statement: 'I never got the shoes.',
  desiredOutcome: 'My money back.',
} as const;

/** A dispute decided for the merchant, with investigation's final statement. */
function decidedForMerchant(): Story {
  const s = Story.open('merchant_disagreement');
  s.wait(2 * DAY).do({ type: 'merchant_responded', actor: MERCHANT, summary: 'Delivered.' });
  s.wait(19 * DAY).do({ type: 'window_expired', actor: SYSTEM });
  s.pickUp(INV.id);
  s.hearConsumer();
  s.do({
    type: 'decide_investigation',
    actor: INV,
    decision: 'merchant_favour',
    reasoning: 'Tracking shows delivery.',
  });
  s.do({ type: 'issue_final_statement', actor: INV, text: 'The invoice stands: the parcel was delivered.' });
  return s;
}

describe('the customer ombudsman', () => {
  it('a request without a final statement is refused, telling the consumer to ask customer service for one', () => {
    const s = Story.open('invoice');
    s.pickUp(CS.id);
    s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
    expect(isEligibleForOmbudsman(s.c)).toBe(false);
    const message = expectRefused(s.try(REQUEST), 'not_eligible_no_final_statement');
    expect(message).toMatch(/ask customer service for a final statement/i);
    expect(message).toContain(s.c.ref);
  });

  it('a request on an open case without a final statement gets the same answer', () => {
    const s = Story.open('invoice');
    expectRefused(s.try(REQUEST), 'not_eligible_no_final_statement');
  });

  it('a request on a resolved case with a final statement moves the same case, with its reference, to the ombudsman', () => {
    const s = decidedForMerchant();
    const ref = s.c.ref;
    expect(isEligibleForOmbudsman(s.c)).toBe(true);
    s.wait(DAY).do(REQUEST);
    expect(s.c).toMatchObject({
      ref,
      tier: 'ombudsman',
      status: 'queued',
      ombudsmanFromTier: 'investigation',
      outcome: 'invoice_reactivated',
    });
    expect(s.events.at(-1)).toMatchObject({
      type: 'ombudsman_requested',
      actor: 'consumer',
      data: { statement: REQUEST.statement, desiredOutcome: REQUEST.desiredOutcome },
    });
  });

  it('only the consumer asks: a second request is refused with its own code', () => {
    const s = decidedForMerchant();
    s.do(REQUEST);
    expectRefused(s.try(REQUEST), 'ombudsman_already_requested');
    expect(ombudsmanEligibility(s.c)).toMatchObject({
      eligible: false,
      error: { code: 'ombudsman_already_requested' },
    });
    expectRefused(s.try({ ...REQUEST, actor: CS }), 'actor_not_allowed');
  });

  it('a request once decided stays the only one: after the decision a new request is still refused', () => {
    const s = decidedForMerchant();
    s.do(REQUEST);
    s.pickUp(OMBUDSMAN.id);
    s.do({ type: 'ombudsman_decide', actor: OMBUDSMAN, decision: 'upheld', reasoning: 'Delivery is proven.' });
    expectRefused(s.try(REQUEST), 'ombudsman_already_requested');
  });

  it('the final statement is issued by the tier owning the case, never by the ombudsman', () => {
    const s = decidedForMerchant();
    expect(s.c.finalStatementBy).toBe('agent:inv-1');
    expectRefused(s.try({ type: 'issue_final_statement', actor: CS, text: 'x' }), 'wrong_tier');
    s.do(REQUEST);
    s.pickUp(OMBUDSMAN.id);
    expectRefused(
      s.try({ type: 'issue_final_statement', actor: OMBUDSMAN, text: 'My statement.' }),
      'ombudsman_gives_no_final_statement',
    );
  });

  it("the ombudsman's overturn carries out the new outcome and sends process feedback to the tier concerned", () => {
    const s = decidedForMerchant();
    s.do(REQUEST);
    s.pickUp(OMBUDSMAN.id);
    const { events } = s.wait(5 * DAY).do({
      type: 'ombudsman_decide',
      actor: OMBUDSMAN,
      decision: 'overturned',
      reasoning: 'The tracking belongs to another parcel.',
      newOutcome: 'chargeback',
      feedback: 'Check that tracking numbers match the order.',
    });
    expect(s.c).toMatchObject({
      status: 'resolved',
      outcome: 'chargeback',
      invoiceState: 'charged_back',
      ombudsmanDecision: 'overturned',
    });
    expect(events.map((e) => e.type)).toEqual([
      'ombudsman_decided',
      'invoice_charged_back',
      'outcome_changed',
      'process_feedback',
      'resolved',
    ]);
    expect(events.find((e) => e.type === 'process_feedback')).toMatchObject({
      actor: 'ombudsman:omb-1',
      data: { tier: 'investigation', decision: 'overturned', feedback: 'Check that tracking numbers match the order.' },
    });
  });

  it('an upheld decision keeps the outcome in force and still sends process feedback', () => {
    const s = decidedForMerchant();
    s.do(REQUEST);
    s.pickUp(OMBUDSMAN.id);
    const { events } = s.do({
      type: 'ombudsman_decide',
      actor: OMBUDSMAN,
      decision: 'upheld',
      reasoning: 'Delivery is proven.',
    });
    expect(s.c).toMatchObject({
      status: 'resolved',
      outcome: 'invoice_reactivated',
      invoiceState: 'reactivated',
      ombudsmanDecision: 'upheld',
    });
    expect(events.find((e) => e.type === 'process_feedback')?.data).toMatchObject({
      tier: 'investigation',
      feedback: 'Delivery is proven.',
    });
  });

  it('an overturn names its new outcome, and one that cannot touch the invoice is refused', () => {
    const s = Story.open('invoice');
    s.pickUp(CS.id);
    s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
    s.do({ type: 'issue_final_statement', actor: CS, text: 'No payment break is possible.' });
    s.do(REQUEST);
    s.pickUp(OMBUDSMAN.id);
    expectRefused(
      s.try({ type: 'ombudsman_decide', actor: OMBUDSMAN, decision: 'overturned', reasoning: 'x' }),
      'invalid_command',
    );
    expectRefused(
      s.try({
        type: 'ombudsman_decide',
        actor: OMBUDSMAN,
        decision: 'overturned',
        reasoning: 'x',
        newOutcome: 'chargeback',
      }),
      'invoice_change_not_possible',
    );
  });

  it("the ombudsman's decision is final: the case cannot be reopened", () => {
    const s = decidedForMerchant();
    s.do(REQUEST);
    s.pickUp(OMBUDSMAN.id);
    s.do({ type: 'ombudsman_decide', actor: OMBUDSMAN, decision: 'upheld', reasoning: 'ok' });
    expectRefused(s.try({ type: 'reopen', actor: CONSUMER }), 'ombudsman_decision_is_final');
  });

  it('one case keeps its reference all the way up: customer service, investigation, ombudsman', () => {
    const s = Story.open('invoice');
    const ref = s.c.ref;
    s.pickUp(CS.id);
    s.do({
      type: 'escalate',
      actor: CS,
      to: 'investigation',
      reason: 'buyer_protection',
      kind: 'unrecognized_purchase',
    });
    s.pickUp(INV.id);
    s.hearConsumer();
    s.do({ type: 'decide_investigation', actor: INV, decision: 'merchant_favour', reasoning: 'Bought with BankID.' });
    s.do({ type: 'issue_final_statement', actor: { ...INV, id: 'inv-2' }, text: 'You made the purchase.' });
    s.do(REQUEST);
    expect(s.c).toMatchObject({ ref, tier: 'ombudsman' });
    expect(new Set(s.eventTypes())).toContain('escalated');
  });
});
