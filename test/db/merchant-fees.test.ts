// The fee ledger (issue 17, item 6; docs/merchants.md "Fees"): a month with one merchant at 2 %
// (2 disputes per 100 purchases, spelled "Zalando" and "Zalandolta") and one at 1 %. The standard
// fee is charged when each dispute escalates; at the month's end only the first merchant pays the
// surcharge, capped; a re-run adds no row and no event; every amount is whole minor units.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { renderFeeStatement } from '../../bot/reports/fee-statement-html.ts';
import { addMerchant, openCase, sweepDueTimers, type Db } from '../../db/index.ts';
import { chargeMonth, feeStatements } from '../../db/merchant-fees.ts';
import { upsertPurchases, type PurchaseLine } from '../../db/purchases.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, DAY, MINUTE } from './support.ts';

const MONTH = '2026-03';
const AFTER_MONTH = new Date('2026-04-01T02:00:00.000Z');

async function openDispute(
  db: Db,
  input: { consumerId: string; merchant: string; language: 'sv' | 'fi'; amountMinor: number; currency: string },
) {
  const result = await openCase(
    contextFor(db),
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId: input.consumerId,
      intent: 'merchant_disagreement',
      language: input.language,
      entities: {
        merchant: input.merchant,
        amountMinor: input.amountMinor,
        currency: input.currency,
        orderNumber: `${input.consumerId}-1`,
        refundReason: 'not_received',
      },
    },
    at(0),
  );
  if (!result.ok) throw new Error(result.error.code);
  return result.stored.case.ref;
}

function purchases(merchant: string, count: number, day: string): PurchaseLine[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${merchant.replace(/\W/g, '')}-${day}-${index}`,
    consumerId: `buyer-${index}`,
    merchant,
    amountMinor: 49_900,
    currency: 'SEK',
    purchaseDate: day,
    orderNumber: null,
    invoiceId: null,
    invoiceState: 'open' as const,
    dueDate: null,
  }));
}

async function counts(db: Db) {
  const { rows } = await db.query<{ fees: number; events: number }>(
    `SELECT (SELECT count(*) FROM merchant_fees)::int AS fees, (SELECT count(*) FROM outbox WHERE type = 'fee.charged')::int AS events`,
  );
  return rows[0]!;
}

async function feeEvents(db: Db, merchantId: number) {
  const { rows } = await db.query<{ id: string; data: { fee: Record<string, unknown>; dispute: { ref: string } } }>(
    `SELECT id, data FROM outbox WHERE type = 'fee.charged' AND destination = $1 ORDER BY seq`,
    [`merchant:${merchantId}`],
  );
  return rows;
}

describeEachDriver('the fee ledger', (current) => {
  let zalando: number;
  let ellos: number;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    const db = current().db;
    zalando = (
      await db.transaction((tx) =>
        addMerchant(
          tx,
          { name: 'Zalando', aliases: ['Zalando SE'], webhookUrl: 'https://hooks.zalando.example/ombud' },
          at(-DAY),
        ),
      )
    ).merchant.id;
    ellos = (
      await db.transaction((tx) =>
        addMerchant(
          tx,
          { name: 'Ellos & <Co>', aliases: ['Ellos'], webhookUrl: 'https://hooks.ellos.example/ombud' },
          at(-DAY),
        ),
      )
    ).merchant.id;
    // The purchase directory: 100 purchases of each in March (as the core names them), and some in
    // April that the March figure must not count.
    await db.transaction((tx) =>
      upsertPurchases(
        tx,
        [
          ...purchases('Zalando SE', 100, '2026-03-05'),
          ...purchases('Ellos', 100, '2026-03-06'),
          ...purchases('Zalando SE', 50, '2026-04-02'),
        ],
        at(0),
      ),
    );
    // Zalando: two disputes, spelled two ways; the second in euros, smaller than the cap.
    refs.zalandoSek = await openDispute(db, {
      consumerId: 'c-1',
      merchant: 'Zalando',
      language: 'sv',
      amountMinor: 129_900,
      currency: 'SEK',
    });
    refs.zalandoEur = await openDispute(db, {
      consumerId: 'c-2',
      merchant: 'Zalandolta',
      language: 'fi',
      amountMinor: 2_000,
      currency: 'EUR',
    });
    // Ellos: one dispute per 100 purchases, 1 %.
    refs.ellos = await openDispute(db, {
      consumerId: 'c-3',
      merchant: 'Ellos',
      language: 'sv',
      amountMinor: 89_900,
      currency: 'SEK',
    });
    // Nobody settles: each escalates at its window's end (21 days, 23 March).
    for (const day of [7, 14, 19, 21]) await sweepDueTimers(contextFor(db), at(day * DAY + MINUTE));
  });

  it('the standard fee is charged at escalation, with its amount in the ledger and in the fee.charged event', async () => {
    const db = current().db;
    const { rows } = await db.query<{
      ref: string;
      kind: string;
      merchant_id: number;
      market: string;
      amount_minor: string;
      currency: string;
      month: string;
    }>(
      `SELECT c.ref, f.kind, f.merchant_id::int AS merchant_id, f.market, f.amount_minor::text AS amount_minor, f.currency, f.month
         FROM merchant_fees f JOIN cases c ON c.id = f.case_id ORDER BY c.ref`,
    );
    expect(
      rows
        .map((row) => [row.ref, row.kind, row.merchant_id, row.market, row.amount_minor, row.currency, row.month])
        .sort(),
    ).toEqual(
      [
        [refs.zalandoSek, 'dispute_fee', zalando, 'SE', '25000', 'SEK', MONTH],
        [refs.zalandoEur, 'dispute_fee', zalando, 'FI', '2500', 'EUR', MONTH],
        [refs.ellos, 'dispute_fee', ellos, 'SE', '25000', 'SEK', MONTH],
      ].sort(),
    );
    const events = await feeEvents(db, zalando);
    expect(events.map((event) => [event.data.dispute.ref, event.data.fee])).toEqual([
      [refs.zalandoSek, { kind: 'dispute_fee', amount: 25_000, currency: 'SEK', month: MONTH }],
      [refs.zalandoEur, { kind: 'dispute_fee', amount: 2_500, currency: 'EUR', month: MONTH }],
    ]);
    // The event's id is the ledger row's: the merchant matches the two.
    const { rows: ids } = await db.query<{ id: string }>(
      `SELECT id FROM merchant_fees WHERE merchant_id = $1 ORDER BY escalated_at`,
      [zalando],
    );
    expect(new Set(ids.map((row) => row.id))).toEqual(new Set(events.map((event) => event.id)));
  });

  it('before the month is over nothing is surcharged', async () => {
    const db = current().db;
    const before = await counts(db);
    const run = await chargeMonth(db, { month: MONTH, now: new Date('2026-03-30T12:00:00Z') });
    expect(run).toMatchObject({ ended: false, added: { surcharges: 0, disputeFees: 0 }, events: 0 });
    expect(await counts(db)).toEqual(before);
  });

  it('at the month end the merchant at 2 % ("Zalando" and "Zalandolta" together) pays capped surcharges, the one at 1 % only its fee; a re-run adds nothing', async () => {
    const db = current().db;
    const before = await counts(db);
    const run = await chargeMonth(db, { month: MONTH, now: AFTER_MONTH });
    expect(run).toMatchObject({
      ended: true,
      purchaseSource: 'directory',
      added: { surcharges: 2, disputeFees: 0 },
      events: 2,
    });
    // One merchant in the 1.5 % figure, however it was spelled: 2 disputes ÷ 100 purchases.
    const zalandoRate = run.rates.find((row) => row.merchantId === zalando)!;
    expect(zalandoRate).toMatchObject({ disputes: 2, purchases: 100, flagged: true });
    expect(run.rates.find((row) => row.merchantId === ellos)).toMatchObject({
      disputes: 1,
      purchases: 100,
      flagged: false,
    });
    expect(await counts(db)).toEqual({ fees: before.fees + 2, events: before.events + 2 });

    const statements = await feeStatements(db, { month: MONTH, rates: run.rates, purchaseSource: run.purchaseSource });
    const of = (id: number) => statements.find((s) => s.merchant?.id === id)!;
    const z = of(zalando);
    expect(z.figures).toMatchObject({
      disputes: 2,
      purchases: 100,
      rate: 0.02,
      overThreshold: true,
      thresholdPercent: 1.5,
    });
    expect(
      z.fees.map((fee) => [fee.caseRef, fee.kind, fee.amount, fee.currency, fee.details.capped ?? null]).sort(),
    ).toEqual(
      [
        [refs.zalandoSek, 'dispute_fee', 25_000, 'SEK', null],
        [refs.zalandoSek, 'surcharge', 35_000, 'SEK', true], // 1 299 kr disputed: the cap, 350 kr
        [refs.zalandoEur, 'dispute_fee', 2_500, 'EUR', null],
        [refs.zalandoEur, 'surcharge', 2_000, 'EUR', false], // 20 € disputed: under the 30 € cap
      ].sort(),
    );
    expect(z.totals).toEqual([
      { currency: 'EUR', disputeFees: 2_500, surcharges: 2_000, total: 4_500 },
      { currency: 'SEK', disputeFees: 25_000, surcharges: 35_000, total: 60_000 },
    ]);
    const e = of(ellos);
    expect(e.figures).toMatchObject({ disputes: 1, purchases: 100, rate: 0.01, overThreshold: false });
    expect(e.fees.map((fee) => [fee.kind, fee.amount, fee.currency])).toEqual([['dispute_fee', 25_000, 'SEK']]);
    expect(e.totals).toEqual([{ currency: 'SEK', disputeFees: 25_000, surcharges: 0, total: 25_000 }]);
    // Money is whole minor units everywhere.
    for (const statement of statements) {
      for (const fee of statement.fees) expect(Number.isSafeInteger(fee.amount)).toBe(true);
      for (const total of statement.totals)
        expect([total.disputeFees, total.surcharges, total.total].every(Number.isSafeInteger)).toBe(true);
    }

    // The surcharges went to Zalando as fee.charged, after its two standard fees.
    const events = await feeEvents(db, zalando);
    expect(
      events.map((event) => [
        event.data.dispute.ref,
        event.data.fee.kind,
        event.data.fee.amount,
        event.data.fee.currency,
      ]),
    ).toEqual([
      [refs.zalandoSek, 'dispute_fee', 25_000, 'SEK'],
      [refs.zalandoEur, 'dispute_fee', 2_500, 'EUR'],
      [refs.zalandoSek, 'surcharge', 35_000, 'SEK'],
      [refs.zalandoEur, 'surcharge', 2_000, 'EUR'],
    ]);
    expect(events[2]!.data.fee).toEqual({
      kind: 'surcharge',
      amount: 35_000,
      currency: 'SEK',
      month: MONTH,
      disputes: 2,
      purchases: 100,
      cap: { amount: 35_000, currency: 'SEK' },
    });
    expect((await feeEvents(db, ellos)).map((event) => event.data.fee.kind)).toEqual(['dispute_fee']);

    // A re-run of the month charges nothing twice and sends nothing twice.
    const after = await counts(db);
    const again = await chargeMonth(db, { month: MONTH, now: new Date(AFTER_MONTH.getTime() + DAY) });
    expect(again).toMatchObject({ added: { surcharges: 0, disputeFees: 0 }, events: 0 });
    expect(await counts(db)).toEqual(after);
    const reprinted = await feeStatements(db, {
      month: MONTH,
      rates: again.rates,
      purchaseSource: again.purchaseSource,
    });
    expect(reprinted).toEqual(statements);
  });

  it('the HTML statement shows the charges and escapes the merchant name; the counts from a CSV give the same', async () => {
    const db = current().db;
    const run = await chargeMonth(db, {
      month: MONTH,
      now: AFTER_MONTH,
      purchases: new Map([
        ['zalando.se', 100],
        ['Ellos', 100],
      ]),
    });
    expect(run).toMatchObject({ purchaseSource: 'csv', added: { surcharges: 0 } });
    const statements = await feeStatements(db, { month: MONTH, rates: run.rates, purchaseSource: run.purchaseSource });
    const ellosHtml = renderFeeStatement(statements.find((s) => s.merchant?.id === ellos)!);
    expect(ellosHtml).toContain('Ellos &amp; &lt;Co&gt;');
    expect(ellosHtml).not.toContain('<Co>');
    expect(ellosHtml).toContain('250.00 SEK');
    const zalandoHtml = renderFeeStatement(statements.find((s) => s.merchant?.id === zalando)!);
    expect(zalandoHtml).toContain('2.00 %');
    expect(zalandoHtml).toContain('capped at 350.00 SEK');
    expect(zalandoHtml).toContain('600.00 SEK');
    expect(zalandoHtml).toContain('45.00 EUR');
    // Written as the CLI writes it, the JSON reads back the same.
    const dir = mkdtempSync(join(tmpdir(), 'ombud-fees-'));
    const file = join(dir, 'statement.json');
    writeFileSync(file, JSON.stringify(statements[0]));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(statements[0])));
  });
});
