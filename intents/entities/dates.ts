// Dates as consumers write them: 2024-05-12, 12.5.2024, 12.5., 12/5, 12-05-2024,
// "12 maj", "3. März 2024", "12. toukokuuta", "May 12th, 2024", "toukokuun 12.".
// Day-first for slashes (12/5 is 12 May), as every market we serve writes it; month-first only
// when the caller knows the writer is American (a session in en-US).
import { isCalendarDate } from '../pii/checksums.ts';
import { ABBREVIATED_MONTHS, ENGLISH_MONTHS, FINNISH_GENITIVE_MONTHS, MONTHS } from './months.ts';
import type { DateMention } from './schema.ts';

interface Span {
  start: number;
  end: number;
}

const ISO = /(?<![\p{N}\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\p{N}\-])/gu;
const DOTTED = /(?<![\p{N}.,])(\d{1,2})\.(\d{1,2})\.(?:(\d{4}|\d{2})(?!\d)|(?!\d))/gu;
const SLASHED = /(?<![\p{N}/.,])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\p{N}/])/gu;
const HYPHENATED = /(?<![\p{N}\-])(\d{1,2})-(\d{1,2})-(\d{4})(?![\p{N}\-])/gu;
const DAY_MONTH_NAME =
  /(?<![\p{L}\p{N}])(\d{1,2})(?:\.|:[ae]|st|nd|rd|th)?\s?(?:of\s)?(\p{L}+)\.?(?:,?\s(\d{4})(?!\p{N}))?/giu;
const MONTH_NAME_DAY = /(?<![\p{L}\p{N}])(\p{L}+)\s(\d{1,2})(?:st|nd|rd|th|\.)?(?:,?\s(\d{4}))?(?![\p{L}\p{N}])/giu;

function overlapsAny(s: Span, list: readonly Span[]): boolean {
  for (const b of list) if (s.start < b.end && b.start < s.end) return true;
  return false;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function expandYear(written: string | undefined): number | null {
  if (written === undefined) return null;
  return written.length === 2 ? 2000 + Number(written) : Number(written);
}

/**
 * Dates mentioned in `text`, in order. `taken` are spans already given to other entities
 * or to personal data; a date is never read out of those. `monthFirst` reads 12/1 as 1 December.
 */
export function findDates(text: string, taken: readonly Span[], monthFirst = false): DateMention[] {
  const found: Array<DateMention & Span> = [];
  const add = (start: number, end: number, year: number | null, month: number, day: number) => {
    if (!isCalendarDate(year, month, day)) return;
    const span = { start, end };
    if (overlapsAny(span, taken) || overlapsAny(span, found)) return;
    const value = year === null ? `--${pad(month)}-${pad(day)}` : `${year}-${pad(month)}-${pad(day)}`;
    found.push({ start, end, text: text.slice(start, end), value, year, month, day });
  };

  if (/\d[-./]\d/.test(text)) {
    for (const m of text.matchAll(ISO)) add(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), Number(m[3]));
    for (const m of text.matchAll(DOTTED))
      add(m.index, m.index + m[0].length, expandYear(m[3]), Number(m[2]), Number(m[1]));
    for (const m of text.matchAll(SLASHED)) {
      const [month, day] = monthFirst ? [m[1], m[2]] : [m[2], m[1]];
      add(m.index, m.index + m[0].length, expandYear(m[3]), Number(month), Number(day));
    }
    for (const m of text.matchAll(HYPHENATED))
      add(m.index, m.index + m[0].length, Number(m[3]), Number(m[2]), Number(m[1]));
  }
  for (const m of text.matchAll(DAY_MONTH_NAME)) {
    const word = m[2]!.toLowerCase();
    const month = MONTHS.get(word);
    if (month === undefined) continue;
    let end = m.index + m[0].length;
    if (m[3] === undefined && text[end - 1] === '.' && !ABBREVIATED_MONTHS.has(word)) end--;
    add(m.index, end, expandYear(m[3]), month, Number(m[1]));
  }
  for (const m of text.matchAll(MONTH_NAME_DAY)) {
    const word = m[1]!;
    const lower = word.toLowerCase();
    // "may" is also a verb: only "May" (capitalised) is the month when it stands first.
    const month =
      lower === 'may' && word !== 'May' ? undefined : (ENGLISH_MONTHS.get(lower) ?? FINNISH_GENITIVE_MONTHS.get(lower));
    if (month !== undefined) add(m.index, m.index + m[0].length, expandYear(m[3]), month, Number(m[2]));
  }
  found.sort((a, b) => a.start - b.start);
  return found.map(({ text: t, value, year, month, day }) => ({ text: t, value, year, month, day }));
}
