// The message catalogue: complete in every language, the same placeholders as English, and
// t() that fills them or refuses loudly. The JSON files are read from disk here, not through
// the module, so a file the module fails to load still shows up as a failing key.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTENTS, LANGUAGES } from '../../intents/labels.ts';
import { OUTCOMES, STATUSES, TIERS } from '../../routing/types.ts';
import {
  catalogueProblems,
  formatAmount,
  formatDate,
  intentTitle,
  MESSAGE_KEYS,
  MESSAGES,
  outcomeText,
  payloadOf,
  placeholdersIn,
  QUICK_REPLY_PAYLOADS,
  quickReplies,
  quickReply,
  ratingQuickReplies,
  statusLabel,
  t,
  tierName,
} from '../../bot/dialog/catalogue.ts';

function catalogueFile(language: string): Record<string, string> {
  return JSON.parse(
    readFileSync(new URL(`../../bot/dialog/catalogue/${language}.json`, import.meta.url), 'utf8'),
  ) as Record<string, string>;
}

const FILES = Object.fromEntries(LANGUAGES.map((language) => [language, catalogueFile(language)]));
const ENGLISH = FILES.en!;

describe('every language has every message', () => {
  it.each(LANGUAGES)('%s has exactly the declared keys', (language) => {
    const keys = Object.keys(FILES[language]!).sort();
    expect(keys).toEqual([...MESSAGE_KEYS].sort());
  });

  it.each(LANGUAGES)('%s uses exactly the placeholders of the English text, as declared', (language) => {
    const mismatches = MESSAGE_KEYS.filter((key) => {
      const text = FILES[language]![key] ?? '';
      return placeholdersIn(text).join(',') !== placeholdersIn(ENGLISH[key] ?? '').join(',');
    });
    expect(mismatches).toEqual([]);
    const undeclared = MESSAGE_KEYS.filter(
      (key) => placeholdersIn(ENGLISH[key] ?? '').join(',') !== [...MESSAGES[key]].sort().join(','),
    );
    expect(undeclared).toEqual([]);
  });

  it('the module finds no problem either (what a start-up check would call)', () => {
    expect(catalogueProblems()).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s is written in its own words, not copied from English',
    (language) => {
      // One-word labels such as "Status" or "Shop: {merchant}" may coincide; a sentence may not.
      const words = (text: string) =>
        text
          .replace(/\{\w+\}/g, '')
          .trim()
          .split(/\s+/).length;
      const copied = MESSAGE_KEYS.filter((key) => FILES[language]![key] === ENGLISH[key] && words(ENGLISH[key]!) > 1);
      expect(copied).toEqual([]);
    },
  );

  it.each(LANGUAGES)('%s keeps every text short enough for a chat bubble', (language) => {
    // E-mails (to a consumer away, to a merchant) are not chat bubbles.
    const bubbles = MESSAGE_KEYS.filter((key) => !key.startsWith('away_email_') && !key.startsWith('merchant_mail_'));
    const long = bubbles.filter((key) => (FILES[language]![key] ?? '').length > 320);
    expect(long).toEqual([]);
  });

  it.each(LANGUAGES)('%s names the Skip button by its own title where a text mentions it', (language) => {
    const skip = t(language, 'qr_skip');
    expect(t(language, 'ask_order_number')).toContain(skip);
    expect(t(language, 'rating_comment_invite')).toContain(skip);
  });
});

describe('t()', () => {
  it('fills every placeholder with the given values', () => {
    const text = t('sv', 'handoff_dispute', { merchant: 'Skobutiken AB', days: 21 });
    expect(text).toContain('Skobutiken AB');
    expect(text).toContain('21 dagar');
    expect(text).not.toMatch(/[{}]/);
  });

  it('writes numbers in the consumer’s notation', () => {
    expect(t('sv', 'error_too_long', { max: 2000 })).toMatch(/2\s000 tecken/);
    expect(t('en', 'error_too_long', { max: 2000 })).toContain('2,000 characters');
  });

  it('refuses a missing parameter with an error that names it', () => {
    // @ts-expect-error: the compiler already refuses a call without {days}
    expect(() => t('de', 'handoff_dispute', { merchant: 'Schuhhaus' })).toThrow(
      /handoff_dispute.*missing parameter \{days\}/,
    );
    // @ts-expect-error: no parameters at all
    expect(() => t('fi', 'case_reference')).toThrow(/missing parameter \{ref\}/);
  });

  it('refuses a parameter the message does not take', () => {
    // @ts-expect-error: welcome has no placeholders
    expect(() => t('da', 'welcome', { name: 'Anna' })).toThrow(/takes no parameter \{name\}/);
  });

  it('refuses a value that is neither text nor a finite number', () => {
    expect(() => t('no', 'handoff_human', { wait: Number.NaN })).toThrow(/wait/);
  });

  it('answers an unknown language (und) in English', () => {
    expect(t('und', 'case_reference', { ref: 'OMB-1' })).toBe(t('en', 'case_reference', { ref: 'OMB-1' }));
  });

  it('never answers a known language in English', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      expect(t(language, 'welcome')).not.toBe(t('en', 'welcome'));
    }
  });

  it('refuses a language it does not speak', () => {
    expect(() => t('xx' as never, 'welcome')).toThrow(/unknown language "xx"/);
  });
});

describe('quick replies', () => {
  it('carry the contract payloads unchanged, with a title in the consumer’s language', () => {
    const replies = quickReplies('sv', ['confirm', 'edit', 'human']);
    expect(replies).toEqual([
      { title: 'Ja, skicka', payload: 'confirm' },
      { title: 'Ändra något', payload: 'edit' },
      { title: 'Prata med en person', payload: 'human' },
    ]);
    expect(QUICK_REPLY_PAYLOADS).toEqual(
      expect.arrayContaining(['confirm', 'edit', 'human', 'helped_yes', 'helped_no']),
    );
  });

  it.each(LANGUAGES)('%s has a short title for every payload and intent', (language) => {
    for (const payload of [...QUICK_REPLY_PAYLOADS, ...INTENTS]) {
      const reply = quickReply(language, payload);
      expect(reply.payload).toBe(payload);
      expect(reply.title.length).toBeGreaterThan(0);
      expect(reply.title.length).toBeLessThanOrEqual(30);
    }
  });

  it.each(LANGUAGES)('%s gives every intent a different title, so clarifying choices can be told apart', (language) => {
    const titles = INTENTS.map((intent) => intentTitle(language, intent));
    expect(new Set(titles).size).toBe(INTENTS.length);
  });

  it('rating replies are the digits 1 to 5', () => {
    expect(ratingQuickReplies().map((r) => r.payload)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('recognises a payload sent back as text, and nothing else', () => {
    expect(payloadOf(' Confirm ')).toBe('confirm');
    expect(payloadOf('helped_no')).toBe('helped_no');
    expect(payloadOf('merchant_disagreement')).toBe('merchant_disagreement');
    expect(payloadOf('4')).toBe('4');
    expect(payloadOf('confirm that I paid')).toBeUndefined();
    expect(payloadOf('6')).toBeUndefined();
  });
});

describe('domain values by name', () => {
  it.each(LANGUAGES)('%s names every tier, status and outcome', (language) => {
    for (const tier of TIERS) expect(tierName(language, tier)).not.toBe('');
    for (const status of STATUSES) expect(statusLabel(language, status)).not.toBe('');
    for (const outcome of OUTCOMES) expect(outcomeText(language, outcome)).not.toBe('');
    expect(new Set(TIERS.map((tier) => tierName(language, tier))).size).toBe(TIERS.length);
    expect(new Set(OUTCOMES.map((outcome) => outcomeText(language, outcome))).size).toBe(OUTCOMES.length);
  });

  it('composes a resolved-case answer from the status and the outcome', () => {
    const text = t('de', 'status_resolved', { ref: 'OMB-7', outcome: outcomeText('de', 'chargeback') });
    expect(text).toBe(
      'Dein Vorgang OMB-7 ist abgeschlossen. Die Entscheidung fiel zu deinen Gunsten: Du musst nicht zahlen, und was du schon bezahlt hast, bekommst du zurück.',
    );
  });
});

describe('dates and amounts', () => {
  it('shows a date in the consumer’s time zone and notation', () => {
    const lateEvening = new Date('2026-03-12T22:30:00Z'); // 23:30 in Stockholm, 00:30 in Helsinki
    expect(formatDate('sv', lateEvening)).toBe('12 mars 2026');
    expect(formatDate('fi', lateEvening)).toBe('13. maaliskuuta 2026');
    expect(formatDate('de', lateEvening)).toBe('12. März 2026');
  });

  it('fills the merchant window date into the status answer', () => {
    const date = formatDate('no', new Date('2026-04-02T10:00:00Z'));
    expect(t('no', 'status_awaiting_merchant', { ref: 'OMB-9', date })).toContain('frist til 2. april 2026');
  });

  it('writes amounts from minor units with the currency', () => {
    expect(formatAmount('sv', 34900, 'SEK')).toMatch(/^349,00\skr$/);
    expect(formatAmount('en', 4999, 'EUR')).toBe('€49.99');
  });
});
