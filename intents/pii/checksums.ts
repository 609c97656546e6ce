// Check-digit arithmetic shared by the PII finders. Every finder confirms a candidate
// with its scheme's checksum before it calls it that kind, so a number that only looks
// right (an order number of the right length) is not masked under the wrong name.

const ZERO = 48;

/** Luhn (ISO/IEC 7812) over a string of ASCII digits; used by payment cards and Swedish personnummer. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - ZERO;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Norwegian fødselsnummer / D-number: two mod-11 control digits over 11 digits. */
export function norwegianControlDigitsValid(digits: string): boolean {
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  let s1 = 0;
  for (let i = 0; i < 9; i++) s1 += (digits.charCodeAt(i) - ZERO) * w1[i]!;
  let k1 = 11 - (s1 % 11);
  if (k1 === 11) k1 = 0;
  if (k1 === 10 || k1 !== digits.charCodeAt(9) - ZERO) return false;
  let s2 = 0;
  for (let i = 0; i < 10; i++) s2 += (digits.charCodeAt(i) - ZERO) * w2[i]!;
  let k2 = 11 - (s2 % 11);
  if (k2 === 11) k2 = 0;
  return k2 !== 10 && k2 === digits.charCodeAt(10) - ZERO;
}

/** Danish CPR's historical mod-11 rule (weights 4,3,2,7,6,5,4,3,2,1); no longer guaranteed since 2007. */
export function danishMod11Valid(digits: string): boolean {
  const w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  let s = 0;
  for (let i = 0; i < 10; i++) s += (digits.charCodeAt(i) - ZERO) * w[i]!;
  return s % 11 === 0;
}

/** The 31 check characters of the Finnish henkilötunnus, indexed by (DDMMYYNNN mod 31). */
export const FINNISH_CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Finnish henkilötunnus check character for the nine digits DDMMYY + NNN. */
export function finnishCheckChar(nineDigits: string): string {
  return FINNISH_CHECK_CHARS[Number(nineDigits) % 31]!;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Whether day/month form a calendar date. `year` null means the century is unknown
 * (two-digit years): 29 February is then allowed, since some century makes it real.
 */
export function isCalendarDate(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return year === null || isLeapYear(year);
  return day <= DAYS_IN_MONTH[month - 1]!;
}
