// Month names in the six languages, with the abbreviations and inflected forms people
// write in chat ("12 maj", "3. März", "12. toukokuuta", "May 12th"). Looked up as whole
// words, so "mar" never swallows "marraskuu" and "mai" never matches inside a word.

const BY_LANGUAGE: ReadonlyArray<readonly string[]> = [
  // sv
  [
    'januari',
    'februari',
    'mars',
    'april',
    'maj',
    'juni',
    'juli',
    'augusti',
    'september',
    'oktober',
    'november',
    'december',
  ],
  // no (Bokmål and Nynorsk share these)
  [
    'januar',
    'februar',
    'mars',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'desember',
  ],
  // da
  [
    'januar',
    'februar',
    'marts',
    'april',
    'maj',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'december',
  ],
  // de
  [
    'januar',
    'februar',
    'märz',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'dezember',
  ],
];

const ENGLISH = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

// Abbreviations, each with its month. "jul" is also Swedish for Christmas, but only a
// number before it makes it a candidate ("24 jul" is read as 24 July either way).
const ABBREVIATIONS: ReadonlyArray<readonly [string, number]> = [
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['mrz', 3],
  ['apr', 4],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['sept', 9],
  ['okt', 10],
  ['oct', 10],
  ['nov', 11],
  ['des', 12],
  ['dec', 12],
  ['dez', 12],
];

// Finnish months are compounds of "-kuu" and are inflected: nominative (toukokuu),
// partitive after a day number (12. toukokuuta), genitive before it (toukokuun 12.),
// inessive for "in May" (toukokuussa), and the abbreviation (toukok.). The bare stems
// are not months (elo is life, loka mud, joulu Christmas).
const FINNISH_STEMS = [
  'tammi',
  'helmi',
  'maalis',
  'huhti',
  'touko',
  'kesä',
  'heinä',
  'elo',
  'syys',
  'loka',
  'marras',
  'joulu',
];
const FINNISH_ENDINGS = ['kuu', 'kuuta', 'kuun', 'kuussa', 'kuulla', 'kuulle', 'k'];

/** Finnish genitive forms, which stand before the day ("toukokuun 12. päivä"). */
export const FINNISH_GENITIVE_MONTHS = new Map<string, number>();

export const MONTHS = new Map<string, number>();

for (const names of [...BY_LANGUAGE, ENGLISH]) names.forEach((name, i) => MONTHS.set(name, i + 1));
// Austrian Jänner and Feber, and März typed without its umlaut.
MONTHS.set('jänner', 1);
MONTHS.set('feber', 2);
MONTHS.set('maerz', 3);
// Swiss German spells some months as spoken: Novämber, Dezämber, Septämber.
MONTHS.set('septämber', 9);
MONTHS.set('novämber', 11);
MONTHS.set('dezämber', 12);
for (const [abbreviation, month] of ABBREVIATIONS) MONTHS.set(abbreviation, month);

/** Abbreviated forms, whose trailing dot belongs to the date ("12 okt."); after a full name it ends the sentence. */
export const ABBREVIATED_MONTHS = new Set(ABBREVIATIONS.map(([abbreviation]) => abbreviation));
FINNISH_STEMS.forEach((stem, i) => {
  for (const ending of FINNISH_ENDINGS) MONTHS.set(stem + ending, i + 1);
  ABBREVIATED_MONTHS.add(`${stem}k`);
  FINNISH_GENITIVE_MONTHS.set(`${stem}kuun`, i + 1);
});

/** English full month names: the only ones written before the day ("May 12, 2024"). */
export const ENGLISH_MONTHS = new Map<string, number>(ENGLISH.map((name, i) => [name, i + 1]));
