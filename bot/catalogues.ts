// The one way the service holds words people read: one JSON file per language beside the code
// that uses it (bot/dialog/catalogue/ for the bot and the widget, bot/ombudsman/catalogue/ for
// the ombudsman's form and messages), every language with every key and the same {placeholders}.
// A known language never borrows another's text: a missing key or parameter is a programming
// error that throws (a test keeps the files complete), never a stray English sentence in front
// of a Swedish consumer.
import { z } from 'zod';
import { LANGUAGES, type Language } from '../intents/labels.ts';

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9_]*)\}/g;

/** The placeholder names a template uses, sorted and without repeats. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/** Fills `{name}` placeholders; a name without a value is an error, never an empty hole. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>, what: string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${what}: missing parameter {${name}}`);
    return value;
  });
}

const CatalogueFile = z.record(z.string(), z.string().min(1));

export interface Catalogues<K extends string> {
  /** Every language's texts by key, as read (typed complete: `problems()` says where they are not). */
  readonly byLanguage: Readonly<Record<Language, Readonly<Record<K, string>>>>;
  readonly keys: readonly K[];
  /** The text of `key` with its placeholders filled; throws on a key the language lacks or a missing value. */
  text(language: Language, key: K, values?: Readonly<Record<string, string>>): string;
  /** What is wrong: a key missing or unknown, placeholders that differ from the declared ones. Empty when all is well. */
  problems(): string[];
}

/**
 * Reads one catalogue per language. `declared` names each key's placeholders: the bot declares
 * them in code (bot/dialog/catalogue/messages.ts); a smaller set may take English's as the rule.
 */
export function loadCatalogues<K extends string>(
  name: string,
  files: Readonly<Record<Language, unknown>>,
  declared: Readonly<Record<K, readonly string[]>>,
): Catalogues<K> {
  const byLanguage = Object.fromEntries(
    LANGUAGES.map((language) => [language, CatalogueFile.parse(files[language])]),
  ) as Record<Language, Readonly<Record<K, string>>>;
  const keys = Object.keys(declared) as K[];
  return {
    byLanguage,
    keys,
    text(language, key, values = {}) {
      const template = byLanguage[language][key] as string | undefined;
      if (template === undefined) throw new Error(`${name}: "${key}" is missing in the ${language} catalogue`);
      return fillTemplate(template, values, `${name}: "${key}" (${language})`);
    },
    problems() {
      const found: string[] = [];
      const known = new Set<string>(keys);
      for (const language of LANGUAGES) {
        const catalogue = byLanguage[language] as Readonly<Record<string, string | undefined>>;
        for (const key of keys) {
          const text = catalogue[key];
          if (text === undefined) {
            found.push(`${language}: missing "${key}"`);
            continue;
          }
          const has = placeholdersIn(text).join(',');
          const expected = [...declared[key]].sort().join(',');
          if (has !== expected) found.push(`${language}: "${key}" has {${has}}, expected {${expected}}`);
        }
        for (const key of Object.keys(catalogue)) if (!known.has(key)) found.push(`${language}: unknown key "${key}"`);
      }
      return found;
    },
  };
}

/** Each key's placeholders as one catalogue (English) has them: the rule for the others. */
export function placeholdersOf<K extends string>(reference: Readonly<Record<K, string>>): Record<K, readonly string[]> {
  const declared: Partial<Record<K, readonly string[]>> = {};
  for (const key of Object.keys(reference) as K[]) declared[key] = placeholdersIn(reference[key]);
  return declared as Record<K, readonly string[]>;
}
