// Numbers, dates and amounts in the consumer's own notation ("12 mars 2026", "349,00 kr"),
// so that a catalogue text reads naturally around the value the dialog puts into it.
import type { DetectedLanguage, Language } from '../../../intents/labels.ts';
import { MARKET_TIME_ZONES } from '../../../routing/calendar.ts';

/** Norwegian is written as Bokmål (nb); English as British English, as in most of Europe. */
const LOCALES: Record<Language, string> = {
  sv: 'sv-SE',
  no: 'nb-NO',
  da: 'da-DK',
  fi: 'fi-FI',
  de: 'de-DE',
  en: 'en-GB',
};

/**
 * A date is shown in the consumer's time zone: a merchant window ending at 23:30 UTC ends on
 * the next calendar day in Helsinki. Callers that know the consumer's zone may pass it.
 */
const TIME_ZONES: Record<Language, string> = {
  sv: 'Europe/Stockholm',
  no: 'Europe/Oslo',
  da: 'Europe/Copenhagen',
  fi: 'Europe/Helsinki',
  de: 'Europe/Berlin',
  en: 'Europe/Stockholm',
};

/** The consumer's time zone: their market's (from the locale), else their language's. */
export function timeZoneOf(language: DetectedLanguage, market?: string | null): string {
  return (market && MARKET_TIME_ZONES[market]) ?? TIME_ZONES[replyLanguage(language)];
}

/** The language whose texts and notation a reply uses: English when the language is unknown. */
export function replyLanguage(language: DetectedLanguage): Language {
  return language === 'und' ? 'en' : language;
}

export function localeOf(language: DetectedLanguage): string {
  return LOCALES[replyLanguage(language)];
}

export function formatNumber(language: DetectedLanguage, value: number): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/** "12 mars 2026", "12. März 2026", "12. maaliskuuta 2026", "12 March 2026". */
export function formatDate(language: DetectedLanguage, date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: timeZone ?? TIME_ZONES[replyLanguage(language)],
  }).format(date);
}

/** A month and its year: "november 2026", "November 2026", "marraskuu 2026". */
export function formatMonth(language: DetectedLanguage, date: Date): string {
  return new Intl.DateTimeFormat(localeOf(language), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** An amount in minor units (öre, cents) with its ISO 4217 currency: "349,00 kr", "€349.00". */
export function formatAmount(language: DetectedLanguage, amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat(localeOf(language), { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

/**
 * A wait in the words people use: "15 minuter", "4 timmar", "2 dagar" (the catalogue line says
 * "about"). Minutes to the nearest 5 up to an hour and a half, hours up to a day and a half, then days.
 */
export function formatWait(language: DetectedLanguage, minutes: number): string {
  const [value, unit] =
    minutes < 90
      ? [Math.max(5, Math.round(minutes / 5) * 5), 'minute']
      : minutes < 36 * 60
        ? [Math.round(minutes / 60), 'hour']
        : [Math.round(minutes / 1_440), 'day'];
  return new Intl.NumberFormat(localeOf(language), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
