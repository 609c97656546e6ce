// PII masking: every copy of a consumer's message that leaves the database (Slack, the
// LLM fallback, logs) goes through redact(). The original stays in the database.
//
// Replacement tokens (stable; agents and prompts may rely on them):
//   [card]         payment card number (13-19 digits, Luhn, issuer digit 2-6)
//   [personal_id]  Swedish personnummer/samordningsnummer, Norwegian fødselsnummer/D-number,
//                  Danish CPR, Finnish henkilötunnus, each checked by its own rules
//   [iban]         IBAN with the country's length and format and a valid mod-97 check (ibantools)
//   [email]        e-mail address
//   [phone]        phone number (international, national with trunk 0, Nordic 8-digit),
//                  confirmed by libphonenumber-js
//
// Every number is confirmed by its scheme's checksum or shape before it gets a kind; a
// number that fails one kind's check is masked only if it truly is another kind. Case
// references (OMB-...) are never masked: they are the consumer's handle on the case.
// The finders read the text with its separators made uniform (pii/separators.ts: any Unicode
// space, dots, slashes, dashes, zero-width characters, single or repeated), and each match is
// mapped back so that the mask covers exactly the characters the consumer wrote.
import { CASE_REF } from './entities/cues.ts';
import { findCards } from './pii/card.ts';
import { findEmails } from './pii/email.ts';
import { findIbans } from './pii/iban.ts';
import { findPersonalIds } from './pii/personal-id.ts';
import { findPhones } from './pii/phone.ts';
import { uniformSeparators } from './pii/separators.ts';
import type { PiiKind, PiiMatch } from './pii/types.ts';

export { PII_KINDS } from './pii/types.ts';
export type { PersonalIdScheme, PiiKind, PiiMatch } from './pii/types.ts';

export const PII_TOKENS: Readonly<Record<PiiKind, string>> = {
  card: '[card]',
  personal_id: '[personal_id]',
  iban: '[iban]',
  email: '[email]',
  phone: '[phone]',
};

type Finder = (text: string, out: PiiMatch[]) => void;

// Precedence when candidates overlap: the more specific and better-checked kinds first.
// E-mails first (their digits are part of the address), IBANs before the digit kinds
// (their BBAN holds long digit runs), personal numbers before cards (both checksummed;
// a personal number is the more sensitive), phones last (shape only, no checksum).
const FINDERS: readonly Finder[] = [findEmails, findIbans, findPersonalIds, findCards, findPhones];

const HAS_DIGIT_OR_AT = /[\d@]/;

function overlaps(a: { start: number; end: number }, list: readonly { start: number; end: number }[]): boolean {
  for (const b of list) if (a.start < b.end && b.start < a.end) return true;
  return false;
}

/** Every piece of personal data in `text`, in order of position, without overlaps. */
export function findPii(text: string): PiiMatch[] {
  if (!HAS_DIGIT_OR_AT.test(text)) return [];
  const uniform = uniformSeparators(text);
  const read = uniform.text;
  const keep: { start: number; end: number }[] = [];
  if (read.length >= 7 && /omb-/i.test(read)) {
    for (const m of read.matchAll(CASE_REF)) keep.push({ start: m.index, end: m.index + m[0].length });
  }
  const accepted: PiiMatch[] = [];
  const candidates: PiiMatch[] = [];
  for (const find of FINDERS) {
    candidates.length = 0;
    find(read, candidates);
    for (const c of candidates) {
      if (!overlaps(c, keep) && !overlaps(c, accepted)) accepted.push(c);
    }
  }
  accepted.sort((a, b) => a.start - b.start);
  if (read === text) return accepted;
  return accepted.map((m) => ({ ...m, ...uniform.original(m.start, m.end) }));
}

/** `text` with every piece of personal data replaced by its kind's token (PII_TOKENS). */
export function redact(text: string): string {
  return redactFound(text, findPii(text));
}

/**
 * Like redact(), for a caller that already ran findPii(text) (for instance to hand the same
 * matches to extractEntities): replaces exactly those matches, without a second scan.
 */
export function redactFound(text: string, found: readonly PiiMatch[]): string {
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of found) {
    out += text.slice(at, m.start) + PII_TOKENS[m.kind];
    at = m.end;
  }
  return out + text.slice(at);
}
