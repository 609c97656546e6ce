// `npm run report -- monthly --month YYYY-MM [--purchases N] [--merchant-purchases FILE.csv]
// [--out FILE.html] [--json]`: prints the month's figures as tables and writes the same as an
// HTML page with charts (default DATA_DIR/reports/monthly-YYYY-MM.html). Reads DATABASE_URL, or the
// PGlite folder DATA_DIR (which must not be open in a running service).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../index.ts';
import { monthlyReport, type MonthlyReport } from '../reports.ts';
import { renderMonthlyReport } from '../reports-html.ts';
import { printTable } from './table.ts';
import { jsonLine, printLine } from './printable.ts';
import { readPurchaseCounts } from './purchase-counts.ts';
import { runCli, UsageError } from './run.ts';

const USAGE = `usage: npm run report -- monthly --month YYYY-MM [options]
  --purchases N                  purchases in the month (for complaints per million purchases)
  --merchant-purchases FILE.csv  lines merchant,purchases (for merchant dispute rates and the 1.5 % flag)
  --out FILE.html                where to write the page (default DATA_DIR/reports/monthly-YYYY-MM.html)
  --json                         print the figures as one JSON object instead of tables`;


const pct = (rate: number | null, digits = 1) => (rate === null ? '-' : `${(rate * 100).toFixed(digits)} %`);

function printReport(report: MonthlyReport, out: string) {
  printLine(`Monthly report ${report.month} (purchases: ${report.purchases ?? 'not given'})\n`);
  const row = (label: string, f: MonthlyReport['total']) => [
    label,
    f.casesOpened,
    f.complaints,
    f.ombudsmanRequests,
    f.ombudsmanDecided,
    pct(f.overturnRate),
    f.complaintsPerMillion === null ? '-' : f.complaintsPerMillion.toFixed(1),
  ];
  printTable(
    ['intent', 'cases', 'complaints', 'ombudsman requests', 'decided', 'overturn rate', 'complaints / M purchases'],
    [...report.intents.map((f) => row(f.intent, f)), row('total', report.total)],
  );
  printLine();
  if (report.merchants.length === 0) printLine('no merchant disputes in the month');
  else
    printTable(
      ['merchant', 'disputes', 'escalated', 'purchases', 'rate', 'over 1.5 %'],
      report.merchants.map((m) => [m.merchant, m.disputes, m.escalated, m.purchases ?? '?', pct(m.rate, 2), m.flagged ? 'YES' : '']),
    );
  printLine();
  printTable(
    ['refund reason', 'disputes', 'escalated (fee)', 'settled'],
    report.refundReasons.map((r) => [r.reason, r.disputes, r.escalated, r.settled]),
  );
  printLine(`\nwrote ${out}`);
}

async function monthly(db: Db, args: string[], dataDir: string) {
  const { values } = parseArgs({
    args,
    options: { month: { type: 'string' }, purchases: { type: 'string' }, 'merchant-purchases': { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!values.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) throw new UsageError('--month YYYY-MM is required, e.g. --month 2026-03');
  let purchases: number | undefined;
  if (values.purchases !== undefined) {
    purchases = Number(values.purchases);
    if (!Number.isSafeInteger(purchases) || purchases < 0) throw new UsageError('--purchases must be a whole number');
  }
  const report = await monthlyReport(db, {
    month: values.month,
    purchases,
    merchantPurchases: values['merchant-purchases'] ? readPurchaseCounts(values['merchant-purchases'], (message) => new UsageError(message)) : undefined,
  });
  const out = resolve(values.out ?? `${dataDir}/reports/monthly-${values.month}.html`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderMonthlyReport(report));
  if (values.json) process.stdout.write(jsonLine({ ...report, html: out }));
  else printReport(report, out);
}

await runCli('ombud report', USAGE, { monthly: (db, args, config) => monthly(db, args, config.DATA_DIR) });
