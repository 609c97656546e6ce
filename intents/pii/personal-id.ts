// Nordic personal identity numbers, each confirmed by its own scheme's date and check rules.
// All of them are masked as one kind (`personal_id`): which country issued a number does not
// matter to the reader of a masked message, and several formats overlap (DDMMYY-NNNN is both
// a Danish CPR and a shape a Swedish number can take), so precedence between them is moot.
import { finnishCheckChar, isCalendarDate, luhnValid, norwegianControlDigitsValid } from './checksums.ts';
import type { PiiMatch } from './types.ts';

const ZERO = 48;
const two = (s: string, i: number) => (s.charCodeAt(i) - ZERO) * 10 + (s.charCodeAt(i + 1) - ZERO);

// The texts come with their separators made uniform (./separators.ts): every dash is '-',
// every space ' ', and a zero-width character between the groups is gone.

// YYMMDD-NNNN, YYMMDD+NNNN (the '+' marks someone 100 or older), YYMMDDNNNN,
// YYYYMMDDNNNN and YYYYMMDD-NNNN; people also write the date part and the serial apart with a
// space, a dot or a slash ("850709 9805" reached Slack unmasked). The date and the Luhn
// digit still decide, so such groups are taken only when they are a personal number.
const SWEDISH = /(?<![\p{L}\p{N}])((?:18|19|20)?\d{6})([-+ ./]?)(\d{4})(?![\p{L}\p{N}])/gu;

// DDMMYYIIIKK, also written with a separator after the date part.
const NORWEGIAN = /(?<![\p{L}\p{N}])(\d{6})[ ./-]?(\d{5})(?![\p{L}\p{N}])/gu;

// DDMMYY-NNNN or DDMMYYNNNN / DDMMYY NNNN (or a dot or slash); see `findDanish` for when each is taken.
const DANISH = /(?<![\p{L}\p{N}])(\d{6})([- ./]?)(\d{4})(?![\p{L}\p{N}])/gu;

// DDMMYY C NNN K: C is the century sign (+ 1800s, - Y X W V U 1900s, A-F 2000s),
// K the check character. Lower case is accepted and upper-cased before checking.
const FINNISH = /(?<![\p{L}\p{N}])(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![\p{L}\p{N}])/giu;

// A CPR without the hyphen is only taken when the writer says it is one. The window is
// short so that a cue earlier in a long message does not reach an unrelated number.
const DANISH_CUE =
  /(?:\bcpr(?:[-. ]?(?:nr|nummer|no|number))?\.?|\bpersonnummer(?:et)?)\s*(?:er|is|ist|:|=|-)?\s*(?:\p{L}+\s+)?$/iu;
const CUE_WINDOW = 30;

export function findSwedish(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(SWEDISH)) {
    const datePart = m[1]!;
    const sign = m[2]!;
    const serial = m[3]!;
    const full = datePart.length === 8;
    if (full && sign === '+') continue; // '+' only exists in the 10-digit form
    const yymmdd = full ? datePart.slice(2) : datePart;
    const month = two(yymmdd, 2);
    let day = two(yymmdd, 4);
    const coordination = day > 60;
    if (coordination) day -= 60;
    const year = full ? Number(datePart.slice(0, 4)) : null;
    if (!isCalendarDate(year, month, day)) continue;
    if (!luhnValid(yymmdd + serial)) continue;
    out.push({
      kind: 'personal_id',
      start: m.index,
      end: m.index + m[0].length,
      scheme: coordination ? 'se_samordningsnummer' : 'se_personnummer',
    });
  }
}

/** The birth year a Norwegian number encodes, from its two-digit year and individual number. */
function norwegianYear(yy: number, individual: number): number | null {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (yy <= 39) return 2000 + yy;
  if (individual >= 900) return 1900 + yy;
  return null; // 500-899 with YY 40-53: no century issues such numbers
}

export function findNorwegian(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(NORWEGIAN)) {
    const digits = m[1]! + m[2]!;
    let day = two(digits, 0);
    let month = two(digits, 2);
    const dNumber = day > 40;
    if (dNumber) day -= 40; // D-number: day + 40
    if (month > 40 && month <= 52) month -= 40; // H-number (assistance number): month + 40
    const year = norwegianYear(two(digits, 4), Number(digits.slice(6, 9)));
    if (year === null || !isCalendarDate(year, month, day)) continue;
    if (!norwegianControlDigitsValid(digits)) continue;
    out.push({
      kind: 'personal_id',
      start: m.index,
      end: m.index + m[0].length,
      scheme: dNumber ? 'no_d_nummer' : 'no_fodselsnummer',
    });
  }
}

/** Birth year from a CPR's two-digit year and the first digit of its serial (CPR Office rule). */
function danishYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/**
 * Danish CPR. The mod-11 check is NOT required: since 2007 the CPR Office issues numbers
 * that fail it (it ran out of numbers that pass for some birth dates), so a checksum would
 * miss real people. Without a checksum, ten digits with a valid DDMMYY are too common to
 * mask on shape alone (a Swedish mobile 0701234567 is one), so a CPR is taken when
 *   - it is written DDMMYY-NNNN, the way CPR numbers are printed (6-4 digits with a
 *     hyphen and a valid date is rarely anything else), or
 *   - a cue word (CPR, CPR-nr, CPR-nummer, personnummer) stands right before it.
 */
export function findDanish(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(DANISH)) {
    const date = m[1]!;
    const separator = m[2]!;
    const serial = m[3]!;
    const day = two(date, 0);
    const month = two(date, 2);
    const year = danishYear(two(date, 4), serial.charCodeAt(0) - ZERO);
    if (!isCalendarDate(year, month, day)) continue;
    if (separator !== '-') {
      const before = text.slice(Math.max(0, m.index - CUE_WINDOW), m.index);
      if (!DANISH_CUE.test(before)) continue;
    }
    out.push({ kind: 'personal_id', start: m.index, end: m.index + m[0].length, scheme: 'dk_cpr' });
  }
}

function finnishCentury(sign: string): number {
  if (sign === '+') return 1800;
  if (sign >= 'A' && sign <= 'F') return 2000;
  return 1900; // '-', U, V, W, X, Y
}

export function findFinnish(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(FINNISH)) {
    const date = m[1]!;
    const sign = m[2]!.toUpperCase();
    const individual = m[3]!;
    const check = m[4]!.toUpperCase();
    const year = finnishCentury(sign) + two(date, 4);
    if (!isCalendarDate(year, two(date, 2), two(date, 0))) continue;
    if (individual === '000' || individual === '001') continue; // never issued
    if (finnishCheckChar(date + individual) !== check) continue;
    out.push({ kind: 'personal_id', start: m.index, end: m.index + m[0].length, scheme: 'fi_henkilotunnus' });
  }
}

const SIX_DIGITS = /\d{6}/;

export function findPersonalIds(text: string, out: PiiMatch[]): void {
  if (!SIX_DIGITS.test(text)) return; // every scheme starts with six digits
  findSwedish(text, out);
  findFinnish(text, out);
  findNorwegian(text, out);
  findDanish(text, out);
}
