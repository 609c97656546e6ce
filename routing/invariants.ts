// What must hold of every case decide() can produce. The property tests check these after every
// step of random command sequences; the db layer may check them before a write, too.
import { hasOpenDispute } from './state.ts';
import { OUTCOME_INVOICE, type Case } from './types.ts';

/**
 * Where the case's outcome and its invoice disagree (docs/ladder.md: chargeback <-> charged back,
 * the merchant's favour <-> reactivated), in words; null when they agree. decide() checks it after
 * every decision and refuses one that would leave them disagreeing.
 */
export function outcomeInvoiceDisagreement(c: Case): string | null {
  if (c.invoiceState === 'paused')
    return c.outcome === null ? null : `the invoice is paused by an open dispute, yet "${c.outcome}" is in force`;
  if (c.outcome === null) {
    return c.invoiceState === 'active' ? null : `the invoice is ${c.invoiceState} without an outcome that says so`;
  }
  return OUTCOME_INVOICE[c.outcome].includes(c.invoiceState)
    ? null
    : `the outcome "${c.outcome}" does not fit an invoice that is ${c.invoiceState}`;
}

export function invariantViolations(c: Case): string[] {
  const broken: string[] = [];
  const rule = (holds: boolean, text: string) => {
    if (!holds) broken.push(text);
  };
  const resolved = c.status === 'resolved';
  rule(!resolved || c.outcome !== null, 'a resolved case has an outcome');
  rule(resolved === (c.resolvedAt !== null), 'resolvedAt is set exactly when the case is resolved');
  rule(!resolved || c.assignee === null, 'a resolved case has no assignee');
  rule(c.status !== 'assigned' || c.assignee !== null, 'an assigned case has an assignee');
  rule(
    c.status !== 'queued' || (c.assignee === null && c.queuedAt !== null),
    'a queued case has no assignee and a queue time',
  );
  rule(
    (c.status === 'awaiting_consumer' || c.status === 'awaiting_merchant') === (c.waitingUntil !== null),
    'a due time is set exactly while the case awaits the consumer or the merchant',
  );
  rule(c.status !== 'awaiting_merchant' || hasOpenDispute(c), 'a case awaits a merchant only in an open dispute');
  rule(
    !(
      c.status === 'awaiting_merchant' &&
      c.dispute?.kind === 'merchant_disagreement' &&
      c.dispute.escalatedAt === null
    ) || c.dispute.windowEndsAt !== null,
    'a disagreement waiting in its settlement window has a window end',
  );
  rule((c.invoiceState === 'paused') === hasOpenDispute(c), 'the invoice is paused exactly while a dispute is open');
  rule(c.dispute !== null || c.invoiceState === 'active', 'without a dispute the invoice is untouched');
  rule(!resolved || c.invoiceState !== 'paused', 'a resolved case leaves no invoice paused');
  rule(c.tier !== 'specialist' || !hasOpenDispute(c), 'an open dispute stays with investigation');
  rule(
    c.dispute === null ||
      !c.dispute.disputeFeeCharged ||
      (c.dispute.escalatedAt !== null && c.dispute.kind === 'merchant_disagreement'),
    'a dispute fee is charged only when a disagreement escalated',
  );
  rule(
    c.tier !== 'ombudsman' || (c.ombudsmanRequestedAt !== null && c.finalStatementAt !== null),
    'only a requested case with a final statement is with the ombudsman',
  );
  rule(
    c.ombudsmanDecision === null || (c.tier === 'ombudsman' && resolved),
    'an ombudsman decision closes a case at the ombudsman',
  );
  rule(c.finalStatementAt === null || c.finalStatementText !== null, 'a final statement has its text');
  rule(outcomeInvoiceDisagreement(c) === null, 'outcome and invoice agree');
  const claim = c.dispute?.settlementClaim ?? null;
  rule(
    claim === null || claim.status !== 'pending' || (hasOpenDispute(c) && c.dispute?.kind === 'merchant_disagreement'),
    'a settlement claim waits for the consumer only on an open disagreement',
  );
  rule(
    (claim?.status === 'pending') === (claim !== null && claim.answeredAt === null),
    'a settlement claim has an answer time exactly once it is answered',
  );
  rule(
    c.dispute === null || c.dispute.merchantAnswer !== 'settled' || claim !== null,
    'a merchant settles only through a claim',
  );
  rule(
    c.dispute?.kind !== 'unrecognized_purchase' || c.dispute.refundReason === null,
    'an unrecognised purchase has no refund reason',
  );
  return broken;
}
