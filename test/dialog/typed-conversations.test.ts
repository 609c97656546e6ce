// Conversations typed the way people type on a phone, through the real service (the app API, no
// button payloads), on PGlite and PostgreSQL. The first three are the reports that showed the
// dialog falling apart: each must end in the right case with the right facts. The case is read
// back as its consumer sees it (GET /api/cases/:ref), purchase facts included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { addDays, dayIn } from '../../bot/dialog/readers/date.ts';
import { chatConsumer, type Reply } from '../support/chat-consumer.ts';
import { startServiceOnFreshDatabase } from '../support/process.ts';

/** The latest day-month not after today, in the consumer's zone: what "30.11." means. */
function latest(monthDay: string, zone: string): string {
  const today = dayIn(zone, new Date());
  const thisYear = `${today.slice(0, 4)}-${monthDay}`;
  return thisYear <= today ? thisYear : `${Number(today.slice(0, 4)) - 1}-${monthDay}`;
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`typed conversations [${kind}]`, () => {
    let base: string;
    let stop = async () => {};

    beforeAll(async () => {
      ({ base, stop } = await startServiceOnFreshDatabase(kind, { LOG_LEVEL: 'warn' }));
    }, 90_000);
    afterAll(() => stop());

    const consumer = (locale: string) => chatConsumer(base, locale);
    const asks = (replies: Reply[]) => replies.at(-1)?.expects;

    it('de: a purchase not made, everything in the first message; "Ja" files it; the status is found', async () => {
      const c = await consumer('de-DE');
      const first = await c.say(
        'Auf meiner Rechnung steht ein Kauf über 129,99 € bei MediaMarkt vom 30.11., den ich nicht gemacht habe',
      );
      expect(asks(first)).toBe('confirm');
      const filed = await c.say('Ja');
      expect(filed.at(-1)?.case).toMatchObject({ intent: 'unrecognized_purchase', tier: 'investigation' });
      expect(await c.theCase()).toMatchObject({
        purchase: {
          merchant: 'MediaMarkt',
          amountMinor: 12_999,
          currency: 'EUR',
          date: latest('11-30', 'Europe/Berlin'),
        },
      });
      const status = await c.say('Wie ist der Stand meines Falls?');
      expect(status.map((r) => r.text).join('\n')).toContain((await c.theCase()).ref);
      expect(status.map((r) => r.text).join('\n')).not.toContain(t('de', 'no_case_found'));
    });

    it('no: a return still billed, shop after "til"; the return\'s date is not the purchase\'s, so that is asked; "ja" to the rest', async () => {
      const c = await consumer('nb-NO');
      const first = await c.say(
        'Hei, jeg returnerte en jakke til Nordsko AS for tre uker siden, men har fortsatt fått faktura på 899 kr.',
      );
      expect(asks(first)).toBe('date');
      expect(asks(await c.say('kjøpte den 2. november'))).toBe('contacted');
      expect(asks(await c.say('ja'))).toBe('confirm');
      const filed = await c.say('ja');
      expect(filed.at(-1)?.case).toMatchObject({ intent: 'merchant_disagreement', tier: 'investigation' });
      expect(await c.theCase()).toMatchObject({
        purchase: {
          merchant: 'Nordsko AS',
          amountMinor: 89_900,
          currency: 'NOK',
          date: `${dayIn('Europe/Oslo', new Date()).slice(0, 4)}-11-02`,
          contactedMerchant: true,
        },
      });
    });

    it('fi: a question typed at the shop question is no shop; the report goes on and keeps the shop typed next', async () => {
      const c = await consumer('fi-FI');
      expect(asks(await c.say('Minulta veloitettiin kahdesti samasta ostoksesta, 249 euroa, tiistaina'))).toBe('shop');
      const asked = await c.say('onko asiassani tapahtunut mitään?');
      expect(asked.map((r) => r.text).join('\n')).not.toContain('Onko asiassani');
      expect(asks(asked)).toBe('shop');
      expect(asks(await c.say('Musiikkiliike Sävel'))).toBe('contacted');
      expect(asks(await c.say('ei'))).toBe('confirm');
      await c.say('joo');
      expect(await c.theCase()).toMatchObject({
        intent: 'merchant_disagreement',
        purchase: { merchant: 'Musiikkiliike Sävel', amountMinor: 24_900, currency: 'EUR' },
      });
    });

    it('sv: a shop named with a doubt ("Zalando, räcker det?") is the shop; a clear new question mid-report is answered', async () => {
      const c = await consumer('sv-SE');
      const answers: Record<string, string> = {
        choice: 'de drog pengarna två gånger',
        amount: '499 kr',
        date: 'i går',
        contacted: 'nej',
      };
      let replies = await c.say('Jag har blivit dragen två gånger för samma köp');
      for (let turn = 0; turn < 5 && asks(replies) !== 'shop'; turn++)
        replies = await c.say(answers[asks(replies) ?? ''] ?? 'vet inte');
      expect(asks(replies)).toBe('shop');
      const named = await c.say('Zalando, räcker det?');
      expect(asks(named)).not.toBe('shop');
      expect(named.map((r) => r.text).join('\n')).not.toContain(t('sv', 'shop_needed'));
      const other = await c.say('Kan jag logga in med BankID på en ny telefon?');
      expect(asks(other)).toBe('helped');
    });

    it('no: a question back at the amount question keeps the report; no case at customer service', async () => {
      const c = await consumer('nb-NO');
      expect(asks(await c.say('Det ligger en faktura i appen som ikke er min, fra Fjordlys Interiør AS'))).toBe(
        'amount',
      );
      expect(asks(await c.say('hele fakturaen eller bare det ene kjøpet?'))).toBe('amount');
      expect(asks(await c.say('1 290 kr'))).not.toBe('amount');
    });

    it('no: "Jeg har kontaktet butikken" in the first message is not asked again', async () => {
      const c = await consumer('nb-NO');
      const first = await c.say(
        'Jeg har kontaktet butikken, men Komplett vil ikke gi meg pengene tilbake for en ødelagt skjerm til 2 490 kr',
      );
      const kinds = [asks(first)];
      for (const answer of ['i går', 'ja']) kinds.push(asks(await c.say(answer)));
      expect(kinds).not.toContain('contacted');
      expect(await c.theCase()).toMatchObject({ purchase: { merchant: 'Komplett', contactedMerchant: true } });
    });

    it('en: an unknown shop named later stays an unrecognised purchase; "no idea" skips the date; "Yes, send it" files it', async () => {
      const c = await consumer('en-SE');
      expect(asks(await c.say("1299 kr from a shop I've never heard of, I didn't buy this"))).toBe('shop');
      expect(asks(await c.say('the shop is called TechNordic AB'))).toBe('date');
      expect(asks(await c.say('no idea'))).toBe('confirm');
      const filed = await c.say('Yes, send it');
      expect(filed.at(-1)?.case).toMatchObject({ intent: 'unrecognized_purchase', tier: 'investigation' });
      expect(await c.theCase()).toMatchObject({
        purchase: { merchant: 'TechNordic AB', amountMinor: 129_900, currency: 'SEK', date: null },
      });
    });

    it('en: "no" and "No, not yet" answer whether the shop was contacted, once each, no loop', async () => {
      const c = await consumer('en-NO');
      const first = await c.say(
        'My parcel from Komplett never arrived and they want me to pay 1 490 NOK, I ordered it last Tuesday',
      );
      expect(asks(first)).toBe('contacted');
      expect(asks(await c.say('no'))).toBe('confirm');
      const corrected = await c.say('no wait, it was 1 590 NOK');
      expect(asks(corrected)).toBe('confirm');
      await c.say('yes');
      expect(await c.theCase()).toMatchObject({
        purchase: { merchant: 'Komplett', amountMinor: 159_000, currency: 'NOK', contactedMerchant: false },
      });
    });

    it('a correction typed while another fact is asked changes that fact, says so, and asks again', async () => {
      const en = await consumer('en-DE');
      expect(asks(await en.say("there's a charge from Zalando for 59 euros i never made"))).toBe('date');
      const amount = await en.say('no wait, it was 69 euros');
      expect(amount.map((r) => r.text)).toContain(t('en', 'correction_taken'));
      expect(asks(amount)).toBe('date');
      expect(asks(await en.say('yesterday'))).toBe('confirm');
      await en.say('yes');
      expect(await en.theCase()).toMatchObject({
        purchase: { merchant: 'Zalando', amountMinor: 6_900, currency: 'EUR' },
      });

      const no = await consumer('nb-NO');
      expect(asks(await no.say('det er et kjøp fra Elkjøp jeg ikke kjenner igjen'))).toBe('amount');
      const shop = await no.say('nei vent, det var Power');
      expect(shop.map((r) => r.text)).toContain(t('no', 'correction_taken'));
      expect(asks(shop)).toBe('amount');
      expect(asks(await no.say('799'))).toBe('date');
      // A fact only mentioned beside an answer fills nothing already given: the shop stays Power.
      expect(asks(await no.say('i går, hos Elkjøp tror jeg'))).toBe('confirm');
      await no.say('ja');
      expect(await no.theCase()).toMatchObject({ purchase: { merchant: 'Power', amountMinor: 79_900 } });
    });

    it('da: a correction in Danish changes the amount and keeps the conversation Danish', async () => {
      const c = await consumer('da-DK');
      const first = await c.say('Der er et køb på min faktura fra Proshop på 2.499 kr i går som jeg ikke har lavet');
      expect(asks(first)).toBe('confirm');
      const corrected = await c.say('nej vent, det var 2.999 kr');
      expect(corrected.at(-1)?.text).toContain(t('da', 'summary_confirm'));
      await c.say('ja tak');
      expect(await c.theCase()).toMatchObject({
        purchase: {
          merchant: 'Proshop',
          amountMinor: 299_900,
          currency: 'DKK',
          date: addDays(dayIn('Europe/Copenhagen', new Date()), -1),
        },
      });
    });

    it('fi: an inflected shop, "eilen", and an amount in euros typed bare', async () => {
      const c = await consumer('fi-FI');
      const first = await c.say('Zalandolta tuli lasku ostoksesta jota en ole tehnyt');
      const kinds: (string | undefined)[] = [asks(first)];
      const answers: Record<string, string> = { amount: '49,90', date: 'eilen', shop: 'Zalando', confirm: 'kyllä' };
      while (kinds.at(-1) && answers[kinds.at(-1)!]) {
        const kindNow = kinds.at(-1)!;
        const answer = answers[kindNow]!;
        delete answers[kindNow];
        kinds.push(asks(await c.say(answer)));
      }
      expect(kinds).not.toContain('shop');
      expect(await c.theCase()).toMatchObject({
        purchase: {
          merchant: 'Zalando',
          amountMinor: 4_990,
          currency: 'EUR',
          date: addDays(dayIn('Europe/Helsinki', new Date()), -1),
        },
      });
    });

    it('sv: asking for a person twice gives one case; thanks and goodbye get a thanks and a goodbye', async () => {
      const c = await consumer('sv-SE');
      expect(asks(await c.say('jag vill prata med en människa'))).toBe('free_text');
      const opened = await c.say('det gäller en påminnelseavgift som jag tycker är fel');
      expect(opened.at(-1)?.case).toMatchObject({ intent: 'human_agent', tier: 'customer_service' });
      const again = await c.say('hallå, kan jag få prata med en riktig människa?');
      expect(again.map((r) => r.text).join('\n')).toContain((await c.theCase()).ref);
      expect(await c.cases()).toBe(1);
      expect((await c.say('tack så mycket!')).map((r) => r.text)).toEqual([t('sv', 'reply_thanks')]);
      expect((await c.say('hej då')).map((r) => r.text)).toEqual([t('sv', 'reply_goodbye')]);
    });

    it('sv: "something is wrong with my invoice" is asked what; a purchase never made, told then, is that report with its facts', async () => {
      const c = await consumer('sv-SE');
      const vague = await c.say('hallå, nåt konstigt på min faktura');
      expect(vague.map((r) => r.text)).toEqual([t('sv', 'ask_invoice_problem')]);
      expect(await c.cases()).toBe(0);
      const told = await c.say('det är ett köp hos Ellos på 1 349 kr, jag har aldrig handlat där');
      expect(asks(told)).toBe('date');
      expect(asks(await c.say('i torsdags'))).toBe('confirm');
      const filed = await c.say('ja');
      expect(filed.at(-1)?.case).toMatchObject({ intent: 'unrecognized_purchase', tier: 'investigation' });
      expect(await c.theCase()).toMatchObject({
        purchase: { merchant: 'Ellos', amountMinor: 134_900, currency: 'SEK' },
      });
      expect(await c.cases()).toBe(1);
    });

    it('en: after an emoji, "what is it about?" answered in words starts the report; an amount taken back is the one after; a month is shown as a month', async () => {
      const c = await consumer('en-GB');
      expect(asks(await c.say('😡😡😡'))).toBe('choice');
      const told = await c.say('I ordered a lamp from Lampsy early November and it never came, 49 euros');
      expect(asks(told)).toBe('contacted');
      const summary = await c.say('no sorry, not yet');
      const text = summary.map((r) => r.text).join('\n');
      expect(text).toMatch(/Date: some time in November \d{4}/);
      expect(asks(await c.say('the amount was £0 sorry it was 59 euros'))).toBe('confirm');
      const filed = await c.say('yes');
      expect(filed.at(-1)?.case).toMatchObject({ intent: 'merchant_disagreement', tier: 'investigation' });
      expect(await c.theCase()).toMatchObject({
        purchase: { merchant: 'Lampsy', amountMinor: 5_900, currency: 'EUR' },
      });
    });

    it('sv: a final statement told of gets the way to the ombudsman; "det var inte det jag frågade om" after an answer hands the question to a person', async () => {
      const c = await consumer('sv-SE');
      const told = await c.say(
        'Jag fick ert slutgiltiga besked i fredags om min reklamation på soffan från Mio, och jag tycker fortfarande att det är fel. Vart vänder jag mig nu?',
      );
      const text = told.map((r) => r.text).join('\n');
      expect(text).toContain('ärendenumret från utlåtandet');
      expect(text).toMatch(/https?:\/\/\S+\/ombudsman/);
      expect(text).not.toContain(t('sv', 'ombudsman_not_eligible'));
      expect(await c.cases()).toBe(0);
      const asked = await c.say('hur ändrar jag adressen som fakturorna skickas till?');
      expect(asks(asked)).toBe('helped');
      const notHelped = await c.say('det var inte det jag frågade om');
      expect(notHelped.at(-1)?.case).toMatchObject({ intent: 'invoice', tier: 'customer_service' });
      expect(await c.cases()).toBe(1);
    });

    it('de-CH: "Servus miteinand!" greets; a purchase not made, in Swiss German with francs, filed in CHF', async () => {
      const c = await consumer('de-CH');
      const hello = await c.say('Servus miteinand!');
      expect(hello.map((r) => r.text)).toContain(t('de', 'welcome'));
      const first = await c.say(
        "Ich ha hüt mini Rechnig aagluegt und da isch e Bestellig vo Digitec über Fr. 1'299.– vom letschte Friitig drin. Das bin ich nöd gsi!",
      );
      expect(asks(first)).toBe('confirm');
      expect(first.map((r) => r.text).join('\n')).toContain('CHF');
      expect((await c.say('jo')).at(-1)?.case).toMatchObject({ intent: 'unrecognized_purchase' });
      expect((await c.theCase()).purchase).toMatchObject({
        merchant: 'Digitec',
        amountMinor: 129_900,
        currency: 'CHF',
      });
    });

    it('en-US: "12/1" is read month first, in the first message and as the answer to "when?"', async () => {
      const c = await consumer('en-US');
      const first = await c.say('there is a charge from Lampsy for 49 euros on 12/1 that I never made');
      expect(asks(first)).toBe('confirm');
      expect((await c.say('yes')).at(-1)?.case).toMatchObject({ intent: 'unrecognized_purchase' });
      expect((await c.theCase()).purchase).toMatchObject({ date: latest('12-01', 'Europe/Stockholm') });
      const other = await consumer('en-US');
      expect(asks(await other.say('a charge from Lampsy for 49 euros I never made'))).toBe('date');
      expect(asks(await other.say('11/28'))).toBe('confirm');
      await other.say('yes');
      expect((await other.theCase()).purchase).toMatchObject({ date: latest('11-28', 'Europe/Stockholm') });
    });

    it('de: a shop "namens" X, a sum in words and "vor ner woche" in the first message; "jup" files it', async () => {
      const c = await consumer('de-DE');
      const first = await c.say(
        'hallo, da is ne abbuchung von nem shop namens Lichtblick Leuchten, zwanzig euro, vor ner woche. kenn ich nich',
      );
      expect(asks(first)).toBe('confirm');
      expect((await c.say('jup')).at(-1)?.case).toMatchObject({ intent: 'unrecognized_purchase' });
      expect((await c.theCase()).purchase).toMatchObject({
        merchant: 'Lichtblick Leuchten',
        amountMinor: 2_000,
        currency: 'EUR',
        date: addDays(dayIn('Europe/Berlin', new Date()), -7),
      });
    });

    it('no: "men jeg har ikke vært der" is a purchase not made; fi: "kolkytneljä euroo" answers how much', async () => {
      const c = await consumer('nb-NO');
      const first = await c.say(
        'Fakturaen viser et kjøp i Villmarksbutikken på 3 100 kroner den 29. november, men jeg har ikke vært der',
      );
      expect(asks(first)).toBe('confirm');
      expect((await c.say('ja')).at(-1)?.case).toMatchObject({ intent: 'unrecognized_purchase' });
      const f = await consumer('fi-FI');
      expect(asks(await f.say('tuli väärä tuote'))).toBe('shop');
      expect(asks(await f.say('se oli semmonen pieni nettikauppa, lankamaailma'))).toBe('amount');
      expect(asks(await f.say('kolkytneljä euroo'))).toBe('date');
      expect(asks(await f.say('toissapäivänä'))).toBe('contacted');
      expect(asks(await f.say('en oo'))).toBe('confirm');
      await f.say('joo');
      expect((await f.theCase()).purchase).toMatchObject({
        merchant: 'Lankamaailma',
        amountMinor: 3_400,
        currency: 'EUR',
      });
    });
  });
}
