// Picking a knowledge entry by keyword overlap: simple, fast (a few thousand string
// comparisons per message, no model) and easy to reason about when an answer is wrong.
//
// - The message and the keywords are folded the same way as for the intent classifier
//   (lower case, no diacritics: "förfallodag" and "forfallodag" are one word).
// - A keyword is one or more words; it matches when every one of its words matches some word
//   of the message, in any order ("betala faktur" matches "hur betalar jag fakturan?").
// - A keyword word matches a message word that equals it or starts with it ("faktur" matches
//   "fakturan", "fakturor"); a keyword word of five letters or more also matches inside a
//   compound ("muistutus" in "maksumuistutus", "gebuhr" in "mahngebuhr").
// - `terms` are specific enough alone and score 2; `cues` only support a choice and score 1.
// - The entry with the highest score wins if it reaches MIN_SCORE (a term, or two cues);
//   ties go to the entry listed first. Below that, no answer: a single generic word such as
//   "faktura" is not enough to guess which of seven invoice answers the consumer needs.
import { foldForIntent } from '../../../intents/normalise.ts';

export const TERM_SCORE = 2;
export const CUE_SCORE = 1;
export const MIN_SCORE = 2;
/** Words of a message looked at; a knowledge question is short, and this bounds the work. */
const MAX_WORDS = 120;
const INFIX_MIN_LENGTH = 5;
const PREFIX_MIN_LENGTH = 3;

export interface Keyword {
  words: readonly string[];
  score: number;
}

/** Folded words of a text; apostrophes vanish so "doesn't" and "doesnt" are one word. */
export function wordsOf(text: string): string[] {
  return foldForIntent(text)
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** A keyword as written in a knowledge file (already folded there; folded again to be safe). */
export function compileKeyword(keyword: string, score: number): Keyword {
  return { words: wordsOf(keyword), score };
}

function wordMatches(messageWord: string, keywordWord: string): boolean {
  if (messageWord === keywordWord) return true;
  if (keywordWord.length >= PREFIX_MIN_LENGTH && messageWord.startsWith(keywordWord)) return true;
  return keywordWord.length >= INFIX_MIN_LENGTH && messageWord.includes(keywordWord);
}

function keywordMatches(messageWords: readonly string[], keyword: Keyword): boolean {
  return keyword.words.length > 0 && keyword.words.every((w) => messageWords.some((m) => wordMatches(m, w)));
}

/** Sum of the scores of the keywords found in the message. */
export function scoreOf(messageWords: readonly string[], keywords: readonly Keyword[]): number {
  let score = 0;
  for (const keyword of keywords) if (keywordMatches(messageWords, keyword)) score += keyword.score;
  return score;
}

/** Index of the best-scoring candidate at or above MIN_SCORE; the earliest on a tie. */
export function bestMatch(
  text: string,
  candidates: readonly (readonly Keyword[])[],
): { index: number; score: number } | undefined {
  const words = [...new Set(wordsOf(text).slice(0, MAX_WORDS))];
  let best: { index: number; score: number } | undefined;
  candidates.forEach((keywords, index) => {
    const score = scoreOf(words, keywords);
    if (score >= MIN_SCORE && (best === undefined || score > best.score)) best = { index, score };
  });
  return best;
}
