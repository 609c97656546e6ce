// An agent's work on a case, the tiers' boundaries, and when the bot keeps quiet.
import { describe, expect, it } from 'vitest';
import { decide, isQueued, isWithHuman, policyWith } from '../../routing/index.ts';
import { agent, BOT, CONSUMER, DAY, expectOk, expectRefused, MINUTE, OTHER_CONSUMER, Story } from './support.ts';

const CS = agent('customer_service', 'cs-1');

function held(intent: 'invoice' | 'login' | 'human_agent' = 'invoice'): Story {
  const s = Story.open(intent);
  s.pickUp(CS.id);
  return s;
}

describe('tiers and escalation', () => {
  it('technical faults escalated by customer service go to the specialist team', () => {
    const s = held('login');
    s.do({ type: 'escalate', actor: CS, to: 'specialist', reason: 'technical_fault', note: 'BankID login loops' });
    expect(s.c).toMatchObject({ tier: 'specialist', status: 'queued', assignee: null });
    expect(s.events.at(-1)).toMatchObject({ type: 'escalated', reason: 'technical_fault', actor: 'agent:cs-1' });
  });

  it('a technical fault never goes anywhere but the specialist team', () => {
    const s = held('login');
    expectRefused(
      s.try({ type: 'escalate', actor: CS, to: 'investigation', reason: 'technical_fault' }),
      'technical_fault_goes_to_specialist',
    );
  });

  it('the bot never escalates: only an agent does', () => {
    const s = Story.open('login', { technicalFault: true });
    expectRefused(
      s.try({ type: 'escalate', actor: BOT, to: 'specialist', reason: 'technical_fault' }),
      'actor_not_allowed',
    );
  });

  it('nobody escalates to the ombudsman with escalate', () => {
    const s = held();
    expectRefused(
      s.try({ type: 'escalate', actor: CS, to: 'ombudsman', reason: 'consumer_request' }),
      'ombudsman_only_by_request',
    );
  });

  it('the specialist team is the top of the ladder below the ombudsman: it escalates nowhere', () => {
    const s = held('login');
    s.do({ type: 'escalate', actor: CS, to: 'specialist', reason: 'technical_fault' });
    const dev = agent('specialist', 'dev-1');
    s.do({ type: 'pick_up', actor: dev });
    expectRefused(
      s.try({ type: 'escalate', actor: dev, to: 'investigation', reason: 'outside_routine' }),
      'escalation_not_allowed',
    );
  });

  it('an agent of one tier acts only on cases of that tier', () => {
    const s = Story.open('unrecognized_purchase');
    expectRefused(s.try({ type: 'pick_up', actor: CS }), 'wrong_tier');
    expectRefused(s.try({ type: 'pick_up', actor: agent('specialist') }), 'wrong_tier');
    expectOk(s.try({ type: 'pick_up', actor: agent('investigation') }));
  });

  it('only the agent holding a case works on it', () => {
    const s = held();
    expectRefused(s.try({ type: 'reply', actor: agent('customer_service', 'cs-2') }), 'not_assignee');
    expectRefused(
      s.try({ type: 'resolve', actor: agent('customer_service', 'cs-2'), outcome: 'answered' }),
      'not_assignee',
    );
  });

  it("an escalated case starts the new tier's service-level clocks and keeps its reference", () => {
    const s = held();
    s.wait(10 * MINUTE).do({ type: 'reply', actor: CS });
    s.do({
      type: 'escalate',
      actor: CS,
      to: 'investigation',
      reason: 'buyer_protection',
      kind: 'unrecognized_purchase',
    });
    expect(s.c.ref).toBe('OMB-2025-00042');
    expect(s.c.firstResponseAt).toBeNull();
    expect(s.c.firstResponseDueAt).toEqual(new Date(s.now.getTime() + 4 * 60 * MINUTE));
    expect(s.timers.at(-1)).toContainEqual({
      action: 'set',
      kind: 'sla_first_response',
      dueAt: s.c.firstResponseDueAt,
    });
  });
});

describe('the bot and the person', () => {
  it('once a person holds the case the bot does not answer; after a release it may again', () => {
    const s = Story.open('human_agent');
    expect(isWithHuman(s.c)).toBe(false);
    expectOk(s.try({ type: 'reply', actor: BOT }));
    s.pickUp(CS.id);
    expect(isWithHuman(s.c)).toBe(true);
    expectRefused(s.try({ type: 'reply', actor: BOT }), 'case_with_human');
    s.do({ type: 'release', actor: CS, reason: 'end of shift' });
    expect(isWithHuman(s.c)).toBe(false);
    expect(isQueued(s.c)).toBe(true);
    expectOk(s.try({ type: 'reply', actor: BOT }));
  });

  it('a released case keeps its place in the queue and its clocks', () => {
    const s = Story.open('invoice');
    const { queuedAt, firstResponseDueAt } = s.c;
    s.wait(5 * MINUTE).pickUp(CS.id);
    s.wait(5 * MINUTE).do({ type: 'release', actor: CS });
    expect(s.c.queuedAt).toEqual(queuedAt);
    expect(s.c.firstResponseDueAt).toEqual(firstResponseDueAt);
  });

  it('the first agent reply marks the first response; later replies do not move it', () => {
    const s = held();
    s.wait(5 * MINUTE).do({ type: 'reply', actor: CS });
    const first = s.c.firstResponseAt;
    expect(first).toEqual(s.now);
    expect(s.timers.at(-1)).toContainEqual({ action: 'cancel', kind: 'sla_first_response' });
    s.wait(5 * MINUTE).do({ type: 'reply', actor: CS });
    expect(s.c.firstResponseAt).toEqual(first);
    expect(s.eventTypes().filter((t) => t === 'first_response')).toHaveLength(1);
  });

  it('a consumer reply does not count as a first response', () => {
    const s = held();
    s.do({ type: 'reply', actor: CONSUMER });
    expect(s.c.firstResponseAt).toBeNull();
  });

  it('a consumer acts only on their own case', () => {
    const s = Story.open('invoice');
    expectRefused(s.try({ type: 'reply', actor: OTHER_CONSUMER }), 'not_case_consumer');
    expectRefused(s.try({ type: 'withdraw', actor: OTHER_CONSUMER }), 'not_case_consumer');
  });

  it("an agent holds at most the policy's number of open cases", () => {
    const s = Story.open('invoice');
    expectRefused(s.try({ type: 'pick_up', actor: CS, openCasesHeld: 5 }), 'agent_at_capacity');
    expectOk(s.try({ type: 'pick_up', actor: CS, openCasesHeld: 4 }));
    const roomy = decide(
      s.c,
      { type: 'pick_up', actor: CS, openCasesHeld: 5 },
      s.now,
      policyWith({ maxOpenCasesPerAgent: 8 }),
    );
    expectOk(roomy);
  });
});

describe('asking for information', () => {
  it("a consumer's answer returns the case to the agent and cancels the timer", () => {
    const s = held();
    const dueAt = new Date(s.now.getTime() + 3 * DAY);
    s.do({ type: 'request_info', actor: CS, from: 'consumer', dueAt });
    expect(s.c).toMatchObject({ status: 'awaiting_consumer', waitingUntil: dueAt, assignee: CS.id });
    expect(s.c.firstResponseAt).toEqual(s.now);
    expect(s.timers.at(-1)).toContainEqual({ action: 'set', kind: 'consumer_info', dueAt });
    s.wait(DAY).do({ type: 'reply', actor: CONSUMER });
    expect(s.c).toMatchObject({ status: 'assigned', waitingUntil: null });
    expect(s.timers.at(-1)).toContainEqual({ action: 'cancel', kind: 'consumer_info' });
  });

  it("without a due time the policy's default applies; a due time in the past is refused", () => {
    const s = held();
    expectRefused(s.try({ type: 'request_info', actor: CS, from: 'consumer', dueAt: s.now }), 'due_time_in_past');
    s.do({ type: 'request_info', actor: CS, from: 'consumer' });
    expect(s.c.waitingUntil).toEqual(new Date(s.now.getTime() + 14 * DAY));
  });

  it('a consumer who does not answer in time returns the case to the agent, who may close it as unresponsive', () => {
    const s = Story.open('unrecognized_purchase');
    const inv = agent('investigation', 'inv-1');
    s.pickUp(inv.id);
    s.do({ type: 'request_info', actor: inv, from: 'consumer', dueAt: new Date(s.now.getTime() + 7 * DAY) });
    s.wait(7 * DAY).do({ type: 'consumer_info_expired', actor: { kind: 'system' } });
    expect(s.c).toMatchObject({ status: 'assigned', assignee: inv.id });
    s.do({ type: 'resolve', actor: inv, outcome: 'consumer_unresponsive' });
    expect(s.c).toMatchObject({ status: 'resolved', outcome: 'consumer_unresponsive', invoiceState: 'reactivated' });
  });

  it('the merchant can only be asked in a dispute', () => {
    const s = held();
    expectRefused(s.try({ type: 'request_info', actor: CS, from: 'merchant' }), 'no_open_dispute');
  });
});

describe('resolving and reopening', () => {
  it("reopening a resolved case puts it back in its tier's queue", () => {
    const s = held();
    s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
    expect(isQueued(s.c)).toBe(false);
    s.wait(2 * DAY).do({ type: 'reopen', actor: CONSUMER, reason: 'still charged twice' });
    expect(s.c).toMatchObject({ tier: 'customer_service', status: 'queued', assignee: null, resolvedAt: null });
    expect(s.c.queuedAt).toEqual(s.now);
    expect(isQueued(s.c)).toBe(true);
  });

  it('a new final statement after a reopen replaces the old one: the latest counts', () => {
    const s = held();
    s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
    s.do({ type: 'issue_final_statement', actor: CS, text: 'First answer.' });
    s.wait(DAY).do({ type: 'reopen', actor: CONSUMER });
    s.pickUp(CS.id);
    s.do({ type: 'issue_final_statement', actor: CS, text: 'Second answer.' });
    expect(s.c).toMatchObject({
      finalStatementText: 'Second answer.',
      finalStatementBy: 'agent:cs-1',
      finalStatementAt: s.now,
    });
  });

  it('bad input is refused with a code, never thrown', () => {
    const s = held();
    // @ts-expect-error: an unknown command type, as a client might send
    expectRefused(s.try({ type: 'teleport', actor: CS }), 'invalid_command');
    expectRefused(s.try({ type: 'issue_final_statement', actor: CS, text: '   ' }), 'invalid_command');
    expectRefused(decide(s.c, { type: 'reply', actor: CS }, new Date(Number.NaN)), 'invalid_time');
  });
});
