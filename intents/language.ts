// Language detection: a character n-gram model trained on our own corpus. franc-min cannot
// tell Norwegian, Danish and Finnish apart (docs/stack.md); a model that has seen how
// consumers here write can, from a sentence or so.
import { languageFeatures } from './features.ts';
import { LANGUAGES, type DetectedLanguage, type Language } from './labels.ts';
import { LinearModel, type LinearWeights } from './linear.ts';
import { countLetters } from './normalise.ts';

/** Fewer letters than this ("?", "ok", "hi", "👍") carry no language; the hint, if any, stands. */
const MIN_LETTERS = 3;

/**
 * Below this probability the best language is no better than a guess among all six, and
 * 'und' is the honest answer. A one-word greeting such as "hej" (Swedish, Danish and
 * Norwegian alike) splits its probability over those and lands above this floor: the best
 * guess is still a language the consumer reads, which beats replying in a default one. The
 * caller sees `languageConfidence` and can treat a low one as tentative.
 */
const MIN_CONFIDENCE = 0.3;

/**
 * Log-odds added to the conversation's earlier language (the hint): enough to settle a
 * message that several languages share, not enough to overrule a sentence in another
 * language. Short messages carry little evidence however confident the model sounds, so
 * the hint weighs more on them, up to HINT_LOGIT + SHORT_HINT_LOGIT for a three-letter one.
 */
const HINT_LOGIT = 2;
const SHORT_HINT_LOGIT = 4;
const SHORT_LETTERS = 20;

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
    const letters = countLetters(text);
    if (letters < MIN_LETTERS) return { language: hint ?? 'und', confidence: 0 };
    const shortness = Math.max(0, 1 - letters / SHORT_LETTERS);
    const boost =
      hint === undefined
        ? undefined
        : { label: LANGUAGES.indexOf(hint), logit: HINT_LOGIT + SHORT_HINT_LOGIT * shortness };
    const probabilities = this.model.predict(languageFeatures(text), this.probabilities, boost);
    let best = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
    const confidence = probabilities[best]!;
    if (confidence < MIN_CONFIDENCE) return { language: hint ?? 'und', confidence };
    return { language: LANGUAGES[best]!, confidence };
  }
}
