import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from '../../intents/load.ts';
import { readModel } from '../../intents/model-file.ts';
import { temporaryDir } from './trained.ts';

const TINY_CORPUS = {
  sv: [
    ['hur betalar jag fakturan', 'invoice'],
    ['fakturan är för hög', 'invoice'],
    ['jag kan inte logga in', 'login'],
    ['bankid fungerar inte', 'login'],
    ['hej', 'greeting'],
  ],
  en: [
    ['how do I pay the invoice', 'invoice'],
    ['the invoice amount is wrong', 'invoice'],
    ['I cannot log in', 'login'],
    ['my password does not work', 'login'],
    ['hello', 'greeting'],
  ],
};

function writeCorpus(dir: string, extra: [string, string][] = []): void {
  mkdirSync(join(dir, 'train'), { recursive: true });
  for (const [language, rows] of Object.entries(TINY_CORPUS)) {
    const lines = [...rows, ...(language === 'en' ? extra : [])].map(([text, intent]) =>
      JSON.stringify({ text, intent }),
    );
    writeFileSync(join(dir, 'train', `${language}.jsonl`), lines.join('\n') + '\n');
  }
}

function setup() {
  const dir = temporaryDir();
  const corpusDir = join(dir, 'corpus');
  const modelPath = join(dir, 'model', 'model.json');
  writeCorpus(corpusDir);
  const retrains: string[] = [];
  const load = () => loadClassifier({ corpusDir, modelPath, onRetrain: (reason) => retrains.push(reason) });
  return { dir, corpusDir, modelPath, retrains, load };
}

describe('the model file', () => {
  it('is trained and written when missing, then loaded as written', () => {
    const { modelPath, retrains, load } = setup();
    const first = load();
    expect(retrains).toHaveLength(1);
    expect(existsSync(modelPath)).toBe(true);

    const second = load();
    expect(retrains).toHaveLength(1);
    expect(second.model.trainedAt).toBe(first.model.trainedAt);
    for (const text of ['fakturan är fel', 'cannot log in', 'hej hej', 'something else entirely']) {
      expect(second.classify(text)).toEqual(first.classify(text));
    }
  });

  it('is retrained when the corpus changes, whatever the file times say', () => {
    const { corpusDir, modelPath, retrains, load } = setup();
    load();
    const before = readModel(modelPath).corpusHash;
    writeCorpus(corpusDir, [['where is my money', 'invoice']]);
    load();
    expect(retrains).toHaveLength(2);
    expect(retrains[1]).toMatch(/corpus/);
    expect(readModel(modelPath).corpusHash).not.toBe(before);
    expect(readModel(modelPath).trainingRows).toBe(11);
  });

  it('is retrained when damaged, and never left half-written', () => {
    const { modelPath, retrains, load } = setup();
    load();
    writeFileSync(modelPath, readFileSync(modelPath, 'utf8').slice(0, 500));
    const classifier = load();
    expect(retrains).toHaveLength(2);
    expect(retrains[1]).toMatch(/could not be read/);
    expect(classifier.classify('I cannot log in').intent).toBe('login');
    expect(() => readModel(modelPath)).not.toThrow();
    expect(readdirSync(join(modelPath, '..'))).toEqual(['model.json']);
  });
});
