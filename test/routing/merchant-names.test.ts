// Which registered merchant a shop's name stands for: the keys a name is registered under, the
// keys a typed name is looked up under (most literal first), and the lookup over a small registry.
import { describe, expect, it } from 'vitest';
import { domainKey, merchantFor, merchantKeys, registeredNameKey } from '../../routing/index.ts';

/** A registry as the database keeps it: each registered name's key, to its merchant. */
function registry(merchants: Record<string, Array<[string, 'name' | 'alias' | 'domain']>>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [merchant, names] of Object.entries(merchants)) {
    for (const [name, kind] of names) keys.set(registeredNameKey(name, kind)!, merchant);
  }
  return keys;
}

const REGISTRY = registry({
  Zalando: [
    ['Zalando', 'name'],
    ['zalando.fi', 'domain'],
  ],
  Amazon: [['Amazon', 'name']],
  'H&M': [['H&M', 'name']],
  Ikea: [['IKEA', 'name']],
  Elgiganten: [['Elgiganten', 'name']],
  'Zalando Lounge': [['Zalando Lounge', 'name']],
  Verkkokauppa: [['Verkkokauppa.com Oyj', 'name']],
});

describe('a typed or carried shop name finds its merchant', () => {
  it.each([
    ['Zalando', 'Zalando'],
    ['zalando.se', 'Zalando'],
    ['ZALANDO SE', 'Zalando'],
    ['Zalando SE', 'Zalando'], // as the purchase directory carries it
    ['Zalándo', 'Zalando'],
    ['https://www.zalando.de/damen/', 'Zalando'],
    ['shop.zalando.co.uk', 'Zalando'],
    ['Zalandolta', 'Zalando'], // Finnish: from Zalando
    ['Zalandon', 'Zalando'], // Finnish: Zalando's
    ['Zalandosta', 'Zalando'],
    ['Zalandolle', 'Zalando'],
    ['bei Zalando', 'Zalando'],
    ['hos Elgiganten', 'Elgiganten'],
    ['Elgigantenilta', 'Elgiganten'], // a linking i after a consonant
    ['Amazonilta', 'Amazon'],
    ['Amazonin', 'Amazon'],
    ['H&M:ltä', 'H&M'], // an abbreviation takes its ending after a colon
    ['Ikeasta', 'Ikea'],
    ['Zalando Lounge', 'Zalando Lounge'],
    ['verkkokauppa.com', 'Verkkokauppa'],
    ['Verkkokauppa.comista', 'Verkkokauppa'], // an ending on a domain: the label before it is the name
    ['Boozt', undefined],
    ['Zalandoo', undefined],
    ['Zal', undefined],
    ['', undefined],
    ['   ', undefined],
  ])('%j -> %s', (name, merchant) => {
    expect(merchantFor(name, REGISTRY)).toBe(merchant);
  });

  it('the name as written decides before any ending is taken off: a shop registered as "Zalandon" keeps its name', () => {
    const both = new Map([...REGISTRY, ['zalandon', 'Zalandon Oy']]);
    expect(merchantFor('Zalandon', both)).toBe('Zalandon Oy');
    expect(merchantFor('Zalandolta', both)).toBe('Zalando');
  });

  it('an ending is only taken off when what is left is a registered name: "Ikean" is Ikea, "Amazona" is nobody', () => {
    expect(merchantFor('Ikean', REGISTRY)).toBe('Ikea');
    expect(merchantFor('Amazona', REGISTRY)).toBeUndefined();
  });
});

describe('the keys of a name, most literal first', () => {
  it.each([
    ['Zalando', ['zalando']],
    ['Zalandolta', ['zalandolta', 'zalando']],
    ['bei Zalando', ['beizalando', 'zalando']],
    ['Amazonilta', ['amazonilta', 'amazoni', 'amazon']],
    ['H&M:ltä', ['hmlta', 'hm']],
    ['', []],
  ])('%j -> %j', (name, keys) => {
    expect(merchantKeys(name)).toEqual(keys);
  });
});

describe('a web domain is kept under its name', () => {
  it.each([
    ['zalando.se', 'zalando'],
    ['www.zalando.de', 'zalando'],
    ['https://shop.zalando.co.uk/path?x=1', 'zalando'],
    ['ZALANDO.FI.', 'zalando'],
    ['zalando.se:443', 'zalando'],
    ['Zalando', undefined],
    ['not a domain.se', undefined],
  ])('%j -> %s', (domain, key) => {
    expect(domainKey(domain)).toBe(key);
  });

  it('a registered alias uses the name key, a registered domain the domain key', () => {
    expect(registeredNameKey('Zalando SE', 'alias')).toBe('zalando');
    expect(registeredNameKey('shop.zalando.se', 'domain')).toBe('zalando');
    expect(registeredNameKey('shop.zalando.se', 'alias')).toBe('shopzalando');
    expect(registeredNameKey('!!', 'name')).toBeUndefined();
  });
});
