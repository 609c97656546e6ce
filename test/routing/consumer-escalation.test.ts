// The consumer's right to escalate (issue 18): "I want to complain" on an open case takes it a tier
// up as a complaint (reason consumer_request, first in the next queue); a case already with
// investigation or the specialist team goes no higher, and the refusal says what comes instead.
import { describe, expect, it } from 'vitest';
import { decide } from '../../routing/index.ts';
import { agent, at, CONSUMER, expectOk, expectRefused, MINUTE, openCommand, OTHER_CONSUMER } from './support.ts';

describe('request_escalation', () => {
  const invoiceCase = () => expectOk(decide(null, openCommand('invoice'), at(0))).case;

  it("customer service's case goes to the specialist team, first in line, as the consumer's request", () => {
    const decided = expectOk(
      decide(invoiceCase(), { type: 'request_escalation', actor: CONSUMER, note: 'jag vill klaga' }, at(5 * MINUTE)),
    );
    expect(decided.case.tier).toBe('specialist');
    expect(decided.case.status).toBe('queued');
    expect(decided.case.priority).toBe(1);
    const escalated = decided.events.find((e) => e.type === 'escalated');
    expect(escalated?.reason).toBe('consumer_request');
    expect(escalated?.data).toMatchObject({ from: 'customer_service', to: 'specialist' });
  });

  it('a case an agent holds goes up all the same; the consumer does not need the agent', () => {
    const held = expectOk(
      decide(invoiceCase(), { type: 'pick_up', actor: agent('customer_service') }, at(MINUTE)),
    ).case;
    const decided = expectOk(decide(held, { type: 'request_escalation', actor: CONSUMER }, at(2 * MINUTE)));
    expect(decided.case.tier).toBe('specialist');
    expect(decided.case.assignee).toBeNull();
  });

  it('a case with investigation goes no higher, and the refusal names the final statement and the ombudsman', () => {
    const dispute = expectOk(decide(null, openCommand('merchant_disagreement'), at(0))).case;
    const message = expectRefused(
      decide(dispute, { type: 'request_escalation', actor: CONSUMER }, at(MINUTE)),
      'escalation_not_allowed',
    );
    expect(message).toMatch(/final statement/);
    expect(message).toMatch(/ombudsman/);
  });

  it('only the case’s own consumer may ask, and not for a closed case', () => {
    expectRefused(
      decide(invoiceCase(), { type: 'request_escalation', actor: OTHER_CONSUMER }, at(MINUTE)),
      'not_case_consumer',
    );
    expectRefused(
      decide(invoiceCase(), { type: 'request_escalation', actor: agent('customer_service') }, at(MINUTE)),
      'actor_not_allowed',
    );
  });
});
