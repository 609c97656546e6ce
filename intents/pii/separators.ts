// What stands between the digit groups of a number, made uniform once so that every finder reads
// "5555 5555 5555 4444" the same whether the consumer typed spaces, no-break spaces (a phone's
// keyboard or a copy from a web page), thin spaces, dots, slashes, en dashes, minus signs, two
// spaces by mistake, or carried zero-width characters along from a PDF or a contact card:
//   - invisible format characters (Unicode Cf: zero-width space and joiners, word joiner, the
//     byte-order mark, soft hyphen, bidi marks) are dropped, as a reader never sees them;
//   - every space (Unicode Zs) and the tab become ' ', every dash (Pd) and the minus sign '-',
//     dot-like and slash-like characters '.' and '/';
//   - between two letters or digits, a repeated separator ("  ", "..", "--") or a dash or slash
//     with spaces around it (" - ", " / ") becomes that one separator. A dot followed by a space
//     is left alone: "... 45 67. 12 st" ends a sentence, it does not continue the number.
// The finders run on the result; each match is mapped back to the original characters it
// stands for, so the mask covers exactly what the consumer wrote.

export interface SeparatedText {
  /** The text with its separators made uniform. */
  text: string;
  /** The original offsets of the characters behind the (non-empty) span [start, end) of `text`. */
  original(start: number, end: number): { start: number; end: number };
}

const FORMAT = /\p{Cf}/u;
const SPACE = /[\p{Zs}\t]/u;
const DASH = /[\p{Pd}\u2212]/u;
const DOT = /[.\u00b7\u2024\u2027\uff0e]/u;
const SLASH = /[/\u2044\u2215\uff0f]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Most messages hold nothing to change: plain spaces, single separators, ASCII or Nordic letters.
const NOTHING_TO_CHANGE =
  /^(?:[^\s\p{Cf}\p{Pd}\u2212.\u00b7\u2024\u2027\uff0e/\u2044\u2215\uff0f]|[\n\r]|[ .\-/](?![ .\-/\t]))*$/u;

type Mapped = ' ' | '-' | '.' | '/' | null | string;

// What each UTF-16 code unit becomes, worked out on first sight (a message is mostly a few
// dozen distinct characters): 0 not known yet, 1 itself, 2 dropped, 3 to 6 a separator.
const KINDS = new Uint8Array(0x10000);
const SEPARATOR_OF_KIND = ['', '', '', ' ', '-', '.', '/'] as const;

function kindOf(unit: string): number {
  if (FORMAT.test(unit)) return 2;
  if (SPACE.test(unit)) return 3;
  if (DASH.test(unit)) return 4;
  if (DOT.test(unit)) return 5;
  if (SLASH.test(unit)) return 6;
  return 1;
}

/** The uniform form of one UTF-16 code unit: a separator, null (dropped), or the unit itself. */
function mapUnit(unit: string): Mapped {
  const code = unit.charCodeAt(0);
  let kind = KINDS[code]!;
  if (kind === 0) kind = KINDS[code] = kindOf(unit);
  if (kind === 1) return unit;
  return kind === 2 ? null : SEPARATOR_OF_KIND[kind]!;
}

const isSeparator = (c: Mapped): c is ' ' | '-' | '.' | '/' => c === ' ' || c === '-' || c === '.' || c === '/';

/**
 * One separator for a run of them between two letters or digits, or null to keep the run as it
 * is: all one character, or one dash or slash with spaces around it.
 */
function collapse(run: string): string | null {
  const first = run[0]!;
  let allSame = true;
  let punctuation = '';
  for (const c of run) {
    if (c !== first) allSame = false;
    if (c !== ' ') punctuation += c;
    if (!allSame && punctuation.length > 1) return null;
  }
  if (allSame) return first;
  return punctuation === '-' || punctuation === '/' ? punctuation : null;
}

const IDENTITY = (start: number, end: number) => ({ start, end });

export function uniformSeparators(text: string): SeparatedText {
  if (NOTHING_TO_CHANGE.test(text)) return { text, original: IDENTITY };
  // The output as pieces, joined once at the end, and its last character kept aside: reading a
  // character back from a string built with += flattens it each time, which made a text full of
  // separator runs cost the square of its length.
  const out: string[] = [];
  let last = '';
  // starts[i], ends[i]: where the original characters behind out[i] begin and end.
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (c: string, start: number, end: number) => {
    out.push(c);
    last = c;
    starts.push(start);
    ends.push(end);
  };
  let i = 0;
  while (i < text.length) {
    const mapped = mapUnit(text[i]!);
    if (mapped === null) {
      i++;
      continue;
    }
    if (!isSeparator(mapped)) {
      emit(mapped, i, i + 1);
      i++;
      continue;
    }
    // A run of separators (format characters inside it are dropped); its units and their offsets.
    let run = '';
    const runAt: number[] = [];
    let j = i;
    for (; j < text.length; j++) {
      const m = mapUnit(text[j]!);
      if (m === null) continue;
      if (!isSeparator(m)) break;
      run += m;
      runAt.push(j);
    }
    let next = j;
    while (next < text.length && mapUnit(text[next]!) === null) next++;
    const between =
      last !== '' && LETTER_OR_DIGIT.test(last) && next < text.length && LETTER_OR_DIGIT.test(text[next]!);
    const one = between ? collapse(run) : null;
    if (one !== null) {
      emit(one, runAt[0]!, runAt[runAt.length - 1]! + 1);
    } else {
      for (let k = 0; k < run.length; k++) emit(run[k]!, runAt[k]!, runAt[k]! + 1);
    }
    i = j;
  }
  return {
    text: out.join(''),
    original: (start, end) => ({ start: starts[start]!, end: ends[end - 1]! }),
  };
}
