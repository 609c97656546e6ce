// The ombudsman form's and the ombudsman's messages to consumers, one catalogue per language
// (catalogue/<lang>.json), like the bot's (bot/dialog/catalogue.ts): every language has every
// key with the same placeholders (a test holds that), and a missing key is an error, never a
// silent fall back to English. `und` reads English.
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import da from './catalogue/da.json' with { type: 'json' };
import de from './catalogue/de.json' with { type: 'json' };
import en from './catalogue/en.json' with { type: 'json' };
import fi from './catalogue/fi.json' with { type: 'json' };
import no from './catalogue/no.json' with { type: 'json' };
import sv from './catalogue/sv.json' with { type: 'json' };

const File = z.record(z.string(), z.string().min(1));

export type OmbudsmanKey = keyof typeof en;
export const OMBUDSMAN_KEYS = Object.keys(en) as OmbudsmanKey[];

// Typed as complete: the catalogue test holds every language to every key of English.
export const OMBUDSMAN_CATALOGUES = {
  sv: File.parse(sv),
  no: File.parse(no),
  da: File.parse(da),
  fi: File.parse(fi),
  de: File.parse(de),
  en: File.parse(en),
} as Record<Language, Readonly<Record<OmbudsmanKey, string>>>;

/** A supported language, or English for `und` and anything unknown. */
export function formLanguage(language: string | undefined | null): Language {
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'en';
}

/** The text of `key` with `{name}` placeholders filled; throws on a missing key or parameter. */
export function ot(language: string, key: OmbudsmanKey, params: Record<string, string | number> = {}): string {
  const text = OMBUDSMAN_CATALOGUES[formLanguage(language)][key];
  if (text === undefined) throw new Error(`ombudsman catalogue: "${key}" is missing in ${language}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`ombudsman catalogue: "${key}" needs {${name}}`);
    return String(value);
  });
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
