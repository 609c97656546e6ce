// The intents module's public face. One message in, {intent, confidence, language, entities,
// alternatives} out: the local model first; when it is unsure and an LLM classifier is
// configured, the LLM is asked with the PII-masked text, and its verdict wins when it gives one.
import {
  DEFAULT_CONFIDENCE_THRESHOLD,
  type ClassifyOptions,
  type LocalClassification,
  type ScoredIntent,
} from './classifier.ts';
import { extractEntities, type Entities } from './entities.ts';
import type { LlmClassifier } from './llm.ts';
import { loadClassifier } from './load.ts';
import { findPii, redactFound } from './redact.ts';

export { DEFAULT_CONFIDENCE_THRESHOLD } from './classifier.ts';
export type { ClassifyOptions, LocalClassification, ScoredIntent } from './classifier.ts';
export { INTENTS, ROUTED_INTENTS, LANGUAGES, Intent, Language } from './labels.ts';
export type { DetectedLanguage } from './labels.ts';
export { Entities } from './entities.ts';
export { createLlmClassifier, type LlmClassifier, type LlmClassifierOptions } from './llm.ts';
export { redact } from './redact.ts';
export { loadClassifier, trainAndSave } from './load.ts';

/**
 * When the LLM decided, `confidence` is its own, and so is `languageConfidence` if it named
 * another language than the local detector.
 */
export interface Classification extends LocalClassification {
  entities: Entities;
  /** Who decided the intent: the local model, or the LLM fallback. */
  decidedBy: 'local' | 'llm';
}

export interface IntentServiceOptions {
  /** The model file; intents/model/model.json by default. Trained first when missing or stale. */
  modelPath?: string;
  /** The corpus to train on when needed; intents/corpus by default. */
  corpusDir?: string;
  /** Asked when the local confidence is below `threshold`; never sees unmasked text. */
  llm?: LlmClassifier;
  /** DEFAULT_CONFIDENCE_THRESHOLD unless given. */
  threshold?: number;
  /** Told why the model had to be (re)trained at start. */
  onRetrain?: (reason: string) => void;
}

export interface IntentService {
  /** Local model, then the LLM when the local confidence is below the threshold. */
  classify(text: string, options?: ClassifyOptions): Promise<Classification>;
  /** Local model only, synchronous. */
  classifyLocal(text: string, options?: ClassifyOptions): Classification;
  readonly threshold: number;
}

/** Loads (or trains) the model once; the service then classifies without I/O except the LLM call. */
export function createIntentService(options: IntentServiceOptions = {}): IntentService {
  const classifier = loadClassifier(options);
  const threshold = options.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  const llm = options.llm;

  function local(text: string, classifyOptions?: ClassifyOptions) {
    const result = classifier.classify(text, classifyOptions);
    const pii = findPii(text);
    const entities = extractEntities(text, { language: result.language, pii });
    return { result, pii, entities };
  }

  return {
    threshold,
    classifyLocal(text, classifyOptions) {
      const { result, entities } = local(text, classifyOptions);
      return { ...result, entities, decidedBy: 'local' };
    },
    async classify(text, classifyOptions) {
      const { result, pii, entities } = local(text, classifyOptions);
      if (llm === undefined || result.confidence >= threshold) return { ...result, entities, decidedBy: 'local' };
      // createLlmClassifier() never rejects; another LlmClassifier might, and a failing
      // fallback must not cost the consumer the local answer.
      const verdict = await llm.classify(redactFound(text, pii), result).catch(() => null);
      if (verdict === null) return { ...result, entities, decidedBy: 'local' };
      // The local model's ranking still supplies the alternatives, minus the intent the LLM chose.
      const ranked: ScoredIntent[] = [{ intent: result.intent, confidence: result.confidence }, ...result.alternatives];
      return {
        intent: verdict.intent,
        confidence: verdict.confidence,
        language: verdict.language === 'und' ? result.language : verdict.language,
        languageConfidence:
          verdict.language === 'und' || verdict.language === result.language
            ? result.languageConfidence
            : verdict.confidence,
        alternatives: ranked.filter((r) => r.intent !== verdict.intent).slice(0, result.alternatives.length),
        entities,
        decidedBy: 'llm',
      };
    },
  };
}
