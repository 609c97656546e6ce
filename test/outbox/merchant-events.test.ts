// Which decisions tell the merchant what (db/outbox.ts's outgoingEvents, pure): each path of a
// dispute, the type the merchant gets and the dispute as it sees it. The delivery itself is in
// merchant-webhooks.test.ts.
import { describe, expect, it } from 'vitest';
import { MERCHANT_DESTINATION, outgoingEvents } from '../../db/outbox.ts';
import type { Decided } from '../../routing/index.ts';
import { agent, CONSUMER, DAY, MERCHANT, Story, SYSTEM } from '../routing/support.ts';

const INV = agent('investigation', 'inv-1');
const OMBUDSMAN = agent('ombudsman', 'omb-1');

/** What the merchant is sent for a decision: [type, dispute status]. */
function told(s: Story, decided: Decided) {
  return outgoingEvents(decided.case, decided.events)
    .filter((event) => event.destination === MERCHANT_DESTINATION)
    .map((event) => [event.type, (event.data.dispute as { status: string }).status]);
}

function opened(intent: 'merchant_disagreement' | 'unrecognized_purchase' = 'merchant_disagreement') {
  const s = Story.open(intent);
  // Story.open keeps the opening's events; decide it again to get them as one decision.
  return { s, first: { ok: true, case: s.c, events: s.events, timers: s.timers[0]! } as Decided };
}

describe('the merchant events of each decision', () => {
  it('opening a disagreement: dispute.opened, needs_response, with the contract fields only', () => {
    const { s, first } = opened();
    const events = outgoingEvents(first.case, first.events).filter(
      (event) => event.destination === MERCHANT_DESTINATION,
    );
    expect(events.map((event) => event.type)).toEqual(['dispute.opened']);
    expect(events[0]!.data).toEqual({
      dispute: {
        ref: s.c.ref,
        status: 'needs_response',
        reason: null,
        orderNumber: '12345678',
        amount: 129_900,
        currency: 'SEK',
        respondBy: s.c.dispute!.windowEndsAt!.toISOString(),
      },
    });
    // The core still gets its own event, addressed to it.
    expect(outgoingEvents(first.case, first.events).map((event) => event.destination)).toEqual([
      MERCHANT_DESTINATION,
      'core',
    ]);
  });

  it('an unrecognised purchase opens with reason unrecognized_purchase, under review, nothing to answer by', () => {
    const { first } = opened('unrecognized_purchase');
    expect(
      outgoingEvents(first.case, first.events).find((event) => event.destination === MERCHANT_DESTINATION)?.data,
    ).toMatchObject({
      dispute: { status: 'under_review', reason: 'unrecognized_purchase', respondBy: null },
    });
  });

  it("investigation's question to the merchant (after the consumer's account) is a reminder with the question and its own respondBy; a question to the consumer tells the merchant nothing", () => {
    const { s } = opened();
    s.wait(21 * DAY).do({ type: 'window_expired', actor: SYSTEM });
    s.pickUp(INV.id);
    expect(told(s, s.do({ type: 'request_info', actor: INV, from: 'consumer' }))).toEqual([]);
    s.wait(DAY).do({ type: 'reply', actor: CONSUMER });
    const due = new Date(s.now.getTime() + 7 * DAY);
    const asked = s.do({
      type: 'request_info',
      actor: INV,
      from: 'merchant',
      dueAt: due,
      question: 'Proof of delivery, please.',
    });
    const events = outgoingEvents(asked.case, asked.events).filter(
      (event) => event.destination === MERCHANT_DESTINATION,
    );
    expect(events.map((event) => event.type)).toEqual(['dispute.reminder']);
    expect(events[0]!.data).toMatchObject({
      dispute: { status: 'needs_response', respondBy: due.toISOString() },
      request: { question: 'Proof of delivery, please.', respondBy: due.toISOString() },
    });
  });

  it('reminder, contest, escalation with the fee, decision for the merchant, and an ombudsman overturn', () => {
    const { s } = opened();
    expect(told(s, s.wait(7 * DAY).do({ type: 'merchant_reminder_due', actor: SYSTEM }))).toEqual([
      ['dispute.reminder', 'needs_response'],
    ]);
    expect(told(s, s.wait(DAY).do({ type: 'merchant_responded', actor: MERCHANT, summary: 'Delivered.' }))).toEqual([]);
    expect(told(s, s.wait(6 * DAY).do({ type: 'merchant_reminder_due', actor: SYSTEM }))).toEqual([
      ['dispute.reminder', 'responded'],
    ]);
    s.wait(5 * DAY).do({ type: 'merchant_reminder_due', actor: SYSTEM });
    expect(told(s, s.wait(2 * DAY).do({ type: 'window_expired', actor: SYSTEM }))).toEqual([
      ['dispute.escalated', 'under_review'],
      ['fee.charged', 'under_review'],
    ]);
    s.pickUp(INV.id);
    s.hearConsumer();
    expect(
      told(
        s,
        s.do({
          type: 'decide_investigation',
          actor: INV,
          decision: 'merchant_favour',
          reasoning: 'Tracking shows delivery.',
        }),
      ),
    ).toEqual([['dispute.decided', 'won']]);
    s.do({ type: 'issue_final_statement', actor: INV, text: 'The invoice stands.' });
    s.do({
      type: 'request_ombudsman',
      actor: CONSUMER,
      statement: 'I never got it.',
      desiredOutcome: 'My money back.',
    });
    s.pickUp(OMBUDSMAN.id);
    const overturn = s.do({
      type: 'ombudsman_decide',
      actor: OMBUDSMAN,
      decision: 'overturned',
      reasoning: 'Another parcel.',
      newOutcome: 'chargeback',
    });
    expect(told(s, overturn)).toEqual([['dispute.decided', 'lost']]);
  });

  it("a settlement: nothing while the consumer is asked, settled when confirmed; a withdrawal, and the dispute's resumption", () => {
    const { s } = opened();
    expect(
      told(
        s,
        s.wait(DAY).do({ type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 129_900, currency: 'SEK' }),
      ),
    ).toEqual([]);
    expect(told(s, s.wait(DAY).do({ type: 'consumer_confirmed_settlement', actor: CONSUMER }))).toEqual([
      ['dispute.decided', 'settled'],
    ]);
    s.do({ type: 'reopen', actor: CONSUMER, reason: 'The refund never came.' });
    s.pickUp(INV.id);
    expect(told(s, s.do({ type: 'open_dispute', actor: INV, kind: 'merchant_disagreement' }))).toEqual([
      ['dispute.opened', 'needs_response'],
    ]);
    expect(told(s, s.do({ type: 'withdraw', actor: CONSUMER }))).toEqual([['dispute.decided', 'withdrawn']]);
  });
});
