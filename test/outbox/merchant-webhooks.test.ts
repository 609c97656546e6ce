// Telling the merchant (issue 17): a dispute's opening, reminders, escalation (and fee) and end go
// to its merchant's webhook through the outbox, signed with the merchant's own secret, in order,
// at least once; nothing personal in the body. A merchant without a webhook, and a dispute of no
// registered merchant, get nothing (the dispute is still counted).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startOutboxDelivery } from '../../bot/outbox/index.ts';
import {
  addMerchant,
  addMerchantName,
  linkDisputeOfCase,
  merchantDisputeRates,
  openCase,
  runCaseCommand,
  sweepDueTimers,
  type Db,
} from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, DAY, MINUTE } from '../db/support.ts';
import { investigator } from './support.ts';
import { startReceiver } from '../support/merchant-receiver.ts';
import { until } from '../support/until.ts';

async function register(db: Db, name: string, webhookUrl: string | null) {
  return db.transaction((tx) => addMerchant(tx, { name, webhookUrl }, at(-DAY)));
}

async function openDispute(db: Db, consumerId: string, merchant: string, now = at(0)) {
  const result = await openCase(
    contextFor(db),
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId,
      intent: 'merchant_disagreement',
      language: 'sv',
      entities: { merchant, amountMinor: 129_900, currency: 'SEK', orderNumber: '12345678', refundReason: 'returned' },
    },
    now,
  );
  if (!result.ok) throw new Error(result.error.code);
  return result.stored.case.ref;
}

async function merchantRows(db: Db, ref: string) {
  const { rows } = await db.query<{ destination: string; type: string }>(
    "SELECT o.destination, o.type FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.ref = $1 AND o.destination LIKE 'merchant:%' ORDER BY o.seq",
    [ref],
  );
  return rows;
}

describeEachDriver("the merchant's webhooks", (current) => {
  const stops: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    await current().db.query('DELETE FROM outbox');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  it('the merchant receives opened (after two failed tries), three reminders, escalated, the fee and the decision, in order, signed with its secret, nothing personal', async () => {
    const db = current().db;
    let secret = '';
    const receiver = await startReceiver({
      secret: () => secret,
      answer: (body, attempt) => (body.type === 'dispute.opened' && attempt <= 2 ? 500 : 200),
    });
    stops.push(receiver.close);
    const zalando = await register(db, 'Zalando', receiver.url);
    secret = zalando.webhookSecret;
    const consumerId = 'i_consumer-private-4711';
    const context = contextFor(db);
    // Typed as the consumer says it: the Finnish "from Zalando" finds the merchant.
    const ref = await openDispute(db, consumerId, 'Zalandolta');
    for (const day of [7, 14, 19, 21]) await sweepDueTimers(context, at(day * DAY));
    await runCaseCommand(context, ref, { type: 'pick_up', actor: investigator }, at(21 * DAY + MINUTE));
    await runCaseCommand(
      context,
      ref,
      { type: 'request_info', actor: investigator, from: 'consumer' },
      at(21 * DAY + MINUTE),
    );
    await runCaseCommand(
      context,
      ref,
      { type: 'reply', actor: { kind: 'consumer', id: consumerId } },
      at(21 * DAY + MINUTE + 1),
    );
    const decided = await runCaseCommand(
      context,
      ref,
      {
        type: 'decide_investigation',
        actor: investigator,
        decision: 'consumer_favour',
        reasoning: 'The merchant never answered.',
      },
      at(21 * DAY + 2 * MINUTE),
    );
    expect(decided.ok).toBe(true);

    const worker = startOutboxDelivery({
      db,
      receivers: {},
      merchants: true,
      timeoutMs: 2_000,
      backoff: { firstMs: 20, maxMs: 80 },
      intervalMs: 20,
    });
    stops.push(worker.stop);
    await until(() => receiver.accepted().length >= 7, 'seven accepted merchant events');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const types = receiver.accepted().map((r) => r.body.type);
    expect(types).toEqual([
      'dispute.opened',
      'dispute.reminder',
      'dispute.reminder',
      'dispute.reminder',
      'dispute.escalated',
      'fee.charged',
      'dispute.decided',
    ]);
    // Two failed tries, then once; nothing after it came before it was taken.
    expect(receiver.received.slice(0, 3).map((r) => [r.body.type, r.status])).toEqual([
      ['dispute.opened', 500],
      ['dispute.opened', 500],
      ['dispute.opened', 200],
    ]);
    expect(new Set(receiver.received.slice(0, 3).map((r) => r.body.id)).size).toBe(1);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    // Each reminder has an id of its own: the merchant takes each once.
    expect(new Set(receiver.accepted().map((r) => r.body.id)).size).toBe(7);

    const [opened, firstReminder, , lastReminder, escalated, fee, end] = receiver.accepted().map((r) => r.body);
    for (const body of [opened, firstReminder, escalated, end]) {
      // The contract's fields and no others (their order is not part of it: the stored jsonb sorts them).
      expect(Object.keys(body!)).toEqual(['id', 'type', 'created', 'data']);
      expect(Object.keys(body!.data.dispute).sort()).toEqual([
        'amount',
        'currency',
        'orderNumber',
        'reason',
        'ref',
        'respondBy',
        'status',
      ]);
    }
    const windowEnd = at(21 * DAY).toISOString();
    expect(opened!.data.dispute).toEqual({
      ref,
      status: 'needs_response',
      reason: 'returned',
      orderNumber: '12345678',
      amount: 129_900,
      currency: 'SEK',
      respondBy: windowEnd,
    });
    expect(opened!.created).toBe(at(0).toISOString());
    expect(firstReminder!.created).toBe(at(7 * DAY).toISOString());
    expect(lastReminder!.data.dispute).toMatchObject({ status: 'needs_response', respondBy: windowEnd });
    expect(escalated!.data.dispute).toMatchObject({ status: 'under_review', respondBy: null });
    expect(fee!.data).toMatchObject({ dispute: { ref }, fee: { kind: 'dispute_fee' } });
    expect(end!.data.dispute).toMatchObject({ status: 'lost', respondBy: null });
    // Nothing personal: not the consumer's id, nor the shop's name as the consumer typed it.
    for (const r of receiver.received) {
      expect(r.raw).not.toContain(consumerId);
      expect(r.raw).not.toContain('consumer');
      expect(r.raw).not.toContain('Zalandolta');
    }
    // The payments core's events of the same case are written beside them, for the core.
    const { rows } = await db.query<{ destination: string; n: number }>(
      'SELECT destination, count(*)::int AS n FROM outbox GROUP BY destination ORDER BY destination',
    );
    expect(rows).toEqual([
      { destination: 'core', n: 2 },
      { destination: `merchant:${zalando.merchant.id}`, n: 7 },
    ]);
  }, 60_000);

  it("a dispute linked to its merchant later is announced then (by a new alias or an agent's link), if still open; its later events follow", async () => {
    const db = current().db;
    const elgiganten = await register(db, 'Elgiganten', 'https://hooks.elgiganten.example/ombud');
    const typo = await openDispute(db, 'consumer-typo', 'Elgigantn', at(0));
    const vague = await openDispute(db, 'consumer-vague', 'the electronics shop', at(0));
    const closed = await openDispute(db, 'consumer-closed', 'Elgigantn', at(0));
    const withdrawn = await runCaseCommand(
      contextFor(db),
      closed,
      { type: 'withdraw', actor: { kind: 'consumer', id: 'consumer-closed' } },
      at(DAY),
    );
    expect(withdrawn.ok).toBe(true);
    expect(await merchantRows(db, typo)).toEqual([]);
    const destination = `merchant:${elgiganten.merchant.id}`;
    await db.transaction((tx) =>
      addMerchantName(tx, elgiganten.merchant.id, { name: 'Elgigantn', kind: 'alias' }, at(2 * DAY)),
    );
    await db.transaction((tx) => linkDisputeOfCase(tx, vague, elgiganten.merchant.id, at(2 * DAY)));
    expect(await merchantRows(db, typo)).toEqual([{ destination, type: 'dispute.opened' }]);
    expect(await merchantRows(db, vague)).toEqual([{ destination, type: 'dispute.opened' }]);
    // A dispute that ended before the link is not announced; linking again announces nothing more.
    expect(await merchantRows(db, closed)).toEqual([]);
    await db.transaction((tx) => linkDisputeOfCase(tx, vague, elgiganten.merchant.id, at(2 * DAY)));
    expect(await merchantRows(db, vague)).toHaveLength(1);
    await sweepDueTimers(contextFor(db), at(7 * DAY));
    expect(await merchantRows(db, vague)).toEqual([
      { destination, type: 'dispute.opened' },
      { destination, type: 'dispute.reminder' },
    ]);
  });

  it('a merchant without a webhook URL, and a dispute of no registered merchant, get nothing; both are still counted', async () => {
    const db = current().db;
    await register(db, 'Apotea', null);
    const quiet = await openDispute(db, 'consumer-quiet', 'Apotea');
    const unlinked = await openDispute(db, 'consumer-unlinked', 'Butiken Som Ingen Känner');
    await sweepDueTimers(contextFor(db), at(7 * DAY));
    expect(await merchantRows(db, quiet)).toEqual([]);
    expect(await merchantRows(db, unlinked)).toEqual([]);
    // The decision was written all the same, with its core event and its reminder.
    const { rows } = await db.query<{ type: string; n: number }>(
      `SELECT e.type, count(*)::int AS n FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE c.ref = ANY($1) AND e.type IN ('dispute_opened', 'merchant_reminded') GROUP BY e.type ORDER BY e.type`,
      [[quiet, unlinked]],
    );
    expect(rows).toEqual([
      { type: 'dispute_opened', n: 2 },
      { type: 'merchant_reminded', n: 2 },
    ]);
    const rates = await merchantDisputeRates(db, { from: at(-DAY), to: at(30 * DAY) });
    expect(rates.find((row) => row.merchant === 'Apotea')?.disputes).toBe(1);
    expect(rates.find((row) => row.merchantId === null)?.disputes).toBeGreaterThanOrEqual(1);
  });
});
