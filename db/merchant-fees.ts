// The fee ledger (migration 0020, docs/merchants.md "Fees"): what each merchant is charged for its
// disputes, in whole minor units.
//
// The standard dispute fee is written with the decision that escalates a dispute unresolved
// (db/write-decision.ts). The month's end is here (`chargeMonth`): the merchants whose dispute rate
// that month was over the threshold pay a surcharge on each of their disputes escalated in the
// month, retroactively; each surcharge is a ledger row and a `fee.charged` event to the merchant,
// written in one statement. Every row has a unique key (kind, case, escalation), so running the
// month again charges nothing twice and sends nothing twice. `feeStatements` reads the ledger back
// as one statement per merchant.
import { randomUUID } from 'node:crypto';
import {
  Case,
  DEFAULT_POLICY,
  disputeFeeFor,
  feePolicyProblems,
  merchantDisputeView,
  surchargeFor,
  type Json,
  type Policy,
} from '../routing/index.ts';
import type { Db, Queryable } from './driver.ts';
import { merchantDisputeRates, type MerchantDisputeRow } from './merchant-dispute-rates.ts';
import { MERCHANT_DESTINATION_PREFIX } from './outbox.ts';
import { monthRange } from './reports.ts';

export type FeeKind = 'dispute_fee' | 'surcharge';

/** Where a month's purchase counts came from: the CSV given, or the purchase directory's table. */
export type PurchaseSource = 'csv' | 'directory';

export interface FeeRun {
  month: string;
  /** Whether the month was over: surcharges are only charged then. */
  ended: boolean;
  purchaseSource: PurchaseSource;
  /** Rows this run added (0 and 0 on a re-run). */
  added: { disputeFees: number; surcharges: number };
  /** fee.charged events this run wrote (merchants with a webhook URL). */
  events: number;
  /** The month's dispute rates the surcharges were decided on. */
  rates: MerchantDisputeRow[];
}

/** Purchases per shop name in [from, to) in the purchase directory's table. */
export async function directoryPurchaseCounts(q: Queryable, from: Date, to: Date): Promise<Map<string, number>> {
  const { rows } = await q.query<{ merchant_name: string; purchases: number }>(
    `SELECT merchant_name, count(*)::int AS purchases FROM purchases
      WHERE purchase_date >= $1::date AND purchase_date < $2::date GROUP BY merchant_name`,
    [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)],
  );
  return new Map(rows.map((row) => [row.merchant_name, row.purchases]));
}

/**
 * The month's end for `month`: standard fees the ledger lacks are caught up, charges of disputes
 * linked since are moved under their merchant, and, once the month is over, the surcharges of the
 * merchants over the threshold are charged with their events. One transaction; a second run adds
 * nothing. `purchases` (shop name to count, e.g. from the CSV) replaces the purchase directory's
 * counts.
 */
export async function chargeMonth(
  db: Db,
  options: { month: string; now: Date; purchases?: ReadonlyMap<string, number>; policy?: Policy },
): Promise<FeeRun> {
  const policy = options.policy ?? DEFAULT_POLICY;
  const problems = feePolicyProblems(policy);
  if (problems.length) throw new RangeError(`the fee policy is not sound: ${problems.join('; ')}`);
  const { from, to } = monthRange(options.month);
  const ended = options.now.getTime() >= to.getTime();
  return db.transaction(async (tx) => {
    const purchaseSource: PurchaseSource = options.purchases ? 'csv' : 'directory';
    const purchases = options.purchases ?? (await directoryPurchaseCounts(tx, from, to));
    const rates = await merchantDisputeRates(tx, { from, to, purchases, policy });
    await attachLinkedCharges(tx, options.month);
    const disputeFees = await catchUpDisputeFees(tx, { ...options, from, to, policy });
    let surcharges = 0;
    let events = 0;
    if (ended) {
      const flagged = rates.filter((row) => row.flagged && row.merchantId !== null);
      ({ surcharges, events } = await chargeSurcharges(tx, {
        month: options.month,
        from,
        to,
        now: options.now,
        policy,
        flagged,
      }));
    }
    return { month: options.month, ended, purchaseSource, added: { disputeFees, surcharges }, events, rates };
  });
}

/** Charges written while their dispute had no merchant follow the merchant it has been linked to since. */
async function attachLinkedCharges(q: Queryable, month: string): Promise<void> {
  await q.query(
    `UPDATE merchant_fees f SET merchant_id = d.merchant_id
       FROM disputes d
      WHERE d.case_id = f.case_id AND f.merchant_id IS NULL AND d.merchant_id IS NOT NULL AND f.month = $1`,
    [month],
  );
}

/**
 * Disputes that escalated in the month with their fee charged but no row in the ledger (they
 * escalated before it existed) get their standard fee from the policy now. Their merchant was told
 * of the fee when it was charged, so no second event goes out.
 */
async function catchUpDisputeFees(
  q: Queryable,
  input: { month: string; from: Date; to: Date; now: Date; policy: Policy },
): Promise<number> {
  const { rows } = await q.query<{ case_id: number; merchant_id: number | null; escalated_at: Date; state: unknown }>(
    `SELECT c.id::int AS case_id, d.merchant_id::int AS merchant_id, d.escalated_at, c.state
       FROM disputes d JOIN cases c ON c.id = d.case_id
      WHERE d.kind = 'merchant_disagreement' AND d.dispute_fee_charged AND d.escalated_at >= $1 AND d.escalated_at < $2
        AND NOT EXISTS (SELECT 1 FROM merchant_fees f WHERE f.kind = 'dispute_fee' AND f.case_id = d.case_id AND f.escalated_at = d.escalated_at)`,
    [input.from, input.to],
  );
  if (rows.length === 0) return 0;
  const fees = rows.map((row) => {
    const fee = disputeFeeFor(Case.parse(row.state), input.policy);
    return {
      id: randomUUID(),
      case_id: row.case_id,
      merchant_id: row.merchant_id,
      escalated_at: row.escalated_at,
      month: input.month,
      market: fee.market,
      amount_minor: fee.amountMinor,
      currency: fee.currency,
      details: { caughtUp: true },
    };
  });
  const { rows: added } = await q.query<{ added: number }>(
    `WITH added AS (
       INSERT INTO merchant_fees (id, kind, case_id, merchant_id, escalated_at, month, market, amount_minor, currency, details, charged_at)
       SELECT f.id, 'dispute_fee', f.case_id, f.merchant_id, f.escalated_at, f.month, f.market, f.amount_minor, f.currency, f.details, $2
         FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, case_id bigint, merchant_id bigint, escalated_at timestamptz, month text,
                                                 market text, amount_minor bigint, currency text, details jsonb)
       ON CONFLICT (kind, case_id, escalated_at) DO NOTHING
       RETURNING 1
     )
     SELECT count(*)::int AS added FROM added`,
    [JSON.stringify(fees), input.now],
  );
  return added[0]!.added;
}

/**
 * The surcharge on each dispute escalated in the month of each flagged merchant, and its
 * fee.charged event to a merchant with a webhook URL, in one statement: only the rows the unique
 * key lets in get an event, so a re-run adds neither.
 */
async function chargeSurcharges(
  q: Queryable,
  input: { month: string; from: Date; to: Date; now: Date; policy: Policy; flagged: MerchantDisputeRow[] },
): Promise<{ surcharges: number; events: number }> {
  if (input.flagged.length === 0) return { surcharges: 0, events: 0 };
  const byMerchant = new Map(input.flagged.map((row) => [row.merchantId!, row]));
  const { rows } = await q.query<{ case_id: number; merchant_id: number; escalated_at: Date; state: unknown }>(
    `SELECT c.id::int AS case_id, d.merchant_id::int AS merchant_id, d.escalated_at, c.state
       FROM disputes d JOIN cases c ON c.id = d.case_id
      WHERE d.kind = 'merchant_disagreement' AND d.dispute_fee_charged AND d.escalated_at >= $1 AND d.escalated_at < $2
        AND d.merchant_id = ANY($3::bigint[])
      ORDER BY d.escalated_at, c.id`,
    [input.from, input.to, [...byMerchant.keys()]],
  );
  if (rows.length === 0) return { surcharges: 0, events: 0 };
  const charges = rows.map((row, n) => {
    const kase = Case.parse(row.state);
    const rate = byMerchant.get(row.merchant_id)!;
    const surcharge = surchargeFor(kase, input.policy);
    const details: { [key: string]: Json } = {
      disputes: rate.disputes,
      purchases: rate.purchases,
      thresholdPercent: input.policy.disputeRateThreshold * 100,
      cap: { amount: surcharge.cap.amountMinor, currency: surcharge.cap.currency },
      capped: surcharge.capped,
      disputed: kase.dispute?.amountMinor ?? null,
      disputedCurrency: kase.dispute?.currency ?? null,
    };
    const fee: { [key: string]: Json } = {
      kind: 'surcharge',
      amount: surcharge.amountMinor,
      currency: surcharge.currency,
      month: input.month,
      disputes: rate.disputes,
      purchases: rate.purchases,
      cap: details.cap!,
    };
    return {
      n,
      id: randomUUID(),
      case_id: row.case_id,
      merchant_id: row.merchant_id,
      escalated_at: row.escalated_at,
      market: surcharge.market,
      amount_minor: surcharge.amountMinor,
      currency: surcharge.currency,
      details,
      event: { dispute: { ...merchantDisputeView(kase) }, fee },
    };
  });
  const { rows: counts } = await q.query<{ surcharges: number; events: number }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS f(n int, id uuid, case_id bigint, merchant_id bigint,
         escalated_at timestamptz, market text, amount_minor bigint, currency text, details jsonb, event jsonb)
     ), added AS (
       INSERT INTO merchant_fees (id, kind, case_id, merchant_id, escalated_at, month, market, amount_minor, currency, details, charged_at)
       SELECT i.id, 'surcharge', i.case_id, i.merchant_id, i.escalated_at, $2, i.market, i.amount_minor, i.currency, i.details, $3
         FROM input i ORDER BY i.n
       ON CONFLICT (kind, case_id, escalated_at) DO NOTHING
       RETURNING id
     ), sent AS (
       INSERT INTO outbox (id, destination, type, case_id, data, created_at, next_attempt_at)
       SELECT i.id, '${MERCHANT_DESTINATION_PREFIX}' || i.merchant_id, 'fee.charged', i.case_id, i.event, $3, $3
         FROM added a JOIN input i ON i.id = a.id JOIN merchants m ON m.id = i.merchant_id AND m.webhook_url IS NOT NULL
        ORDER BY i.n
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM added)::int AS surcharges, (SELECT count(*) FROM sent)::int AS events`,
    [JSON.stringify(charges), input.month, input.now],
  );
  return counts[0]!;
}

export interface FeeLine {
  /** The ledger row's id; also the id of the fee.charged event that told the merchant. */
  id: string;
  kind: FeeKind;
  caseRef: string;
  escalatedAt: string;
  market: string;
  amount: number;
  currency: string;
  chargedAt: string;
  details: { [key: string]: Json };
}

export interface FeeTotal {
  currency: string;
  disputeFees: number;
  surcharges: number;
  total: number;
}

export interface MerchantStatement {
  month: string;
  /** Null on the charges of disputes no merchant is linked to yet. */
  merchant: { id: number; name: string } | null;
  figures: {
    disputes: number;
    escalated: number;
    purchases: number | null;
    purchaseSource: PurchaseSource;
    /** disputes ÷ purchases; null without a purchase count. */
    rate: number | null;
    thresholdPercent: number;
    overThreshold: boolean;
  };
  fees: FeeLine[];
  /** Per currency, in minor units. */
  totals: FeeTotal[];
}

/** Amounts are bigint in the table: read as text, kept exact, refused if past Number's exact range. */
function minor(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount ${text} is past the exact range`);
  return value;
}

/**
 * The month's statement of each merchant with disputes or charges in it, in the order of the
 * rates (most disputes first); the charges of unlinked disputes last, as a statement of no merchant.
 */
export async function feeStatements(
  q: Queryable,
  input: { month: string; rates: readonly MerchantDisputeRow[]; purchaseSource: PurchaseSource; policy?: Policy },
): Promise<MerchantStatement[]> {
  const policy = input.policy ?? DEFAULT_POLICY;
  const { rows } = await q.query<{
    id: string;
    kind: FeeKind;
    merchant_id: number | null;
    merchant: string | null;
    ref: string;
    escalated_at: Date;
    market: string;
    amount_minor: string;
    currency: string;
    charged_at: Date;
    details: { [key: string]: Json };
  }>(
    `SELECT f.id, f.kind, f.merchant_id::int AS merchant_id, m.name AS merchant, c.ref, f.escalated_at, f.market,
            f.amount_minor::text AS amount_minor, f.currency, f.charged_at, f.details
       FROM merchant_fees f JOIN cases c ON c.id = f.case_id LEFT JOIN merchants m ON m.id = f.merchant_id
      WHERE f.month = $1
      ORDER BY f.escalated_at, c.ref, f.kind`,
    [input.month],
  );
  const keyOf = (id: number | null) => (id === null ? 'unlinked' : String(id));
  const statements = new Map<string, MerchantStatement>();
  const statementFor = (id: number | null, name: string | null): MerchantStatement => {
    const key = keyOf(id);
    let statement = statements.get(key);
    if (!statement) {
      const rate = input.rates.find((row) => row.merchantId === id);
      statement = {
        month: input.month,
        merchant: id === null ? null : { id, name: name ?? rate?.merchant ?? String(id) },
        figures: {
          disputes: rate?.disputes ?? 0,
          escalated: rate?.escalated ?? 0,
          purchases: rate?.purchases ?? null,
          purchaseSource: input.purchaseSource,
          rate: rate?.rate ?? null,
          thresholdPercent: policy.disputeRateThreshold * 100,
          overThreshold: rate?.flagged ?? false,
        },
        fees: [],
        totals: [],
      };
      statements.set(key, statement);
    }
    return statement;
  };
  for (const rate of input.rates) statementFor(rate.merchantId, rate.merchantId === null ? null : rate.merchant);
  for (const row of rows) {
    statementFor(row.merchant_id, row.merchant).fees.push({
      id: row.id,
      kind: row.kind,
      caseRef: row.ref,
      escalatedAt: new Date(row.escalated_at).toISOString(),
      market: row.market,
      amount: minor(row.amount_minor),
      currency: row.currency,
      chargedAt: new Date(row.charged_at).toISOString(),
      details: row.details,
    });
  }
  for (const statement of statements.values()) {
    const totals = new Map<string, FeeTotal>();
    for (const fee of statement.fees) {
      const total = totals.get(fee.currency) ?? { currency: fee.currency, disputeFees: 0, surcharges: 0, total: 0 };
      if (fee.kind === 'dispute_fee') total.disputeFees += fee.amount;
      else total.surcharges += fee.amount;
      total.total += fee.amount;
      totals.set(fee.currency, total);
    }
    statement.totals = [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  }
  const all = [...statements.values()];
  return [
    ...all.filter((s) => s.merchant !== null),
    ...all.filter((s) => s.merchant === null && (s.fees.length > 0 || s.figures.disputes > 0)),
  ];
}
