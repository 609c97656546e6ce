// One open dispute per purchase (issue 16): a second report of a purchase finds the open case
// instead of opening another, whether the consumer picked the purchase or typed its facts, and
// the database holds the rule when two reports arrive at the same moment.
import { expect, it } from 'vitest';
import {
  findCaseByRef,
  findOpenCaseForPurchase,
  openCase,
  runCaseCommand,
  type CommandResult,
} from '../../db/index.ts';
import type { OpenEntities } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, DAY, MINUTE, T0 } from './support.ts';

let consumers = 0;
/** A consumer of their own for each test: the rule is per consumer, and tests share the database. */
const newConsumer = () => `consumer-purchase-${++consumers}`;

// "My order 12345678 from Zalando for 499 SEK never arrived", as the dialog reads it.
const ZALANDO: OpenEntities = { merchant: 'Zalando', amountMinor: 49_900, currency: 'SEK', orderNumber: '12345678' };

function report(
  db: Parameters<typeof contextFor>[0],
  consumerId: string,
  entities: OpenEntities,
  now = T0,
  intent: 'merchant_disagreement' | 'unrecognized_purchase' = 'merchant_disagreement',
): Promise<CommandResult> {
  return openCase(
    contextFor(db),
    { type: 'open', actor: { kind: 'bot' }, consumerId, intent, language: 'en', entities },
    now,
  );
}

function opened(result: CommandResult) {
  if (!result.ok) throw new Error(`expected a case, got ${result.error.code}`);
  return result.stored;
}

async function disputeCount(db: Parameters<typeof contextFor>[0], consumerId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM disputes d JOIN cases c ON c.id = d.case_id WHERE c.consumer_id = $1',
    [consumerId],
  );
  return rows[0]!.n;
}

describeEachDriver('one dispute per purchase', (current) => {
  it('the same order reported twice a day apart gives one paused case: the second report gets the first case back', async () => {
    const { db } = current();
    const consumer = newConsumer();
    const first = opened(await report(db, consumer, ZALANDO, T0));
    // A day later, written a little differently: the shop's domain, spaces in the order number.
    const second = await report(
      db,
      consumer,
      { ...ZALANDO, merchant: 'zalando.se', orderNumber: '1234 5678' },
      at(DAY),
    );
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.code).toBe('purchase_has_open_dispute');
    expect(second.error.message).toContain(first.case.ref);
    expect('existing' in second && second.existing?.case).toMatchObject({
      ref: first.case.ref,
      status: 'awaiting_merchant',
      invoiceState: 'paused',
    });
    expect(await disputeCount(db, consumer)).toBe(1);
    const found = await findOpenCaseForPurchase(db, {
      consumerId: consumer,
      merchant: 'ZALANDO SE',
      amountMinor: 49_900,
      currency: 'SEK',
      orderNumber: '12345678',
    });
    expect(found?.case.ref).toBe(first.case.ref);
  });

  it('two reports of one picked purchase at the same moment open one case; every other report gets that case', async () => {
    const { db } = current();
    const consumer = newConsumer();
    const picked = { ...ZALANDO, purchaseId: 'pur-race-1' };
    const results = await Promise.all(Array.from({ length: 4 }, () => report(db, consumer, picked, at(MINUTE))));
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    const ref = opened(winners[0]!).case.ref;
    for (const loser of results.filter((result) => !result.ok)) {
      expect(loser.ok === false && loser.error.code).toBe('purchase_has_open_dispute');
      expect('existing' in loser && loser.existing?.case.ref).toBe(ref);
    }
    expect(await disputeCount(db, consumer)).toBe(1);
  });

  it('two reports of the same typed facts at the same moment open one case', async () => {
    const { db } = current();
    const consumer = newConsumer();
    const results = await Promise.all([
      report(db, consumer, ZALANDO),
      report(db, consumer, ZALANDO, T0, 'unrecognized_purchase'),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ error: { code: 'purchase_has_open_dispute' } });
    expect(await disputeCount(db, consumer)).toBe(1);
  });

  it('another order, another amount, another shop or another consumer is another purchase', async () => {
    const { db } = current();
    const consumer = newConsumer();
    opened(await report(db, consumer, ZALANDO));
    opened(await report(db, consumer, { ...ZALANDO, orderNumber: '87654321' }));
    opened(await report(db, consumer, { ...ZALANDO, amountMinor: 59_900 }));
    opened(await report(db, consumer, { ...ZALANDO, merchant: 'Boozt' }));
    opened(await report(db, newConsumer(), ZALANDO));
    expect(await disputeCount(db, consumer)).toBe(4);
  });

  it('a picked purchase is not another one of the same shop and amount: the purchase id tells them apart', async () => {
    const { db } = current();
    const consumer = newConsumer();
    const a = opened(await report(db, consumer, { ...ZALANDO, orderNumber: null, purchaseId: 'pur-a' }));
    const b = opened(await report(db, consumer, { ...ZALANDO, orderNumber: null, purchaseId: 'pur-b' }));
    expect(b.case.ref).not.toBe(a.case.ref);
    expect((await findOpenCaseForPurchase(db, { consumerId: consumer, purchaseId: 'pur-b' }))?.case.ref).toBe(
      b.case.ref,
    );
  });

  it('a picked purchase finds the open case its facts were typed into before', async () => {
    const { db } = current();
    const consumer = newConsumer();
    const typed = opened(await report(db, consumer, ZALANDO));
    const found = await findOpenCaseForPurchase(db, {
      consumerId: consumer,
      purchaseId: 'pur-typed-first',
      ...ZALANDO,
    });
    expect(found?.case.ref).toBe(typed.case.ref);
  });

  it("another consumer's open dispute on a purchase id is refused without showing their case", async () => {
    const { db } = current();
    const owner = opened(await report(db, newConsumer(), { ...ZALANDO, purchaseId: 'pur-owned' }));
    const intruder = newConsumer();
    const result = await report(db, intruder, { ...ZALANDO, purchaseId: 'pur-owned' });
    expect(result).toMatchObject({ ok: false, error: { code: 'purchase_has_open_dispute' } });
    expect(JSON.stringify(result)).not.toContain(owner.case.ref);
    expect(await findOpenCaseForPurchase(db, { consumerId: intruder, purchaseId: 'pur-owned' })).toBeUndefined();
  });

  it('once the dispute is closed (withdrawn) the purchase may be disputed again', async () => {
    const { db } = current();
    const consumer = newConsumer();
    const first = opened(await report(db, consumer, { ...ZALANDO, purchaseId: 'pur-withdrawn' }));
    const withdrawn = await runCaseCommand(
      contextFor(db),
      first.case.ref,
      { type: 'withdraw', actor: { kind: 'consumer', id: consumer } },
      at(MINUTE),
    );
    expect(withdrawn.ok).toBe(true);
    expect(await findOpenCaseForPurchase(db, { consumerId: consumer, purchaseId: 'pur-withdrawn' })).toBeUndefined();
    const again = opened(await report(db, consumer, { ...ZALANDO, purchaseId: 'pur-withdrawn' }, at(2 * MINUTE)));
    expect(again.case.ref).not.toBe(first.case.ref);
  });

  it('an agent opening a dispute on a case about an already disputed purchase is refused with that case, not an error', async () => {
    const { db } = current();
    const consumer = newConsumer();
    const context = contextFor(db);
    const disputed = opened(await report(db, consumer, { ...ZALANDO, purchaseId: 'pur-agent' }));
    const question = opened(
      await openCase(
        context,
        {
          type: 'open',
          actor: { kind: 'bot' },
          consumerId: consumer,
          intent: 'invoice',
          language: 'en',
          entities: { ...ZALANDO, purchaseId: 'pur-agent' },
        },
        T0,
      ),
    );
    const agent = { kind: 'agent', id: 'cs-1', tier: 'customer_service' } as const;
    expect((await runCaseCommand(context, question.case.ref, { type: 'pick_up', actor: agent }, at(MINUTE))).ok).toBe(
      true,
    );
    const result = await runCaseCommand(
      context,
      question.case.ref,
      {
        type: 'open_dispute',
        actor: agent,
        kind: 'merchant_disagreement',
        merchant: 'Zalando',
        amountMinor: 49_900,
        currency: 'SEK',
      },
      at(2 * MINUTE),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'purchase_has_open_dispute' } });
    expect('existing' in result && result.existing?.case.ref).toBe(disputed.case.ref);
    expect((await findCaseByRef(db, question.case.ref))?.case).toMatchObject({ invoiceState: 'active', dispute: null });
  });
});
