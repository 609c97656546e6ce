// When something happened, as people type it: absolute ("30.11.", "3 november", "2026-11-30",
// "3. marraskuuta") or relative to the consumer's own day ("i går", "i förrgår", "förra
// veckan", "i mandags", "for tre uker siden", "viime viikolla", "vorgestern", "last Tuesday",
// "a week ago"). The dialog's clock and the consumer's time zone give "today"; the result is a
// calendar day, with how precise the consumer was (a day, or somewhere in a week or month).
import { findDates } from '../../../intents/entities/dates.ts';
import { numberWord } from './number-words.ts';
import { compilePhrases, containsAnyPhrase, indexPhrases, phraseAt, type PhraseIndex, wordsOf } from './text.ts';

export { endOfDayIn } from '../../../routing/calendar.ts';

export type DateSpan = 'day' | 'week' | 'month';

export interface ReadDate {
  /** YYYY-MM-DD: the day, or the first day of the week or month meant. */
  date: string;
  span: DateSpan;
}

/** `today` (YYYY-MM-DD) in the consumer's time zone. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const TODAY = indexPhrases(
  compilePhrases([
    'idag',
    'i dag',
    'today',
    'tänään',
    'tanaan',
    'heute',
    'i morse',
    'i morges',
    'this morning',
    'tänä aamuna',
    'heute morgen',
    'tonight',
    'ikväll',
    'i kväll',
  ]),
);
// "bis heute nicht geliefert", "still not here to this day": how long it has gone on, not a day.
const UNTIL_TODAY = indexPhrases(
  compilePhrases([
    'till idag',
    'till i dag',
    'tills idag',
    'tills i dag',
    'än idag',
    'än i dag',
    'ännu idag',
    'til i dag',
    'frem til i dag',
    'enn i dag',
    'indtil i dag',
    'endnu i dag',
    'tähän päivään',
    'vielä tänään',
    'bis heute',
    'until today',
    'till today',
    'to this day',
    'as of today',
    'even today',
    'still today',
  ]),
);

/** `words` without the spans where one of the lexicon's phrases stands. */
function withoutPhrases(words: readonly string[], index: PhraseIndex): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = phraseAt(words, i, index);
    if (phrase) i += phrase.length;
    else out.push(words[i++]!);
  }
  return out;
}

const YESTERDAY = indexPhrases(
  compilePhrases([
    'igår',
    'i går',
    'igår kväll',
    'i går kväll',
    'i går kveld',
    'i går aftes',
    'yesterday',
    'eilen',
    'eilen illalla',
    // "Ostos on päivätty eiliselle": dated to yesterday's
    'eiliselle',
    'eiliseltä',
    'eiliseen',
    'gestern',
    'gestern abend',
    // Swiss German
    'geschter',
    'gescht',
    'last night',
    // "yesterday's" ("eilinen 59 euron ostos", "der gestrige Kauf")
    'eilinen',
    'eilisen',
    'eilisestä',
    'gestrige',
    'gestrigen',
    'yesterdays',
  ]),
);
const DAY_BEFORE = indexPhrases(
  compilePhrases([
    'i förrgår',
    'förrgår',
    'i forgårs',
    'forgårs',
    'i forgaars',
    'toissapäivänä',
    'toissa päivänä',
    'toissapäivänä',
    'toissapäivältä',
    'toissapäiväinen',
    'toissapäiväisen',
    'toissapäivän',
    'vorgestern',
    'vorgeschter',
    'day before yesterday',
  ]),
);
const LAST_WEEK = indexPhrases(
  compilePhrases([
    'förra veckan',
    'i förra veckan',
    'förra veckan',
    'forrige uke',
    'i forrige uke',
    // Spoken and slipped forms: "i forrigs uke", "forige uke", "førrige uke".
    'forrigs uke',
    'i forrigs uke',
    'forige uke',
    'i forige uke',
    'førrige uke',
    'forrigs veke',
    'forige uge',
    'i forige uge',
    'sist uke',
    'forrige veke',
    'forrige uge',
    'i sidste uge',
    'sidste uge',
    'i sidste uke',
    'viime viikolla',
    'viime viikon',
    'viime viikko',
    'letzte woche',
    'letzter woche',
    'vorige woche',
    'voriger woche',
    'letscht wuche',
    'letschti wuche',
    'vorigi wuche',
    'vergangene woche',
    'vergangener woche',
    'last week',
    'last wk',
    'letzte wo',
    // Bavarian and Austrian speech drops the e: "war letzte Woch".
    'letzte woch',
    'vorige woch',
    'viime viikol',
    'the week before',
    'previous week',
  ]),
);
// "i helgen", "am Wochenende": the latest weekend. "förra helgen", "last weekend" said on a
// Sunday is the weekend before this one (on a weekday, the latest weekend is the last one).
// The week before last: checked before LAST_WEEK, which some of these contain ("forrige uke").
const WEEK_BEFORE_LAST = indexPhrases(
  compilePhrases([
    'förrförra veckan',
    'i förrförra veckan',
    'forrforrige uke',
    'uken før forrige',
    'ugen før sidste',
    'i forrige uge igen',
    'toissa viikolla',
    'toissaviikolla',
    'vorletzte woche',
    'vorletzter woche',
    'vorvorige woche',
    'vorvoriger woche',
    'vorletscht wuche',
    'the week before last',
  ]),
);
const LAST_WEEKEND = indexPhrases(
  compilePhrases([
    'i helgen',
    'i helga',
    'i weekenden',
    'am wochenende',
    'over the weekend',
    'at the weekend',
    'viikonloppuna',
  ]),
);
const PREVIOUS_WEEKEND = indexPhrases(
  compilePhrases([
    'förra helgen',
    'forrige helg',
    'sist helg',
    'forrige weekend',
    'sidste weekend',
    'viime viikonloppuna',
    'letztes wochenende',
    'letzten wochenende',
    'vergangenes wochenende',
    'vorletztes wochenende',
    'last weekend',
    'the weekend before',
  ]),
);
const LAST_MONTH = indexPhrases(
  compilePhrases([
    'förra månaden',
    'i förra månaden',
    'forrige måned',
    'i forrige måned',
    'sidste måned',
    'i sidste måned',
    'viime kuussa',
    // "viime kuun lopussa", "ende letzten monats": some day of last month.
    'viime kuun',
    'letzten monats',
    'vorigen monats',
    'forrige måneds',
    'letzten monat',
    'letzter monat',
    'vorigen monat',
    'last month',
  ]),
);

const THIS_MONTH = indexPhrases(
  compilePhrases([
    'början av månaden',
    'i början av månaden',
    'början av den här månaden',
    'i starten av måneden',
    'i begynnelsen av måneden',
    'først i måneden',
    'tidlig i måneden',
    'i starten af måneden',
    'i begyndelsen af måneden',
    'først på måneden',
    'kuun alussa',
    'tämän kuun alussa',
    'anfang des monats',
    'anfang dieses monats',
    'anfang diesen monats',
    'am monatsanfang',
    'at the beginning of the month',
    'at the start of the month',
    'early this month',
  ]),
);

/** Weekday words (folded), Monday = 1 ... Sunday = 7. "i måndags" and "maanantaina" are forms of it. */
const WEEKDAY_WORDS: ReadonlyMap<string, number> = new Map(
  (
    [
      [
        1,
        [
          'måndag',
          'måndags',
          'måndagen',
          'mandagen',
          'mandag',
          'mandags',
          'maanantai',
          'maanantailta',
          'maanantain',
          'maanantaista',
          'maanantaina',
          'montag',
          'montags',
          'mäntig',
          'monday',
          'mon',
        ],
      ],
      [
        2,
        [
          'tisdag',
          'tisdags',
          'tisdagen',
          'tirsdagen',
          'tirsdag',
          'tysdag',
          'tirsdags',
          'tiistai',
          'tiistailta',
          'tiistain',
          'tiistaista',
          'tiistaina',
          'dienstag',
          'ziischtig',
          'zischtig',
          'tuesday',
          'tue',
          'tues',
        ],
      ],
      [
        3,
        [
          'onsdag',
          'onsdags',
          'onsdagen',
          'keskiviikko',
          'keskiviikolta',
          'keskiviikon',
          'keskiviikosta',
          'keskiviikkona',
          'mittwoch',
          'mittwuch',
          'wednesday',
          'wed',
        ],
      ],
      [
        4,
        [
          'torsdag',
          'torsdags',
          'torsdagen',
          'torstai',
          'torstailta',
          'torstain',
          'torstaista',
          'torstaina',
          'donnerstag',
          'dunschtig',
          'donschtig',
          'thursday',
          'thu',
          'thurs',
        ],
      ],
      [
        5,
        [
          'fredag',
          'fredags',
          'fredagen',
          'perjantai',
          'perjantailta',
          'perjantain',
          'perjantaista',
          'perjantaina',
          'freitag',
          'friitig',
          'fritig',
          'friday',
          'fri',
        ],
      ],
      [
        6,
        [
          'lördag',
          'lördags',
          'lördagen',
          'lørdagen',
          'lørdag',
          'laurdag',
          'lørdags',
          'lauantai',
          'lauantailta',
          'lauantain',
          'lauantaista',
          'lauantaina',
          'samstag',
          'samschtig',
          'sonnabend',
          'saturday',
          'sat',
        ],
      ],
      [
        7,
        [
          'söndag',
          'söndags',
          'söndagen',
          'søndagen',
          'søndag',
          'sundag',
          'søndags',
          'sunnuntai',
          'sunnuntailta',
          'sunnuntain',
          'sunnuntaista',
          'sunnuntaina',
          'sonntag',
          'sunntig',
          'sunday',
          'sun',
        ],
      ],
    ] as const
  ).flatMap(([day, words]) => words.map((w) => [wordsOf(w)[0]!, day] as const)),
);
// Short English forms are weekdays only in a date answer, never inside a sentence ("sun", "sat").
const SHORT_WEEKDAYS = new Set(['mon', 'tue', 'tues', 'wed', 'thu', 'thurs', 'fri', 'sat', 'sun']);

// The counts before a unit of time that are no number of their own: an article ("en uke sen",
// "vor einem Monat", "a week ago", "vor ner woche") and a few ("a couple of", "ein paar", "pari").
// Numbers proper ("tre", "neljä", "zwölf") are read by number-words.ts.
const VAGUE_COUNTS: ReadonlyMap<string, number> = new Map(
  (
    [
      [
        1,
        [
          'en',
          'ett',
          'ei',
          'eit',
          'et',
          'yhden',
          'ein',
          'eine',
          'einem',
          'einer',
          'ner',
          'nem',
          'nen',
          "'ner",
          "'nem",
          "'nen",
          'a',
          'an',
        ],
      ],
      [2, ['pari', 'couple', 'par', 'paar']],
      [3, ['few']],
    ] as const
  ).flatMap(([n, words]) => words.map((w) => [wordsOf(w)[0]!, n] as const)),
);

/** How many a word before a unit of time counts: "tre", "zwei", "a", "couple", or undefined. */
function countOf(word: string): number | undefined {
  return VAGUE_COUNTS.get(word) ?? numberWord(word);
}

const UNIT_WORDS: ReadonlyMap<string, keyof typeof UNIT_DAYS> = new Map(
  (
    [
      [
        'day',
        [
          'dag',
          'dagar',
          'dager',
          'dagar',
          'dage',
          'dagen',
          'dygn',
          'päivä',
          'päivää',
          'paiva',
          'tag',
          'tage',
          'tagen',
          'day',
          'days',
        ],
      ],
      [
        'week',
        [
          'vecka',
          'veckor',
          'veckan',
          'uke',
          'uker',
          'uka',
          'veke',
          'veker',
          'veka',
          'vekene',
          'uge',
          'uger',
          'viikko',
          'viikkoa',
          'woche',
          'wochen',
          'week',
          'weeks',
        ],
      ],
      ['fortnight', ['fortnight', 'fortnights']],
      [
        'month',
        [
          'månad',
          'månader',
          'måned',
          'måneder',
          'månaden',
          'kuukausi',
          'kuukautta',
          'kuu',
          'monat',
          'monate',
          'monaten',
          'month',
          'months',
        ],
      ],
    ] as const
  ).flatMap(([unit, words]) => words.map((w) => [wordsOf(w)[0]!, unit] as const)),
);
const AGO_AFTER = new Set([
  'sedan',
  'sen',
  'siden',
  'sidan',
  'sitten',
  'sitte',
  'ago',
  'tillbaka',
  'tilbake',
  'zurück',
  'back',
]);
// "vor zwei Wochen" says ago by itself; "för"/"for" only with "sedan"/"siden" after ("inden for 14 dage" is within them).
const AGO_BEFORE = new Set(['vor']);
const UNIT_DAYS = { day: 1, week: 7, fortnight: 14, month: 30 } as const;

/** How a date is read beside the text and the day. */
export interface DateReading {
  /** The text answers "when?": a bare "14.11" or "den 3:e" is a date there. */
  asAnswer?: boolean;
  /** The writer's money has a decimal comma, so "3.11" in a sentence is a day and a month. */
  decimalComma?: boolean;
  /** The writer is American: 12/1 is 1 December. */
  monthFirst?: boolean;
}

/**
 * The date `text` names, relative to `today` (YYYY-MM-DD, the consumer's day), or undefined.
 * A date in the future is read as the same day last year ("30.12." said on 6 December is last
 * December's): purchases are in the past.
 */
/** Ordinal words for the days of a month, by day (1..31), in the six languages. */
const ORDINAL_DAYS: readonly (readonly string[])[] = [
  [],
  ['första', 'forsta', 'første', 'ersten', 'erste', 'ensimmäinen', 'first'],
  ['andra', 'andre', 'anden', 'zweiten', 'zweite', 'toinen', 'second'],
  ['tredje', 'dritten', 'dritte', 'kolmas', 'third'],
  ['fjärde', 'fjerde', 'vierten', 'vierte', 'neljäs', 'fourth'],
  ['femte', 'fünften', 'fünfte', 'viides', 'fifth'],
  ['sjätte', 'sjette', 'sechsten', 'sechste', 'kuudes', 'sixth'],
  ['sjunde', 'sjuende', 'syvende', 'siebten', 'siebte', 'seitsemäs', 'seventh'],
  ['åttonde', 'åttende', 'ottende', 'achten', 'achte', 'kahdeksas', 'eighth'],
  ['nionde', 'niende', 'neunten', 'neunte', 'yhdeksäs', 'ninth'],
  ['tionde', 'tiende', 'zehnten', 'zehnte', 'kymmenes', 'tenth'],
  ['elfte', 'ellevte', 'elften', 'yhdestoista', 'eleventh'],
  ['tolfte', 'tolvte', 'zwölften', 'zwölfte', 'kahdestoista', 'twelfth'],
  ['trettonde', 'trettende', 'dreizehnten', 'dreizehnte', 'kolmastoista', 'thirteenth'],
  ['fjortonde', 'fjortende', 'vierzehnten', 'vierzehnte', 'neljästoista', 'fourteenth'],
  ['femtonde', 'femtende', 'fünfzehnten', 'fünfzehnte', 'viidestoista', 'fifteenth'],
  ['sextonde', 'sekstende', 'sechzehnten', 'sechzehnte', 'kuudestoista', 'sixteenth'],
  ['sjuttonde', 'syttende', 'siebzehnten', 'siebzehnte', 'seitsemästoista', 'seventeenth'],
  ['artonde', 'attende', 'achtzehnten', 'achtzehnte', 'kahdeksastoista', 'eighteenth'],
  ['nittonde', 'nittende', 'neunzehnten', 'neunzehnte', 'yhdeksästoista', 'nineteenth'],
  ['tjugonde', 'tjuende', 'tyvende', 'zwanzigsten', 'zwanzigste', 'kahdeskymmenes', 'twentieth'],
  ['tjugoförsta', 'tjueførste', 'enogtyvende', 'einundzwanzigsten', 'einundzwanzigste', 'twenty-first', 'twenty first'],
  [
    'tjugoandra',
    'tjueandre',
    'toogtyvende',
    'zweiundzwanzigsten',
    'zweiundzwanzigste',
    'twenty-second',
    'twenty second',
  ],
  [
    'tjugotredje',
    'tjuetredje',
    'treogtyvende',
    'dreiundzwanzigsten',
    'dreiundzwanzigste',
    'twenty-third',
    'twenty third',
  ],
  [
    'tjugofjärde',
    'tjuefjerde',
    'fireogtyvende',
    'vierundzwanzigsten',
    'vierundzwanzigste',
    'twenty-fourth',
    'twenty fourth',
  ],
  [
    'tjugofemte',
    'tjuefemte',
    'femogtyvende',
    'fünfundzwanzigsten',
    'fünfundzwanzigste',
    'twenty-fifth',
    'twenty fifth',
  ],
  [
    'tjugosjätte',
    'tjuesjette',
    'seksogtyvende',
    'sechsundzwanzigsten',
    'sechsundzwanzigste',
    'twenty-sixth',
    'twenty sixth',
  ],
  [
    'tjugosjunde',
    'tjuesjuende',
    'syvogtyvende',
    'siebenundzwanzigsten',
    'siebenundzwanzigste',
    'twenty-seventh',
    'twenty seventh',
  ],
  [
    'tjugoåttonde',
    'tjueåttende',
    'otteogtyvende',
    'achtundzwanzigsten',
    'achtundzwanzigste',
    'twenty-eighth',
    'twenty eighth',
  ],
  [
    'tjugonionde',
    'tjueniende',
    'niogtyvende',
    'neunundzwanzigsten',
    'neunundzwanzigste',
    'twenty-ninth',
    'twenty ninth',
  ],
  ['trettionde', 'trettiende', 'tredivte', 'dreißigsten', 'dreißigste', 'thirtieth'],
  [
    'trettioförsta',
    'trettiførste',
    'enogtredivte',
    'einunddreißigsten',
    'einunddreißigste',
    'thirty-first',
    'thirty first',
  ],
];
const ORDINAL_DAY = new Map(ORDINAL_DAYS.flatMap((words, day) => words.map((word) => [word, day] as const)));
// An ordinal word before a month's name ("of" between, in English): only then is it a day ("den
// andra" alone is "the other").
const ORDINAL_BEFORE_MONTH = new RegExp(
  String.raw`(?<![\p{L}])(${[...ORDINAL_DAY.keys()].sort((a, b) => b.length - a.length).join('|')})(\s+of)?(?=\s+(?:jan|feb|mar|mär|apr|mai|maj|may|jun|jul|aug|sep|okt|oct|nov|des|dec|dez|tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu|jänner))`,
  'giu',
);
/** "den andre desember" -> "den 2. desember", "the second of december" -> "the 2. december". */
function ordinalDaysInFigures(text: string): string {
  if (!/\p{L}{4}/u.test(text)) return text;
  return text.replace(
    ORDINAL_BEFORE_MONTH,
    (word: string) => `${ORDINAL_DAY.get(word.toLowerCase().replace(/\s+of$/u, ''))}.`,
  );
}

/** "December", "Lørdag", "am Montag": words that name a day or a month (on any day they are read), not a place or a shop. */
export function namesADate(text: string): boolean {
  return readDate(text, '2026-01-01', { asAnswer: true }) !== undefined;
}

export function readDate(typed: string, today: string, reading: DateReading = {}): ReadDate | undefined {
  const { asAnswer = false, decimalComma = false, monthFirst = false } = reading;
  // "den andre desember", "am zweiten Dezember", "the second of december": the day in figures.
  // ("for en uges tid siden", "en veckas tid sen": a week's time is a week.)
  const text = ordinalDaysInFigures(typed.replace(/(?<=\p{L}{2})s\s+tid(?=\s)/giu, ''));
  const absolute =
    findDates(text, [], monthFirst)[0] ??
    cuedDayMonth(text) ??
    (asAnswer ? answeredDayMonth(text) : undefined) ??
    (decimalComma ? bareDayMonth(text) : undefined);
  if (absolute) {
    if (absolute.year !== null) return { date: absolute.value, span: 'day' };
    const thisYear = `${today.slice(0, 4)}${absolute.value.slice(1)}`;
    return {
      date: thisYear <= today ? thisYear : `${Number(today.slice(0, 4)) - 1}${absolute.value.slice(1)}`,
      span: 'day',
    };
  }
  const named = monthThenDay(text);
  if (named) return { date: latestOnOrBefore(today, named.month, named.day), span: 'day' };
  const dayOnly = dayOfMonthOnly(text, asAnswer);
  const words = wordsOf(text);
  if (dayOnly !== undefined) {
    // "Mitte Oktober, am 15.": the month named beside the day is its month.
    const month = monthNamed(words);
    if (month !== undefined) return { date: latestOnOrBefore(today, month, dayOnly), span: 'day' };
    return { date: latestDayOfMonth(today, dayOnly), span: 'day' };
  }
  if (words.length === 0) return undefined;
  // "i uge 47", "vecka 47", "KW 47", "viikolla 47": that ISO week, the latest not after today.
  const week = WEEK_NUMBER.exec(words.join(' '));
  if (week) {
    const number = Number(week[1]);
    if (number >= 1 && number <= 53) {
      const thisYear = isoWeekMonday(Number(today.slice(0, 4)), number);
      const monday = thisYear <= today ? thisYear : isoWeekMonday(Number(today.slice(0, 4)) - 1, number);
      return { date: monday, span: 'week' };
    }
  }
  // "on black friday", "Cyber Monday": the sale days' dates, not last Friday.
  if (containsAnyPhrase(words, BLACK_FRIDAY)) return { date: latestSaleDay(today, 0), span: 'day' };
  if (containsAnyPhrase(words, CYBER_MONDAY)) return { date: latestSaleDay(today, 3), span: 'day' };
  if (containsAnyPhrase(words, DAY_BEFORE)) return { date: addDays(today, -2), span: 'day' };
  if (containsAnyPhrase(words, YESTERDAY)) return { date: addDays(today, -1), span: 'day' };
  for (const [phrases, weeks] of [
    [WEEK_BEFORE_LAST, 2],
    [LAST_WEEK, 1],
  ] as const) {
    if (!containsAnyPhrase(words, phrases)) continue;
    // "vorige Woche Dienstag", "förra veckan på tisdagen", "am Mittwoch vorletzte Woche": that day
    // of that week. (The weekday within three words of the week: "am Freitag kam dann eine
    // Mahnung" later in the story is another day's; in a short answer to "when?" any day named is
    // it: "forrige uke, tror det var tirsdag".)
    const at = words.findIndex((_, i) => phraseAt(words, i, phrases) !== undefined);
    const day = words
      .map((word, i) =>
        (!SHORT_WEEKDAYS.has(word) || words.length <= 3) && (Math.abs(i - at) <= 3 || (asAnswer && words.length <= 8))
          ? WEEKDAY_WORDS.get(word)
          : undefined,
      )
      .find((weekday) => weekday !== undefined);
    const monday = mondayOf(addDays(today, -7 * weeks));
    return day === undefined ? { date: monday, span: 'week' } : { date: addDays(monday, day - 1), span: 'day' };
  }
  if (containsAnyPhrase(words, LAST_MONTH)) {
    const first = `${today.slice(0, 7)}-01`;
    return { date: `${addDays(first, -1).slice(0, 7)}-01`, span: 'month' };
  }
  if (containsAnyPhrase(words, PREVIOUS_WEEKEND)) {
    const saturday = latestWeekday(today, 6);
    return { date: isoWeekday(today) === 7 ? addDays(saturday, -7) : saturday, span: 'day' };
  }
  if (containsAnyPhrase(words, LAST_WEEKEND)) {
    // "søndag kveld i helga": the weekend's Sunday when it is named.
    const sunday = words.some((word) => WEEKDAY_WORDS.get(word) === 7 && !SHORT_WEEKDAYS.has(word));
    return { date: latestWeekday(today, sunday ? 7 : 6), span: 'day' };
  }
  const ago = readAgo(words);
  if (ago !== undefined) return { date: addDays(today, -ago.days), span: ago.span };
  for (const word of words) {
    const weekday = WEEKDAY_WORDS.get(word);
    if (weekday === undefined) continue;
    if (SHORT_WEEKDAYS.has(word) && words.length > 3) continue;
    return { date: latestWeekday(today, weekday), span: 'day' };
  }
  if (containsAnyPhrase(withoutPhrases(words, UNTIL_TODAY), TODAY)) return { date: today, span: 'day' };
  // "anfang des monats", "i början av månaden", "early this month": some day of this month, when
  // no day is named. (Not "this month" alone: "fakturaen for denne måneden" dates no purchase.)
  if (containsAnyPhrase(words, THIS_MONTH)) return { date: `${today.slice(0, 7)}-01`, span: 'month' };
  // "nån gång i början av november", "Anfang November", "marraskuun alussa", "early November": that month.
  const month = monthNamed(words);
  if (month !== undefined) return { date: latestOnOrBefore(today, month, 1), span: 'month' };
  return undefined;
}

// Month names (folded) in the six languages, January = 1. Finnish inflects them
// ("marraskuussa", "marraskuun"): a word that starts with a Finnish month's "-kuu" stem counts.
const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, ['januari', 'januar', 'january', 'jänner']],
      [2, ['februari', 'februar', 'february']],
      [3, ['mars', 'marts', 'märz', 'march']],
      [4, ['april']],
      [5, ['maj', 'mai', 'may']],
      [6, ['juni', 'june']],
      [7, ['juli', 'july']],
      [8, ['augusti', 'august']],
      [9, ['september']],
      [10, ['oktober', 'october']],
      [11, ['november']],
      [12, ['december', 'desember', 'dezember']],
    ] as const
  ).flatMap(([month, names]) => names.map((name) => [wordsOf(name)[0]!, month] as const)),
);
const FINNISH_MONTHS = [
  'tammikuu',
  'helmikuu',
  'maaliskuu',
  'huhtikuu',
  'toukokuu',
  'kesakuu',
  'heinakuu',
  'elokuu',
  'syyskuu',
  'lokakuu',
  'marraskuu',
  'joulukuu',
].map((w) => wordsOf(w)[0]!);
const MONTH_ABBREVIATIONS: ReadonlyMap<string, number> = new Map(
  (['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const).map(
    (abbr, i) => [abbr, i + 1] as const,
  ),
);
// "may" is a month only after a word that introduces one ("in May", "early May"): "I may have" is not.
const MAY_CUES = new Set(['in', 'early', 'late', 'mid', 'of', 'since']);

function monthNamed(words: readonly string[]): number | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const month = MONTHS.get(word);
    if (month !== undefined && (word !== 'may' || (i > 0 && MAY_CUES.has(words[i - 1]!)))) return month;
    const finnish = FINNISH_MONTHS.findIndex((stem) => word.startsWith(stem));
    if (finnish >= 0) return finnish + 1;
  }
  return undefined;
}

// "Dec 2", "December 2nd", "Nov. 30": English writes the month first.
const MONTH_THEN_DAY = /(?<![\p{L}])([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d.,:])/u;

function monthThenDay(text: string): { month: number; day: number } | undefined {
  const m = MONTH_THEN_DAY.exec(text);
  if (!m) return undefined;
  const name = m[1]!.toLowerCase();
  const month = MONTHS.get(name) ?? MONTH_ABBREVIATIONS.get(name) ?? (name === 'sept' ? 9 : undefined);
  const day = Number(m[2]);
  if (month === undefined || day < 1 || day > 31) return undefined;
  return { month, day };
}

// A day of the month without its month ("on the 1st", "the 29th", "den 3:e", "den 29.", "am 26sten", "am
// 29.", "29. päivä"): the latest such day. In a sentence only after its cue; as the answer to the
// date question, "29th" or "3:e" alone too.
const DAY_OF_MONTH_CUED =
  /(?:(?<![\p{L}])(?:on|dated|from)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b|(?<![\p{L}])the\s+(\d{1,2})(?:st|nd|rd|th)(?=\s*(?:[.,!?;]|$))|(?<![\p{L}])den\s+(\d{1,2}):(?:a|e)(?![\p{L}])|(?<![\p{L}])(?:den|am|d\.)\s+(\d{1,2})\.(?!\s*\d|\d|\s*(?:jan|feb|m[aä]r|apr|ma[iyj]|jun|jul|aug|sep|o[ck]t|nov|de[czs]|tammi|helmi|maalis|huhti|touko|kes|hein|elo|syys|loka|marras|joulu))|(?<![\p{L}\p{N}])(\d{1,2})\.\s*päivä|(?<![\p{L}])(?:den|am|vom)\s+(\d{1,2})(?:sten|ten|ste|te)(?![\p{L}]))/iu;
const DAY_OF_MONTH_ANSWER = /^\s*(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th|:a|:e|sten|ten)\s*[.!]?\s*$/iu;

function dayOfMonthOnly(text: string, asAnswer: boolean): number | undefined {
  const m = DAY_OF_MONTH_CUED.exec(text) ?? (asAnswer ? DAY_OF_MONTH_ANSWER.exec(text) : null);
  if (!m) return undefined;
  // "den 5. gang" counts; "am 15. Nach zwei Wochen …" ends a sentence at the day.
  if (m[4] !== undefined && /^\s*\p{Ll}/u.test(text.slice(m.index + m[0].length))) return undefined;
  const day = Number(m.slice(1).find((group) => group !== undefined));
  return day >= 1 && day <= 31 ? day : undefined;
}

/** The latest day numbered `day` that is not after `today` (this month's, else the month before's that has it). */
function latestDayOfMonth(today: string, day: number): string {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let back = 0; back < 3; back++) {
    const candidate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const real = new Date(`${candidate}T12:00:00Z`).toISOString().slice(0, 10) === candidate;
    if (real && candidate <= today) return candidate;
    month -= 1;
    if (month === 0) [year, month] = [year - 1, 12];
  }
  return today;
}

/** The latest day `month`-`day` that is not after `today`. */
function latestOnOrBefore(today: string, month: number, day: number): string {
  const md = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const thisYear = `${today.slice(0, 4)}-${md}`;
  return thisYear <= today ? thisYear : `${Number(today.slice(0, 4)) - 1}-${md}`;
}

// "d. 30.11", "den 30.11", "am 2.12", "on 30.11": a day and month without the final dot are a
// date only after such a word (alone, "30.11" may as well be an amount).
const CUED_DAY_MONTH =
  /(?<![\p{L}])(?:d\.|den|am|vom|the|on|päivänä|datert|dateret|daterad|datiert|dated|dato|datum|päivätty|päiväys)\s*(\d{1,2})\.(\d{1,2})(?![\d]|[.,]\d)/iu;
// The answer to "when did you buy it?" ("24.10", "bestilte 15.11", "ca 3.11"): a day and month
// written so are a date there, the question having asked for one; a figure with a currency is not.
const ANSWERED_DAY_MONTH = /(?<![\p{L}\p{N}.,])(\d{1,2})\.(\d{1,2})(?![\d]|[.,]\d|\s*(?:kr|sek|nok|dkk|eur|€|e\b))/iu;

function answeredDayMonth(text: string): { year: number | null; value: string } | undefined {
  if (wordsOf(text).length > 6) return undefined;
  return dayMonthIn(text, ANSWERED_DAY_MONTH);
}

// "fra Apotek 1 sin nettbutikk 3.12 som ikke er mitt": where money is written with a decimal
// comma (every language here but English), a day and month with a dot are a date in any
// sentence, unless a currency stands right before or after them ("kr 3.12", "3.12 €").
const BARE_DAY_MONTH =
  /(?<![\p{L}\p{N}.,]|(?:kr|sek|nok|dkk|eur|€)\.?\s*)(\d{1,2})\.(\d{1,2})(?![\d]|[.,]\d|\s*(?:kr|sek|nok|dkk|eur|€|e\b|euro|:-|,-))/iu;

function bareDayMonth(text: string): { year: number | null; value: string } | undefined {
  return dayMonthIn(text, BARE_DAY_MONTH);
}

/** The day and month `pattern` finds (day in group 1, month in group 2), as a date of no year; undefined when not one. */
function dayMonthIn(text: string, pattern: RegExp): { year: number | null; value: string } | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year: null, value: `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

function cuedDayMonth(text: string): { year: number | null; value: string } | undefined {
  return dayMonthIn(text, CUED_DAY_MONTH);
}

/** "för tre veckor sedan", "for 2 dage siden", "kolme päivää sitten", "vor zwei Wochen", "a week ago", "viikko sitten". */
function readAgo(words: readonly string[]): { days: number; span: DateSpan } | undefined {
  for (let i = 0; i < words.length; i++) {
    const unit = UNIT_WORDS.get(words[i]!);
    if (!unit) continue;
    const before = words[i - 1];
    // "för ett tag sen" is a while ago in Swedish, not a German day.
    if (words[i] === 'tag' && (before === 'ett' || before === 'et')) continue;
    const after = words[i + 1];
    let count: number | undefined;
    let numberAt = i - 1;
    if (before !== undefined && /^\d{1,3}$/.test(before)) count = Number(before);
    else if (before !== undefined) count = countOf(before);
    // "a couple of weeks ago", "ein paar Tagen"
    if (count === undefined && before === 'of' && words[i - 2] !== undefined) {
      count = countOf(words[i - 2]!);
      numberAt = i - 2;
    }
    const agoAfter = after !== undefined && AGO_AFTER.has(after);
    const agoBefore = words[numberAt - 1] !== undefined && AGO_BEFORE.has(words[numberAt - 1]!);
    // "viikko sitten", "a week ago" without a number word: one.
    if (count === undefined && agoAfter && (before === undefined || countOf(before) === undefined)) count = 1;
    if (count === undefined || (!agoAfter && !agoBefore)) continue;
    return { days: count * UNIT_DAYS[unit], span: 'day' };
  }
  return undefined;
}

const BLACK_FRIDAY = indexPhrases(compilePhrases(['black friday', 'blackfriday', 'black week']));
const CYBER_MONDAY = indexPhrases(compilePhrases(['cyber monday', 'cybermonday']));

/** The Friday after the fourth Thursday of November in `year`, as YYYY-MM-DD. */
function blackFriday(year: number): string {
  const first = new Date(Date.UTC(year, 10, 1));
  const firstThursday = 1 + ((4 - first.getUTCDay() + 7) % 7);
  return `${year}-11-${String(firstThursday + 21 + 1).padStart(2, '0')}`;
}

/** The latest Black Friday (plus `offset` days: 3 is Cyber Monday) on or before `today`. */
function latestSaleDay(today: string, offset: number): string {
  const year = Number(today.slice(0, 4));
  const thisYear = addDays(blackFriday(year), offset);
  return thisYear <= today ? thisYear : addDays(blackFriday(year - 1), offset);
}

/** The latest `weekday` (1 = Monday) strictly before `today`. */
function latestWeekday(today: string, weekday: number): string {
  const todays = isoWeekday(today);
  const back = (todays - weekday + 7) % 7 || 7;
  return addDays(today, -back);
}

function mondayOf(day: string): string {
  return addDays(day, -(isoWeekday(day) - 1));
}

function isoWeekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
}

// "irgendwann im sommer", "någon gång i höstas", "joskus kesällä", "sometime last spring": a time
// too vague to date a purchase by. Folded words.
const VAGUE_WORDS =
  /^(?:irgendwann|sometime|somewhen|engang|joskus|jossain|season|sommer|sommar|sommaren|sommeren|somras|summer|kesalla|kesana|herbst|hosten|hostas|hosten|efteraret|autumn|fall|syksylla|syksyna|fruhling|fruhjahr|spring|varen|varas|foraret|kevaalla|kevaana|winter|vinter|vintern|vinteren|talvella|talvena)$/;
const VAGUE_PHRASES = /(?:^|\s)(?:nagon gang|nan gang|en gang|pa et tidspunkt|jossain vaiheessa|at some point)(?:\s|$)/;

/** Whether an answer to "when?" gives a time too vague for a date ("irgendwann im Sommer"). */
export function vagueTime(text: string): boolean {
  const words = wordsOf(text);
  return words.length <= 8 && (words.some((w) => VAGUE_WORDS.test(w)) || VAGUE_PHRASES.test(words.join(' ')));
}

const WEEK_NUMBER =
  /(?:^|\s)(?:uge|ugen|vecka|veckan|v|uke|uka|veke|viikko|viikolla|viikon|kw|kalenderwoche|woche|week|wk)\s(\d{1,2})(?:\s|$)/;

/** The Monday of ISO week `week` of `year` (week 1 holds the year's first Thursday). */
function isoWeekMonday(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(mondayOf(jan4), 7 * (week - 1));
}
