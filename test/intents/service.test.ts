import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIntentService, type LlmClassifier } from '../../intents/index.ts';
import type { Intent } from '../../intents/labels.ts';
import { temporaryDir } from './trained.ts';

const modelPath = join(temporaryDir(), 'model.json');

/** A stand-in LLM that records what it was shown and answers a fixed verdict (or nothing). */
function fakeLlm(verdict: { intent: Intent; confidence: number; language: 'sv' | 'und' } | null) {
  const seen: string[] = [];
  const llm: LlmClassifier = {
    async classify(maskedText) {
      seen.push(maskedText);
      return verdict;
    },
    stats: () => ({ calls: seen.length, failures: 0, breakerOpen: false }),
  };
  return { llm, seen };
}

// A Swedish personal identity number (valid check digit) and a vague message.
const UNSURE = 'hmm 19811218-9876 det där';

describe('the intent service', () => {
  it('lets the LLM decide an unsure message, showing it only masked text', async () => {
    const { llm, seen } = fakeLlm({ intent: 'ombudsman', confidence: 0.9, language: 'sv' });
    const service = createIntentService({ modelPath, llm, threshold: 1.01 });
    const result = await service.classify(UNSURE);
    expect(result).toMatchObject({ intent: 'ombudsman', confidence: 0.9, decidedBy: 'llm' });
    expect(result.alternatives.map((a) => a.intent)).not.toContain('ombudsman');
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain('19811218-9876');
  });

  it('keeps the local answer when the model is sure or the LLM has no verdict', async () => {
    const sure = fakeLlm({ intent: 'other', confidence: 0.9, language: 'sv' });
    const confident = createIntentService({ modelPath, llm: sure.llm, threshold: 0 });
    const local = confident.classifyLocal('jag har inte beställt det här');
    expect(await confident.classify('jag har inte beställt det här')).toEqual(local);
    expect(local.intent).toBe('unrecognized_purchase');

    const silent = createIntentService({ modelPath, llm: fakeLlm(null).llm, threshold: 1.01 });
    expect(await silent.classify(UNSURE)).toEqual(silent.classifyLocal(UNSURE));
  });

  it('returns entities beside the intent', () => {
    const service = createIntentService({ modelPath });
    const result = service.classifyLocal('Zalando skickade fel storlek, order 12345678, 499 kr');
    expect(result.intent).toBe('merchant_disagreement');
    expect(result.entities.amounts.map((a) => a.value)).toContain(499);
  });
});
