// The merchant's reminders (issue 17): points in the window at which the merchant is told again
// of a dispute it has not settled. They tell, and change nothing else of the ladder.
import { describe, expect, it } from 'vitest';
import { merchantReminderPoints, policyWith, type Command } from '../../routing/index.ts';
import { DAY, expectRefused, MERCHANT, Story, SYSTEM, T0 } from './support.ts';

const REMINDER: Command = { type: 'merchant_reminder_due', actor: SYSTEM };
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe("the merchant's reminders", () => {
  it('are due on day 7, day 14 and two days before the 21-day window ends', () => {
    const s = Story.open('merchant_disagreement');
    expect(s.c.dispute?.nextReminderAt).toEqual(at(7));
    expect(s.timers[0]).toContainEqual({ action: 'set', kind: 'merchant_reminder', dueAt: at(7) });
    expect(merchantReminderPoints(T0, at(21), policyWith({}))).toEqual([at(7), at(14), at(19)]);
  });

  it('each fired reminder is one event and sets the next; nothing else of the case changes', () => {
    const s = Story.open('merchant_disagreement');
    const before = { ...s.c, dispute: { ...s.c.dispute!, nextReminderAt: null } };
    for (const [day, next] of [
      [7, 14],
      [14, 19],
      [19, null],
    ] as const) {
      s.wait(day * DAY - (s.now.getTime() - T0.getTime()));
      const { events, timers } = s.do(REMINDER);
      expect(events.map((e) => e.type)).toEqual(['merchant_reminded']);
      expect(events[0]!.data).toMatchObject({ dueAt: at(day).toISOString(), windowEndsAt: at(21).toISOString() });
      expect(timers).toEqual(
        next === null
          ? [{ action: 'cancel', kind: 'merchant_reminder' }]
          : [{ action: 'set', kind: 'merchant_reminder', dueAt: at(next) }],
      );
      expect({ ...s.c, dispute: { ...s.c.dispute!, nextReminderAt: null } }).toEqual(before);
    }
    // The window still ends as before: escalation and fee are the window's, not the reminders'.
    s.wait(2 * DAY);
    expect(s.do({ type: 'window_expired', actor: SYSTEM }).events.map((e) => e.type)).toEqual([
      'merchant_window_expired',
      'dispute_escalated',
      'dispute_fee_charged',
    ]);
  });

  it('an early reminder is refused, and none is due while a settlement claim waits for the consumer', () => {
    const s = Story.open('merchant_disagreement');
    expectRefused(s.wait(7 * DAY - 1).try(REMINDER), 'timer_not_due');
    s.do({ type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 129_900, currency: 'SEK' });
    expectRefused(s.wait(DAY).try(REMINDER), 'timer_not_due');
    // The consumer objects on day 16: the points passed meanwhile are one reminder, then day 19.
    s.wait(8 * DAY);
    const { timers } = s.do({ type: 'consumer_objected', actor: { kind: 'consumer', id: 'consumer-1' } });
    expect(timers).toContainEqual({ action: 'set', kind: 'merchant_reminder', dueAt: at(7) });
    s.do(REMINDER);
    expect(s.c.dispute?.nextReminderAt).toEqual(at(19));
  });

  it('the days follow the policy; an unrecognised purchase and an escalated dispute get none', () => {
    const s = Story.open(
      'merchant_disagreement',
      {},
      policyWith({
        merchantWindowDays: 14,
        merchantReminders: { afterOpeningDays: [3, 30], beforeWindowEndDays: [1, 11] },
      }),
    );
    expect(merchantReminderPoints(T0, at(14), s.policy)).toEqual([at(3), at(13)]);
    expect(Story.open('unrecognized_purchase').c.dispute?.nextReminderAt).toBeNull();
    const late = Story.open('merchant_disagreement').wait(21 * DAY);
    const { timers } = late.do({ type: 'window_expired', actor: SYSTEM });
    expect(timers).toContainEqual({ action: 'cancel', kind: 'merchant_reminder' });
    expectRefused(late.try(REMINDER), 'illegal_move');
  });
});
