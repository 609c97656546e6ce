// Buyer protection: opening (or resuming) a dispute on a case, what the merchant does (claims to
// have settled, responds, or stays silent until its window ends), the consumer's answer to a
// claimed settlement, the refund reason, and investigation's decision.
import { actorLabel, type Actor } from '../actors.ts';
import type { EscalationReason } from '../commands.ts';
import { refuse, type Refusal } from '../errors.ts';
import { disputeFeeFor } from '../fees.ts';
import { addDays, nextMerchantReminder } from '../policy.ts';
import { hasOpenDispute, pendingSettlementClaim, reminderDue } from '../state.ts';
import {
  PRIORITY,
  type Case,
  type Dispute,
  type DisputeKind,
  type RefundReason,
  type SettlementClaim,
} from '../types.ts';
import {
  changeInvoice,
  closeDispute,
  joinQueue,
  resolveCase,
  stopWaiting,
  type Context,
  type Handler,
} from './context.ts';

const SYSTEM: Actor = { kind: 'system' };

function noOpenDispute(c: Case) {
  return refuse('no_open_dispute', `Case ${c.ref} has no open dispute.`);
}

function claimPending(c: Case, claim: SettlementClaim) {
  return refuse(
    'settlement_claim_pending',
    `The merchant says it settled case ${c.ref}; the consumer has until ${claim.confirmBy.toISOString()} to confirm or object, and the dispute waits for that answer.`,
  );
}

/** Is this a disagreement still in its settlement window (not yet at the department's desk)? */
function inSettlementWindow(d: Dispute): boolean {
  return d.kind === 'merchant_disagreement' && d.escalatedAt === null;
}

/** Why a window ended unsettled: the merchant said nothing at all, or the two did not agree. */
function unsettledBecause(d: Dispute): 'merchant_silent' | 'no_agreement' {
  return d.merchantAnswer === null && d.settlementClaim === null ? 'merchant_silent' : 'no_agreement';
}

/**
 * The merchant's window ended without a settlement (silence or no agreement): the dispute
 * escalates to the investigation department, and only now is the merchant charged the dispute fee.
 */
function escalateDispute(c: Case, d: Dispute, ctx: Context): Case {
  ctx.log.addAs(SYSTEM, 'dispute_escalated', { to: 'investigation' }, unsettledBecause(d));
  // the fee's amount and currency are the policy's for the dispute's market (routing/fees.ts)
  const fee = disputeFeeFor(c, ctx.policy);
  ctx.log.addAs(SYSTEM, 'dispute_fee_charged', {
    merchant: d.merchantName,
    market: fee.market,
    amountMinor: fee.amountMinor,
    currency: fee.currency,
  });
  const escalated: Case = { ...c, dispute: { ...d, escalatedAt: ctx.now, disputeFeeCharged: true } };
  return c.tier === 'investigation' && c.assignee !== null
    ? stopWaiting(escalated, ctx)
    : joinQueue(escalated, 'investigation', ctx);
}

export interface DisputeDetails {
  merchant?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  purchaseDate?: string | null;
  contactedMerchant?: boolean | null;
  refundReason?: RefundReason | null;
}

/** A fresh dispute; a disagreement gives the merchant its window to settle, counted from now. */
export function newDispute(kind: DisputeKind, details: DisputeDetails, ctx: Context): Dispute {
  const windowEndsAt = kind === 'merchant_disagreement' ? addDays(ctx.now, ctx.policy.merchantWindowDays) : null;
  return {
    kind,
    merchantName: details.merchant ?? null,
    amountMinor: details.amountMinor ?? null,
    currency: details.amountMinor == null ? null : (details.currency ?? null),
    purchaseDate: details.purchaseDate ?? null,
    contactedMerchant: details.contactedMerchant ?? null,
    // The consumer did not buy an unrecognised purchase: no reason to want a refund from the shop.
    refundReason: kind === 'merchant_disagreement' ? (details.refundReason ?? null) : null,
    openedAt: ctx.now,
    windowEndsAt,
    merchantAnswer: null,
    merchantAnsweredAt: null,
    settlementClaim: null,
    nextReminderAt: windowEndsAt === null ? null : nextMerchantReminder(ctx.now, windowEndsAt, ctx.now, ctx.policy),
    consumerAccountAt: null,
    escalatedAt: null,
    disputeFeeCharged: false,
    decision: null,
    decisionReasoning: null,
    closedAt: null,
  };
}

export function logDisputeOpened(d: Dispute, ctx: Context): void {
  ctx.log.add('dispute_opened', {
    kind: d.kind,
    merchant: d.merchantName,
    amountMinor: d.amountMinor,
    currency: d.currency,
    refundReason: d.refundReason ?? undefined,
    windowEndsAt: d.windowEndsAt ?? undefined,
  });
}

/**
 * The case's dispute is open (new or resumed) and its invoice paused: the case goes where the
 * dispute stands. A disagreement in its window waits for the merchant, with nobody working it and
 * no service-level clock running; one whose window is over escalates now; an unrecognised
 * purchase, or an escalated disagreement, joins investigation's queue (or stays with the
 * investigator who opened it).
 */
function placeDispute(c: Case, d: Dispute, ctx: Context): Case {
  if (inSettlementWindow(d) && d.windowEndsAt !== null) {
    if (ctx.now.getTime() < d.windowEndsAt.getTime()) {
      return {
        ...c,
        tier: 'investigation',
        status: 'awaiting_merchant',
        assignee: null,
        waitingUntil: d.windowEndsAt,
        firstResponseDueAt: null,
        resolutionDueAt: null,
      };
    }
    return escalateDispute(c, d, ctx);
  }
  const priority = d.kind === 'unrecognized_purchase' ? Math.min(c.priority, PRIORITY.high) : c.priority;
  if (priority !== c.priority)
    ctx.log.add('priority_raised', { from: c.priority, to: priority }, 'unrecognized_purchase');
  const raised = { ...c, priority };
  return c.tier === 'investigation' ? raised : joinQueue(raised, 'investigation', ctx);
}

/**
 * Opens the case's dispute, or resumes the one a settlement, a withdrawal or the consumer's
 * silence closed (a decided dispute is for the ombudsman to review, not to reopen). The invoice
 * is paused (again) and no outcome is in force while the dispute is open. `escalation` is the
 * move from another tier that brings it to investigation, recorded before the dispute is placed.
 */
export function openDisputeOn(
  c: Case,
  kind: DisputeKind,
  details: DisputeDetails,
  ctx: Context,
  escalation: { reason: EscalationReason; note?: string } = { reason: 'buyer_protection' },
): Case | Refusal {
  if (hasOpenDispute(c))
    return refuse('dispute_already_open', `Case ${c.ref} already has an open dispute; a case has one dispute.`);
  let dispute: Dispute;
  if (c.dispute === null) {
    dispute = newDispute(kind, details, ctx);
    logDisputeOpened(dispute, ctx);
  } else {
    const closed = c.dispute;
    if (closed.decision !== null) {
      return refuse(
        'dispute_already_decided',
        `Case ${c.ref}'s dispute was decided (${closed.decision === 'merchant_favour' ? "in the merchant's favour" : "in the consumer's favour"}); a decision is not reopened: the consumer may ask the customer ombudsman to review it.`,
      );
    }
    if (closed.kind !== kind) {
      return refuse(
        'dispute_kind_differs',
        `Case ${c.ref}'s dispute is about ${closed.kind === 'merchant_disagreement' ? 'a disagreement with the merchant' : 'a purchase the consumer does not recognise'}; it resumes as such.`,
      );
    }
    const refundReason = kind === 'merchant_disagreement' ? (details.refundReason ?? closed.refundReason) : null;
    // Reminders go on from the next point still ahead in the window (none when it is over).
    const nextReminderAt =
      closed.windowEndsAt === null
        ? null
        : nextMerchantReminder(closed.openedAt, closed.windowEndsAt, ctx.now, ctx.policy);
    dispute = { ...closed, refundReason, closedAt: null, nextReminderAt };
    ctx.log.add('dispute_resumed', { kind, closedAt: closed.closedAt, previousOutcome: c.outcome });
  }
  const paused = changeInvoice({ ...c, dispute, outcome: null }, 'paused', ctx);
  if (c.tier !== 'investigation')
    ctx.log.add('escalated', { from: c.tier, to: 'investigation', note: escalation.note }, escalation.reason);
  return placeDispute(paused, dispute, ctx);
}

export const openDispute: Handler<'open_dispute'> = (c, command, ctx) => openDisputeOn(c, command.kind, command, ctx);

export const merchantSettlementClaimed: Handler<'merchant_settlement_claimed'> = (c, command, ctx) => {
  const d = c.dispute;
  if (d === null || !hasOpenDispute(c)) return noOpenDispute(c);
  if (d.kind !== 'merchant_disagreement') {
    return refuse(
      'settlement_not_possible',
      `Case ${c.ref} is a purchase the consumer does not recognise: it is not settled with the shop; investigation decides it.`,
    );
  }
  const pending = pendingSettlementClaim(c);
  if (pending) return claimPending(c, pending);
  const amountMinor = command.amountMinor ?? null;
  const claim: SettlementClaim = {
    status: 'pending',
    claimedAt: ctx.now,
    claimedBy: actorLabel(command.actor),
    amountMinor,
    currency: amountMinor === null ? null : (command.currency ?? null),
    terms: command.terms ?? null,
    confirmBy: addDays(ctx.now, ctx.policy.settlementConfirmationDays),
    answeredAt: null,
  };
  ctx.log.add('settlement_claimed', {
    amountMinor: claim.amountMinor,
    currency: claim.currency,
    terms: claim.terms,
    confirmBy: claim.confirmBy,
  });
  return { ...c, dispute: { ...d, settlementClaim: claim } };
};

/** The consumer confirmed the merchant's claim, or let the time to object pass: the dispute ends as settled. */
function settle(c: Case, claim: SettlementClaim, how: 'confirmed' | 'unopposed', ctx: Context): Case {
  const d = c.dispute as Dispute;
  ctx.log.add('merchant_settled', {
    how,
    claimedBy: claim.claimedBy,
    claimedAt: claim.claimedAt,
    amountMinor: claim.amountMinor,
    currency: claim.currency,
    terms: claim.terms,
  });
  const settled: Case = {
    ...c,
    dispute: {
      ...d,
      merchantAnswer: 'settled',
      merchantAnsweredAt: claim.claimedAt,
      settlementClaim: { ...claim, status: how, answeredAt: ctx.now },
    },
  };
  // The invoice resumes as the settlement left it (a credit from the merchant lowers it).
  return resolveCase(closeDispute(settled, 'reactivated', ctx), 'merchant_settled', ctx);
}

function noClaim(c: Case) {
  return refuse(
    'no_settlement_claim',
    `No claim by the merchant to have settled case ${c.ref} is waiting for the consumer's answer.`,
  );
}

export const consumerConfirmedSettlement: Handler<'consumer_confirmed_settlement'> = (c, _command, ctx) => {
  const claim = pendingSettlementClaim(c);
  return claim ? settle(c, claim, 'confirmed', ctx) : noClaim(c);
};

export const settlementConfirmationExpired: Handler<'settlement_confirmation_expired'> = (c, _command, ctx) => {
  const claim = pendingSettlementClaim(c);
  if (!claim || ctx.now.getTime() < claim.confirmBy.getTime()) {
    return refuse('timer_not_due', `The consumer's time to object to the settlement of case ${c.ref} has not run out.`);
  }
  return settle(c, claim, 'unopposed', ctx);
};

export const consumerObjected: Handler<'consumer_objected'> = (c, command, ctx) => {
  const claim = pendingSettlementClaim(c);
  if (!claim) return noClaim(c);
  ctx.log.add(
    'settlement_objected',
    { claimedAt: claim.claimedAt, amountMinor: claim.amountMinor, currency: claim.currency },
    command.reason ?? null,
  );
  const d: Dispute = {
    ...(c.dispute as Dispute),
    settlementClaim: { ...claim, status: 'objected', answeredAt: ctx.now },
  };
  const resumed: Case = { ...c, dispute: d };
  // The window may have ended while the consumer was asked: the dispute escalates, as it would have then.
  if (
    c.status === 'awaiting_merchant' &&
    inSettlementWindow(d) &&
    c.waitingUntil !== null &&
    ctx.now.getTime() >= c.waitingUntil.getTime()
  ) {
    ctx.log.addAs(SYSTEM, 'merchant_window_expired', { dueAt: c.waitingUntil, settlementWindow: true });
    return escalateDispute(resumed, d, ctx);
  }
  return resumed;
};

/**
 * Investigation's question to the consumer about a merchant disagreement was answered, or its time
 * ran out: the consumer's account is in (Dispute.consumerAccountAt), and the merchant may be asked.
 */
export function withConsumerAccount(c: Case, ctx: Context): Case {
  const d = c.dispute;
  if (
    c.tier !== 'investigation' ||
    d === null ||
    d.kind !== 'merchant_disagreement' ||
    !hasOpenDispute(c) ||
    d.consumerAccountAt !== null
  )
    return c;
  return { ...c, dispute: { ...d, consumerAccountAt: ctx.now } };
}

/** Investigation hears the consumer first on a merchant disagreement (the seed's order); null when it has. */
export function consumerAccountMissing(c: Case, what: string) {
  const d = c.dispute;
  if (c.tier !== 'investigation' || d === null || d.kind !== 'merchant_disagreement' || d.consumerAccountAt !== null)
    return null;
  return refuse(
    'consumer_account_first',
    `Investigation hears the consumer first: ask the consumer for their account of case ${c.ref} (Ask for info), and ${what} once they have answered or their time has run out.`,
  );
}

export const merchantResponded: Handler<'merchant_responded'> = (c, command, ctx) => {
  if (!hasOpenDispute(c) || c.dispute === null) return noOpenDispute(c);
  ctx.log.add('merchant_responded', {
    summary: command.summary,
    evidence: command.evidence,
    late: c.status !== 'awaiting_merchant',
  });
  const dispute: Dispute = { ...c.dispute, merchantAnswer: 'responded', merchantAnsweredAt: ctx.now };
  const answered: Case = { ...c, dispute };
  // An answer after the wait ended is recorded; the case stays where it is. In the settlement
  // window the merchant's account is kept for investigation and the window runs on: the two may
  // still agree, and no fee is due unless the window ends unsettled.
  if (c.status !== 'awaiting_merchant' || inSettlementWindow(dispute)) return answered;
  ctx.log.add('info_received', { from: 'merchant' });
  return stopWaiting(answered, ctx);
};

/**
 * A reminder point of the merchant's window came: the merchant is told (an outgoing event, see
 * db/outbox.ts) and the next point is set. Points that passed while the reminders were held (a
 * settlement claim waiting for the consumer) are one reminder, not several.
 */
export const merchantReminderDue: Handler<'merchant_reminder_due'> = (c, _command, ctx) => {
  const due = pendingSettlementClaim(c) ? null : reminderDue(c);
  const d = c.dispute;
  if (due === null || d === null || d.windowEndsAt === null || ctx.now.getTime() < due.getTime()) {
    return refuse('timer_not_due', `No reminder of case ${c.ref}'s merchant is due.`);
  }
  ctx.log.add('merchant_reminded', { dueAt: due, windowEndsAt: d.windowEndsAt });
  return {
    ...c,
    dispute: { ...d, nextReminderAt: nextMerchantReminder(d.openedAt, d.windowEndsAt, ctx.now, ctx.policy) },
  };
};

export const windowExpired: Handler<'window_expired'> = (c, _command, ctx) => {
  const d = c.dispute;
  if (d === null || c.waitingUntil === null || ctx.now.getTime() < c.waitingUntil.getTime()) {
    return refuse('timer_not_due', `The merchant's time on case ${c.ref} has not run out yet.`);
  }
  const pending = pendingSettlementClaim(c);
  if (pending) return claimPending(c, pending);
  ctx.log.add('merchant_window_expired', { dueAt: c.waitingUntil, settlementWindow: inSettlementWindow(d) });
  if (inSettlementWindow(d)) return escalateDispute(c, d, ctx);

  // Investigation asked the merchant and it never answered: the consumer gets the money back.
  const reasoning = `The merchant did not answer by ${c.waitingUntil.toISOString()}.`;
  ctx.log.add('investigation_decided', { decision: 'consumer_favour', automatic: true }, reasoning);
  const decided: Case = { ...c, dispute: { ...d, decision: 'consumer_favour', decisionReasoning: reasoning } };
  return resolveCase(closeDispute(decided, 'charged_back', ctx), 'chargeback', ctx);
};

export const decideInvestigation: Handler<'decide_investigation'> = (c, command, ctx) => {
  const d = c.dispute;
  if (d === null || !hasOpenDispute(c)) return noOpenDispute(c);
  const pending = pendingSettlementClaim(c);
  if (pending) return claimPending(c, pending);
  const first = consumerAccountMissing(c, 'decide');
  if (first) return first;
  if (
    command.decision === 'merchant_favour' &&
    d.kind === 'merchant_disagreement' &&
    d.merchantAnswer === null &&
    d.settlementClaim === null
  ) {
    return refuse(
      'merchant_never_answered',
      "The merchant never answered this dispute, so it cannot be decided in the merchant's favour: the consumer gets a chargeback.",
    );
  }
  ctx.log.add('investigation_decided', { decision: command.decision, automatic: false }, command.reasoning);
  const decided: Case = { ...c, dispute: { ...d, decision: command.decision, decisionReasoning: command.reasoning } };
  return command.decision === 'merchant_favour'
    ? resolveCase(closeDispute(decided, 'reactivated', ctx), 'invoice_reactivated', ctx)
    : resolveCase(closeDispute(decided, 'charged_back', ctx), 'chargeback', ctx);
};

export const recordRefundReason: Handler<'record_refund_reason'> = (c, command, ctx) => {
  const d = c.dispute;
  if (d === null || !hasOpenDispute(c)) return noOpenDispute(c);
  if (d.kind !== 'merchant_disagreement') {
    return refuse(
      'refund_reason_not_applicable',
      `Case ${c.ref} is a purchase the consumer does not recognise: it has no refund reason.`,
    );
  }
  ctx.log.add('refund_reason_recorded', { reason: command.reason, previous: d.refundReason });
  return { ...c, dispute: { ...d, refundReason: command.reason } };
};
