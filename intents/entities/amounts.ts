// Money amounts with a currency: "1 299,50 kr", "1.299,50 €", "€45", "45 EUR", "299:-",
// "450,-", "SEK 1 299", "45 euroa". A number without a currency is not an amount.
import type { DetectedLanguage } from '../labels.ts';
import type { Amount, Currency } from './schema.ts';

// Either grouped thousands (space, no-break space, dot, comma or apostrophe between
// groups of three) or a plain number, then optionally one or two decimals. At most four groups
// after the first (999 999 999 999 999): a try may start at every group of a long run such as
// "123 123 123 ...", and with no bound each try read to the run's end (quadratic).
const NUMBER = String.raw`\d{1,3}(?:[ \u00A0\u202F.,']\d{3}){1,4}(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const BEFORE = String.raw`€|\$|£|eur|sek|nok|dkk|usd|gbp|kr\.?`;
const AFTER = String.raw`kr\.?|kronor|kronur|kroner|krone|krona|kronen|sek|nok|dkk|eur|euro(?:a|s|n)?|€|usd|dollars?|\$|gbp|pounds?|£|:-|,-`;

const AMOUNT = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:(${BEFORE})\s?(${NUMBER})(?:,-)?|(${NUMBER})\s?(${AFTER}))(?![\p{L}\p{N}])`,
  'giu',
);

const KRONE_BY_LANGUAGE: Partial<Record<DetectedLanguage, Currency>> = { sv: 'SEK', no: 'NOK', da: 'DKK' };

function currencyOf(written: string, language: DetectedLanguage | undefined): Currency {
  const w = written.toLowerCase();
  switch (w) {
    case 'sek':
    case 'kronor':
    case 'krona':
    case ':-': // "299:-" is written only in Sweden
      return 'SEK';
    case 'nok':
      return 'NOK';
    case 'dkk':
      return 'DKK';
    case 'usd':
    case '$':
    case 'dollar':
    case 'dollars':
      return 'USD';
    case 'gbp':
    case '£':
    case 'pound':
    case 'pounds':
      return 'GBP';
  }
  if (w === '€' || w.startsWith('eur')) return 'EUR';
  // kr, kr., krone, kroner, kronen, kronur, ",-": a krona of the writer's country.
  return (language && KRONE_BY_LANGUAGE[language]) ?? 'KR';
}

/** "1 299,50" -> 1299.5; "1.299" -> 1299; "12,5" -> 12.5 (a separator before 1-2 final digits is the decimal mark). */
export function parseAmountNumber(written: string): number {
  const decimal = /[.,](\d{1,2})$/.exec(written);
  const whole = (decimal ? written.slice(0, decimal.index) : written).replace(/[^\d]/g, '');
  return Number(decimal ? `${whole}.${decimal[1]}` : whole);
}

export function findAmounts(text: string, language?: DetectedLanguage): Array<Amount & { start: number; end: number }> {
  const found: Array<Amount & { start: number; end: number }> = [];
  for (const m of text.matchAll(AMOUNT)) {
    const number = m[2] ?? m[3]!;
    const currency = currencyOf(m[1] ?? m[4]!, language);
    found.push({
      value: parseAmountNumber(number),
      currency,
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return found;
}
