// The purchases table (migration 0012): the purchase directory's source for the embedded default
// and demos, filled by `npm run purchases -- import FILE.jsonl`. A purchase belongs to the
// consumer as the company's systems know them (an identity token's subject), as the payments
// core's own answer would.
import { z } from 'zod';
import { Purchase } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

/** One line of an import file: a purchase and whose it is. Unknown fields are refused (a typo). */
export const PurchaseLine = Purchase.extend({
  consumerId: z.string().trim().min(1, { message: 'must not be empty' }).max(255),
}).strict();
export type PurchaseLine = z.infer<typeof PurchaseLine>;

export interface ImportCounts {
  added: number;
  changed: number;
  unchanged: number;
}

/** A purchase in the file is already there as another consumer's: a purchase never changes hands. */
export class PurchaseOwnerError extends Error {
  override name = 'PurchaseOwnerError';
  constructor(readonly purchaseId: string) {
    super(`purchase ${purchaseId} is already recorded for another consumer`);
  }
}

const COLUMNS = `id, consumer_id, merchant_name, amount_minor, currency, purchase_date, order_number, invoice_id, invoice_state, due_date`;
const INPUT = `
  input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(id text, consumer_id text, merchant_name text, amount_minor bigint, currency text,
      purchase_date date, order_number text, invoice_id text, invoice_state text, due_date date)
  )`;

/**
 * Writes `lines` keyed on the purchase id: a new id is added, a known one updated where it
 * differs, so importing a file again changes nothing. Give it a transaction for a whole file:
 * a purchase recorded for another consumer throws PurchaseOwnerError and nothing of the batch
 * is written.
 */
export async function upsertPurchases(q: Queryable, lines: readonly PurchaseLine[], at: Date): Promise<ImportCounts> {
  if (lines.length === 0) return { added: 0, changed: 0, unchanged: 0 };
  const rows = JSON.stringify(
    lines.map((line) => ({
      id: line.id,
      consumer_id: line.consumerId,
      merchant_name: line.merchant,
      amount_minor: line.amountMinor,
      currency: line.currency,
      purchase_date: line.purchaseDate,
      order_number: line.orderNumber,
      invoice_id: line.invoiceId,
      invoice_state: line.invoiceState,
      due_date: line.dueDate,
    })),
  );
  const owned = await q.query<{ id: string }>(
    `WITH ${INPUT} SELECT t.id FROM purchases t JOIN input ON input.id = t.id WHERE t.consumer_id <> input.consumer_id ORDER BY t.id LIMIT 1`,
    [rows],
  );
  if (owned.rows[0]) throw new PurchaseOwnerError(owned.rows[0].id);
  const { rows: counted } = await q.query<{ added: number; changed: number }>(
    `WITH ${INPUT},
     written AS (
       INSERT INTO purchases AS t (${COLUMNS}, imported_at, updated_at)
       SELECT ${COLUMNS}, $2, $2 FROM input
       ON CONFLICT (id) DO UPDATE SET
         merchant_name = EXCLUDED.merchant_name, amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
         purchase_date = EXCLUDED.purchase_date, order_number = EXCLUDED.order_number, invoice_id = EXCLUDED.invoice_id,
         invoice_state = EXCLUDED.invoice_state, due_date = EXCLUDED.due_date, updated_at = EXCLUDED.updated_at
       -- an unchanged line writes no row version: a re-import is a read; the owner is checked
       -- above, and again here for an import of the same id running beside this one
       WHERE t.consumer_id = EXCLUDED.consumer_id
         AND (t.merchant_name, t.amount_minor, t.currency, t.purchase_date, t.order_number, t.invoice_id, t.invoice_state, t.due_date)
             IS DISTINCT FROM
             (EXCLUDED.merchant_name, EXCLUDED.amount_minor, EXCLUDED.currency, EXCLUDED.purchase_date, EXCLUDED.order_number,
              EXCLUDED.invoice_id, EXCLUDED.invoice_state, EXCLUDED.due_date)
       -- xmax is 0 on a row this statement inserted, set on one it updated
       RETURNING (t.xmax = 0) AS added
     )
     SELECT count(*) FILTER (WHERE added)::int AS added, count(*) FILTER (WHERE NOT added)::int AS changed FROM written`,
    [rows, at],
  );
  const { added, changed } = counted[0]!;
  return { added, changed, unchanged: lines.length - added - changed };
}

type PurchaseRow = {
  id: string;
  merchant_name: string;
  amount_minor: number | string;
  currency: string;
  purchase_date: string;
  order_number: string | null;
  invoice_id: string | null;
  invoice_state: string;
  due_date: string | null;
};

/**
 * The purchases of `customerId` (the consumer as the company knows them) bought on `since` or
 * later, newest first, at most `limit`.
 */
export async function purchasesOf(
  q: Queryable,
  customerId: string,
  options: { since: string; limit: number },
): Promise<Purchase[]> {
  const { rows } = await q.query<PurchaseRow>(
    `SELECT id, merchant_name, amount_minor, currency, to_char(purchase_date, 'YYYY-MM-DD') AS purchase_date, order_number,
            invoice_id, invoice_state, to_char(due_date, 'YYYY-MM-DD') AS due_date
       FROM purchases
      WHERE consumer_id = $1 AND purchase_date >= $2::date
      ORDER BY purchase_date DESC, id
      LIMIT $3`,
    [customerId, options.since, options.limit],
    { name: 'ombud_purchases_of' },
  );
  return rows.map((row) =>
    Purchase.parse({
      id: row.id,
      merchant: row.merchant_name,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      purchaseDate: row.purchase_date,
      orderNumber: row.order_number,
      invoiceId: row.invoice_id,
      invoiceState: row.invoice_state,
      dueDate: row.due_date,
    }),
  );
}
