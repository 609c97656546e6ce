// The routing policy's data, the merchant dispute rate, and the case as stored data.
import { describe, expect, it } from 'vitest';
import { INTENTS, LANGUAGES } from '../../intents/labels.ts';
import { Case, CASE_LANGUAGES, merchantDisputeRate, policyWith, routeIntent, ROUTES } from '../../routing/index.ts';
import { DAY, MERCHANT, Story } from './support.ts';

describe('routing policy', () => {
  it('has a route for every intent label', () => {
    expect(Object.keys(ROUTES).sort()).toEqual([...INTENTS].sort());
    for (const intent of INTENTS) expect(routeIntent(intent)).toBe(ROUTES[intent]);
  });

  it('speaks the languages of intents/labels.ts plus und', () => {
    expect([...CASE_LANGUAGES]).toEqual([...LANGUAGES, 'und']);
  });
});

describe('merchant dispute rate', () => {
  it('flags a merchant above 1.5 %, not at it', () => {
    expect(merchantDisputeRate({ disputes: 15, purchases: 1000 })).toEqual({ rate: 0.015, flagged: false });
    expect(merchantDisputeRate({ disputes: 16, purchases: 1000 })).toEqual({ rate: 0.016, flagged: true });
  });

  it('has no rate without purchases, and the threshold is policy', () => {
    expect(merchantDisputeRate({ disputes: 0, purchases: 0 })).toEqual({ rate: 0, flagged: false });
    expect(
      merchantDisputeRate({ disputes: 15, purchases: 1000 }, policyWith({ disputeRateThreshold: 0.01 })).flagged,
    ).toBe(true);
  });

  it('refuses counts that cannot be counts', () => {
    expect(() => merchantDisputeRate({ disputes: -1, purchases: 10 })).toThrow(RangeError);
    expect(() => merchantDisputeRate({ disputes: 1.5, purchases: 10 })).toThrow(RangeError);
  });
});

describe('the case as stored data', () => {
  it('survives JSON (the jsonb column) and Case.parse unchanged', () => {
    const s = Story.open('merchant_disagreement');
    s.wait(2 * DAY).do({ type: 'merchant_responded', actor: MERCHANT });
    const stored = JSON.parse(JSON.stringify(s.c));
    expect(typeof stored.dispute.openedAt).toBe('string');
    expect(Case.parse(stored)).toEqual(s.c);
  });
});
