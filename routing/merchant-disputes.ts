// A dispute as its merchant sees it: in the merchant's webhooks (docs/events.md) and its API
// (docs/merchants.md). What the merchant needs to find the order and answer in time, and nothing
// personal: no consumer's name, e-mail or id, no words of the consumer's.
import { pendingSettlementClaim } from './state.ts';
import type { Case } from './types.ts';

/**
 * Where the dispute stands for the merchant.
 * - `needs_response`: it waits for the merchant (its window, or investigation's question), no answer yet;
 * - `responded`: the merchant answered (contested) and its window runs on;
 * - `settlement_pending`: the merchant says it settled; the consumer is asked to confirm;
 * - `under_review`: with the investigation department (escalated, or a purchase not recognised);
 * - closed: `settled` (the consumer confirmed, or did not object), `won` (the invoice stands),
 *   `lost` (charged back), `withdrawn` (by the consumer), `lapsed` (the consumer did not give
 *   what was asked).
 */
export const MERCHANT_DISPUTE_STATUSES = [
  'needs_response',
  'responded',
  'settlement_pending',
  'under_review',
  'settled',
  'won',
  'lost',
  'withdrawn',
  'lapsed',
] as const;
export type MerchantDisputeStatus = (typeof MERCHANT_DISPUTE_STATUSES)[number];

export const OPEN_MERCHANT_DISPUTE_STATUSES: readonly MerchantDisputeStatus[] = [
  'needs_response',
  'responded',
  'settlement_pending',
  'under_review',
];

export interface MerchantDisputeView {
  /** The case reference, the same the consumer and the agents see. */
  ref: string;
  status: MerchantDisputeStatus;
  /** The refund reason (routing/types.ts), `unrecognized_purchase`, or null while not told. */
  reason: string | null;
  orderNumber?: string;
  /** Minor units with the ISO 4217 currency; null when the consumer did not say. */
  amount: number | null;
  currency: string | null;
  /** Until when the merchant's answer is awaited (ISO 8601); null when nothing waits for it. */
  respondBy: string | null;
}

export function merchantDisputeStatus(c: Case): MerchantDisputeStatus {
  const d = c.dispute;
  if (d === null) return 'under_review';
  if (d.closedAt !== null) {
    // The outcome in force first: a dispute settled once, resumed and then withdrawn is withdrawn.
    if (c.invoiceState === 'charged_back') return 'lost';
    if (c.outcome === 'merchant_settled') return 'settled';
    if (c.outcome === 'withdrawn') return 'withdrawn';
    if (c.outcome === 'consumer_unresponsive') return 'lapsed';
    if (c.outcome === 'invoice_reactivated' || d.decision === 'merchant_favour') return 'won';
    return d.merchantAnswer === 'settled' ? 'settled' : 'withdrawn';
  }
  if (pendingSettlementClaim(c)) return 'settlement_pending';
  if (c.status === 'awaiting_merchant') {
    // In the window an answer leaves the window running; a later question (investigation asks
    // the merchant) waits for a new answer.
    const inWindow = d.kind === 'merchant_disagreement' && d.escalatedAt === null;
    return inWindow && d.merchantAnswer === 'responded' ? 'responded' : 'needs_response';
  }
  return 'under_review';
}

export function merchantDisputeView(c: Case): MerchantDisputeView {
  const d = c.dispute;
  const status = merchantDisputeStatus(c);
  // In the contract's order; orderNumber only when the consumer gave one.
  return {
    ref: c.ref,
    status,
    reason: d?.kind === 'unrecognized_purchase' ? 'unrecognized_purchase' : (d?.refundReason ?? null),
    ...(c.orderNumber !== null ? { orderNumber: c.orderNumber } : {}),
    amount: d?.amountMinor ?? null,
    currency: d?.amountMinor == null ? null : (d.currency ?? null),
    respondBy:
      (status === 'needs_response' || status === 'responded') && c.waitingUntil ? c.waitingUntil.toISOString() : null,
  };
}
