// A consumer's purchases as the company's payments core knows them, and what the domain asks of
// them: which of them fit what the consumer described, and when two reports name one purchase.
// Where the purchases come from (the core over HTTP, or the purchases table) is the caller's
// business; the record is the same from either source, and it is the wire format too (docs/purchases.md).
import { z } from 'zod';
import { foldForIntent } from '../intents/normalise.ts';
import type { OpenEntities } from './commands.ts';

/** The invoice of a purchase as the payments core reports it (not the case's `InvoiceState`). */
export const PURCHASE_INVOICE_STATES = ['open', 'overdue', 'paid', 'paused', 'charged_back', 'cancelled'] as const;
export const PurchaseInvoiceState = z.enum(PURCHASE_INVOICE_STATES);
export type PurchaseInvoiceState = z.infer<typeof PurchaseInvoiceState>;

// Intl knows the currencies in use; a code it does not know is a typo, not a currency.
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY_PATTERN, { message: 'must be a date written YYYY-MM-DD' })
  // Runs after a failed pattern too: only a well-written day is checked against the calendar
  // (month 13 does not parse; 30 February parses as 2 March).
  .refine((value) => !DAY_PATTERN.test(value) || isCalendarDay(value), { message: 'is not a day of the calendar' });

function isCalendarDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** A purchase id: what the core calls it, safe to print and to put in a URL. */
export const PurchaseId = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, {
  message: 'must be 1 to 100 letters, digits, dots, colons, dashes or underscores',
});

export const Purchase = z.object({
  id: PurchaseId,
  /** The shop's name as the core has it. */
  merchant: z.string().trim().min(1, { message: 'must not be empty' }).max(200),
  /** In minor units (öre, cents): 89900 SEK is 899 kr. */
  amountMinor: z
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number of minor units (89900 for 899.00)' })
    .nonnegative({ message: 'must not be negative' })
    .max(Number.MAX_SAFE_INTEGER),
  currency: z
    .string()
    .refine((code) => KNOWN_CURRENCIES.has(code), { message: 'must be an ISO 4217 code such as SEK, NOK, DKK or EUR' }),
  /** The day it was bought, YYYY-MM-DD. */
  purchaseDate: day,
  orderNumber: z.string().trim().min(1).max(100).nullable().default(null),
  invoiceId: z.string().trim().min(1).max(100).nullable().default(null),
  invoiceState: PurchaseInvoiceState,
  dueDate: day.nullable().default(null),
});
export type Purchase = z.infer<typeof Purchase>;

/**
 * The part of a name that tells the shop: case, diacritics, a web domain, a legal form and
 * punctuation dropped. "Zalando", "zalando.se", "ZALANDO SE" and "Zalándo" give one key;
 * "Hjem og Hage AS" gives "hjemoghage". Digits stay ("Punkt1" is not "Punkt2").
 */
export function merchantKey(name: string): string {
  const bare = name
    .trim()
    .replace(
      /[\s,]+(?:ab|publ|\(publ\)|as|asa|aps|a\/s|oy|oyj|ab oy|gmbh|ag|kg|se|ltd|limited|inc|llc|bv|nv|plc)\.?$/iu,
      '',
    )
    .replace(/^(?:https?:\/\/)?(?:www\.)?/iu, '')
    .replace(/\.(?:se|no|dk|fi|de|at|ch|com|net|org|eu|nu|co\.uk|uk|shop|store)\/?$/iu, '');
  const key = fold(bare);
  return key || fold(name);
}

function fold(text: string): string {
  // foldForIntent writes every digit as 0 (for the classifier's features); digits are kept here.
  return text
    .split(/(\d+)/)
    .map((part, index) => (index % 2 === 1 ? part : foldForIntent(part)))
    .join('')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * An order number as a key: people and systems write "ZA-1234 5678" and "za12345678" for one.
 */
export function orderKey(orderNumber: string): string {
  return orderNumber.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/** What the consumer said about the purchase so far; any part may be missing. */
export interface DescribedPurchase {
  merchant?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  /** YYYY-MM-DD */
  date?: string | null;
  orderNumber?: string | null;
}

/**
 * The purchases that may be the one described, best first: a named shop and an amount must match;
 * an order number picks its purchase when one has it, and otherwise leaves out only purchases with
 * another; a date only ranks (a consumer often gives the delivery day, or a week for a day). With
 * nothing described, the newest. At most `limit`, as buttons.
 */
export function purchasesFitting(purchases: readonly Purchase[], described: DescribedPurchase, limit = 5): Purchase[] {
  const shop = described.merchant ? merchantKey(described.merchant) : null;
  const order = described.orderNumber ? orderKey(described.orderNumber) : null;
  const target = described.date ? Date.parse(`${described.date}T00:00:00Z`) : NaN;
  const distance = (p: Purchase) =>
    Number.isNaN(target) ? 0 : Math.abs(Date.parse(`${p.purchaseDate}T00:00:00Z`) - target);
  const fitting = purchases.filter(
    (p) =>
      (shop === null || sameShop(merchantKey(p.merchant), shop)) &&
      (described.amountMinor == null || p.amountMinor === described.amountMinor) &&
      (!described.currency || p.currency === described.currency) &&
      (order === null || p.orderNumber === null || orderKey(p.orderNumber) === order),
  );
  const ordered = fitting.filter((p) => order !== null && p.orderNumber !== null);
  return (ordered.length > 0 ? ordered : fitting)
    .sort(
      (a, b) => distance(a) - distance(b) || b.purchaseDate.localeCompare(a.purchaseDate) || a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}

/** "Zalando" fits "Zalando Lounge"; two letters ("hm") only fit themselves. */
function sameShop(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

/** The facts a case keeps when the consumer picked `purchase`: the case then points at it. */
export function purchaseEntities(purchase: Purchase): OpenEntities {
  return {
    purchaseId: purchase.id,
    merchant: purchase.merchant,
    amountMinor: purchase.amountMinor,
    currency: purchase.currency,
    orderNumber: purchase.orderNumber,
    purchaseDate: purchase.purchaseDate,
  };
}
