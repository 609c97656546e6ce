// `npm run purchases`: the purchases table filled and read as an operator does it, on each driver.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../db/index.ts';
import { operatorCli, seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';
import { REPO_ROOT } from '../support/process.ts';

const DEMO = join(REPO_ROOT, 'db/demo/purchases.jsonl');
const demoLines = () => readFileSync(DEMO, 'utf8').trim().split('\n');

function fileWith(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ombud-purchases-')), 'purchases.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const good = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'pur-9001',
    consumerId: 'cust-9',
    merchant: 'Jula',
    amountMinor: 29_900,
    currency: 'SEK',
    purchaseDate: '2026-11-30',
    orderNumber: 'J-1',
    invoiceId: 'inv-9',
    invoiceState: 'open',
    dueDate: '2026-12-30',
    ...fields,
  });

// Each test spawns the CLI a few times; on PGlite each spawn opens the embedded database anew.
const SPAWNS = { timeout: 120_000 };

for (const kind of DRIVERS) {
  describe(`npm run purchases [${kind}]`, SPAWNS, () => {
    const database = seededForCli(kind, (db) => migrate(db));
    const cli = (...args: string[]) => operatorCli('purchases', database.env(), ...args);
    const anna = () =>
      JSON.parse(cli('list', '--consumer', 'demo-anna', '--json').stdout) as {
        id: string;
        merchant: string;
        amountMinor: number;
      }[];

    it("imports the README's demo file, and list shows a consumer's purchases newest first, amounts in minor units", () => {
      const imported = cli('import', DEMO);
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toBe(
        `imported ${demoLines().length} purchases: ${demoLines().length} new, 0 changed, 0 unchanged\n`,
      );
      expect(anna().map((p) => [p.id, p.merchant, p.amountMinor])).toEqual([
        ['demo-p-1003', 'Zalando', 49_900],
        ['demo-p-1002', 'Elgiganten', 249_000],
        ['demo-p-1001', 'Zalando', 89_900],
        ['demo-p-0904', 'Apotea', 34_900],
      ]);
      const table = cli('list', '--consumer', 'demo-anna', '--since', '2026-11-20');
      expect(table.stdout.split('\n').slice(2, -1)).toEqual([
        expect.stringMatching(/^demo-p-1003 .* Zalando .* 499\.00 SEK /),
        expect.stringMatching(/^demo-p-1002 .* Elgiganten .* 2,490\.00 SEK /),
      ]);
    });

    it('importing the same file again changes nothing; a changed line updates its purchase', () => {
      const before = anna();
      const again = cli('import', DEMO, '--json');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({
        purchases: demoLines().length,
        added: 0,
        changed: 0,
        unchanged: demoLines().length,
      });
      expect(anna()).toEqual(before);
      const paid = demoLines().map((line) =>
        line.includes('"demo-p-1001"') ? line.replace('"invoiceState": "open"', '"invoiceState": "paid"') : line,
      );
      expect(cli('import', fileWith(paid)).stdout).toBe(
        `imported ${paid.length} purchases: 0 new, 1 changed, ${paid.length - 1} unchanged\n`,
      );
      expect(anna().find((p) => p.id === 'demo-p-1001')).toMatchObject({ invoiceState: 'paid' });
    });

    it('a file with wrong lines is refused whole, each wrong line named by its number and what is wrong', () => {
      const before = anna();
      const file = fileWith([
        good(),
        '{"id": "pur-9002", "consumerId": "cust-9", "merchant": "Jula", "amountMinor": 299.5,',
        good({ id: 'pur-9003', amountMinor: 299.5 }),
        '',
        good({ id: 'pur-9004', merchant: undefined }),
        good({ id: 'pur-9005', currency: 'KRONOR', purchaseDate: '2026-02-30' }),
        good({ id: 'pur-9006', orderNo: 'J-2' }),
        good(),
        good({ id: 'demo-p-1001', consumerId: 'demo-anna', amountMinor: 1 }),
      ]);
      const result = cli('import', file);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toEqual([
        `ombud purchases: ${file}: 6 wrong lines, nothing imported`,
        'line 2: not a JSON object',
        'line 3: amountMinor: must be a whole number of minor units (89900 for 899.00)',
        'line 5: merchant is missing',
        'line 6: currency: must be an ISO 4217 code such as SEK, NOK, DKK or EUR; purchaseDate: is not a day of the calendar',
        'line 7: unknown field "orderNo"',
        'line 8: purchase pur-9001 is also on line 1',
        '',
      ]);
      expect(JSON.parse(cli('list', '--consumer', 'cust-9', '--json').stdout)).toEqual([]);
      expect(anna()).toEqual(before);
    });

    it('a purchase already recorded for another consumer is refused with its line, and nothing of the file is written', () => {
      const result = cli(
        'import',
        fileWith([good({ id: 'pur-9100' }), good({ id: 'demo-p-1002', consumerId: 'cust-9' })]),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'line 2: purchase demo-p-1002 is already recorded for another consumer; nothing imported',
      );
      expect(JSON.parse(cli('list', '--consumer', 'cust-9', '--json').stdout)).toEqual([]);
    });

    it('a file that is not there, and a list without a consumer, are told in one line', () => {
      const missing = cli('import', '/nonexistent/purchases.jsonl');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe('ombud purchases: cannot read /nonexistent/purchases.jsonl: no such file\n');
      const noConsumer = cli('list');
      expect(noConsumer.code).toBe(2);
      expect(noConsumer.stderr).toMatch(/^ombud purchases: list needs --consumer ID/);
    });
  });
}

describe('npm run purchases beside a running service [postgres]', SPAWNS, () => {
  const database = seededForCli('postgres', (db) => migrate(db));

  it('imports while the service holds its connections and reads the table in an open transaction', async () => {
    const service = await openDatabase({ kind: 'postgres', url: database.env().DATABASE_URL! });
    try {
      await service.query('SELECT 1');
      // The service's reading transaction stays open while the import runs.
      let imported: ReturnType<typeof operatorCli> | undefined;
      await service.transaction(async (tx) => {
        await tx.query('SELECT count(*) FROM purchases');
        imported = operatorCli('purchases', database.env(), 'import', DEMO);
      });
      expect(imported?.code).toBe(0);
      const { rows } = await service.query<{ n: number }>('SELECT count(*)::int AS n FROM purchases');
      expect(rows[0]!.n).toBe(demoLines().length);
    } finally {
      await service.close();
    }
  });
});
