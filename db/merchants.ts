// Merchant dispute rates over a rolling window. The purchase counts come from outside (the
// payment ledger is not ours); disputes are counted from the disputes table. The 1.5 % flag is
// routing's rule (merchantDisputeRate).
import { DEFAULT_POLICY, merchantDisputeRate, type Policy } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

export interface MerchantDisputeRow {
  merchant: string;
  disputes: number;
  /** Disputes that escalated to investigation (the merchant was charged a dispute fee). */
  escalated: number;
  purchases: number | null;
  rate: number | null;
  flagged: boolean;
}

export async function merchantDisputeRates(
  q: Queryable,
  options: { from: Date; to: Date; purchases?: ReadonlyMap<string, number>; policy?: Policy },
): Promise<MerchantDisputeRow[]> {
  const { rows } = await q.query<{ merchant: string; normalized: string; disputes: number; escalated: number }>(
    `SELECT m.name AS merchant, m.normalized_name AS normalized,
            count(*)::int AS disputes,
            count(*) FILTER (WHERE d.dispute_fee_charged)::int AS escalated
       FROM disputes d JOIN merchants m ON m.id = d.merchant_id
      WHERE d.kind = 'merchant_disagreement' AND d.opened_at >= $1 AND d.opened_at < $2
      GROUP BY m.id
      ORDER BY count(*) DESC, m.name`,
    [options.from, options.to],
  );
  const purchases = new Map([...(options.purchases ?? new Map())].map(([name, count]) => [name.trim().toLowerCase(), count]));
  return rows.map((row) => {
    const bought = purchases.get(row.normalized);
    if (bought === undefined) return { merchant: row.merchant, disputes: row.disputes, escalated: row.escalated, purchases: null, rate: null, flagged: false };
    const { rate, flagged } = merchantDisputeRate({ disputes: row.disputes, purchases: bought }, options.policy ?? DEFAULT_POLICY);
    return { merchant: row.merchant, disputes: row.disputes, escalated: row.escalated, purchases: bought, rate, flagged };
  });
}
