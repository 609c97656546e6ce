// An agent's everyday work on a case: pick up, release, reply, ask, escalate, resolve, and what
// the consumer and the clock do in between.
import { refuse } from '../errors.ts';
import { ESCALATIONS, escalationNotAllowed } from '../moves.ts';
import { addDays } from '../policy.ts';
import { isFirstResponseBreached } from '../sla.ts';
import { hasOpenDispute, isWithHuman } from '../state.ts';
import { PRIORITY, type Case } from '../types.ts';
import { actorLabel } from '../actors.ts';
import { routeIntent } from '../routes.ts';
import {
  closeDispute,
  joinQueue,
  outcomeInForce,
  personId,
  resolveCase,
  stopWaiting,
  type Context,
  type Handler,
} from './context.ts';
import { consumerAccountMissing, openDisputeOn, withConsumerAccount } from './dispute.ts';

/** An agent's first message to the consumer in this tier stops the first-response clock. */
function markFirstResponse(c: Case, ctx: Context): Case {
  if (c.firstResponseAt !== null) return c;
  const late = c.firstResponseDueAt !== null && ctx.now.getTime() > c.firstResponseDueAt.getTime();
  ctx.log.add('first_response', { dueAt: c.firstResponseDueAt, late });
  return { ...c, firstResponseAt: ctx.now };
}

export const pickUp: Handler<'pick_up'> = (c, command, ctx) => {
  if (command.openCasesHeld !== undefined && command.openCasesHeld >= ctx.policy.maxOpenCasesPerAgent) {
    return refuse(
      'agent_at_capacity',
      `An agent holds at most ${ctx.policy.maxOpenCasesPerAgent} open cases; close or release one first.`,
    );
  }
  const assignee = personId(command.actor);
  ctx.log.add('picked_up', { assignee, queuedAt: c.queuedAt });
  return { ...c, status: 'assigned', assignee };
};

export const release: Handler<'release'> = (c, command, ctx) => {
  ctx.log.add('released', { assignee: c.assignee, status: c.status }, command.reason ?? null);
  // A released case keeps its place (queuedAt) and its clocks; one that awaits an answer keeps
  // waiting and comes back to the queue when the answer arrives.
  return c.status === 'assigned'
    ? { ...c, status: 'queued', assignee: null, queuedAt: c.queuedAt ?? ctx.now }
    : { ...c, assignee: null };
};

export const reply: Handler<'reply'> = (c, command, ctx) => {
  const messageId = command.messageId;
  switch (command.actor.kind) {
    case 'bot':
      if (isWithHuman(c)) {
        return refuse(
          'case_with_human',
          `A person is handling case ${c.ref}; the bot stays silent until it is released or resolved.`,
        );
      }
      ctx.log.add('bot_replied', { messageId });
      return c;
    case 'consumer':
      ctx.log.add('consumer_replied', { messageId });
      if (c.status !== 'awaiting_consumer') return c;
      ctx.log.add('info_received', { from: 'consumer' });
      return stopWaiting(withConsumerAccount(c, ctx), ctx);
    default:
      ctx.log.add('agent_replied', { messageId });
      return markFirstResponse(c, ctx);
  }
};

export const requestInfo: Handler<'request_info'> = (c, command, ctx) => {
  const days = command.from === 'consumer' ? ctx.policy.consumerInfoDays : ctx.policy.merchantInfoDays;
  const dueAt = command.dueAt ?? addDays(ctx.now, days);
  if (Number.isNaN(dueAt.getTime()) || dueAt.getTime() <= ctx.now.getTime()) {
    return refuse('due_time_in_past', 'The answer must be due at a time after now.');
  }
  if (command.from === 'merchant' && !hasOpenDispute(c)) {
    return refuse('no_open_dispute', `Case ${c.ref} has no open dispute, so there is no merchant to ask.`);
  }
  if (command.from === 'merchant') {
    const first = consumerAccountMissing(c, 'then the merchant');
    if (first) return first;
  }
  ctx.log.add('info_requested', {
    from: command.from,
    dueAt,
    messageId: command.messageId,
    ...(command.from === 'merchant' && command.question ? { question: command.question } : {}),
  });
  if (command.from === 'merchant') return { ...c, status: 'awaiting_merchant', waitingUntil: dueAt };
  // A question to the consumer is the agent's message to them: it counts as a response.
  return markFirstResponse({ ...c, status: 'awaiting_consumer', waitingUntil: dueAt }, ctx);
};

export const consumerInfoExpired: Handler<'consumer_info_expired'> = (c, _command, ctx) => {
  if (c.waitingUntil === null || ctx.now.getTime() < c.waitingUntil.getTime()) {
    return refuse('timer_not_due', `The consumer's answer on case ${c.ref} is not due yet.`);
  }
  ctx.log.add('info_request_expired', { from: 'consumer', dueAt: c.waitingUntil });
  return stopWaiting(withConsumerAccount(c, ctx), ctx);
};

export const escalate: Handler<'escalate'> = (c, command, ctx) => {
  const { to, reason } = command;
  if (to === 'ombudsman') {
    return refuse(
      'ombudsman_only_by_request',
      "Nobody escalates a case to the customer ombudsman; only the consumer's written request takes it there.",
    );
  }
  if (reason === 'technical_fault' && to !== 'specialist') {
    return refuse('technical_fault_goes_to_specialist', 'Technical faults go to the specialist team.');
  }
  if (!ESCALATIONS[c.tier].includes(to)) {
    return refuse('escalation_not_allowed', `A case in ${c.tier} cannot be escalated to ${to}.`);
  }
  if (to === 'specialist' && hasOpenDispute(c)) {
    return refuse(
      'open_dispute_stays_in_investigation',
      'A case with an open dispute stays with the investigation department until the dispute is decided.',
    );
  }
  // Investigation is buyer protection: a case reaches it with its dispute open and the invoice
  // paused (a dispute that a settlement or a withdrawal closed resumes).
  if (to === 'investigation') {
    const kind = command.kind ?? c.dispute?.kind ?? disputeKindOf(c);
    if (!kind) {
      return refuse(
        'dispute_kind_needed',
        `The investigation department handles buyer protection: say whether case ${c.ref} is a disagreement with the merchant or a purchase the consumer does not recognise.`,
      );
    }
    return openDisputeOn(c, kind, command, ctx, { reason, note: command.note });
  }
  ctx.log.add('escalated', { from: c.tier, to, note: command.note }, reason);
  return joinQueue(c, to, ctx);
};

/**
 * The consumer asks for their case to go higher: a complaint about how it is handled. Customer
 * service's case goes to investigation when its matter is buyer protection (the dispute opens
 * and the invoice pauses, as an agent's escalation would do), otherwise to the specialist team,
 * first in its queue; the escalation's reason is the consumer's request. A case that is already
 * with investigation or the specialist team goes no higher: that team answers it with a final
 * statement, and only after that may the consumer ask the customer ombudsman.
 */
export const requestEscalation: Handler<'request_escalation'> = (c, command, ctx) => {
  if (c.tier !== 'customer_service') {
    const { code, message } = escalationNotAllowed(c);
    return refuse(code, message);
  }
  const kind = c.dispute?.kind ?? disputeKindOf(c);
  const first = (next: Case): Case => {
    if (next.priority <= PRIORITY.high) return next;
    ctx.log.add('priority_raised', { from: next.priority, to: PRIORITY.high }, 'consumer_request');
    return { ...next, priority: PRIORITY.high };
  };
  if (kind) {
    const opened = openDisputeOn(c, kind, {}, ctx, { reason: 'consumer_request', note: command.note });
    return 'ok' in opened ? opened : first(opened);
  }
  ctx.log.add('escalated', { from: c.tier, to: 'specialist', note: command.note }, 'consumer_request');
  return first(joinQueue(c, 'specialist', ctx));
};

/** The kind of dispute the case's own matter is, if it is one. */
function disputeKindOf(c: Case) {
  const route = routeIntent(c.intent);
  return route.kind === 'dispute' ? route.dispute : null;
}

export const resolve: Handler<'resolve'> = (c, command, ctx) => {
  if (c.finalStatementDueAt !== null && c.finalStatementAt === null) {
    return refuse(
      'final_statement_due',
      `The consumer asked for a final statement on case ${c.ref}: give it (Final statement) before closing the case.`,
    );
  }
  let next = c;
  if (hasOpenDispute(c)) {
    if (command.outcome === 'answered' || command.outcome === 'fault_fixed') {
      return refuse(
        'outcome_needs_invoice_decision',
        'The invoice is paused by an open dispute: the merchant settles, investigation decides, or the consumer withdraws.',
      );
    }
    // Withdrawn or no answer from the consumer: the claim lapses and the invoice runs again.
    next = closeDispute(c, 'reactivated', ctx);
  }
  return resolveCase(next, outcomeInForce(next, command.outcome), ctx, command.outcome);
};

export const reopen: Handler<'reopen'> = (c, command, ctx) => {
  if (c.tier === 'ombudsman') {
    return refuse('ombudsman_decision_is_final', `The customer ombudsman's decision on case ${c.ref} is final.`);
  }
  ctx.log.add(
    'reopened',
    { previousOutcome: c.outcome, tier: c.tier, finalStatementCleared: c.finalStatementAt ?? undefined },
    command.reason ?? null,
  );
  // The old final statement answered the case as it stood; the ombudsman needs a new one.
  return { ...joinQueue(c, c.tier, ctx), finalStatementText: null, finalStatementBy: null, finalStatementAt: null };
};

export const withdraw: Handler<'withdraw'> = (c, command, ctx) => {
  ctx.log.add('withdrawn', { status: c.status, tier: c.tier }, command.reason ?? null);
  const next = hasOpenDispute(c) ? closeDispute(c, 'reactivated', ctx) : c;
  // Withdrawing an ombudsman request leaves the final statement's outcome in force.
  if (c.tier === 'ombudsman' && c.outcome !== null) return resolveCase(next, c.outcome, ctx);
  return resolveCase(next, outcomeInForce(next, 'withdrawn'), ctx, 'withdrawn');
};

export const issueFinalStatement: Handler<'issue_final_statement'> = (c, command, ctx) => {
  const by = actorLabel(command.actor);
  ctx.log.add('final_statement_issued', { text: command.text, replaces: c.finalStatementAt });
  // A statement the consumer asked for is given: its due time no longer runs.
  return {
    ...c,
    finalStatementText: command.text,
    finalStatementBy: by,
    finalStatementAt: ctx.now,
    finalStatementDueAt: null,
    finalStatementOverdueAt: null,
  };
};

/**
 * The consumer asks for the company's final statement (a complaint, docs/ladder.md): the tier
 * that owns the case gives it within policy.finalStatementDays, and the case goes first in its
 * queue. A case that has its statement, or is with the ombudsman, has nothing to ask for.
 */
export const requestFinalStatement: Handler<'request_final_statement'> = (c, command, ctx) => {
  if (c.tier === 'ombudsman' || c.ombudsmanRequestedAt !== null) {
    return refuse(
      'final_statement_given',
      `Case ${c.ref} is with the customer ombudsman: its final statement was given before.`,
    );
  }
  if (c.finalStatementAt !== null) {
    return refuse(
      'final_statement_given',
      `Case ${c.ref} has its final statement; a consumer not satisfied with it may ask the customer ombudsman.`,
    );
  }
  if (c.finalStatementDueAt !== null) {
    return refuse(
      'final_statement_already_requested',
      `The final statement on case ${c.ref} was asked for already; it is due by ${c.finalStatementDueAt.toISOString()}.`,
    );
  }
  // A dispute in the merchant's window is decided after it: the statement is due that much later.
  const windowEnd = hasOpenDispute(c) && c.dispute?.escalatedAt === null ? c.dispute.windowEndsAt : null;
  const from = windowEnd && windowEnd.getTime() > ctx.now.getTime() ? windowEnd : ctx.now;
  const dueAt = addDays(from, ctx.policy.finalStatementDays);
  ctx.log.add('final_statement_requested', { dueAt, tier: c.tier, note: command.note }, 'consumer_request');
  const priority = Math.min(c.priority, PRIORITY.high);
  if (priority !== c.priority) ctx.log.add('priority_raised', { from: c.priority, to: priority }, 'consumer_request');
  // A closed case goes back to its tier's queue, so that someone there gives the statement (its
  // outcome stays in force; the agent resolves it again with the statement).
  const open = c.status === 'resolved' ? joinQueue(c, c.tier, ctx) : c;
  return { ...open, priority, finalStatementDueAt: dueAt };
};

/**
 * A complaint registered about the case (a letter, an authority's) passed its answer date
 * unanswered: on record; an open case is raised, to urgent when an authority is waiting.
 */
export const complaintOverdue: Handler<'complaint_overdue'> = (c, command, ctx) => {
  ctx.log.add('complaint_overdue', { channel: command.channel, status: c.status });
  if (c.status === 'resolved') return c;
  const priority = Math.min(c.priority, command.channel === 'authority' ? PRIORITY.urgent : PRIORITY.high);
  if (priority !== c.priority) ctx.log.add('priority_raised', { from: c.priority, to: priority }, 'complaint_overdue');
  return { ...c, priority };
};

/** A complaint about the case was registered: on the case's record; the register keeps its deadline. */
export const registerComplaint: Handler<'register_complaint'> = (c, command, ctx) => {
  ctx.log.add('complaint_registered', {
    complaintId: command.complaintId,
    channel: command.channel,
    ...(command.authority ? { authority: command.authority } : {}),
    answerDueAt: command.answerDueAt,
  });
  return c;
};

export const answerComplaint: Handler<'answer_complaint'> = (c, command, ctx) => {
  ctx.log.add('complaint_answered', { complaintId: command.complaintId });
  return c;
};

/** The final statement the consumer asked for was not given in time: the case is raised to urgent. */
export const finalStatementOverdue: Handler<'final_statement_overdue'> = (c, _command, ctx) => {
  if (
    c.finalStatementDueAt === null ||
    c.finalStatementAt !== null ||
    c.finalStatementOverdueAt !== null ||
    ctx.now.getTime() < c.finalStatementDueAt.getTime()
  ) {
    return refuse('timer_not_due', `No final statement on case ${c.ref} is overdue.`);
  }
  ctx.log.add('final_statement_overdue', { dueAt: c.finalStatementDueAt, tier: c.tier });
  if (c.priority !== PRIORITY.urgent)
    ctx.log.add('priority_raised', { from: c.priority, to: PRIORITY.urgent }, 'final_statement_overdue');
  return { ...c, priority: PRIORITY.urgent, finalStatementOverdueAt: ctx.now };
};

export const firstResponseBreached: Handler<'first_response_breached'> = (c, _command, ctx) => {
  if (c.firstResponseBreachedAt !== null || !isFirstResponseBreached(c, ctx.now)) {
    return refuse('no_breach', `Case ${c.ref} has no new first-response breach.`);
  }
  ctx.log.add('first_response_breached', { dueAt: c.firstResponseDueAt, tier: c.tier });
  const priority = Math.max(PRIORITY.urgent, c.priority - 1);
  if (priority !== c.priority)
    ctx.log.add('priority_raised', { from: c.priority, to: priority }, 'first_response_breached');
  return { ...c, priority, firstResponseBreachedAt: ctx.now };
};
