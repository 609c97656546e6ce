// Merchant dispute rates over a period. The purchase counts come from outside (the payment ledger
// is not ours); disputes are counted from the disputes table by merchant id, so however the
// consumers spelled the shop ("Zalando", "zalando.se", "Zalandolta") its disputes count once, under
// the merchant they are linked to. Disputes linked to no merchant (a name nobody registered yet,
// or no name at all) are one row of their own, "unlinked", so the figures leave nothing out. The
// 1.5 % flag is routing's rule (merchantDisputeRate).
import { DEFAULT_POLICY, merchantDisputeRate, type Policy } from '../routing/index.ts';
import type { Queryable } from './driver.ts';
import { findMerchantIdsByNames } from './merchants.ts';

/** The row of the disputes no merchant is linked to. */
export const UNLINKED = 'unlinked';

export interface MerchantDisputeRow {
  /** The merchant's id; null on the unlinked row. */
  merchantId: number | null;
  /** The merchant's display name, or "unlinked". */
  merchant: string;
  disputes: number;
  /** Disputes that escalated to investigation (the merchant was charged a dispute fee). */
  escalated: number;
  purchases: number | null;
  rate: number | null;
  flagged: boolean;
}

/**
 * Each merchant's disagreements opened in [from, to), most first, the unlinked row last.
 * `purchases` maps a shop's name (any name the merchant is registered under) to its purchase
 * count; names of one merchant add up.
 */
export async function merchantDisputeRates(
  q: Queryable,
  options: { from: Date; to: Date; purchases?: ReadonlyMap<string, number>; policy?: Policy },
): Promise<MerchantDisputeRow[]> {
  const { rows } = await q.query<{
    merchant_id: number | null;
    merchant: string | null;
    disputes: number;
    escalated: number;
  }>(
    `SELECT d.merchant_id::int AS merchant_id, m.name AS merchant,
            count(*)::int AS disputes,
            count(*) FILTER (WHERE d.dispute_fee_charged)::int AS escalated
       FROM disputes d LEFT JOIN merchants m ON m.id = d.merchant_id
      WHERE d.kind = 'merchant_disagreement' AND d.opened_at >= $1 AND d.opened_at < $2
      GROUP BY d.merchant_id, m.name
      ORDER BY d.merchant_id IS NULL, count(*) DESC, m.name, d.merchant_id`,
    [options.from, options.to],
  );
  const bought = new Map<number, number>();
  if (options.purchases && options.purchases.size > 0) {
    const ids = await findMerchantIdsByNames(q, [...options.purchases.keys()]);
    for (const [name, count] of options.purchases) {
      const id = ids.get(name);
      if (id !== undefined) bought.set(id, (bought.get(id) ?? 0) + count);
    }
  }
  return rows.map((row) => {
    const base = {
      merchantId: row.merchant_id,
      merchant: row.merchant ?? UNLINKED,
      disputes: row.disputes,
      escalated: row.escalated,
    };
    const purchases = row.merchant_id === null ? undefined : bought.get(row.merchant_id);
    if (purchases === undefined) return { ...base, purchases: null, rate: null, flagged: false };
    const { rate, flagged } = merchantDisputeRate(
      { disputes: row.disputes, purchases },
      options.policy ?? DEFAULT_POLICY,
    );
    return { ...base, purchases, rate, flagged };
  });
}
