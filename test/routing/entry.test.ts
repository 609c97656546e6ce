// Where a matter enters the ladder (docs/domain.md, "The ladder", point 2).
import { describe, expect, it } from 'vitest';
import { decide, isQueued, PRIORITY, routeIntent } from '../../routing/index.ts';
import { BOT, CONSUMER, expectOk, expectRefused, openCommand, OTHER_CONSUMER, Story, T0 } from './support.ts';

describe('entry to each tier', () => {
  it('an unrecognised purchase goes to investigation at once, with high priority, the invoice paused and no merchant window', () => {
    const { c, timers } = Story.open('unrecognized_purchase');
    expect(c.tier).toBe('investigation');
    expect(c.status).toBe('queued');
    expect(isQueued(c)).toBe(true);
    expect(c.priority).toBe(PRIORITY.high);
    expect(c.invoiceState).toBe('paused');
    expect(c.dispute?.kind).toBe('unrecognized_purchase');
    expect(c.dispute?.windowEndsAt).toBeNull();
    expect(c.waitingUntil).toBeNull();
    expect(timers.flat().map((t) => t.kind)).not.toContain('merchant_window');
  });

  it.each(['invoice', 'login', 'human_agent'] as const)(
    'a %s matter goes to the customer-service queue at once',
    (intent) => {
      const { c, events } = Story.open(intent);
      expect(c.tier).toBe('customer_service');
      expect(isQueued(c)).toBe(true);
      expect(c.queuedAt).toEqual(T0);
      expect(c.invoiceState).toBe('active');
      expect(c.dispute).toBeNull();
      expect(events[0]?.type).toBe('case_opened');
    },
  );

  it('nothing routes straight to the specialist team, not even a suspected technical fault', () => {
    for (const intent of [
      'invoice',
      'login',
      'human_agent',
      'unrecognized_purchase',
      'merchant_disagreement',
    ] as const) {
      const route = routeIntent(intent);
      expect(route.kind === 'queue' || route.kind === 'dispute' ? route.tier : null).not.toBe('specialist');
    }
    const { c } = Story.open('login', { technicalFault: true });
    expect(c.tier).toBe('customer_service');
    expect(c.technicalFault).toBe(true);
  });

  it('matters the bot answers itself open no case', () => {
    for (const intent of ['greeting', 'case_status', 'other'] as const) {
      expectRefused(decide(null, openCommand(intent), T0), 'intent_not_routed');
    }
  });

  it('the ombudsman is reached through a request on an existing case, not by opening one', () => {
    expect(routeIntent('ombudsman').kind).toBe('ombudsman_request');
    expectRefused(decide(null, openCommand('ombudsman'), T0), 'ombudsman_needs_case');
  });

  it('a case is opened for the consumer it names: another consumer cannot open it', () => {
    expectOk(decide(null, openCommand('invoice', { actor: CONSUMER }), T0));
    expectRefused(decide(null, openCommand('invoice', { actor: OTHER_CONSUMER }), T0), 'not_case_consumer');
  });

  it('a case cannot be opened twice, and other commands need a case', () => {
    const { c } = Story.open('invoice');
    expectRefused(decide(c, openCommand('invoice'), T0), 'case_exists');
    expectRefused(decide(null, { type: 'reply', actor: BOT }, T0), 'case_not_found');
  });
});
