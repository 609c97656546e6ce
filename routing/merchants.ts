// The merchant dispute rate the business watches: a merchant above 1.5 % pays extra per
// escalated dispute (docs/domain.md). Counting is the caller's (a SQL count over a period); the rule
// is here.
import { DEFAULT_POLICY, type Policy } from './policy.ts';

export interface MerchantCounts {
  /** Disputes opened against the merchant in the period. */
  disputes: number;
  /** The merchant's purchases paid through us in the same period. */
  purchases: number;
}

export interface DisputeRate {
  /** disputes / purchases, 0 when there were no purchases. */
  rate: number;
  /** Above the threshold (strictly): extra fee per escalated dispute. */
  flagged: boolean;
}

export function merchantDisputeRate(
  counts: MerchantCounts,
  policy: Pick<Policy, 'disputeRateThreshold'> = DEFAULT_POLICY,
): DisputeRate {
  const { disputes, purchases } = counts;
  if (!Number.isInteger(disputes) || !Number.isInteger(purchases) || disputes < 0 || purchases < 0) {
    throw new RangeError(`dispute and purchase counts must be non-negative integers, got ${disputes} and ${purchases}`);
  }
  const rate = purchases === 0 ? 0 : disputes / purchases;
  return { rate, flagged: rate > policy.disputeRateThreshold };
}
