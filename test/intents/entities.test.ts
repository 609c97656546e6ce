import { describe, expect, it } from 'vitest';
import { Entities, extractEntities } from '../../intents/entities.ts';

const orders = (text: string) => extractEntities(text).orderNumbers;
const refs = (text: string) => extractEntities(text).referenceNumbers;
const merchants = (text: string) => extractEntities(text).merchants;
const dateValues = (text: string) => extractEntities(text).dates.map((d) => d.value);
const amounts = (text: string, language?: 'sv' | 'no' | 'da' | 'fi' | 'de' | 'en') =>
  extractEntities(text, { language }).amounts.map((a) => [a.value, a.currency]);

describe('extractEntities returns data that fits its schema', () => {
  it.each([
    'Jag beställde från Zalando, ordernummer 12345678, 1 299,50 kr den 12 maj 2024',
    'Ich habe bei Otto bestellt, Bestellnummer ist 4711-0815, 45,99 € am 3. März',
    'nothing here at all',
    '',
  ])('%s', (text) => {
    expect(() => Entities.parse(extractEntities(text))).not.toThrow();
  });

  it('gives empty lists for a message without entities', () => {
    expect(extractEntities('Hej! Hur loggar jag in i appen?')).toEqual({
      orderNumbers: [],
      referenceNumbers: [],
      caseRefs: [],
      amounts: [],
      dates: [],
      merchants: [],
      emails: [],
      phones: [],
    });
  });
});

describe('order numbers after a cue word, in six languages', () => {
  it.each([
    ['sv', 'Mitt ordernummer är 12345678', '12345678'],
    ['sv', 'Beställning 98765 har inte kommit', '98765'],
    ['no', 'Ordrenummer: 100234567, varen kom aldri', '100234567'],
    ['no', 'Min bestilling 2024-0012345 er ikke kommet', '2024-0012345'],
    ['da', 'Jeg har ordrenr. A123456 fra sidste uge', 'A123456'],
    ['da', 'bestillingsnummer 556677 er ikke leveret', '556677'],
    ['fi', 'Tilausnumero on 55512345', '55512345'],
    ['fi', 'tilaukseni 778899 ei ole tullut', '778899'],
    ['de', 'Bestellnummer ist 4711-0815', '4711-0815'],
    ['de', 'meine Bestellung Nr. 123-456-789 fehlt', '123-456-789'],
    ['en', 'order #ZAL-98765 never arrived', 'ZAL-98765'],
    ['en', 'Order number: 112-1234567-1234567', '112-1234567-1234567'],
  ])('%s: %s', (_language, text, expected) => {
    expect(orders(text)).toEqual([expected]);
  });

  it('does not take words or short numbers after a cue', () => {
    expect(orders('I want to order something')).toEqual([]);
    expect(orders('order 12 pairs')).toEqual([]);
    expect(orders('Bestellung vom Montag')).toEqual([]);
  });

  it('does not take a number without a cue', () => {
    expect(orders('Jag betalade 12345678 igår')).toEqual([]);
  });

  it('never reports a personal identity number or a card as an order number', () => {
    expect(orders('ordernummer 121212-1212')).toEqual([]);
    expect(orders('order 4111111111111111')).toEqual([]);
    expect(orders('tilaus 131052-308T')).toEqual([]);
    expect(orders('ordre 01018012371')).toEqual([]);
    // and the PII is still seen as such: no phone, no amount, no date made of it
    const e = extractEntities('order 121212-1212');
    expect([e.referenceNumbers, e.phones, e.dates, e.amounts]).toEqual([[], [], [], []]);
  });

  it('keeps an order number with a leading zero an order number, not a phone', () => {
    const e = extractEntities('ordernummer 0701234567');
    expect(e.orderNumbers).toEqual(['0701234567']);
    expect(e.phones).toEqual([]);
  });
});

describe('other reference numbers', () => {
  it.each([
    ['sv', 'OCR-nummer 1234567890123', '1234567890123'],
    ['sv', 'Fakturan 41234567 är fel', '41234567'],
    ['no', 'KID 123456789012', '123456789012'],
    ['da', 'fakturanummer 20240042', '20240042'],
    ['fi', 'viitenumero 1234561', '1234561'],
    ['de', 'Rechnungsnummer: RE-2024-0815', 'RE-2024-0815'],
    ['en', 'reference number 99887766', '99887766'],
  ])('%s: %s', (_language, text, expected) => {
    expect(refs(text)).toEqual([expected]);
  });
});

describe('case references', () => {
  it('reads OMB- references, upper-cased, and does not mask them', () => {
    const e = extractEntities('Any news on my dispute omb-2024-00042? And OMB-7KQ2M9');
    expect(e.caseRefs).toEqual(['OMB-2024-00042', 'OMB-7KQ2M9']);
    expect(e.orderNumbers).toEqual([]);
  });
  it('does not take a bare prefix', () => {
    expect(extractEntities('OMB- what?').caseRefs).toEqual([]);
  });
});

describe('amounts with a currency', () => {
  it.each([
    ['1 299,50 kr', 'sv', 1299.5, 'SEK'],
    ['299:-', undefined, 299, 'SEK'],
    ['450,-', 'no', 450, 'NOK'],
    ['1.299,95 kr.', 'da', 1299.95, 'DKK'],
    ['SEK 12 345', undefined, 12345, 'SEK'],
    ['199 kronor', undefined, 199, 'SEK'],
    ['350 NOK', undefined, 350, 'NOK'],
    ['75 DKK', undefined, 75, 'DKK'],
    ['€45', undefined, 45, 'EUR'],
    ['45 EUR', undefined, 45, 'EUR'],
    ['45,99 €', undefined, 45.99, 'EUR'],
    ['89,90 euroa', 'fi', 89.9, 'EUR'],
    ['1.299,00 Euro', 'de', 1299, 'EUR'],
    ['1,299.50 EUR', 'en', 1299.5, 'EUR'],
    ['$120', undefined, 120, 'USD'],
  ])('%s', (written, language, value, currency) => {
    expect(amounts(`Det gäller ${written} på fakturan`, language as never)).toEqual([[value, currency]]);
  });

  it('leaves "kr" as KR when the language does not say which krone', () => {
    expect(amounts('betalte 349 kr')).toEqual([[349, 'KR']]);
    expect(amounts('betalte 349 kr', 'no')).toEqual([[349, 'NOK']]);
    expect(amounts('betalte 349 kr', 'sv')).toEqual([[349, 'SEK']]);
  });

  it('keeps the written form', () => {
    expect(extractEntities('Summa: 1 299,50 kr.').amounts[0]!.text).toBe('1 299,50 kr.');
  });

  it('does not take numbers without a currency', () => {
    expect(amounts('delbetalning på 3, 6 eller 12 månader, 2 st')).toEqual([]);
    expect(amounts('order 123456789 den 2024-05-12')).toEqual([]);
  });
});

describe('dates', () => {
  it.each([
    ['2024-05-12', '2024-05-12'],
    ['12.5.2024', '2024-05-12'],
    ['12.05.24', '2024-05-12'],
    ['12.5.', '--05-12'],
    ['12/5', '--05-12'],
    ['12/5/2024', '2024-05-12'],
    ['12-05-2024', '2024-05-12'],
  ])('numeric %s -> %s', (written, value) => {
    expect(dateValues(`datum ${written} tack`)).toEqual([value]);
  });

  it.each([
    ['sv', 'Jag betalade den 12 maj', '--05-12'],
    ['sv', 'förfallodag 1:a juni 2024', '2024-06-01'],
    ['no', 'forfall 3. mars 2024', '2024-03-03'],
    ['no', 'returnerte varen 14. desember', '--12-14'],
    ['da', 'betalt den 3. marts', '--03-03'],
    ['fi', 'maksoin 12. toukokuuta 2024', '2024-05-12'],
    ['fi', 'eräpäivä on kesäkuun 5.', '--06-05'],
    ['de', 'am 3. März bestellt', '--03-03'],
    ['de', 'seit dem 24. Dezember 2023', '2023-12-24'],
    ['en', 'on May 12th, 2024', '2024-05-12'],
    ['en', 'on the 3rd of March', '--03-03'],
    ['en', 'since 12 Oct.', '--10-12'],
  ])('%s: %s', (_language, text, value) => {
    expect(dateValues(text)).toEqual([value]);
  });

  it('keeps the written form and the parts', () => {
    expect(extractEntities('am 3. März 2024 bestellt').dates).toEqual([
      { text: '3. März 2024', value: '2024-03-03', year: 2024, month: 3, day: 3 },
    ]);
  });

  it('does not take impossible dates, amounts, versions or the modal verb "may"', () => {
    expect(dateValues('2024-02-30')).toEqual([]);
    expect(dateValues('31.4.2024')).toEqual([]);
    expect(dateValues('12.50 EUR')).toEqual([]);
    expect(dateValues('I may 2 times have paid')).toEqual([]);
    expect(dateValues('3 x 5 st')).toEqual([]);
  });

  it('does not read a date out of a personal identity number', () => {
    expect(dateValues('pnr 19121212-1212')).toEqual([]);
  });
});

describe('merchants where the consumer names them', () => {
  it.each([
    ['en', 'I ordered shoes from Zalando last week', 'Zalando'],
    ['en', 'I bought a TV at Power and it broke', 'Power'],
    ['sv', 'Jag handlade hos Elgiganten i maj', 'Elgiganten'],
    ['sv', 'Paketet från Clas Ohlson kom aldrig', 'Clas Ohlson'],
    ['no', 'Jeg kjøpte en PC fra Komplett', 'Komplett'],
    ['no', 'bestilte hos XXL. Fikk aldri varen', 'XXL'],
    ['da', 'Jeg købte en jakke hos H&M', 'H&M'],
    ['da', 'pakken fra Coolshop er ikke kommet', 'Coolshop'],
    ['fi', 'Ostin puhelimen kaupasta Verkkokauppa', 'Verkkokauppa'],
    ['fi', 'Tilasin H&M:ltä mekon', 'H&M'],
    ['de', 'Ich habe bei Otto bestellt', 'Otto'],
    ['de', 'Die Lieferung von Zalando fehlt', 'Zalando'],
    ['sv', 'köpte den från cdon.se', 'cdon.se'],
  ])('%s: %s', (_language, text, expected) => {
    expect(merchants(text)).toEqual([expected]);
  });

  it.each([
    'I got a letter from you yesterday',
    'from Monday to Friday',
    'at Christmas I bought presents',
    'Jag har hört av mig från BankID-appen',
    'hos er har jag aldrig handlat',
    'Können Sie mir bei Ihnen helfen?',
    'bei Bestellung bezahlt',
    'Ich habe von Ihrer Firma eine Rechnung',
    'fra Norge',
    'kaupasta en ostanut mitään',
    'I paid at 3 pm',
    'from 12 May',
    'hos elgiganten',
  ])('does not invent a merchant in "%s"', (text) => {
    expect(merchants(text)).toEqual([]);
  });
});

describe('e-mail and phone come from the PII finder', () => {
  it('lists them as written', () => {
    const e = extractEntities('Mail me at foo@example.com or call +46 70 123 45 67 or 0176 12345678.');
    expect(e.emails).toEqual(['foo@example.com']);
    expect(e.phones).toEqual(['+46 70 123 45 67', '0176 12345678']);
  });

  it('does not list an amount or order number as a phone', () => {
    const e = extractEntities('bestilling 41234567, 1 299 kr');
    expect(e.phones).toEqual([]);
    expect(e.orderNumbers).toEqual(['41234567']);
  });
});

describe('a whole message in each language', () => {
  it('sv', () => {
    const e = extractEntities(
      'Hej! Jag beställde från Zalando den 12 maj 2024, ordernummer 12345678, och betalade 1 299,50 kr i förskott.',
      { language: 'sv' },
    );
    expect(e.orderNumbers).toEqual(['12345678']);
    expect(e.merchants).toEqual(['Zalando']);
    expect(e.dates.map((d) => d.value)).toEqual(['2024-05-12']);
    expect(e.amounts).toEqual([{ value: 1299.5, currency: 'SEK', text: '1 299,50 kr' }]);
  });
  it('no', () => {
    const e = extractEntities(
      'Jeg returnerte varen til Komplett 14. april, men fikk purring på 349,- fra Komplett. Ordrenr 100234567',
      { language: 'no' },
    );
    expect(e.orderNumbers).toEqual(['100234567']);
    expect(e.merchants).toEqual(['Komplett']);
    expect(e.dates.map((d) => d.value)).toEqual(['--04-14']);
    expect(e.amounts.map((a) => [a.value, a.currency])).toEqual([[349, 'NOK']]);
  });
  it('da', () => {
    const e = extractEntities('Jeg har købt hos Elgiganten den 3. marts 2024 for 2.499,00 kr., ordrenummer 556677.', {
      language: 'da',
    });
    expect([e.orderNumbers, e.merchants, e.dates.map((d) => d.value)]).toEqual([
      ['556677'],
      ['Elgiganten'],
      ['2024-03-03'],
    ]);
    expect(e.amounts.map((a) => [a.value, a.currency])).toEqual([[2499, 'DKK']]);
  });
  it('fi', () => {
    const e = extractEntities('Tilasin kaupasta Verkkokauppa 12.3.2024, tilausnumero 10987654, hinta 89,90 €.', {
      language: 'fi',
    });
    expect([e.orderNumbers, e.merchants, e.dates.map((d) => d.value)]).toEqual([
      ['10987654'],
      ['Verkkokauppa'],
      ['2024-03-12'],
    ]);
    expect(e.amounts.map((a) => [a.value, a.currency])).toEqual([[89.9, 'EUR']]);
  });
  it('de', () => {
    const e = extractEntities('Ich habe am 3. März bei Otto bestellt (Bestellung 123-456-789) und 59,99 EUR bezahlt.', {
      language: 'de',
    });
    expect([e.orderNumbers, e.merchants, e.dates.map((d) => d.value)]).toEqual([
      ['123-456-789'],
      ['Otto'],
      ['--03-03'],
    ]);
    expect(e.amounts.map((a) => [a.value, a.currency])).toEqual([[59.99, 'EUR']]);
  });
  it('en', () => {
    const e = extractEntities(
      'I bought from Zalando, order #ZAL-98765 for €45 on May 12th, 2024. Any news on OMB-2024-00042?',
      { language: 'en' },
    );
    expect([e.orderNumbers, e.merchants, e.caseRefs]).toEqual([['ZAL-98765'], ['Zalando'], ['OMB-2024-00042']]);
    expect(e.dates.map((d) => d.value)).toEqual(['2024-05-12']);
    expect(e.amounts.map((a) => [a.value, a.currency])).toEqual([[45, 'EUR']]);
  });
});
