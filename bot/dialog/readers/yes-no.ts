// Yes or no, as people type it: "ja", "jo", "joo", "nej inte än", "no not yet", "det har jeg",
// "genau", "yes send it", "Nein, hab ich nicht". Read from the start of the message: an answer
// leads with its yes or no, and what follows may add to it ("ja, jag mejlade dem i måndags").
import { DONT_KNOW, NAMING_VERBS, NO, SHOP_ANSWER, STANDS_WORDS, WENT_TO_THE_SHOP, YES } from './lexicon.ts';
import { compilePhrases, containsAnyPhrase, containsPhrase, indexPhrases, startsWithPhrase, wordsOf } from './text.ts';

const YES_PHRASES = compilePhrases(YES);
const NO_PHRASES = compilePhrases(NO);
const DONT_KNOW_PHRASES = compilePhrases(DONT_KNOW);
// The one-word yes and no forms, for reading a drawn-out one ("jaaa" is "ja"; "joo" stays "joo").
const ONE_WORD = new Set(
  [...YES_PHRASES, ...NO_PHRASES].filter((phrase) => phrase.length === 1).map((phrase) => phrase[0]!),
);
// A negation right after a yes phrase that is a statement ("det virker" + "ikke").
const NEGATING = new Set(['inte', 'ej', 'icke', 'ikke', 'ikkje', 'nicht', 'not', 'aldrig', 'aldri', 'never', 'nie']);
// "njaa inte än", "nja, nej": a hesitation before the answer.
const LEADING_INTERJECTIONS = new Set(['a', 'aa', 'oh', 'ah', 'tja', 'hmm', 'nja', 'njaa', 'njae', 'tjaa']);

// Words that turn a statement negative anywhere in a short answer ("jag har inte hunnit",
// "ich habe noch nicht angerufen", "en ole soittanut").
export const NEGATIONS = new Set([
  'inte',
  'ej',
  'icke',
  'aldrig',
  'ikke',
  'ikk',
  'ik',
  'ikkje',
  'itte',
  'aldri',
  'aldrig',
  'ei',
  'en',
  'et',
  'emme',
  'ette',
  'eivat',
  'nicht',
  'nie',
  'kein',
  'keine',
  'keinen',
  'not',
  "haven't",
  'havent',
  "didn't",
  'didnt',
  'never',
  "don't",
  'dont',
  "hasn't",
  'hasnt',
  'no',
]);

// Verbs of getting in touch: an answer that says "I called them" is a yes to "have you
// contacted the shop?", "I haven't called" a no.
const CONTACT_WORDS = new Set(
  [
    'ringt',
    'ringde',
    'mejlat',
    'mailat',
    'mejlade',
    'mailade',
    'skrivit',
    'skrev',
    'kontaktat',
    'kontaktade',
    'pratat',
    'pratade',
    'chattat',
    'ringt',
    'ringte',
    'mailet',
    'mailte',
    'skrevet',
    'kontaktet',
    'kontakta',
    'snakket',
    'snakka',
    'ringet',
    'ringede',
    'mailede',
    'skrevet',
    'kontaktede',
    'talt',
    'snakkede',
    'soitin',
    'soittanut',
    'laitoin',
    'lähetin',
    'kirjoitin',
    'kirjoittanut',
    'otin',
    'ottanut',
    'yhteyttä',
    'yhteytta',
    'meilasin',
    'viestin',
    'angerufen',
    'geschrieben',
    'gemailt',
    'kontaktiert',
    'gesprochen',
    'angeschrieben',
    'reklamiert',
    'beschwert',
    'gemeldet',
    'reklamerat',
    'reklamerade',
    'reklamert',
    'reklamerte',
    'reklameret',
    'reklamerede',
    'reklamoin',
    'reklamoinut',
    'valitin',
    'called',
    'emailed',
    'mailed',
    'wrote',
    'written',
    'contacted',
    'messaged',
    'phoned',
    'spoke',
    'spoken',
    'talked',
    'complained',
    'reached',
    'emailing',
    'calling',
    'contacting',
    'writing',
    'messaging',
    'phoning',
    'chatting',
    'chatted',
    'complaining',
  ].map((w) => wordsOf(w)[0]!),
);
// Spoken and misspelt forms share a stem ("soittanu", "mailannu", "kontaktat", "angerufn"): a word
// that starts with one of these and is not much longer counts as the verb.
const CONTACT_STEMS = [
  'soitt',
  'soitin',
  'mailas',
  'meilas',
  'yhteyd',
  'yhteyt',
  'kontakt',
  'mejla',
  'maila',
  'ringd',
  'ringt',
  'ringe',
  'angeruf',
  'angruf',
  'anruf',
  'geschrieb',
  'emailed',
  'contacted',
  'phoned',
].map((w) => wordsOf(w)[0]!);

// Sending a message is getting in touch ("sendte dem en mail", "skickade ett mejl", "lähetin
// viestiä", "eine Mail geschickt"), but sending goods back is not ("sendt tilbake"): a verb of
// sending counts only with a word for a message near it.
const SEND_WORDS = new Set(
  [
    'skickat',
    'skickade',
    'skickar',
    'sänt',
    'sände',
    'sendt',
    'sendte',
    'sender',
    'lähetin',
    'lähettänyt',
    'lähetetty',
    'geschickt',
    'geschrieben',
    'geschickt',
    'gesendet',
    'sent',
    'send',
    'sending',
    'dropped',
  ].map((w) => wordsOf(w)[0]!),
);
const MESSAGE_WORDS = new Set(
  [
    'mail',
    'mejl',
    'mailen',
    'mejlet',
    'mailet',
    'epost',
    'email',
    'sms',
    'meddelande',
    'melding',
    'besked',
    'beskjed',
    'viesti',
    'viestiä',
    'sähköposti',
    'sähköpostia',
    'sähköpostin',
    'tekstiviesti',
    'nachricht',
    'message',
    'line',
    'reklamation',
    'reklamasjon',
    'reklamationen',
    'klage',
    'klagomål',
    'complaint',
    'beschwerde',
    'valitus',
    'valituksen',
  ].map((w) => wordsOf(w)[0]!),
);

function isSendingAMessage(words: readonly string[], at: number): boolean {
  if (!SEND_WORDS.has(words[at]!)) return false;
  for (let j = Math.max(0, at - 3); j <= Math.min(words.length - 1, at + 4); j++)
    if (MESSAGE_WORDS.has(words[j]!)) return true;
  return false;
}

function isContactWord(word: string): boolean {
  if (CONTACT_WORDS.has(word)) return true;
  return CONTACT_STEMS.some((stem) => word.startsWith(stem) && word.length <= stem.length + 4);
}

// A clause ends at these: a negation in another clause ("den har inte kommit. har mejlat dom")
// says nothing about the contact.
const CLAUSE_BREAK = /[.!?;,:]|\s(?:men|but|aber|mutta|mut|og|och|and|und|ja|sondern)\s/iu;

const NAMING_WORDS = new Set(['called']);
const CALLED_WHOM = new Set([
  'them',
  'the',
  'their',
  'it',
  'him',
  'her',
  'customer',
  'support',
  'back',
  'twice',
  'once',
  'yesterday',
  'today',
  'several',
  'many',
  'a',
  'and',
  'but',
  'already',
  'again',
  'on',
  'last',
]);

export type YesNo = 'yes' | 'no';

export interface YesNoReading {
  answer: YesNo;
  /** The words after the yes or no ("ja, jag mejlade dem" -> "jag mejlade dem"). */
  rest: string[];
}

/**
 * The yes or no that `text` leads with, or undefined. "no" words are tried first, longest first,
 * so "nej inte än" and "no not yet" are no, and "ja men det hjälpte inte" is read by its lead.
 */
export function readYesNo(text: string): YesNoReading | undefined {
  let words = wordsOf(text);
  // "å ja", "nå ja, det gikk fint": a leading interjection before the yes or no.
  // ("nä" folds to "na" too, and is a no of its own: "na" goes only before a yes or no word.)
  if (words.length > 1 && (LEADING_INTERJECTIONS.has(words[0]!) || (words[0] === 'na' && ONE_WORD.has(words[1]!))))
    words = words.slice(1);
  if (words.length === 0) return undefined;
  // "jaa", "jaaa", "neej", "yesss": a drawn-out yes or no is that yes or no.
  const drawnOut = words[0]!.replace(/(\p{L})\1+/gu, '$1');
  if (drawnOut !== words[0] && !ONE_WORD.has(words[0]!) && ONE_WORD.has(drawnOut))
    words = [drawnOut, ...words.slice(1)];
  // "no tavallaan, kävin kaupassa", "no joo": Finnish "no" (well) before a Finnish word is no "no".
  if (words[0] === 'no' && words.length > 1 && FINNISH_AFTER_WELL.test(words[1]!)) words = words.slice(1);
  // "ne ei vastaa", "ne lupas hyvityksen": Finnish "ne" (they) before a verb is no German "ne" (no).
  if (words[0] === 'ne' && words.length > 1 && FINNISH_AFTER_THEY.test(words[1]!)) return undefined;
  for (const phrase of NO_PHRASES)
    if (startsWithPhrase(words, phrase)) return { answer: 'no', rest: words.slice(phrase.length) };
  for (const phrase of YES_PHRASES) {
    if (!startsWithPhrase(words, phrase)) continue;
    const rest = words.slice(phrase.length);
    // "ja men nej", "yes... no wait": a yes that takes itself back is not a yes.
    if (
      rest.length > 0 &&
      rest.length <= 3 &&
      NO_PHRASES.some((no) => startsWithPhrase(rest, no) && no.length === rest.length)
    )
      return undefined;
    // "det hjälpte inte", "det virker ikke", "that worked not at all": the yes negated is a no.
    if (rest.length > 0 && NEGATING.has(rest[0]!)) return { answer: 'no', rest: rest.slice(1) };
    // "ser riktig ut men beløpet er feil", "joa, eher nicht", "nu gick det fel igen": a yes with
    // something wrong right after it is no yes ("jo, de påstår att det är mitt fel" is: what is
    // wrong comes later). ("ja men bara hälften" stays a yes with its "but", which the settlement
    // question reads.)
    if (rest.slice(0, 4).some((word) => BUT_OR_WRONG.test(word))) return undefined;
    return { answer: 'yes', rest };
  }
  return undefined;
}

/** Where a name stands, or a name given ("står", "steht", "heter", "called"). Folded. */
const NAME_OR_PLACE_GIVEN = new Set([...STANDS_WORDS, ...NAMING_VERBS].map((w) => wordsOf(w)[0]!));

/** Words after a yes that say something is wrong. Folded. */
const BUT_OR_WRONG = /^(?:eher|fel|feil|forkert|falsch|wrong|vaara|samre|verre|vaerre|schlechter|worse|huonommin)$/;

/** Finnish words that follow "no" (well): "no tavallaan", "no joo", "no en oo", "no kävin siellä". Folded. */
const FINNISH_AFTER_WELL =
  /^(?:tavallaan|niin|joo|juu|kylla|kai|siis|ehka|oon|olen|olin|ma|maa|mie|mina|tota|eli|vahan|ihan|en|ei|emma|kavin|soitin|laitoin|kirjoitin|sita|taa|tama|nyt|jaa|okei)$/;

/** Finnish verbs that follow "ne" (they), folded: "ne ei", "ne sano", "ne lähetti", "ne on". */
const FINNISH_AFTER_THEY =
  /^(?:ei|eivat|eika|on|oli|ovat|olivat|ois|olis|sano\w*|lupa\w*|lahett\w*|laitto\w*|vastas\w*|vastaa|palautt\w*|kask\w*|pyys\w*|kielt\w*|kielsi|hyvit\w*|veloitt\w*|laskutt\w*|ilmoitt\w*|soitt\w*|kirjoitt\w*|toimitt\w*|peru\w*|hylk\w*|hylkasi|antoi|anto|tarjos\w*|tarjoa\w*|vaati\w*|vaatii)$/;

/**
 * "kinda, still not sure what it costs", "naja so halb", "vähän, mut …": the answer helped in part.
 * Only a short message, with the word in its first clause.
 */
export function saysPartly(text: string): boolean {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > 16) return false;
  const first = wordsOf(text.split(/[,.;:!?]/u)[0] ?? '');
  return containsAnyPhrase(first.slice(0, 5), PARTLY_PHRASES);
}
const PARTLY_PHRASES = indexPhrases(
  compilePhrases([
    'delvis',
    'lite grann',
    'sådär',
    'så där',
    'halvt',
    'litt',
    'sånn passe',
    'lidt',
    'nogenlunde',
    'sådan halvt',
    'vähän',
    'osittain',
    'jotenkin',
    'niin ja näin',
    'so halb',
    'halb',
    'teilweise',
    'einigermaßen',
    'bedingt',
    'jein',
    'kinda',
    'kind of',
    'sort of',
    'sorta',
    'somewhat',
    'a bit',
    'a little',
    'partly',
    'partially',
  ]),
);

/**
 * "ved det ikke lige, skal lige finde det", "let me check, one sec", "moment, ich schau nach":
 * the consumer goes to look the answer up. A short message only.
 */
export function goesToLook(text: string): boolean {
  const words = wordsOf(text);
  return words.length > 0 && words.length <= 12 && containsAnyPhrase(words, LOOK_PHRASES);
}
const LOOK_PHRASES = indexPhrases(
  compilePhrases([
    // sv
    'ska kolla',
    'måste kolla',
    'får kolla',
    'jag kollar',
    'kollar upp',
    'ska leta',
    'måste leta',
    'ska se efter',
    'ska titta',
    'måste titta',
    // no
    'skal sjekke',
    'må sjekke',
    'skal bare sjekke',
    'skal finne',
    'må finne',
    'skal se etter',
    'må se etter',
    'skal lete',
    'må lete',
    // da
    'skal lige finde',
    'skal finde',
    'skal lige se',
    'skal lige tjekke',
    'skal tjekke',
    'tjekker lige',
    'kigger lige',
    'skal lige kigge',
    // fi
    'katson',
    'tarkistan',
    'pitää katsoa',
    'pitää kattoa',
    'pitää kattoo',
    'täytyy katsoa',
    'täytyy kattoo',
    'pitää tarkistaa',
    'täytyy tarkistaa',
    'pitää etsiä',
    'odota hetki',
    // de
    'muss nachschauen',
    'schau mal nach',
    'schaue nach',
    'schau nach',
    'muss nachsehen',
    'sehe nach',
    'muss ich suchen',
    'muss gucken',
    'muss mal gucken',
    'guck mal',
    // en
    'let me check',
    "i'll check",
    'i will check',
    'need to check',
    'have to check',
    'gotta check',
    'let me find',
    'let me look',
    "i'll look",
    'need to look',
    'hang on',
    'one sec',
    'give me a sec',
    'give me a minute',
  ]),
);

/** "I don't know", "skip", "ingen aning", "en muista": the consumer cannot give this fact. */
export function saysDontKnow(text: string): boolean {
  let words = wordsOf(text);
  // "no idea sorry, the app doesnt show a date for it": the first clause says it, when the rest
  // gives nothing instead ("vet inte riktigt, men jag mejlade dem", "vet inte, det står nåt som
  // heter Qvicko" do).
  if (words.length > 8) {
    // "it comes every month, dont know the exact date": the clause that says it, any of the first three.
    const clauses = text.split(/[,.;!?]/u).slice(0, 3);
    const saying = clauses.findIndex((clause) => {
      const own = wordsOf(clause);
      return own.length > 0 && own.length <= 8 && DONT_KNOW_PHRASES.some((phrase) => containsPhrase(own, phrase));
    });
    const first =
      saying > 0 && !/\d/u.test(text) && !/\p{Lu}/u.test(text.slice(1))
        ? clauses[saying]!
        : (text.split(/[,.;!?]/u)[0] ?? '');
    const rest =
      saying > 0 && first === clauses[saying]
        ? clauses.filter((_, i) => i !== saying).join(', ')
        : text.slice(first.length);
    const givesSomething =
      /[\p{Lu}\d]/u.test(rest) ||
      contactStatement(rest) !== undefined ||
      wordsOf(rest).some((w) => NAME_OR_PLACE_GIVEN.has(w));
    if (givesSomething) return false;
    words = wordsOf(first);
  }
  if (words.length === 0 || words.length > 8) return false;
  if (DONT_KNOW_PHRASES.some((phrase) => containsPhrase(words, phrase))) return true;
  // "det ved jeg ikke lige", "das weiß ich leider nicht", "sitä en muista": a knowing verb and a negation.
  return (
    words.some((w) => KNOW_WORDS.has(w)) &&
    words.some((w) => NEGATIONS.has(w) || w === 'ingen' || w === 'keine' || w === 'no')
  );
}

const KNOW_WORDS = new Set(
  [
    'vet',
    'vete',
    'vetat',
    'minns',
    'kommer',
    'ved',
    'vet',
    'husker',
    'huske',
    'weiß',
    'weiss',
    'wissen',
    'erinnere',
    'know',
    'remember',
    'recall',
    'tiedä',
    'tiiä',
    'muista',
    'muistan',
  ].map((w) => wordsOf(w)[0]!),
);

/**
 * Whether the consumer has contacted the shop, from an answer or a whole message: a yes or no
 * first; else a verb of getting in touch ("har ringt dem två gånger", "I emailed them"),
 * negated or not. Undefined when the text does not say.
 */
export function readContacted(text: string): boolean | undefined {
  // "do you mean did i talk to them? yes, they told me …", "tarkotatko soitinko? en": the question
  // asked back is not the answer; what follows it is.
  const afterQuestion = /^[^?]{2,120}\?+\s*(\S[\s\S]*)$/u.exec(text.trim());
  if (afterQuestion) {
    const answer = readContacted(afterQuestion[1]!);
    if (answer !== undefined) return answer;
  }
  // "they said no", "dom vägrar", "no reply yet", "ei vastausta": what the shop answered, or that
  // it did not, tells that it was asked (its "no" is not the consumer's).
  // "kävin kaupassa", "war im Laden": at this question, going there was asking them.
  const words = wordsOf(text);
  // "visste inte att jag behövde göra det", "skulle ringe dem i morgen", "was going to go there
  // tomorrow": not yet, whatever verb of contact follows.
  if (containsAnyPhrase(words, DID_NOT_KNOW) || plansContact(words)) return false;
  // "war noch nich da, hatte keine zeit": not been to the shop yet.
  if (containsAnyPhrase(words, NOT_BEEN_THERE_YET)) return false;
  if (containsAnyPhrase(words, SHOP_ANSWERED) || containsAnyPhrase(words, WENT_THERE)) return true;
  // "försökte med deras chatt men den var värdelös", "deren Chatbot war nutzlos", "har venta på
  // svar fra dem i en uke": their chat or customer service tried, a reply waited for.
  if (usedTheirService(words) || containsAnyPhrase(words, WAITING_FOR_REPLY)) return true;
  const lead = readYesNo(text);
  // "nej men jag mejlade dem i fredags", "nei, ikke ringt, men jeg sendte dem en mail": a no, then
  // a but and a way they were reached, is a yes.
  if (lead?.answer === 'no') {
    const but = lead.rest.findIndex((word) => BUT_WORDS.has(word));
    if (but >= 0 && contactStatement(lead.rest.slice(but + 1).join(' ')) === true) return true;
  }
  if (lead) return lead.answer === 'yes';
  return contactStatement(text);
}
const BUT_WORDS = new Set(['men', 'mutta', 'mut', 'aber', 'but', 'doch']);

const NOT_BEEN_THERE_YET = indexPhrases(
  compilePhrases([
    'war noch nicht da',
    'war noch nich da',
    'war noch nicht dort',
    'noch nicht da gewesen',
    'noch nicht dort gewesen',
    'har inte varit där än',
    'har inte hunnit dit',
    'har ikke vært der ennå',
    'har ikke rukket det',
    'har ikke været der endnu',
    'en oo vielä käyny',
    'en ole vielä käynyt',
    "haven't been there yet",
    'havent been there yet',
    'not been there yet',
  ]),
);
const DID_NOT_KNOW = indexPhrases(
  compilePhrases([
    'visste inte att',
    'visste inte',
    'visste ikke at',
    'visste ikke',
    'vidste ikke at',
    'vidste ikke',
    'en tiennyt',
    'en tienny',
    'wusste nicht',
    'wusste ich nicht',
    "didn't know",
    'didnt know',
    'did not know',
  ]),
);
// First-person plans: "skulle ringe", "tänkte maila", "aion soittaa", "wollte morgen anrufen",
// "was going to", "gonna call". Folded.
const PLAN_WORDS = new Set(
  [
    'skulle',
    'ska',
    'skall',
    'skal',
    'tänkte',
    'tenkte',
    'tænkte',
    'planerar',
    'planlegger',
    'planlægger',
    'aion',
    'aioin',
    'ajattelin',
    'meinasin',
    'wollte',
    'werde',
    'will',
    'going',
    'gonna',
    'planning',
  ].map((w) => wordsOf(w)[0]!),
);
const PLANNER_WORDS = new Set(
  [
    'jag',
    'jeg',
    'eg',
    'i',
    'ich',
    'mä',
    'minä',
    'was',
    'am',
    "i'm",
    'im',
    'hab',
    'habe',
    'men',
    'but',
    'aber',
    'mut',
    'mutta',
    'nej',
    'nei',
    'nej',
    'no',
    'nope',
    'nein',
    'ei',
    'en',
    'inte',
    'ikke',
    'ikkje',
    'not',
    'nicht',
    'än',
    'ennå',
    'endnu',
    'yet',
    'noch',
    'vielä',
    'viel',
    'bara',
    'bare',
    'kun',
    'just',
    'nur',
    'vain',
    'vaan',
  ].map((w) => wordsOf(w)[0]!),
);
function plansContact(words: readonly string[]): boolean {
  const at = words.findIndex((w) => PLAN_WORDS.has(w));
  return at >= 0 && at <= 4 && words.slice(0, at).every((w) => PLANNER_WORDS.has(w));
}

// Their chat or customer service: "deras chatt", "deren Chatbot", "their support", "niiden chatti".
const SERVICE_NOUNS =
  /^(?:chatt|chatten|chat|chatbot|chattbot|chatbotten|chattbotten|robot|robotten|roboten|bot|botten|boten|chatti|chattiin|chatissa|kundtjanst|kundtjansten|kundservice|kundservicen|kundeservice|kundeservicen|kundesenter|kundendienst|kundenservice|hotline|support|asiakaspalvelu|asiakaspalveluun|asiakaspalvelusta|helpdesk)$/;
const THEIR_OR_TRIED = new Set(
  [
    'deras',
    'deres',
    'dems',
    'deren',
    'ihren',
    'ihrem',
    'ihr',
    'their',
    'niiden',
    'heidän',
    'försökte',
    'försökt',
    'prøvde',
    'prøvd',
    'prøvet',
    'forsøgte',
    'forsøgt',
    'yritin',
    'kokeilin',
    'versucht',
    'probiert',
    'tried',
  ].map((w) => wordsOf(w)[0]!),
);
function usedTheirService(words: readonly string[]): boolean {
  return words.some((w) => SERVICE_NOUNS.test(w)) && words.some((w) => THEIR_OR_TRIED.has(w));
}
const WAITING_FOR_REPLY = indexPhrases(
  compilePhrases([
    // tried and not reached: on hold, nobody picks up
    'telefonkö',
    'i kö',
    'ingen svarar',
    'ingen svarade',
    'svarar inte i telefonen',
    'tar inte telefonen',
    'ingen tar telefonen',
    'ingen som svarer',
    'ingen svarer',
    'tar ikke telefonen',
    'tager ik telefonen',
    'tager ikke telefonen',
    'ingen tager telefonen',
    'kukaan ei vastaa',
    'ei vastaa puhelimeen',
    'eivät vastaa puhelimeen',
    'jonotin',
    'geht keiner ran',
    'geht niemand ran',
    'gehen nicht ans telefon',
    'gehen nich ans telefon',
    'nicht ans telefon',
    'in der warteschleife',
    'warteschleife',
    'on hold',
    'waited on hold',
    "don't pick up",
    'dont pick up',
    "doesn't pick up",
    'doesnt pick up',
    'nobody picks up',
    'no one picks up',
    'nobody answers',
    'no one answers',
    'väntar på svar',
    'väntat på svar',
    'venter på svar',
    'venta på svar',
    'ventet på svar',
    'ventar på svar',
    'venter på et svar',
    'venter stadig på svar',
    'odotan vastausta',
    'odotan vieläkin vastausta',
    'odottanut vastausta',
    'ootan vastausta',
    'warte auf antwort',
    'warte auf eine antwort',
    'warte noch auf antwort',
    'warte auf rückmeldung',
    'waiting for a reply',
    'waiting for an answer',
    'waiting for a response',
    'waiting to hear back',
    'still waiting for them',
  ]),
);

const SHOP_ANSWERED = indexPhrases(compilePhrases(SHOP_ANSWER));
const WENT_THERE = indexPhrases(compilePhrases(WENT_TO_THE_SHOP));

/**
 * Whether the text tells what the shop answered, or that it did not ("ne ei suostu", "they
 * refuse", "no reply"); in a story too. (Going to the shop, "kävin kaupassa", tells it only as the
 * answer to whether the shop was contacted: in a story it is shopping.)
 */
export function tellsShopAnswer(text: string): boolean {
  return containsAnyPhrase(wordsOf(text), SHOP_REFUSED_OR_SILENT);
}
// In a story only a refusal or silence tells it: "they won't turn on", "Posten sier at …" do not.
const SHOP_REFUSED_OR_SILENT = indexPhrases(
  compilePhrases(
    SHOP_ANSWER.filter(
      (phrase) =>
        !/\b(?:said|say|says|told|won't|wont|sa|sade|säger|sier|sagde|siger|sano|sanoi|sagen|sagten|meinten)\b/u.test(
          phrase,
        ),
    ),
  ),
);
/** Nouns for a call, folded. */
const CALL_NOUNS = new Set(['anruf', 'anrufe', 'call', 'calls', 'samtal', 'opkald', 'oppringing']);

/**
 * Whether a sentence says the shop was contacted, from its verb alone ("jag har ringt dem",
 * "ich habe noch nicht angerufen"): a yes or no in it says nothing here (it may answer another
 * question, or confirm a summary).
 */
export function contactStatement(text: string): boolean | undefined {
  for (const clause of text.split(CLAUSE_BREAK)) {
    const found = contactInClause(clause);
    if (found !== undefined) return found;
  }
  return undefined;
}

function contactInClause(text: string): boolean | undefined {
  const words = wordsOf(text);
  // "called" and "named" also name things ("a shop called X"): they count only when whom follows.
  const at = words.findIndex(
    (w, i) =>
      (isContactWord(w) && (!NAMING_WORDS.has(w) || i === words.length - 1 || CALLED_WHOM.has(words[i + 1]!))) ||
      isSendingAMessage(words, i),
  );
  if (at < 0) return undefined;
  // "kein Anruf, nix", "no call": a call that did not happen, from either side, tells nothing.
  if (CALL_NOUNS.has(words[at]!) && at > 0 && NEGATIONS.has(words[at - 1]!)) return undefined;
  // A negation shortly before the verb ("har inte ringt", "habe noch nicht angerufen", "en oo
  // vielä ehtiny ottaa niihin yhteyttä").
  for (let i = Math.max(0, at - 6); i < at; i++) if (NEGATIONS.has(words[i]!)) return false;
  return true;
}
