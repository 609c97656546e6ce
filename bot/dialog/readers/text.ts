// The one way the answer readers look at a message: folded (lower case, no diacritics: people
// type "nej vanta" as often as "nej vänta"), punctuation turned into spaces, one space between
// words. Phrases in the lexicons are folded the same way, so they match either spelling.
import { foldKeepingDigits } from '../../../intents/normalise.ts';
// Spoken spellings ("ik", "itte", "nich", "kaks", "yday") are read as the words they stand for.
import { SPOKEN_IN_ANY_LANGUAGE } from '../../../intents/spoken.ts';

/** Folded words of `text`; digits are kept as digits (folding for intents turns them into 0). */
export function wordsOf(text: string): string[] {
  // A message is read by many readers in one turn, each asking for its words: a long one's are
  // kept for the next asker (a copy, so that no reader changes another's).
  if (text.length < LONG_TEXT) return foldedWords(text);
  let words = recentWords.get(text);
  if (!words) {
    words = foldedWords(text);
    if (recentWords.size >= RECENT_TEXTS) recentWords.delete(recentWords.keys().next().value!);
    recentWords.set(text, words);
  }
  return words.slice();
}
const LONG_TEXT = 80;
const RECENT_TEXTS = 16;
const recentWords = new Map<string, string[]>();

function foldedWords(text: string): string[] {
  return foldKeepingDigits(text)
    .split(/[^\p{L}\p{N}'&+]+/u)
    .filter(Boolean)
    .map((word) => SPOKEN_IN_ANY_LANGUAGE.get(word) ?? word);
}

/**
 * The words of `text` as typed (not folded), for reading names: dots, dashes and apostrophes
 * inside a word stay ("Verkkokauppa.com", "K-Citymarket", "Lidl's"), as do colons when
 * `colons` ("Oy:ltä"); a word's marks at either end go, trailing ones from the first of them only
 * (from each mark of a long run, each try would read to the run's end).
 */
export function typedWords(text: string, colons = false): string[] {
  const split = colons ? /[^\p{L}\p{N}'&+.\-:]+/u : /[^\p{L}\p{N}'&+.\-]+/u;
  const trim = colons ? /^[.\-':]+|(?<![.\-':])[.\-':]+$/gu : /^[.\-']+|(?<![.\-'])[.\-']+$/gu;
  return text
    .split(split)
    .map((w) => w.replace(trim, ''))
    .filter(Boolean);
}

/**
 * The positions in `typedWords(text, colons)` of words that end a sentence: a full stop, "!" or
 * "?" after them and a capital after that ("… heter StreamPlay Nordic. Har aldri hørt om dem").
 */
const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'st', 'sr', 'jr', 'gebr', 'prof', 'hr', 'fr', 'bros', 'co']);

export function sentenceEnds(text: string, colons = false): Set<number> {
  const word = colons ? /[\p{L}\p{N}'&+.\-:]+/gu : /[\p{L}\p{N}'&+.\-]+/gu;
  const trim = colons ? /^[.\-':]+|(?<![.\-':])[.\-':]+$/gu : /^[.\-']+|(?<![.\-'])[.\-']+$/gu;
  const ends = new Set<number>();
  let index = -1;
  let pending = false;
  for (const m of text.matchAll(word)) {
    const trimmed = m[0].replace(trim, '');
    if (!trimmed) continue;
    // The word before ended its sentence if a stop came between it and this capitalised word.
    if (pending && /^\p{Lu}/u.test(trimmed)) ends.add(index);
    index += 1;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 3);
    // "Dr. Denim", "Gebr. Heinemann", "St. Hanshaugen": a title's dot ends no sentence.
    pending = (/\.$/u.test(m[0]) && !TITLES.has(trimmed.toLowerCase())) || /^\s*[!?]/u.test(after);
  }
  return ends;
}

/** The sentences of `text`, split after ".", "!" or "?"; those without a letter are left out. */
export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/u).filter((sentence) => /\p{L}/u.test(sentence));
}

/** `text` folded, punctuation as spaces, one space between words. */
export function plain(text: string): string {
  return wordsOf(text).join(' ');
}

/**
 * Whether `words` starts with the phrase `phrase` (already a list of folded words). Linear in
 * the phrase's length; callers try each phrase of a lexicon once.
 */
export function startsWithPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length > words.length) return false;
  for (let i = 0; i < phrase.length; i++) if (words[i] !== phrase[i]) return false;
  return true;
}

/** Whether `phrase` occurs anywhere in `words` as whole words. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (words[start] !== phrase[0]) continue;
    let all = true;
    for (let i = 1; i < phrase.length; i++) {
      if (words[start + i] !== phrase[i]) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** A lexicon by its phrases' first words: asking whether a long message holds any phrase reads the message once. */
export type PhraseIndex = ReadonlyMap<string, ReadonlyArray<readonly string[]>>;

/** Indexes compiled phrases (see compilePhrases) by their first word. */
export function indexPhrases(phrases: ReadonlyArray<readonly string[]>): PhraseIndex {
  const index = new Map<string, Array<readonly string[]>>();
  for (const phrase of phrases) {
    if (phrase.length === 0) continue;
    const list = index.get(phrase[0]!) ?? index.set(phrase[0]!, []).get(phrase[0]!)!;
    list.push(phrase);
  }
  return index;
}

/** Whether any phrase of the lexicon occurs in `words` as whole words. */
export function containsAnyPhrase(words: readonly string[], index: PhraseIndex): boolean {
  for (let start = 0; start < words.length; start++) {
    const phrases = index.get(words[start]!);
    if (!phrases) continue;
    for (const phrase of phrases) {
      let i = 1;
      while (i < phrase.length && words[start + i] === phrase[i]) i++;
      if (i === phrase.length) return true;
    }
  }
  return false;
}

/** The lexicon's phrase that starts at `words[at]` (the longest of them), or undefined. */
export function phraseAt(words: readonly string[], at: number, index: PhraseIndex): readonly string[] | undefined {
  const phrases = index.get(words[at]!);
  if (!phrases) return undefined;
  let best: readonly string[] | undefined;
  for (const phrase of phrases) {
    let i = 1;
    while (i < phrase.length && words[at + i] === phrase[i]) i++;
    if (i === phrase.length && (!best || phrase.length > best.length)) best = phrase;
  }
  return best;
}

/** A lexicon as folded word lists, longest first (so "no not yet" wins over "no"). */
export function compilePhrases(phrases: readonly string[]): string[][] {
  return [...new Set(phrases.map((p) => plain(p)))]
    .filter(Boolean)
    .map((p) => p.split(' '))
    .sort((a, b) => b.length - a.length);
}
