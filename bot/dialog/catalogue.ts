// Every string the bot sends to a consumer, one catalogue per language (catalogue/<lang>.json),
// written in that language rather than translated word by word from English.
//
// `t(language, key, params)` is the only way in. A known language never borrows another
// language's text: a missing key is an error (and a test keeps every catalogue complete), so a
// Swedish consumer never gets a stray English sentence. Only `und` (language unknown) reads
// the English catalogue.
import { loadCatalogues } from '../catalogues.ts';
import { INTENTS, LANGUAGES, type DetectedLanguage, type Intent, type Language } from '../../intents/labels.ts';
import type { Outcome, Status, Tier } from '../../routing/types.ts';
import { formatNumber, replyLanguage } from './catalogue/format.ts';
import { MESSAGES, type MessageKey, type PlaceholderOf } from './catalogue/messages.ts';
import da from './catalogue/da.json' with { type: 'json' };
import de from './catalogue/de.json' with { type: 'json' };
import en from './catalogue/en.json' with { type: 'json' };
import fi from './catalogue/fi.json' with { type: 'json' };
import no from './catalogue/no.json' with { type: 'json' };
import sv from './catalogue/sv.json' with { type: 'json' };

export { MESSAGES, MESSAGE_KEYS, placeholdersIn, type MessageKey, type PlaceholderOf } from './catalogue/messages.ts';
export { formatAmount, formatDate, formatNumber, localeOf, replyLanguage } from './catalogue/format.ts';

const CATALOGUES = loadCatalogues('catalogue', { sv, no, da, fi, de, en }, MESSAGES);

export type MessageParams<K extends MessageKey> = { readonly [P in PlaceholderOf<K>]: string | number };

/** Keys without placeholders take no parameters; the others require exactly theirs. */
type ParamArgs<K extends MessageKey> = [PlaceholderOf<K>] extends [never]
  ? [params?: Record<string, never>]
  : [params: MessageParams<K>];

/** The keys whose text has no placeholders. */
export type PlainMessageKey = { [K in MessageKey]: [PlaceholderOf<K>] extends [never] ? K : never }[MessageKey];

/** A language the catalogues hold, or `und` (English): anything else is a programming error. */
function known(language: DetectedLanguage): Language {
  if (language !== 'und' && !(LANGUAGES as readonly string[]).includes(language))
    throw new Error(`catalogue: unknown language "${String(language)}"`);
  return replyLanguage(language);
}

/** The raw text of a key, placeholders unfilled; undefined when the catalogue lacks it. */
export function template(language: DetectedLanguage, key: MessageKey): string | undefined {
  return CATALOGUES.byLanguage[known(language)][key];
}

/**
 * The text of `key` in `language` with its placeholders filled. Numbers are written in the
 * consumer's notation. Throws on an unknown language, a key the catalogue lacks, a missing
 * parameter or a parameter the key does not take: each is a programming error that a test
 * should catch, never something to paper over in front of a consumer.
 */
export function t<K extends MessageKey>(language: DetectedLanguage, key: K, ...args: ParamArgs<K>): string {
  const catalogue = known(language);
  const expected: readonly string[] = MESSAGES[key];
  const given: Record<string, unknown> = args[0] ?? {};
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!expected.includes(name)) throw new Error(`catalogue: "${key}" takes no parameter {${name}}`);
    if (typeof value === 'number' && Number.isFinite(value)) values[name] = formatNumber(language, value);
    else if (typeof value === 'string') values[name] = value;
    else throw new Error(`catalogue: "${key}" parameter {${name}} must be a string or a finite number`);
  }
  return CATALOGUES.text(catalogue, key, values);
}

/**
 * What is wrong with the catalogues: a key missing or unknown, or placeholders that differ from
 * the key's declaration. Empty when all is well; the service may refuse to start otherwise.
 */
export function catalogueProblems(): string[] {
  return CATALOGUES.problems();
}

// Quick replies. Botkit's `quick_replies: [{title, payload}]`: the title is in the consumer's
// language, the payload a stable code an app may send back as the message text instead of
// tapping the button; apps rely on these codes, so they never change (docs/architecture.md, issue 5).

/** The payload codes fixed by the contract. */
export const PAYLOAD_CONFIRM = 'confirm';
export const PAYLOAD_EDIT = 'edit';
export const PAYLOAD_HUMAN = 'human';
export const PAYLOAD_HELPED_YES = 'helped_yes';
export const PAYLOAD_HELPED_NO = 'helped_no';
/** Added for the shop-dispute question ("have you contacted the shop?") and optional fields. */
export const PAYLOAD_CONTACTED_YES = 'contacted_yes';
export const PAYLOAD_CONTACTED_NO = 'contacted_no';
export const PAYLOAD_SKIP = 'skip';

export const QUICK_REPLY_PAYLOADS = [
  PAYLOAD_CONFIRM,
  PAYLOAD_EDIT,
  PAYLOAD_HUMAN,
  PAYLOAD_HELPED_YES,
  PAYLOAD_HELPED_NO,
  PAYLOAD_CONTACTED_YES,
  PAYLOAD_CONTACTED_NO,
  PAYLOAD_SKIP,
] as const;
export type QuickReplyPayload = (typeof QUICK_REPLY_PAYLOADS)[number];

/** A rating is given with the digits 1 to 5, as payload and as title alike. */
export const RATING_PAYLOADS = ['1', '2', '3', '4', '5'] as const;
export type RatingPayload = (typeof RATING_PAYLOADS)[number];

export interface QuickReply {
  title: string;
  payload: string;
}

const PAYLOAD_TITLES: Record<QuickReplyPayload, PlainMessageKey> = {
  confirm: 'qr_confirm',
  edit: 'qr_edit',
  human: 'qr_human',
  helped_yes: 'qr_helped_yes',
  helped_no: 'qr_helped_no',
  contacted_yes: 'qr_contacted_yes',
  contacted_no: 'qr_contacted_no',
  skip: 'qr_skip',
};

/** The short title of an intent, for clarifying quick replies and the summary's topic line. */
export function intentTitle(language: DetectedLanguage, intent: Intent): string {
  return t(language, `intent_${intent}`);
}

/** One quick reply: a fixed payload, or an intent label when clarifying. */
export function quickReply(language: DetectedLanguage, payload: QuickReplyPayload | Intent): QuickReply {
  const title = isIntent(payload) ? intentTitle(language, payload) : t(language, PAYLOAD_TITLES[payload]);
  return { title, payload };
}

export function quickReplies(
  language: DetectedLanguage,
  payloads: readonly (QuickReplyPayload | Intent)[],
): QuickReply[] {
  return payloads.map((payload) => quickReply(language, payload));
}

export function ratingQuickReplies(): QuickReply[] {
  return RATING_PAYLOADS.map((digit) => ({ title: digit, payload: digit }));
}

function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}

/**
 * The payload a message text stands for, when an app sent a code back instead of tapping a
 * button: a fixed payload, an intent label or a rating digit. Case and surrounding spaces are
 * ignored; anything else is ordinary text (undefined).
 */
export function payloadOf(text: string): QuickReplyPayload | Intent | RatingPayload | undefined {
  const code = text.trim().toLowerCase();
  if ((QUICK_REPLY_PAYLOADS as readonly string[]).includes(code)) return code as QuickReplyPayload;
  if ((RATING_PAYLOADS as readonly string[]).includes(code)) return code as RatingPayload;
  return isIntent(code) ? code : undefined;
}

// Domain values by name, so that the dialog never builds a key from a string itself.

const TIER_NAMES: Record<Tier, PlainMessageKey> = {
  customer_service: 'tier_customer_service',
  investigation: 'tier_investigation',
  specialist: 'tier_specialist',
  ombudsman: 'tier_ombudsman',
};

const STATUS_LABELS: Record<Status, PlainMessageKey> = {
  queued: 'status_label_queued',
  assigned: 'status_label_assigned',
  awaiting_consumer: 'status_label_awaiting_consumer',
  awaiting_merchant: 'status_label_awaiting_merchant',
  resolved: 'status_label_resolved',
};

const OUTCOME_TEXTS: Record<Outcome, PlainMessageKey> = {
  answered: 'outcome_answered',
  fault_fixed: 'outcome_fault_fixed',
  merchant_settled: 'outcome_merchant_settled',
  invoice_reactivated: 'outcome_invoice_reactivated',
  chargeback: 'outcome_chargeback',
  withdrawn: 'outcome_withdrawn',
  consumer_unresponsive: 'outcome_consumer_unresponsive',
};

/** "Kundservice", "Utredningsavdelningen", ...: for the card and the "handled by" line. */
export function tierName(language: DetectedLanguage, tier: Tier): string {
  return t(language, TIER_NAMES[tier]);
}

/** "I kö", "Väntar på dig", ...: the case card's status. */
export function statusLabel(language: DetectedLanguage, status: Status): string {
  return t(language, STATUS_LABELS[status]);
}

/** One sentence on what an outcome means for the consumer (and their invoice). */
export function outcomeText(language: DetectedLanguage, outcome: Outcome): string {
  return t(language, OUTCOME_TEXTS[outcome]);
}

/** "Your case REF is closed" with what its outcome means for the consumer, in `language`. */
export function caseClosedText(language: DetectedLanguage, ref: string, outcome: Outcome): string {
  return t(language, 'status_resolved', {
    ref,
    outcome: t(language, `outcome_${outcome}` as MessageKey & `outcome_${string}`),
  });
}
