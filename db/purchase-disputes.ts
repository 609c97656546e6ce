// One open dispute per purchase (migration 0012). The rule is two unique indexes on `disputes`:
// one over the purchase the consumer picked, one over the facts they typed (consumer, shop,
// amount, order number). This module writes the keys those indexes compare, finds the open case
// a second report of a purchase belongs to, and turns the index's refusal into routing's
// `purchase_has_open_dispute` with that case.
import { merchantKey, orderKey, type Case, type RoutingError } from '../routing/index.ts';
import { findCaseById, type StoredCase } from './cases.ts';
import type { Queryable } from './driver.ts';

/** What the consumer said about the purchase, or the purchase they picked (`purchaseId`). */
export interface PurchaseFacts {
  /** The chat's consumer id, as on the case. */
  consumerId: string;
  purchaseId?: string | null;
  merchant?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  orderNumber?: string | null;
}

export const PURCHASE_DISPUTE_INDEXES = [
  'disputes_one_open_per_purchase',
  'disputes_one_open_per_typed_purchase',
] as const;

/** The `disputes` columns the indexes compare, for the dispute on `kase`. */
export function purchaseKeys(kase: Case): {
  purchase_id: string | null;
  consumer_id: string;
  merchant_key: string | null;
  order_key: string | null;
} {
  const merchant = kase.dispute?.merchantName;
  return {
    purchase_id: kase.purchaseId,
    consumer_id: kase.consumerId,
    merchant_key: merchant ? merchantKey(merchant) : null,
    order_key: kase.orderNumber ? orderKey(kase.orderNumber) : null,
  };
}

/** The facts of the dispute on `kase`, as findOpenCaseForPurchase takes them. */
export function purchaseFactsOf(kase: Case): PurchaseFacts {
  return {
    consumerId: kase.consumerId,
    purchaseId: kase.purchaseId,
    merchant: kase.dispute?.merchantName,
    amountMinor: kase.dispute?.amountMinor,
    currency: kase.dispute?.currency,
    orderNumber: kase.orderNumber,
  };
}

/**
 * The consumer's case with an open dispute of this purchase, the oldest if there are several;
 * undefined when there is none. A picked purchase matches its own disputes and those typed
 * without a purchase that name its shop and amount; typed facts need the shop and the amount,
 * and a currency or an order number missing on either side does not tell two purchases apart.
 * Only the consumer's own cases: another consumer's matching purchase is none of theirs.
 */
export async function findOpenCaseForPurchase(q: Queryable, facts: PurchaseFacts): Promise<StoredCase | undefined> {
  const merchant = facts.merchant ? merchantKey(facts.merchant) : null;
  const typed = merchant !== null && facts.amountMinor != null;
  if (!facts.purchaseId && !typed) return undefined;
  const { rows } = await q.query<{ case_id: number }>(
    `SELECT d.case_id
       FROM disputes d JOIN cases c ON c.id = d.case_id
      WHERE c.consumer_id = $1 AND d.closed_at IS NULL
        AND (d.purchase_id = $2
             OR ($3::text IS NOT NULL AND d.merchant_key = $3 AND d.amount_minor = $4
                 AND ($2::text IS NULL OR d.purchase_id IS NULL)
                 AND ($5::text IS NULL OR d.currency IS NULL OR d.currency = $5)
                 AND ($6::text IS NULL OR d.order_key IS NULL OR d.order_key = $6)))
      ORDER BY d.purchase_id IS NOT DISTINCT FROM $2 DESC, d.opened_at, d.id
      LIMIT 1`,
    [
      facts.consumerId,
      facts.purchaseId ?? null,
      typed ? merchant : null,
      typed ? facts.amountMinor : null,
      facts.currency ?? null,
      facts.orderNumber ? orderKey(facts.orderNumber) : null,
    ],
    { name: 'ombud_find_open_case_for_purchase' },
  );
  return rows[0] ? findCaseById(q, rows[0].case_id) : undefined;
}

/** Did a write fail on one of the one-open-dispute-per-purchase indexes? */
export function isPurchaseDisputeConflict(error: unknown): boolean {
  const { code, constraint, message } = (error ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code !== '23505') return false;
  // pg names the index in `constraint`; the message names it on either driver.
  return PURCHASE_DISPUTE_INDEXES.some((index) => constraint === index || String(message).includes(`"${index}"`));
}

/** The refusal for a second open dispute on a purchase, with the case that has the first. */
export interface PurchaseHasOpenDispute {
  ok: false;
  error: RoutingError;
  /** The open case of that purchase; absent when it belongs to another consumer. */
  existing?: StoredCase;
}

/**
 * The refusal for `kase`'s dispute after the indexes refused it: the consumer's open case of that
 * purchase, or undefined when none is open any more (it closed meanwhile: decide again).
 */
export async function purchaseConflictRefusal(q: Queryable, kase: Case): Promise<PurchaseHasOpenDispute | undefined> {
  const existing = await findOpenCaseForPurchase(q, purchaseFactsOf(kase));
  if (existing) {
    return {
      ok: false,
      error: {
        code: 'purchase_has_open_dispute',
        message: `This purchase already has an open dispute: case ${existing.case.ref} (${existing.case.status}).`,
      },
      existing,
    };
  }
  if (!kase.purchaseId) return undefined;
  // The purchase id is taken by another consumer's open dispute: refused, and nothing of theirs shown.
  const { rows } = await q.query('SELECT 1 FROM disputes WHERE purchase_id = $1 AND closed_at IS NULL', [
    kase.purchaseId,
  ]);
  if (rows.length === 0) return undefined;
  return {
    ok: false,
    error: { code: 'purchase_has_open_dispute', message: 'This purchase already has an open dispute.' },
  };
}
