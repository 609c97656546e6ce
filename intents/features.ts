// What the two models see of a message, as lists of feature hashes (hashing.ts).
// Intent: words, stems and word pairs of the folded text; character n-grams of each word,
// which carry typos ("fakutran"), compounds ("fakturaadress") and languages without a
// stemmer (Danish, Finnish); and the concepts of concepts.ts, shared by all six languages.
// Language: character 2- to 4-grams of the unfolded text, because the letters folding
// removes (å ä ö against æ ø) are the best clues. Single letters added nothing the longer
// grams do not carry (5-fold cross-validation: language detection within 0.005 in every
// language, intents unchanged) and were a third of the lookups of a message.
import { pushConceptFeatures } from './concepts.ts';
import { finish, hashChar, hashString, seedFor } from './hashing.ts';
import type { DetectedLanguage } from './labels.ts';
import { foldForIntent } from './normalise.ts';
import { stemmerFor, tokenize } from './tokens.ts';

const WORD = seedFor('word');
const STEM = seedFor('stem');
const PAIR = seedFor('pair');
const CHARS = seedFor('chars');
const LANGUAGE_CHARS = seedFor('language-chars');
const LANGUAGE_WORD = seedFor('language-word');

const SPACE = 32;

/** Shortest and longest character n-grams of a word (with a space at each end) for intents. */
const INTENT_NGRAMS = { min: 3, max: 5 };
const LANGUAGE_NGRAMS = { min: 2, max: 4 };

/** Pushes the hashes of the n-grams of " word ", so prefixes and suffixes are features of their own. */
function pushCharGrams(out: number[], seed: number, word: string, min: number, max: number): void {
  const padded = word.length + 2;
  for (let n = min; n <= max; n++) {
    for (let start = 0; start + n <= padded; start++) {
      let h = seed;
      for (let i = start; i < start + n; i++) {
        h = hashChar(h, i === 0 || i === padded - 1 ? SPACE : word.charCodeAt(i - 1));
      }
      out.push(finish(h));
    }
  }
}

/**
 * No language here has a word this long; a longer token is junk (a pasted string, a key held
 * down), and is read by its first letters only: its stem and n-grams would cost time in
 * proportion to it for nothing (a 2,000-letter token took 24 ms).
 */
const MAX_WORD = 40;

export function intentFeatures(text: string, language: DetectedLanguage): number[] {
  const words = tokenize(foldForIntent(text), language).map((word) =>
    word.length > MAX_WORD ? word.slice(0, MAX_WORD) : word,
  );
  const stem = stemmerFor(language);
  const out: number[] = [];
  let previous = '';
  for (const word of words) {
    out.push(finish(hashString(WORD, word)));
    if (stem !== null) out.push(finish(hashString(STEM, stem(word))));
    if (previous !== '') out.push(finish(hashString(hashChar(hashString(PAIR, previous), SPACE), word)));
    pushCharGrams(out, CHARS, word, INTENT_NGRAMS.min, INTENT_NGRAMS.max);
    previous = word;
  }
  pushConceptFeatures(out, words);
  return out;
}

const LETTERS = /\p{L}+/gu;

export function languageFeatures(text: string): number[] {
  const out: number[] = [];
  for (const [word] of text.toLowerCase().matchAll(LETTERS)) {
    out.push(finish(hashString(LANGUAGE_WORD, word)));
    pushCharGrams(out, LANGUAGE_CHARS, word, LANGUAGE_NGRAMS.min, LANGUAGE_NGRAMS.max);
  }
  return out;
}
