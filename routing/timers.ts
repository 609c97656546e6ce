// Due-time timers are rows (case, kind, due_at) that any replica sweeps with SKIP LOCKED. The
// domain says which to set or cancel after each decision, and which command a fired timer
// sends, so the db layer stores and fires them without knowing any rule. A case has at most one
// timer of each kind; `set` replaces the due time of an existing one.
import type { Command } from './commands.ts';
import { pendingSettlementClaim, reminderDue } from './state.ts';
import type { Case } from './types.ts';

export const TIMER_KINDS = [
  'merchant_window',
  'consumer_info',
  'sla_first_response',
  'settlement_confirmation',
  'merchant_reminder',
  'final_statement',
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

export type TimerInstruction = { action: 'set'; kind: TimerKind; dueAt: Date } | { action: 'cancel'; kind: TimerKind };

/** The command the sweeper sends (as the system) when a timer of this kind is due. */
export const TIMER_COMMANDS = Object.freeze({
  merchant_window: 'window_expired',
  consumer_info: 'consumer_info_expired',
  sla_first_response: 'first_response_breached',
  settlement_confirmation: 'settlement_confirmation_expired',
  merchant_reminder: 'merchant_reminder_due',
  final_statement: 'final_statement_overdue',
} as const satisfies Record<TimerKind, Command['type']>);

export function commandForTimer(kind: TimerKind): Command {
  return { type: TIMER_COMMANDS[kind], actor: { kind: 'system' } };
}

/** The timers a case in this state should have, by kind. */
export function timersFor(c: Case | null): Map<TimerKind, Date> {
  const due = new Map<TimerKind, Date>();
  if (c === null) return due;
  // A merchant's claim to have settled stops its clock until the consumer answers the claim (or
  // the time to object runs out): an objection sets it again, due as it was.
  const claim = pendingSettlementClaim(c);
  if (claim) due.set('settlement_confirmation', claim.confirmBy);
  else if (c.status === 'awaiting_merchant' && c.waitingUntil) due.set('merchant_window', c.waitingUntil);
  // The merchant's reminders run with its window, and stop with it while a claim waits.
  const reminder = claim ? null : reminderDue(c);
  if (reminder) due.set('merchant_reminder', reminder);
  if (c.status === 'awaiting_consumer' && c.waitingUntil) due.set('consumer_info', c.waitingUntil);
  if (
    c.status !== 'resolved' &&
    c.firstResponseAt === null &&
    c.firstResponseBreachedAt === null &&
    c.firstResponseDueAt
  ) {
    due.set('sla_first_response', c.firstResponseDueAt);
  }
  // The final statement the consumer asked for, until it is given or its time has passed.
  if (
    c.status !== 'resolved' &&
    c.finalStatementDueAt &&
    c.finalStatementAt === null &&
    c.finalStatementOverdueAt === null
  ) {
    due.set('final_statement', c.finalStatementDueAt);
  }
  return due;
}

/** What to change in the stored timers when a case goes from `before` to `after`. */
export function timerChanges(before: Case | null, after: Case): TimerInstruction[] {
  const was = timersFor(before);
  const will = timersFor(after);
  const changes: TimerInstruction[] = [];
  for (const kind of TIMER_KINDS) {
    const old = was.get(kind);
    const next = will.get(kind);
    if (next && old?.getTime() !== next.getTime()) changes.push({ action: 'set', kind, dueAt: next });
    else if (!next && old) changes.push({ action: 'cancel', kind });
  }
  return changes;
}
