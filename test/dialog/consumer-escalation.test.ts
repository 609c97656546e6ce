// The consumer's right to escalate (issue 18), typed through the real service on PGlite and
// PostgreSQL: "jag vill klaga" on customer service's open case sends it to the specialist team as
// a complaint (reason consumer_request, first in line) and says so; "ich möchte mich
// beschweren" on a dispute already with investigation is told what comes instead; without an
// open case, the ombudsman's way is explained. The escalation shows in the case's history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { chatConsumer } from '../support/chat-consumer.ts';
import { startServiceOnFreshDatabase } from '../support/process.ts';

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`a consumer asks for their case to go higher [${kind}]`, () => {
    let base: string;
    let stop = async () => {};

    beforeAll(async () => {
      ({ base, stop } = await startServiceOnFreshDatabase(kind, { LOG_LEVEL: 'warn' }));
    }, 90_000);
    afterAll(() => stop());

    const consumer = (locale: string) => chatConsumer(base, locale);

    it("sv: customer service's case goes to the specialist team as a complaint, and the consumer is told where and how long", async () => {
      const c = await consumer('sv-SE');
      await c.say('jag kan inte logga in med bankid');
      const handed = await c.say('nej det hjälpte inte');
      const ref = handed.find((r) => r.case)?.case?.ref;
      expect(ref).toBeDefined();
      const replies = await c.say('jag vill klaga, ingen har hört av sig på hela dagen');
      const text = replies.map((r) => r.text).join('\n');
      expect(text).toContain(ref!);
      expect(text).toContain(t('sv', 'tier_specialist'));
      expect(replies.at(-1)?.case).toMatchObject({ ref, tier: 'specialist', status: 'queued' });
      const kase = await c.theCase(ref!);
      expect(kase).toMatchObject({ tier: 'specialist', complaint: true });
    });

    it('de: a dispute already with investigation goes no higher; the consumer hears of the final statement and the ombudsman', async () => {
      const c = await consumer('de-DE');
      await c.say('Zalando hat mir 49,99 € doppelt berechnet, gestern');
      await c.say('nein noch nicht');
      const filed = await c.say('ja');
      const ref = filed.find((r) => r.case)?.case?.ref;
      expect(ref).toBeDefined();
      const replies = await c.say('ich möchte mich beschweren, das dauert alles zu lange');
      const text = replies.map((r) => r.text).join('\n');
      expect(text).toContain(ref!);
      expect(text).toMatch(/Stellungnahme/);
      expect(text).toMatch(/ombudsmann/i);
      const kase = await c.theCase(ref!);
      expect(kase).toMatchObject({ tier: 'investigation', complaint: true });
      // Given the final statement's date instead: 14 days after the shop's 21 (the dispute is
      // decided after its window), written as the consumer writes dates.
      const due = new Date(kase.finalStatementDueAt as string);
      expect(Math.round((due.getTime() - Date.now()) / 86_400_000)).toBe(21 + 14);
      expect(text).toContain(
        new Intl.DateTimeFormat('de-DE', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'Europe/Berlin',
        }).format(due),
      );
      // Asked again: the same date, nothing new.
      const again = (await c.say('ich will mich beschweren!')).map((r) => r.text).join('\n');
      expect(again).toContain('schon um eine abschließende Stellungnahme');
      expect((await c.theCase(ref!)).finalStatementDueAt).toBe(kase.finalStatementDueAt);
    });

    it("en: 'I want a final statement' on customer service's case gives its due date, and the case stays where it is", async () => {
      const c = await consumer('en-GB');
      await c.say("I can't log in with BankID");
      const handed = await c.say("no that didn't help");
      const ref = handed.find((r) => r.case)?.case?.ref;
      expect(ref).toBeDefined();
      const replies = await c.say('I want a final statement on this, please');
      const text = replies.map((r) => r.text).join('\n');
      expect(text).toContain("You'll get a written final statement on case");
      const kase = await c.theCase(ref!);
      expect(kase).toMatchObject({ tier: 'customer_service', complaint: true });
      expect(kase.finalStatementDueAt).toBeDefined();
    });

    it("en: with no case open, a complaint gets the ombudsman's way and opens nothing", async () => {
      const c = await consumer('en-GB');
      const replies = await c.say('I want to make a complaint');
      expect(replies.some((r) => r.case)).toBe(false);
      expect(replies.map((r) => r.text).join('\n')).toMatch(/ombudsman/i);
    });
  });
}
