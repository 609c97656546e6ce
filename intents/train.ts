// Training both models from labelled texts. Fast enough (about a second) to run on a fresh
// clone's first start, which is what loadClassifier() does when the model file is missing.
import { intentFeatures, languageFeatures } from './features.ts';
import { INTENTS, LANGUAGES } from './labels.ts';
import { trainLinear, type TrainingOptions } from './linear.ts';
import type { LabelledText } from './corpus.ts';
import type { TrainedModel } from './model-file.ts';

const INTENT_TRAINING: TrainingOptions = { minCount: 2, epochs: 12, learningRate: 0.3, l2: 1e-5, seed: 1 };
const LANGUAGE_TRAINING: TrainingOptions = { minCount: 2, epochs: 8, learningRate: 0.3, l2: 1e-5, seed: 2 };

/**
 * Goes into the corpus hash, so a model trained by other code retrains by itself. Bump the
 * version whenever features.ts, tokens.ts or normalise.ts change what a text turns into.
 */
export const TRAINING_RECIPE = `features-v1 ${JSON.stringify({ INTENT_TRAINING, LANGUAGE_TRAINING })}`;

export function trainModel(samples: readonly LabelledText[], corpusHash: string): TrainedModel {
  // Each text is tokenised and stemmed as the language of its file: the true language, which
  // detection gets right almost always at classification time.
  const intent = trainLinear(
    samples.map((s) => ({ features: intentFeatures(s.text, s.language), label: INTENTS.indexOf(s.intent) })),
    INTENTS.length,
    INTENT_TRAINING,
  );
  const language = trainLinear(
    samples.map((s) => ({ features: languageFeatures(s.text), label: LANGUAGES.indexOf(s.language) })),
    LANGUAGES.length,
    LANGUAGE_TRAINING,
  );
  return { corpusHash, trainedAt: new Date().toISOString(), trainingRows: samples.length, intent, language };
}
