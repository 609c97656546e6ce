// Questions other modules ask about a case's state.
import type { Case, SettlementClaim } from './types.ts';

/** Is the case waiting in its tier's queue for an agent to pick it up? */
export function isQueued(c: Case): boolean {
  return c.status === 'queued' && c.assignee === null;
}

/**
 * Is a person handling the case? Then the bot stays silent in the conversation until the case
 * is released or resolved, and tells the consumer a person is on it (docs/peers.md).
 */
export function isWithHuman(c: Case): boolean {
  return c.status !== 'resolved' && c.assignee !== null;
}

/** Is the case waiting for someone outside (consumer or merchant) with a due time? */
export function isAwaiting(c: Case): boolean {
  return c.status === 'awaiting_consumer' || c.status === 'awaiting_merchant';
}

/** Is a dispute open, i.e. is the invoice paused until it is decided? */
export function hasOpenDispute(c: Case): boolean {
  return c.dispute !== null && c.dispute.closedAt === null;
}

/** The merchant's claim to have settled, while it waits for the consumer's answer; null otherwise. */
export function pendingSettlementClaim(c: Case): SettlementClaim | null {
  const claim = c.dispute?.settlementClaim ?? null;
  return claim !== null && claim.status === 'pending' && hasOpenDispute(c) ? claim : null;
}

/**
 * When the merchant is next reminded of the case's dispute: while the case waits for the
 * merchant in the dispute's settlement window (a disagreement, open, not escalated) and a point
 * is left; null otherwise. The reminders change nothing of the ladder: they only tell.
 */
export function reminderDue(c: Case): Date | null {
  const d = c.dispute;
  if (c.status !== 'awaiting_merchant' || d === null || d.kind !== 'merchant_disagreement') return null;
  if (d.closedAt !== null || d.escalatedAt !== null) return null;
  return d.nextReminderAt ?? null;
}
