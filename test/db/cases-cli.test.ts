// `npm run cases`: the operator CLI, spawned as an operator runs it, on each driver.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addMerchant,
  migrate,
  notifyInTransaction,
  openCase,
  openConversation,
  runCaseCommand,
  storeInbound,
  type Db,
} from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
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
  // The dispute's conversation: what the consumer wrote, with a card number in it.
  const conversationId = await openConversation(db, { consumerId: 'consumer-1', channel: 'web', at: new Date() });
  const words =
    'Jag returnerade jackan till Zalando men betalade med kort 4111 1111 1111 1111 och fick ingen återbetalning';
  await storeInbound(db, {
    conversationId,
    author: 'consumer-1',
    text: words,
    redactedText: redact(words),
    at: new Date(),
  });
  for (const intent of ['invoice', 'unrecognized_purchase', 'merchant_disagreement'] as const) {
    const disputed = intent === 'merchant_disagreement';
    const result = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: 'consumer-1',
        intent,
        language: 'sv',
        entities: {
          merchant: 'Zalando',
          amountMinor: 49_900,
          currency: 'SEK',
          orderNumber: orderNumber[intent],
          ...(disputed ? { purchaseDate: '2026-11-30', contactedMerchant: true } : {}),
        },
        ...(disputed ? { conversationId } : {}),
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

    it("show REF in text says what an agent needs: the consumer's words masked, shop, amount, day, the window", () => {
      const shown = cli('show', refs().merchant_disagreement!);
      expect(shown.code).toBe(0);
      const lines = shown.stdout.split('\n');
      const about = lines.find((line) => line.startsWith('about: '));
      expect(about).toMatch(
        /^about: Jag returnerade jackan till Zalando men betalade med kort .+ och fick ingen återbetalning$/,
      );
      expect(shown.stdout).not.toMatch(/4111/);
      expect(lines.find((line) => line.startsWith('dispute: '))).toBe(
        'dispute: merchant_disagreement, merchant Zalando, 499.00 SEK, bought 2026-11-30, reason not told yet, shop contacted yes',
      );
      expect(shown.stdout).toMatch(
        /^ {2}window ends \d{4}-\d\d-\d\d \d\d:\d\d UTC \(21 days left\); merchant has not answered; fee no$/m,
      );
      expect(shown.stdout).toMatch(/^opened \d{4}-\d\d-\d\d \d\d:\d\d UTC {2}order 40003 {2}purchase -$/m);
      expect(JSON.parse(cli('show', refs().merchant_disagreement!, '--json').stdout).description).toBe(about!.slice(7));
      // A case with no conversation says so, and a dispute with no shop never shows "?".
      expect(cli('show', refs().invoice!).stdout).toContain('about: - (no message from the consumer on this case)');
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
