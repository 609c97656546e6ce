// Numbers written in words, as people type a sum they remember ("zwanzig euro", "tvåhundra
// kronor", "to hundre og femti", "femogtyve", "kaksikymmentäviisi", "two hundred and fifty").
// Compounds are split into their parts ("dreihundertfünfzig" = drei·hundert·fünfzig), a word of
// several parts is read only if every part is a number's; a run of number words is read only if
// its parts follow each other as numbers are said ("zwei drei" is no number).
import { LANGUAGES, type Language } from '../../../intents/labels.ts';
import { plain } from './text.ts';

/** What a part of a number does to the number read so far. */
type Part =
  | { kind: 'unit'; value: number } // 1–9
  | { kind: 'teen'; value: number } // 10–19
  | { kind: 'ten'; value: number } // 20, 30, … 90
  | { kind: 'times10' } // Finnish "-kymmentä", spoken "-kyt": the unit before it, tenfold
  | { kind: 'plus10' } // Finnish "-toista": the unit before it, plus ten
  | { kind: 'hundred' }
  | { kind: 'thousand' }
  | { kind: 'and' }; // "und", "og", "och", "and": only between parts

const UNITS: Record<Language, string[]> = {
  sv: ['en|ett', 'två|tva', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio'],
  no: ['en|ett|ei|én', 'to', 'tre', 'fire', 'fem', 'seks', 'sju|syv', 'åtte', 'ni'],
  da: ['en|et', 'to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni'],
  // Spoken Finnish shortens the units before "-kyt": kolkyt, nelkyt, seitkyt.
  fi: [
    'yksi|yks',
    'kaksi|kaks',
    'kolme|kol',
    'neljä|nel',
    'viisi|viis',
    'kuusi|kuus',
    'seitsemän|seittemän|seit',
    'kahdeksan|kasi',
    'yhdeksän|ysi',
  ],
  de: ['ein|eine|eins', 'zwei|zwo', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'],
  en: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
};
const TEENS: Record<Language, string[]> = {
  sv: ['tio', 'elva', 'tolv', 'tretton', 'fjorton', 'femton', 'sexton', 'sjutton', 'arton', 'nitton'],
  no: ['ti', 'elleve', 'tolv', 'tretten', 'fjorten', 'femten', 'seksten', 'sytten', 'atten', 'nitten'],
  da: ['ti', 'elleve', 'tolv', 'tretten', 'fjorten', 'femten', 'seksten', 'sytten', 'atten', 'nitten'],
  fi: ['kymmenen|kymppi'],
  de: ['zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn'],
  en: ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'],
};
// From twenty to ninety.
const TENS: Record<Language, string[]> = {
  sv: ['tjugo|tjugu', 'trettio|trettí', 'fyrtio', 'femtio', 'sextio', 'sjuttio', 'åttio', 'nittio'],
  no: ['tjue|tyve', 'tretti|tredve', 'førti|firti', 'femti', 'seksti', 'sytti', 'åtti', 'nitti'],
  da: [
    'tyve',
    'tredive|tredve',
    'fyrre|fyrretyve',
    'halvtreds|halvtredsindstyve',
    'tres|tresindstyve',
    'halvfjerds',
    'firs',
    'halvfems',
  ],
  fi: [],
  // ("fuffzig": Berlin speech.)
  de: ['zwanzig', 'dreißig|dreissig', 'vierzig', 'fünfzig|fuffzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'],
  en: ['twenty', 'thirty', 'forty|fourty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'],
};
const HUNDRED: Record<Language, string> = {
  sv: 'hundra',
  no: 'hundre',
  da: 'hundrede|hundred',
  fi: 'sata|sataa',
  de: 'hundert',
  en: 'hundred',
};
const THOUSAND: Record<Language, string> = {
  sv: 'tusen',
  no: 'tusen',
  da: 'tusind|tusinde',
  fi: 'tuhat|tuhatta',
  de: 'tausend',
  en: 'thousand|grand',
};
// One and a half, said before a hundred or a thousand ("halvandet tusind", "anderthalb tausend").
const AND_A_HALF: Record<Language, string> = {
  sv: 'halvannan',
  no: 'halvannen|halvannet',
  da: 'halvanden|halvandet',
  fi: 'puolitoista',
  de: 'anderthalb|eineinhalb',
  en: '',
};
const AND: Record<Language, string> = { sv: 'och', no: 'og', da: 'og', fi: '', de: 'und', en: 'and' };

/** Each language's parts, folded as `plain` folds a message, longest first for splitting compounds. */
const PARTS: Record<Language, [string, Part][]> = Object.fromEntries(
  (Object.keys(UNITS) as Language[]).map((language) => {
    const parts: [string, Part][] = [];
    const add = (forms: string, part: Part) => {
      for (const form of forms.split('|').filter(Boolean)) parts.push([plain(form), part]);
    };
    UNITS[language].forEach((forms, i) => add(forms, { kind: 'unit', value: i + 1 }));
    TEENS[language].forEach((forms, i) => add(forms, { kind: 'teen', value: i + 10 }));
    TENS[language].forEach((forms, i) => add(forms, { kind: 'ten', value: (i + 2) * 10 }));
    add(AND_A_HALF[language], { kind: 'unit', value: 1.5 });
    add(HUNDRED[language], { kind: 'hundred' });
    add(THOUSAND[language], { kind: 'thousand' });
    add(AND[language], { kind: 'and' });
    if (language === 'fi') {
      // ("neljäkymppiä": so many ten-euro notes, as people say forty.)
      add('kymmentä|kyt|kymppiä|kymppia', { kind: 'times10' });
      add('toista', { kind: 'plus10' });
    }
    return [language, parts.sort((a, b) => b[0].length - a[0].length)];
  }),
) as Record<Language, [string, Part][]>;

/** A folded word split into number parts, or undefined when some of it is not a number's. */
function partsOfWord(word: string, language: Language): Part[] | undefined {
  if (word === '') return [];
  // No number is said in a longer word; a bound keeps a long run of parts from backtracking long.
  if (word.length > 40) return undefined;
  for (const [form, part] of PARTS[language]) {
    if (!word.startsWith(form)) continue;
    const rest = partsOfWord(word.slice(form.length), language);
    if (rest) return [part, ...rest];
  }
  return undefined;
}

/** The value of parts said in order, or undefined when they do not follow each other as a number's. */
function valueOf(parts: readonly Part[]): number | undefined {
  let thousands = 0;
  let hundreds = 0;
  let small = 0;
  let previous: Part['kind'] | undefined;
  let beforeAnd: Part['kind'] | undefined;
  for (const part of parts) {
    switch (part.kind) {
      case 'unit':
      case 'teen':
        // "zwei drei", "five twelve": two small numbers in a row are no one number, nor with an
        // "and" between ("two and three hundred").
        if (previous === 'unit' || previous === 'teen') return undefined;
        if (previous === 'and' && (beforeAnd === 'unit' || beforeAnd === 'teen')) return undefined;
        small += part.value;
        break;
      case 'ten':
        // "fünfundzwanzig", "femogtyve" put the unit first with "and" between; "twenty thirty" is none.
        if (previous === 'unit' || previous === 'teen' || previous === 'ten') return undefined;
        if (small % 10 !== 0 && previous !== 'and') return undefined;
        small += part.value;
        break;
      case 'times10':
      case 'plus10':
        if (previous !== 'unit' && previous !== undefined) return undefined;
        small = part.kind === 'times10' ? (small || 1) * 10 : small + 10;
        break;
      case 'hundred':
        if (previous === 'hundred' || previous === 'and') return undefined;
        hundreds += (small || 1) * 100;
        small = 0;
        break;
      case 'thousand':
        if (previous === 'thousand' || previous === 'and') return undefined;
        thousands += (hundreds + small || 1) * 1000;
        hundreds = 0;
        small = 0;
        break;
      case 'and':
        if (previous === undefined || previous === 'and') return undefined;
        beforeAnd = previous;
        break;
    }
    previous = part.kind;
  }
  if (previous === undefined || previous === 'and') return undefined;
  return thousands + hundreds + small;
}

export interface NumberInWords {
  value: number;
  /** How many of the words it took. */
  length: number;
}

/**
 * The number written in words that starts at `words[at]` (folded words, as `wordsOf` gives), the
 * longest run that reads as one, or undefined. English "a" and Scandinavian "en/ett/et" count as
 * one only before a hundred or a thousand ("a hundred", "ett tusen").
 */
export function numberInWordsAt(words: readonly string[], at: number, language: Language): NumberInWords | undefined {
  const parts: Part[] = [];
  let best: NumberInWords | undefined;
  // A number is said in a few words: the run is bounded, so reading every start of a long text
  // stays linear.
  for (let i = at; i < words.length && i < at + MAX_WORDS; i++) {
    const word = i === at && language === 'en' && (words[i] === 'a' || words[i] === 'an') ? 'one' : words[i]!;
    const own = partsOfWord(word, language);
    if (!own || own.length === 0) break;
    parts.push(...own);
    const value = valueOf(parts);
    // "two hundred and …": a joiner waits for the word after it; any other misfit ends the number.
    if (value === undefined && own.some((part) => part.kind !== 'and')) break;
    // "halvandet" alone is no sum; "halvandet tusind" is.
    if (value !== undefined && Number.isInteger(value)) best = { value, length: i - at + 1 };
  }
  // A lone article is no number: "en", "ett", "a", "eine".
  if (best && best.length === 1 && ARTICLES.has(words[at]!)) return undefined;
  return best;
}

/**
 * A number said in one word in any of the six languages ("fyra", "neljä", "fünf", "twelve",
 * "femogtyve"), for a count or a rating read before the conversation's language is sure. The
 * Scandinavian "en/ett/et" is one here; a caller that must tell an article from a number does not
 * use this.
 */
export function numberWord(word: string): number | undefined {
  for (const language of LANGUAGES) {
    const parts = partsOfWord(word, language);
    if (!parts || parts.length === 0) continue;
    const value = valueOf(parts);
    if (value !== undefined && Number.isInteger(value)) return value;
  }
  return undefined;
}

const ARTICLES = new Set(['en', 'ett', 'et', 'ei', 'ein', 'eine', 'a', 'an']);
/** The most words a number is said in ("two hundred and fifty thousand three hundred and five" is eleven). */
const MAX_WORDS = 12;

/** A number written in words in a text: its value and where it stands. */
export interface SpelledNumber {
  value: number;
  start: number;
  end: number;
}

/** The numbers written in words in `text` ("für zwanzig euro", "to hundre og femti kroner"), left to right. */
export function spelledNumbers(text: string, language: Language): SpelledNumber[] {
  const spans: { start: number; end: number; word: string }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}'&+]+/gu)) {
    const word = plain(m[0]);
    // A word that folds into several ("k-market") or none is no part of a number.
    if (word && !word.includes(' ')) spans.push({ start: m.index, end: m.index + m[0].length, word });
  }
  const words = spans.map((span) => span.word);
  const found: SpelledNumber[] = [];
  for (let i = 0; i < words.length; i++) {
    const number = numberInWordsAt(words, i, language);
    if (!number) continue;
    found.push({ value: number.value, start: spans[i]!.start, end: spans[i + number.length - 1]!.end });
    i += number.length - 1;
  }
  return found;
}
