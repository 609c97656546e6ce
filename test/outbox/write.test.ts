// The outbox is written by the decision itself: an invoice change and its outgoing event are one
// write, so there is never one without the other (db/write-decision.ts, db/outbox.ts).
import { expect, it } from 'vitest';
import { commitDecision, findCaseByRef, openCase, runCaseCommand, StaleCaseError, type Db } from '../../db/index.ts';
import { decide } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, MINUTE, openTestCase } from '../db/support.ts';
import { caseWithTwoEvents } from './support.ts';

async function outboxOf(db: Db, caseId: number) {
  const { rows } = await db.query<{
    id: string;
    destination: string;
    type: string;
    data: Record<string, unknown>;
    created_at: Date;
  }>('SELECT id, destination, type, data, created_at FROM outbox WHERE case_id = $1 ORDER BY seq', [caseId]);
  return rows;
}

async function outboxCount(db: Db): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM outbox');
  return rows[0]!.count;
}

describeEachDriver('outgoing events written with their decision', (current) => {
  it('a dispute that pauses the invoice writes invoice.paused for the payments core, with the case reference, amount, currency and order number', async () => {
    const opened = await openTestCase(contextFor(current().db), 'merchant_disagreement', at(0));
    const events = await outboxOf(current().db, opened.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      destination: 'core',
      type: 'invoice.paused',
      created_at: at(0),
      data: {
        caseRef: opened.case.ref,
        consumerId: 'consumer-1',
        state: 'paused',
        previousState: 'active',
        amount: 129_900,
        currency: 'SEK',
        orderNumber: '12345678',
        merchant: 'Zalando',
      },
    });
    expect(events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("a dispute about a purchase the consumer picked names the purchase's id in the payments core", async () => {
    const result = await openCase(
      contextFor(current().db),
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: 'consumer-picked',
        intent: 'merchant_disagreement',
        language: 'sv',
        entities: { merchant: 'Zalando', amountMinor: 89_900, currency: 'SEK', purchaseId: 'pur-4711' },
      },
      at(0),
    );
    if (!result.ok) throw new Error(result.error.code);
    const [paused] = await outboxOf(current().db, result.stored.id);
    expect(paused!.data).toMatchObject({
      caseRef: result.stored.case.ref,
      purchaseId: 'pur-4711',
      amount: 89_900,
      currency: 'SEK',
    });
    expect(paused!.data).not.toHaveProperty('orderNumber');
  });

  it('a case that leaves the invoice alone sends nothing', async () => {
    const context = contextFor(current().db);
    const opened = await openTestCase(context, 'invoice', at(0));
    await runCaseCommand(
      context,
      opened.case.ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'cs-1', tier: 'customer_service' } },
      at(MINUTE),
    );
    expect(await outboxOf(current().db, opened.id)).toEqual([]);
  });

  it("investigation's decision for the consumer sends invoice.charged_back after the pause; a withdrawal sends invoice.reactivated", async () => {
    // Another consumer than the first test's: its purchase still has its open dispute.
    const decided = await caseWithTwoEvents(current().db, 'consumer-4', 'charged_back');
    const charged = await outboxOf(current().db, decided.id);
    expect(charged.map((event) => [event.type, event.data.state, event.data.previousState])).toEqual([
      ['invoice.paused', 'paused', 'active'],
      ['invoice.charged_back', 'charged_back', 'paused'],
    ]);
    expect(charged[1]).toMatchObject({
      created_at: at(2 * MINUTE),
      data: { caseRef: decided.case.ref, amount: 129_900, currency: 'SEK' },
    });
    expect(new Set(charged.map((event) => event.id)).size).toBe(2);

    const withdrawn = await caseWithTwoEvents(current().db, 'consumer-2', 'reactivated');
    expect((await outboxOf(current().db, withdrawn.id)).map((event) => event.type)).toEqual([
      'invoice.paused',
      'invoice.reactivated',
    ]);
  });

  it('a decision that rolls back writes no event', async () => {
    const context = contextFor(current().db);
    const before = await outboxCount(current().db);
    await expect(
      current().db.transaction(async (tx) => {
        const result = await openCase(
          context,
          {
            type: 'open',
            actor: { kind: 'bot' },
            consumerId: 'consumer-rolled-back',
            intent: 'unrecognized_purchase',
            language: 'sv',
          },
          at(0),
          tx,
        );
        expect(result.ok).toBe(true);
        const { rows } = await tx.query<{ type: string }>(
          "SELECT o.type FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.consumer_id = 'consumer-rolled-back'",
        );
        expect(rows.map((row) => row.type)).toEqual(['invoice.paused']);
        throw new Error('the rest of the transaction failed');
      }),
    ).rejects.toThrow('the rest of the transaction failed');
    expect(await outboxCount(current().db)).toBe(before);
    const { rows } = await current().db.query("SELECT 1 FROM cases WHERE consumer_id = 'consumer-rolled-back'");
    expect(rows).toEqual([]);
  });

  it('a decision written over a version that moved on writes no event', async () => {
    const context = contextFor(current().db);
    const opened = await openTestCase(context, 'merchant_disagreement', at(0), 'consumer-3');
    const stale = (await findCaseByRef(current().db, opened.case.ref))!;
    await runCaseCommand(
      context,
      opened.case.ref,
      { type: 'merchant_responded', actor: { kind: 'merchant' } },
      at(MINUTE),
    );
    const withdrawal = decide(
      stale.case,
      { type: 'withdraw', actor: { kind: 'consumer', id: 'consumer-3' } },
      at(2 * MINUTE),
    );
    if (!withdrawal.ok) throw new Error(withdrawal.error.code);
    expect(withdrawal.events.map((event) => event.type)).toContain('invoice_reactivated');
    await expect(
      commitDecision(current().db, context.signal, stale, withdrawal, at(2 * MINUTE)),
    ).rejects.toBeInstanceOf(StaleCaseError);
    expect((await outboxOf(current().db, opened.id)).map((event) => event.type)).toEqual(['invoice.paused']);
  });
});
