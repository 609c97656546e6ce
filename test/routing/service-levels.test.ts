// Service levels: due times on every case, the queue order, and the breach rule.
import { describe, expect, it } from 'vitest';
import {
  escalatePriorityOnBreach,
  policyWith,
  PRIORITY,
  queueOf,
  serviceLevelState,
  sortForQueue,
  type Case,
} from '../../routing/index.ts';
import { agent, at, DAY, expectOk, expectRefused, HOUR, MINUTE, Story } from './support.ts';

function caseAt(ref: string, openedAfter: number, intent: 'invoice' | 'unrecognized_purchase' = 'invoice'): Case {
  const s = Story.open(intent, { ref });
  // Re-open at a later moment by shifting every time of the case: simpler than a second clock.
  const shift = (d: Date | null) => (d === null ? null : new Date(d.getTime() + openedAfter));
  return {
    ...s.c,
    openedAt: at(openedAfter),
    queuedAt: shift(s.c.queuedAt),
    firstResponseDueAt: shift(s.c.firstResponseDueAt),
    resolutionDueAt: shift(s.c.resolutionDueAt),
  };
}

describe('service levels', () => {
  it('customer service answers within 15 minutes and resolves within 2 days by default', () => {
    const { c } = Story.open('invoice');
    expect(c.firstResponseDueAt).toEqual(at(15 * MINUTE));
    expect(c.resolutionDueAt).toEqual(at(2 * DAY));
  });

  it('the targets come from the policy', () => {
    const policy = policyWith({ serviceLevels: { customer_service: { firstResponseMinutes: 5 } } });
    const { c } = Story.open('invoice', {}, policy);
    expect(c.firstResponseDueAt).toEqual(at(5 * MINUTE));
    expect(c.resolutionDueAt).toEqual(at(2 * DAY));
  });

  it('a first-response timer is set at opening, due when the target is', () => {
    const s = Story.open('invoice');
    expect(s.timers[0]).toEqual([{ action: 'set', kind: 'sla_first_response', dueAt: at(15 * MINUTE) }]);
  });

  it('clocks read running, near breach, breached and met as time passes', () => {
    const s = Story.open('invoice');
    expect(serviceLevelState(s.c, at(MINUTE)).firstResponse).toBe('running');
    expect(serviceLevelState(s.c, at(13 * MINUTE)).firstResponse).toBe('near');
    expect(serviceLevelState(s.c, at(15 * MINUTE)).firstResponse).toBe('breached');
    s.pickUp('cs-1');
    s.wait(MINUTE).do({ type: 'reply', actor: agent('customer_service', 'cs-1') });
    expect(serviceLevelState(s.c, at(HOUR)).firstResponse).toBe('met');
  });
});

describe('queue order', () => {
  it('puts cases past breach first, then near breach, then by priority, then oldest first', () => {
    const now = at(60 * MINUTE);
    const breached = caseAt('OMB-breached', 30 * MINUTE); // first response due at 45 min: past
    const near = caseAt('OMB-near', 47 * MINUTE); // due at 62 min: 2 min left of 15
    const highNew = { ...caseAt('OMB-high', 58 * MINUTE), priority: PRIORITY.high };
    const normalOld = caseAt('OMB-old', 55 * MINUTE);
    const normalNew = caseAt('OMB-new', 57 * MINUTE);
    const order = sortForQueue([normalNew, highNew, near, normalOld, breached], now).map((c) => c.ref);
    expect(order).toEqual(['OMB-breached', 'OMB-near', 'OMB-high', 'OMB-old', 'OMB-new']);
  });

  it("a tier's queue holds only its queued cases: held and resolved cases are in no queue", () => {
    const waiting = caseAt('OMB-a', 0);
    const held = Story.open('invoice', { ref: 'OMB-b' });
    held.pickUp('cs-1');
    const done = Story.open('invoice', { ref: 'OMB-c' });
    done.pickUp('cs-1');
    done.do({ type: 'resolve', actor: agent('customer_service', 'cs-1'), outcome: 'answered' });
    const fraud = caseAt('OMB-d', 0, 'unrecognized_purchase');
    const now = at(MINUTE);
    expect(queueOf([waiting, held.c, done.c, fraud], 'customer_service', now).map((c) => c.ref)).toEqual(['OMB-a']);
    expect(queueOf([waiting, held.c, done.c, fraud], 'investigation', now).map((c) => c.ref)).toEqual(['OMB-d']);
  });
});

describe('a breached first-response target raises the priority', () => {
  it('raises it one step, once, and stops the breach timer', () => {
    const { c } = Story.open('invoice');
    expectRefused(escalatePriorityOnBreach(c, at(14 * MINUTE)), 'no_breach');
    const raised = expectOk(escalatePriorityOnBreach(c, at(15 * MINUTE)));
    expect(raised.case.priority).toBe(PRIORITY.high);
    expect(raised.events.map((e) => e.type)).toEqual(['first_response_breached', 'priority_raised']);
    expect(raised.timers).toEqual([{ action: 'cancel', kind: 'sla_first_response' }]);
    expectRefused(escalatePriorityOnBreach(raised.case, at(HOUR)), 'no_breach');
  });

  it('a case already answered has no breach to raise', () => {
    const s = Story.open('invoice');
    s.pickUp('cs-1');
    s.wait(20 * MINUTE).do({ type: 'reply', actor: agent('customer_service', 'cs-1') });
    expect(s.events.find((e) => e.type === 'first_response')?.data).toMatchObject({ late: true });
    expectRefused(escalatePriorityOnBreach(s.c, at(HOUR)), 'no_breach');
  });

  it('an urgent case stays urgent but the breach is still recorded', () => {
    const s = Story.open('unrecognized_purchase');
    const urgent = { ...s.c, priority: PRIORITY.urgent };
    const result = expectOk(escalatePriorityOnBreach(urgent, at(5 * HOUR)));
    expect(result.case.priority).toBe(PRIORITY.urgent);
    expect(result.case.firstResponseBreachedAt).not.toBeNull();
    expect(result.events.map((e) => e.type)).toEqual(['first_response_breached']);
  });
});
