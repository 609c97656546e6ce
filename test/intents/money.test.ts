// Money read from what people write, as an integer of minor units with its currency: no float
// ever holds the amount (issue 16, "money as amounts").
import { describe, expect, it } from 'vitest';
import { findAmounts, minorUnitDigits, parseAmountMinor } from '../../intents/entities/amounts.ts';

describe('a written number as minor units', () => {
  it.each([
    ['1 299,50', 'SEK', 129_950],
    ['1.299', 'SEK', 129_900],
    ['12,5', 'EUR', 1_250],
    ['0,29', 'SEK', 29],
    ['1.15', 'EUR', 115],
    ['4.35', 'EUR', 435],
    ['1,299.95', 'EUR', 129_995],
    ['899', 'NOK', 89_900],
    ['1.299', 'ISK', 1_299],
    ['999 999 999 999', 'SEK', 99_999_999_999_900],
  ])('%s %s is %i minor units', (written, currency, minor) => {
    expect(parseAmountMinor(written, currency)).toBe(minor);
  });

  it.each([
    ['', 'SEK'],
    ['kr', 'SEK'],
    ['12,50', 'ISK'],
    ['999 999 999 999 999', 'SEK'],
  ])('"%s" in %s is no amount', (written, currency) => {
    expect(parseAmountMinor(written, currency)).toBeUndefined();
  });

  it('knows the minor unit of each currency, and takes 2 for one Intl does not know', () => {
    expect([
      minorUnitDigits('SEK'),
      minorUnitDigits('EUR'),
      minorUnitDigits('ISK'),
      minorUnitDigits('JPY'),
      minorUnitDigits('KR'),
    ]).toEqual([2, 2, 0, 0, 2]);
  });

  it('an amount found in a message carries its exact minor units, where cents times 100 in floating point would not', () => {
    // 0.29 * 100 is 28.999999999999996 and 1.15 * 100 is 114.99999999999999 in floating point.
    expect(findAmounts('två avgifter: 0,29 kr och 1,15 kr', 'sv').map((a) => [a.amountMinor, a.currency])).toEqual([
      [29, 'SEK'],
      [115, 'SEK'],
    ]);
    expect(findAmounts('es waren 1.299,95 €', 'de')[0]?.amountMinor).toBe(129_995);
  });
});
