// The facts of a purchase a consumer reports, read from any message: the first one ("Auf meiner
// Rechnung steht ein Kauf über 129,99 € bei MediaMarkt vom 30.11."), an answer, or a correction
// in the middle of the flow ("nej vänta, det var 2.999 kr", "the shop is called X", "change the
// amount to 499"). What a message does not say is left out, never guessed.
import type { Entities } from '../../../intents/entities.ts';
import type { Language } from '../../../intents/labels.ts';
import { amountInSentence, readAmount, type ReadAmount } from './amount.ts';
import { readDate, type ReadDate } from './date.ts';
import { CORRECTION_OPENERS, SHOP_LEAD_INS } from './lexicon.ts';
import { knownShop } from './known-shops.ts';
import { finnishBase, readShop } from './shop.ts';
import { compilePhrases, plain, startsWithPhrase, wordsOf } from './text.ts';
import { readRefundReason, type RefundReason } from './refund-reason.ts';
import { contactStatement, readYesNo } from './yes-no.ts';

export interface Facts {
  shop?: string;
  amount?: ReadAmount;
  date?: ReadDate;
  contacted?: boolean;
  orderNumber?: string;
  refundReason?: RefundReason;
}

export interface ReadContext {
  language: Language;
  /** The consumer's day, YYYY-MM-DD, in their time zone. */
  today: string;
  /** The consumer's country from the session's locale (SE, NO, DK, FI, DE), when known. */
  market?: string | null;
}

const OPENERS = compilePhrases(CORRECTION_OPENERS);
const INTERJECTIONS = new Set(['a', 'aa', 'ah', 'oh', 'o', 'aj', 'ai', 'oj', 'ach', 'ah', 'äh', 'ah', 'hmm', 'hm', 'voi', 'no', 'noh', 'nå', 'na', 'ok', 'okay', 'okej']);

// Words that say which fact a correction is about ("the amount was 499", "datumet var i måndags").
const AMOUNT_WORDS = new Set(
  ['belopp', 'beloppet', 'summa', 'summan', 'priset', 'pris', 'kostade', 'beløp', 'beløpet', 'prisen', 'kostet', 'beløb', 'beløbet', 'kostede',
    'summa', 'summan', 'hinta', 'hinnan', 'maksoi', 'euroa', 'betrag', 'summe', 'preis', 'kostete', 'amount', 'price', 'cost', 'total', 'sum']
    .map((w) => wordsOf(w)[0]!),
);
const SHOP_WORDS = compilePhrases([
  'butiken heter', 'butiken är', 'affären heter', 'butikken heter', 'butikken er', 'butikken hedder', 'kaupan nimi on', 'kauppa on', 'kauppa oli',
  'der shop heißt', 'der shop ist', 'der laden heißt', 'der händler heißt', 'the shop is called', 'the shop is', 'the store is called', 'the store is',
  'the shop was', 'the merchant is', 'shop', 'butik', 'butiken', 'butikken', 'kauppa', 'händler', 'store', 'merchant',
]);
const LEAD_INS = compilePhrases(SHOP_LEAD_INS);

// Prepositions before a shop's name in a sentence ("returnerte en jakke til Nordsko AS", "bei
// MediaMarkt", "from Zalando"); the name after them must be written with a capital or be a
// listed shop, so "till mig" or "from my account" are not shops.
const SHOP_PREPOSITIONS = new Set(
  ['hos', 'från', 'fran', 'på', 'pa', 'till', 'til', 'fra', 'bei', 'von', 'vom', 'beim', 'an', 'from', 'at', 'to', 'with', 'via']
    .map((w) => wordsOf(w)[0]!),
);
const NOT_NAMES = new Set(
  ["i", "i've", 'ive', "i'm", 'im', 'me', 'my', 'mig', 'mej', 'meg', 'mich', 'mir', 'minä', 'the', 'a', 'an', 'ein', 'eine', 'einem', 'einer',
    'dem', 'den', 'der', 'die', 'das', 'det', 'en', 'ett', 'et', 'ei', 'min', 'mitt', 'mina', 'mine', 'mein', 'meine', 'meinem', 'your', 'you',
    'er', 'dere', 'dig', 'deg', 'dich', 'dir', 'ihnen', 'uns', 'oss', 'os', 'us', 'them', 'dem', 'sie', 'ihr', 'ihm', 'him', 'her', 'it', 'this',
    'that', 'there', 'here', 'dort', 'hier', 'där', 'her', 'der', 'klarna', 'bank', 'banken', 'appen', 'app', 'kundtjänst', 'kundeservice',
    'faktura', 'fakturan', 'fakturaen', 'rechnung', 'invoice', 'lasku', 'account', 'konto', 'kontot', 'kontoen', 'support'].map((w) => wordsOf(w)[0]!),
);

/** The shop a sentence names: a listed shop anywhere, else a capitalised name after a preposition. */
export function shopInSentence(text: string, language: Language, entities?: Entities): string | undefined {
  // A word's trailing marks from the first of them only: from each mark of a long run, each
  // try read to the run's end.
  const raw = text.split(/[^\p{L}\p{N}'&+.\-:]+/u).map((w) => w.replace(/^[.\-':]+|(?<![.\-':])[.\-':]+$/gu, '')).filter(Boolean);
  // A listed shop, one to three words long ("About You", "Clas Ohlson", "MediaMarkt").
  for (let i = 0; i < raw.length; i++) {
    for (const size of [3, 2, 1]) {
      if (i + size > raw.length) continue;
      const candidate = raw.slice(i, i + size).join(' ');
      const listed = knownShop(candidate) ?? (size === 1 && language === 'fi' ? knownShopInflected(candidate) : undefined);
      if (listed) return listed;
    }
  }
  let afterCue: string | undefined;
  for (let i = 0; i < raw.length - 1 && !afterCue; i++) {
    const cue = plain(raw[i]!);
    if (SHOP_PREPOSITIONS.has(cue) || NAMING_WORDS.has(cue)) afterCue = nameAt(raw, i + 1);
  }
  const fromEntities = entities?.merchants.find((name) => !NOT_NAMES.has(plain(name).split(' ')[0] ?? ''));
  // The extractor's name, unless the one read here says more of it ("Hjem" of "Hjem og Hage AS").
  if (fromEntities && !(afterCue && afterCue.length > fromEntities.length && afterCue.startsWith(fromEntities))) {
    return language === 'fi' ? finnishBase(fromEntities) : fromEntities;
  }
  if (afterCue) return afterCue;
  // Finnish: a capitalised word with a case ending ("Verkkokaupasta", "Zalandolta").
  if (language === 'fi') {
    for (const word of raw.slice(1)) {
      if (!/^\p{Lu}/u.test(word)) continue;
      const base = finnishBase(word);
      if (base !== word) return base;
    }
  }
  return undefined;
}

/**
 * The capitalised name that starts at raw[at]: up to four words, "og"/"&"/"und" between two
 * capitalised ones ("Hjem og Hage AS", "Kop & Kande ApS"), never a bare number ("Lefdal, 5 990").
 */
function nameAt(raw: readonly string[], at: number): string | undefined {
  const name: string[] = [];
  for (let j = at; j < raw.length && name.length < 4; j++) {
    const word = raw[j]!;
    const joiner = JOINERS.has(plain(word) || word) && name.length > 0 && /^\p{Lu}/u.test(raw[j + 1] ?? '');
    if (joiner) {
      name.push(word);
      continue;
    }
    if (!/^[\p{Lu}\p{N}]/u.test(word) || /^\d[\d.,]*$/.test(word) || NOT_NAMES.has(plain(word))) break;
    name.push(word);
  }
  while (name.length > 0 && JOINERS.has(plain(name.at(-1)!) || name.at(-1)!)) name.pop();
  return name.length > 0 && /\p{L}/u.test(name.join('')) ? name.join(' ') : undefined;
}

// Words after which a name follows: "en butik som heter Trendhuset", "a shop called X".
const NAMING_WORDS = new Set(['heter', 'hette', 'hedder', 'hed', 'heisst', 'hiess', 'called', 'named', 'nimelta', 'namens'].map((w) => plain(w)));
const JOINERS = new Set(['&', 'og', 'och', 'und', 'and', 'ja', 'et', 'y']);

function knownShopInflected(word: string): string | undefined {
  const base = finnishBase(word);
  return base !== word ? knownShop(base) : undefined;
}

/** The facts a whole message states (a first message, or one in the middle of the flow). */
export function factsInMessage(text: string, entities: Entities, context: ReadContext): Facts {
  const facts: Facts = {};
  const shop = shopInSentence(text, context.language, entities);
  if (shop) facts.shop = shop;
  const written = entities.amounts[0];
  const amount = written ? readAmount(written.text, context.language, context.market) : amountInSentence(text, context.language, context.market);
  if (amount) facts.amount = amount;
  const date = readDate(text, context.today);
  if (date) facts.date = date;
  const contacted = contactStatement(text);
  if (contacted !== undefined) facts.contacted = contacted;
  if (entities.orderNumbers[0]) facts.orderNumber = entities.orderNumbers[0];
  const reason = readRefundReason(text);
  if (reason) facts.refundReason = reason;
  return facts;
}

/**
 * A correction: an opener ("nej vänta", "no wait", "nein warte", "ei kun") or a plain statement
 * of one fact ("the shop is called X", "beloppet var 499", "det var i måndags"). Returns the
 * facts it changes, or undefined when it changes none.
 */
export function readCorrection(text: string, entities: Entities, context: ReadContext): Facts | undefined {
  let words = wordsOf(text);
  // "å nei sorry, ...", "oh no wait, ...", "nein warte": interjections, openers and a no, in any order.
  for (let pass = 0; pass < 4 && words.length > 0; pass++) {
    if (INTERJECTIONS.has(words[0]!)) {
      words = words.slice(1);
      continue;
    }
    const opener = OPENERS.find((phrase) => startsWithPhrase(words, phrase));
    if (opener) {
      words = words.slice(opener.length);
      continue;
    }
    const lead = readYesNo(words.join(' '));
    if (lead?.answer === 'no' && lead.rest.length > 0) {
      words = lead.rest;
      continue;
    }
    break;
  }
  if (words.length === 0) return undefined;
  // "det var 2 989, ikke 2 899", "der Shop heißt JAKO-O, nicht Tchibo": the value before the "not" counts.
  const rest = beforeNegatedAlternative(restOf(text, wordsOf(text).length - words.length));
  words = wordsOf(rest);
  if (words.length === 0) return undefined;
  const facts: Facts = {};

  // The shop: named after a word for it, or a lead-in ("det var hos X", "bei X").
  const shopAt = SHOP_WORDS.map((phrase) => ({ phrase, at: indexOfPhrase(words, phrase) })).find((p) => p.at >= 0);
  if (shopAt) {
    const after = restOf(rest, shopAt.at + shopAt.phrase.length);
    const name = after ? readShop(after, context.language) : undefined;
    if (name) facts.shop = name;
  }
  const written = entities.amounts[0];
  const date = readDate(rest, context.today);
  if (written) {
    const amount = readAmount(written.text, context.language, context.market);
    if (amount) facts.amount = amount;
  } else if (!date || words.some((w) => AMOUNT_WORDS.has(w))) {
    // A bare number is an amount when the correction speaks of one or names no date.
    // Whole numbers only: "Fashion24" or "H&M2" hold no amount.
    const numbers = rest.match(/(?<![\p{L}\p{N}.,])(?:\d{1,3}(?:[ \u00A0.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\p{L}\p{N}])/gu) ?? [];
    if (numbers.length === 1 && (words.some((w) => AMOUNT_WORDS.has(w)) || !date)) {
      const amount = readAmount(numbers[0]!, context.language, context.market);
      if (amount) facts.amount = amount;
    }
  }
  if (date && !(facts.amount && !/\p{L}/u.test(rest.replace(/kr|sek|nok|dkk|eur|euro\w*/giu, '')) && date.span === 'day' && /^\d/.test(rest.trim()))) {
    facts.date = date;
  }
  if (!facts.shop && !facts.amount && !facts.date) {
    // "det var hos Elgiganten", "bei MediaMarkt": a lead-in and a name.
    const leadIn = LEAD_INS.find((phrase) => startsWithPhrase(words, phrase) && phrase.length < words.length);
    if (leadIn) {
      const name = readShop(rest, context.language);
      if (name && (knownShop(name) || /^\p{Lu}/u.test(name))) facts.shop = name;
    }
  }
  const contacted = contactStatement(rest);
  if (contacted !== undefined) facts.contacted = contacted;
  return Object.keys(facts).length > 0 ? facts : undefined;
}

// The white space from its first character only: tried from each space of a long run, each try
// read to the run's end.
const NOT_WORDS = /[,;]?(?<!\s)\s+(?:inte|icke|ikke|ikkje|nicht|not|eikä|ei|no)\s+(?=[\p{Lu}\p{N}])/u;

/** The text before ", not <value>" ("2 989 ikke 2 899" -> "2 989"), when something stands before it. */
function beforeNegatedAlternative(text: string): string {
  const m = NOT_WORDS.exec(text);
  if (!m || m.index === 0) return text;
  const before = text.slice(0, m.index);
  return /[\p{Lu}\p{N}]/u.test(before) ? before : text;
}

function indexOfPhrase(words: readonly string[], phrase: readonly string[]): number {
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((p, k) => words[i + k] === p)) return i;
  }
  return -1;
}

/** The text after its first `count` words, as typed. */
function restOf(text: string, count: number): string {
  if (count <= 0) return text.trim();
  const re = /[\p{L}\p{N}'&+]+/gu;
  let seen = 0;
  for (const m of text.matchAll(re)) {
    if (seen === count) return text.slice(m.index).trim();
    seen++;
  }
  return '';
}
