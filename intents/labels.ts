// The contract labels (docs/architecture.md, "Contracts"): outside clients and tests rely on them.
// Every module that names an intent or a language imports it from here.
import { z } from 'zod';

export const INTENTS = [
  'invoice',
  'login',
  'unrecognized_purchase',
  'merchant_disagreement',
  'human_agent',
  'case_status',
  'ombudsman',
  'greeting',
  'other',
] as const;
export const Intent = z.enum(INTENTS);
export type Intent = z.infer<typeof Intent>;

/** The four intents that the routing policy sends to a tier; the accuracy target is set on these. */
export const ROUTED_INTENTS = ['invoice', 'login', 'unrecognized_purchase', 'merchant_disagreement'] as const;

/** ISO 639-1 codes of the languages the bot speaks; `und` when a message's language is unknown. */
export const LANGUAGES = ['sv', 'no', 'da', 'fi', 'de', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;
export type DetectedLanguage = Language | 'und';

/** What each intent is about, in the words of the operators' pages (the reports, the desk). */
export const INTENT_NAMES: Readonly<Record<Intent, string>> = Object.freeze({
  invoice: 'Invoice questions',
  login: 'Login trouble',
  unrecognized_purchase: 'Purchases not recognised',
  merchant_disagreement: 'Disagreements with a shop',
  human_agent: 'Asked for a person',
  case_status: 'Case status',
  ombudsman: 'The ombudsman',
  greeting: 'Greetings and thanks',
  other: 'Other',
});
