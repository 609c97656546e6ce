// IBANs: country code, two check digits, then the country's fixed-length BBAN; written
// compact or in the print format (groups of four separated by spaces). Confirmed by the
// country's length and the ISO 13616 mod-97 check.
import { ibanChecksumValid } from './checksums.ts';
import type { PiiMatch } from './types.ts';

/** Total IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19,
  SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

const IBAN_START = /(?<![\p{L}\p{N}])([A-Za-z]{2})(\d{2})/gu;

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function findIbans(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(IBAN_START)) {
    const country = m[1]!.toUpperCase();
    const length = IBAN_LENGTHS[country];
    if (length === undefined) continue;
    let compact = country + m[2]!;
    let i = m.index + 4;
    // Take characters until the country's length is reached, stepping over single spaces
    // between alphanumerics (the print format); anything else ends the candidate.
    while (compact.length < length && i < text.length) {
      const code = text.charCodeAt(i);
      if (isAlnum(code)) {
        compact += text[i]!.toUpperCase();
        i++;
      } else if (code === 32 && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (compact.length !== length) continue;
    if (i < text.length && isAlnum(text.charCodeAt(i))) continue; // longer than an IBAN of that country
    if (!ibanChecksumValid(compact)) continue;
    out.push({ kind: 'iban', start: m.index, end: i });
  }
}
