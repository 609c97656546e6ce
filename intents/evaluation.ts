// Scoring predictions against held-out labels: what `npm run eval` prints and the benchmark
// reuses for its accuracy figures.
import { INTENTS, ROUTED_INTENTS, type Intent } from './labels.ts';

export interface Prediction {
  expected: Intent;
  predicted: Intent;
}

export interface IntentScore {
  intent: Intent;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Scores {
  count: number;
  accuracy: number;
  /** Macro-F1 over ROUTED_INTENTS, the intents the routing policy acts on. */
  macroF1Routed: number;
  /** Macro-F1 over `labels`: every label that occurs as expected or predicted. */
  macroF1: number;
  labels: Intent[];
  perIntent: IntentScore[];
  /** confusion[i][j]: expected labels[i], predicted labels[j]. */
  confusion: number[][];
}

const ROUTED = new Set<Intent>(ROUTED_INTENTS);

/**
 * Banking77's mapping.json: its labelled rows are routed intents or `other`, so any prediction
 * outside the four routed intents counts as `other` (a greeting is not a routing error there).
 */
export function collapseToRouted(prediction: Prediction): Prediction {
  return {
    expected: prediction.expected,
    predicted: ROUTED.has(prediction.predicted) ? prediction.predicted : 'other',
  };
}

export function score(predictions: readonly Prediction[]): Scores {
  const present = new Set<Intent>();
  for (const p of predictions) present.add(p.expected).add(p.predicted);
  const labels = INTENTS.filter((intent) => present.has(intent));
  const at = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  let correct = 0;
  for (const p of predictions) {
    confusion[at.get(p.expected)!]![at.get(p.predicted)!]! += 1;
    if (p.expected === p.predicted) correct++;
  }
  const perIntent = labels.map((intent, i): IntentScore => {
    const truePositives = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[i]!, 0);
    const precision = predicted > 0 ? truePositives / predicted : 0;
    const recall = support > 0 ? truePositives / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision, recall, f1, support };
  });
  const mean = (scores: IntentScore[]) =>
    scores.length > 0 ? scores.reduce((a, s) => a + s.f1, 0) / scores.length : 0;
  return {
    count: predictions.length,
    accuracy: predictions.length > 0 ? correct / predictions.length : 0,
    macroF1Routed: mean(perIntent.filter((s) => ROUTED.has(s.intent))),
    macroF1: mean(perIntent),
    labels,
    perIntent,
    confusion,
  };
}
