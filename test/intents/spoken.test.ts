// Spoken spellings are read as the words they stand for, by the classifier in the message's own
// language only ("ik" is Danish "ikke", not the Berlin "ich"), and by the dialog's readers where
// the form means nothing else in any language.
import { describe, expect, it } from 'vitest';
import { foldForIntent } from '../../intents/normalise.ts';
import { tokenize } from '../../intents/tokens.ts';
import { wordsOf } from '../../bot/dialog/readers/text.ts';
import { trainedClassifier } from './trained.ts';

const classifier = trainedClassifier();

describe('spoken spellings', () => {
  it('the classifier reads them in their own language', () => {
    expect(tokenize(foldForIntent('der er en betaling jeg ik kan genkende'), 'da')).toContain('ikke');
    expect(tokenize(foldForIntent('æ har itte kjøpt det'), 'no')).toContain('ikke');
    expect(tokenize(foldForIntent('kenn i ned'), 'de')).toEqual(['kenne', 'ich', 'nicht']);
    // "i" is a word of its own in the Nordic languages and English.
    expect(tokenize(foldForIntent('i går'), 'sv')).toContain('i');
    expect(tokenize(foldForIntent('ik'), 'de')).toEqual(['ik']);
  });

  it('the readers read the forms that mean nothing else anywhere', () => {
    expect(wordsOf('vet itte')).toEqual(['vet', 'ikke']);
    expect(wordsOf('hab ich nich bestellt')).toEqual(['hab', 'ich', 'nicht', 'bestellt']);
    expect(wordsOf('i is net')).toEqual(['i', 'is', 'net']);
  });

  it('a purchase not recognised, typed with the Danish "ik", is classified as one', () => {
    expect(classifier.classify('der er en betaling jeg ik kan genkende').intent).toBe('unrecognized_purchase');
  });
});
