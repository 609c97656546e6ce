// The ombudsman form's and the ombudsman's messages to consumers, one catalogue per language
// (catalogue/<lang>.json), held the same way as the bot's (bot/catalogues.ts): every language has
// every key with English's placeholders (a test holds that), and a missing key is an error, never
// a silent fall back to English. `und` reads English.
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import { loadCatalogues, placeholdersOf } from '../catalogues.ts';
import da from './catalogue/da.json' with { type: 'json' };
import de from './catalogue/de.json' with { type: 'json' };
import en from './catalogue/en.json' with { type: 'json' };
import fi from './catalogue/fi.json' with { type: 'json' };
import no from './catalogue/no.json' with { type: 'json' };
import sv from './catalogue/sv.json' with { type: 'json' };

export type OmbudsmanKey = keyof typeof en;

const OMBUDSMAN = loadCatalogues('ombudsman catalogue', { sv, no, da, fi, de, en }, placeholdersOf(en));
export const OMBUDSMAN_KEYS = OMBUDSMAN.keys;
export const OMBUDSMAN_CATALOGUES = OMBUDSMAN.byLanguage;

/** Missing or unknown keys, placeholders unlike English's: empty when all is well. */
export function ombudsmanCatalogueProblems(): string[] {
  return OMBUDSMAN.problems();
}

/** A supported language, or English for `und` and anything unknown. */
export function formLanguage(language: string | undefined | null): Language {
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'en';
}

/** The text of `key` with `{name}` placeholders filled; throws on a missing key or parameter. */
export function ot(language: string, key: OmbudsmanKey, params: Record<string, string | number> = {}): string {
  const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, String(value)]));
  return OMBUDSMAN.text(formLanguage(language), key, values);
}

/** Picks the consumer's language from `?lang=` or Accept-Language; English otherwise. */
export function negotiateLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  if (typeof query === 'string' && (LANGUAGES as readonly string[]).includes(query)) return query as Language;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    const base = tag.split('-')[0]!;
    // Norwegian arrives as nb or nn as often as no.
    const code = base === 'nb' || base === 'nn' ? 'no' : base;
    if ((LANGUAGES as readonly string[]).includes(code)) return code as Language;
  }
  return 'en';
}
