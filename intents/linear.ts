// A multinomial logistic regression over hashed sparse features: the one model kind behind
// both the intent and the language classifier. Chosen over natural's Bayes for accuracy and
// over natural's LogisticRegressionClassifier for speed (about 11 minutes to train on our corpus; docs/stack.md);
// this one trains a few thousand messages in well under a second with AdaGrad.
import { FeatureIndex } from './feature-index.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

export interface LinearWeights {
  /** Feature hash per row. */
  keys: Uint32Array;
  /** Row-major, `labelCount` weights per row, so one feature's weights are adjacent in memory. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface TrainingSample {
  features: number[];
  label: number;
  /** How much this sample counts, 1 by default. */
  weight?: number;
}

export interface TrainingOptions {
  /** A feature must occur in at least this many samples to get weights: one-off features only add noise. */
  minCount: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to the weights a sample touches. */
  l2: number;
  seed: number;
}

export class LinearModel {
  private readonly index: FeatureIndex;
  private readonly labelCount: number;

  constructor(private readonly params: LinearWeights) {
    this.index = new FeatureIndex(params.keys);
    this.labelCount = params.bias.length;
  }

  /** Class probabilities of one feature list, written into `out` (length = label count). */
  predict(features: readonly number[], out: Float64Array, boost?: { label: number; logit: number }): Float64Array {
    const { weights, bias } = this.params;
    const k = this.labelCount;
    out.fill(0);
    let found = 0;
    for (const feature of features) {
      const row = this.index.rowOf(feature);
      if (row < 0) continue;
      found++;
      const base = row * k;
      for (let c = 0; c < k; c++) out[c]! += weights[base + c]!;
    }
    const scale = found > 0 ? 1 / Math.sqrt(found) : 0;
    for (let c = 0; c < k; c++) out[c] = out[c]! * scale + bias[c]!;
    if (boost) out[boost.label]! += boost.logit;
    return softmaxInPlace(out);
  }
}

function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp(logits[c]! - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) logits[c]! /= sum;
  return logits;
}

/**
 * Trains weights with per-sample AdaGrad steps on the cross-entropy loss. Each class gets the
 * same total weight, so no prior favours a large class (Banking77 makes `other` the largest):
 * the held-out sets and macro-F1 weigh every intent alike. Features are scaled by
 * 1/sqrt(feature count), exactly as `LinearModel.predict` does.
 */
export function trainLinear(
  samples: readonly TrainingSample[],
  labelCount: number,
  options: TrainingOptions,
): LinearWeights {
  const counts = new Map<number, number>();
  for (const sample of samples) {
    for (const feature of new Set(sample.features)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  }
  const rowOf = new Map<number, number>();
  for (const [feature, count] of counts) if (count >= options.minCount) rowOf.set(feature, rowOf.size);
  const keys = Uint32Array.from(rowOf.keys());

  const encoded = samples.map((sample) => {
    const rows: number[] = [];
    for (const feature of sample.features) {
      const row = rowOf.get(feature);
      if (row !== undefined) rows.push(row);
    }
    const scale = rows.length > 0 ? 1 / Math.sqrt(rows.length) : 0;
    return { rows: Int32Array.from(rows), label: sample.label, scale, weight: sample.weight ?? 1 };
  });

  const perLabel = new Float64Array(labelCount);
  for (const sample of encoded) perLabel[sample.label]! += sample.weight;
  const mean = perLabel.reduce((a, b) => a + b, 0) / labelCount;
  const labelWeight = Array.from(perLabel, (n) => (n > 0 ? mean / n : 0));

  const k = labelCount;
  const weights = new Float32Array(keys.length * k);
  const squared = new Float32Array(keys.length * k);
  const bias = new Float32Array(k);
  const biasSquared = new Float32Array(k);
  const probabilities = new Float64Array(k);
  const gradient = new Float64Array(k);
  const { learningRate: rate, l2 } = options;
  const random = seededRandom(options.seed);
  const order = encoded.map((_, i) => i);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const { rows, label, scale, weight } = encoded[i]!;
      for (let c = 0; c < k; c++) probabilities[c] = bias[c]!;
      for (const row of rows) for (let c = 0; c < k; c++) probabilities[c]! += weights[row * k + c]! * scale;
      softmaxInPlace(probabilities);
      const w = labelWeight[label]! * weight;
      for (let c = 0; c < k; c++) gradient[c] = (probabilities[c]! - (c === label ? 1 : 0)) * w;
      for (let c = 0; c < k; c++) {
        const g = gradient[c]!;
        biasSquared[c]! += g * g;
        bias[c]! -= (rate * g) / Math.sqrt(biasSquared[c]! + 1e-8);
      }
      for (const row of rows) {
        const base = row * k;
        for (let c = 0; c < k; c++) {
          const g = gradient[c]! * scale + l2 * weights[base + c]!;
          squared[base + c]! += g * g;
          weights[base + c]! -= (rate * g) / Math.sqrt(squared[base + c]! + 1e-8);
        }
      }
    }
  }
  return { keys, weights, bias };
}
