// Getting a ready classifier: from the model file when it matches the corpus, else by
// training and saving a new one.
import { existsSync } from 'node:fs';
import { IntentClassifier } from './classifier.ts';
import { DEFAULT_CORPUS_DIR, hashTrainingCorpus, readTrainingSet } from './corpus.ts';
import { DEFAULT_MODEL_PATH, readModel, saveModel, type TrainedModel } from './model-file.ts';
import { TRAINING_RECIPE, trainModel } from './train.ts';

export interface LoadOptions {
  modelPath?: string;
  corpusDir?: string;
  /** Told why a model was (re)trained; the service passes its logger. */
  onRetrain?: (reason: string) => void;
}

/** Trains on the corpus in `corpusDir` and saves the model at `modelPath` (atomically). */
export function trainAndSave(options: LoadOptions = {}): TrainedModel {
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const samples = readTrainingSet(corpusDir);
  if (samples.length === 0) throw new Error(`no training data under ${corpusDir}`);
  const model = trainModel(samples, hashTrainingCorpus(TRAINING_RECIPE, corpusDir));
  saveModel(model, options.modelPath ?? DEFAULT_MODEL_PATH);
  return model;
}

/**
 * The classifier of the model file, retrained first when the file is missing, unreadable,
 * or was trained on another corpus (its stored hash differs from the corpus files' hash).
 */
export function loadClassifier(options: LoadOptions = {}): IntentClassifier {
  const modelPath = options.modelPath ?? DEFAULT_MODEL_PATH;
  const expected = hashTrainingCorpus(TRAINING_RECIPE, options.corpusDir ?? DEFAULT_CORPUS_DIR);
  let reason: string;
  if (!existsSync(modelPath)) reason = `no model file at ${modelPath}`;
  else {
    try {
      const model = readModel(modelPath);
      if (model.corpusHash === expected) return new IntentClassifier(model);
      reason = 'the corpus or the training recipe changed since the model was trained';
    } catch (error) {
      reason = `the model file could not be read (${(error as Error).message})`;
    }
  }
  options.onRetrain?.(reason);
  return new IntentClassifier(trainAndSave({ ...options, modelPath }));
}
