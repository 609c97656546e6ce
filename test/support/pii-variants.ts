// Personal data the way people really type it: the numbers an outside probe saw slip past the
// mask, with their digit groups separated by every Unicode space, dots, slashes, dashes of every
// kind and zero-width characters, single or repeated. One table for redact() and for every copy
// that leaves the database (Slack, the LLM request, logs, the ombudsman's dossier), so each of
// them is held to the same list.
import { PII_TOKENS, type PiiKind } from '../../intents/redact.ts';

export interface PiiVariant {
  /** For test output: the number and what separates its groups. */
  name: string;
  kind: PiiKind;
  /** As the consumer typed it. */
  written: string;
  /** Its letters and digits alone: what must not reach any copy, however it is separated there. */
  compact: string;
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

function everyCodeUnit(test: RegExp): number[] {
  const found: number[] = [];
  for (let code = 0; code <= 0xffff; code++) if (test.test(String.fromCharCode(code))) found.push(code);
  return found;
}

/** Every space of Unicode (general category Zs), from the plain space to U+3000. */
const SPACES = everyCodeUnit(/^\p{Zs}$/u).map((code) => ({ name: hex(code), separator: String.fromCharCode(code) }));
/** The dashes people meet: hyphen-minus, U+2010 to U+2015 (hyphen to horizontal bar) and the minus sign. */
const DASHES = [0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212].map((code) => ({
  name: hex(code),
  separator: String.fromCharCode(code),
}));
/** Invisible characters a copy from a web page, a PDF or a phone's contacts leaves between digits. */
const ZERO_WIDTH = [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff].map((code) => ({
  name: `${hex(code)} (zero width)`,
  separator: String.fromCharCode(code),
}));

export const SEPARATORS: readonly { name: string; separator: string }[] = [
  ...SPACES,
  ...DASHES,
  ...ZERO_WIDTH,
  { name: 'two spaces', separator: '  ' },
  { name: 'two no-break spaces', separator: '\u00a0\u00a0' },
  { name: 'tab', separator: '\t' },
  { name: 'dot', separator: '.' },
  { name: 'two dots', separator: '..' },
  { name: 'slash', separator: '/' },
  { name: 'two hyphens', separator: '--' },
  { name: 'en dash twice', separator: '\u2013\u2013' },
  { name: 'space, hyphen, space', separator: ' - ' },
  { name: 'space, slash, space', separator: ' / ' },
  { name: 'space and zero-width space', separator: ' \u200b' },
  { name: 'two zero-width spaces', separator: '\u200b\u200b' },
];

/** Valid numbers (Luhn; date and Luhn; mod-97; a Swedish mobile), as the groups they are written in. */
const NUMBERS: readonly { what: string; kind: PiiKind; groups: readonly string[] }[] = [
  { what: 'card 5555 5555 5555 4444', kind: 'card', groups: ['5555', '5555', '5555', '4444'] },
  { what: 'card 4012 8888 8888 1881', kind: 'card', groups: ['4012', '8888', '8888', '1881'] },
  { what: 'personnummer 850709-9805', kind: 'personal_id', groups: ['850709', '9805'] },
  { what: 'fødselsnummer 010180 12371', kind: 'personal_id', groups: ['010180', '12371'] },
  {
    what: 'IBAN SE45 5000 0000 0583 9825 7466',
    kind: 'iban',
    groups: ['SE45', '5000', '0000', '0583', '9825', '7466'],
  },
  { what: 'phone 070 123 45 67', kind: 'phone', groups: ['070', '123', '45', '67'] },
];

const compactOf = (written: string) => written.replace(/[^\p{L}\p{N}]/gu, '');

function rowsFor(what: string, kind: PiiKind, groups: readonly string[]): PiiVariant[] {
  return SEPARATORS.map(({ name, separator }) => {
    const written = groups.join(separator);
    return { name: `${what}, ${name}`, kind, written, compact: compactOf(written) };
  });
}

// Numbers whose dash is part of the number: a Danish CPR is taken on its printed hyphen (it has
// no check digit), a Finnish henkilötunnus has its century sign there. Every dash must do.
function dashRows(what: string, before: string, after: string): PiiVariant[] {
  return DASHES.map(({ name, separator }) => {
    const written = `${before}${separator}${after}`;
    return { name: `${what}, ${name}`, kind: 'personal_id', written, compact: compactOf(written) };
  });
}

export const PII_VARIANTS: readonly PiiVariant[] = [
  ...NUMBERS.flatMap((n) => rowsFor(n.what, n.kind, n.groups)),
  ...dashRows('CPR 010190-1234', '010190', '1234'),
  ...dashRows('henkilötunnus 131052-308T', '131052', '308T'),
];

/** The numbers exactly as the probe reported them unmasked. */
export const PROBE_FINDINGS: readonly PiiVariant[] = [
  ['card 5555 5555 5555 4444 with no-break spaces', 'card', '5555\u00a05555\u00a05555\u00a04444'],
  ['card 4012.8888.8888.1881', 'card', '4012.8888.8888.1881'],
  ['personnummer 850709 9805', 'personal_id', '850709 9805'],
  ['personnummer with an en dash', 'personal_id', '850709\u20139805'],
  ['IBAN with no-break spaces', 'iban', 'SE45\u00a05000\u00a00000\u00a00583\u00a09825\u00a07466'],
  ['IBAN with dashes', 'iban', 'SE45-5000-0000-0583-9825-7466'],
  ['phone 070.123.45.67', 'phone', '070.123.45.67'],
].map(([name, kind, written]) => ({
  name: name!,
  kind: kind as PiiKind,
  written: written!,
  compact: compactOf(written!),
}));

export interface VariantMessage {
  /** A consumer message holding several variants of one number. */
  text: string;
  /** The same message with each variant replaced by its kind's token: what may leave the database. */
  masked: string;
  variants: readonly PiiVariant[];
}

/**
 * The table as consumer messages: one per number (all its variants, separated by "; "), each
 * under the chat's 2,000-character limit, so a copy can be checked message by message.
 */
export function variantMessages(): VariantMessage[] {
  const byNumber = new Map<string, PiiVariant[]>();
  for (const variant of [...PROBE_FINDINGS, ...PII_VARIANTS]) {
    const key = `${variant.kind}:${variant.compact}`;
    byNumber.set(key, [...(byNumber.get(key) ?? []), variant]);
  }
  return [...byNumber.values()].map((variants) => ({
    text: `Uppgifter: ${variants.map((v) => v.written).join('; ')}`,
    masked: `Uppgifter: ${variants.map((v) => PII_TOKENS[v.kind]).join('; ')}`,
    variants,
  }));
}

/** The variants whose number can still be read in `copy`, whatever separates its characters there. */
export function leakedVariants(copy: string, variants: readonly PiiVariant[]): string[] {
  const readable = compactOf(copy);
  return variants.filter((v) => readable.includes(v.compact)).map((v) => v.name);
}
