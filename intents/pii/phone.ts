// Phone numbers in the forms our consumers write them:
//   international  +46 70 123 45 67, +47 412 34 567, +49 (0)176 12345678, 0046 70 123 45 67
//   with trunk 0   070-123 45 67, 070.123.45.67, 08-123 456 78, 040 123 4567, 0176/12345678, (030) 1234567
//   eight digits   412 34 567, 12 34 56 78 (Norway and Denmark have no trunk prefix)
// Numbers that are not phones must survive: amounts (1 299 kr), dates (05-12-2024, 01.05.2024),
// order and reference numbers (order 123456789), opening hours (0800-1600, 08.00-16.00).
// The shape rules below find the candidates and keep those look-alikes out; libphonenumber-js
// then confirms that a candidate is a number of the plan it is read in (see `PhoneChecks`).
import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { REFERENCE_CUE_BEFORE } from '../entities/cues.ts';
import { dateEndAt } from './dates.ts';
import type { PiiMatch } from './types.ts';

// Digit groups joined by single separators (space, hyphen, slash, dot: the text comes with its
// separators made uniform by ./separators.ts) or by a parenthesised area code / "(0)",
// optionally led by '+'. Candidates are then cut at group boundaries.
const PHONE_RUN =
  /(?<![\p{L}\p{N}+])(?:\+ ?)?(?:\(\d{1,4}\) ?)?\d+(?:(?:[ \-/.]| ?\(\d{1,4}\) ?)\d+)*(?![\p{L}\p{N}])/gu;
const GROUP = /\(?(\d+)\)?/g;

const CURRENCY_AFTER = /^\s?(?:kr\b|kronor|kroner|sek|nok|dkk|eur|euro|€|\$|£|:-|,-)/iu;
const CURRENCY_BEFORE = /(?:\bkr\.?|\bsek|\bnok|\bdkk|\beur|€|\$|£)\s?$/iu;
// Words that say a phone number follows, in our six languages.
const PHONE_CUE_BEFORE =
  /(?:(?<![\p{L}[])(?:tel|tlf|telefon\p{L}*|mobil\p{L}*|phone|cell|puh|puhelin\p{L}*|handy\p{L}*|nummer|numero|number|nr|nro|ring\p{L}*|call|soita\p{L}*|sms|whatsapp))(?!\p{L})[^\p{N}]{0,16}$/iu;
// A number the writer calls a personal number is one (perhaps mistyped), never a phone.
const PERSONAL_ID_CUE_BEFORE =
  /(?<!\p{L})(?:personnummer\p{L}*|personnr|pnr|fødselsnummer\p{L}*|fødselsnr|fnr|d-nummer|cpr\p{L}*|henkilötunnus\p{L}*|hetu|sotu|personal (?:id|identity) number|social security number|ssn|steuer-?id)(?!\p{L})[^\p{N}]{0,16}$/iu;
const DATE_SHAPE = /^(?:\d{1,2}([-/.])\d{1,2}\1\d{2,4}|\d{4}([-/.])\d{1,2}\2\d{1,2})$/;
const CLOCK_RANGE = /^[0-2]\d\.?[0-5]\d-[0-2]\d\.?[0-5]\d$/;
const CUE_WINDOW = 40;

// Which plan a candidate is read in, and the regions libphonenumber-js checks it in:
//  - international (+46 ..., 0046 ...): its country code says. Masked when its length is
//    possible there: the writer marked it a phone, and a number of a range newer than the
//    metadata is still someone's number.
//  - with a trunk 0 (070-123 45 67): Sweden, Finland or Germany, the markets whose national
//    numbers start with a 0 (Norway's and Denmark's never do). The message does not tell which
//    country the consumer is in (the language is not the country: a Finn in Stockholm gives a
//    Swedish number), and masking needs only "a phone where we serve", so valid in any of them.
//  - eight digits without a prefix (412 34 567): Norway or Denmark.
const TRUNK_ZERO_REGIONS: readonly CountryCode[] = ['SE', 'FI', 'DE'];
const EIGHT_DIGIT_REGIONS: readonly CountryCode[] = ['NO', 'DK'];

// A check costs libphonenumber-js some 20 to 60 µs; a text of hundreds of phone-shaped groups
// must not cost seconds (every message is masked before the bot answers it). Past this many
// checks in one text, the shape rules alone decide, as they did before the checks: such a text
// is masked more, never less.
const MAX_CHECKS = 32;

/** libphonenumber-js's verdicts for one text: remembered per number, and bounded in number. */
class PhoneChecks {
  // Keyed by the number: "+" and the digits for an international one; a national one's digits
  // start with its trunk 0, an eight-digit one's never do.
  private readonly verdicts = new Map<string, boolean>();
  private left = MAX_CHECKS;

  private remembered(key: string): boolean | undefined {
    const known = this.verdicts.get(key);
    if (known !== undefined || this.left > 0) return known;
    return true;
  }

  private remember(key: string, verdict: boolean): boolean {
    this.left--;
    this.verdicts.set(key, verdict);
    return verdict;
  }

  /** Digits after the '+' (or the 00): a country code and a number of a possible length there. */
  international(digits: string): boolean {
    const e164 = `+${digits}`;
    return this.remembered(e164) ?? this.remember(e164, parsePhoneNumberFromString(e164)?.isPossible() ?? false);
  }

  /** A national number (with its trunk 0, or eight digits): valid in one of the regions. */
  national(digits: string, regions: readonly CountryCode[]): boolean {
    return (
      this.remembered(digits) ??
      this.remember(
        digits,
        regions.some((region) => isValidPhoneNumber(digits, region)),
      )
    );
  }
}

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
  return (
    CURRENCY_AFTER.test(text.slice(end, end + 7)) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start))
  );
}

/**
 * The prefixes of `groups` from `from` whose digit count lies in [min, max], longest first: the
 * index of each one's last group, and its digits.
 */
function prefixes(
  groups: Group[],
  from: number,
  min: number,
  max: number,
  skipTrunkZero: boolean,
): { end: number; digits: string }[] {
  const found: { end: number; digits: string }[] = [];
  let digits = '';
  for (let j = from; j < groups.length; j++) {
    const g = groups[j]!;
    // "+46 (0)70 ..." : the (0) is the national trunk prefix, dialled only from inside.
    if (!(skipTrunkZero && j > from && g.parenthesised && g.digits === '0')) digits += g.digits;
    if (digits.length > max) break;
    if (digits.length >= min) found.push({ end: j, digits });
  }
  return found.reverse();
}

/** The longest of the prefixes (longest first) that `accept` takes; its last group's index or -1. */
function longestAccepted(found: { end: number; digits: string }[], accept: (digits: string) => boolean): number {
  for (const prefix of found) if (accept(prefix.digits)) return prefix.end;
  return -1;
}

/** Eight-digit Norwegian/Danish numbers: how they are grouped decides whether a cue is needed. */
function eightDigitShape(groups: Group[], from: number, to: number): 'grouped' | 'other' {
  const lengths = groups
    .slice(from, to + 1)
    .map((g) => g.digits.length)
    .join(',');
  return lengths === '3,2,3' || lengths === '2,2,2,2' ? 'grouped' : 'other';
}

export function findPhones(text: string, out: PiiMatch[]): void {
  let checks: PhoneChecks | undefined;
  for (const m of text.matchAll(PHONE_RUN)) {
    const run = m[0];
    if (run.length < 8) continue;
    const plus = run.charCodeAt(0) === 43;
    const groups = groupsOf(run, m.index);
    let i = 0;
    while (i < groups.length) {
      const dateEnd = i === 0 && plus ? -1 : dateEndAt(text, groups[i]!.start);
      if (dateEnd >= 0) {
        while (i < groups.length && groups[i]!.start < dateEnd) i++;
        continue;
      }
      const first = groups[i]!;
      const start = i === 0 && plus ? m.index : first.start;
      checks ??= new PhoneChecks();
      const end = classify(text, groups, i, i === 0 && plus, start, checks);
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
function classify(text: string, groups: Group[], i: number, plus: boolean, start: number, checks: PhoneChecks): number {
  const first = groups[i]!;
  if (plus) {
    // E.164 allows at most 15 digits including the country code.
    return first.digits[0] === '0'
      ? -1
      : longestAccepted(prefixes(groups, i, 8, 15, true), (digits) => checks.international(digits));
  }
  if (first.digits.startsWith('00') && !first.parenthesised) {
    // 00 + country code: count without the international prefix. No country code starts with 0.
    if (digitAt(groups, i, 2) === '0') return -1;
    if (cuedAsOtherNumber(text, start)) return -1;
    return longestAccepted(prefixes(groups, i, 10, 17, true), (digits) => checks.international(digits.slice(2)));
  }
  if (cuedAsOtherNumber(text, start)) return -1;
  if (first.digits[0] === '0') {
    // After the trunk 0 comes an area code or a mobile prefix, never another 0 ("00" is the
    // international prefix, handled above).
    if (digitAt(groups, i, 1) === '0') return -1;
    const found = prefixes(groups, i, 8, 12, false);
    if (found.length === 0) return -1;
    const stop = groups[found[0]!.end]!.end;
    const written = text.slice(start, stop);
    if (DATE_SHAPE.test(written) || CLOCK_RANGE.test(written)) return -1;
    if (looksLikeAmount(text, start, stop)) return -1;
    return longestAccepted(found, (digits) => checks.national(digits, TRUNK_ZERO_REGIONS));
  }
  if (first.parenthesised || first.digits[0] === '1') return -1;
  // Eight digits without a trunk prefix (Norway, Denmark). They must be the whole run:
  // eight digits cut out of a longer number are something else.
  const found = prefixes(groups, i, 8, 8, false);
  const end = found[0]?.end ?? -1;
  if (end < 0 || end !== groups.length - 1) return -1;
  const stop = groups[end]!.end;
  if (DATE_SHAPE.test(text.slice(start, stop)) || looksLikeAmount(text, start, stop)) return -1;
  const announced = eightDigitShape(groups, i, end) === 'grouped' || cuedAsPhone(text, start);
  // Unannounced plain eight digits: only Norwegian mobile ranges (4xx, 9xx), and never a
  // compact date such as 20240512 (which starts with 2 and is excluded by that rule).
  const norwegianMobile = end === i && (first.digits[0] === '4' || first.digits[0] === '9');
  if (!announced && !norwegianMobile) return -1;
  return checks.national(found[0]!.digits, EIGHT_DIGIT_REGIONS) ? end : -1;
}

/** The n-th digit of the number that starts at group i (n small: the next group is enough). */
function digitAt(groups: Group[], i: number, n: number): string | undefined {
  const first = groups[i]!.digits;
  return n < first.length ? first[n] : groups[i + 1]?.digits[n - first.length];
}
