// Which registered merchant a shop name stands for. A registered name (display name, alias) is
// kept under its merchantKey, a web domain under its domainKey; a name someone typed or a purchase
// carries is looked up under each of its keys in turn (merchantKeys), the name as written first.
// The lookup itself is a query (db/merchants.ts); the keys are here, one copy for the dispute
// writer, the CLI and the report.
import { merchantKey } from './purchases.ts';

// Words people put before a shop's name: "bei Zalando", "hos Elgiganten", "from Amazon".
const LEADING_WORDS =
  /^(?:bei|von|vom|beim|im|hos|fra|från|fran|på|pa|i|at|from|on|in|by|via|butiken|kaupasta|verkkokaupasta|shop|store|webshop|nettbutikken)\s+/iu;

// Finnish attaches case endings to a shop's name ("Zalandolta" from Zalando, "Zalandon" its,
// "Ikeasta" out of Ikea); after a consonant with a linking i ("Amazonilta"), after an
// abbreviation with a colon ("H&M:ltä", which the key folds to "hmlta"). Longest first. Kept to
// the endings people use of a shop (from, at, to, of, out of, in); a bare vowel (partitive) is
// left out, as it would strip the last letter of too many names.
const FINNISH_ENDINGS = [
  'seen',
  'lta',
  'lla',
  'lle',
  'sta',
  'ssa',
  'han',
  'hin',
  'hon',
  'hun',
  'hen',
  'ksi',
  'n',
] as const;

// A stem shorter than this is not a name: "hm" of "H&M:ltä" is the shortest we keep.
const MIN_STEM = 2;

/**
 * The key of a web domain: "zalando.se", "www.zalando.de", "https://shop.zalando.co.uk/x" all
 * give "zalando", the name the domain is registered under (the label before the top-level
 * domain). Undefined when `domain` is not a domain.
 */
export function domainKey(domain: string): string | undefined {
  const host = domain
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//u, '')
    .replace(/[/?#].*$/u, '')
    .replace(/:\d+$/u, '')
    .replace(/\.$/u, '');
  if (!/^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u.test(host)) return undefined;
  const labels = host.split('.');
  // "co.uk", "com.au": a second-level domain under a country's top level is not the name
  const secondLevel = labels.length >= 3 && /^(?:co|com|org|net|ac|gov)$/u.test(labels[labels.length - 2]!);
  const label = labels[labels.length - (secondLevel ? 3 : 2)]!;
  const key = merchantKey(label);
  return key || undefined;
}

/**
 * The keys a shop name may be registered under, the most literal first: the name's merchantKey,
 * then without a leading preposition ("bei Zalando"), then its domain's key when it is a web
 * address, then without a Finnish case ending ("Zalandolta", "Amazonilta"). The first key a
 * merchant is registered under decides, so "Zalandon" is the merchant "Zalandon" if there is one.
 */
export function merchantKeys(name: string): string[] {
  const written = name.trim();
  if (written === '') return [];
  const keys: string[] = [];
  const add = (key: string | undefined) => {
    if (key && key.length >= MIN_STEM && !keys.includes(key)) keys.push(key);
  };
  const bare = written.replace(LEADING_WORDS, '');
  const whole = [merchantKey(written), merchantKey(bare)];
  whole.forEach(add);
  add(domainKey(bare));
  for (const key of whole) {
    for (const ending of FINNISH_ENDINGS) {
      if (!key.endsWith(ending)) continue;
      const stem = key.slice(0, -ending.length);
      add(stem);
      // the linking vowel after a consonant: "amazoni" + "lta"
      if (/[^aeiouy]i$/u.test(stem)) add(stem.slice(0, -1));
    }
  }
  return keys;
}

/** The key a registered name is kept under: a domain's for a domain, the name's otherwise. */
export function registeredNameKey(name: string, kind: 'name' | 'alias' | 'domain'): string | undefined {
  if (kind === 'domain') return domainKey(name);
  const key = merchantKey(name);
  return key.length >= MIN_STEM ? key : undefined;
}

/**
 * The merchant `name` stands for, given the registry as key -> merchant: the merchant of its
 * first key that is registered (merchantKeys' order), or undefined.
 */
export function merchantFor<T>(name: string, registry: ReadonlyMap<string, T>): T | undefined {
  const key = merchantKeys(name).find((k) => registry.has(k));
  return key === undefined ? undefined : registry.get(key);
}
