// The one entry point: (case, command, now) -> the next case, its events and its timers, or a
// refusal with a stable code. Pure: nothing is read from the clock, the environment or a
// database, and nothing is thrown for a bad command or an illegal move.
import { z } from 'zod';
import type { Actor } from './actors.ts';
import { Command, type CommandType } from './commands.ts';
import { refuse, type Refusal } from './errors.ts';
import { EventLog, type CaseEvent } from './events.ts';
import { isRefusal, type Context, type Handler } from './handlers/context.ts';
import {
  consumerConfirmedSettlement,
  consumerObjected,
  decideInvestigation,
  merchantReminderDue,
  merchantResponded,
  merchantSettlementClaimed,
  openDispute,
  recordRefundReason,
  settlementConfirmationExpired,
  windowExpired,
} from './handlers/dispute.ts';
import { outcomeInvoiceDisagreement } from './invariants.ts';
import { ombudsmanDecide, requestOmbudsman } from './handlers/ombudsman.ts';
import { openCase } from './handlers/open.ts';
import {
  consumerInfoExpired,
  escalate,
  firstResponseBreached,
  issueFinalStatement,
  pickUp,
  release,
  reopen,
  reply,
  requestEscalation,
  requestFinalStatement,
  finalStatementOverdue,
  complaintOverdue,
  registerComplaint,
  answerComplaint,
  requestInfo,
  resolve,
  withdraw,
} from './handlers/work.ts';
import { isMoveFrom, MOVES } from './moves.ts';
import { DEFAULT_POLICY, type Policy } from './policy.ts';
import { timerChanges, type TimerInstruction } from './timers.ts';
import { TIER_WORDS, type Case } from './types.ts';

export interface Decided {
  ok: true;
  case: Case;
  /** Append to `case_events` in this order, in the same transaction as the case row. */
  events: CaseEvent[];
  /** Timer rows to upsert (`set`) or delete (`cancel`), by kind. */
  timers: TimerInstruction[];
}

export type Decision = Decided | Refusal;

type Handlers = { [T in Exclude<CommandType, 'open'>]: Handler<T> };

const HANDLERS: Handlers = {
  pick_up: pickUp,
  release,
  reply,
  request_info: requestInfo,
  escalate,
  open_dispute: openDispute,
  merchant_settlement_claimed: merchantSettlementClaimed,
  consumer_confirmed_settlement: consumerConfirmedSettlement,
  consumer_objected: consumerObjected,
  settlement_confirmation_expired: settlementConfirmationExpired,
  record_refund_reason: recordRefundReason,
  merchant_responded: merchantResponded,
  window_expired: windowExpired,
  merchant_reminder_due: merchantReminderDue,
  consumer_info_expired: consumerInfoExpired,
  first_response_breached: firstResponseBreached,
  decide_investigation: decideInvestigation,
  issue_final_statement: issueFinalStatement,
  resolve,
  reopen,
  withdraw,
  request_escalation: requestEscalation,
  request_final_statement: requestFinalStatement,
  final_statement_overdue: finalStatementOverdue,
  complaint_overdue: complaintOverdue,
  register_complaint: registerComplaint,
  answer_complaint: answerComplaint,
  request_ombudsman: requestOmbudsman,
  ombudsman_decide: ombudsmanDecide,
};

/**
 * The move table's checks, in order: who may send the command at all (actor kind, agent's
 * tier), then the case's status, then the agent's tier against the case's, holding, and the
 * consumer's own case. Who-you-are comes first so that, e.g., the bot trying to escalate hears
 * that the bot never escalates, whatever the case's state.
 */
function checkMove(c: Case | null, command: Command): Refusal | null {
  const move = MOVES[command.type];
  const actor: Actor = command.actor;
  if (c === null && command.type !== 'open') return refuse('case_not_found', 'There is no such case.');
  if (c !== null && command.type === 'open') return refuse('case_exists', `Case ${c.ref} already exists.`);
  if (!move.actors.includes(actor.kind)) {
    return refuse('actor_not_allowed', `"${command.type}" cannot come from the ${actor.kind}.`);
  }
  if (actor.kind === 'agent' && !move.agentTiers.includes(actor.tier)) {
    return refuse(
      move.tierRefusal ?? 'tier_not_allowed',
      `An agent of ${TIER_WORDS[actor.tier]} cannot "${command.type}".`,
    );
  }
  if (c === null) {
    if (actor.kind === 'consumer' && command.type === 'open' && actor.id !== command.consumerId) {
      return refuse('not_case_consumer', 'A consumer opens cases only for themselves.');
    }
    return null;
  }
  if (!isMoveFrom(command.type, c.status)) {
    if (move.statusRefusal) return { ok: false, error: move.statusRefusal(c) };
    return refuse('illegal_move', `A case that is ${c.status} cannot take "${command.type}".`);
  }
  if (actor.kind === 'agent') {
    if (actor.tier !== c.tier) {
      return refuse(
        'wrong_tier',
        `Case ${c.ref} is with ${TIER_WORDS[c.tier]}; an agent of ${TIER_WORDS[actor.tier]} cannot act on it.`,
      );
    }
    const mustHold = move.hold === 'always' || (move.hold === 'unless_resolved' && c.status !== 'resolved');
    if (mustHold && c.assignee !== actor.id) {
      return refuse('not_assignee', `Only the agent holding case ${c.ref} can do that; pick it up first.`);
    }
  }
  if (actor.kind === 'consumer' && actor.id !== c.consumerId) {
    return refuse('not_case_consumer', 'Only the consumer whose case it is can do that.');
  }
  return null;
}

type CaseCommand = Exclude<Command, { type: 'open' }>;

function runHandler(c: Case, command: CaseCommand, ctx: Context): Case | Refusal {
  // TypeScript cannot correlate HANDLERS[type] with the command's type; the mapped type above
  // makes sure each handler takes the command named by its key.
  const handler = HANDLERS[command.type] as (c: Case, command: CaseCommand, ctx: Context) => Case | Refusal;
  return handler(c, command, ctx);
}

export function decide(current: Case | null, command: Command, now: Date, policy: Policy = DEFAULT_POLICY): Decision {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    return refuse('invalid_time', 'The time of a decision must be a valid date.');
  const parsed = Command.safeParse(command);
  if (!parsed.success) return refuse('invalid_command', `The command is not valid: ${z.prettifyError(parsed.error)}`);
  const valid = parsed.data;
  const refused = checkMove(current, valid);
  if (refused) return refused;

  const ctx: Context = { now, policy, log: new EventLog(valid.actor, now) };
  const result = valid.type === 'open' ? openCase(valid, ctx) : runHandler(current as Case, valid, ctx);
  if (isRefusal(result)) return result;
  // The outcome/invoice invariant is checked after every decision, not trusted to each handler:
  // a decision that would leave them disagreeing is refused whole.
  const disagreement = outcomeInvoiceDisagreement(result);
  if (disagreement !== null) {
    return refuse('outcome_contradicts_invoice', `"${valid.type}" is refused on case ${result.ref}: ${disagreement}.`);
  }
  return { ok: true, case: result, events: ctx.log.events, timers: timerChanges(current, result) };
}

/**
 * For the sweeper: a breached first-response target raises the case's priority one step (and
 * is recorded once). Refused with `no_breach` when there is nothing to do.
 */
export function escalatePriorityOnBreach(c: Case, now: Date, policy: Policy = DEFAULT_POLICY): Decision {
  return decide(c, { type: 'first_response_breached', actor: { kind: 'system' } }, now, policy);
}
