// The consumer's request for a final statement (issue 18, docs/ladder.md): a complaint that
// gives the case a due date by the policy and puts it first in line; asked again, refused with
// the date; the statement given stops the clock; the date passed raises the case to urgent once.
import { describe, expect, it } from 'vitest';
import { addDays, policyWith, PRIORITY, timersFor } from '../../routing/index.ts';
import { agent, CONSUMER, DAY, expectRefused, Story, SYSTEM } from './support.ts';

const CS = agent('customer_service', 'cs-1');
const ASK = { type: 'request_final_statement', actor: CONSUMER, note: 'Nobody answers me.' } as const;

describe("the consumer's request for a final statement", () => {
  it('sets the due date by the policy, puts the case first, and is a timer', () => {
    const s = Story.open('invoice');
    s.pickUp(CS.id);
    const asked = s.do(ASK);
    expect(s.c.finalStatementDueAt).toEqual(addDays(s.now, 14));
    expect(s.c.priority).toBe(PRIORITY.high);
    expect(asked.events.map((e) => [e.type, e.reason])).toEqual([
      ['final_statement_requested', 'consumer_request'],
      ['priority_raised', 'consumer_request'],
    ]);
    expect(timersFor(s.c).get('final_statement')).toEqual(s.c.finalStatementDueAt);
    // The policy's days.
    const short = Story.open('invoice', {}, policyWith({ finalStatementDays: 5 }));
    short.do(ASK);
    expect(short.c.finalStatementDueAt).toEqual(addDays(short.now, 5));
  });

  it('asked again, it is refused with the date; a given statement stops the clock and cannot be asked for again', () => {
    const s = Story.open('invoice');
    s.pickUp(CS.id);
    s.do(ASK);
    const message = expectRefused(s.try(ASK), 'final_statement_already_requested');
    expect(message).toContain(s.c.finalStatementDueAt!.toISOString());
    // Not closed without it.
    expectRefused(s.try({ type: 'resolve', actor: CS, outcome: 'answered' }), 'final_statement_due');
    s.wait(DAY).do({
      type: 'issue_final_statement',
      actor: CS,
      text: 'The invoice is correct: the fee is in the terms.',
    });
    expect(s.c.finalStatementDueAt).toBeNull();
    expect(timersFor(s.c).has('final_statement')).toBe(false);
    expectRefused(s.try(ASK), 'final_statement_given');
  });

  it('a closed case without a statement can be asked for one: it goes back to its queue, its outcome in force; at the ombudsman there is nothing to ask', () => {
    const s = Story.open('invoice');
    s.pickUp(CS.id);
    s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
    s.do(ASK);
    expect(s.c).toMatchObject({
      status: 'queued',
      tier: 'customer_service',
      outcome: 'answered',
      finalStatementDueAt: addDays(s.now, 14),
    });
    // Someone there gives it and closes the case again; then the ombudsman is the next step.
    s.pickUp(CS.id);
    s.do({ type: 'issue_final_statement', actor: CS, text: 'Our final answer: the fee stands.' });
    s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
    s.do({ type: 'request_ombudsman', actor: CONSUMER, statement: 'Unfair.', desiredOutcome: 'No fee.' });
    expect(s.c.tier).toBe('ombudsman');
    expectRefused(s.try(ASK), 'final_statement_given');
  });

  it("on a dispute in the merchant's window, the statement is due that many days after the window", () => {
    const s = Story.open('merchant_disagreement');
    s.wait(3 * DAY).do(ASK);
    expect(s.c.finalStatementDueAt).toEqual(addDays(s.c.dispute!.windowEndsAt!, 14));
  });

  it('past its date without the statement, the case is raised to urgent, once', () => {
    const s = Story.open('invoice');
    s.pickUp(CS.id);
    s.do(ASK);
    expectRefused(s.try({ type: 'final_statement_overdue', actor: SYSTEM }), 'timer_not_due');
    s.now = s.c.finalStatementDueAt!;
    const overdue = s.do({ type: 'final_statement_overdue', actor: SYSTEM });
    expect(overdue.events.map((e) => e.type)).toEqual(['final_statement_overdue', 'priority_raised']);
    expect(s.c).toMatchObject({ priority: PRIORITY.urgent, finalStatementOverdueAt: s.now });
    expect(timersFor(s.c).has('final_statement')).toBe(false);
    expectRefused(s.try({ type: 'final_statement_overdue', actor: SYSTEM }), 'timer_not_due');
  });
});
