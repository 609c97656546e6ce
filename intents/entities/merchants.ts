// Shop names the consumer states, read only after a cue word and only when the name looks
// like a name: capitalised ("hos Elgiganten", "bei Otto", "fra Komplett", "from Zalando",
// "kaupasta Verkkokauppa", "H&M:ltä") or a shop's domain ("från cdon.se"). Precision over
// recall: a lower-case "hos elgiganten" or an inflected "Zalandosta" is missed rather than
// guessed, because a wrong merchant on a dispute is worse than none.
import { MONTHS } from './months.ts';

// Cues, lower case; the first letter may also be written in capitals (sentence start).
const CUES = [
  'from',
  'at',
  'by', // en
  'hos',
  'från',
  'butiken',
  'webbutiken',
  'nätbutiken',
  'handlaren', // sv
  'fra',
  'butikken',
  'nettbutikken',
  'nettbutik',
  'webshoppen',
  'forhandleren', // no, da (hos above)
  'bei',
  'von',
  'vom',
  'beim',
  'händler',
  'onlineshop',
  'shop', // de
  'kaupasta',
  'verkkokaupasta',
  'liikkeestä',
  'myymälästä',
  'kauppa',
  'verkkokauppa', // fi
  'store',
  'merchant',
  'retailer', // en
];
const ARTICLES = '(?:the|dem|der|den|det)';
const CAPITALISED = String.raw`[\p{Lu}\p{N}][\p{L}\p{N}&'’+.\-]*`;
const DOMAIN = String.raw`[\p{Ll}\p{N}][\p{L}\p{N}\-]*\.(?:se|no|dk|fi|de|com|net|eu|at|ch|nu|org|shop)(?![\p{L}])`;

const capitalInitial = (word: string) => `[${word[0]}${word[0]!.toUpperCase()}]${word.slice(1)}`;

const AFTER_CUE = new RegExp(
  String.raw`(?<![\p{L}])(?:${CUES.map(capitalInitial).join('|')})(?:\s+${ARTICLES})?\s+(${DOMAIN}|${CAPITALISED}(?:\s(?:&\s)?${CAPITALISED}){0,2})`,
  'gu',
);
// Finnish writes case endings on a foreign or abbreviated name after a colon: H&M:ltä, CDON:sta.
// The name starts only where a run of name characters starts: tried from every capital of
// "A.A.A.A...", each try read to the run's end before it found no colon (quadratic).
const FINNISH_COLON_CASE =
  /(?<![\p{L}\p{N}&.\-])([\p{Lu}][\p{L}\p{N}&.\-]*):(?:lta|ltä|sta|stä|lla|llä|ssa|ssä|n)(?![\p{L}])/gu;

// Capitalised words that follow those cues but are not shops: pronouns (German formal
// address, sentence starts), days, seasons and holidays, countries, payment and identity
// services, our own functions, and German nouns that follow bei/von.
const NOT_A_MERCHANT = new Set(
  `i me my you your us we they them he she it this that there here the a an
   jag mig mej du dig ni er oss vi dem han hon den det de deg meg dere jeg jer os
   sie ihnen ihr ihre ihrem ihrer ihres euch uns wir mir mich dir dich der die das dem einem einer ein eine
   minä sinä te he hän
   monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
   måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag onsdag torsdag fredag lørdag søndag
   montag dienstag mittwoch donnerstag freitag samstag sonntag heute gestern morgen
   maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai
   christmas easter jul påsk påske weihnachten ostern joulu pääsiäinen
   sweden sverige norway norge noreg denmark danmark finland suomi germany deutschland tyskland
   schweden norwegen dänemark finnland ruotsi norja tanska saksa europe europa eu usa china kina kiina
   bankid swish vipps mobilepay paypal klarna visa mastercard ombud
   support kundservice kundtjänst kundeservice kundendienst kundenservice asiakaspalvelu customer
   rechnung bestellung zahlung lieferung kauf rücksendung retoure problemen fragen anfang beginn ende
   zeit kunden paket ware händler shop firma onlineshop post faktura lasku invoice order`
    .split(/\s+/)
    .filter(Boolean),
);

// Dots, dashes and quotes that end a name, taken from the first of them only: tried from each
// of a long run such as "A.-.-.-...x", each try read to the run's end (quadratic).
const TRAILING_PUNCTUATION = /(?<![.\-'’])[.\-'’]+$/u;

function cleanName(raw: string): string | null {
  const words: string[] = [];
  for (const token of raw.split(/\s+/)) {
    const word = token.replace(/['’]s$/u, '').replace(TRAILING_PUNCTUATION, '');
    if (word === '' || (word.match(/\d/g)?.length ?? 0) >= 3) break; // a number follows the name
    const lower = word.toLowerCase();
    const head = lower.split('-')[0]!; // "BankID-appen" is about BankID
    if (NOT_A_MERCHANT.has(lower) || NOT_A_MERCHANT.has(head) || MONTHS.has(lower)) break;
    words.push(word);
    if (/[.!?]$/u.test(token)) break; // the sentence ends with the name
  }
  while (words.length > 0 && words[words.length - 1] === '&') words.pop();
  if (words.length === 0) return null;
  const name = words.join(' ');
  if (!/\p{L}/u.test(name)) return null; // "at 3": a time, not a shop
  if (/^omb-/i.test(name) || (name.match(/\d/g)?.length ?? 0) >= 3) return null; // a reference, not a name
  return name;
}

/** The start of what a count of time leaves after it: " weeks ago", " dagar sedan", " Wochen". */
const TIME_UNIT =
  /^\s+(?:days?|weeks?|months?|years?|dagar|dage|dager|dygn|veckor|vecka|uker|uke|uger|uge|månader|måneder|maneder|wochen|woche|tagen?|monaten?|jahren?|päivää|paivaa|viikkoa|kuukautta|vuotta)\b/iu;

/** The rest of an amount after its whole part: decimals (",50", ".00", ",-") or a currency. */
const AMOUNT_TAIL =
  /^(?:[.,](?:\d{2}|-)(?!\d)|\s*(?:kr|kr\.|sek|nok|dkk|eur|euro|euros|euroa|euron|€|e|:-)(?![\p{L}\p{N}]))/iu;

export interface FoundMerchant {
  name: string;
  start: number;
  end: number;
}

export function findMerchants(text: string): FoundMerchant[] {
  const found: FoundMerchant[] = [];
  for (const m of text.matchAll(AFTER_CUE)) {
    let name = cleanName(m[1]!);
    if (name === null) continue;
    const start = m.index + m[0].length - m[1]!.length;
    // "from Lagerhaus 2 weeks ago": a number that counts the time after it is not the name's, nor
    // one that is an amount ("fra Kaffekompagniet Østerbro 68,50", "bei Tchibo 12 Euro").
    const number = / (\d{1,3})$/u.exec(name);
    const following = text.slice(start + name.length, start + name.length + 16);
    if (number && (TIME_UNIT.test(following) || AMOUNT_TAIL.test(following))) {
      name = name.slice(0, number.index);
      if (!/\p{L}/u.test(name)) continue;
    }
    found.push({ name, start, end: start + name.length });
  }
  if (text.includes(':')) {
    for (const m of text.matchAll(FINNISH_COLON_CASE)) {
      const name = cleanName(m[1]!);
      if (name !== null) found.push({ name, start: m.index, end: m.index + name.length });
    }
  }
  return found;
}
