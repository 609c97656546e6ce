// What every command handler gets, and the small moves they share.
import type { Actor } from '../actors.ts';
import type { CommandOf, CommandType } from '../commands.ts';
import type { Refusal } from '../errors.ts';
import type { EventLog } from '../events.ts';
import type { Policy } from '../policy.ts';
import { startServiceLevels } from '../sla.ts';
import type { Case, InvoiceState, Outcome, Tier } from '../types.ts';

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

export function resolveCase(c: Case, outcome: Outcome, ctx: Context): Case {
  ctx.log.add('resolved', { outcome, tier: c.tier });
  return { ...c, status: 'resolved', outcome, assignee: null, waitingUntil: null, resolvedAt: ctx.now };
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

/** The dispute ends (settled, decided, withdrawn): the invoice stops being paused. */
export function closeDispute(c: Case, invoice: 'reactivated' | 'charged_back', ctx: Context): Case {
  if (c.dispute === null) return c;
  return changeInvoice({ ...c, dispute: { ...c.dispute, closedAt: ctx.now } }, invoice, ctx);
}
