// The legal moves, as data: for each command, the statuses it may start from, who may send it,
// which agents' tiers may, and whether the agent must be the one holding the case. decide()
// checks these before any command-specific rule; the exhaustive test walks the whole table.
// One rule is not in the table because it holds for every command: an agent acts only on cases
// of its own tier.
import type { ActorKind } from './actors.ts';
import type { CommandType } from './commands.ts';
import { ombudsmanEligibility } from './eligibility.ts';
import type { RoutingError, RoutingErrorCode } from './errors.ts';
import { OWNING_TIERS, STATUSES, TIER_WORDS, TIERS, type Case, type Status, type Tier } from './types.ts';

/**
 * A consumer's request for escalation on a case that is as high as one goes before its final
 * statement: a case waiting on a merchant is with investigation; investigation and the
 * specialist team answer with a final statement first.
 */
export function escalationNotAllowed(c: Pick<Case, 'ref' | 'tier'>): RoutingError {
  const tier = c.tier === 'customer_service' ? 'investigation' : c.tier;
  return {
    code: 'escalation_not_allowed',
    message: `Case ${c.ref} is with ${TIER_WORDS[tier]} already; it answers with a final statement, after which the consumer may ask the customer ombudsman.`,
  };
}

export interface Move {
  /** Statuses the command may start from; `none` = only when there is no case yet. */
  from: readonly Status[] | 'none';
  actors: readonly ActorKind[];
  /** The tiers whose agents may send it (when agents may at all). */
  agentTiers: readonly Tier[];
  /** The code when an agent of another tier sends it. */
  tierRefusal?: RoutingErrorCode;
  /** Must an agent hold the case (be its assignee)? `unless_resolved`: only while it is open. */
  hold: 'always' | 'never' | 'unless_resolved';
  /** A more telling refusal than `illegal_move` when the status does not allow the command. */
  statusRefusal?: (c: Case) => RoutingError;
}

const OPEN: readonly Status[] = STATUSES.filter((s) => s !== 'resolved');
const HELD: readonly Status[] = ['assigned', 'awaiting_consumer', 'awaiting_merchant'];

export const MOVES: Readonly<Record<CommandType, Move>> = Object.freeze({
  open: { from: 'none', actors: ['bot', 'consumer', 'agent'], agentTiers: TIERS, hold: 'never' },
  pick_up: { from: ['queued'], actors: ['agent'], agentTiers: TIERS, hold: 'never' },
  release: { from: HELD, actors: ['agent'], agentTiers: TIERS, hold: 'always' },
  // The bot may speak only while no person holds the case (checked in the handler).
  reply: { from: OPEN, actors: ['agent', 'consumer', 'bot'], agentTiers: TIERS, hold: 'always' },
  request_info: { from: ['assigned'], actors: ['agent'], agentTiers: TIERS, hold: 'always' },
  escalate: { from: ['assigned'], actors: ['agent'], agentTiers: OWNING_TIERS, hold: 'always' },
  open_dispute: {
    from: ['assigned'],
    actors: ['agent'],
    agentTiers: ['customer_service', 'investigation'],
    hold: 'always',
  },
  // Recording what the merchant did, or the consumer's answer to its claim (in chat, or given to
  // an agent by phone), is a fact, not work on the case: no need to hold it.
  merchant_settlement_claimed: {
    from: OPEN,
    actors: ['agent', 'merchant'],
    agentTiers: ['investigation'],
    hold: 'never',
  },
  consumer_confirmed_settlement: {
    from: OPEN,
    actors: ['consumer', 'agent'],
    agentTiers: ['investigation'],
    hold: 'never',
  },
  consumer_objected: { from: OPEN, actors: ['consumer', 'agent'], agentTiers: ['investigation'], hold: 'never' },
  settlement_confirmation_expired: { from: OPEN, actors: ['system'], agentTiers: [], hold: 'never' },
  merchant_responded: { from: OPEN, actors: ['agent', 'merchant'], agentTiers: ['investigation'], hold: 'never' },
  // The dialog asks when the consumer's words did not say; an agent may correct it.
  record_refund_reason: {
    from: OPEN,
    actors: ['consumer', 'bot', 'agent'],
    agentTiers: ['customer_service', 'investigation'],
    hold: 'never',
  },
  window_expired: { from: ['awaiting_merchant'], actors: ['system'], agentTiers: [], hold: 'never' },
  merchant_reminder_due: { from: ['awaiting_merchant'], actors: ['system'], agentTiers: [], hold: 'never' },
  consumer_info_expired: { from: ['awaiting_consumer'], actors: ['system'], agentTiers: [], hold: 'never' },
  // Not from awaiting_consumer: asking the consumer is itself a response.
  first_response_breached: {
    from: ['queued', 'assigned', 'awaiting_merchant'],
    actors: ['system'],
    agentTiers: [],
    hold: 'never',
  },
  decide_investigation: { from: ['assigned'], actors: ['agent'], agentTiers: ['investigation'], hold: 'always' },
  issue_final_statement: {
    from: ['assigned', 'resolved'],
    actors: ['agent'],
    agentTiers: OWNING_TIERS,
    tierRefusal: 'ombudsman_gives_no_final_statement',
    hold: 'unless_resolved',
  },
  resolve: { from: ['assigned'], actors: ['agent'], agentTiers: OWNING_TIERS, hold: 'always' },
  reopen: { from: ['resolved'], actors: ['consumer', 'agent'], agentTiers: OWNING_TIERS, hold: 'never' },
  withdraw: { from: OPEN, actors: ['consumer'], agentTiers: [], hold: 'never' },
  // The consumer's own right to have an open case looked at higher up (the handler says where;
  // a case waiting on a merchant is with investigation already).
  request_escalation: {
    from: ['queued', 'assigned', 'awaiting_consumer'],
    actors: ['consumer'],
    agentTiers: [],
    hold: 'never',
    statusRefusal: (c) =>
      c.status === 'resolved'
        ? {
            code: 'illegal_move',
            message: `Case ${c.ref} is closed: a consumer not satisfied with its final statement may ask the customer ombudsman.`,
          }
        : escalationNotAllowed(c),
  },
  // The consumer asks for the final statement (also on a closed case that has none): the owning
  // tier gives it within the policy's days. At the ombudsman there is nothing to ask for.
  request_final_statement: { from: STATUSES, actors: ['consumer'], agentTiers: [], hold: 'never' },
  final_statement_overdue: { from: OPEN, actors: ['system'], agentTiers: [], hold: 'never' },
  // A registered complaint about the case passed its answer date: on record, and an open case raised.
  complaint_overdue: { from: STATUSES, actors: ['system'], agentTiers: [], hold: 'never' },
  // A complaint registered about the case (on an open or a closed one): on record, nothing else changes.
  register_complaint: { from: STATUSES, actors: ['system'], agentTiers: [], hold: 'never' },
  answer_complaint: { from: STATUSES, actors: ['system'], agentTiers: [], hold: 'never' },
  // An open case hears why it is not eligible (no final statement yet, or still open).
  request_ombudsman: {
    from: ['resolved'],
    actors: ['consumer'],
    agentTiers: [],
    hold: 'never',
    statusRefusal: (c) => {
      const eligibility = ombudsmanEligibility(c);
      return eligibility.eligible
        ? { code: 'illegal_move', message: 'Only a closed case can go to the ombudsman.' }
        : eligibility.error;
    },
  },
  ombudsman_decide: { from: ['assigned'], actors: ['agent'], agentTiers: ['ombudsman'], hold: 'always' },
});

/**
 * Where each tier may escalate with `escalate`. Nobody escalates to the ombudsman: only the
 * consumer's written request (`request_ombudsman`) gets a case there.
 */
export const ESCALATIONS: Readonly<Record<Tier, readonly Tier[]>> = Object.freeze({
  customer_service: ['investigation', 'specialist'],
  investigation: ['specialist'],
  specialist: [],
  ombudsman: [],
});

/** May this command start from this status, as the table says? */
export function isMoveFrom(type: CommandType, status: Status | null): boolean {
  const from = MOVES[type].from;
  return status === null ? from === 'none' : from !== 'none' && from.includes(status);
}
