// The fee rules (routing/fees.ts): the market a dispute's fees come from, the standard fee, and the
// surcharge's share of the disputed amount under its cap, all whole minor units.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  disputeFeeFor,
  feeMarket,
  feePolicyProblems,
  policyWith,
  surchargeFor,
  type FeeCase,
} from '../../routing/index.ts';

const kase = (language: FeeCase['language'], amountMinor: number | null, currency: string | null): FeeCase => ({
  language,
  dispute: { amountMinor, currency },
});

describe('fees', () => {
  it("a dispute's market: its currency where that names one, else its language's, else the default", () => {
    expect(feeMarket(kase('en', 100, 'NOK'), DEFAULT_POLICY)).toBe('NO');
    expect(feeMarket(kase('fi', 100, 'EUR'), DEFAULT_POLICY)).toBe('FI');
    expect(feeMarket(kase('de', null, null), DEFAULT_POLICY)).toBe('DE');
    expect(feeMarket(kase('en', 100, 'EUR'), DEFAULT_POLICY)).toBe('FI'); // the first market charging in euros
    expect(feeMarket(kase('en', 100, 'USD'), DEFAULT_POLICY)).toBe('default');
  });

  it('the standard fee is the market’s', () => {
    expect(disputeFeeFor(kase('sv', 129_900, 'SEK'), DEFAULT_POLICY)).toEqual({
      market: 'SE',
      amountMinor: 25_000,
      currency: 'SEK',
    });
    expect(disputeFeeFor(kase('da', 50_000, 'DKK'), DEFAULT_POLICY)).toEqual({
      market: 'DK',
      amountMinor: 18_500,
      currency: 'DKK',
    });
  });

  it('the surcharge: the disputed amount at most the cap; the cap when the amount is unknown or in another currency', () => {
    expect(surchargeFor(kase('sv', 129_900, 'SEK'), DEFAULT_POLICY)).toMatchObject({
      amountMinor: 35_000,
      currency: 'SEK',
      capped: true,
    });
    expect(surchargeFor(kase('fi', 2_000, 'EUR'), DEFAULT_POLICY)).toMatchObject({
      amountMinor: 2_000,
      currency: 'EUR',
      capped: false,
    });
    expect(surchargeFor(kase('fi', 3_000, 'EUR'), DEFAULT_POLICY)).toMatchObject({ amountMinor: 3_000, capped: true });
    expect(surchargeFor(kase('sv', null, null), DEFAULT_POLICY)).toMatchObject({ amountMinor: 35_000, capped: true });
    expect(surchargeFor(kase('en', 1_000, 'USD'), DEFAULT_POLICY)).toMatchObject({
      market: 'default',
      amountMinor: 3_000,
      currency: 'EUR',
      capped: true,
    });
  });

  it('a share in basis points rounds down to a whole minor unit, exact for large amounts', () => {
    const tenth = policyWith({ surchargeBasisPoints: 1_000 });
    expect(surchargeFor(kase('fi', 1_999, 'EUR'), tenth)).toMatchObject({ amountMinor: 199, capped: false });
    const huge = surchargeFor(
      kase('fi', Number.MAX_SAFE_INTEGER, 'EUR'),
      policyWith({
        surchargeBasisPoints: 10_000,
        disputeFees: {
          ...DEFAULT_POLICY.disputeFees,
          FI: {
            disputeFee: { amountMinor: 1, currency: 'EUR' },
            surchargeCap: { amountMinor: Number.MAX_SAFE_INTEGER, currency: 'EUR' },
          },
        },
      }),
    );
    expect(huge.amountMinor).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('the default policy is sound; a fractional or float amount is a problem', () => {
    expect(feePolicyProblems(DEFAULT_POLICY)).toEqual([]);
    const broken = policyWith({
      disputeFees: {
        ...DEFAULT_POLICY.disputeFees,
        SE: {
          disputeFee: { amountMinor: 250.5, currency: 'SEK' },
          surchargeCap: { amountMinor: 35_000, currency: 'sek' },
        },
      },
    });
    expect(feePolicyProblems(broken)).toEqual([
      'disputeFees.SE.disputeFee: amount must be a whole number of minor units, got 250.5',
      'disputeFees.SE.surchargeCap: currency must be ISO 4217, got "sek"',
    ]);
  });
});
