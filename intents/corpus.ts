// Reading the corpus: our own per-language files (train/<lang>.jsonl, heldout/<lang>.jsonl)
// and the Banking77 part (English). The format is fixed by notes/corpus-spec: one
// {"text", "intent"} object per line.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Intent, LANGUAGES, type Language } from './labels.ts';

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

export type CorpusSource = 'corpus' | 'banking77';

export interface LabelledText {
  text: string;
  intent: Intent;
  language: Language;
  source: CorpusSource;
}

const Line = z.object({ text: z.string().trim().min(1), intent: Intent });

interface CorpusFile {
  path: string;
  language: Language;
  source: CorpusSource;
}

/** Files of one split that exist, in a fixed order (the corpus hash and training depend on it). */
function filesOf(corpusDir: string, split: string): CorpusFile[] {
  const files: CorpusFile[] = LANGUAGES.map((language) => ({
    path: join(corpusDir, split, `${language}.jsonl`),
    language,
    source: 'corpus' as const,
  }));
  // Banking77 has a train and a held-out split; the fresh sets are ours alone.
  if (split === 'train' || split === 'heldout')
    files.push({ path: join(corpusDir, 'banking77', `${split}.jsonl`), language: 'en', source: 'banking77' });
  return files.filter((file) => existsSync(file.path));
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function readFile(file: CorpusFile): LabelledText[] {
  const lines = readFileSync(file.path, 'utf8').split('\n');
  const out: LabelledText[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = Line.safeParse(parseJson(line));
    if (!parsed.success) throw new Error(`${file.path}:${i + 1}: not a {"text", "intent"} line: ${line}`);
    out.push({ ...parsed.data, language: file.language, source: file.source });
  });
  return out;
}

export function readTrainingSet(corpusDir = DEFAULT_CORPUS_DIR): LabelledText[] {
  return filesOf(corpusDir, 'train').flatMap(readFile);
}

export function readHeldOutSet(corpusDir = DEFAULT_CORPUS_DIR): LabelledText[] {
  return filesOf(corpusDir, 'heldout').flatMap(readFile);
}

/**
 * The fresh held-out set (fresh/<lang>.jsonl): lines written by people who never saw the
 * training or held-out files, after the held-out set had been scored too often to tell. Scored
 * once per change it measures, never trained or tuned on.
 */
export function readFreshSet(corpusDir = DEFAULT_CORPUS_DIR, name = 'fresh'): LabelledText[] {
  if (!/^fresh[0-9]*$/.test(name)) throw new Error(`a fresh set is named fresh, fresh2, ...: not ${name}`);
  return filesOf(corpusDir, name).flatMap(readFile);
}

/**
 * A hash of everything a trained model depends on: the training files' names and bytes, and
 * `recipe` (the feature and training version). The model file stores it; a different hash
 * means retrain. File times cannot serve: `git clone` sets them arbitrarily.
 */
export function hashTrainingCorpus(recipe: string, corpusDir = DEFAULT_CORPUS_DIR): string {
  const hash = createHash('sha256').update(recipe);
  for (const file of filesOf(corpusDir, 'train')) {
    hash.update(`\0${file.source}/${file.language}\0`).update(readFileSync(file.path));
  }
  return hash.digest('hex');
}
