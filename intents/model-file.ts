// The trained model as a file (intents/model/model.json, git-ignored). Weights are stored as
// base64 of little-endian typed arrays: a JSON array of half a million numbers would take
// far longer to parse than the 300 ms a model load may take.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { INTENTS, LANGUAGES } from './labels.ts';
import type { LinearWeights } from './linear.ts';

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('./model/model.json', import.meta.url));

export interface TrainedModel {
  /** hashTrainingCorpus() of the corpus this was trained on. */
  corpusHash: string;
  trainedAt: string;
  trainingRows: number;
  intent: LinearWeights;
  language: LinearWeights;
}

const StoredWeights = z.object({
  labels: z.array(z.string()),
  // Plain strings: a base64 check would walk megabytes on every load; a bad file fails the length check below.
  keys: z.string(),
  weights: z.string(),
  bias: z.array(z.number()),
});

const StoredModel = z.object({
  format: z.literal(1),
  corpusHash: z.string(),
  trainedAt: z.string(),
  trainingRows: z.number(),
  intent: StoredWeights,
  language: StoredWeights,
});

function toBase64(array: Uint32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Copies into a fresh buffer: a decoded Buffer may sit at an offset a Float32Array cannot start at. */
function bytesOf(base64: string): ArrayBuffer {
  return new Uint8Array(Buffer.from(base64, 'base64')).buffer;
}

function store(weights: LinearWeights, labels: readonly string[]): z.infer<typeof StoredWeights> {
  return {
    labels: [...labels],
    keys: toBase64(weights.keys),
    weights: toBase64(weights.weights),
    bias: Array.from(weights.bias),
  };
}

function restore(stored: z.infer<typeof StoredWeights>, labels: readonly string[], what: string): LinearWeights {
  if (stored.labels.join() !== labels.join())
    throw new Error(`model file: its ${what} labels differ from this version's`);
  const weights: LinearWeights = {
    keys: new Uint32Array(bytesOf(stored.keys)),
    weights: new Float32Array(bytesOf(stored.weights)),
    bias: Float32Array.from(stored.bias),
  };
  if (weights.weights.length !== weights.keys.length * labels.length)
    throw new Error(`model file: ${what} weights are truncated`);
  return weights;
}

/** Writes to a temporary file, then renames: a crash mid-write never leaves half a model at `path`. */
export function saveModel(model: TrainedModel, path = DEFAULT_MODEL_PATH): void {
  const stored: z.infer<typeof StoredModel> = {
    format: 1,
    corpusHash: model.corpusHash,
    trainedAt: model.trainedAt,
    trainingRows: model.trainingRows,
    intent: store(model.intent, INTENTS),
    language: store(model.language, LANGUAGES),
  };
  mkdirSync(dirname(path), { recursive: true });
  // Ends in .json so that one left behind by a crash stays git-ignored like the model itself.
  const temporary = `${path}.${process.pid}.tmp.json`;
  writeFileSync(temporary, JSON.stringify(stored));
  renameSync(temporary, path);
}

/** Reads a model file; throws when it is missing, damaged or of another format. */
export function readModel(path = DEFAULT_MODEL_PATH): TrainedModel {
  const stored = StoredModel.parse(JSON.parse(readFileSync(path, 'utf8')));
  return {
    corpusHash: stored.corpusHash,
    trainedAt: stored.trainedAt,
    trainingRows: stored.trainingRows,
    intent: restore(stored.intent, INTENTS, 'intent'),
    language: restore(stored.language, LANGUAGES, 'language'),
  };
}
