// natural's tokenizers and stemmers, chosen per detected language. natural has stemmers for
// Swedish, Norwegian, German and English; Danish uses the Norwegian ones (Bokmål grew out of
// Danish and shares its inflection endings), Finnish and unknown text get no stemmer and lean
// on character n-grams instead. Imported file by file: `require('natural')` loads dotenv.
import stemmerEn from 'natural/lib/natural/stemmers/porter_stemmer.js';
import stemmerSv from 'natural/lib/natural/stemmers/porter_stemmer_sv.js';
import stemmerNo from 'natural/lib/natural/stemmers/porter_stemmer_no.js';
import stemmerDe from 'natural/lib/natural/stemmers/porter_stemmer_de.js';
import TokenizerEn from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';
import TokenizerSv from 'natural/lib/natural/tokenizers/aggressive_tokenizer_sv.js';
import TokenizerNo from 'natural/lib/natural/tokenizers/aggressive_tokenizer_no.js';
import TokenizerDe from 'natural/lib/natural/tokenizers/aggressive_tokenizer_de.js';
import type { DetectedLanguage } from './labels.ts';
import { SPOKEN_BY_LANGUAGE } from './spoken.ts';

interface Linguistics {
  tokenizer: { tokenize(text: string): string[] };
  stem: ((token: string) => string) | null;
}

/**
 * natural's stemmers match patterns such as /[^aeiouy]+y/ and /([^aeiou])\1$/ over the whole
 * word, whose cost grows with the square of its length: a 2,000-letter "word" took 10 ms. No
 * word of the six languages comes near this length (the corpus's longest has 29 characters),
 * so a longer token is its own stem.
 */
const MAX_STEMMED_LENGTH = 64;

function bounded(stemmer: { stem(token: string): string }): (token: string) => string {
  return (token) => (token.length > MAX_STEMMED_LENGTH ? token : stemmer.stem(token));
}

const generic: Linguistics = { tokenizer: new TokenizerEn(), stem: null };
const norwegian: Linguistics = { tokenizer: new TokenizerNo(), stem: bounded(stemmerNo) };

const BY_LANGUAGE: Record<DetectedLanguage, Linguistics> = {
  sv: { tokenizer: new TokenizerSv(), stem: bounded(stemmerSv) },
  no: norwegian,
  da: norwegian,
  de: { tokenizer: new TokenizerDe(), stem: bounded(stemmerDe) },
  en: { tokenizer: new TokenizerEn(), stem: bounded(stemmerEn) },
  fi: generic,
  und: generic,
};

/**
 * Tokenizers keep inner hyphens and apostrophes ("e-post", "don't"); at a token's edges they are
 * only quotes or dashes. A trailing run is taken only from its first character: tried from every
 * character of a long run of dashes, each try ran to the run's end (quadratic).
 */
const EDGE_PUNCTUATION = /^['\-/_]+|(?<!['\-/_])['\-/_]+$/g;

/** Words of an already folded text, by the detected language's tokenizer. */
export function tokenize(folded: string, language: DetectedLanguage): string[] {
  const words: string[] = [];
  for (const raw of BY_LANGUAGE[language].tokenizer.tokenize(folded)) {
    const word = raw.replace(EDGE_PUNCTUATION, '');
    if (word === '') continue;
    words.push(language === 'und' ? word : (SPOKEN_BY_LANGUAGE[language].get(word) ?? word));
  }
  return words;
}

/** The stemmer of the language, or null where natural has none. */
export function stemmerFor(language: DetectedLanguage): ((token: string) => string) | null {
  return BY_LANGUAGE[language].stem;
}
