// Phone numbers in the forms our consumers write them:
//   international  +46 70 123 45 67, +47 412 34 567, +49 (0)176 12345678, 0046 70 123 45 67
//   with trunk 0   070-123 45 67, 08-123 456 78, 040 123 4567, 0176 12345678, (030) 1234567
//   eight digits   412 34 567, 12 34 56 78 (Norway and Denmark have no trunk prefix)
// Numbers that are not phones must survive: amounts (1 299 kr), dates (05-12-2024),
// order and reference numbers (order 123456789), opening hours (0800-1600).
import { REFERENCE_CUE_BEFORE } from '../entities/cues.ts';
import type { PiiMatch } from './types.ts';

// Digit groups joined by single separators (space, hyphen, slash) or by a parenthesised
// area code / "(0)", optionally led by '+'. Candidates are then cut at group boundaries.
const PHONE_RUN =
  /(?<![\p{L}\p{N}+])(?:\+ ?)?(?:\(\d{1,4}\) ?)?\d+(?:(?:[ \-/]| ?\(\d{1,4}\) ?)\d+)*(?![\p{L}\p{N}])/gu;
const GROUP = /\(?(\d+)\)?/g;

const CURRENCY_AFTER = /^\s?(?:kr\b|kronor|kroner|sek|nok|dkk|eur|euro|€|\$|£|:-|,-)/iu;
const CURRENCY_BEFORE = /(?:\bkr\.?|\bsek|\bnok|\bdkk|\beur|€|\$|£)\s?$/iu;
// Words that say a phone number follows, in our six languages.
const PHONE_CUE_BEFORE =
  /(?:(?<![\p{L}[])(?:tel|tlf|telefon\p{L}*|mobil\p{L}*|phone|cell|puh|puhelin\p{L}*|handy\p{L}*|nummer|numero|number|nr|nro|ring\p{L}*|call|soita\p{L}*|sms|whatsapp))(?!\p{L})[^\p{N}]{0,16}$/iu;
// A number the writer calls a personal number is one (perhaps mistyped), never a phone.
const PERSONAL_ID_CUE_BEFORE =
  /(?<!\p{L})(?:personnummer\p{L}*|personnr|pnr|fødselsnummer\p{L}*|fødselsnr|fnr|d-nummer|cpr\p{L}*|henkilötunnus\p{L}*|hetu|sotu|personal (?:id|identity) number|social security number|ssn|steuer-?id)(?!\p{L})[^\p{N}]{0,16}$/iu;
const DATE_SHAPE = /^(?:\d{1,2}([-/])\d{1,2}\1\d{2,4}|\d{4}-\d{1,2}-\d{1,2})$/;
const CLOCK_RANGE = /^[0-2]\d[0-5]\d-[0-2]\d[0-5]\d$/;
const CUE_WINDOW = 40;

interface Group {
  start: number; // offset in text
  end: number;
  digits: string;
  parenthesised: boolean;
}

function groupsOf(run: string, offset: number): Group[] {
  const groups: Group[] = [];
  GROUP.lastIndex = 0;
  for (let g = GROUP.exec(run); g; g = GROUP.exec(run)) {
    groups.push({
      start: offset + g.index,
      end: offset + g.index + g[0].length,
      digits: g[1]!,
      parenthesised: g[0].charCodeAt(0) === 40,
    });
  }
  return groups;
}

/** "order 0701234567", "personnummer 0101011234": the writer says what the number is. */
function cuedAsOtherNumber(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - CUE_WINDOW), start);
  return REFERENCE_CUE_BEFORE.test(before) || PERSONAL_ID_CUE_BEFORE.test(before);
}

function cuedAsPhone(text: string, start: number): boolean {
  return PHONE_CUE_BEFORE.test(text.slice(Math.max(0, start - CUE_WINDOW), start));
}

function looksLikeAmount(text: string, start: number, end: number): boolean {
  return CURRENCY_AFTER.test(text.slice(end, end + 7)) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start));
}

/** Longest prefix of `groups` from `from` whose digit count lies in [min, max]; returns its last index or -1. */
function longestPrefix(groups: Group[], from: number, min: number, max: number, skipTrunkZero: boolean): number {
  let count = 0;
  let last = -1;
  for (let j = from; j < groups.length; j++) {
    const g = groups[j]!;
    // "+46 (0)70 ..." : the (0) is the national trunk prefix, dialled only from inside.
    if (!(skipTrunkZero && j > from && g.parenthesised && g.digits === '0')) count += g.digits.length;
    if (count > max) break;
    if (count >= min) last = j;
  }
  return last;
}

/** Eight-digit Norwegian/Danish numbers: how they are grouped decides whether a cue is needed. */
function eightDigitShape(groups: Group[], from: number, to: number): 'grouped' | 'other' {
  const lengths = groups.slice(from, to + 1).map((g) => g.digits.length).join(',');
  return lengths === '3,2,3' || lengths === '2,2,2,2' ? 'grouped' : 'other';
}

export function findPhones(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(PHONE_RUN)) {
    const run = m[0];
    if (run.length < 8) continue;
    const plus = run.charCodeAt(0) === 43;
    const groups = groupsOf(run, m.index);
    let i = 0;
    while (i < groups.length) {
      const first = groups[i]!;
      const start = i === 0 && plus ? m.index : first.start;
      const end = classify(text, groups, i, i === 0 && plus, start);
      if (end >= 0) {
        out.push({ kind: 'phone', start, end: groups[end]!.end });
        i = end + 1;
      } else {
        i++;
      }
    }
  }
}

/** Index of the last group of a phone number starting at group i, or -1 when it is none. */
function classify(text: string, groups: Group[], i: number, plus: boolean, start: number): number {
  const first = groups[i]!;
  if (plus) {
    // E.164 allows at most 15 digits including the country code.
    return first.digits[0] === '0' ? -1 : longestPrefix(groups, i, 8, 15, true);
  }
  if (first.digits.startsWith('00') && !first.parenthesised) {
    // 00 + country code: count without the international prefix.
    if (first.digits.length > 2 && first.digits[2] === '0') return -1;
    const end = longestPrefix(groups, i, 10, 17, true);
    return end >= 0 && !cuedAsOtherNumber(text, start) ? end : -1;
  }
  if (cuedAsOtherNumber(text, start)) return -1;
  if (first.digits[0] === '0') {
    const end = longestPrefix(groups, i, 8, 12, false);
    if (end < 0) return -1;
    const written = text.slice(start, groups[end]!.end);
    if (DATE_SHAPE.test(written) || CLOCK_RANGE.test(written)) return -1;
    if (looksLikeAmount(text, start, groups[end]!.end)) return -1;
    return end;
  }
  if (first.parenthesised || first.digits[0] === '1') return -1;
  // Eight digits without a trunk prefix (Norway, Denmark). They must be the whole run:
  // eight digits cut out of a longer number are something else.
  const end = longestPrefix(groups, i, 8, 8, false);
  if (end < 0 || end !== groups.length - 1) return -1;
  const stop = groups[end]!.end;
  if (DATE_SHAPE.test(text.slice(start, stop)) || looksLikeAmount(text, start, stop)) return -1;
  if (eightDigitShape(groups, i, end) === 'grouped' || cuedAsPhone(text, start)) return end;
  // Unannounced plain eight digits: only Norwegian mobile ranges (4xx, 9xx), and never a
  // compact date such as 20240512 (which starts with 2 and is excluded by that rule).
  if (end === i && (first.digits[0] === '4' || first.digits[0] === '9')) return end;
  return -1;
}
