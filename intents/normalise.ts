// Text folding shared by training and classification. Consumers write "fakturan ar fel"
// as often as "fakturan är fel", in any case, so the intent features see one folded form.
// Language detection needs the letters this throws away (å/ä/ö against æ/ø), so it does
// not use it.

/** Letters that do not decompose into base letter + mark under NFD, spelled the way people type them without the key. */
const SPECIAL_FOLDS: Record<string, string> = { æ: 'ae', ø: 'o', ß: 'ss', đ: 'd', ł: 'l', œ: 'oe', þ: 'th', ı: 'i' };

/** Fold table for the Latin-1 and Latin Extended-A/B ranges, built once; other characters are only lowercased. */
const FOLD_TABLE: string[] = (() => {
  const table: string[] = [];
  for (let code = 0; code < 0x250; code++) {
    const lower = String.fromCharCode(code).toLowerCase();
    table.push(SPECIAL_FOLDS[lower] ?? lower.normalize('NFD').replace(/\p{M}/gu, ''));
  }
  return table;
})();

const RIGHT_SINGLE_QUOTE = 0x2019;

/**
 * Lowercase, strip diacritics (å->a, ä->a, ö->o, ø->o, æ->ae, ü->u, ß->ss) and turn every digit
 * into 0: order numbers and amounts then share features ("OMB-48213" and "OMB-11907" look alike)
 * without the model learning individual numbers.
 */
export function foldForIntent(text: string): string {
  return fold(text, true);
}

/** The same folding with the digits kept, for readers that need the number itself ("499 kr", "24.10"). */
export function foldKeepingDigits(text: string): string {
  return fold(text, false);
}

function fold(text: string, zeroDigits: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) out += zeroDigits ? '0' : text[i];
    else if (code < 0x250) out += FOLD_TABLE[code];
    else if (code === RIGHT_SINGLE_QUOTE)
      out += "'"; // phones type "don’t"; tokenizers keep only "'" inside words
    else out += text[i]!.toLowerCase();
  }
  return out;
}

const LETTER = /\p{L}/gu;

/** How many letters a text holds; too few and its language cannot be told. */
export function countLetters(text: string): number {
  return text.match(LETTER)?.length ?? 0;
}
