// An identified consumer reports a purchase by picking it from their purchases, typed as people
// type ("den första", "ingen av dem", "Elgiganten-köpet"); a purchase reported twice joins its
// open case and the consumer is told its reference and state; a shop's claim to have settled is
// put to the consumer in the chat ("Zalando says it has refunded 899 kr — right?") and their typed
// yes or no closes or resumes the dispute. The real dialog, the real purchase directory over the
// purchases table, on PGlite and PostgreSQL.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { handleConsumerMessage, type BotReply, type DialogDeps } from '../../bot/dialog/dialog.ts';
import { findAnswer } from '../../bot/dialog/knowledge.ts';
import { purchaseDirectory, tablePurchases } from '../../bot/purchases/directory.ts';
import { identifiedConsumerId } from '../../bot/web/session.ts';
import {
  caseEvents,
  findCaseByRef,
  notifyInTransaction,
  rememberIdentifiedConsumer,
  runCaseCommand,
  upsertPurchases,
} from '../../db/index.ts';
import { createIntentService } from '../../intents/index.ts';
import { temporaryDir } from '../intents/trained.ts';
import { describeEachDriver } from '../support/databases.ts';

const intents = createIntentService({ modelPath: join(temporaryDir(), 'model.json') });
const NOW = new Date('2026-12-01T10:00:00.000Z');
const later = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
const quiet = { warn() {} };

describeEachDriver('purchases and settlements in the chat', (current) => {
  function deps(): DialogDeps {
    const db = current().db;
    return {
      db,
      signal: notifyInTransaction(),
      classify: (text, options) => intents.classify(text, options),
      findAnswer,
      threshold: intents.threshold,
      ombudsmanUrl: 'http://localhost/ombudsman',
      purchases: purchaseDirectory(tablePurchases(db), { db, log: quiet, now: () => NOW }),
    };
  }

  let seq = 0;
  /** An identified consumer with three purchases in the table, and a chat that types. */
  async function identified(subject = `anna-${current().kind}-${++seq}`) {
    const context = deps();
    const consumerId = identifiedConsumerId('https://shop.example', subject);
    await rememberIdentifiedConsumer(context.db, { id: consumerId, issuer: 'https://shop.example', subject, at: NOW });
    const line = (id: string, merchant: string, amountMinor: number, purchaseDate: string, orderNumber: string) => ({
      id: `${subject}-${id}`,
      consumerId: subject,
      merchant,
      amountMinor,
      currency: 'SEK',
      purchaseDate,
      orderNumber,
      invoiceId: `inv-${subject}-${id}`,
      invoiceState: 'open' as const,
      dueDate: '2026-12-28',
    });
    await upsertPurchases(
      context.db,
      [
        line('p1', 'Zalando', 89_900, '2026-11-03', '10455781'),
        line('p2', 'Elgiganten', 249_000, '2026-11-21', 'EG-553120'),
        line('p3', 'Zalando', 49_900, '2026-11-28', '10460012'),
      ],
      NOW,
    );
    return chat(context, consumerId);
  }

  function chat(context: DialogDeps, consumerId: string) {
    let hour = 0;
    return {
      consumerId,
      context,
      say: (text: string): Promise<BotReply[]> =>
        handleConsumerMessage(context, { consumerId, channel: 'app', text, now: later(++hour), locale: 'sv-SE' }),
      /** The consumer comes back `hours` later; returns that time. */
      away: (hours: number) => later((hour += hours)),
    };
  }

  const texts = (replies: BotReply[]) => replies.map((reply) => reply.text).join('\n');
  const buttons = (replies: BotReply[]) => replies.at(-1)?.quick_replies?.map((reply) => reply.title) ?? [];
  const opened = (replies: BotReply[]) => replies.find((reply) => reply.case)?.case;

  it('offers the purchases that fit as buttons, a typed "den andra" picks one, and the case points at it', async () => {
    const c = await identified();
    const first = await c.say('Jag har fått en faktura från Zalando som jag inte känner igen');
    expect(first.at(-1)?.expects).toBe('choice');
    expect(texts(first)).toContain(t('sv', 'ask_which_purchase'));
    // Only the two Zalando purchases fit; with no day named, the newest first.
    expect(buttons(first)).toEqual([
      expect.stringMatching(/^Zalando · 499,00\skr · 28 nov\.?$/),
      expect.stringMatching(/^Zalando · 899,00\skr · 3 nov\.?$/),
      t('sv', 'qr_purchase_none'),
    ]);
    const summary = await c.say('den andra');
    expect(summary.at(-1)?.expects).toBe('confirm');
    expect(texts(summary)).toMatch(/899,00\s*kr/);
    const filed = await c.say('ja');
    const kase = opened(filed);
    expect(kase).toMatchObject({ intent: 'unrecognized_purchase', tier: 'investigation' });
    const stored = await findCaseByRef(c.context.db, kase!.ref);
    expect(stored!.case.purchaseId).toMatch(/-p1$/);
    expect(stored!.case.dispute).toMatchObject({
      merchantName: 'Zalando',
      amountMinor: 89_900,
      currency: 'SEK',
      purchaseDate: '2026-11-03',
    });
    expect(stored!.case.orderNumber).toBe('10455781');
  });

  it('words that single out a purchase pick it ("Elgiganten-köpet"), and "ingen av dem" goes on with typed facts', async () => {
    const c = await identified();
    await c.say('Det finns ett köp på min faktura som jag inte har gjort');
    const picked = await c.say('det från Elgiganten');
    expect(picked.at(-1)?.expects).toBe('confirm');
    expect(texts(picked)).toContain('Elgiganten');

    const d = await identified();
    const offered = await d.say('Det finns ett köp på min faktura som jag inte har gjort');
    expect(buttons(offered)).toHaveLength(4);
    const none = await d.say('ingen av dem');
    expect(none.at(-1)?.expects).toBe('amount');
  });

  it('a purchase reported twice joins its open case and says its reference and state; still one case', async () => {
    const c = await identified();
    await c.say('Zalando har skickat en faktura på 899 kr för något jag aldrig köpt');
    // The shop and the amount fit one purchase only: it is the one offered.
    const one = await c.say('ja det är den');
    expect(one.at(-1)?.expects).toBe('confirm');
    const first = opened(await c.say('ja'))!;

    await c.say('hej igen, jag känner fortfarande inte igen Zalando-köpet på 899 kr');
    await c.say('1');
    const again = await c.say('ja stämmer');
    expect(texts(again)).toContain(t('sv', 'purchase_already_reported', { ref: first.ref }));
    expect(opened(again)?.ref).toBe(first.ref);
    const { rows } = await c.context.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cases WHERE consumer_id = $1',
      [c.consumerId],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('an anonymous consumer is never offered purchases', async () => {
    const c = chat(deps(), `anon-${current().kind}-${++seq}`);
    const first = await c.say('Jag har fått en faktura från Zalando som jag inte känner igen');
    expect(first.at(-1)?.expects).toBe('amount');
  });

  async function disputeWithClaim(consumer: Awaited<ReturnType<typeof identified>>, pickedUp = false) {
    await consumer.say('Jag skickade tillbaka skorna till Zalando men har inte fått pengarna');
    await consumer.say('ingen av dem');
    await consumer.say('899 kr');
    await consumer.say('3 november');
    await consumer.say('ja, jag mejlade dem');
    const kase = opened(await consumer.say('ja'))!;
    expect(kase).toMatchObject({ intent: 'merchant_disagreement' });
    const agent = { kind: 'agent', id: 'U0INV', tier: 'investigation' } as const;
    let when = consumer.away(19);
    if (pickedUp) {
      // The shop's 21 days end unsettled: investigation holds the case when the shop settles after all.
      when = consumer.away(22 * 24);
      expect(
        (await runCaseCommand(consumer.context, kase.ref, { type: 'window_expired', actor: { kind: 'system' } }, when))
          .ok,
      ).toBe(true);
      const picked = await runCaseCommand(consumer.context, kase.ref, { type: 'pick_up', actor: agent }, when);
      expect(picked.ok, JSON.stringify(picked)).toBe(true);
    }
    const claimed = await runCaseCommand(
      consumer.context,
      kase.ref,
      { type: 'merchant_settlement_claimed', actor: agent, amountMinor: 89_900, currency: 'SEK' },
      when,
    );
    expect(claimed.ok, JSON.stringify(claimed)).toBe(true);
    return kase.ref;
  }

  it('puts the shop\'s settlement to the consumer; a typed "ja, pengarna kom i går" closes the dispute as settled', async () => {
    const c = await identified();
    const ref = await disputeWithClaim(c);
    const asked = await c.say('hej');
    expect(texts(asked)).toMatch(/Zalando säger att de har betalat tillbaka 899,00\s*kr till dig\. Stämmer det\?/);
    expect(asked.at(-1)?.expects).toBe('yes_no');
    const answered = await c.say('ja, pengarna kom i går');
    expect(texts(answered)).toContain(t('sv', 'settlement_confirmed', { ref }));
    const stored = await findCaseByRef(c.context.db, ref);
    expect(stored!.case).toMatchObject({ status: 'resolved', outcome: 'merchant_settled' });
    expect(stored!.case.dispute?.settlementClaim?.status).toBe('confirmed');
    // Asked once: the next message is not met with the question again.
    expect(texts(await c.say('tack'))).not.toContain('Stämmer det?');
  });

  it('a typed "nej, jag har inte fått något" resumes the dispute; the reason is kept masked', async () => {
    const c = await identified();
    const ref = await disputeWithClaim(c);
    await c.say('hallå');
    const answered = await c.say('nej, jag har inte fått något, mitt kort 4111 1111 1111 1111 visar inget');
    expect(texts(answered)).toContain(t('sv', 'settlement_objected', { ref }));
    const stored = await findCaseByRef(c.context.db, ref);
    expect(stored!.case.status).not.toBe('resolved');
    expect(stored!.case.dispute).toMatchObject({ closedAt: null });
    expect(stored!.case.dispute?.settlementClaim?.status).toBe('objected');
    const objected = (await caseEvents(c.context.db, stored!.id)).find((event) => event.type === 'settlement_objected');
    expect(objected?.reason).toContain('jag har inte fått något');
    expect(objected?.reason).not.toContain('4111 1111 1111 1111');
  });

  it('while an agent holds the case the bot asks only the settlement question, once, and records a typed no; the rest is for the agent', async () => {
    const c = await identified();
    const ref = await disputeWithClaim(c, true);
    const asked = await c.say('hej, finns det något nytt?');
    expect(texts(asked)).toContain('Stämmer det?');
    // Not an answer: for the agent, and the bot says nothing.
    expect(await c.say('jag kollar med banken först')).toEqual([]);
    const answered = await c.say('nej det stämmer inte');
    expect(texts(answered)).toContain(t('sv', 'settlement_objected', { ref }));
    const stored = await findCaseByRef(c.context.db, ref);
    expect(stored!.case).toMatchObject({ status: 'assigned', assignee: 'U0INV' });
    expect(stored!.case.dispute?.settlementClaim?.status).toBe('objected');
    expect(await c.say('okej tack')).toEqual([]);
  });

  it('a yes that takes part of it back ("ja men bara hälften") is an objection, not a settlement', async () => {
    const c = await identified();
    const ref = await disputeWithClaim(c);
    await c.say('hej');
    const answered = await c.say('ja men jag har bara fått tillbaka hälften');
    expect(texts(answered)).toContain(t('sv', 'settlement_objected', { ref }));
    const stored = await findCaseByRef(c.context.db, ref);
    expect(stored!.case.status).not.toBe('resolved');
    expect(stored!.case.dispute?.settlementClaim?.status).toBe('objected');
  });

  it('a purchase picked, then corrected to another shop and amount, is no longer that purchase', async () => {
    const c = await identified();
    await c.say('Det finns ett köp på min faktura som jag inte har gjort');
    await c.say('det från Elgiganten');
    const corrected = await c.say('nej vänta, det var 899 kr och butiken heter Zalando');
    expect(corrected.at(-1)?.expects).toBe('confirm');
    const kase = opened(await c.say('ja'))!;
    const stored = await findCaseByRef(c.context.db, kase.ref);
    expect(stored!.case.purchaseId).toBeNull();
    expect(stored!.case.dispute).toMatchObject({ merchantName: 'Zalando', amountMinor: 89_900 });
  });

  it('asking for a person at the settlement question is not met with the question again in the same reply', async () => {
    const c = await identified();
    await disputeWithClaim(c);
    await c.say('hej');
    const person = await c.say('human');
    expect(texts(person)).not.toContain('Stämmer det?');
  });

  it('the settlement question is stored with the case it is about, also when the turn opened another case', async () => {
    const c = await identified();
    const ref = await disputeWithClaim(c);
    await c.say('Det finns ett köp från Elgiganten på min faktura som jag inte har gjort');
    expect((await c.say('ja det är den')).at(-1)?.expects).toBe('confirm');
    const replies = await c.say('ja');
    expect(opened(replies)).toMatchObject({ intent: 'unrecognized_purchase' });
    expect(opened(replies)?.ref).not.toBe(ref);
    expect(texts(replies)).toContain('Stämmer det?');
    const { rows } = await c.context.db.query<{ ref: string }>(
      "SELECT c.ref FROM messages m JOIN cases c ON c.id = m.case_id WHERE m.direction = 'out' AND m.text LIKE '%Stämmer det?%' AND c.consumer_id = $1",
      [c.consumerId],
    );
    expect(rows.map((row) => row.ref)).toEqual([ref]);
  });

  it('something else than an answer gets the question again with an example; the claim stays open', async () => {
    const c = await identified();
    const ref = await disputeWithClaim(c);
    await c.say('hej');
    const other = await c.say('vad menar du');
    expect(texts(other)).toContain(t('sv', 'example_yes_no'));
    expect(texts(other)).toContain('Stämmer det?');
    expect((await findCaseByRef(c.context.db, ref))!.case.dispute?.settlementClaim?.status).toBe('pending');
  });
});
