// A shop's name typed as the answer to "which shop?", or named in a sentence: "Zalando",
// "det var hos Elgiganten", "the shop is called TechNordic AB", "bei MediaMarkt", "fra Komplett
// tror jeg", "Verkkokaupasta", "Zalandolta", "Power-kaupasta". Prepositions and lead-ins go,
// Finnish case endings go (the usual spelling of a listed shop is used), the rest of the name
// is kept as typed ("About You" stays two words, "Nordsko AS" keeps its company form).
import { findMerchants } from '../../../intents/entities/merchants.ts';
import type { Language } from '../../../intents/labels.ts';
import { namesADate } from './date.ts';
import { knownShop } from './known-shops.ts';
import {
  COMPANY_FORMS,
  CORRECTION_OPENERS,
  INVOICE_WORDS,
  NAMING_VERBS,
  SHOP_ANSWER_LEAD_INS,
  SHOP_LEAD_INS,
  SHOP_TRAILERS,
  STANDS_WORDS,
} from './lexicon.ts';
import { compilePhrases, containsAnyPhrase, indexPhrases, plain, typedWords } from './text.ts';

const LEAD_INS = compilePhrases([...SHOP_LEAD_INS, ...SHOP_ANSWER_LEAD_INS]);
const CORRECTION_OPENER_INDEX = indexPhrases(compilePhrases(CORRECTION_OPENERS));
// Words that end a name: where it stood ("på fakturan", "on the invoice", "auf der Rechnung").
const AFTER_NAME = new Set(
  [
    'på',
    'pa',
    'i',
    'on',
    'in',
    'auf',
    'im',
    'laskussa',
    'laskulla',
    'fakturan',
    'fakturaen',
    'regninga',
    'regningen',
    'invoice',
    'rechnung',
    'men',
    'but',
    'aber',
    'mutta',
    'som',
    'which',
    'that',
    'tror',
    'luulen',
    'glaub',
    'glaube',
    'think',
  ].map((w) => plain(w)),
);
// "lieferando steht da", "Boozt står det": where the name stands, said after a name (not "vet
// ikke, det står Tindra AS", where the name comes after it).
const STANDS_AFTER_NAME = new Set(STANDS_WORDS.map((w) => plain(w)));
const JOINERS = new Set(['&', 'og', 'och', 'und', 'and', 'ja', 'et'].map((w) => plain(w) || w));
const NAMING = new Set(NAMING_VERBS.map((w) => plain(w)));
const TRAILERS = compilePhrases(SHOP_TRAILERS);
/** Words that answer a question and name nothing ("ok", "fint", "richtig", "oikein"). Folded. */
const ANSWER_WORDS = new Set(
  [
    'ok',
    'okay',
    'okej',
    'okei',
    'fint',
    'bra',
    'rätt',
    'riktigt',
    'rigtigt',
    'korrekt',
    'richtig',
    'gut',
    'correct',
    'right',
    'fine',
    'good',
    'oikein',
    'hyvä',
    'ok so',
    'so ok',
  ].map((w) => plain(w)),
);

/** Words for a company before its name ("der Firma X", "the company X"). Folded. */
export const COMPANY_WORDS = new Set(['firma', 'firmaet', 'firman', 'foretaget', 'yritys', 'company', 'unternehmen']);

/** The words of `text` as typed (same split as wordsOf, without folding), with their folded forms. */
function tokens(text: string): { raw: string; folded: string }[] {
  return typedWords(text).map((raw) => ({ raw, folded: plain(raw).replace(/ /g, '') }));
}

// Finnish case endings on a name, longest first: ablative, elative, adessive, inessive,
// allative, translative, illative, genitive.
const FINNISH_ENDINGS = ['lta', 'ltä', 'sta', 'stä', 'lla', 'llä', 'ssa', 'ssä', 'lle', 'ksi'];
// The illative lengthens the last vowel and adds n: Kenkäkulma -> Kenkäkulmaan, Gigantti -> Giganttiin.
const ILLATIVE = /([aeiouyäö])\1n$/iu;
const FINNISH_COMPOUND_TAILS = [
  '-kaupasta',
  '-nimiseltä',
  '-nimisestä',
  '-niminen',
  '-nimisen',
  '-nimiselle',
  '-nimisellä',
  '-nimisessä',
  '-kauppaan',
  '-liikkeeseen',
  '-myymälään',
  '-verkkokaupasta',
  '-liikkeestä',
  '-myymälästä',
  '-kaupassa',
  '-kaupalta',
  '-sivuilta',
  '-kauppa',
  ':lta',
  ':ltä',
  ':sta',
  ':stä',
  ':lla',
  ':llä',
  ':ssa',
  ':ssä',
  ':n',
];

/** Undo a Finnish case ending on one word, preferring a listed shop's spelling. */
export function finnishBase(word: string): string {
  const lower = word.toLowerCase();
  for (const tail of FINNISH_COMPOUND_TAILS) {
    if (lower.endsWith(tail) && word.length > tail.length + 1) return word.slice(0, word.length - tail.length);
  }
  const listed = knownShop(word);
  if (listed) return listed;
  for (const ending of FINNISH_ENDINGS) {
    if (!lower.endsWith(ending) || word.length < ending.length + 3) continue;
    const stem = word.slice(0, word.length - ending.length);
    for (const candidate of finnishStems(stem)) {
      const found = knownShop(candidate);
      if (found) return found;
    }
    // Not listed: a foreign name ending in a consonant takes a linking i ("Stockmannille",
    // "TechNordicilta"); a name ending in a vowel takes the ending directly ("Zalandolta"); a
    // name in -nen inflects on -se- ("Virtaselta").
    const common = commonNounBase(stem);
    if (common) return common;
    // A Finnish-looking word (a long vowel, ä, ö or y in it) in -pi, -ti, -ki had a double
    // consonant the ending weakened ("Vaatekaapista" is Vaatekaappi), not a linking i.
    const finnishWeak = /^(.*[aeiouyäö])([kpt])i$/u.exec(stem);
    if (finnishWeak && /aa|ee|ii|oo|uu|yy|ää|öö|[äöy]/iu.test(finnishWeak[1]!) && !/[bcfqwxzå]/iu.test(stem))
      return `${finnishWeak[1]}${finnishWeak[2]}${finnishWeak[2]}i`;
    // (A Finnish-looking name keeps its i: "Pyöräkellarista" is Pyöräkellari.)
    const finnishLooking = /[äöy]|aa|ee|oo|uu/iu.test(stem) && !/[bcdfgqwxzå]/iu.test(stem);
    if (/[^aeiouyäö]i$/iu.test(stem) && stem.length > 3 && !finnishLooking) return stem.slice(0, -1);
    if (/[^aeiouyäö]i$/iu.test(stem) && stem.length > 3) return stem;
    // A name in -s inflects on -kse- ("Sokos" -> "Sokokselta").
    if (/[aeiouyäö]kse$/iu.test(stem) && stem.length > 4) return `${stem.slice(0, -3)}s`;
    if (/[aeiouyäö]se$/iu.test(stem) && stem.length > 4) return `${stem.slice(0, -2)}nen`;
    // These endings take the weak grade: a single k, p or t between vowels there was a double
    // one in the name ("Kuusikolta" -> "Kuusikko", "Ritolta" -> "Ritto"), in a Finnish-looking
    // name; so was an mp ("Lukulampussa" -> "Lukulamppu": mp itself weakens to mm). Not nt, lt
    // or rt, which foreign names keep ("Santalla" is Santa).
    const weak = /^(.*[aeiouyäö]m?)([kpt])([aeiouyäö])$/u.exec(stem);
    if (weak && stem.length > 3 && !/[bcfqwxzå]/iu.test(stem)) return `${weak[1]}${weak[2]}${weak[2]}${weak[3]}`;
    return eStemBase(stem);
  }
  // The illative of an e-word: Ulkoiluliike -> Ulkoiluliikkeeseen.
  if (/eseen$/iu.test(word) && word.length > 8) {
    const stem = word.slice(0, -4);
    return commonNounBase(stem) ?? eStemBase(stem);
  }
  if (ILLATIVE.test(word) && word.length > 5) {
    const stem = word.slice(0, -2);
    for (const candidate of finnishStems(stem)) {
      const found = knownShop(candidate);
      if (found) return found;
    }
    return stem;
  }
  // The genitive: "Stockmannin", and with the weak grade a listed name's "Gigantin" (Gigantti).
  if (/[aeiouyäö]n$/iu.test(word) && word.length > 4) {
    const stem = word.slice(0, -1);
    for (const candidate of [stem, ...finnishStems(stem)]) {
      const found = knownShop(candidate);
      if (found) return found;
    }
  }
  return word;
}

// Shop words Finnish names are often compounds of, in the form a case ending leaves them
// (consonant gradation: kauppa -> kaupasta, puoti -> puodista, liike -> liikkeestä).
const FINNISH_SHOP_NOUNS: readonly (readonly [string, string])[] = [
  ['kaupa', 'kauppa'],
  ['puodi', 'puoti'],
  ['liikkee', 'liike'],
  ['keskukse', 'keskus'],
  ['apteeki', 'apteekki'],
  ['putiiki', 'putiikki'],
  ['tarvikkee', 'tarvike'],
  ['tehtaa', 'tehdas'],
  ['pajaa', 'paja'],
  // Words shop names are made of, whose case forms change their consonants or their end
  // (tupa -> tuvasta, ranta -> rannasta, nurkka -> nurkasta, vauhti -> vauhdista, askel ->
  // askeleesta, sävel -> säveleltä, verstas -> verstaalta, keidas -> keitaasta).
  ['tuva', 'tupa'],
  ['ranna', 'ranta'],
  ['nurka', 'nurkka'],
  ['vauhdi', 'vauhti'],
  ['askelee', 'askel'],
  ['askele', 'askel'],
  ['sävelee', 'sävel'],
  ['sävele', 'sävel'],
  ['verstaa', 'verstas'],
  ['keitaa', 'keidas'],
  ['mäe', 'mäki'],
  ['lahde', 'lahti'],
  ['rintee', 'rinne'],
  // Words in -i that names end in, which a linking i would otherwise be taken from ("Kahvila
  // Kultakupille" is Kultakuppi, "Kioskille" a kioski, not a Kiosk).
  ['kupi', 'kuppi'],
  ['kaapi', 'kaappi'],
  ['napi', 'nappi'],
  ['korti', 'kortti'],
  ['kioski', 'kioski'],
  ['baari', 'baari'],
  ['kahvi', 'kahvi'],
  ['posti', 'posti'],
  // huolto -> huollolle ("Matkahuollolle", "Autohuollosta").
  ['huollo', 'huolto'],
];

/** A stem that ends in one of those shop words, with the word in its base form ("Pelikaupa" -> "Pelikauppa"). */
function commonNounBase(stem: string): string | undefined {
  const lower = stem.toLowerCase();
  for (const [inflected, base] of FINNISH_SHOP_NOUNS) {
    if (lower.endsWith(inflected) && stem.length >= inflected.length) {
      const head = stem.slice(0, stem.length - inflected.length);
      return head + (head === '' ? base[0]!.toUpperCase() + base.slice(1) : base);
    }
  }
  return undefined;
}

/**
 * An unlisted name's stem ending in e: a word in -e keeps it with the double vowel of its
 * endings and a weak consonant ("Huonee" -> "Huone"), an old word in -i shows it as e ("Nurme"
 * -> "Nurmi", as in "Kodintekniikka Nurmelta").
 */
export function eStemBase(stem: string): string {
  // An e-word's case forms have the strong grade, its name the weak: "liikkeen" -> liike,
  // "Viihteen" -> Viihde, "taiteen" -> taide, "Lumpeelta" -> Lumme, "ranteen" -> ranne.
  if (/ee$/iu.test(stem) && stem.length > 4) {
    const base = stem.slice(0, -1);
    if (/([kpt])\1e$/iu.test(base)) return base.replace(/([kpt])\1e$/iu, '$1e');
    const graded = /(mp|nt|lt|rt)e$/iu.exec(base);
    if (graded) return `${base.slice(0, -3)}${graded[1]![0]}${graded[1]![0]}e`;
    return base.replace(/([aeiouyäöh])te$/iu, '$1de');
  }
  // An English word in -e takes the ending as it is ("PC-Storesta" is PC-Store).
  if (ENGLISH_E_WORD.test(stem)) return stem;
  // A double consonant before the e is the name's own ("Nallesta" is Nalle, "Kallelta" Kalle): an
  // old i-word's e-stem has a single one ("kivestä", "Järvestä").
  if (/([^aeiouyäö])\1e$/iu.test(stem)) return stem;
  if (/[^aeiouyäö]e$/iu.test(stem) && stem.length > 3) return `${stem.slice(0, -1)}i`;
  return stem;
}

const ENGLISH_E_WORD =
  /(?:store|house|home|zone|line|online|centre|center|office|time|life|style|place|space|base|care|mobile|service|price|shoe|wine|rose|cycle|bike|game|sale|trade|drive|tube|phone|ware|wave|cube)$/iu;

/** Stems a name may have had before its ending: as is, without a linking i, with a doubled consonant (kaupa -> kauppa). */
function finnishStems(stem: string): string[] {
  const out = [stem];
  if (/[^aeiouyäö]i$/iu.test(stem)) out.push(stem.slice(0, -1));
  const graded = /^(.*?)([kpt])([aeiouyäö])$/iu.exec(stem);
  if (graded) out.push(`${graded[1]}${graded[2]}${graded[2]}${graded[3]}`);
  // A t between vowels weakens to d: K-Rauta -> K-Raudassa.
  const weakT = /^(.*[aeiouyäöhlnr])d([aeiouyäö])$/iu.exec(stem);
  if (weakT) out.push(`${weakT[1]}t${weakT[2]}`);
  // Names in -nen inflect on -se-: Halonen -> Halosesta, Kärkkäinen -> Kärkkäiseltä.
  if (/se$/iu.test(stem) && stem.length > 4) out.push(`${stem.slice(0, -2)}nen`);
  return out;
}

/**
 * The shop an answer names, or undefined when it names none (a yes/no, a sentence with no name).
 * `language` decides whether Finnish case endings are undone.
 */
export function readShop(typed: string, language: Language): string | undefined {
  let text = nameReadable(typed);
  // "vintage_lina på tradera", "pelimies_87": a marketplace seller's user name, as written.
  const user = USER_NAME.exec(text);
  if (user && typedWords(text).length <= 6) return user[1];
  // "Brandos. kollade fel rad": a new sentence in lower case is no part of the name (a short
  // abbreviation's dot, "Dr. lindner", does not end one).
  const sentenceEnd = /(?<=\p{L}{3})[.!?]+\s+(?=\p{Ll})/u.exec(text);
  if (sentenceEnd && sentenceEnd.index > 0) text = text.slice(0, sentenceEnd.index);
  // "se oli semmonen pieni nettikauppa, lankamaailma", "so ein kleiner Laden, Wollwerk": a kind of
  // shop described, then its name after the comma.
  const described = DESCRIBED_THEN_NAMED.exec(text);
  // (A description has a word in lower case: "Jimm's PC-Store, sekotin ne" names the shop first.)
  if (
    described &&
    /(?:^|\s)\p{Ll}/u.test(described[1]!) &&
    plain(described[1]!)
      .split(' ')
      .some((word) => SHOP_KIND.test(word)) &&
    !TRAILERS.some((phrase) => phrase.join(' ') === plain(described[2]!)) &&
    plain(described[2]!).split(' ').length <= 3 &&
    !plain(described[2]!)
      .split(' ')
      .some((word) => CLAUSE_WORDS.has(word)) &&
    !namesADate(described[2]!)
  )
    return readShop(described[2]!, language);
  // "war bei douglas, online bestellt": a listed shop's name ends at a comma.
  const comma = text.indexOf(',');
  // (Not "Zalando, eller nej vänta, det var Boozt", "CDON, säljaren heter Qvicko AB".)
  const afterComma = plain(text.slice(comma + 1)).split(' ');
  const takenBack =
    afterComma.some((word) => NAMING.has(word)) || containsAnyPhrase(afterComma, CORRECTION_OPENER_INDEX);
  if (comma > 0 && !takenBack && /\p{L}/u.test(text.slice(0, comma)) && typedWords(text.slice(0, comma)).length <= 5) {
    const before = readShop(text.slice(0, comma), language);
    if (before && knownShop(before) === before) return before;
    // "Villasukka-Aitta, pieni nettikauppa joka myy …", "Kräuterhof, so a kleiner Onlineshop": a
    // capitalised name, then what kind of shop it is.
    if (before && /^[\p{Lu}\p{N}]/u.test(text.trim()) && afterComma.slice(0, 4).some((word) => SHOP_KIND.test(word)))
      return before;
  }
  let words = tokens(text);
  if (words.length === 0) return undefined;
  // "från nån som heter Lyxlådan.se", "ingen aning, nåt som heter X": the name follows the naming word.
  const naming = words.findIndex((w, i) => i < words.length - 1 && NAMING.has(w.folded));
  if (naming >= 0) words = words.slice(naming + 1);
  // Lead-ins: "det var hos", "the shop is called", "bei" (each tried once, longest first).
  for (let pass = 0; pass < 2; pass++) {
    const folded = words.map((w) => w.folded);
    const lead = LEAD_INS.find((phrase) => phrase.length < words.length && phrase.every((p, i) => folded[i] === p));
    if (!lead) break;
    words = words.slice(lead.length);
  }
  // Trailers: "tror jag", "I think", "butiken".
  for (;;) {
    const folded = words.map((w) => w.folded);
    const trail = TRAILERS.find(
      (phrase) =>
        phrase.length < words.length && phrase.every((p, i) => folded[folded.length - phrase.length + i] === p),
    );
    if (!trail) break;
    words = words.slice(0, words.length - trail.length);
  }
  if (words.length === 0) return undefined;
  // "Jeg kjøpte den på nett hos Fjellsport.no", "I ordered it online from Lumo": a sentence with the
  // name after "hos / from / bei": the name is what follows.
  const after = words.findIndex(
    (w, i) =>
      i > 0 &&
      i < words.length - 1 &&
      ANSWER_PREPOSITIONS.has(w.folded) &&
      (/^[\p{Lu}\p{N}]/u.test(words[i + 1]!.raw) || knownShop(words[i + 1]!.raw) !== undefined),
  );
  if (after > 0 && after >= words.length - 5) words = words.slice(after + 1);
  // What follows the name is not part of it: "Boozt på regninga", "Lefdal 5 990", "Zalando on the invoice".
  // (A listed name with its number stays whole: "Sport 1", "Apotek 1".)
  const named = /^[\p{Lu}\p{N}]/u.test(words[0]!.raw) || knownShop(words[0]!.raw) !== undefined;
  const cut = words.findIndex(
    (w, i) =>
      i > 0 &&
      ((AFTER_NAME.has(w.folded) && !placeInName(words, i)) ||
        (named && STANDS_AFTER_NAME.has(w.folded)) ||
        (/^\d[\d.,]*$/.test(w.raw) && !knownShop(`${words[i - 1]!.raw} ${w.raw}`) && !numberInName(words, i))),
  );
  if (cut > 0) words = words.slice(0, cut);
  // Some words capitalised, some not ("står Ellos", "siinä lukee NordiClick Oy"): the capitalised run is the name.
  const capitalised = words.map((w) => /^[\p{Lu}\p{N}]/u.test(w.raw));
  if (capitalised.some(Boolean) && capitalised.some((c) => !c)) {
    const start = capitalised.indexOf(true);
    let end = start;
    while (
      end + 1 < words.length &&
      (capitalised[end + 1] ||
        ((JOINERS.has(words[end + 1]!.folded) || placeInName(words, end + 1)) && capitalised[end + 2]))
    )
      end++;
    if (!(start === 0 && end === 0 && words.length > 3)) words = words.slice(start, end + 1);
  }
  // "von der Firma Blitzlicht Foto GmbH": the word for a company before the name is not the name's.
  if (words.length > 1 && COMPANY_WORDS.has(words[0]!.folded)) words = words.slice(1);
  // A whole sentence is not a name: look for a name after a cue in it instead. ("Nordgrens Hem &
  // Fritid AB" is a name: the "&" and the company form are not counted.)
  const nameWords = words.filter(
    (w, i) => w.raw !== '&' && !(i > 0 && COMPANY_FORMS.has(w.folded) && /^\p{Lu}/u.test(w.raw)),
  );
  if (nameWords.length > 4) {
    // "butiken är fel det var clas ohlson": the name after a lead-in later in the sentence.
    const folded = words.map((w) => w.folded);
    let after = -1;
    for (let i = 1; i < words.length - 1; i++) {
      const lead = LEAD_INS.find((phrase) => phrase.length >= 2 && phrase.every((p, j) => folded[i + j] === p));
      if (lead && i + lead.length < words.length) after = i + lead.length;
    }
    if (after > 0 && words.length - after <= 4)
      return readShop(
        words
          .slice(after)
          .map((w) => w.raw)
          .join(' '),
        language,
      );
    return findMerchants(text)[0]?.name;
  }
  let name = words.map((w) => w.raw).join(' ');
  // ("Ravintola 4 Veljestä": after a numeral the word is the numeral's partitive, as named.)
  const afterNumeral =
    words.length >= 2 && /^\d{1,4}$/u.test(words.at(-2)!.raw) && FINNISH_PARTITIVE.test(words.at(-1)!.raw);
  if (!afterNumeral && (language === 'fi' || /(?:lta|ltä|sta|stä|lla|llä|ssa|ssä|lle)$/iu.test(name))) {
    const last = words.at(-1)!.raw;
    const base = finnishBase(last);
    // Outside Finnish an ending-like tail is only undone for a listed shop ("Costa" stays Costa).
    if (base !== last && (language === 'fi' || knownShop(base)))
      name = [...words.slice(0, -1).map((w) => w.raw), base].join(' ');
  }
  if (!/\p{L}/u.test(name)) return undefined;
  // "Det är OK", "Das ist OK so": an answer's word, not a name.
  if (ANSWER_WORDS.has(plain(name))) return undefined;
  return knownShop(name) ?? capitalise(name);
}

/** A payment service's prefix before a "*" in a statement's line ("SP*", "SUMUP *", "IZ *", "PAYPAL *"). */
const PAYMENT_PREFIX =
  /(?<![\p{L}\p{N}])(?:SP|SQ|SUMUP|ZETTLE_?|IZETTLE_?|IZ|PAYPAL|KLARNA|VIPPS|MOBILEPAY|STRIPE|ADYEN|NETS|SWISH|PAY|TST|WIX|SHOPIFY)\s?\*\s?/giu;
/** "SP*SKINLAB" -> "SKINLAB": the statement's line without its payment service's prefix. */
/**
 * A text as names are read from it: without a payment service's prefix ("ZETTLE_*Kaffebrenneriet",
 * "SP*SKINLAB") and without runs of more than sixty characters with no space, which are no name's
 * words (and would cost every reader of names a pass over them).
 */
export function nameReadable(typed: string): string {
  return withoutPaymentPrefix(typed).replace(/\S{61,}/gu, ' ');
}

export function withoutPaymentPrefix(text: string): string {
  return text.includes('*') ? text.replace(PAYMENT_PREFIX, '') : text;
}

/** A user name with an underscore ("vintage_lina", "pelimies_87"), not a payment prefix's ("ZETTLE_*"). */
export const USER_NAME = /(?<![\p{L}\p{N}_*])([\p{L}\p{N}]+(?:_[\p{L}\p{N}]+)+)(?![\p{L}\p{N}_*])/u;

/** A Finnish word in the partitive after a numeral ("Veljestä", "Vuodenaikaa"): Finnish letters, a front vowel or a long one. */
export const FINNISH_PARTITIVE = /^(?=.*(?:[äöy]|aa|ee|ii|oo|uu))[a-zåäöy-]+(?:tä|ta|ä|a)$/iu;

/**
 * "Rema 1000 Majorstuen", "Späti 44 Neukölln", "Kiosk 24 Nord": a short number between two
 * capitalised words of a name is part of it (not "Zalando 24 November", "Tchibo 12 Euro").
 */
function numberInName(words: readonly { raw: string; folded: string }[], at: number): boolean {
  const next = words[at + 1]?.raw ?? '';
  // "NRD*DIGITAL 7": a statement line's name in capitals keeps a one-digit number that ends the text.
  if (
    /^\d$/.test(words[at]!.raw) &&
    next === '' &&
    at >= 2 &&
    words.slice(0, at).every((w) => /^\p{Lu}{2,}$/u.test(w.raw))
  )
    return true;
  return (
    /^\d{1,4}$/.test(words[at]!.raw) &&
    /^\p{Lu}/u.test(words[at - 1]?.raw ?? '') &&
    /^\p{Lu}\p{Ll}/u.test(next) &&
    !namesADate(next) &&
    !/^(?:kr|kronor|kroner|euro|euros|eur|sek|nok|dkk|euroa|euron)$/iu.test(next)
  );
}

// A description and a short name after its comma (at most four words, none of them a verb's
// start of a clause: the name's own words).
const DESCRIBED_THEN_NAMED = /^([^,]{3,80}),\s*([^,\s][^,]{0,40}?)[\s.!]*$/u;
// Folded words for a kind of shop, alone or at a compound's end ("nettikauppa", "Onlineshop").
const SHOP_KIND =
  /(?:kauppa|puoti|liike|shop|laden|geschaft|butik|butikk|butikken|butiken|store|firma|foretag|yritys|company)$/u;

// Words of a clause, not of a name: "…, kenn ich nich", "…, no idea", "…, en tiedä".
const CLAUSE_WORDS = new Set(
  [
    'ich',
    'jag',
    'jeg',
    'eg',
    'i',
    'mä',
    'minä',
    'en',
    'ei',
    'nicht',
    'inte',
    'ikke',
    'not',
    'no',
    'kenn',
    'know',
    'vet',
    'ved',
    'tiedä',
    'weiß',
    'keine',
    'ingen',
    'idea',
    'aning',
    'ahnung',
    'anelse',
    'peiliä',
  ].map((w) => plain(w)),
);

// "Bakeriet på Hjørnet", "Konditoriet ved Bryggen": a place after "på / ved / vid" that is
// capitalised, after a capitalised word, is part of the name (not "… på regninga", "… på fredag").
// (Not "am / im": German writes every noun with a capital, "MediaMarkt im Einkaufszentrum"; nor
// after a listed shop, "Boozt på Klarna".)
const PLACE_JOINER_WORDS = new Set(['pa', 'vid', 'ved']);
const GERMAN_PLACE_JOINERS = new Set(['am', 'im']);
function placeInName(words: readonly { raw: string; folded: string }[], at: number): boolean {
  const next = words[at + 1];
  // "Parkhaus am Dom", "Café im Hof": a short answer that is all name keeps its German place too.
  const joiner =
    PLACE_JOINER_WORDS.has(words[at]!.folded) ||
    (GERMAN_PLACE_JOINERS.has(words[at]!.folded) && words.length <= 4 && at === 1);
  return (
    joiner &&
    /^\p{Lu}/u.test(words[at - 1]!.raw) &&
    knownShop(words[at - 1]!.raw) === undefined &&
    next !== undefined &&
    /^\p{Lu}\p{Ll}/u.test(next.raw) &&
    !INVOICE_WORDS.test(next.folded) &&
    !namesADate(next.raw)
  );
}

/** Prepositions before a shop's name in an answer that is a sentence. Folded. */
const ANSWER_PREPOSITIONS = new Set(['hos', 'fran', 'fra', 'bei', 'beim', 'von', 'vom', 'from', 'at', 'kaupasta']);

function capitalise(name: string): string {
  return name === name.toLowerCase() ? name.replace(/^\p{Ll}/u, (c) => c.toUpperCase()) : name;
}
