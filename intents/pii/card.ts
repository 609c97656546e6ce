// Payment card numbers (PANs): 13 to 19 digits, written plain or in groups separated by
// spaces, dots, slashes or hyphens (made uniform by ./separators.ts), confirmed by the Luhn check.
import { luhnValid } from './checksums.ts';
import { dateEndAt } from './dates.ts';
import type { PiiMatch } from './types.ts';

// A run of digit groups. The card is then looked for among consecutive whole groups of the
// run, so "4111 1111 1111 1111 2024" still yields the card and leaves the year alone.
// A '+' before the run means a phone number in international form, never a card.
const DIGIT_RUN = /(?<![\p{L}\p{N}+])\d+(?:[ ./-]\d+)*(?![\p{L}\p{N}])/gu;
const THIRTEEN_DIGITS = /\d(?:[ ./-]?\d){12}/;

/**
 * Cards are issued with a first digit (ISO/IEC 7812 major industry identifier) of 2 to 6:
 * 2 Mastercard 2-series, 3 Amex/Diners/JCB, 4 Visa, 5 Mastercard/Maestro, 6 Discover,
 * Maestro, UnionPay. Requiring it halves the chance that a long order or account number
 * which happens to pass Luhn (one in ten do) is taken for a card.
 */
function plausibleIssuer(firstDigit: string): boolean {
  return firstDigit >= '2' && firstDigit <= '6';
}

export function findCards(text: string, out: PiiMatch[]): void {
  if (!THIRTEEN_DIGITS.test(text)) return;
  for (const m of text.matchAll(DIGIT_RUN)) {
    const run = m[0];
    if (run.length < 13) continue;
    // Group boundaries within the run: [startOffset, endOffset, digitCount].
    const groups: Array<[number, number]> = [];
    const groupRe = /\d+/g;
    for (let g = groupRe.exec(run); g; g = groupRe.exec(run)) groups.push([g.index, g.index + g[0].length]);
    let i = 0;
    while (i < groups.length) {
      const dateEnd = dateEndAt(run, groups[i]![0]);
      if (dateEnd >= 0) {
        while (i < groups.length && groups[i]![0] < dateEnd) i++;
        continue;
      }
      let found = -1;
      let digits = '';
      let candidate = '';
      // Longest run of whole groups starting at i that is a valid card.
      for (let j = i; j < groups.length; j++) {
        digits += run.slice(groups[j]![0], groups[j]![1]);
        if (digits.length > 19) break;
        if (digits.length >= 13 && plausibleIssuer(digits[0]!) && luhnValid(digits)) {
          found = j;
          candidate = digits;
        }
      }
      if (found >= 0 && candidate) {
        out.push({ kind: 'card', start: m.index + groups[i]![0], end: m.index + groups[found]![1] });
        i = found + 1;
      } else {
        i++;
      }
    }
  }
}
