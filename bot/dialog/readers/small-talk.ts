// Thanks, goodbyes and greetings on their own ("tack!", "kiitos, moikka", "danke, tschüss",
// "thanks, bye", "hej"): a message made only of these gets a thanks, goodbye or greeting back,
// never the welcome text or a question about what it is about.
import { GOODBYE, GREETINGS, NO, RESOLVED_ON_THEIR_OWN, THANKS, UNDERSTOOD, YES } from './lexicon.ts';
import { compilePhrases, containsPhrase, startsWithPhrase, wordsOf } from './text.ts';

export type SmallTalk = 'thanks' | 'goodbye' | 'greeting';

const THANKS_PHRASES = compilePhrases(THANKS);
const GOODBYE_PHRASES = compilePhrases(GOODBYE);
const GREETING_PHRASES = compilePhrases(GREETINGS);
const RESOLVED_PHRASES = compilePhrases(RESOLVED_ON_THEIR_OWN);
const NO_PHRASES = compilePhrases(NO);
const IN_ADVANCE = compilePhrases([
  'på förhand',
  'på forhånd',
  'på forhaand',
  'i forvejen',
  'på forhand',
  'im voraus',
  'schon mal',
  'in advance',
  'etukäteen',
  'jo etukäteen',
]);
// "ja tack", "yes thanks, bye": a yes may come with them; "ok", "super", "great" too.
const FILLERS = compilePhrases([
  ...UNDERSTOOD,
  ...YES,
  'super',
  'great',
  'perfect',
  'perfekt',
  'toppen',
  'kanon',
  'fint',
  'bra',
  'flott',
  'fantastisk',
  'prima',
  'toll',
  'super',
  'wunderbar',
  'mahtavaa',
  'hienoa',
  'loistavaa',
  'hyvä',
  'nice',
  'cool',
  'awesome',
  'again',
  'igen',
  'igjen',
  'igen',
  'taas',
  'nochmal',
  'so much',
  'så mycket',
  'så mye',
  'så meget',
  'paljon',
  'sehr',
  'a lot',
  'for the help',
  'för hjälpen',
  'for hjelpen',
  'for hjælpen',
  'avusta',
  'für die hilfe',
  'och',
  'og',
  'ja',
  'und',
  'and',
  'then',
  'så länge',
  'sa lange',
  'everyone',
  'alle',
  'alla',
  'kaikille',
  'allen',
  'hjälpen',
  'hjelpen',
  'hjælpen',
  'hilfe',
  'help',
  ':)',
  'då',
  'da',
  'dir',
  'dig',
  'deg',
  'you',
  'euch',
  'ihnen',
  'sinulle',
  'teille',
  'very much',
  'loads',
  'again',
  'okei',
  'okey',
  'jo',
  'dann',
  'then',
  'så',
  'sitten',
  'nå',
  'no',
  'also',
  'well',
  'na',
  'gut',
  'alles klar',
  'alright',
  'all right',
  'selvä',
  'klart',
  'alt klart',
  'i orden',
  'in ordnung',
  'hyvä on',
  'snälla',
  'snällt',
  'så snällt',
  'sehr nett',
  'nett',
  'sehr freundlich',
  'tosi',
  'tosi kiva',
  'kiva',
  'so kind',
  'very kind',
  'kind',
  'lovely',
  'brilliant',
  'herlig',
  'dejligt',
  'skönt',
]);
const OK_WORDS = new Set([
  'ok',
  'okay',
  'okej',
  'okei',
  'okey',
  'joo',
  'jo',
  'ja',
  'yes',
  'super',
  'fint',
  'bra',
  'gut',
  'great',
  'perfect',
]);

/**
 * For a message the classifier already calls small talk but that says more than thanks and
 * goodbyes ("okej toppen, då är jag klar här. ha de gött, hejhej", "Super, vielen lieben Dank, das
 * hilft mir echt weiter!"): a goodbye anywhere in it takes leave, else a thanks thanks.
 */
export function smallTalkMentioned(text: string): SmallTalk | undefined {
  const words = wordsOf(text);
  // "Tack på förhand", "thanks in advance": thanks for help still to come open a matter.
  if (IN_ADVANCE.some((p) => containsPhrase(words, p))) return undefined;
  let thanks = false;
  // Read left to right, the longest phrase first, so that "takk skal du ha, det var ..." is a
  // thanks and not the goodbye "ha det".
  for (let i = 0; i < words.length; ) {
    const rest = words.slice(i);
    const longest = (phrases: string[][]) => phrases.find((p) => startsWithPhrase(rest, p))?.length ?? 0;
    const [said, goodbye] = [longest(THANKS_PHRASES), longest(GOODBYE_PHRASES)];
    if (goodbye > 0 && goodbye >= said) return 'goodbye';
    // "okei kiitos tästä, moikka": a greeting word after thanks takes leave.
    if (thanks && said === 0 && longest(GREETING_PHRASES) > 0) return 'goodbye';
    if (said > 0) thanks = true;
    i += Math.max(said, 1);
  }
  return thanks ? 'thanks' : undefined;
}

/** What a message of only thanks, goodbyes and greetings says (goodbye wins over thanks over greeting); undefined otherwise. */
export function readSmallTalk(text: string): SmallTalk | undefined {
  return onlySmallTalk(wordsOf(text)) ?? leaveAfterSortingItOut(text) ?? thanksForPastHelp(text);
}

// "ville bara säga tack", "Wollte mich nur nochmal für die Hilfe bedanken", "just wanted to say
// thanks": wanting, then "just", then a word of thanks (in German at the clause's end). Folded.
const WANTED = new Set(['ville', 'vill', 'vil', 'halusin', 'haluan', 'haluun', 'wollte', 'mochte', 'wanted', 'want']);
const JUST = new Set(['bara', 'bare', 'lige', 'kun', 'vain', 'vaan', 'nur', 'just', 'only', 'mal', 'kurz', 'nochmal']);
const THANKING =
  /^(?:tack|tacka|tackar|takk|takke|tak|kiittaa|kiitos|kiitti|kiitoksia|kiitokset|thx|kiittaakseni|bedanken|danke|dank|thank|thanks)$/;
const ASIDES = new Set(['men', 'mutta', 'mut', 'aber', 'doch', 'but', 'however', 'dock', 'kuitenkin', 'allerdings']);

/**
 * "tjena" then "ville bara säga tack för hjälpen med fakturan förra veckan, allt löste sig": a
 * thanks for help given before, after an optional greeting, with no question and no "but" that
 * brings up something new.
 */
function thanksForPastHelp(text: string): SmallTalk | undefined {
  // Thirty words at most: a long text is read no further.
  if (text.length > 400 || text.includes('?')) return undefined;
  let words = wordsOf(text);
  const greeting = GREETING_PHRASES.filter((p) => startsWithPhrase(words, p)).sort((a, b) => b.length - a.length)[0];
  if (greeting) words = words.slice(greeting.length);
  if (words.length > 30 || words.some((w) => ASIDES.has(w))) return undefined;
  const want = words.findIndex((w) => WANTED.has(w));
  if (want < 0 || want > 3) return undefined;
  // "I just wanted to", "ville bara".
  const just = words.slice(Math.max(0, want - 1), want + 4).some((w) => JUST.has(w));
  return just && words.slice(want + 1, 14).some((w) => THANKING.test(w)) ? 'thanks' : undefined;
}

/**
 * "hat sich erledigt. danke, tschüss", "nei, det ordnet seg. takk, ha det!": clauses that say
 * the matter sorted itself out (short, no figures), the rest thanks and goodbyes: a goodbye.
 * A clause with anything else in it ("my invoice is wrong. thanks, bye") is a matter, not this.
 */
const SIGHS = new Set(['ah', 'oh', 'ach', 'aah', 'ahh', 'oj', 'aj', 'a', 'o', 'na', 'nah', 'naa', 'aa', 'hm', 'hmm']);

/** "takk for hjelpa i går forresten", "danke für die Hilfe gestern": thanks for the help, and a few words of when. Folded words. */
function thanksForTheHelp(words: readonly string[]): boolean {
  let at = words[0] === 'thank' && words[1] === 'you' ? 2 : 1;
  if (!THANKING.test(words[0] ?? '') || !/^(?:for|fur)$/.test(words[at] ?? '')) return false;
  at++;
  if (/^(?:the|die|your|eure|deine|ihre)$/.test(words[at] ?? '')) at++;
  return HELP.test(words[at] ?? '') && words.length - at <= 5 && !words.some((w) => /\d/.test(w));
}
const HELP = /^(?:hjalpen|hjalp|hjelpa|hjelpen|hjelp|hjaelpen|hjaelp|hilfe|help)$/;

function leaveAfterSortingItOut(text: string): SmallTalk | undefined {
  const clauses = text
    .split(/[.!?,;:]+/u)
    .map((clause) => wordsOf(clause))
    .filter((words) => words.length > 0);
  if (clauses.length === 0 || clauses.length > 6) return undefined;
  let sortedOut = false;
  const said = new Set<SmallTalk>();
  for (const all of clauses) {
    // "Ah nei, hät sich scho erlediget": an interjection before the no.
    const words = all.length > 1 && SIGHS.has(all[0]!) ? all.slice(1) : all;
    const small = onlySmallTalk(words) ?? (thanksForTheHelp(words) ? 'thanks' : undefined);
    if (small !== undefined) said.add(small);
    if (small !== undefined || NO_PHRASES.some((p) => p.length === words.length && startsWithPhrase(words, p)))
      continue;
    const resolved =
      words.length <= 7 && !words.some((w) => /\d/.test(w)) && RESOLVED_PHRASES.some((p) => containsPhrase(words, p));
    if (!resolved) return undefined;
    sortedOut = true;
  }
  // "hat sich erledigt, danke trotzdem": thanks, unless a goodbye (or a greeting word, "kiitos,
  // heippa") is said too.
  if (!sortedOut) return undefined;
  return said.size === 1 && said.has('thanks') ? 'thanks' : 'goodbye';
}

/**
 * "Servus", "ciao", "Servus miteinand!": words that greet on arrival and take leave on going,
 * and nothing else. The first message of a conversation greets with them.
 */
export function greetsOrTakesLeave(text: string): boolean {
  let words = wordsOf(text);
  if (words.length === 0 || words.length > 4) return false;
  while (words.length > 0) {
    const greeting = GREETING_PHRASES.filter((p) => startsWithPhrase(words, p)).sort((a, b) => b.length - a.length)[0];
    if (!greeting) return false;
    words = words.slice(greeting.length);
  }
  return true;
}

function onlySmallTalk(all: readonly string[]): SmallTalk | undefined {
  let words = all;
  if (words.length === 0 || words.length > 10) return undefined;
  const seen: SmallTalk[] = [];
  // "okei, heippa", "ok hej": a greeting word after an ok takes leave.
  const leadingOk = OK_WORDS.has(words[0]!);
  let guard = 0;
  while (words.length > 0 && guard++ < 12) {
    const kind = matchAt(words);
    if (!kind) return undefined;
    if (kind.kind) seen.push(kind.kind);
    words = words.slice(kind.length);
  }
  if (leadingOk && seen.length > 0 && seen.every((k) => k === 'greeting')) return 'goodbye';
  if (seen.includes('goodbye')) return 'goodbye';
  // "tack, hej", "kiitos moikka", "danke, servus": a greeting word after thanks takes leave.
  const thanksAt = seen.indexOf('thanks');
  if (thanksAt >= 0 && seen.indexOf('greeting', thanksAt) > thanksAt) return 'goodbye';
  if (seen.includes('thanks')) return 'thanks';
  if (seen.includes('greeting')) return 'greeting';
  return undefined;
}

function matchAt(words: readonly string[]): { kind?: SmallTalk; length: number } | undefined {
  // The longest phrase wins ("servus miteinand" greets, "servus" alone may take leave); on a tie,
  // a goodbye before thanks before a greeting.
  let best: { kind: SmallTalk; length: number } | undefined;
  for (const [kind, phrases] of [
    ['goodbye', GOODBYE_PHRASES],
    ['thanks', THANKS_PHRASES],
    ['greeting', GREETING_PHRASES],
  ] as const) {
    for (const phrase of phrases)
      if (phrase.length > (best?.length ?? 0) && startsWithPhrase(words, phrase))
        best = { kind, length: phrase.length };
  }
  if (best) return best;
  const filler = FILLERS.find((p) => startsWithPhrase(words, p));
  return filler ? { length: filler.length } : undefined;
}
