// `npm run report -- monthly --month YYYY-MM [--purchases N] [--merchant-purchases FILE.csv]
// [--out FILE.html] [--json]`: prints the month's figures as tables and writes the same as an
// HTML page with charts (default DATA_DIR/reports/monthly-YYYY-MM.html).
// `npm run report -- yearly --year YYYY [the same options]`: the same figures over a year, where a
// case counts once however many months it had complaint signals in (DATA_DIR/reports/yearly-YYYY.html).
// `npm run report -- merchant-fees --month YYYY-MM [--merchant-purchases FILE.csv] [--out DIR]
// [--json]`: the month's end of the fee ledger (db/merchant-fees.ts): charges the surcharges once
// the month is over, then prints each merchant's statement and writes it as HTML and JSON (default
// DATA_DIR/reports/fees-YYYY-MM/). Reads DATABASE_URL, or the PGlite folder DATA_DIR (which must
// not be open in a running service).
// In bot/ beside the pages it writes and the Slack and e-mail it sends, as db/ never imports bot/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/index.ts';
import { renderFeeStatement, formatMoney } from './fee-statement-html.ts';
import { chargeMonth, feeStatements, type FeeRun, type MerchantStatement } from '../../db/merchant-fees.ts';
import { monthlyReport, monthRange, type MonthlyReport } from '../../db/reports.ts';
import { renderMonthlyReport } from './report-html.ts';
import { printTable } from '../../db/cli/table.ts';
import { jsonLine, printLine } from '../../db/cli/printable.ts';
import { readPurchaseCounts } from '../../db/cli/purchase-counts.ts';
import { runCli, UsageError } from '../../db/cli/run.ts';
import type { Config } from '../config.ts';
import { deliverTeamPages, deliveryTargets, type TeamDelivery } from './delivery.ts';

const USAGE = `usage: npm run report -- monthly --month YYYY-MM [options]
  --purchases N                  purchases in the month (for complaints per million purchases)
  --merchant-purchases FILE.csv  lines merchant,purchases (for merchant dispute rates and the 1.5 % flag)
  --out FILE.html                where to write the page (default DATA_DIR/reports/monthly-YYYY-MM.html)
  --json                         print the figures as one JSON object instead of tables
  --deliver                      send each product team its page: Slack (TEAM_CHANNELS) and/or e-mail (TEAM_EMAILS)
       npm run report -- yearly --year YYYY [the same options]
       npm run report -- merchant-fees --month YYYY-MM [options]
  --merchant-purchases FILE.csv  lines merchant,purchases (default: the purchase directory's purchases of the month)
  --out DIR                      where to write each merchant's statement as HTML and JSON (default DATA_DIR/reports/fees-YYYY-MM)
  --json                         print the run and the statements as one JSON object instead of tables`;

const pct = (rate: number | null, digits = 1) => (rate === null ? '-' : `${(rate * 100).toFixed(digits)} %`);

function printReport(report: MonthlyReport, out: string) {
  printLine(
    `${report.period === 'year' ? 'Yearly' : 'Monthly'} report ${report.month} (purchases: ${report.purchases ?? 'not given'})\n`,
  );
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
      report.merchants.map((m) => [
        m.merchant,
        m.disputes,
        m.escalated,
        m.purchases ?? '?',
        pct(m.rate, 2),
        m.flagged ? 'YES' : '',
      ]),
    );
  printLine();
  printTable(
    ['refund reason', 'disputes', 'escalated (fee)', 'settled'],
    report.refundReasons.map((r) => [r.reason, r.disputes, r.escalated, r.settled]),
  );
  printLine();
  printTable(
    ['team', 'complaints', `the ${report.period} before`, 'comments', 'ombudsman lessons'],
    report.teams.map((team) => [
      team.name,
      team.complaints,
      team.previousComplaints,
      team.opinions.length,
      team.lessons.length,
    ]),
  );
  printLine(`\nwrote ${out}`);
}

async function monthly(db: Db, args: string[], config: Config, kind: 'month' | 'year' = 'month') {
  const dataDir = config.DATA_DIR;
  const { values } = parseArgs({
    args,
    options: {
      [kind]: { type: 'string' },
      purchases: { type: 'string' },
      'merchant-purchases': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      deliver: { type: 'boolean' },
    },
  });
  const period = values[kind];
  if (kind === 'year' && (typeof period !== 'string' || !/^\d{4}$/.test(period)))
    throw new UsageError('--year YYYY is required, e.g. --year 2026');
  if (kind === 'month' && (typeof period !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)))
    throw new UsageError('--month YYYY-MM is required, e.g. --month 2026-03');
  let purchases: number | undefined;
  if (values.purchases !== undefined) {
    purchases = Number(values.purchases);
    if (!Number.isSafeInteger(purchases) || purchases < 0) throw new UsageError('--purchases must be a whole number');
  }
  const report = await monthlyReport(db, {
    month: period as string,
    purchases,
    merchantPurchases: values['merchant-purchases']
      ? readPurchaseCounts(values['merchant-purchases'], (message) => new UsageError(message))
      : undefined,
  });
  const out = resolve(
    (values.out as string | undefined) ?? `${dataDir}/reports/${kind === 'year' ? 'yearly' : 'monthly'}-${period}.html`,
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderMonthlyReport(report));
  const delivered = values.deliver ? await deliver(report, config) : undefined;
  if (values.json) process.stdout.write(jsonLine({ ...report, html: out, ...(delivered ? { delivered } : {}) }));
  else {
    printReport(report, out);
    if (delivered) {
      printLine();
      printTable(
        ['team', 'sent by', 'delivered', 'note'],
        delivered.map((d) => [d.team, d.via, d.ok ? 'yes' : 'NO', d.note ?? '']),
      );
    }
  }
  // A page that had somewhere to go and did not get there is a failed run.
  if (delivered?.some((d) => !d.ok && d.via !== 'none')) process.exitCode = 1;
}

async function deliver(report: MonthlyReport, config: Config): Promise<TeamDelivery[]> {
  const targets = deliveryTargets(config);
  try {
    return await deliverTeamPages(report, targets);
  } finally {
    targets.close();
  }
}

/** A statement's file name: merchant-<id>, or unlinked for the charges of no merchant. */
const statementName = (statement: MerchantStatement) =>
  statement.merchant ? `merchant-${statement.merchant.id}` : 'unlinked';

function printFees(run: FeeRun, statements: MerchantStatement[], out: string) {
  printLine(
    `Merchant fees ${run.month} (purchases from ${run.purchaseSource === 'csv' ? 'the CSV given' : 'the purchase directory'})\n`,
  );
  if (statements.length === 0) printLine('no merchant disputes or charges in the month');
  else
    printTable(
      ['merchant', 'disputes', 'purchases', 'rate', 'over 1.5 %', 'currency', 'dispute fees', 'surcharges', 'total'],
      statements.flatMap((s) => {
        const head = [
          s.merchant ? `${s.merchant.name} (${s.merchant.id})` : 'unlinked',
          s.figures.disputes,
          s.figures.purchases ?? '?',
          pct(s.figures.rate, 2),
          s.figures.overThreshold ? 'YES' : '',
        ];
        if (s.totals.length === 0) return [[...head, '-', '-', '-', '-']];
        return s.totals.map((t) => [
          ...head,
          t.currency,
          formatMoney(t.disputeFees, t.currency),
          formatMoney(t.surcharges, t.currency),
          formatMoney(t.total, t.currency),
        ]);
      }),
    );
  printLine();
  if (!run.ended)
    printLine(
      `the month is not over: surcharges are charged from ${monthRange(run.month).to.toISOString().slice(0, 10)} (UTC)`,
    );
  printLine(
    `this run charged ${run.added.surcharges} surcharge(s) and entered ${run.added.disputeFees} earlier dispute fee(s); ${run.events} fee.charged event(s) queued`,
  );
  printLine(`wrote ${statements.length} statement(s) to ${out}`);
}

async function merchantFees(db: Db, args: string[], dataDir: string) {
  const { values } = parseArgs({
    args,
    options: {
      month: { type: 'string' },
      'merchant-purchases': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month))
    throw new UsageError('--month YYYY-MM is required, e.g. --month 2026-03');
  const purchases = values['merchant-purchases']
    ? readPurchaseCounts(values['merchant-purchases'], (message) => new UsageError(message))
    : undefined;
  const run = await chargeMonth(db, { month: values.month, now: new Date(), purchases });
  const statements = await feeStatements(db, {
    month: values.month,
    rates: run.rates,
    purchaseSource: run.purchaseSource,
  });
  const out = resolve(values.out ?? `${dataDir}/reports/fees-${values.month}`);
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (const statement of statements) {
    const base = resolve(out, statementName(statement));
    writeFileSync(`${base}.json`, jsonLine(statement));
    writeFileSync(`${base}.html`, renderFeeStatement(statement));
    files.push(`${base}.html`, `${base}.json`);
  }
  if (values.json) {
    const { rates: _rates, ...summary } = run;
    process.stdout.write(jsonLine({ ...summary, statements, out, files }));
  } else printFees(run, statements, out);
}

await runCli('ombud report', USAGE, {
  monthly: (db, args, config) => monthly(db, args, config),
  yearly: (db, args, config) => monthly(db, args, config, 'year'),
  'merchant-fees': (db, args, config) => merchantFees(db, args, config.DATA_DIR),
});
