// E-mail addresses. The local part starts only where a run of address characters starts,
// so the scan stays linear however long the message is.
import type { PiiMatch } from './types.ts';

const EMAIL =
  /(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;

export function findEmails(text: string, out: PiiMatch[]): void {
  if (!text.includes('@')) return;
  for (const m of text.matchAll(EMAIL)) {
    const end = m.index + m[0].length;
    out.push({ kind: 'email', start: m.index, end });
  }
}
