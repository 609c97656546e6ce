// `npm run report -- merchant-fees --month YYYY-MM` as an operator runs it (issue 17, item 6): the
// table, each merchant's statement written as HTML and JSON, and a second run that charges and
// sends nothing. The figures themselves are held by merchant-fees.test.ts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMerchant, migrate, openCase, sweepDueTimers, type Db } from '../../db/index.ts';
import { operatorCli, seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';
import { at, contextFor, DAY, MINUTE } from './support.ts';

async function seed(db: Db) {
  await migrate(db);
  const zalando = (
    await db.transaction((tx) =>
      addMerchant(tx, { name: 'Zalando', webhookUrl: 'https://hooks.zalando.example/ombud' }, at(-DAY)),
    )
  ).merchant.id;
  const ellos = (await db.transaction((tx) => addMerchant(tx, { name: 'Ellos', webhookUrl: null }, at(-DAY)))).merchant
    .id;
  let n = 0;
  for (const merchant of ['Zalando', 'Zalandolta', 'Ellos']) {
    n += 1;
    const result = await openCase(
      contextFor(db),
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: `c-${n}`,
        intent: 'merchant_disagreement',
        language: 'sv',
        entities: {
          merchant,
          amountMinor: 129_900,
          currency: 'SEK',
          orderNumber: `order-${n}`,
          refundReason: 'not_received',
        },
      },
      at(0),
    );
    if (!result.ok) throw new Error(result.error.code);
  }
  for (const day of [7, 14, 19, 21]) await sweepDueTimers(contextFor(db), at(day * DAY + MINUTE));
  return { zalando, ellos };
}

for (const kind of DRIVERS) {
  describe(`npm run report -- merchant-fees [${kind}]`, () => {
    const database = seededForCli(kind, seed);
    const dir = mkdtempSync(join(tmpdir(), 'ombud-fees-cli-'));
    const csv = join(dir, 'purchases.csv');
    writeFileSync(csv, 'merchant,purchases\nZalando SE,100\nEllos,100\n');

    it('prints the month, writes each statement as HTML and JSON, and a re-run charges nothing', () => {
      const { zalando, ellos } = database.seeded();
      const out = join(dir, 'out');
      const first = operatorCli(
        'report',
        database.env(),
        'merchant-fees',
        '--month',
        '2026-03',
        '--merchant-purchases',
        csv,
        '--out',
        out,
      );
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        /^Zalando \(\d+\) +2 +100 +2\.00 % +YES +SEK +500\.00 SEK +700\.00 SEK +1200\.00 SEK/m,
      );
      expect(first.stdout).toMatch(/^Ellos \(\d+\) +1 +100 +1\.00 % +SEK +250\.00 SEK +0\.00 SEK +250\.00 SEK/m);
      expect(first.stdout).toContain(
        'this run charged 2 surcharge(s) and entered 0 earlier dispute fee(s); 2 fee.charged event(s) queued',
      );

      const statement = JSON.parse(readFileSync(join(out, `merchant-${zalando}.json`), 'utf8'));
      expect(statement.totals).toEqual([{ currency: 'SEK', disputeFees: 50_000, surcharges: 70_000, total: 120_000 }]);
      expect(readFileSync(join(out, `merchant-${zalando}.html`), 'utf8')).toContain('capped at 350.00 SEK');
      expect(existsSync(join(out, `merchant-${ellos}.html`))).toBe(true);
      // Ellos has no webhook: its fees are in the ledger, no event is queued for it.
      expect(JSON.parse(readFileSync(join(out, `merchant-${ellos}.json`), 'utf8')).fees).toHaveLength(1);

      const again = operatorCli(
        'report',
        database.env(),
        'merchant-fees',
        '--month',
        '2026-03',
        '--merchant-purchases',
        csv,
        '--out',
        out,
        '--json',
      );
      expect(again.code).toBe(0);
      const run = JSON.parse(again.stdout);
      expect(run).toMatchObject({ month: '2026-03', ended: true, added: { surcharges: 0, disputeFees: 0 }, events: 0 });
      expect(run.statements.find((s: { merchant: { id: number } }) => s.merchant.id === zalando).totals).toEqual(
        statement.totals,
      );
    });

    it('a month not written YYYY-MM is a usage error, exit 2', () => {
      const wrong = operatorCli('report', database.env(), 'merchant-fees', '--month', '2026-3');
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--month YYYY-MM is required');
    });
  });
}
