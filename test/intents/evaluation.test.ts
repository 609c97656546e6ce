import { describe, expect, it } from 'vitest';
import { collapseToRouted, score } from '../../intents/evaluation.ts';
import { foldForIntent } from '../../intents/normalise.ts';

describe('scoring', () => {
  it('computes accuracy, per-intent precision/recall and macro-F1 over the routed intents', () => {
    const s = score([
      { expected: 'invoice', predicted: 'invoice' },
      { expected: 'invoice', predicted: 'login' },
      { expected: 'login', predicted: 'login' },
      { expected: 'greeting', predicted: 'greeting' },
    ]);
    expect(s.accuracy).toBe(0.75);
    const invoice = s.perIntent.find((p) => p.intent === 'invoice')!;
    const login = s.perIntent.find((p) => p.intent === 'login')!;
    expect(invoice).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(login).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(s.macroF1Routed).toBeCloseTo((2 / 3 + 2 / 3) / 2);
    expect(s.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3);
    expect(s.confusion[s.labels.indexOf('invoice')]![s.labels.indexOf('login')]).toBe(1);
  });

  it("counts a Banking77 prediction outside the routed intents as 'other'", () => {
    expect(collapseToRouted({ expected: 'other', predicted: 'greeting' })).toEqual({
      expected: 'other',
      predicted: 'other',
    });
    expect(collapseToRouted({ expected: 'other', predicted: 'login' })).toEqual({
      expected: 'other',
      predicted: 'login',
    });
  });
});

describe('folding', () => {
  it('folds case, Nordic and German letters and digits the way people type without them', () => {
    expect(foldForIntent('Fakturan ÄR fel på Å, Ø, Æ, Ü, ß: 1 299 kr')).toBe(
      'fakturan ar fel pa a, o, ae, u, ss: 0 000 kr',
    );
    expect(foldForIntent('I don’t know')).toBe("i don't know");
  });
});
