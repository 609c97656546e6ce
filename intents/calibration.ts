// Calibrating the clarifying-question threshold without touching held-out data: k-fold
// cross-validation over the training corpus gives every training row a prediction from a
// model that never saw it, and the threshold is read off those predictions.
import { IntentClassifier } from './classifier.ts';
import type { LabelledText } from './corpus.ts';
import type { DetectedLanguage, Intent } from './labels.ts';
import { seededRandom, shuffleInPlace } from './random.ts';
import { trainModel } from './train.ts';

export interface OutOfFold {
  sample: LabelledText;
  confidence: number;
  correct: boolean;
  predicted: Intent;
  /** The language the detector gave the text (the sample's own is `sample.language`). */
  detected: DetectedLanguage;
}

export function crossValidate(
  samples: readonly LabelledText[],
  folds: number,
  seed = 11,
  grouped = false,
): OutOfFold[] {
  const fold = new Int32Array(samples.length);
  if (grouped) {
    // Near-duplicates ("any news on my case?" / "any update on my case??") share a fold, so a
    // test line never has its twin in training: closer to held-out lines, written afresh.
    const group = nearDuplicateGroups(samples);
    const groups = shuffleInPlace([...new Set(group)], seededRandom(seed));
    const foldOfGroup = new Map(groups.map((g, i) => [g, i % folds]));
    group.forEach((g, i) => (fold[i] = foldOfGroup.get(g)!));
  } else {
    const foldOf = shuffleInPlace(
      samples.map((_, i) => i),
      seededRandom(seed),
    );
    foldOf.forEach((row, i) => (fold[row] = i % folds));
  }
  const out: OutOfFold[] = [];
  for (let f = 0; f < folds; f++) {
    const classifier = new IntentClassifier(
      trainModel(
        samples.filter((_, i) => fold[i] !== f),
        'cross-validation',
      ),
    );
    samples.forEach((sample, i) => {
      if (fold[i] !== f) return;
      const result = classifier.classify(sample.text);
      out.push({
        sample,
        confidence: result.confidence,
        correct: result.intent === sample.intent,
        predicted: result.intent,
        detected: result.language,
      });
    });
  }
  return out;
}

export interface ThresholdRow {
  threshold: number;
  /** Share of messages at or above the threshold: answered without a clarifying question. */
  answered: number;
  /** Accuracy among those. */
  accuracyAnswered: number;
  /** Share of the errors that fall below the threshold, where a clarifying question catches them. */
  errorsCaught: number;
}

export function thresholdCurve(predictions: readonly OutOfFold[], thresholds: readonly number[]): ThresholdRow[] {
  const errors = predictions.filter((p) => !p.correct).length;
  return thresholds.map((threshold) => {
    const answered = predictions.filter((p) => p.confidence >= threshold);
    const answeredWrong = answered.filter((p) => !p.correct).length;
    return {
      threshold,
      answered: answered.length / predictions.length,
      accuracyAnswered: answered.length > 0 ? 1 - answeredWrong / answered.length : 1,
      errorsCaught: errors > 0 ? 1 - answeredWrong / errors : 1,
    };
  });
}

/** Word sets sharing at least this share (Jaccard) count as near-duplicates. */
const NEAR_DUPLICATE = 0.5;

/** A group id per sample: near-duplicates of one language, transitively, share one. */
function nearDuplicateGroups(samples: readonly LabelledText[]): number[] {
  const parent = samples.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const words = samples.map((s) => new Set(s.text.toLowerCase().match(/\p{L}+/gu) ?? []));
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      if (samples[i]!.language !== samples[j]!.language) continue;
      const a = words[i]!,
        b = words[j]!;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared++;
      const union = a.size + b.size - shared;
      if (union > 0 && shared / union >= NEAR_DUPLICATE) parent[find(i)] = find(j);
    }
  }
  return samples.map((_, i) => find(i));
}
