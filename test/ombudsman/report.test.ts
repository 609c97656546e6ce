// The monthly report on seeded data, on PGlite and PostgreSQL: complaints per intent by docs/domain.md's
// definition (each case once), ombudsman requests and the overturn rate, complaints per million
// purchases, merchant dispute rates with the 1.5 % flag, disputes per refund reason; and `npm run
// report` printing the table and writing the HTML page with its charts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import {
  fileOmbudsmanRequest,
  monthlyReport,
  monthRange,
  openCase,
  commentRating,
  rateCase,
  requestRating,
} from '../../db/index.ts';
import { renderMonthlyReport } from '../../bot/reports/report-html.ts';
import { describeEachDriver } from '../support/databases.ts';
import { REPO_ROOT } from '../support/process.ts';
import { MERCHANT_PURCHASES, seedReportMonths } from './report-seed.ts';
import { Clock, contextFor, CS, decidedForMerchant, open, run } from './support.ts';

describeEachDriver('the monthly report', (current) => {
  beforeAll(async () => {
    await seedReportMonths(current().db);
  });

  it('counts complaints per intent by the definition, each case once, and only in its month', async () => {
    const report = await monthlyReport(current().db, {
      month: '2026-03',
      purchases: 2_000_000,
      merchantPurchases: MERCHANT_PURCHASES,
    });
    const byIntent = Object.fromEntries(report.intents.map((f) => [f.intent, f]));
    expect(byIntent.merchant_disagreement).toMatchObject({
      casesOpened: 3,
      complaints: 3,
      complaintsBy: { dispute: 3, consumer_escalation: 0, low_rating: 0, ombudsman_request: 2 },
      ombudsmanRequests: 2,
      ombudsmanDecided: 2,
      overturned: 1,
      overturnRate: 0.5,
      complaintsPerMillion: 1.5,
    });
    expect(byIntent.invoice).toMatchObject({
      casesOpened: 3,
      complaints: 2,
      complaintsBy: { dispute: 0, consumer_escalation: 1, low_rating: 1, ombudsman_request: 0 },
      ombudsmanRequests: 0,
      overturnRate: null,
    });
    expect(byIntent.login).toMatchObject({ casesOpened: 1, complaints: 0 });
    expect(byIntent.unrecognized_purchase).toMatchObject({
      casesOpened: 1,
      complaints: 1,
      complaintsBy: { dispute: 1 },
    });
    expect(byIntent.human_agent).toMatchObject({ casesOpened: 0, complaints: 0 });
    expect(report.total).toMatchObject({
      casesOpened: 8,
      complaints: 6,
      ombudsmanRequests: 2,
      ombudsmanDecided: 2,
      overturnRate: 0.5,
      complaintsPerMillion: 3,
    });
    expect(report.feedbackByTier).toEqual([{ tier: 'investigation', upheld: 1, overturned: 1 }]);
  });

  it('gives merchant dispute rates with the 1.5 % flag (disagreements in the month only)', async () => {
    const report = await monthlyReport(current().db, { month: '2026-03', merchantPurchases: MERCHANT_PURCHASES });
    expect(report.merchants).toEqual([
      { merchantId: 1, merchant: 'Zalando', disputes: 2, escalated: 2, purchases: 100, rate: 0.02, flagged: true },
      { merchantId: 2, merchant: 'Boozt', disputes: 1, escalated: 0, purchases: 1_000, rate: 0.001, flagged: false },
    ]);
    expect(report.purchases).toBeNull();
    expect(report.total.complaintsPerMillion).toBeNull();
  });

  it('counts the disagreements of the month per refund reason, every reason listed', async () => {
    const march = await monthlyReport(current().db, { month: '2026-03' });
    expect(march.refundReasons).toEqual([
      { reason: 'returned', disputes: 0, escalated: 0, settled: 0 },
      { reason: 'not_received', disputes: 1, escalated: 0, settled: 0 },
      { reason: 'wrong_amount', disputes: 0, escalated: 0, settled: 0 },
      { reason: 'faulty', disputes: 0, escalated: 0, settled: 0 },
      { reason: 'refund_refused', disputes: 0, escalated: 0, settled: 0 },
      { reason: 'not_told', disputes: 2, escalated: 2, settled: 0 },
    ]);
    const may = await monthlyReport(current().db, { month: '2026-05' });
    expect(may.refundReasons.filter((r) => r.disputes > 0)).toEqual([
      { reason: 'wrong_amount', disputes: 1, escalated: 0, settled: 1 },
      { reason: 'refund_refused', disputes: 1, escalated: 1, settled: 0 },
    ]);
    const html = renderMonthlyReport(may);
    expect(html).toContain('<tr><th scope="row">wrong or too high amount</th><td>1</td><td>0</td><td>1</td></tr>');
    expect(html).toContain('Disputes per refund reason');
  });

  it('another month has its own figures; a bad month is refused', async () => {
    const february = await monthlyReport(current().db, { month: '2026-02' });
    expect(february.total).toMatchObject({ casesOpened: 1, complaints: 1 });
    expect(monthRange('2026-12')).toEqual({
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    await expect(monthlyReport(current().db, { month: '2026-13' })).rejects.toThrow(/YYYY-MM/);
  });

  it("a year's figures count each case once: a dispute in March and its ombudsman request in April are one complaint in the year, one in each month", async () => {
    const db = current().db;
    const context = contextFor(db);
    // In 2025, apart from the seeded 2026.
    const spanning = await decidedForMerchant(context, 'consumer-2025', new Clock(new Date('2025-03-28T09:00:00Z')));
    const filed = await fileOmbudsmanRequest(context, {
      ref: spanning.case.ref,
      consumerId: 'consumer-2025',
      statement: 'Not fair.',
      desiredOutcome: 'Money back.',
      now: new Date('2025-04-25T10:00:00Z'),
    });
    expect(filed.ok).toBe(true);
    const march = await monthlyReport(db, { month: '2025-03' });
    const april = await monthlyReport(db, { month: '2025-04' });
    const year = await monthlyReport(db, { month: '2025' });
    expect([march.total.complaints, april.total.complaints]).toEqual([1, 1]);
    expect(year).toMatchObject({
      period: 'year',
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2026-01-01T00:00:00Z'),
    });
    expect(year.total).toMatchObject({ complaints: 1, casesOpened: 1, ombudsmanRequests: 1 });
    expect(year.total.complaintsBy).toMatchObject({ dispute: 1, ombudsman_request: 1 });
    const html = renderMonthlyReport(year);
    expect(html).toContain('Yearly report 2025');
    expect(html).toContain('in the year');
    expect(html).not.toContain('in the month');
  });

  it("gives each product team its page: its complaints against the month before, what consumers wrote (masked), the ombudsman's lessons", async () => {
    const db = current().db;
    const context = contextFor(db);
    // In 2024, apart from the rest. May: an invoice matter the consumer had escalated (invoicing).
    const may = await open(context, 'team-consumer-1', 'invoice', new Date('2024-05-10T09:00:00Z'));
    await run(context, may.case.ref, { type: 'pick_up', actor: CS }, new Date('2024-05-10T09:05:00Z'));
    await run(
      context,
      may.case.ref,
      { type: 'escalate', actor: CS, to: 'specialist', reason: 'consumer_request' },
      new Date('2024-05-10T09:10:00Z'),
    );
    // June: a login matter rated 1 with a comment (access), and a wrong amount from a shop (invoicing, by its refund reason).
    const login = await open(context, 'team-consumer-2', 'login', new Date('2024-06-03T09:00:00Z'));
    await run(context, login.case.ref, { type: 'pick_up', actor: CS }, new Date('2024-06-03T09:05:00Z'));
    const resolved = await run(
      context,
      login.case.ref,
      { type: 'resolve', actor: CS, outcome: 'answered' },
      new Date('2024-06-03T09:10:00Z'),
    );
    await requestRating(db, resolved.id, new Date('2024-06-03T09:10:00Z'));
    await rateCase(db, resolved.id, 1, new Date('2024-06-03T09:20:00Z'));
    await commentRating(db, resolved.id, 'The app logs me out all the time; my card 4111 1111 1111 1111 is on file.');
    const wrong = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: 'team-consumer-3',
        intent: 'merchant_disagreement',
        language: 'sv',
        entities: { merchant: 'Boozt', refundReason: 'wrong_amount' },
      },
      new Date('2024-06-05T09:00:00Z'),
    );
    expect(wrong.ok).toBe(true);

    const june = await monthlyReport(db, { month: '2024-06' });
    const page = (id: string) => june.teams.find((team) => team.team === id)!;
    expect(june.teams.map((team) => team.team)).toEqual(['invoicing', 'access', 'buyer_protection', 'service']);
    expect(page('access')).toMatchObject({ complaints: 1, previousComplaints: 0, complaintsBy: { low_rating: 1 } });
    expect(page('access').opinions).toEqual([
      { caseRef: login.case.ref, rating: 1, comment: expect.stringContaining('The app logs me out all the time') },
    ]);
    expect(page('access').opinions[0]!.comment).not.toContain('4111');
    expect(page('invoicing')).toMatchObject({ complaints: 1, previousComplaints: 1, complaintsBy: { dispute: 1 } });
    expect(page('buyer_protection')).toMatchObject({ complaints: 0, previousComplaints: 0 });
    const html = renderMonthlyReport(june);
    expect(html).toContain('<h3>Login and the app</h3>');
    expect(html).toContain('up 1 from 0 the month before');
    expect(html).toContain('the same as the month before');
    expect(html).not.toContain('4111');

    // The seeded March: both ombudsman decisions' lessons are buyer protection's.
    const march = await monthlyReport(db, { month: '2026-03' });
    expect(
      march.teams
        .find((team) => team.team === 'buyer_protection')!
        .lessons.map((lesson) => lesson.decision)
        .sort(),
    ).toEqual(['overturned', 'upheld']);
  });

  it('the page is self-contained: tables and inline SVG charts, the flagged merchant marked, nothing loaded from elsewhere', async () => {
    const html = renderMonthlyReport(
      await monthlyReport(current().db, {
        month: '2026-03',
        purchases: 2_000_000,
        merchantPurchases: MERCHANT_PURCHASES,
      }),
    );
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html).toContain(
      '<title id="chart-merchant-dispute-rate-1-5-threshold-">Merchant dispute rate (1.5 % threshold)</title>',
    );
    expect(html).toMatch(/<tr class="flagged"><th scope="row">Zalando<\/th>/);
    expect(html).toContain('class="bar flagged"');
    expect(html).toContain('<td>50.0 %</td>');
    // People's words, not ids; every table scrolls in its own box on a phone.
    expect(html).toContain('<th scope="row">Disagreements with a shop</th>');
    expect(html).not.toContain('<th scope="row">merchant_disagreement</th>');
    expect(html).toContain('Purchases in the month: 2,000,000.');
    expect(html.match(/<div class="table-scroll">/g)).toHaveLength(html.match(/<table>/g)!.length);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('<script');
  });

  it('npm run report -- monthly prints the table and writes the page', async () => {
    const { url } = current();
    const dir = mkdtempSync(join(tmpdir(), 'ombud-report-'));
    writeFileSync(join(dir, 'purchases.csv'), 'merchant,purchases\nZalando,100\nBoozt,1000\n');
    const out = join(dir, 'march.html');
    // On PostgreSQL the CLI reads this file's seeded database; PGlite lives in this process, so
    // there the CLI gets a folder of its own (DATA_DIR), empty: a month with nothing in it.
    const database = url ? { DATABASE_URL: url } : { DATA_DIR: join(dir, 'data') };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'bot/reports/cli.ts',
        'monthly',
        '--month',
        '2026-03',
        '--purchases',
        '2000000',
        '--merchant-purchases',
        join(dir, 'purchases.csv'),
        '--out',
        out,
      ],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...database } },
    );
    expect(stdout).toContain('Monthly report 2026-03 (purchases: 2000000)');
    expect(stdout).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Monthly report 2026-03');
    // Purchases with separators; an empty month's charts say so, with no threshold over nothing.
    expect(html).toContain('Purchases in the month: 2,000,000.');
    if (url) expect(html).toContain('<svg ');
    else {
      expect(html).not.toContain('<svg ');
      expect(html).toContain('<strong>Complaints per intent</strong>: no complaints in the month.');
      expect(html).toContain(
        '<strong>Merchant dispute rate (1.5 % threshold)</strong>: no merchant disputes in the month.',
      );
      expect(html).not.toContain('class="threshold"');
    }
    if (url) {
      expect(stdout).toMatch(/merchant_disagreement\s+3\s+3\s+2\s+2\s+50\.0 %\s+1\.5/);
      expect(stdout).toMatch(/total\s+8\s+6\s+2\s+2\s+50\.0 %\s+3\.0/);
      expect(stdout).toMatch(/Zalando\s+2\s+2\s+100\s+2\.00 %\s+YES/);
      expect(stdout).toMatch(/not_received\s+1\s+0\s+0/);
    } else {
      expect(stdout).toMatch(/total\s+0\s+0\s+0\s+0\s+-\s+0\.0/);
      expect(stdout).toContain('no merchant disputes in the month');
    }
  }, 120_000);
});
