// IBANs: country code, two check digits, then the country's fixed-length BBAN; written
// compact or in groups (the print format's spaces, or dashes, dots, slashes: the text comes
// with its separators made uniform by ./separators.ts). Confirmed by ibantools: the country's
// length and BBAN format (SWIFT IBAN registry) and the ISO 13616 mod-97 check.
import { getCountrySpecifications, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import type { PiiMatch } from './types.ts';

const SPECS = getCountrySpecifications();

const IBAN_START = /(?<![\p{L}\p{N}])([A-Za-z]{2})(\d{2})/gu;

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 46 || code === 47; // ' ', '-', '.', '/'
}

/**
 * A bank account, for masking: the country, length, format and mod-97 are right. A failed
 * national check digit (ibantools checks some countries' own, Norway's among them) does not
 * make it less of one: mod-97 already catches a mistyped digit, and masking a made-up number
 * costs nothing.
 */
function isIban(compact: string): boolean {
  const { errorCodes } = validateIBAN(compact);
  return errorCodes.every((code) => code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum);
}

export function findIbans(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(IBAN_START)) {
    const country = m[1]!.toUpperCase();
    const length = SPECS[country]?.chars;
    if (!length) continue; // not a country with IBANs
    let compact = country + m[2]!;
    let i = m.index + 4;
    // Take characters until the country's length is reached, stepping over single separators
    // between alphanumerics; anything else ends the candidate.
    while (compact.length < length && i < text.length) {
      const code = text.charCodeAt(i);
      if (isAlnum(code)) {
        compact += text[i]!.toUpperCase();
        i++;
      } else if (isSeparator(code) && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (compact.length !== length) continue;
    if (i < text.length && isAlnum(text.charCodeAt(i))) continue; // longer than an IBAN of that country
    if (!isIban(compact)) continue;
    out.push({ kind: 'iban', start: m.index, end: i });
  }
}
