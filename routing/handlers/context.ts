// What every command handler gets, and the small moves they share.
import type { Actor } from '../actors.ts';
import type { CommandOf, CommandType } from '../commands.ts';
import type { Refusal } from '../errors.ts';
import type { EventLog } from '../events.ts';
import type { Policy } from '../policy.ts';
import { startServiceLevels } from '../sla.ts';
import { INVOICE_OUTCOMES, type Case, type InvoiceState, type Outcome, type Tier } from '../types.ts';

export interface Context {
  now: Date;
  policy: Policy;
  log: EventLog;
}

/** A handler runs after the move table's checks passed; it may still refuse. */
export type Handler<T extends CommandType> = (c: Case, command: CommandOf<T>, ctx: Context) => Case | Refusal;

/** The id that goes into `assignee`; the move table lets only agents hold cases. */
export function personId(actor: Actor): string {
  return 'id' in actor && actor.id !== undefined ? actor.id : actor.kind;
}

export function isRefusal(result: Case | Refusal): result is Refusal {
  return 'ok' in result && result.ok === false;
}

/** The case joins `tier`'s queue now: nobody holds it, and the tier's clocks start afresh. */
export function joinQueue(c: Case, tier: Tier, ctx: Context): Case {
  return {
    ...c,
    tier,
    status: 'queued',
    assignee: null,
    waitingUntil: null,
    queuedAt: ctx.now,
    resolvedAt: null,
    ...startServiceLevels(tier, ctx.now, ctx.policy),
  };
}

/** The awaited answer came (or its time ran out): back to the agent holding it, or to the queue. */
export function stopWaiting(c: Case, ctx: Context): Case {
  return c.assignee !== null
    ? { ...c, status: 'assigned', waitingUntil: null }
    : { ...c, status: 'queued', waitingUntil: null, queuedAt: c.queuedAt ?? ctx.now };
}

/** `asked`: the outcome the command named, recorded when another one stays in force (outcomeInForce). */
export function resolveCase(c: Case, outcome: Outcome, ctx: Context, asked?: Outcome): Case {
  ctx.log.add('resolved', { outcome, tier: c.tier, asked: asked !== outcome ? asked : undefined });
  return { ...c, status: 'resolved', outcome, assignee: null, waitingUntil: null, resolvedAt: ctx.now };
}

/**
 * The outcome a resolution that does not touch the invoice leaves in force: an outcome that
 * decided the invoice (a chargeback, a reactivation, a settlement) stays, so that answering a
 * reopened case's question or its withdrawal never leaves the outcome saying otherwise than the
 * invoice; any other outcome is replaced by the one asked for.
 */
export function outcomeInForce(c: Case, asked: Outcome): Outcome {
  const decided: readonly Outcome[] = INVOICE_OUTCOMES;
  return c.outcome !== null && decided.includes(c.outcome) ? c.outcome : asked;
}

const INVOICE_EVENTS = {
  paused: 'invoice_paused',
  reactivated: 'invoice_reactivated',
  charged_back: 'invoice_charged_back',
} as const;

export function changeInvoice(c: Case, state: Exclude<InvoiceState, 'active'>, ctx: Context): Case {
  ctx.log.add(INVOICE_EVENTS[state], { from: c.invoiceState });
  return { ...c, invoiceState: state };
}

/**
 * The dispute ends (settled, decided, withdrawn): the invoice stops being paused. A merchant's
 * claim to have settled that still waits for the consumer lapses with it.
 */
export function closeDispute(c: Case, invoice: 'reactivated' | 'charged_back', ctx: Context): Case {
  if (c.dispute === null) return c;
  let dispute = { ...c.dispute, closedAt: ctx.now };
  const claim = dispute.settlementClaim;
  if (claim?.status === 'pending') {
    ctx.log.add('settlement_claim_lapsed', { claimedAt: claim.claimedAt });
    dispute = { ...dispute, settlementClaim: { ...claim, status: 'lapsed', answeredAt: ctx.now } };
  }
  return changeInvoice({ ...c, dispute }, invoice, ctx);
}
