// An amount typed as the answer to "how much was it?": with its currency ("1.499 kr", "2 450 NOK",
// "79,90 euroa", "€12.50") or bare ("649", "69,95", "ca 300"). A bare number is read in the
// currency of the consumer's market, and "kr" alone as the krona of their language or market.
import { findAmounts, parseAmountNumber } from '../../../intents/entities/amounts.ts';
import { findDates } from '../../../intents/entities/dates.ts';
import type { Language } from '../../../intents/labels.ts';
import { CORRECTION_OPENERS } from './lexicon.ts';
import { numberInWordsAt, type SpelledNumber, spelledNumbers } from './number-words.ts';
import { compilePhrases, indexPhrases, phraseAt, plain, wordsOf } from './text.ts';

export interface ReadAmount {
  amountMinor: number;
  currency: string;
}

/** The currency a consumer means by "kr" or by a bare number. */
export const MARKET_CURRENCY: Record<string, string> = {
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  FI: 'EUR',
  DE: 'EUR',
  AT: 'EUR',
  CH: 'CHF',
};
const LANGUAGE_CURRENCY: Record<Language, string> = {
  sv: 'SEK',
  no: 'NOK',
  da: 'DKK',
  fi: 'EUR',
  de: 'EUR',
  en: 'SEK',
};

/** The currency of a market (from the session's locale, e.g. "en-NO"), else of the language. */
export function defaultCurrency(language: Language, market?: string | null): string {
  return (market && MARKET_CURRENCY[market]) ?? LANGUAGE_CURRENCY[language];
}

// A whole answer that is only a number, maybe with "about" in front or a dash after:
// "649", "69,95", "1 299", "ca. 300", "noin 50", "etwa 30", "about 40", "1299:-".
/** "About" before a sum, as typed: "ca", "omkring", "noin", "etwa", "about". */
const ABOUT = [
  'ca',
  'cirka',
  'circa',
  'omkring',
  'runt',
  'ungefär',
  'ungefar',
  'rundt',
  'omtrent',
  'noin',
  'suunnilleen',
  'etwa',
  'ungefähr',
  'ungefahr',
  'about',
  'around',
  'approx',
  'approximately',
  'roughly',
];
const BARE = new RegExp(
  String.raw`^(?:(?:${ABOUT.join('|')})\.?\s+)?(\d{1,3}(?:[ \u00A0\u202F.]\d{3})+(?:[.,]\d{1,2})?|\d{1,7}(?:[.,]\d{1,2})?)\s*(?::-|,-)?$`,
  'iu',
);

/**
 * The amount in `text`, or undefined. An amount with a currency wins; then a bare number when
 * the whole answer is that number. `market` is the consumer's country (from the locale).
 */
export function readAmount(text: string, language: Language, market?: string | null): ReadAmount | undefined {
  const read = readAnyAmount(text, language, market);
  // "0", "0 kr": no price anyone paid; the question is asked again.
  return read && read.amountMinor > 0 ? read : undefined;
}

function readAnyAmount(typed: string, language: Language, market?: string | null): ReadAmount | undefined {
  const text = withThousands(typed);
  const currency = defaultCurrency(language, market);
  const written = findAmounts(text, language).find((amount) => amount.amountMinor > 0);
  if (written) {
    // "£0 sorry it was 89 kr", "499 kr, nej vänta 459": the amount after a slip taken back.
    const restated = restatedAmount(text.slice(written.end), language, market);
    if (restated) return restated;
    // "kr" is a krona; a bare ",-" ("89,-") is written in Germany too, for euros.
    const unnamed =
      written.currency === 'KR' ? (/kr/i.test(written.text) ? krona(language, market) : currency) : written.currency;
    return { amountMinor: Math.round(written.value * 100), currency: unnamed };
  }
  // Without a currency, a date is not an amount ("30.11.", "3.12.2026").
  if (findDates(text, []).length > 0) return undefined;
  const loose = looseAmount(text, language, true);
  if (loose !== undefined) return { amountMinor: loose * 100, currency };
  // Trailing dots and exclamation marks are taken from the first of them only: tried from each
  // of a long run ("1!!!!...x"), each try read to the run's end (quadratic). "2x 49,99", "49,99
  // x2": a count of charges is not the amount; one charge is.
  const trimmed = text
    .trim()
    .replace(/(?<![.!])[.!]+$/u, '')
    .replace(COUNT_OF_CHARGES, ' ')
    .trim();
  if (trimmed.length > 40) return undefined;
  const bare = BARE.exec(trimmed);
  if (bare) return { amountMinor: Math.round(parseAmountNumber(bare[1]!) * 100), currency };
  // "42 fuffzig", "39 nittio kr": the euros in figures, the cents in words.
  const centsInWords = /^(\d{1,5})\s+(\p{L}+)(?:\s+(\S+))?$/u.exec(trimmed);
  if (centsInWords) {
    const cents = numberInWordsAt([plain(centsInWords[2]!)], 0, language)?.value;
    const after = centsInWords[3] === undefined ? [] : wordsOf(centsInWords[3]);
    if (cents !== undefined && cents >= 10 && cents <= 99 && after.every((word) => ABOUT_OR_CURRENCY.has(word)))
      return { amountMinor: Number(centsInWords[1]) * 100 + cents, currency };
  }
  // "det var 649", "es waren 129,99", "it was 45": a short answer whose only number is the amount.
  const words = wordsOf(trimmed);
  if (words.length <= 6) {
    const numbers = trimmed.match(/\d{1,3}(?:[ \u00A0.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?/gu) ?? [];
    if (numbers.length === 1 && !/\d[./-]\d{1,2}[./-]|\d\.\s*$/u.test(trimmed)) {
      return { amountMinor: Math.round(parseAmountNumber(numbers[0]!) * 100), currency };
    }
  }
  // "zwanzig euro", "so um die fünfzig", "tvåhundra spänn": the sum in words, and nothing but
  // words for about and a currency around it ("one moment please", "köpte två saker" are none).
  if (!/\d/.test(trimmed)) {
    const spelled = spelledNumbers(trimmed, language);
    if (spelled.length === 1) {
      const { value, start, end } = spelled[0]!;
      const around = wordsOf(`${trimmed.slice(0, start)} ${trimmed.slice(end)}`);
      if (around.every((word) => ABOUT_OR_CURRENCY.has(word)))
        return readAnyAmount(`${trimmed.slice(0, start)}${value}${trimmed.slice(end)}`, language, market);
    }
    // "neununddreißig neunzig", "trettionio nittio": units, then cents, both in words.
    if (spelled.length === 2 && spelled[1]!.value >= 10 && spelled[1]!.value <= 99 && spelled[0]!.value >= 1) {
      const [units, cents] = spelled as [SpelledNumber, SpelledNumber];
      const around = wordsOf(
        `${trimmed.slice(0, units.start)} ${trimmed.slice(units.end, cents.start)} ${trimmed.slice(cents.end)}`,
      );
      if (around.every((word) => ABOUT_OR_CURRENCY.has(word) || word === 'och' || word === 'og' || word === 'und'))
        return { amountMinor: units.value * 100 + cents.value, currency };
    }
  }
  return undefined;
}

/** What may stand around a sum in words that answers "how much?": about, a currency. Folded. */
const ABOUT_OR_CURRENCY = new Set(
  [
    ...ABOUT,
    ...`like typ so um die knapp gut så lite litt vel kr kronor kroner krone kronen spänn sek nok dkk eur euro euros
     euroa euron euroo e chf franken stutz bucks quid it was det var es waren war`.split(/\s+/),
  ]
    .filter(Boolean)
    .map((word) => plain(word)),
);

/**
 * A sum in words in a sentence: with kronor, euros or francs after it ("für zwanzig euro", "to
 * hundre og femti kroner"; not "to sek", seconds, nor pounds of coffee), or a hundred or more right
 * after a word for a price, with the end or the story after it ("på halvandet tusind som ikke er
 * mit"; not "på tusen bitar", "for to hundre år siden").
 */
function spelledAmount(text: string, language: Language, market?: string | null): ReadAmount | undefined {
  for (const { value, start, end } of spelledNumbers(text, language)) {
    if (SPELLED_CURRENCY.test(text.slice(end))) {
      const written = findAmounts(`${value}${text.slice(end, end + 24)}`, language)[0];
      if (written?.start === 0) return readAmount(written.text, language, market);
    } else if (value >= 100 && PRICE_BEFORE.test(text.slice(0, start)) && PRICE_ENDS.test(text.slice(end)))
      return { amountMinor: Math.round(value) * 100, currency: defaultCurrency(language, market) };
  }
  return undefined;
}
const SPELLED_CURRENCY =
  /^\s*(?:kr\.?|kronor|kronur|kroner|krone|krona|kronen|spänn|euro\p{L}*|eur|€|chf|franken|stutz)(?![\p{L}])/iu;

// "2 tusen kr", "1,5 tausend euro", "3 tuhatta": a count of thousands written with its word.
const THOUSANDS_IN_WORDS =
  /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[.,]\d{1,2})?)\s(?:tusen|tusind|tausend|tuhatta|tuhat|thousand|tsd\.?)(?![\p{L}])/giu;

/** The text with thousands written in words as digits ("2 tusen kr" -> "2000 kr"). */
function withThousands(text: string): string {
  return text.replace(THOUSANDS_IN_WORDS, (_, count: string) => String(Math.round(parseAmountNumber(count) * 1000)));
}

const COUNT_OF_CHARGES =
  /(?:^|\s)(?:[2-5]\s?x|x\s?[2-5]|[2-5]\s?(?:mal|ggr|gånger|ganger|gange|kertaa|times))(?=\s|$)/giu;

/** Words that take back what was just typed ("sorry", "nej vänta", "ich meine", "tarkoitin"). */
const SLIP_PHRASES = compilePhrases([
  ...CORRECTION_OPENERS,
  'i mean',
  'i meant',
  'jag menar',
  'jeg mener',
  'ich meine',
  'ich meinte',
  'tarkoitin',
  'siis',
  'or rather',
]);
const SLIP_INDEX = indexPhrases(SLIP_PHRASES);

/** "£0 sorry it was 89 kr", "499 kr nej vänta 459": the amount typed after the first one is taken back, else undefined. */
export function amountAfterSlip(text: string, language: Language, market?: string | null): ReadAmount | undefined {
  const first = findAmounts(text, language)[0];
  return first ? restatedAmount(text.slice(first.end), language, market) : undefined;
}

/** The amount typed after a slip is taken back ("… sorry it was 89 kr"), else undefined. */
function restatedAmount(after: string, language: Language, market?: string | null): ReadAmount | undefined {
  if (!/\d/.test(after)) return undefined;
  // The slip right after the amount taken back ("499 kr nej vänta 459"), not anywhere later
  // ("499 kr, det blev fel, de drog 2 gånger").
  const words = wordsOf(after);
  if (!words.slice(0, 3).some((_, i) => phraseAt(words, i, SLIP_INDEX) !== undefined)) return undefined;
  const written = findAmounts(after, language).filter((amount) => amount.amountMinor > 0);
  if (written.length > 0) return readAmount(written.at(-1)!.text, language, market);
  if (findDates(after, []).length > 0) return undefined;
  const bare = after.match(/\d{1,3}(?:[ \u00A0.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?/gu);
  // "… 3 times", "2 st": a count, not the amount.
  if (bare?.length !== 1 || COUNT_AFTER.test(after.slice(after.indexOf(bare[0]!) + bare[0]!.length))) return undefined;
  return readAmount(bare[0]!, language, market);
}

function krona(language: Language, market?: string | null): string {
  if (market === 'SE' || market === 'NO' || market === 'DK') return MARKET_CURRENCY[market]!;
  return language === 'no' ? 'NOK' : language === 'da' ? 'DKK' : 'SEK';
}

// In a sentence, a number with two decimals and no currency is an amount ("en faktura på 69,95",
// "trekk på 89,90 fra Tise"); Finnish writes "59,95 e" or "64,90e" for euros. At most four
// thousands groups, as in intents/entities/amounts.ts: unbounded, a try from every group of a
// long "123 123 123 ..." read to its end.
const DECIMAL_IN_SENTENCE =
  /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00A0.]\d{3}){0,4},\d{2}|\d+,\d{2})(?:\s?(e|€|eur|euro\p{L}*))?(?![\p{L}\p{N}])/iu;
const DOT_DECIMAL_IN_SENTENCE = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:,\d{3})*\.\d{2}|\d+\.\d{2})(?![\p{L}\p{N}.])/u;

// Finnish inflects the euro ("230 eurolla", "59 euron", "eurosta"): a number before any form of it is euros.
const INFLECTED_EURO =
  /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00A0.]\d{3}){0,4}(?:,\d{1,2})?|\d+(?:,\d{1,2})?)\s?(?:euro\p{L}*|eur|€)(?![\p{L}])/iu;

// Finnish also writes a whole number of euros with an e: "159 e", "40e".
const FINNISH_E = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00A0.]\d{3}){0,4}|\d+)\s?e(?![\p{L}\p{N}])/iu;

/** No unit after a whole number ("3 dagar", "2 Stück", "4 times"): then it is no amount. */
const NO_UNIT_AFTER =
  /(?![\d.,:/\-]|\s*(?:dag|dage|dagar|dager|tag|tage|day|days|päiv|paiv|uke|uker|uge|uger|veck|woche|week|wochen|kuu|mån|man|stk|stück|stuck|st\b|x\b|%|kpl|kert|gånger|ganger|gange|mal\b|times|timer|timm|stund|hour|minut|år\b|ar\b|jahr|year|vuo))/u;

const CUED_WHOLE = new RegExp(
  String.raw`(?<![\p{L}])(?:trekk|trekket|dragning|dragningen|debitering|belastning|charge|abbuchung|veloitus|faktura|fakturan|fakturaen|regning|regningen|rechnung|lasku|invoice|bill|belopp|beloppet|beløp|beløpet|beløb|beløbet|betrag|summa|summan|amount|köp|kjøp|køb|kauf|ostos|purchase)\s+(?:(?:på|pa|om|of|for|für|über|uber|von|på ca\.?|på cirka|of about)\s+)?(\d{1,3}(?:[ \u00A0.]\d{3})+|\d{1,6})${NO_UNIT_AFTER.source}`,
  'iu',
);

// "veloitettiin 1299 vaikka hinta oli 999 e", "they charged me 1299 though the shelf said 999":
// a whole number right after the verb that charged it is what was billed, whatever other sums
// the story gives (a price, an offer).
const CHARGED_WHOLE = new RegExp(
  String.raw`(?<![\p{L}])(?:veloitettiin|veloitti|laskutettiin|laskutti|charged|billed|debiterade|debiterte|debiterede|belastet|belastede|belastades|belastad|trukket|trakk|dragit|drog|debitert)\s+(?:(?:me|mig|meg|mej|minulta|multa)\s+)?(?:(?:med|with|för|for|på)\s+)?(\d{1,3}(?:[ \u00A0.]\d{3})+|\d{2,6})(?![.,]\d)${NO_UNIT_AFTER.source}(?!\s*(?:%|percent|procent|prosent|prozent|prosenttia|months?|monat|månad|måned|kuukau|st\b|nd\b|rd\b|th\b))`,
  'iu',
);

/**
 * "4.600 er det der står på fakturaen", "89,90 steht da": an answer that opens with the sum and
 * goes on about it. The opening sum, or undefined.
 */
export function amountOpening(text: string, language: Language, market?: string | null): ReadAmount | undefined {
  const m =
    /^\s*(?:\d{1,3}(?:[ \u00A0.]\d{3})+|\d+)(?:[.,]\d{1,2})?(?:\s*(?:kr\.?|kronor|kroner|sek|nok|dkk|€|eur|euro|euroa|:-|,-))?(?=\s+\p{L})/iu.exec(
      text,
    );
  return m ? readAmount(m[0].trim(), language, market) : undefined;
}

/** An amount written without a currency inside a sentence: two decimals make it money. */
export function amountInSentence(text: string, language: Language, market?: string | null): ReadAmount | undefined {
  // "en faktura på 4.600. har ringet": the full stop after a sum in thousands ends the sentence.
  text = text.replace(/(?<![\d.,])(\d{1,3}(?:[ \u00A0.]\d{3}){1,4})\.(?=\s|$)/gu, '$1');
  const charged = CHARGED_WHOLE.exec(text);
  // (Not a year, "charged for 2024 something", nor a day, "trukket 28 november".)
  const fromNumber = charged ? text.slice(charged.index + charged[0].length - charged[1]!.length) : '';
  const day = findDates(fromNumber, [])[0];
  if (
    charged &&
    !/^(?:19[89]\d|20[0-3]\d)$/.test(charged[1]!) &&
    !(day && fromNumber.startsWith(day.text)) &&
    !/^\s*(?:kr|sek|nok|dkk|eur|euro|€|e\b)/iu.test(text.slice(charged.index + charged[0].length))
  )
    return {
      amountMinor: Math.round(parseAmountNumber(charged[1]!) * 100),
      currency: defaultCurrency(language, market),
    };
  // "en regning på 2 tusen kr": thousands in a word, then a currency.
  const thousands = withThousands(text);
  if (thousands !== text) {
    const written = findAmounts(thousands, language).find((amount) => amount.amountMinor > 0);
    if (written) return readAmount(written.text, language, market);
  }
  const euro = INFLECTED_EURO.exec(text) ?? (language === 'fi' ? FINNISH_E.exec(text) : null);
  if (euro) return { amountMinor: Math.round(parseAmountNumber(euro[1]!) * 100), currency: 'EUR' };
  const comma = DECIMAL_IN_SENTENCE.exec(text);
  if (comma) {
    const currency = comma[2] ? 'EUR' : defaultCurrency(language, market);
    return { amountMinor: Math.round(parseAmountNumber(comma[1]!) * 100), currency };
  }
  // "to ganger for samme ski, 2 x 4 999": one charge of a count of them.
  const counted = COUNTED_CHARGE.exec(text);
  if (counted)
    return {
      amountMinor: Math.round(parseAmountNumber(counted[1]!) * 100),
      currency: defaultCurrency(language, market),
    };
  // "et trekk på 129", "en faktura på 450", "a charge of 79": a whole number right after a word for
  // a charge is its amount, unless a unit follows it ("faktura på 3 dagar").
  const cued = CUED_WHOLE.exec(text) ?? wholeAfterPreposition(text);
  if (cued)
    return { amountMinor: Math.round(parseAmountNumber(cued[1]!) * 100), currency: defaultCurrency(language, market) };
  const spelled = spelledAmount(text, language, market);
  if (spelled) return spelled;
  const loose = looseAmount(text, language);
  if (loose !== undefined) return { amountMinor: loose * 100, currency: defaultCurrency(language, market) };
  // English writes the decimal point: "89.90"; a date is never written so in English.
  if (language === 'en') {
    const dot = DOT_DECIMAL_IN_SENTENCE.exec(text);
    if (dot)
      return {
        amountMinor: Math.round(Number(dot[1]!.replace(/,/g, '')) * 100),
        currency: defaultCurrency(language, market),
      };
  }
  return undefined;
}

// "2 x 4 999": a count of charges and one of them; not "2x200 cm", "2 x 16 GB".
const COUNTED_CHARGE =
  /(?<![\p{L}\p{N}])[2-5]\s?[x×]\s?(\d{1,3}(?:[ \u00A0.]\d{3})+(?:[.,]\d{1,2})?|\d{2,7}(?:[.,]\d{1,2})?)(?![\p{L}\p{N}])(?!\s?(?:cm|mm|m|ml|cl|dl|l|kg|g|gb|tb|mb|st|stk|pcs|tum|zoll|inch|tuumaa)(?![\p{L}]))/iu;
const COUNT_AFTER = /^\s*(?:times|gånger|ganger|gange|mal|kertaa|x|st|stk|pcs|kpl)(?![\p{L}])/iu;

// Money said loosely: "1,2k", "1.5k" (thousands), a note or a round sum by its everyday name
// ("en tusenlapp", "nen hunni", "tonni", "fem hundra"). Whole units of the market's currency.
const THOUSANDS = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[.,]\d{1,2})?)\s?k(?![\p{L}\p{N}])/iu;
// In a sentence only after a word for a price or its vagueness ("för typ 1,2k", "for like 1.5k"): "a 4k TV" is no sum.
const THOUSANDS_IN_SENTENCE =
  /(?<![\p{L}])(?:typ|like|ca\.?|cirka|about|around|for|för|på|pa|für|fur|über|uber|noin|ungefär|omkring|etwa|rund)\s+(?:\p{L}+\s+)?(\d{1,3}(?:[.,]\d{1,2})?)\s?k(?![\p{L}\p{N}])/iu;
// A note's everyday name says its sum anywhere ("en tusenlapp", "nen hunni", "tonni").
const NOTE_WORDS: readonly [RegExp, number][] = [
  [/(?<![\p{L}])(?:tusenlapp\p{L}*|tusing|lakan|tusse|tusindkroneseddel|tonni\p{L}*|riesen)(?![\p{L}])/iu, 1000],
  [/(?<![\p{L}])(?:femhundring\p{L}*|femhundralapp\p{L}*|femhundrelapp\p{L}*)(?![\p{L}])/iu, 500],
  [/(?<![\p{L}])(?:hundring\p{L}*|hundralapp\p{L}*|hundrelapp\p{L}*|hunni|hunnie|satanen|satku)(?![\p{L}])/iu, 100],
  // Swedish "en lapp" (a hundred) and "en lax" (a thousand): alone, or said as a price.
  [/^\s*(?:en|1)\s+lapp\s*$|(?<![\p{L}])(?:för|på|typ|kostade|betalade)\s+(?:en|1)\s+lapp(?![\p{L}])/iu, 100],
  [/^\s*(?:en|1)\s+lax\s*$|(?<![\p{L}])(?:för|på|typ|kostade|betalade)\s+(?:en|1)\s+lax(?![\p{L}])/iu, 1000],
];

// Notes by a slang name after a count: "kaks satkua", "kolme tonnia", "zwei hunderter".
const SLANG_NOTES: readonly [RegExp, number][] = [
  [/^(?:satku\p{L}*|hunderter)$/u, 100],
  [/^tonni\p{L}*$/u, 1000],
];

const PRICE_BEFORE = /(?:^|[^\p{L}])(?:på|pa|for|för|für|über|uber|of|about|around|ca|cirka|noin|typ|like)\s+$/iu;
// After a sum in words said as a price: the end, a stop, a currency, or a word that goes on to the
// shop or the story ("på halvandet tusind som ikke er mit"); any other word makes it a count of
// something ("på tusen bitar", "for to hundre år siden").
const PRICE_ENDS =
  /^\s*(?:$|[,.;!?)]|(?:kr|kronor|kroner|euro\p{L}*|eur|€)(?![\p{L}])|(?:från|fran|hos|fra|frå|from|at|bei|von|i|på|pa|som|men|but|aber|och|og|and|und|jota|mutta)\s)/iu;

/** A count and a note's slang name: "kaks satkua", "kolme tonnia", "zwei hunderter". */
function countedSum(text: string, language: Language): number | undefined {
  const words = wordsOf(text);
  for (let i = 1; i < words.length; i++) {
    const note = SLANG_NOTES.find(([pattern]) => pattern.test(words[i]!));
    const count = note && numberInWordsAt(words.slice(i - 1, i), 0, language);
    if (note && count) return Math.round(count.value * note[1]);
  }
  return undefined;
}

/** A loosely said sum in whole units (`answer`: the whole text answers "how much?"); undefined when there is none. */
export function looseAmount(text: string, language: Language, answer = false): number | undefined {
  const k = (answer ? THOUSANDS : THOUSANDS_IN_SENTENCE).exec(text);
  if (k) return Math.round(parseAmountNumber(k[1]!) * 1000);
  if (/\d/.test(text)) return undefined;
  const counted = countedSum(text, language);
  if (counted !== undefined) return counted;
  for (const [pattern, value] of NOTE_WORDS) if (pattern.test(text)) return value;
  return undefined;
}

// "handlat för 3499 på elgiganten", "Kjøp fra Mobilguru AS på 3 490 som eg ikke har gjort",
// "bought a lamp for 250 from Lampeland": a whole number after "för / for / på / für / über"
// in a sentence about a purchase, when what follows it says it is a price: the end, a stop or a
// comma, a currency, or a word that goes on to the shop or the story ("på", "from", "som",
// "men"). Any other word after it makes it a size, a count or a time ("på 55 tommer", "for 45
// mins", "für 12 Monate"): no amount. Ten or more, not a year. ("a charge of 79" is CUED_WHOLE's.)
const AFTER_PREPOSITION = new RegExp(
  String.raw`(?<![\p{L}])(?:för|for|på|pa|für|fur|über|uber)\s+(\d{1,3}(?:[  .]\d{3})+|\d{2,6})(?![\d:/\-]|[.,]\d|\.\s*\p{Ll})(?=\s*(?:$|[,.;!?)]|(?:kr|kronor|kroner|sek|nok|dkk|eur|euro|euroa|€|:-|,-)(?![\p{L}])|(?:på|pa|från|fran|hos|fra|frå|hjå|from|at|bei|von|vom|im|in|i|som|which|that|men|but|aber|mutta|och|og|and|und|ja|jag|jeg|eg|ich|i)\s))`,
  'giu',
);

function wholeAfterPreposition(text: string): RegExpExecArray | null {
  for (const m of text.matchAll(AFTER_PREPOSITION)) {
    const value = parseAmountNumber(m[1]!);
    if (value < 10 || (/^(?:19|20)\d{2}$/.test(m[1]!) && value >= 1990 && value <= 2039)) continue;
    return m as RegExpExecArray;
  }
  return null;
}
