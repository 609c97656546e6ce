// Cue words that introduce an order or reference number, in the six languages the bot
// speaks. Shared by the entity extractor (to read the number) and the phone finder (so
// that "order 0701234567" stays an order number and is not masked as a phone).

/** Words for an order (the consumer's purchase at a shop). */
const ORDER_CUES = [
  'order(?:nummer|nummret|numret|nr|number|no|id)?', // en, sv
  'ordre(?:nummer|nummeret|nr)?', // no, da
  'beställning(?:en|s-?nummer|s-?nr|snumret|snummret)?', // sv
  'bestilling(?:en|s-?nummer|s-?nr|snummeret)?', // no, da
  'tilaus(?:numero(?:ni)?|nro|tunnus)?',
  'tilauksen(?:i|\\s+numero)?',
  'tilaukseni', // fi
  'bestellung',
  'bestell-?(?:nummer|nr)',
  'auftrag(?:s-?nummer|s-?nr)?', // de
];

/** Words for other reference numbers: payment references, invoices, parcels, customers. */
const REFERENCE_CUES = [
  'ref',
  'referens(?:nummer|nummret|nr)?',
  'referanse(?:nummer|nr)?',
  'reference(?:nummer|\\s+number|\\s+no)?',
  'referenz(?:nummer)?',
  'viite(?:numero|nro)?',
  'viitteen',
  'ocr(?:-?nummer|-?nr)?',
  'kid(?:-?nummer|-?nr)?',
  'faktura(?:n|en|nummer|nummeret|nr)?',
  'invoice(?:\\s+number|\\s+no)?',
  'lasku(?:n\\s+numero|numero|ni|n)?',
  'rechnung(?:s-?(?:nummer|nr))?',
  'tracking(?:\\s+number|\\s+no)?',
  'sändningsnummer',
  'kollinummer',
  'forsendelsesnummer',
  'pakkenummer',
  'sendungsnummer',
  'seurantakoodi',
  'lähetystunnus',
  'kund(?:e|en)?nummer',
  'asiakasnumero',
  'customer\\s+number',
];

// What may stand between the cue and the number: "order no. 123", "ordernummer: 123",
// "Bestellnummer ist 123", "tilausnumeroni on 123", "order #123". White space, then up to three
// marks or words each followed by white space. A run of white space has one place in the
// pattern to go, so a failed match gives it back once: written as alternatives that each took
// white space on either side, a long run could be split between them in a number of ways that
// grows with a power of its length ("ref", 1,990 spaces and "! 1" took 11 s and held the whole
// service).
const FILLER =
  '\\s*(?:(?:[.:#=\\-–]|(?:nr|no|number|nummer|numero|nro|is|was|är|var|er|on|oli|ist|lautet|war)(?![\\p{L}])\\.?)\\s*){0,3}';

/** An order/reference number: letters, digits and inner hyphens; checked for digits in code. */
const VALUE = '([A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?)(?![\\p{L}\\p{N}])';

export const ORDER_NUMBER = new RegExp(`(?<!\\p{L})(?:${ORDER_CUES.join('|')})(?!\\p{L})${FILLER}${VALUE}`, 'giu');
export const REFERENCE_NUMBER = new RegExp(
  `(?<!\\p{L})(?:${REFERENCE_CUES.join('|')})(?!\\p{L})${FILLER}${VALUE}`,
  'giu',
);

/** True when a text (the few characters before a number) ends with an order or reference cue. */
export const REFERENCE_CUE_BEFORE = new RegExp(
  `(?<!\\p{L})(?:${[...ORDER_CUES, ...REFERENCE_CUES].join('|')})(?!\\p{L})${FILLER}$`,
  'iu',
);

/**
 * Ombud's case references: "OMB-" and then groups of letters and digits, e.g. OMB-2024-00042
 * or OMB-7KQ2M. They are the consumer's handle on a case, not personal data, so the PII
 * finders leave them alone and the entity extractor reports them (upper-cased).
 */
export const CASE_REF = /(?<![\p{L}\p{N}])OMB-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\p{L}\p{N}])/giu;
