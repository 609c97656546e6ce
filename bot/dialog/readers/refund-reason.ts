// Why the consumer wants their money back, from what they wrote: the five refund reasons every
// dispute carries. "skickade tillbaka skorna" is returned goods, "paketet kom aldrig" not
// received, "de drog 1 299 i stället för 999" a wrong amount, "kaffebryggaren läcker" faulty,
// "butiken vägrar betala tillbaka" a refused refund. Undefined when the words do not say; the
// dialog then asks, with the five as buttons.
import { findAmounts } from '../../../intents/entities/amounts.ts';
import { BOUGHT, INVOICE_WORDS, RECEIVED } from './lexicon.ts';
import { compilePhrases, containsAnyPhrase, containsPhrase, indexPhrases, wordsOf } from './text.ts';

export const REFUND_REASONS = ['returned', 'not_received', 'wrong_amount', 'faulty', 'refund_refused'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

// Phrases per reason, all six languages; a word may stand for the phrase's stem ("returner"
// matches "returnerade", "returnert", "returneret") through the prefix rule below.
const PHRASES: Record<RefundReason, string[]> = {
  returned: [
    'returnerat',
    'returnerade',
    'returnera',
    'skickat tillbaka',
    'skickade tillbaka',
    'lämnat tillbaka',
    'lämnade tillbaka',
    'retur',
    'returen',
    'returnert',
    'returnerte',
    'sendt tilbake',
    'sendte tilbake',
    'levert tilbake',
    'leverte tilbake',
    'returneret',
    'returnerede',
    'sendt retur',
    'sendte retur',
    'sendt tilbage',
    'sendte tilbage',
    'afleveret tilbage',
    'palautin',
    'palautettu',
    'palautus',
    'palautuksen',
    'lähetin takaisin',
    'palautin takaisin',
    'zurückgeschickt',
    'zurückgesendet',
    'retourniert',
    'zurückgegeben',
    'rücksendung',
    'retoure',
    'returned',
    'sent back',
    'sent it back',
    'send back',
    'return',
    'the return',
    'brought back',
    'took back',
  ],
  not_received: [
    // never sent by the shop ("lyko har inte skickat min beställning")
    'inte skickat min',
    'inte skickat mina',
    'inte skickat beställningen',
    'inte skickat paketet',
    'inte skickat varan',
    'ikke sendt bestillingen',
    'ikke sendt pakken',
    'ikke sendt varen',
    'ikke sendt min',
    'ikke sendt mine',
    'nicht verschickt',
    'noch nicht verschickt',
    'nie verschickt',
    'not shipped',
    "hasn't shipped",
    "haven't shipped",
    'never shipped',
    'ei oo lähettäny',
    'ei ole lähettänyt',
    'eivät ole lähettäneet',
    // nynorsk
    'ikkje fått pakka',
    'ikkje fått pakken',
    'ikkje fått varene',
    'ikkje kome',
    'har ikkje fått',
    // never delivered, in the words between ("aldrig er blevet leveret", "they never arrive")
    'aldrig er blevet leveret',
    'er aldrig blevet leveret',
    'aldri blitt levert',
    'har aldri blitt levert',
    'aldrig blivit levererad',
    'har aldrig levererats',
    'never been delivered',
    'was never delivered',
    'never arrive',
    'never arrives',
    'did not arrive',
    "didn't arrive",
    'didnt arrive',
    'not arrived',
    'nie geliefert worden',
    'nie angekommen',
    'nicht angekommen',
    // Austrian and Swiss German
    'nix kommen',
    'nix kumma',
    'nie kommen',
    'ned kommen',
    'ned ankommen',
    'nie aacho',
    'nöd aacho',
    'nid aacho',
    'nie acho',
    'nöd cho',
    // part of the order missing, said with what came ("nur die hälfte", "only got 2 of 3")
    'nur die hälfte',
    'only got',
    'only received',
    'fick bara',
    'fikk bare',
    'fik kun',
    'sain vain',
    'skickade aldrig',
    'har aldrig skickat',
    'sendte aldri',
    'har aldri sendt',
    'sendte aldrig',
    'har aldrig sendt',
    'never sent',
    'never shipped',
    'nie verschickt',
    'nie geschickt',
    'nicht verschickt',
    'ei lähettänyt',
    'eivät lähettäneet',
    'fick aldrig',
    'fått aldrig',
    'fikk aldri',
    'fikk aldrig',
    'fik aldrig',
    'fik den aldrig',
    'bekam nie',
    'nie bekommen',
    'en saanut koskaan',
    'en koskaan saanut',
    'aldrig kommit',
    'aldrig kom',
    'inte kommit',
    'inte fått',
    'aldrig fått',
    'har inte fått',
    'kom aldrig',
    'inte levererats',
    'aldrig levererats',
    'inte levererades',
    'aldrig levererades',
    'inte levererad',
    'aldrig levererad',
    'ble aldri levert',
    'blev aldrig leveret',
    'försvunnit',
    'aldri kommet',
    'aldri kom',
    'ikke kommet',
    'ikke fått',
    'aldri fått',
    'ikke levert',
    'aldri levert',
    'kom aldri',
    'aldrig modtaget',
    'ikke modtaget',
    'aldrig kommet',
    'ikke leveret',
    'aldrig leveret',
    'kom aldrig',
    'ei ole tullut',
    'ei tullut',
    'ei oo tullu',
    'ei oo tullut',
    'ei oo koskaan tullu',
    'ei ole koskaan tullut',
    'ei koskaan tullu',
    'ei tullu',
    'tullu perille',
    'en ole saanut',
    'en saanut',
    'ei koskaan tullut',
    'tullut perille',
    'ei oo koskaan tullut',
    'ei saapunut',
    'ei toimitettu',
    'katosi',
    'nie kam',
    'nie gekommen',
    'nicht gekommen',
    'nie da',
    'nie angekommen',
    'nicht angekommen',
    'nie erhalten',
    'nicht erhalten',
    'nicht geliefert',
    'nie geliefert',
    'kam nie',
    'nie bekommen',
    'nicht bekommen',
    'never arrived',
    'never came',
    'never showed up',
    'never turned up',
    "hasn't shown up",
    'hasnt shown up',
    "didn't show up",
    'didnt show up',
    'still not here',
    'never got here',
    'not arrived',
    "hasn't arrived",
    'hasnt arrived',
    'not received',
    'never received',
    "didn't receive",
    'didnt receive',
    "didn't get",
    'didnt get',
    'never got',
    'not delivered',
    'never delivered',
    'lost in the post',
    'missing parcel',
  ],
  wrong_amount: [
    // two invoices for one purchase
    'två fakturor på samma',
    'två fakturor för samma',
    'två likadana fakturor',
    'to fakturaer på samme',
    'to fakturaer for samme',
    'to fakturaer på det samme',
    'to ens fakturaer',
    'to like fakturaer',
    'zwei rechnungen für',
    'zwei rechnungen über',
    'zwei gleiche rechnungen',
    'two invoices for the same',
    'two bills for the same',
    'two identical invoices',
    'kaksi samaa laskua',
    'kaksi laskua samasta',
    // ordered once, charged more often
    'only ordered once',
    'only bought once',
    'ordered it once',
    'bara beställt en gång',
    'beställde bara en gång',
    'bestilte bare en gang',
    'bestilte kun en gang',
    'bestilte bare én gang',
    'bestilte kun én gang',
    'nur einmal bestellt',
    'nur ein mal bestellt',
    'tilasin vain kerran',
    'tilasin vaan kerran',
    'för mycket',
    'fel belopp',
    'dubbelt',
    'rabatt',
    'rabattkod',
    'rabattkoden',
    'extrapris',
    'reapris',
    'felaktigt belopp',
    'dragit mer',
    'for mye',
    // "altfor mye", "alltför mycket", "altfor meget": one word for "far too".
    'altfor mye',
    'alltför mycket',
    'altfor meget',
    'feil beløp',
    'dobbelt',
    'rabattkode',
    'tilbudspris',
    'trukket mer',
    'for meget',
    'forkert beløb',
    'rabatkode',
    'tilbudspris',
    'trukket mere',
    'liikaa',
    'väärä summa',
    'väärän summan',
    'alennus',
    'alennuskoodi',
    'tarjoushinta',
    'zu viel',
    'falscher betrag',
    'doppelt',
    'doppelte',
    'doppelten',
    'doppelter',
    'rabattcode',
    'gutschein',
    'angebotspreis',
    'mehr berechnet',
    'fuld pris',
    'fullt pris',
    'full pris',
    'voller preis',
    'vollen preis',
    'täysi hinta',
    'täyden hinnan',
    'full price',
    'ordinarie pris',
    'normalpreis',
    'too much',
    'wrong amount',
    'charged twice',
    'double charged',
    'discount',
    'discount code',
    'coupon',
    'sale price',
    'overcharged',
    'charged more than',
    'charged me more than',
    'more than the price',
    'more than i paid',
    'more than what i paid',
    'more than i was charged at checkout',
    'mehr als an der kasse',
    'mer än i kassan',
    // a sale price not honoured ("var på rea för 799 men fick betala 1 199")
    'på rea',
    'på salg',
    'på udsalg',
    'på tilbud',
    'im sale',
    'im angebot',
    'reduziert',
    'on sale',
    'alennuksella',
    'tarjouksessa',
    'alesta',
  ],
  faulty: [
    'trasig',
    'trasigt',
    'krossad',
    'krossat',
    'kom sönder',
    'sönder',
    'fungerar inte',
    'funkar inte',
    'defekt',
    'läcker',
    'skadad',
    'skadat',
    'fel på',
    'inte som beskrivet',
    'reva',
    'ødelagt',
    'knust',
    'knuste',
    'i stykker',
    'virker ikke',
    'fungerer ikke',
    'defekt',
    'lekker',
    'skadet',
    'feil på',
    'ikke som beskrevet',
    'i stykker',
    'virker ikke',
    'fungerer ikke',
    'defekt',
    'lækker',
    'beskadiget',
    'ødelagt',
    'ikke som beskrevet',
    'rikki',
    'ei toimi',
    'ei toimi ollenkaan',
    'viallinen',
    'vikaa',
    'vuotaa',
    'hajosi',
    'hajonnut',
    'särkynyt',
    'vaurioitunut',
    'ei vastaa kuvausta',
    'kaputt',
    'defekt',
    'funktioniert nicht',
    'geht nicht',
    'beschädigt',
    'kaputtgegangen',
    'leckt',
    'nicht wie beschrieben',
    'mangelhaft',
    'broken',
    'broke',
    'broke down',
    'gick sönder',
    'gikk i stykker',
    'gik i stykker',
    'meni rikki',
    'ging kaputt',
    'faulty',
    "doesn't work",
    'doesnt work',
    'does not work',
    'not working',
    'stopped working',
    'damaged',
    'defective',
    'leaks',
    'leaking',
    'not as described',
    'arrived broken',
    'cracked',
    'scratched',
    'dented',
    'torn',
    'ripped',
    'wrong size',
    'wrong colour',
    'wrong color',
    'wrong item',
    'not what i ordered',
    'spräckt',
    'repig',
    'fel storlek',
    'fel färg',
    'fel vara',
    'sprukket',
    'ripete',
    'feil størrelse',
    'feil farge',
    'feil vare',
    'revnet',
    'ridset',
    'forkert størrelse',
    'forkerte størrelse',
    'forkerte vare',
    'väärän kokoiset',
    'forkert farve',
    'forkert vare',
    'haljennut',
    'naarmuuntunut',
    'väärä koko',
    'väärän kokoinen',
    'väärän värinen',
    'vaaran varinen',
    'väärä tuote',
    'gesprungen',
    'zerkratzt',
    'falsche größe',
    'falsche farbe',
    'falsche ware',
    'falscher artikel',
    'falsches modell',
    'falsche modell',
    'falsches produkt',
    'falschen artikel',
    'kaputten',
    'kaputte',
    'kaputtes',
    'kaputter',
    'nicht bestellt habe',
    // a part that came off ("sålen gik løs", "pohja irtos", "the sole came off")
    'gick loss',
    'lossnade',
    'har lossnat',
    'har släppt',
    'sulan släppte',
    'sulan släpper',
    'sålen har sluppet',
    'gik løs',
    'gikk løs',
    'løsnet',
    'løsnede',
    'irtosi',
    'irtos',
    'irronnut',
    'irtoaa',
    'ging ab',
    'löste sich',
    'hat sich gelöst',
    'came off',
    'fell off',
    'came apart',
    'fell apart',
    // other goods than ordered ("they shipped a different size")
    'different size',
    'different colour',
    'different color',
    'annan storlek',
    'annan färg',
    'annen størrelse',
    'anden størrelse',
    'andere größe',
    'anderen größe',
    'andere farbe',
    'anderen farbe',
    'annen farge',
    'anden farve',
    'eri väri',
    'eri värinen',
    'eri koko',
    'eri kokoiset',
  ],
  refund_refused: [
    'vägrar',
    'vill inte betala tillbaka',
    'vill inte återbetala',
    'nekar',
    'nekat',
    'vill inte ge mig pengarna',
    'får inte tillbaka',
    'nekter',
    'vil ikke betale tilbake',
    'vil ikke refundere',
    'nektet',
    'får ikke pengene',
    'nægter',
    'vil ikke refundere',
    'vil ikke betale tilbage',
    'vil ikke give mig pengene',
    'give mig pengene tilbage',
    'vil ikke give pengene',
    'afvist',
    'afviser',
    'kieltäytyy',
    'ei suostu',
    'eikä ne suostu',
    'ne ei suostu',
    'ei suostunut',
    'ei suostunu',
    'eivät suostu',
    'ei hyvitä',
    'ei palauta rahoja',
    'evätty',
    'weigert',
    'verweigert',
    'will nicht erstatten',
    'nix zurück',
    'nichts zurück',
    'nüt zrugg',
    'nöd zrugg',
    'ned zruck',
    'will nicht zurückzahlen',
    'abgelehnt',
    'lehnt ab',
    'erstattet nicht',
    'refuse',
    'refusing',
    'refuse to refund',
    'refuses',
    'refused',
    "won't refund",
    'wont refund',
    'will not refund',
    'rejected my refund',
    'no refund',
    'denied my refund',
    'denied the refund',
    'refund was denied',
    'denied me a refund',
    // a refund promised and not paid ("butiken lovade att betala tillbaka men inget har hänt")
    'lovade att betala tillbaka',
    'lovade återbetalning',
    'lovat att betala tillbaka',
    'lovet å betale tilbake',
    'lovte å betale tilbake',
    'lovet refusjon',
    'lovede at betale',
    'lovede at refundere',
    'lovet at betale',
    'lupasi palauttaa',
    'lupasivat palauttaa',
    'lupasi hyvittää',
    'versprochen',
    'promised to refund',
    'promised a refund',
    'promised me a refund',
    'promised to pay me back',
  ],
};

// A thing that does not work, said with a negation and a verb of working: "se ei lämpene
// ollenkaan", "den lader ikke", "it won't turn on", "geht nicht an". Read when no phrase above says it.
const NOT_WORKING_VERBS = new Set(
  [
    'fungerar',
    'funkar',
    'startar',
    'laddar',
    'värmer',
    'virker',
    'fungerer',
    'lader',
    'starter',
    'varmer',
    'toimi',
    'toimii',
    'lämpene',
    'käynnisty',
    'lataa',
    'lataudu',
    'funktioniert',
    'geht',
    'lädt',
    'startet',
    'heizt',
    'work',
    'works',
    'working',
    'charge',
    'charges',
    'start',
    'starts',
    'turn',
    'heat',
    'heats',
  ].map((w) => wordsOf(w)[0]!),
);
const NOT_WORDS = new Set(
  [
    'inte',
    'ej',
    'ikke',
    'ikkje',
    'ei',
    'en',
    'nicht',
    'kein',
    'not',
    "doesn't",
    'doesnt',
    "won't",
    'wont',
    "isn't",
    'isnt',
    'never',
    'no',
  ].map((w) => wordsOf(w)[0]!),
);

const FINNISH_WORKING = new Set(
  ['toimi', 'toimii', 'lämpene', 'käynnisty', 'lataa', 'lataudu'].map((w) => wordsOf(w)[0]!),
);

function saysNotWorking(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    if (!NOT_WORKING_VERBS.has(words[i]!)) continue;
    for (let j = Math.max(0, i - 3); j <= Math.min(words.length - 1, i + 2); j++)
      // Finnish "en" (I don't) goes with a Finnish verb: "en lader" is "a charger".
      if (NOT_WORDS.has(words[j]!) && (words[j] !== 'en' || FINNISH_WORKING.has(words[i]!))) return true;
  }
  return false;
}

// "Twice" is a wrong amount only about money: "dragit två gånger", "har trukket mig 2 gange",
// "zweimal abgebucht"; "har mejlat dem två gånger" is about writing to the shop.
const TWICE = compilePhrases([
  'två gånger',
  '2 gånger',
  'to ganger',
  '2 ganger',
  'to gange',
  '2 gange',
  'kahteen kertaan',
  'kahdesti',
  '2 kertaa',
  'kaksi kertaa',
  'zweimal',
  'zwa mal',
  'zwamal',
  'zwoamal',
  'zweumal',
  '2 mal',
  '2mal',
  'zwei mal',
  '2x',
  'x2',
  '2 ggr',
  '2ggr',
  'kaks kertaa',
  'kahesti',
  'twice',
  '2 times',
  'two times',
  // or more
  'tre gånger',
  '3 gånger',
  'tre ganger',
  '3 ganger',
  'tre gange',
  '3 gange',
  'kolme kertaa',
  '3 kertaa',
  'dreimal',
  'drei mal',
  '3 mal',
  '3mal',
  '3x',
  'x3',
  'three times',
  '3 times',
  'thrice',
]);
// "3 charges", "två dragningar", "zwei Abbuchungen": more than one charge for one purchase.
const COUNT = /^(?:[2-5]|two|three|tva|tre|to|zwei|drei|kaksi|kolme|kaks|kolm)$/;
const CHARGE_NOUN =
  /^(?:charges|debits|dragningar|dragninger|trekk|traek|abbuchungen|buchungen|belastungen|veloitusta|veloitukset)$/;
// "to fakturaer for samme bestilling": two invoices for one order (not "fick 2 fakturor, vilken ska
// jag betala", which asks about them).
const INVOICES = /^(?:fakturaer|fakturor|rechnungen|invoices|laskua)$/;
const SAME = /^(?:samme|samma|same|selbe|selben|gleiche|gleichen|sama|samasta)$/;
const MONEY_VERB =
  /^(?:drag|drog|dras|debit|fakturer|betal|trukk|trak|traek|trekk|trekt|charg|bill|paid|pay|abgebucht|abbuch|berechn|verrechn|rechnung|bezahl|veloit|laskut|maksoi|maksanut|maksettu|belast|abgezogen|gebucht|(?:tatt|tagit|tog|tok|taget|tage|ta|take|took|taken|tar|tager)$)/;

// "taucht zweimal auf", "shows up twice", "syns två gånger på fakturan": there twice, on the invoice. Folded.
const SHOWN_ON_INVOICE =
  /^(?:syns|star|stod|ligger|lag|ligge|vises|taucht|auftaucht|steht|shows|showing|appears|appearing|listed|nakyy|buchung\w*|gebucht)$/;

// "uppsagt men dras ändå", "gekündigt, trotzdem wieder abgebucht": an ended subscription still charged. Folded.
const CANCELLED_WORD =
  /^(?:uppsagt|uppsagd|avslutat|avslutad|cancel\w*|gekundigt|kundigung|opsagt|opsagde|oppsagt|irtisano\w*|peruin|perutt\w*|peruttu|storniert)$/;
const STILL_WORD =
  /^(?:anda|fortfarande|fortsatt|stadig|still|trotzdem|weiterhin|wieder|silti|yha|edelleen|again|igen|igjen|uudestaan|alligevel|allikevel)$/;

// "de drog 1 299 i stället för 999", "charged 499 instead of 399": one sum where another was due,
// said with money next to the "instead". (Goods instead of others, "in 38 statt 43", "got M
// instead of L", are no wrong amount.)
const INSTEAD =
  /(?<![\p{L}])(?:istället för|i stället för|i stedet for|istedet for|sijaan|statt|anstatt|instead of)(?![\p{L}])/giu;

function chargedInsteadOf(text: string): boolean {
  for (const m of text.matchAll(INSTEAD)) {
    const near = text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30);
    if (
      findAmounts(near).length > 0 ||
      /\d[.,]\d{2}(?!\d)/u.test(near) ||
      wordsOf(near).some((w) => MONEY_VERB.test(w))
    )
      return true;
  }
  return false;
}

function chargedAfterCancelling(words: readonly string[]): boolean {
  const cancelled =
    words.some((w) => CANCELLED_WORD.test(w)) ||
    containsPhrase(words, ['sagt', 'upp']) ||
    containsPhrase(words, ['sa', 'upp']) ||
    containsPhrase(words, ['sagt', 'opp']);
  return cancelled && words.some((w) => STILL_WORD.test(w)) && words.some((w) => MONEY_VERB.test(w));
}

// "bekommen hab i nur 2, die haube fehlt", "one item of the order was missing": a part that did
// not come, said with "only" or with the order or parcel (not "Rechnung fehlt", "kundnummer saknas").
const MISSING_WORD = /^(?:fehlt|fehlen|gefehlt|missing|saknas|saknades|mangler|manglede|manglet|puuttuu|puuttui)$/;
const ONLY_OR_ORDER =
  /^(?:nur|only|bara|bare|kun|vain|bestellung\w*|lieferung\w*|paket\w*|order|package|parcel|item|items|bestallning\w*|paketet|pakke\w*|pakka|levering\w*|leverans\w*|tilaus\w*|toimitus\w*|paketti\w*)$/;

// "eine Hose in 38 bestellt und eine 44 bekommen", "bestilte 40 og fikk 36", "ordered a 40, got a
// 36": one size ordered and another that came are other goods than ordered.
/** Delivered, besides the verbs of getting (RECEIVED). Folded. */
const DELIVERED = /^(?:geliefert|levert|leveret|levererades|toimitettiin|delivered)$/;
function otherSizeCame(words: readonly string[]): boolean {
  const ordered = words.findIndex((w) => BOUGHT.test(w));
  if (ordered < 0) return false;
  const came = words.findIndex((w, i) => i > ordered && (RECEIVED.test(w) || DELIVERED.test(w)));
  if (came < 0) return false;
  // (Not counts of invoices or charges: "bestilte 2 jakker og fikk 3 regninger".)
  if (words.some((w) => INVOICE_WORDS.test(w) || MONEY_VERB.test(w) || /^(?:kr|eur|euro|sek|nok|dkk)$/.test(w)))
    return false;
  const sizes = words.filter((w) => /^\d{1,3}$/.test(w) && Number(w) <= 60);
  return new Set(sizes).size >= 2;
}

function partOfOrderMissing(words: readonly string[]): boolean {
  return words.some((w) => MISSING_WORD.test(w)) && words.some((w) => ONLY_OR_ORDER.test(w));
}

/** "hat mir 2mal 34,80 abgebucht", "två dragningar": one purchase charged more than once. `words` folded. */
export function saysChargedTwice(words: readonly string[]): boolean {
  if (words.some((w, i) => COUNT.test(w) && CHARGE_NOUN.test(words[i + 1] ?? ''))) return true;
  if (words.some((w, i) => COUNT.test(w) && INVOICES.test(words[i + 1] ?? '')) && words.some((w) => SAME.test(w)))
    return true;
  for (let i = 0; i < words.length; i++) {
    const phrase = TWICE.find((p) => p.every((w, k) => words[i + k] === w));
    if (!phrase) continue;
    // "de har tatt 1150 kr for heiskort to ganger": the charge a few words back.
    const near = [...words.slice(Math.max(0, i - 6), i), ...words.slice(i + phrase.length, i + phrase.length + 3)];
    if (near.some((w) => MONEY_VERB.test(w) || SHOWN_ON_INVOICE.test(w))) return true;
  }
  return false;
}

// Words that give the price the consumer expected ("im Warenkorb stand 34,90", "the cart said
// 299", "priset var 499"), and words that set the invoice's amount against it. Folded.
const PRICE_CUE =
  /^(?:warenkorb|cart|basket|varukorg|varukorgen|handlekurv|handlekurven|indkobskurv|indkobskurven|ostoskori|ostoskorissa|preis|price|pris|priset|prisen|hinta|kostete|kostade|kostet|kostede|maksoi|cost|costs|angegeben|listed|advertised|annonsert|annonserad|tilbud|tilbudet|angebot|erbjudande|tarjous)$/;
const CONTRAST = new Set([
  'aber',
  'but',
  'men',
  'mutta',
  'mut',
  'fast',
  'doch',
  'statt',
  'instead',
  'istallet',
  'istedet',
  'isteden',
  'sijaan',
  'though',
  'jedoch',
  'dagegen',
  'nu',
  'nun',
  'now',
  'nyt',
  'jetzt',
  'na',
]);
const DECIMAL_SUM = /(?<![\d.,])(\d{1,5}[.,]\d{2})(?![\d.,]*\d)/gu;

/**
 * "bei Thalia stand im Warenkorb 34,90 aber auf der Rechnung sind jetzt 43,90 €": two different
 * sums, one named as the price expected and one set against it, is an amount that is wrong.
 */
function saysPriceDiffers(text: string, words: readonly string[]): boolean {
  // The invoice set against the price is a contrast too ("im warenkorb 23,40 und auf der rechnung 32,40").
  if (!words.some((w) => PRICE_CUE.test(w)) || !words.some((w) => CONTRAST.has(w) || INVOICE_WORDS.test(w)))
    return false;
  // Sums written as money: with a currency, or with two decimals ("34,90"); a count, an order
  // number or a date is none.
  const sums = new Set<number>(findAmounts(text).map((amount) => amount.amountMinor));
  for (const m of text.matchAll(DECIMAL_SUM)) sums.add(Math.round(Number(m[1]!.replace(',', '.')) * 100));
  return sums.size >= 2;
}

const COMPILED = Object.entries(PHRASES).map(
  ([reason, phrases]) => [reason as RefundReason, indexPhrases(compilePhrases(phrases))] as const,
);

/**
 * The refund reason `text` states, or undefined. When several match, the strongest evidence
 * wins: a refusal ("they refuse to refund my return") and a wrong amount name the dispute more
 * exactly than the goods' story, which comes last.
 */
export function readRefundReason(text: string): RefundReason | undefined {
  const words = wordsOf(text);
  if (words.length === 0) return undefined;
  const found = new Set<RefundReason>();
  for (const [reason, phrases] of COMPILED) {
    if (containsAnyPhrase(words, phrases)) found.add(reason);
  }
  if (
    saysChargedTwice(words) ||
    saysPriceDiffers(text, words) ||
    chargedAfterCancelling(words) ||
    chargedInsteadOf(text)
  )
    found.add('wrong_amount');
  if (partOfOrderMissing(words)) found.add('not_received');
  if (otherSizeCame(words)) found.add('faulty');
  if (found.size === 0 && saysNotWorking(words)) found.add('faulty');
  // "die kaputte Jacke zurückgeschickt, aber noch kein Geld": goods sent back are the returned
  // goods, whatever was wrong with them.
  if (found.has('faulty') && found.has('returned')) found.delete('faulty');
  for (const reason of ['refund_refused', 'wrong_amount', 'not_received', 'faulty', 'returned'] as const) {
    if (found.has(reason)) return reason;
  }
  return undefined;
}
