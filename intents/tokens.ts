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

interface Linguistics {
  tokenizer: { tokenize(text: string): string[] };
  stem: ((token: string) => string) | null;
}

const generic: Linguistics = { tokenizer: new TokenizerEn(), stem: null };
const norwegian: Linguistics = { tokenizer: new TokenizerNo(), stem: (t) => stemmerNo.stem(t) };

const BY_LANGUAGE: Record<DetectedLanguage, Linguistics> = {
  sv: { tokenizer: new TokenizerSv(), stem: (t) => stemmerSv.stem(t) },
  no: norwegian,
  da: norwegian,
  de: { tokenizer: new TokenizerDe(), stem: (t) => stemmerDe.stem(t) },
  en: { tokenizer: new TokenizerEn(), stem: (t) => stemmerEn.stem(t) },
  fi: generic,
  und: generic,
};

/** Tokenizers keep inner hyphens and apostrophes ("e-post", "don't"); at a token's edges they are only quotes or dashes. */
const EDGE_PUNCTUATION = /^['\-/_]+|['\-/_]+$/g;

/** Words of an already folded text, by the detected language's tokenizer. */
export function tokenize(folded: string, language: DetectedLanguage): string[] {
  const words: string[] = [];
  for (const raw of BY_LANGUAGE[language].tokenizer.tokenize(folded)) {
    const word = raw.replace(EDGE_PUNCTUATION, '');
    if (word !== '') words.push(word);
  }
  return words;
}

/** The stemmer of the language, or null where natural has none. */
export function stemmerFor(language: DetectedLanguage): ((token: string) => string) | null {
  return BY_LANGUAGE[language].stem;
}
