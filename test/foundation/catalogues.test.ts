// One way to hold words people read (bot/catalogues.ts), used by the bot's catalogue and the
// ombudsman's: a gap or a stray placeholder is found, and a missing value throws.
import { describe, expect, it } from 'vitest';
import { loadCatalogues, placeholdersOf } from '../../bot/catalogues.ts';
import { catalogueProblems } from '../../bot/dialog/catalogue.ts';
import { ombudsmanCatalogueProblems, ot } from '../../bot/ombudsman/catalogue.ts';

const good = { greet: 'Hello {name}', bye: 'Bye' };
const files = (sv: Record<string, string>) => ({ sv, no: good, da: good, fi: good, de: good, en: good });

describe('catalogues', () => {
  it('the bot and the ombudsman catalogues are complete, with the declared placeholders', () => {
    expect(catalogueProblems()).toEqual([]);
    expect(ombudsmanCatalogueProblems()).toEqual([]);
  });

  it('a key missing, a key unknown and a placeholder unlike the rule are each named', () => {
    const catalogues = loadCatalogues('test', files({ greet: 'Hej {namn}', hello: 'Hej' }), placeholdersOf(good));
    expect(catalogues.problems()).toEqual([
      'sv: "greet" has {namn}, expected {name}',
      'sv: missing "bye"',
      'sv: unknown key "hello"',
    ]);
  });

  it('a text is filled; a key the language lacks or a value not given throws, never English', () => {
    const catalogues = loadCatalogues('test', files({ greet: 'Hej {name}' }), placeholdersOf(good));
    expect(catalogues.text('sv', 'greet', { name: 'Anna' })).toBe('Hej Anna');
    expect(() => catalogues.text('sv', 'bye')).toThrow('test: "bye" is missing in the sv catalogue');
    expect(() => catalogues.text('sv', 'greet')).toThrow('missing parameter {name}');
  });

  it("the ombudsman's texts come in the language asked for; unknown languages read English", () => {
    const sv = ot('sv', 'eligible', { ref: 'OMB-1' });
    expect(sv).toContain('OMB-1');
    expect(sv).not.toBe(ot('en', 'eligible', { ref: 'OMB-1' }));
    expect(ot('xx', 'eligible', { ref: 'OMB-1' })).toBe(ot('en', 'eligible', { ref: 'OMB-1' }));
  });
});
