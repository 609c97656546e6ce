// Buyer protection: opening a dispute on a case, what the merchant does (settles, responds, or
// stays silent until its window ends), and investigation's decision.
import type { Actor } from '../actors.ts';
import { refuse } from '../errors.ts';
import { addDays } from '../policy.ts';
import { hasOpenDispute } from '../state.ts';
import { PRIORITY, type Case, type Dispute, type DisputeKind } from '../types.ts';
import { changeInvoice, closeDispute, joinQueue, resolveCase, stopWaiting, type Context, type Handler } from './context.ts';

const SYSTEM: Actor = { kind: 'system' };

function noOpenDispute(c: Case) {
  return refuse('no_open_dispute', `Case ${c.ref} has no open dispute.`);
}

/** Is this a disagreement still in its settlement window (not yet at the department's desk)? */
function inSettlementWindow(d: Dispute): boolean {
  return d.kind === 'merchant_disagreement' && d.escalatedAt === null;
}

/**
 * The merchant did not settle in its window (silence or no agreement): the dispute escalates
 * to the investigation department's queue and the merchant is charged the dispute fee.
 */
function escalateDispute(c: Case, d: Dispute, why: 'merchant_silent' | 'no_agreement', ctx: Context): Case {
  ctx.log.addAs(SYSTEM, 'dispute_escalated', { to: 'investigation' }, why);
  ctx.log.addAs(SYSTEM, 'dispute_fee_charged', { merchant: d.merchantName });
  const escalated: Case = { ...c, dispute: { ...d, escalatedAt: ctx.now, disputeFeeCharged: true } };
  return c.assignee !== null ? stopWaiting(escalated, ctx) : joinQueue(escalated, 'investigation', ctx);
}

/** A fresh dispute; a disagreement gives the merchant its window to settle, counted from now. */
export function newDispute(
  kind: DisputeKind,
  details: {
    merchant?: string | null;
    amountMinor?: number | null;
    currency?: string | null;
    purchaseDate?: string | null;
    contactedMerchant?: boolean | null;
  },
  ctx: Context,
): Dispute {
  return {
    kind,
    merchantName: details.merchant ?? null,
    amountMinor: details.amountMinor ?? null,
    currency: details.currency ?? null,
    purchaseDate: details.purchaseDate ?? null,
    contactedMerchant: details.contactedMerchant ?? null,
    openedAt: ctx.now,
    windowEndsAt: kind === 'merchant_disagreement' ? addDays(ctx.now, ctx.policy.merchantWindowDays) : null,
    merchantAnswer: null,
    merchantAnsweredAt: null,
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
    windowEndsAt: d.windowEndsAt ?? undefined,
  });
}

export const openDispute: Handler<'open_dispute'> = (c, command, ctx) => {
  if (c.dispute !== null) {
    return refuse('dispute_already_open', `Case ${c.ref} already has a dispute; a case has one dispute.`);
  }
  const { log } = ctx;
  const dispute = newDispute(command.kind, command, ctx);
  const windowEndsAt = dispute.windowEndsAt;
  logDisputeOpened(dispute, ctx);
  const paused = changeInvoice({ ...c, dispute }, 'paused', ctx);
  if (c.tier !== 'investigation') log.add('escalated', { from: c.tier, to: 'investigation' }, 'buyer_protection');

  if (windowEndsAt !== null) {
    // Nobody works the case while the merchant has its window, so no clock runs either.
    return {
      ...paused,
      tier: 'investigation',
      status: 'awaiting_merchant',
      assignee: null,
      waitingUntil: windowEndsAt,
      firstResponseDueAt: null,
      resolutionDueAt: null,
    };
  }
  const priority = Math.min(c.priority, PRIORITY.high);
  if (priority !== c.priority) log.add('priority_raised', { from: c.priority, to: priority }, 'unrecognized_purchase');
  const raised = { ...paused, priority };
  return c.tier === 'investigation' ? raised : joinQueue(raised, 'investigation', ctx);
};

export const merchantSettled: Handler<'merchant_settled'> = (c, command, ctx) => {
  if (!hasOpenDispute(c) || c.dispute === null) return noOpenDispute(c);
  ctx.log.add('merchant_settled', { terms: command.terms });
  // The invoice resumes as the settlement left it (a credit from the merchant lowers it).
  const settled: Case = { ...c, dispute: { ...c.dispute, merchantAnswer: 'settled', merchantAnsweredAt: ctx.now } };
  return resolveCase(closeDispute(settled, 'reactivated', ctx), 'merchant_settled', ctx);
};

export const merchantResponded: Handler<'merchant_responded'> = (c, command, ctx) => {
  if (!hasOpenDispute(c) || c.dispute === null) return noOpenDispute(c);
  ctx.log.add('merchant_responded', { summary: command.summary, late: c.status !== 'awaiting_merchant' });
  const dispute: Dispute = { ...c.dispute, merchantAnswer: 'responded', merchantAnsweredAt: ctx.now };
  const answered: Case = { ...c, dispute };
  // An answer that comes after the wait ended is recorded; the case stays where it is.
  if (c.status !== 'awaiting_merchant') return answered;
  ctx.log.add('info_received', { from: 'merchant' });
  // An answer in the settlement window that is no settlement: they cannot agree.
  if (inSettlementWindow(dispute)) return escalateDispute(answered, dispute, 'no_agreement', ctx);
  return stopWaiting(answered, ctx);
};

export const windowExpired: Handler<'window_expired'> = (c, _command, ctx) => {
  const d = c.dispute;
  if (d === null || c.waitingUntil === null || ctx.now.getTime() < c.waitingUntil.getTime()) {
    return refuse('timer_not_due', `The merchant's time on case ${c.ref} has not run out yet.`);
  }
  ctx.log.add('merchant_window_expired', { dueAt: c.waitingUntil, settlementWindow: inSettlementWindow(d) });
  if (inSettlementWindow(d)) return escalateDispute(c, d, 'merchant_silent', ctx);

  // Investigation asked the merchant and it never answered: the consumer gets the money back.
  const reasoning = `The merchant did not answer by ${c.waitingUntil.toISOString()}.`;
  ctx.log.add('investigation_decided', { decision: 'consumer_favour', automatic: true }, reasoning);
  const decided: Case = { ...c, dispute: { ...d, decision: 'consumer_favour', decisionReasoning: reasoning } };
  return resolveCase(closeDispute(decided, 'charged_back', ctx), 'chargeback', ctx);
};

export const decideInvestigation: Handler<'decide_investigation'> = (c, command, ctx) => {
  const d = c.dispute;
  if (d === null || !hasOpenDispute(c)) return noOpenDispute(c);
  if (command.decision === 'merchant_favour' && d.kind === 'merchant_disagreement' && d.merchantAnswer === null) {
    return refuse(
      'merchant_never_answered',
      'The merchant never answered this dispute, so it cannot be decided in the merchant\'s favour: the consumer gets a chargeback.',
    );
  }
  ctx.log.add('investigation_decided', { decision: command.decision, automatic: false }, command.reasoning);
  const decided: Case = { ...c, dispute: { ...d, decision: command.decision, decisionReasoning: command.reasoning } };
  return command.decision === 'merchant_favour'
    ? resolveCase(closeDispute(decided, 'reactivated', ctx), 'invoice_reactivated', ctx)
    : resolveCase(closeDispute(decided, 'charged_back', ctx), 'chargeback', ctx);
};
