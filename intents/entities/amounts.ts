// Money amounts with a currency: "1 299,50 kr", "1.299,50 €", "€45", "45 EUR", "299:-",
// "450,-", "SEK 1 299", "45 euroa", and Swiss francs: "CHF 89.90", "Fr. 1'299.–", "129.– Franken".
// A number without a currency is not an amount.
import type { DetectedLanguage } from '../labels.ts';
import type { Amount, Currency } from './schema.ts';

// Either grouped thousands (space, no-break space, dot, comma or apostrophe between
// groups of three) or a plain number, then optionally one or two decimals. At most four groups
// after the first (999 999 999 999 999): a try may start at every group of a long run such as
// "123 123 123 ...", and with no bound each try read to the run's end (quadratic).
const NUMBER = String.raw`\d{1,3}(?:[ \u00A0\u202F.,'’]\d{3}){1,4}(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const BEFORE = String.raw`€|\$|£|eur|sek|nok|dkk|usd|gbp|chf|sfr\.?|fr\.|kr\.?`;
// Whole francs or euros written with a dash for the cents: "129.–", "1'299.-", "49,–".
const NO_CENTS = String.raw`(?:[.,][-–—]{1,2})?`;
// "spänn" is Swedish slang for kronor ("500 spänn").
// A krona named by its country ("649 svenske kroner", "450 ruotsin kruunua"), Finnish "kruunua"
// (a Swedish krona, unless another country is named) and "dollaria".
const COUNTRY_KRONA = String.raw`(?:svenske|svenska|swedish|schwedische|schwedischen|ruotsin|norske|norska|norwegian|norwegische|norwegischen|norjan|danske|danska|danish|dänische|dänischen|tanskan)\s+(?:kroner|kronor|krona|kronen|krone|kruunua|kruunun|kruunu|crowns?|kroners)`;
const AFTER = String.raw`${COUNTRY_KRONA}|kruunua|kruunun|kruunu|dollaria|dollarin|dollari|puntaa|punnan|punta|pund|pfund|kr\.?|kronor|kronur|kroner|krone|krona|kronen|spänn|sek|nok|dkk|eur|euro(?:illa|ilta|lla|lle|lta|sta|ssa|ksi|ina|on|oo|a|s|n|t)?|€|usd|dollars?|\$|gbp|pounds?|£|chf|sfr\.?|fr\.|franken|franke|stutz|:-|,-`;

const AMOUNT = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:(${BEFORE})\s?(${NUMBER})${NO_CENTS}|(${NUMBER})${NO_CENTS}\s?(${AFTER}))(?![\p{L}\p{N}])`,
  'giu',
);

const KRONE_BY_LANGUAGE: Partial<Record<DetectedLanguage, Currency>> = { sv: 'SEK', no: 'NOK', da: 'DKK' };

function currencyOf(written: string, language: DetectedLanguage | undefined): Currency {
  const w = written.toLowerCase();
  // "svenske kroner", "ruotsin kruunua": the country says which krona.
  const country = /^(\S+)\s+\S+$/u.exec(w)?.[1];
  if (country) {
    if (/^(?:svensk|swedish|schwed|ruotsi)/u.test(country)) return 'SEK';
    if (/^(?:norsk|norweg|norja)/u.test(country)) return 'NOK';
    if (/^(?:dansk|danish|dänisch|tanska)/u.test(country)) return 'DKK';
  }
  if (w.startsWith('kruunu')) return 'SEK';
  if (w.startsWith('dollari')) return 'USD';
  if (/^(?:punta|puntaa|punnan|pund|pfund)$/u.test(w)) return 'GBP';
  switch (w) {
    case 'sek':
    case 'kronor':
    case 'krona':
    case 'spänn':
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
    case 'chf':
    case 'sfr':
    case 'sfr.':
    case 'fr.':
    case 'franken':
    case 'franke':
    case 'stutz':
      return 'CHF';
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

const MINOR_UNIT_DIGITS = new Map<string, number>();

/** How many digits a currency's minor unit has (öre, cents: 2; ISK, JPY: 0), as ISO 4217 says. */
export function minorUnitDigits(currency: string): number {
  // A number format is costly to make (a message can hold hundreds of amounts); the codes are few.
  let digits = MINOR_UNIT_DIGITS.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      // `KR` (a krona of no known country) and other codes Intl does not know: the Nordic 2.
      digits = 2;
    }
    // Only codes of three letters are kept, so no text can make the table grow without end.
    if (/^[A-Z]{3}$/.test(currency)) MINOR_UNIT_DIGITS.set(currency, digits);
  }
  return digits;
}

/**
 * A written number as an integer of minor units, read digit by digit so that no float ever holds
 * the money: "1 299,50" -> 129950 öre, "12,5" -> 1250, "1.299" -> 129900. The same reading of
 * thousands groups and decimal mark as parseAmountNumber. Undefined when there is no number, it
 * is too large to count exactly, or it has more decimals than the currency's minor unit.
 */
export function parseAmountMinor(written: string, currency = 'SEK'): number | undefined {
  const decimal = /[.,](\d{1,2})$/.exec(written);
  const whole = (decimal ? written.slice(0, decimal.index) : written).replace(/[^\d]/g, '');
  const fraction = decimal?.[1] ?? '';
  const digits = minorUnitDigits(currency);
  if (whole === '' && fraction === '') return undefined;
  if (fraction.length > digits) return undefined;
  const minor = Number(`${whole || '0'}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** A found amount: `amountMinor` is exact (an integer of minor units); `value` only approximates it. */
export type FoundAmount = Amount & { amountMinor: number; start: number; end: number };

/** "5.12", "27.11": a day and a month ("Fr. 5.12" is a Friday); "49.90" is none. */
function dayAndMonth(number: string): boolean {
  const m = /^(\d{1,2})\.(\d{1,2})$/u.exec(number);
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 31 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function findAmounts(text: string, language?: DetectedLanguage): FoundAmount[] {
  const found: FoundAmount[] = [];
  const pattern = new RegExp(AMOUNT.source, AMOUNT.flags);
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const number = m[2] ?? m[3]!;
    // "Fr." before a sum is Swiss francs only written so: not "fr. 499 kr" (Swedish "from") or "fr.
    // 27.11" (Norwegian fredag), nor a day and a month after it ("Am Fr. 5.12 bestellt").
    if (m[1]?.toLowerCase() === 'fr.' && (m[1] !== 'Fr.' || dayAndMonth(number))) {
      // Read on from the number: "fr. 499 kr" still holds 499 kr.
      pattern.lastIndex = m.index + m[1].length;
      continue;
    }
    const currency = currencyOf(m[1] ?? m[4]!, language);
    const amountMinor = parseAmountMinor(number, currency);
    // A number too large to count exactly in minor units is not money anyone paid.
    if (amountMinor === undefined) continue;
    found.push({
      value: parseAmountNumber(number),
      amountMinor,
      currency,
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return found;
}
