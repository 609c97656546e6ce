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

const NO_NUMBERS: FoundNumber[] = [];
const HAS_DIGIT = /\d/;

export function extractEntities(text: string, options: ExtractOptions = {}): Entities {
  const pii = options.pii ?? findPii(text);
  // Every entity but a merchant holds a digit; most chat messages have none, and this
  // test is far cheaper than the scans it saves.
  const hasDigit = HAS_DIGIT.test(text);
  const orders = hasDigit ? findOrderNumbers(text).filter((f) => !overlapsAny(f, pii)) : NO_NUMBERS;
  const references = hasDigit
    ? findReferenceNumbers(text).filter((f) => !overlapsAny(f, pii) && !overlapsAny(f, orders))
    : NO_NUMBERS;
  const caseRefs = hasDigit ? findCaseRefs(text) : NO_NUMBERS;
  const taken: Span[] = [...pii, ...orders, ...references, ...caseRefs];

  const amounts = hasDigit ? findAmounts(text, options.language).filter((a) => !overlapsAny(a, taken)) : [];
  taken.push(...amounts);
  const dates = hasDigit ? findDates(text, taken) : [];
  // Personal numbers, cards, IBANs and the rest of the PII are never read as a merchant.
  const merchants = findMerchants(text).filter((m) => !overlapsAny(m, pii));

  return {
    orderNumbers: unique(orders.map((o) => o.value)),
    referenceNumbers: unique(references.map((r) => r.value)),
    caseRefs: unique(caseRefs.map((c) => c.value)),
    amounts: amounts.map(({ value, currency, text: written }) => ({ value, currency, text: written })),
    dates,
    merchants: unique(merchants.map((m) => m.name)),
    emails: unique(pii.filter((p) => p.kind === 'email').map((p) => text.slice(p.start, p.end))),
    phones: unique(pii.filter((p) => p.kind === 'phone').map((p) => text.slice(p.start, p.end))),
  };
}
