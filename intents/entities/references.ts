// Order numbers, other reference numbers and Ombud case references.
import { CASE_REF, ORDER_NUMBER, REFERENCE_NUMBER } from './cues.ts';

export interface FoundNumber {
  value: string;
  start: number;
  end: number;
}

const DIGIT = /\d/g;

/** An order or reference number has at least three digits and four characters: "A123", "ZAL-98765", "12345". */
function plausibleNumber(value: string): boolean {
  if (value.length < 4 || value.length > 40) return false;
  return (value.match(DIGIT)?.length ?? 0) >= 3;
}

function findCued(text: string, re: RegExp): FoundNumber[] {
  const found: FoundNumber[] = [];
  for (const m of text.matchAll(re)) {
    const value = m[1]!;
    if (!plausibleNumber(value) || /^omb-/i.test(value)) continue;
    const end = m.index + m[0].length;
    found.push({ value, start: end - value.length, end });
  }
  return found;
}

export function findOrderNumbers(text: string): FoundNumber[] {
  return findCued(text, ORDER_NUMBER);
}

export function findReferenceNumbers(text: string): FoundNumber[] {
  return findCued(text, REFERENCE_NUMBER);
}

export function findCaseRefs(text: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  if (!/omb-/i.test(text)) return found;
  for (const m of text.matchAll(CASE_REF)) {
    if (!/\d/.test(m[0]) || m[0].length < 7) continue;
    found.push({ value: m[0].toUpperCase(), start: m.index, end: m.index + m[0].length });
  }
  return found;
}
