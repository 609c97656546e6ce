// The customer ombudsman: a consumer's written request moves the same case (same reference,
// same history) to the ombudsman's queue; the ombudsman upholds or overturns the final statement,
// an overturn is carried out, and either way the tier concerned gets process feedback.
import { ombudsmanEligibility } from '../eligibility.ts';
import { refuse } from '../errors.ts';
import { OUTCOME_INVOICE, PRIORITY, type Case, type OverturnOutcome } from '../types.ts';
import { changeInvoice, joinQueue, resolveCase, type Context, type Handler } from './context.ts';

export const requestOmbudsman: Handler<'request_ombudsman'> = (c, command, ctx) => {
  const eligibility = ombudsmanEligibility(c);
  if (!eligibility.eligible) return { ok: false, error: eligibility.error };
  ctx.log.add('ombudsman_requested', {
    fromTier: c.tier,
    statement: command.statement,
    desiredOutcome: command.desiredOutcome,
    outcomeUnderReview: c.outcome,
    finalStatementAt: c.finalStatementAt,
  });
  // A priority raised for another tier's late answer says nothing about this review.
  const moved = joinQueue({ ...c, priority: PRIORITY.normal }, 'ombudsman', ctx);
  return { ...moved, ombudsmanRequestedAt: ctx.now, ombudsmanFromTier: c.tier };
};

/**
 * Carry out an overturn's outcome on the invoice, so that the two agree (OUTCOME_INVOICE): a
 * disputed invoice moves between reactivated and charged back; null when the outcome cannot be
 * carried out on this invoice (never disputed, already so, or "answered" on money given back).
 */
function carryOut(c: Case, outcome: OverturnOutcome, ctx: Context): Case | null {
  if (outcome === 'answered') return OUTCOME_INVOICE.answered.includes(c.invoiceState) ? c : null;
  if (c.dispute === null) return null;
  if (outcome === 'chargeback') return c.invoiceState === 'charged_back' ? null : changeInvoice(c, 'charged_back', ctx);
  return c.invoiceState === 'charged_back' ? changeInvoice(c, 'reactivated', ctx) : null;
}

export const ombudsmanDecide: Handler<'ombudsman_decide'> = (c, command, ctx) => {
  const previous = c.outcome;
  if (previous === null) return refuse('illegal_move', `Case ${c.ref} has no outcome for the ombudsman to review.`);
  const feedbackTier = c.ombudsmanFromTier ?? 'customer_service';
  let next: Case = c;
  let outcome = previous;
  if (command.decision === 'overturned' && command.newOutcome !== undefined) {
    outcome = command.newOutcome;
    ctx.log.add(
      'ombudsman_decided',
      { decision: command.decision, previousOutcome: previous, newOutcome: outcome },
      command.reasoning,
    );
    const carried = carryOut(c, outcome, ctx);
    if (carried === null) {
      return refuse(
        'invoice_change_not_possible',
        `Case ${c.ref}'s invoice is ${c.invoiceState.replace('_', ' ')}${c.dispute === null ? ' and was never disputed' : ''}: "${outcome}" cannot be carried out on it.`,
      );
    }
    if (outcome !== previous) ctx.log.add('outcome_changed', { from: previous, to: outcome });
    next = carried;
  } else {
    ctx.log.add('ombudsman_decided', { decision: command.decision, previousOutcome: previous }, command.reasoning);
  }
  ctx.log.add('process_feedback', {
    tier: feedbackTier,
    decision: command.decision,
    feedback: command.feedback ?? command.reasoning,
  });
  const decided: Case = { ...next, ombudsmanDecision: command.decision, ombudsmanDecidedAt: ctx.now };
  return resolveCase(decided, outcome, ctx);
};
