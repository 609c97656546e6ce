// Every outcome told to the consumer, in writing, in their language (issue 18), on PGlite and
// PostgreSQL: decisions made through runCaseCommand, then the notice loop's step for the case
// (tellConsumer, as every replica runs it on the case's signal and its catch-up scan); the
// consumer's history shows one message per decision, in the case's language, the final statement
// with the ombudsman link and the market's outside body, a personal number in it masked; the
// outcome comes before the rating request; running the step again, or on three replicas at
// once, stores nothing twice; a crash before the notice leaves the case for the scan.
import { expect, it } from 'vitest';
import {
  casesWithUntoldOutcomes,
  consumerHistory,
  decideOmbudsmanReview,
  notifyInTransaction,
  openCase,
  openConversation,
  runCaseCommand,
  type DecisionContext,
  type StoredCase,
} from '../../db/index.ts';
import { t } from '../../bot/dialog/catalogue.ts';
import { tellConsumer } from '../../bot/dialog/rating.ts';
import { policyWith, type Command, type CaseLanguage } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';

const T0 = new Date('2026-12-01T09:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(T0.getTime() + ms);
const PUBLIC_URL = 'https://ombud.example';
const SINCE = at(-DAY);

const CS = { kind: 'agent', id: 'cs-1', tier: 'customer_service' } as const;
const INV = { kind: 'agent', id: 'inv-1', tier: 'investigation' } as const;
const SYSTEM = { kind: 'system' } as const;
const MERCHANT = { kind: 'merchant' } as const;
const log = { info() {}, warn() {}, error() {}, debug() {} } as never;

describeEachDriver("outcome notices in the consumer's conversation", (current) => {
  let consumers = 0;
  const context = (): DecisionContext => ({ db: current().db, signal: notifyInTransaction() });
  const deps = (policy = policyWith({})) => ({ db: current().db, publicUrl: PUBLIC_URL, policy, log });

  async function open(
    intent: 'invoice' | 'merchant_disagreement' | 'unrecognized_purchase',
    language: CaseLanguage,
    currency: string | null = null,
  ) {
    const consumerId = `notice-${current().kind}-${++consumers}`;
    const conversationId = await openConversation(current().db, { consumerId, channel: 'web', language, at: T0 });
    const result = await openCase(
      context(),
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId,
        conversationId,
        intent,
        language,
        ...(currency ? { entities: { merchant: 'Zalando', amountMinor: 89_900, currency } } : {}),
      },
      T0,
    );
    if (!result.ok) throw new Error(result.error.code);
    return result.stored;
  }

  async function run(stored: StoredCase, command: Command, when: Date) {
    const result = await runCaseCommand(context(), stored.case.ref, command, when);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    await tellConsumer(deps(), stored.id, when);
    return result.stored;
  }

  const told = async (stored: StoredCase) =>
    (await consumerHistory(current().db, stored.case.consumerId))
      .filter((m) => m.direction === 'out')
      .map((m) => m.text);

  it("a resolution, then a final statement: one message each, in Swedish; the statement masked, with the ombudsman link and ARN; then the ombudsman's decision once", async () => {
    const kase = await open('invoice', 'sv');
    const ref = kase.case.ref;
    await run(kase, { type: 'pick_up', actor: CS }, at(HOUR));
    await run(kase, { type: 'resolve', actor: CS, outcome: 'answered' }, at(2 * HOUR));
    // The outcome first, then the rating request; nothing else.
    expect(await told(kase)).toEqual([
      `Ditt ärende ${ref} är avslutat. Vi har besvarat din fråga. Om du inte är nöjd kan du svara här och be om ett slutgiltigt utlåtande; därefter kan vårt kundombud pröva ärendet.`,
      `Ditt ärende ${ref} är löst. Hur nöjd är du med hjälpen? Svara med en siffra från 1 (inte alls) till 5 (mycket nöjd).`,
    ]);

    await run(
      kase,
      { type: 'issue_final_statement', actor: CS, text: 'Fakturan för 811218-9876 är korrekt och ska betalas.' },
      at(3 * HOUR),
    );
    const afterStatement = await told(kase);
    expect(afterStatement).toHaveLength(3);
    expect(afterStatement[2]).toBe(
      `Slutgiltigt utlåtande i ditt ärende ${ref}: ”Fakturan för [personal_id] är korrekt och ska betalas.” ` +
        'Om du inte är nöjd kan du be vårt kundombud om en kostnadsfri, oberoende prövning. ' +
        `Skriv din begäran här: ${PUBLIC_URL}/ombudsman?case=${ref}&lang=sv Du kan också vända dig till Allmänna reklamationsnämnden (ARN).`,
    );
    expect(afterStatement.join('\n')).not.toContain('811218');

    // The consumer's request moves the case; nothing is told for it. The ombudsman's decision is
    // told once: its own message (with the reasoning) is the notice.
    await run(
      kase,
      {
        type: 'request_ombudsman',
        actor: { kind: 'consumer', id: kase.case.consumerId },
        statement: 'Fel belopp.',
        desiredOutcome: 'Rätta fakturan.',
      },
      at(DAY),
    );
    expect(await told(kase)).toHaveLength(3);
    const decided = await decideOmbudsmanReview(context(), {
      ref,
      ombudsmanId: 'omb-1',
      decision: 'upheld',
      reasoning: 'Beloppet stämmer med ordern.',
      now: at(2 * DAY),
      messageFor: () =>
        `Kundombudet har prövat ärendet ${ref} och står fast vid beslutet. Beloppet stämmer med ordern.`,
      redact: (text) => text,
    });
    expect(decided.ok).toBe(true);
    await tellConsumer(deps(), kase.id, at(2 * DAY));
    await tellConsumer(deps(), kase.id, at(2 * DAY));
    const all = await told(kase);
    expect(all).toHaveLength(4);
    expect(all[3]).toContain('Beloppet stämmer med ordern.');
    expect(await casesWithUntoldOutcomes(current().db, SINCE)).not.toContain(kase.id);
  });

  it('an escalation, a chargeback and a reactivated invoice, each once, in German and Finnish', async () => {
    const de = await open('merchant_disagreement', 'de', 'EUR');
    await run(de, { type: 'window_expired', actor: SYSTEM }, at(22 * DAY));
    await run(de, { type: 'pick_up', actor: INV }, at(22 * DAY + HOUR));
    await run(de, { type: 'request_info', actor: INV, from: 'consumer' }, at(22 * DAY + HOUR + 1));
    await run(de, { type: 'reply', actor: { kind: 'consumer', id: de.case.consumerId } }, at(22 * DAY + HOUR + 2));
    await run(
      de,
      { type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'No proof of delivery.' },
      at(23 * DAY),
    );
    expect(await told(de)).toEqual([
      `Dein Vorgang ${de.case.ref} wurde weitergegeben an: ${t('de', 'tier_investigation')}. Dort wird er geprüft, und du bekommst hier eine Antwort; du musst gerade nichts tun.`,
      expect.stringMatching(
        new RegExp(`^Dein Vorgang ${de.case.ref} ist abgeschlossen\\. .+ Wenn du nicht zufrieden bist`),
      ),
      expect.stringContaining(de.case.ref), // the rating request
    ]);

    const fi = await open('merchant_disagreement', 'fi', 'EUR');
    await run(fi, { type: 'merchant_responded', actor: MERCHANT, summary: 'Delivered.' }, at(DAY));
    await run(fi, { type: 'window_expired', actor: SYSTEM }, at(22 * DAY));
    await run(fi, { type: 'pick_up', actor: INV }, at(22 * DAY + HOUR));
    await run(fi, { type: 'request_info', actor: INV, from: 'consumer' }, at(22 * DAY + HOUR + 1));
    await run(fi, { type: 'reply', actor: { kind: 'consumer', id: fi.case.consumerId } }, at(22 * DAY + HOUR + 2));
    await run(
      fi,
      { type: 'decide_investigation', actor: INV, decision: 'merchant_favour', reasoning: 'Delivered and signed for.' },
      at(23 * DAY),
    );
    const fiTold = await told(fi);
    expect(fiTold).toHaveLength(3);
    expect(fiTold[0]).toMatch(new RegExp(`^Asiasi ${fi.case.ref} on siirretty eteenpäin: `));
    expect(fiTold[1]).toMatch(new RegExp(`^Asiasi ${fi.case.ref} on käsitelty\\. `));
  });

  it('a settlement the consumer let pass is told; one they confirmed in the chat is not told again', async () => {
    const unopposed = await open('merchant_disagreement', 'en', 'NOK');
    await run(
      unopposed,
      { type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 89_900, currency: 'NOK' },
      at(DAY),
    );
    await run(unopposed, { type: 'settlement_confirmation_expired', actor: SYSTEM }, at(8 * DAY));
    const texts = await told(unopposed);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toBe(
      `Your case ${unopposed.case.ref} is closed. The shop settled the matter with you, and the invoice follows that settlement. ` +
        "If you're not satisfied, reply here and ask for a final statement; after it, our customer ombudsman can review the case.",
    );

    const confirmed = await open('merchant_disagreement', 'en', 'SEK');
    await run(
      confirmed,
      { type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 89_900, currency: 'SEK' },
      at(DAY),
    );
    await run(
      confirmed,
      { type: 'consumer_confirmed_settlement', actor: { kind: 'consumer', id: confirmed.case.consumerId } },
      at(2 * DAY),
    );
    // Only the rating request: the chat's own reply to the "yes" told them.
    expect(await told(confirmed)).toHaveLength(1);
  });

  it('the outside body follows the market: the currency, else the language; operators can change the table', async () => {
    const statement = { type: 'issue_final_statement', actor: CS, text: 'Our answer stands.' } as const;
    const enSek = await open('merchant_disagreement', 'en', 'SEK');
    await run(enSek, { type: 'window_expired', actor: SYSTEM }, at(22 * DAY));
    await run(enSek, { type: 'pick_up', actor: INV }, at(22 * DAY + HOUR));
    await run(enSek, { ...statement, actor: INV }, at(22 * DAY + 2 * HOUR));
    const cases = { fi: await open('invoice', 'fi'), en: await open('invoice', 'en'), da: await open('invoice', 'da') };
    for (const kase of Object.values(cases)) {
      await run(kase, { type: 'pick_up', actor: CS }, at(HOUR));
      await runCaseCommand(context(), kase.case.ref, statement, at(2 * HOUR));
    }
    await tellConsumer(deps(), cases.fi.id, at(3 * HOUR));
    await tellConsumer(deps(), cases.en.id, at(3 * HOUR));
    await tellConsumer(
      deps(policyWith({ outsideBodies: { DK: ['Forbrugerklagenævnet'] } })),
      cases.da.id,
      at(3 * HOUR),
    );
    const enSekTold = await told(enSek);
    expect(enSekTold).toHaveLength(2); // the escalation, then the statement
    expect(enSekTold[1]).toMatch(/^Final statement on your case /);
    expect(enSekTold[1]).toContain('You can also take the matter to Allmänna reklamationsnämnden (ARN).');
    expect((await told(cases.fi))[0]).toContain('FINE (Vakuutus- ja rahoitusneuvonta) tai Kuluttajariitalautakunta');
    expect((await told(cases.fi))[0]).toContain(`${PUBLIC_URL}/ombudsman?case=${cases.fi.case.ref}&lang=fi`);
    expect((await told(cases.en))[0]).toContain('the consumer disputes board in your country');
    expect((await told(cases.da))[0]).toContain('Forbrugerklagenævnet');
  });

  it('decisions a database held before notices existed (migration 0016) are never announced; a decision after it is', async () => {
    const kase = await open('invoice', 'sv');
    await runCaseCommand(context(), kase.case.ref, { type: 'pick_up', actor: CS }, at(HOUR));
    await runCaseCommand(
      context(),
      kase.case.ref,
      { type: 'escalate', actor: CS, to: 'specialist', reason: 'technical_fault' },
      at(2 * HOUR),
    );
    // As if the escalation had been decided before the upgrade: notices start after it.
    const before = await current().db.query<{ start: string }>(
      'SELECT after_event_id::text AS start FROM outcome_notices_start',
    );
    await current().db.query('UPDATE outcome_notices_start SET after_event_id = (SELECT max(id) FROM case_events)');
    try {
      expect(await casesWithUntoldOutcomes(current().db, SINCE)).not.toContain(kase.id);
      await tellConsumer(deps(), kase.id, at(3 * HOUR));
      expect(await told(kase)).toEqual([]);
      const SP = { kind: 'agent', id: 'sp-1', tier: 'specialist' } as const;
      await runCaseCommand(context(), kase.case.ref, { type: 'pick_up', actor: SP }, at(4 * HOUR));
      await run(kase, { type: 'resolve', actor: SP, outcome: 'fault_fixed' }, at(5 * HOUR));
      const texts = await told(kase);
      expect(texts[0]).toMatch(new RegExp(`^Ditt ärende ${kase.case.ref} `));
      expect(texts.filter((text) => text.includes(kase.case.ref) && !text.includes('1 ('))).toHaveLength(1);
    } finally {
      await current().db.query('UPDATE outcome_notices_start SET after_event_id = $1', [before.rows[0]!.start]);
    }
  });

  it('a crash before the notice leaves the case to the scan; three replicas at once store each notice once', async () => {
    const kase = await open('invoice', 'no');
    await runCaseCommand(context(), kase.case.ref, { type: 'pick_up', actor: CS }, at(HOUR));
    await runCaseCommand(
      context(),
      kase.case.ref,
      { type: 'escalate', actor: CS, to: 'specialist', reason: 'technical_fault' },
      at(2 * HOUR),
    );
    await runCaseCommand(
      context(),
      kase.case.ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'sp-1', tier: 'specialist' } },
      at(3 * HOUR),
    );
    await runCaseCommand(
      context(),
      kase.case.ref,
      { type: 'resolve', actor: { kind: 'agent', id: 'sp-1', tier: 'specialist' }, outcome: 'fault_fixed' },
      at(4 * HOUR),
    );
    // Nobody told the consumer yet (the replica died after the decisions): the scan finds the case.
    expect(await told(kase)).toEqual([]);
    expect(await casesWithUntoldOutcomes(current().db, SINCE)).toContain(kase.id);
    await Promise.all([1, 2, 3].map(() => tellConsumer(deps(), kase.id, at(5 * HOUR))));
    await tellConsumer(deps(), kase.id, at(6 * HOUR));
    const texts = await told(kase);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(new RegExp(`^Saken din ${kase.case.ref} er sendt videre til: `));
    expect(texts[1]).toMatch(new RegExp(`^Saken din ${kase.case.ref} er avsluttet\\. `));
    expect(texts[2]).toContain('1 (');
    expect(await casesWithUntoldOutcomes(current().db, SINCE)).not.toContain(kase.id);
  });
});
