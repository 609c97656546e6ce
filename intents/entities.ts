// Entities in a consumer's message: order and reference numbers, case references, amounts,
// dates, merchants, e-mail addresses and phone numbers. Pure and synchronous; runs on the
// original text (the database copy) after findPii(), so that a personal identity number,
// card or IBAN is never reported as an order number, amount or date.
import type { DetectedLanguage } from './labels.ts';
import { findPii, type PiiMatch } from './redact.ts';
import { findAmounts } from './entities/amounts.ts';
import { findDates } from './entities/dates.ts';
import { findMerchants } from './entities/merchants.ts';
import { findCaseRefs, findOrderNumbers, findReferenceNumbers, type FoundNumber } from './entities/references.ts';
import type { Entities } from './entities/schema.ts';

export { Amount, Currency, DateMention, Entities } from './entities/schema.ts';

export interface ExtractOptions {
  /** The message's language, when known: decides whether "kr" is SEK, NOK or DKK. */
  language?: DetectedLanguage;
  /** findPii(text), when the caller already has it (it also redacts): saves a second scan. */
  pii?: readonly PiiMatch[];
}

interface Span {
  start: number;
  end: number;
}

function overlapsAny(s: Span, list: readonly Span[]): boolean {
  for (const b of list) if (s.start < b.end && b.start < s.end) return true;
  return false;
}

function unique(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

export function extractEntities(text: string, options: ExtractOptions = {}): Entities {
  const pii = options.pii ?? findPii(text);
  // Personal numbers, cards and IBANs are never read as anything else.
  const secret: readonly Span[] = pii.filter((p) => p.kind === 'personal_id' || p.kind === 'card' || p.kind === 'iban');
  const keepNumbers = (found: FoundNumber[]) => found.filter((f) => !overlapsAny(f, pii)).map((f) => f.value);

  const orders = findOrderNumbers(text).filter((f) => !overlapsAny(f, pii));
  const references = findReferenceNumbers(text).filter((f) => !overlapsAny(f, pii) && !overlapsAny(f, orders));
  const caseRefs = findCaseRefs(text);
  const taken: Span[] = [...pii, ...orders, ...references, ...caseRefs];

  const amounts = findAmounts(text, options.language).filter((a) => !overlapsAny(a, taken));
  taken.push(...amounts);
  const dates = findDates(text, taken);
  const merchants = findMerchants(text).filter((m) => !overlapsAny(m, secret) && !overlapsAny(m, pii));

  return {
    orderNumbers: unique(orders.map((o) => o.value)),
    referenceNumbers: unique(keepNumbers(references)),
    caseRefs: unique(caseRefs.map((c) => c.value)),
    amounts: amounts.map(({ value, currency, text: written }) => ({ value, currency, text: written })),
    dates,
    merchants: unique(merchants.map((m) => m.name)),
    emails: unique(pii.filter((p) => p.kind === 'email').map((p) => text.slice(p.start, p.end))),
    phones: unique(pii.filter((p) => p.kind === 'phone').map((p) => text.slice(p.start, p.end))),
  };
}
