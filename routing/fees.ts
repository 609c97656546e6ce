// What a merchant pays for its disputes (docs/merchants.md, "Fees"). Pure: the amounts come from
// the policy, the dispute and the month's figures; writing them down is db/merchant-fees.ts's.
//
// - The standard dispute fee: on each disagreement that escalates unresolved at its window's end,
//   the amount of the dispute's market (policy.disputeFees).
// - The surcharge: at the month's end, on each dispute escalated in the month of a merchant whose
//   dispute rate that month was over policy.disputeRateThreshold: `surchargeBasisPoints` of the
//   disputed amount, at most the market's cap (EUR 30 or its configured equivalent); the cap when
//   the amount is unknown or in another currency.
//
// Every amount is a whole number of minor units; no float touches money.
import type { Policy } from './policy.ts';
import type { Case, Dispute } from './types.ts';

export interface Money {
  amountMinor: number;
  currency: string;
}

export interface MarketFees {
  /** The standard fee on a dispute that escalates unresolved. */
  disputeFee: Money;
  /** The most one surcharge may be (EUR 30, or its equivalent in the market's currency). */
  surchargeCap: Money;
}

/** The market whose fees apply when a dispute's market is none of the policy's. */
export const DEFAULT_FEE_MARKET = 'default';

/** Currencies that belong to one market (the euro does not tell Finland from Germany). */
const CURRENCY_MARKET: Readonly<Record<string, string>> = { SEK: 'SE', NOK: 'NO', DKK: 'DK' };
/** Where a case's language is the language of one market (English is not). */
const LANGUAGE_MARKET: Readonly<Record<string, string>> = { sv: 'SE', no: 'NO', da: 'DK', fi: 'FI', de: 'DE' };

/** What the fees read of a case: its language and the disputed amount. */
export interface FeeCase {
  language: Case['language'];
  dispute: Pick<Dispute, 'amountMinor' | 'currency'> | null;
}

/**
 * The dispute's market for its fees: the disputed amount's currency where it names one market,
 * else the case language's home market, else the market whose fee is in the disputed amount's
 * currency, else DEFAULT_FEE_MARKET. Always one the policy has fees for.
 */
export function feeMarket(kase: FeeCase, policy: Pick<Policy, 'disputeFees'>): string {
  const fees = policy.disputeFees;
  const currency = kase.dispute?.currency ?? null;
  const candidates = [currency ? CURRENCY_MARKET[currency] : undefined, LANGUAGE_MARKET[kase.language]];
  for (const market of candidates) if (market && fees[market]) return market;
  if (currency) {
    const byCurrency = Object.keys(fees).find(
      (market) => market !== DEFAULT_FEE_MARKET && fees[market]!.disputeFee.currency === currency,
    );
    if (byCurrency) return byCurrency;
  }
  return DEFAULT_FEE_MARKET;
}

export interface ChargedFee extends Money {
  market: string;
}

/** The standard dispute fee of a case's dispute. */
export function disputeFeeFor(kase: FeeCase, policy: Pick<Policy, 'disputeFees'>): ChargedFee {
  const market = feeMarket(kase, policy);
  const fee = policy.disputeFees[market]!.disputeFee;
  return { market, amountMinor: fee.amountMinor, currency: fee.currency };
}

export interface Surcharge extends ChargedFee {
  /** Whether the cap decided the amount (the share of the disputed amount was more, or unknown). */
  capped: boolean;
  cap: Money;
}

/**
 * The surcharge on one escalated dispute of a merchant over the threshold: the policy's share of
 * the disputed amount (in basis points, rounded down to a whole minor unit), at most the market's
 * cap; the cap itself when the amount is unknown or not in the cap's currency.
 */
export function surchargeFor(kase: FeeCase, policy: Pick<Policy, 'disputeFees' | 'surchargeBasisPoints'>): Surcharge {
  const market = feeMarket(kase, policy);
  const cap = policy.disputeFees[market]!.surchargeCap;
  const amount = kase.dispute?.amountMinor ?? null;
  if (amount === null || kase.dispute?.currency !== cap.currency) {
    return { market, amountMinor: cap.amountMinor, currency: cap.currency, capped: true, cap: { ...cap } };
  }
  // BigInt: a large amount times the basis points could pass Number's exact range.
  const share = Number((BigInt(amount) * BigInt(policy.surchargeBasisPoints)) / 10_000n);
  const capped = share >= cap.amountMinor;
  return { market, amountMinor: capped ? cap.amountMinor : share, currency: cap.currency, capped, cap: { ...cap } };
}

/** Problems with a policy's fees (empty when sound): every amount a whole number of minor units. */
export function feePolicyProblems(policy: Pick<Policy, 'disputeFees' | 'surchargeBasisPoints'>): string[] {
  const problems: string[] = [];
  const money = (where: string, m: Money) => {
    if (!Number.isSafeInteger(m.amountMinor) || m.amountMinor < 0)
      problems.push(`${where}: amount must be a whole number of minor units, got ${m.amountMinor}`);
    if (!/^[A-Z]{3}$/.test(m.currency))
      problems.push(`${where}: currency must be ISO 4217, got ${JSON.stringify(m.currency)}`);
  };
  if (!policy.disputeFees[DEFAULT_FEE_MARKET]) problems.push(`disputeFees needs a "${DEFAULT_FEE_MARKET}" market`);
  for (const [market, fees] of Object.entries(policy.disputeFees)) {
    if (market !== DEFAULT_FEE_MARKET && !/^[A-Z]{2}$/.test(market))
      problems.push(`disputeFees: market must be a country code, got ${JSON.stringify(market)}`);
    money(`disputeFees.${market}.disputeFee`, fees.disputeFee);
    money(`disputeFees.${market}.surchargeCap`, fees.surchargeCap);
  }
  if (!Number.isInteger(policy.surchargeBasisPoints) || policy.surchargeBasisPoints < 0)
    problems.push('surchargeBasisPoints must be a whole number, 0 or more');
  return problems;
}
