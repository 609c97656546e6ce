// Language detection: a character n-gram model trained on our own corpus. franc-min cannot
// tell Norwegian, Danish and Finnish apart (STACK-NOTES.md); a model that has seen how
// consumers here write can, from a sentence or so.
import { languageFeatures } from './features.ts';
import { LANGUAGES, type DetectedLanguage, type Language } from './labels.ts';
import { LinearModel, type LinearWeights } from './linear.ts';
import { countLetters } from './normalise.ts';

/** Fewer letters than this ("?", "k", "👍") carry no language; the hint, if any, stands. */
const MIN_LETTERS = 2;

/**
 * Below this probability the best language is no better than a guess among all six, and
 * 'und' is the honest answer. A one-word greeting such as "hej" (Swedish, Danish and
 * Norwegian alike) splits its probability over those three and lands near 1/3, above this
 * floor: the best guess is still a language the consumer reads, which beats replying in a
 * default one. The caller sees `languageConfidence` and can treat it as tentative.
 */
const MIN_CONFIDENCE = 0.3;

/**
 * Log-odds added to the conversation's earlier language: enough to settle a short, ambiguous
 * message ("tack", "ok då") that way, not enough to overrule a sentence in another language.
 */
const HINT_LOGIT = 2;

export interface DetectedLanguageResult {
  language: DetectedLanguage;
  confidence: number;
}

export class LanguageDetector {
  private readonly model: LinearModel;
  private readonly probabilities = new Float64Array(LANGUAGES.length);

  constructor(weights: LinearWeights) {
    this.model = new LinearModel(weights);
  }

  detect(text: string, hint?: Language): DetectedLanguageResult {
    if (countLetters(text) < MIN_LETTERS) return { language: hint ?? 'und', confidence: 0 };
    const boost = hint === undefined ? undefined : { label: LANGUAGES.indexOf(hint), logit: HINT_LOGIT };
    const probabilities = this.model.predict(languageFeatures(text), this.probabilities, boost);
    let best = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
    const confidence = probabilities[best]!;
    if (confidence < MIN_CONFIDENCE) return { language: hint ?? 'und', confidence };
    return { language: LANGUAGES[best]!, confidence };
  }
}
