// `npm run cases`: the operator CLI, spawned as an operator runs it, on each driver.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMerchant, migrate, notifyInTransaction, openCase, runCaseCommand, type Db } from '../../db/index.ts';
import { operatorCli, seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';

async function seed(db: Db) {
  await migrate(db);
  const context = { db, signal: notifyInTransaction() };
  const refs: Record<string, string> = {};
  await db.transaction((tx) => addMerchant(tx, { name: 'Zalando' }, new Date()));
  const longAgo = new Date(Date.now() - 60 * 60_000);
  // Each case about a purchase of its own: a purchase has one open dispute.
  const orderNumber = { invoice: '40001', unrecognized_purchase: '40002', merchant_disagreement: '40003' } as const;
  for (const intent of ['invoice', 'unrecognized_purchase', 'merchant_disagreement'] as const) {
    const result = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: 'consumer-1',
        intent,
        language: 'sv',
        entities: { merchant: 'Zalando', amountMinor: 49_900, currency: 'SEK', orderNumber: orderNumber[intent] },
      },
      intent === 'invoice' ? longAgo : new Date(),
    );
    if (!result.ok) throw new Error(result.error.code);
    refs[intent] = result.stored.case.ref;
  }
  await runCaseCommand(
    context,
    refs.unrecognized_purchase!,
    { type: 'pick_up', actor: { kind: 'agent', id: 'inv-7', tier: 'investigation' } },
    new Date(),
  );
  return refs;
}

for (const kind of DRIVERS) {
  describe(`npm run cases [${kind}]`, () => {
    const database = seededForCli(kind, seed);
    const cli = (...args: string[]) => operatorCli('cases', database.env(), ...args);
    const refs = () => database.seeded();

    it('queues --json gives depth and oldest wait per tier', () => {
      const result = cli('queues', '--json');
      expect(result.code).toBe(0);
      const views = JSON.parse(result.stdout);
      const cs = views.find((view: { tier: string }) => view.tier === 'customer_service');
      expect(cs).toMatchObject({ depth: 1, breached: 1 });
      expect(cs.oldestWaitSeconds).toBeGreaterThanOrEqual(3600);
      expect(views.find((view: { tier: string }) => view.tier === 'investigation')).toMatchObject({
        depth: 0,
        assigned: 1,
        awaiting: 1,
      });
    });

    it('list puts the case past its first-response target first, in a table and as JSON', () => {
      const table = cli('list');
      expect(table.code).toBe(0);
      const firstRow = table.stdout.split('\n')[2]!;
      expect(firstRow).toContain(refs().invoice);
      expect(firstRow).toContain('BREACHED');
      const json = JSON.parse(cli('list', '--json').stdout);
      expect(json.map((c: { ref: string }) => c.ref)).toEqual(expect.arrayContaining(Object.values(refs())));
      expect(json[0].ref).toBe(refs().invoice);
    });

    it('show REF --json gives the case, its history and its timers', () => {
      const result = cli('show', refs().merchant_disagreement!, '--json');
      const shown = JSON.parse(result.stdout);
      expect(shown.case).toMatchObject({
        ref: refs().merchant_disagreement,
        status: 'awaiting_merchant',
        invoiceState: 'paused',
      });
      expect(shown.events.map((event: { type: string }) => event.type)).toContain('dispute_opened');
      expect(shown.timers.map((timer: { kind: string }) => timer.kind)).toContain('merchant_window');
    });

    it('merchants flags a dispute rate over 1.5 % given purchase counts', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'ombud-cli-')), 'purchases.csv');
      writeFileSync(file, 'merchant,purchases\nZalando,40\n');
      const rows = JSON.parse(cli('merchants', '--purchases', file, '--json').stdout);
      expect(rows).toEqual([
        { merchantId: 1, merchant: 'Zalando', disputes: 1, escalated: 0, purchases: 40, rate: 0.025, flagged: true },
      ]);
    });

    it('bad arguments and unknown references get a clear message and a non-zero exit', () => {
      const badTier = cli('list', '--tier', 'nowhere');
      expect(badTier.code).toBe(2);
      expect(badTier.stderr).toMatch(/--tier must be one of customer_service/);
      const missing = cli('show', 'OMB-NOSUCH00');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no case OMB-NOSUCH00/);
      expect(cli('frobnicate').code).toBe(2);
    });
  });
}
