// Spoken and texted spellings of words, by language, with the written word that the training
// corpus and the dialog's readers know: "ik" is the Danish "ikke", "itte" the Norwegian, "nich"
// the German "nicht", "kenn i ned" Austrian for "kenne ich nicht". Keys are folded (lower case, no
// diacritics), as the classifier's tokenizer and the readers see words. Only forms that mean
// nothing else in their language.
import type { Language } from './labels.ts';

/** Austrian and Swiss German as typed in a chat: the corpus is written in standard German. */
const GERMAN: Record<string, string> = {
  ned: 'nicht',
  net: 'nicht',
  nod: 'nicht',
  nid: 'nicht',
  nix: 'nichts',
  nut: 'nichts',
  i: 'ich',
  hab: 'habe',
  ha: 'habe',
  han: 'habe',
  kenn: 'kenne',
  isch: 'ist',
  is: 'ist',
  gsi: 'gewesen',
  gwesen: 'gewesen',
  bstellt: 'bestellt',
  kauft: 'gekauft',
  zahlt: 'gezahlt',
  rechnig: 'rechnung',
  bestellig: 'bestellung',
  zrugg: 'zuruck',
  zruck: 'zuruck',
  zruggschickt: 'zuruckgeschickt',
  aacho: 'angekommen',
  acho: 'angekommen',
  cho: 'gekommen',
  kumma: 'gekommen',
  zwamal: 'zweimal',
  zwoamal: 'zweimal',
  zwa: 'zwei',
  chan: 'kann',
  cha: 'kann',
  wott: 'will',
  mocht: 'mochte',
  oppis: 'etwas',
  opper: 'jemand',
  oppert: 'jemand',
  mensche: 'menschen',
  monsch: 'mensch',
  eich: 'euch',
  mini: 'meine',
  mis: 'mein',
  geschter: 'gestern',
  vorgeschter: 'vorgestern',
  gschickt: 'geschickt',
  gmacht: 'gemacht',
  gfunde: 'gefunden',
  nich: 'nicht',
};

/** What every language's speakers type for its words. */
const BY_LANGUAGE: Record<Language, Record<string, string>> = {
  sv: { int: 'inte' },
  no: { itj: 'ikke', itte: 'ikke', sia: 'siden', forr: 'for' },
  da: { ik: 'ikke' },
  fi: { kaks: 'kaksi', viikkoo: 'viikkoa' },
  de: GERMAN,
  en: { yday: 'yesterday', yest: 'yesterday' },
};

/** Part of the training recipe: the forms change the classifier's words, so a change retrains the model. */
export const SPOKEN_FINGERPRINT = JSON.stringify(BY_LANGUAGE);

export const SPOKEN_BY_LANGUAGE: Readonly<Record<Language, ReadonlyMap<string, string>>> = {
  sv: new Map(Object.entries(BY_LANGUAGE.sv)),
  no: new Map(Object.entries(BY_LANGUAGE.no)),
  da: new Map(Object.entries(BY_LANGUAGE.da)),
  fi: new Map(Object.entries(BY_LANGUAGE.fi)),
  de: new Map(Object.entries(BY_LANGUAGE.de)),
  en: new Map(Object.entries(BY_LANGUAGE.en)),
};

/**
 * The forms the dialog's readers undo whatever the message's language (they read a message
 * before its language is known, and answers too short to tell): every language's own, except the
 * German dialect words that are other languages' words ("i", "is", "net"), plus "nich".
 */
export const SPOKEN_IN_ANY_LANGUAGE: ReadonlyMap<string, string> = new Map([
  ...Object.entries(BY_LANGUAGE.sv),
  ...Object.entries(BY_LANGUAGE.no),
  ...Object.entries(BY_LANGUAGE.da),
  ...Object.entries(BY_LANGUAGE.fi),
  ...Object.entries(BY_LANGUAGE.en),
  ['nich', 'nicht'],
]);
