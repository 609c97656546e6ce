import { describe, expect, it } from 'vitest';
import type { Intent, Language } from '../../intents/labels.ts';
import { trainedClassifier } from './trained.ts';

const classifier = trainedClassifier();

// Wordings written for these tests, not copied from the corpus.
const EXAMPLES: Record<Language, [string, Intent][]> = {
  sv: [
    ['jag har inte beställt det här', 'unrecognized_purchase'],
    ['hur betalar jag min faktura', 'invoice'],
    ['jag kommer inte in med bankid', 'login'],
    ['jag vill prata med en människa', 'human_agent'],
    ['vad händer med mitt ärende', 'case_status'],
  ],
  no: [
    ['jeg har ikke bestilt dette', 'unrecognized_purchase'],
    ['hvordan betaler jeg regningen', 'invoice'],
    ['jeg får ikke logget inn med bankid', 'login'],
    ['pakken kom aldri frem', 'merchant_disagreement'],
  ],
  da: [
    ['jeg har ikke bestilt det her', 'unrecognized_purchase'],
    ['hvordan betaler jeg min faktura', 'invoice'],
    ['jeg kan ikke logge ind med MitID', 'login'],
    ['varen er i stykker og butikken svarer ikke', 'merchant_disagreement'],
  ],
  fi: [
    ['en ole tilannut tätä', 'unrecognized_purchase'],
    ['miten maksan laskun', 'invoice'],
    ['en pääse kirjautumaan sovellukseen', 'login'],
    ['haluan puhua ihmisen kanssa', 'human_agent'],
  ],
  de: [
    ['ich habe das nicht bestellt', 'unrecognized_purchase'],
    ['wie bezahle ich meine rechnung', 'invoice'],
    ['ich kann mich nicht einloggen', 'login'],
    ['das paket ist nie angekommen', 'merchant_disagreement'],
  ],
  en: [
    ['I never ordered this', 'unrecognized_purchase'],
    ['how do I pay my invoice', 'invoice'],
    ["I can't log in to the app", 'login'],
    ["I returned the shoes but I'm still being charged", 'merchant_disagreement'],
  ],
};

describe('classify', () => {
  for (const [language, examples] of Object.entries(EXAMPLES)) {
    it(`recognises intents written in ${language}`, () => {
      for (const [text, intent] of examples) expect(classifier.classify(text), text).toMatchObject({ intent });
    });
  }

  it('reads text typed without diacritics as the same intent', () => {
    const withMarks = classifier.classify('fakturan är fel');
    const without = classifier.classify('fakturan ar fel');
    expect(withMarks.intent).toBe('invoice');
    expect(without.intent).toBe('invoice');
  });

  it('survives typos', () => {
    expect(classifier.classify('jag har inte bestält det här').intent).toBe('unrecognized_purchase');
    expect(classifier.classify('ich kan mich nicht einlogen').intent).toBe('login');
  });

  it('reads Austrian and Swiss German as the standard German it says', () => {
    for (const [text, intent] of [
      ['kenn die rechnung ned', 'unrecognized_purchase'],
      ['das bin ich nöd gsi, han ich nöd bstellt', 'unrecognized_purchase'],
      ['i kann mi ned einloggen', 'login'],
    ] as const) {
      const read = classifier.classify(text);
      expect(read.language, text).toBe('de');
      expect(read.intent, text).toBe(intent);
    }
  });

  it('understands English words mixed into another language', () => {
    expect(classifier.classify('min invoice är fel').intent).toBe('invoice');
    expect(classifier.classify('kan jeg få en refund, varen kom aldri').intent).toBe('merchant_disagreement');
  });

  it('keeps the boundaries between neighbouring intents', () => {
    expect(classifier.classify('jag har returnerat tröjan men får fortfarande faktura').intent).toBe(
      'merchant_disagreement',
    );
    expect(classifier.classify('I want to talk to someone about my invoice').intent).toBe('human_agent');
  });

  it('lists the runner-up intents, most likely first, without the chosen one', () => {
    for (const text of ['jag vill klaga på beslutet i mitt ärende', 'hello', 'asdf qwerty']) {
      const result = classifier.classify(text);
      expect(result.alternatives).toHaveLength(3);
      expect(result.alternatives.map((a) => a.intent)).not.toContain(result.intent);
      const confidences = [result.confidence, ...result.alternatives.map((a) => a.confidence)];
      expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
      const total = confidences.reduce((a, b) => a + b, 0);
      expect(total).toBeLessThanOrEqual(1 + 1e-9);
      for (const c of confidences) expect(c).toBeGreaterThanOrEqual(0);
    }
  });
});
