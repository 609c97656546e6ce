// The ladder's rules without holes (issue 16), one table per rule. Each defect the issue found
// by running the seed texts through decide() is a row here that failed before the rule was
// closed: an escalation to investigation that opened no dispute, a fee charged on the merchant's
// first answer, a final statement that outlived a reopen, an outcome that contradicted the
// invoice, a settlement taken on anyone's word that could not be resumed, refund reasons nowhere.
import { describe, expect, it } from 'vitest';
import {
  Case,
  decide,
  invariantViolations,
  isEligibleForOmbudsman,
  OUTCOMES,
  INVOICE_STATES,
  outcomeInvoiceDisagreement,
  REFUND_REASONS,
  type Actor,
  type Command,
  type DisputeKind,
  type InvoiceState,
  type Outcome,
  type RoutingErrorCode,
} from '../../routing/index.ts';
import { agent, BOT, CONSUMER, DAY, expectRefused, MERCHANT, OTHER_CONSUMER, Story, SYSTEM, T0 } from './support.ts';

const CS = agent('customer_service', 'cs-1');
const INV = agent('investigation', 'inv-1');
const OMB = agent('ombudsman', 'omb-1');
const REQUEST: Command = {
  type: 'request_ombudsman',
  actor: CONSUMER,
  statement: 'Wrong.',
  desiredOutcome: 'Money back.',
};
const CLAIM: Command = {
  type: 'merchant_settlement_claimed',
  actor: MERCHANT,
  amountMinor: 89_900,
  currency: 'SEK',
  terms: 'Full refund.',
};
const CONFIRM: Command = { type: 'consumer_confirmed_settlement', actor: CONSUMER };
const OBJECT: Command = { type: 'consumer_objected', actor: CONSUMER, reason: 'No money has come back.' };
const WINDOW_END: Command = { type: 'window_expired', actor: SYSTEM };
const NO_OBJECTION: Command = { type: 'settlement_confirmation_expired', actor: SYSTEM };

/** A disagreement whose window ended in silence, held by an investigator. */
function escalatedDisagreement(): Story {
  const s = Story.open('merchant_disagreement');
  s.wait(21 * DAY).do(WINDOW_END);
  s.pickUp(INV.id);
  return s;
}

/** A customer-service case, held, as the Slack card's Escalate acts on it. */
function heldInCustomerService(intent: 'invoice' | 'human_agent' = 'invoice'): Story {
  const s = Story.open(intent);
  s.pickUp(CS.id);
  return s;
}

describe('escalating to investigation opens its dispute (issue 16: the escalation opened none)', () => {
  const rows: {
    name: string;
    intent: 'invoice' | 'human_agent';
    kind: DisputeKind;
    status: string;
    windowDays: number | null;
  }[] = [
    {
      name: 'a disagreement found by customer service',
      intent: 'invoice',
      kind: 'merchant_disagreement',
      status: 'awaiting_merchant',
      windowDays: 21,
    },
    {
      name: 'an unrecognised purchase found by customer service',
      intent: 'invoice',
      kind: 'unrecognized_purchase',
      status: 'queued',
      windowDays: null,
    },
    {
      name: 'a request for a person that is a disagreement',
      intent: 'human_agent',
      kind: 'merchant_disagreement',
      status: 'awaiting_merchant',
      windowDays: 21,
    },
  ];
  it.each(rows)('$name: the invoice is paused and investigation can decide', ({ intent, kind, status, windowDays }) => {
    const s = heldInCustomerService(intent);
    const { events } = s.do({ type: 'escalate', actor: CS, to: 'investigation', reason: 'buyer_protection', kind });
    expect(s.c).toMatchObject({
      tier: 'investigation',
      status,
      invoiceState: 'paused',
      dispute: { kind, closedAt: null },
    });
    expect(s.c.dispute?.windowEndsAt).toEqual(
      windowDays === null ? null : new Date(s.now.getTime() + windowDays * DAY),
    );
    expect(events.map((e) => e.type)).toEqual(
      kind === 'unrecognized_purchase'
        ? ['dispute_opened', 'invoice_paused', 'escalated', 'priority_raised']
        : ['dispute_opened', 'invoice_paused', 'escalated'],
    );
    expect(events.find((e) => e.type === 'escalated')?.reason).toBe('buyer_protection');
    // The chain: investigation's decision was refused with no_open_dispute.
    if (kind === 'merchant_disagreement') s.wait(21 * DAY).do(WINDOW_END);
    s.pickUp(INV.id);
    s.hearConsumer();
    s.do({
      type: 'decide_investigation',
      actor: INV,
      decision: 'consumer_favour',
      reasoning: 'The shop never delivered.',
    });
    expect(s.c).toMatchObject({ outcome: 'chargeback', invoiceState: 'charged_back' });
  });

  it('an escalation that does not say which kind of dispute, on a case whose matter does not either, is refused and changes nothing', () => {
    const s = heldInCustomerService();
    const before = s.c;
    expectRefused(
      s.try({ type: 'escalate', actor: CS, to: 'investigation', reason: 'buyer_protection' }),
      'dispute_kind_needed',
    );
    expect(s.c).toBe(before);
  });

  it('an ombudsman overturn to a chargeback is then possible (it was refused with invoice_change_not_possible)', () => {
    const s = heldInCustomerService();
    s.do({
      type: 'escalate',
      actor: CS,
      to: 'investigation',
      reason: 'consumer_request',
      kind: 'unrecognized_purchase',
    });
    s.pickUp(INV.id);
    s.hearConsumer();
    s.do({
      type: 'decide_investigation',
      actor: INV,
      decision: 'merchant_favour',
      reasoning: "Bought with the consumer's BankID.",
    });
    s.do({ type: 'issue_final_statement', actor: INV, text: 'You made the purchase.' });
    s.do(REQUEST);
    s.pickUp(OMB.id);
    s.do({
      type: 'ombudsman_decide',
      actor: OMB,
      decision: 'overturned',
      reasoning: 'Another device.',
      newOutcome: 'chargeback',
    });
    expect(s.c).toMatchObject({ outcome: 'chargeback', invoiceState: 'charged_back' });
  });
});

describe("the merchant's window and the dispute fee (issue 16: the fee came with the merchant's first answer)", () => {
  type Step = { day: number; command: Command };
  const rows: {
    name: string;
    steps: Step[];
    status: string;
    fee: boolean;
    outcome: Outcome | null;
    escalatedWhy?: string;
  }[] = [
    {
      name: 'an answer on day 3 keeps the window running, no fee',
      steps: [{ day: 3, command: { type: 'merchant_responded', actor: MERCHANT } }],
      status: 'awaiting_merchant',
      fee: false,
      outcome: null,
    },
    {
      name: 'an answer on day 3, then the window ends unsettled: escalated with the fee',
      steps: [
        { day: 3, command: { type: 'merchant_responded', actor: MERCHANT } },
        { day: 21, command: WINDOW_END },
      ],
      status: 'queued',
      fee: true,
      outcome: null,
      escalatedWhy: 'no_agreement',
    },
    {
      name: 'an answer on day 3, a settlement on day 10 the consumer confirms: no fee',
      steps: [
        { day: 3, command: { type: 'merchant_responded', actor: MERCHANT } },
        { day: 10, command: CLAIM },
        { day: 11, command: CONFIRM },
      ],
      status: 'resolved',
      fee: false,
      outcome: 'merchant_settled',
    },
    {
      name: 'a settlement on day 10 the consumer does not object to within 7 days: no fee',
      steps: [
        { day: 10, command: CLAIM },
        { day: 17, command: NO_OBJECTION },
      ],
      status: 'resolved',
      fee: false,
      outcome: 'merchant_settled',
    },
    {
      name: 'a settlement on day 20, confirmed on day 23 after the window: no fee (it was settled before escalation)',
      steps: [
        { day: 20, command: CLAIM },
        { day: 23, command: CONFIRM },
      ],
      status: 'resolved',
      fee: false,
      outcome: 'merchant_settled',
    },
    {
      name: 'a settlement on day 20, objected to on day 23 after the window: escalated with the fee',
      steps: [
        { day: 20, command: CLAIM },
        { day: 23, command: OBJECT },
      ],
      status: 'queued',
      fee: true,
      outcome: null,
      escalatedWhy: 'no_agreement',
    },
    {
      name: 'silence to the end of the window: escalated with the fee',
      steps: [{ day: 21, command: WINDOW_END }],
      status: 'queued',
      fee: true,
      outcome: null,
      escalatedWhy: 'merchant_silent',
    },
    {
      name: 'a withdrawal inside the window: no fee',
      steps: [{ day: 5, command: { type: 'withdraw', actor: CONSUMER } }],
      status: 'resolved',
      fee: false,
      outcome: 'withdrawn',
    },
  ];
  it.each(rows)('$name', ({ steps, status, fee, outcome, escalatedWhy }) => {
    const s = Story.open('merchant_disagreement');
    for (const step of steps) {
      s.now = new Date(T0.getTime() + step.day * DAY);
      s.do(step.command);
    }
    expect(s.c.status).toBe(status);
    expect(s.c.dispute?.disputeFeeCharged).toBe(fee);
    expect(s.eventTypes().filter((t) => t === 'dispute_fee_charged')).toHaveLength(fee ? 1 : 0);
    expect(s.c.outcome).toBe(outcome);
    if (escalatedWhy) expect(s.events.find((e) => e.type === 'dispute_escalated')?.reason).toBe(escalatedWhy);
  });

  it('an unrecognised purchase has no window and never a fee, whatever happens', () => {
    const s = Story.open('unrecognized_purchase');
    expect(s.c).toMatchObject({ status: 'queued', waitingUntil: null, dispute: { windowEndsAt: null } });
    s.pickUp(INV.id);
    s.hearConsumer();
    s.do({ type: 'request_info', actor: INV, from: 'merchant', dueAt: new Date(s.now.getTime() + 7 * DAY) });
    s.wait(7 * DAY).do(WINDOW_END);
    expect(s.c).toMatchObject({ outcome: 'chargeback', dispute: { disputeFeeCharged: false, escalatedAt: null } });
  });
});

describe("a settlement is the merchant's claim until the consumer confirms it (issue 16: taken on anyone's word)", () => {
  const claimers: {
    name: string;
    actor: Actor;
    intent: 'merchant_disagreement' | 'unrecognized_purchase';
    refused?: RoutingErrorCode;
  }[] = [
    { name: "the merchant's integration, on a disagreement", actor: MERCHANT, intent: 'merchant_disagreement' },
    { name: 'an investigator recording what the merchant said by phone', actor: INV, intent: 'merchant_disagreement' },
    {
      name: 'the merchant, on a purchase the consumer does not recognise',
      actor: MERCHANT,
      intent: 'unrecognized_purchase',
      refused: 'settlement_not_possible',
    },
    { name: 'the consumer', actor: CONSUMER, intent: 'merchant_disagreement', refused: 'actor_not_allowed' },
    { name: 'a customer-service agent', actor: CS, intent: 'merchant_disagreement', refused: 'tier_not_allowed' },
    { name: 'the bot', actor: BOT, intent: 'merchant_disagreement', refused: 'actor_not_allowed' },
  ];
  it.each(claimers)('claimed by $name', ({ actor, intent, refused }) => {
    const s = Story.open(intent).wait(3 * DAY);
    const claim = { ...CLAIM, actor } as Command;
    if (refused) {
      expectRefused(s.try(claim), refused);
      return;
    }
    const { events, timers } = s.do(claim);
    // Recorded, not settled: the case and the invoice stay as they were.
    expect(s.c).toMatchObject({ status: 'awaiting_merchant', invoiceState: 'paused', outcome: null });
    expect(s.c.dispute?.merchantAnswer).toBeNull();
    expect(s.c.dispute?.settlementClaim).toMatchObject({
      status: 'pending',
      amountMinor: 89_900,
      currency: 'SEK',
      confirmBy: new Date(s.now.getTime() + 7 * DAY),
    });
    expect(events.map((e) => e.type)).toEqual(['settlement_claimed']);
    // The merchant's clock stops while the consumer is asked, and so do its reminders.
    expect(timers).toEqual([
      { action: 'cancel', kind: 'merchant_window' },
      { action: 'set', kind: 'settlement_confirmation', dueAt: new Date(s.now.getTime() + 7 * DAY) },
      { action: 'cancel', kind: 'merchant_reminder' },
    ]);
  });

  const answers: {
    name: string;
    command: Command;
    after: number;
    status?: string;
    outcome?: Outcome | null;
    invoice?: InvoiceState;
    claim?: string;
    refused?: RoutingErrorCode;
  }[] = [
    {
      name: 'the consumer confirms',
      command: CONFIRM,
      after: DAY,
      status: 'resolved',
      outcome: 'merchant_settled',
      invoice: 'reactivated',
      claim: 'confirmed',
    },
    {
      name: "an investigator records the consumer's confirmation",
      command: { ...CONFIRM, actor: INV } as Command,
      after: DAY,
      status: 'resolved',
      outcome: 'merchant_settled',
      invoice: 'reactivated',
      claim: 'confirmed',
    },
    {
      name: 'the consumer objects: the dispute goes on where it stood',
      command: OBJECT,
      after: DAY,
      status: 'awaiting_merchant',
      outcome: null,
      invoice: 'paused',
      claim: 'objected',
    },
    {
      name: '7 days pass without an objection',
      command: NO_OBJECTION,
      after: 7 * DAY,
      status: 'resolved',
      outcome: 'merchant_settled',
      invoice: 'reactivated',
      claim: 'unopposed',
    },
    {
      name: 'the time to object has not run out yet',
      command: NO_OBJECTION,
      after: 7 * DAY - 1,
      refused: 'timer_not_due',
    },
    {
      name: 'another consumer confirms',
      command: { ...CONFIRM, actor: OTHER_CONSUMER } as Command,
      after: DAY,
      refused: 'not_case_consumer',
    },
    {
      name: 'the merchant claims again before the consumer answered',
      command: CLAIM,
      after: DAY,
      refused: 'settlement_claim_pending',
    },
  ];
  it.each(answers)('$name', ({ command, after, status, outcome, invoice, claim, refused }) => {
    const s = Story.open('merchant_disagreement').wait(3 * DAY);
    s.do(CLAIM);
    s.wait(after);
    if (refused) {
      expectRefused(s.try(command), refused);
      return;
    }
    s.do(command);
    expect(s.c).toMatchObject({ status, outcome, invoiceState: invoice });
    expect(s.c.dispute?.settlementClaim?.status).toBe(claim);
    expect(s.c.dispute?.disputeFeeCharged).toBe(false);
  });

  it("an objection inside the window sets the merchant's clock again, due as it was", () => {
    const s = Story.open('merchant_disagreement').wait(3 * DAY);
    const windowEnd = s.c.dispute?.windowEndsAt;
    s.do(CLAIM);
    const { timers } = s.wait(DAY).do(OBJECT);
    expect(timers).toContainEqual({ action: 'set', kind: 'merchant_window', dueAt: windowEnd });
    expect(timers).toContainEqual({ action: 'cancel', kind: 'settlement_confirmation' });
  });

  it('a confirmation or objection with no claim waiting is refused', () => {
    const s = Story.open('merchant_disagreement');
    expectRefused(s.try(CONFIRM), 'no_settlement_claim');
    expectRefused(s.try(OBJECT), 'no_settlement_claim');
  });

  it("investigation waits for the consumer's answer before deciding", () => {
    const s = escalatedDisagreement();
    s.do(CLAIM);
    expectRefused(
      s.try({ type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'r' }),
      'settlement_claim_pending',
    );
    s.do(OBJECT);
    // A merchant that claimed a settlement has answered: it may still win on the evidence.
    s.hearConsumer();
    s.do({
      type: 'decide_investigation',
      actor: INV,
      decision: 'merchant_favour',
      reasoning: 'The refund reached the bank.',
    });
    expect(s.c).toMatchObject({ outcome: 'invoice_reactivated', invoiceState: 'reactivated' });
  });

  it('a withdrawal while the claim waits lets it lapse', () => {
    const s = Story.open('merchant_disagreement');
    s.do(CLAIM);
    s.do({ type: 'withdraw', actor: CONSUMER });
    expect(s.c.dispute?.settlementClaim?.status).toBe('lapsed');
    expect(s.eventTypes()).toContain('settlement_claim_lapsed');
  });

  it('the claim survives the jsonb column', () => {
    const s = Story.open('merchant_disagreement');
    s.do(CLAIM);
    expect(Case.parse(JSON.parse(JSON.stringify(s.c)))).toEqual(s.c);
  });
});

describe('a dispute closed undecided resumes after a reopen (issue 16: refused with dispute_already_open)', () => {
  const closings: { name: string; close: (s: Story) => void }[] = [
    {
      name: 'a settlement the consumer confirmed',
      close: (s) => {
        s.do(CLAIM);
        s.do(CONFIRM);
      },
    },
    {
      name: 'a settlement nobody objected to',
      close: (s) => {
        s.do(CLAIM);
        s.wait(7 * DAY).do(NO_OBJECTION);
      },
    },
    { name: 'a withdrawal', close: (s) => s.do({ type: 'withdraw', actor: CONSUMER }) },
  ];
  const resumers: { name: string; resume: (s: Story) => void; inWindow: boolean }[] = [
    {
      name: 'investigation opens it again inside the window',
      inWindow: true,
      resume: (s) => {
        s.pickUp(INV.id);
        s.do({ type: 'open_dispute', actor: INV, kind: 'merchant_disagreement' });
      },
    },
    {
      name: 'investigation opens it again after the window',
      inWindow: false,
      resume: (s) => {
        s.wait(30 * DAY);
        s.pickUp(INV.id);
        s.do({ type: 'open_dispute', actor: INV, kind: 'merchant_disagreement' });
      },
    },
  ];
  for (const closing of closings) {
    it.each(resumers)(`closed by ${closing.name}; $name`, ({ resume, inWindow }) => {
      const s = Story.open('merchant_disagreement').wait(3 * DAY);
      closing.close(s);
      expect(s.c.invoiceState).toBe('reactivated');
      s.wait(DAY).do({ type: 'reopen', actor: CONSUMER, reason: 'The refund never came.' });
      resume(s);
      expect(s.c).toMatchObject({ invoiceState: 'paused', outcome: null, dispute: { closedAt: null } });
      expect(s.eventTypes()).toContain('dispute_resumed');
      expect(s.events.filter((e) => e.type === 'invoice_paused').at(-1)?.data).toEqual({ from: 'reactivated' });
      if (inWindow) expect(s.c).toMatchObject({ status: 'awaiting_merchant', assignee: null });
      else expect(s.c).toMatchObject({ status: 'assigned', dispute: { disputeFeeCharged: true } });
      expect(invariantViolations(s.c)).toEqual([]);
    });
  }

  it('customer service escalating the reopened case resumes it too', () => {
    const s = heldInCustomerService();
    s.do({
      type: 'escalate',
      actor: CS,
      to: 'investigation',
      reason: 'buyer_protection',
      kind: 'merchant_disagreement',
    });
    s.wait(DAY).do(CLAIM);
    s.do(CONFIRM);
    s.do({ type: 'reopen', actor: CONSUMER });
    s.pickUp(INV.id);
    s.do({ type: 'open_dispute', actor: INV, kind: 'merchant_disagreement' });
    expect(s.c.invoiceState).toBe('paused');
  });

  it.each([
    {
      name: 'a decided dispute is not reopened: it is for the ombudsman',
      kind: 'merchant_disagreement' as const,
      code: 'dispute_already_decided' as const,
    },
    {
      name: 'a dispute resumes as the kind it was',
      kind: 'unrecognized_purchase' as const,
      code: 'dispute_kind_differs' as const,
    },
  ])('$name', ({ kind, code }) => {
    const s = escalatedDisagreement();
    if (code === 'dispute_already_decided') {
      s.hearConsumer();
      s.do({ type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'Never delivered.' });
    } else s.do({ type: 'withdraw', actor: CONSUMER });
    s.do({ type: 'reopen', actor: CONSUMER });
    s.pickUp(INV.id);
    expectRefused(s.try({ type: 'open_dispute', actor: INV, kind }), code);
  });
});

describe('a reopen clears the final statement (issue 16: the ombudsman accepted a statement made before the reopen)', () => {
  const rows: { name: string; build: () => Story; tierAgent: ReturnType<typeof agent> }[] = [
    {
      name: 'an answered question',
      tierAgent: CS,
      build: () => {
        const s = heldInCustomerService();
        s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
        s.do({ type: 'issue_final_statement', actor: CS, text: 'No payment break is possible.' });
        return s;
      },
    },
    {
      name: 'a chargeback',
      tierAgent: INV,
      build: () => {
        const s = escalatedDisagreement();
        s.hearConsumer();
        s.do({ type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'Never delivered.' });
        s.do({ type: 'issue_final_statement', actor: INV, text: 'The money goes back to you.' });
        return s;
      },
    },
  ];
  it.each(rows)('$name: after the reopen the ombudsman needs a new final statement', ({ build, tierAgent }) => {
    const s = build();
    const old = s.c.finalStatementAt;
    s.wait(DAY).do({ type: 'reopen', actor: CONSUMER, reason: 'One more question.' });
    expect(s.c).toMatchObject({ finalStatementAt: null, finalStatementText: null, finalStatementBy: null });
    expect(s.events.at(-1)?.data.finalStatementCleared).toBe(old?.toISOString());
    s.pickUp(tierAgent.id);
    s.do({ type: 'resolve', actor: tierAgent, outcome: 'answered' });
    expect(isEligibleForOmbudsman(s.c)).toBe(false);
    expectRefused(s.try(REQUEST), 'not_eligible_no_final_statement');
    s.do({ type: 'issue_final_statement', actor: tierAgent, text: 'Our answer after the reopen.' });
    s.do(REQUEST);
    expect(s.c.tier).toBe('ombudsman');
  });
});

describe('outcome and invoice always agree (issue 16: "answered" on a charged-back invoice)', () => {
  // The table of the invariant itself: every outcome against every invoice state.
  const agreeing: Record<Outcome, readonly InvoiceState[]> = {
    answered: ['active', 'reactivated'],
    fault_fixed: ['active', 'reactivated'],
    merchant_settled: ['reactivated'],
    invoice_reactivated: ['reactivated'],
    chargeback: ['charged_back'],
    withdrawn: ['active', 'reactivated'],
    consumer_unresponsive: ['active', 'reactivated'],
  };
  const pairs = [null, ...OUTCOMES].flatMap((outcome) => INVOICE_STATES.map((invoice) => ({ outcome, invoice })));
  it.each(pairs)('outcome $outcome with the invoice $invoice', ({ outcome, invoice }) => {
    const c = { ...Story.open('merchant_disagreement').c, outcome, invoiceState: invoice };
    const agrees =
      outcome === null ? invoice === 'active' || invoice === 'paused' : agreeing[outcome].includes(invoice);
    expect(outcomeInvoiceDisagreement(c) === null).toBe(agrees);
  });

  /** A chargeback case with its final statement, reopened and held again by investigation. */
  function reopenedChargeback(): Story {
    const s = escalatedDisagreement();
    s.hearConsumer();
    s.do({ type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'Never delivered.' });
    s.do({ type: 'reopen', actor: CONSUMER, reason: 'When does the money come?' });
    s.pickUp(INV.id);
    return s;
  }
  const resolutions: { name: string; command: (s: Story) => Command; outcome: Outcome; invoice: InvoiceState }[] = [
    {
      name: 'resolved as answered',
      command: () => ({ type: 'resolve', actor: INV, outcome: 'answered' }),
      outcome: 'chargeback',
      invoice: 'charged_back',
    },
    {
      name: 'resolved as a fixed fault',
      command: () => ({ type: 'resolve', actor: INV, outcome: 'fault_fixed' }),
      outcome: 'chargeback',
      invoice: 'charged_back',
    },
    {
      name: 'withdrawn by the consumer',
      command: () => ({ type: 'withdraw', actor: CONSUMER }),
      outcome: 'chargeback',
      invoice: 'charged_back',
    },
  ];
  it.each(resolutions)('a reopened chargeback $name keeps the chargeback in force', ({ command, outcome, invoice }) => {
    const s = reopenedChargeback();
    const { events } = s.do(command(s));
    expect(s.c).toMatchObject({ status: 'resolved', outcome, invoiceState: invoice });
    expect(events.find((e) => e.type === 'resolved')?.data.asked).toBeDefined();
  });

  const overturns: {
    name: string;
    build: () => Story;
    newOutcome: 'chargeback' | 'invoice_reactivated' | 'answered';
    invoice?: InvoiceState;
    refused?: RoutingErrorCode;
  }[] = [
    {
      name: '"answered" on a charged-back invoice is refused',
      build: () => {
        const s = escalatedDisagreement();
        s.hearConsumer();
        s.do({ type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'Never delivered.' });
        return s;
      },
      newOutcome: 'answered',
      refused: 'invoice_change_not_possible',
    },
    {
      name: 'a chargeback on a reactivated invoice charges it back',
      build: () => {
        const s = escalatedDisagreement();
        s.do({ type: 'merchant_responded', actor: MERCHANT });
        s.hearConsumer();
        s.do({ type: 'decide_investigation', actor: INV, decision: 'merchant_favour', reasoning: 'Delivered.' });
        return s;
      },
      newOutcome: 'chargeback',
      invoice: 'charged_back',
    },
    {
      name: 'a reactivation on a charged-back invoice reactivates it',
      build: () => {
        const s = escalatedDisagreement();
        s.hearConsumer();
        s.do({ type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'Never delivered.' });
        return s;
      },
      newOutcome: 'invoice_reactivated',
      invoice: 'reactivated',
    },
  ];
  it.each(overturns)('an ombudsman overturn: $name', ({ build, newOutcome, invoice, refused }) => {
    const s = build();
    s.do({ type: 'issue_final_statement', actor: INV, text: 'Final.' });
    s.do(REQUEST);
    s.pickUp(OMB.id);
    const overturn: Command = {
      type: 'ombudsman_decide',
      actor: OMB,
      decision: 'overturned',
      reasoning: 'Reviewed.',
      newOutcome,
    };
    if (refused) {
      expectRefused(s.try(overturn), refused);
      return;
    }
    s.do(overturn);
    expect(s.c).toMatchObject({ outcome: newOutcome, invoiceState: invoice });
  });

  it('decide() refuses any decision that would leave them disagreeing, whatever the handler did', () => {
    // A stored case that already disagrees (written before the rule): a reopen would carry the
    // disagreement on, so it is refused.
    const s = reopenedChargeback();
    s.do({ type: 'resolve', actor: INV, outcome: 'answered' });
    const broken = { ...s.c, outcome: 'answered' as const };
    const result = decide(broken, { type: 'reopen', actor: CONSUMER }, s.now);
    expectRefused(result, 'outcome_contradicts_invoice');
  });
});

describe('the refund reason is kept on the dispute (issue 16: nowhere)', () => {
  it.each(REFUND_REASONS)("%s, from the consumer's first message, is kept when the dispute opens", (reason) => {
    const s = Story.open('merchant_disagreement', {
      entities: { merchant: 'Zalando', amountMinor: 49_900, currency: 'SEK', refundReason: reason },
    });
    expect(s.c.dispute?.refundReason).toBe(reason);
    expect(s.events.find((e) => e.type === 'dispute_opened')?.data.refundReason).toBe(reason);
  });

  const recorders: { name: string; actor: Actor; refused?: RoutingErrorCode }[] = [
    { name: 'the consumer answering the bot', actor: CONSUMER },
    { name: 'the bot', actor: BOT },
    { name: 'an investigator correcting it', actor: INV },
    { name: 'another consumer', actor: OTHER_CONSUMER, refused: 'not_case_consumer' },
    { name: 'the merchant', actor: MERCHANT, refused: 'actor_not_allowed' },
  ];
  it.each(recorders)('asked later, recorded by $name', ({ actor, refused }) => {
    const s = Story.open('merchant_disagreement');
    expect(s.c.dispute?.refundReason).toBeNull();
    const command: Command = { type: 'record_refund_reason', actor, reason: 'not_received' };
    if (refused) {
      expectRefused(s.try(command), refused);
      return;
    }
    s.do(command);
    expect(s.c.dispute?.refundReason).toBe('not_received');
    expect(s.events.at(-1)).toMatchObject({
      type: 'refund_reason_recorded',
      data: { reason: 'not_received', previous: null },
    });
  });

  it('an unrecognised purchase has no refund reason', () => {
    const s = Story.open('unrecognized_purchase', { entities: { refundReason: 'not_received' } });
    expect(s.c.dispute?.refundReason).toBeNull();
    expectRefused(
      s.try({ type: 'record_refund_reason', actor: CONSUMER, reason: 'not_received' }),
      'refund_reason_not_applicable',
    );
  });

  it('a reason that is not one of the five is refused as an invalid command', () => {
    const s = Story.open('merchant_disagreement');
    expectRefused(
      s.try({ type: 'record_refund_reason', actor: CONSUMER, reason: 'changed_my_mind' } as unknown as Command),
      'invalid_command',
    );
  });
});

describe('money is an amount in minor units with its currency', () => {
  it.each([
    { name: 'an amount without its currency', entities: { amountMinor: 49_900 } },
    { name: 'a fraction of a minor unit', entities: { amountMinor: 499.5, currency: 'SEK' } },
    { name: 'a currency that is not ISO 4217', entities: { amountMinor: 49_900, currency: 'kr' } },
  ])('$name is refused when a case opens', ({ entities }) => {
    const result = decide(
      null,
      {
        type: 'open',
        actor: BOT,
        ref: 'OMB-1',
        consumerId: CONSUMER.id,
        intent: 'merchant_disagreement',
        language: 'sv',
        entities,
      } as Command,
      T0,
    );
    expectRefused(result, 'invalid_command');
  });

  it('a settlement claim with an amount but no currency is refused', () => {
    const s = Story.open('merchant_disagreement');
    expectRefused(
      s.try({ type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 89_900 }),
      'invalid_command',
    );
  });
});
