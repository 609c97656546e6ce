// What the domain asks of purchases: when two names are one shop, which purchases fit what the
// consumer described (the buttons the dialog offers), and what a picked purchase puts on the case.
import { describe, expect, it } from 'vitest';
import {
  merchantKey,
  orderKey,
  Purchase,
  purchaseEntities,
  purchasesFitting,
  type DescribedPurchase,
} from '../../routing/index.ts';

describe('one shop, however it is written', () => {
  it.each([
    ['Zalando', 'zalando'],
    ['zalando.se', 'zalando'],
    ['ZALANDO SE', 'zalando'],
    ['Zalándo', 'zalando'],
    ['www.zalando.de', 'zalando'],
    ['Hjem og Hage AS', 'hjemoghage'],
    ['Kop & Kande ApS', 'kopkande'],
    ['Elkjøp', 'elkjop'],
    ['Verkkokauppa.com Oyj', 'verkkokauppa'],
    ['H&M', 'hm'],
    ['Punkt1', 'punkt1'],
  ])('%s -> %s', (name, key) => {
    expect(merchantKey(name)).toBe(key);
  });

  it('digits stay: Punkt1 and Punkt2 are two shops', () => {
    expect(merchantKey('Punkt1')).not.toBe(merchantKey('Punkt2'));
  });

  it('a name that is only a legal form keeps its letters', () => {
    expect(merchantKey('AS')).toBe('as');
  });

  it('an order number is its letters and digits', () => {
    expect(orderKey('ZA-1234 5678')).toBe(orderKey('za12345678'));
    expect(orderKey('1234 5678')).toBe('12345678');
  });
});

const purchase = (fields: Partial<Purchase>): Purchase => ({
  id: 'p',
  merchant: 'Zalando',
  amountMinor: 89_900,
  currency: 'SEK',
  purchaseDate: '2026-11-03',
  orderNumber: null,
  invoiceId: null,
  invoiceState: 'open',
  dueDate: null,
  ...fields,
});

const PURCHASES = [
  purchase({ id: 'zalando-899', purchaseDate: '2026-11-03', orderNumber: '10455781' }),
  purchase({ id: 'zalando-499', amountMinor: 49_900, purchaseDate: '2026-11-28' }),
  purchase({ id: 'elgiganten', merchant: 'Elgiganten', amountMinor: 249_000, purchaseDate: '2026-11-21' }),
  purchase({ id: 'komplett', merchant: 'Komplett', amountMinor: 159_000, currency: 'NOK', purchaseDate: '2026-10-02' }),
];

describe('the purchases that fit what the consumer described', () => {
  const ids = (described: DescribedPurchase, limit?: number) =>
    purchasesFitting(PURCHASES, described, limit).map((p) => p.id);

  it.each<[string, DescribedPurchase, string[]]>([
    ['nothing described: the newest first', {}, ['zalando-499', 'elgiganten', 'zalando-899', 'komplett']],
    ['the shop, as typed', { merchant: 'zalando.se' }, ['zalando-499', 'zalando-899']],
    ['the shop and the amount', { merchant: 'Zalando', amountMinor: 89_900, currency: 'SEK' }, ['zalando-899']],
    ['an amount alone', { amountMinor: 249_000 }, ['elgiganten']],
    ['the amount in another currency fits nothing', { amountMinor: 89_900, currency: 'EUR' }, []],
    ['the order number', { orderNumber: '1045 5781' }, ['zalando-899']],
    [
      'a day near the purchase ranks it first',
      { merchant: 'Zalando', date: '2026-11-05' },
      ['zalando-899', 'zalando-499'],
    ],
    [
      'a day only ranks: far from every purchase, the nearest first',
      { date: '2025-01-01' },
      ['komplett', 'zalando-899', 'elgiganten', 'zalando-499'],
    ],
    [
      'an order number no purchase has leaves those without one',
      { orderNumber: '999' },
      ['zalando-499', 'elgiganten', 'komplett'],
    ],
    ['a shop that was not bought from fits none', { merchant: 'Jula' }, []],
  ])('%s', (_, described, expected) => {
    expect(ids(described)).toEqual(expected);
  });

  it('at most as many as the buttons', () => {
    expect(ids({}, 2)).toEqual(['zalando-499', 'elgiganten']);
  });

  it('a short name fits only itself, a longer one the shop it starts', () => {
    const shops = [
      purchase({ id: 'hm', merchant: 'H&M' }),
      purchase({ id: 'hmv', merchant: 'HMV' }),
      purchase({ id: 'lounge', merchant: 'Zalando Lounge' }),
    ];
    expect(purchasesFitting(shops, { merchant: 'hm' }).map((p) => p.id)).toEqual(['hm']);
    expect(purchasesFitting(shops, { merchant: 'Zalando' }).map((p) => p.id)).toEqual(['lounge']);
  });
});

describe('a purchase record', () => {
  it('a picked purchase gives the case its facts and points the case at it', () => {
    expect(purchaseEntities(PURCHASES[0]!)).toEqual({
      purchaseId: 'zalando-899',
      merchant: 'Zalando',
      amountMinor: 89_900,
      currency: 'SEK',
      orderNumber: '10455781',
      purchaseDate: '2026-11-03',
    });
  });

  it.each([
    ['an amount with decimals', { amountMinor: 899.5 }, 'amountMinor'],
    ['a negative amount', { amountMinor: -1 }, 'amountMinor'],
    ['a currency nobody uses', { currency: 'KRN' }, 'currency'],
    ['a day not in the calendar', { purchaseDate: '2026-02-30' }, 'purchaseDate'],
    ['a month not in the calendar', { dueDate: '2026-13-45' }, 'dueDate'],
    ['a date written otherwise', { purchaseDate: '3.11.2026' }, 'purchaseDate'],
    ['an invoice state the contract does not name', { invoiceState: 'pending' }, 'invoiceState'],
    ['an id with a space', { id: 'p 1' }, 'id'],
  ])('refuses %s', (_, fields, path) => {
    const parsed = Purchase.safeParse({ ...PURCHASES[0], ...fields });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});
