import { describe, expect, it } from 'vitest';
import { trainedClassifier } from './trained.ts';

const classifier = trainedClassifier();
const languageOf = (text: string, languageHint?: 'sv' | 'no' | 'da' | 'fi' | 'de' | 'en') =>
  classifier.classify(text, languageHint ? { languageHint } : {}).language;

describe('language detection', () => {
  it('tells the six languages apart from a sentence', () => {
    expect(languageOf('Jag har fått en faktura som jag inte förstår')).toBe('sv');
    expect(languageOf('Jeg har fått en regning jeg ikke forstår noe av')).toBe('no');
    expect(languageOf('Jeg har fået en regning, som jeg ikke forstår')).toBe('da');
    expect(languageOf('Sain laskun, jota en ymmärrä ollenkaan')).toBe('fi');
    expect(languageOf('Ich habe eine Rechnung bekommen, die ich nicht verstehe')).toBe('de');
    expect(languageOf('I got an invoice that I do not understand')).toBe('en');
  });

  it('works on text typed without diacritics', () => {
    expect(languageOf('jag forstar inte varfor fakturan ar sa hog')).toBe('sv');
    expect(languageOf('ich moechte wissen warum die Rechnung so hoch ist')).toBe('de');
  });

  it("answers 'und' for text without enough letters", () => {
    expect(languageOf('?')).toBe('und');
    expect(languageOf('12345')).toBe('und');
    expect(languageOf('ok')).toBe('und');
  });

  it('follows the conversation hint on short ambiguous messages, but not against a clear sentence', () => {
    expect(['sv', 'da', 'no']).toContain(languageOf('hej'));
    expect(languageOf('hej', 'da')).toBe('da');
    expect(languageOf('ok', 'fi')).toBe('fi');
    expect(languageOf('Ich habe eine Rechnung bekommen, die ich nicht verstehe', 'sv')).toBe('de');
  });
});
