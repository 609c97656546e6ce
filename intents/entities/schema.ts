// The shape of what extractEntities() returns; a zod schema because entities are stored
// with the message and handed to other modules (dialog, routing, the agent desk).
import { z } from 'zod';

/**
 * ISO 4217 codes, plus `KR` for a Nordic krona/krone whose country the message does not
 * tell ("299 kr" with no language given); with a language, `kr` becomes SEK, NOK or DKK.
 */
export const Currency = z.enum(['SEK', 'NOK', 'DKK', 'EUR', 'CHF', 'USD', 'GBP', 'KR']);
export type Currency = z.infer<typeof Currency>;

export const Amount = z.object({
  value: z.number().nonnegative(),
  currency: Currency,
  /** As written, e.g. "1 299,50 kr". */
  text: z.string(),
});
export type Amount = z.infer<typeof Amount>;

export const DateMention = z.object({
  /** ISO 8601: YYYY-MM-DD when the year is written, else the year-less --MM-DD. */
  value: z.string().regex(/^(?:\d{4}|-)-\d{2}-\d{2}$/),
  year: z.number().int().nullable(),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  /** As written, e.g. "3. März". */
  text: z.string(),
});
export type DateMention = z.infer<typeof DateMention>;

export const Entities = z.object({
  /** Numbers introduced as an order (order, ordernummer, bestilling, tilaus, Bestellung, ...). */
  orderNumbers: z.array(z.string()),
  /** Other numbers introduced by a cue: payment reference (OCR, KID, viite), invoice, parcel, customer. */
  referenceNumbers: z.array(z.string()),
  /** Ombud case references, upper-cased: OMB-2024-00042. */
  caseRefs: z.array(z.string()),
  amounts: z.array(Amount),
  dates: z.array(DateMention),
  /** Shop names the consumer states ("from Zalando", "hos Elgiganten", "kaupasta Verkkokauppa"). */
  merchants: z.array(z.string()),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
});
export type Entities = z.infer<typeof Entities>;
