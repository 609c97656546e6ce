// The monthly report read on a phone (issue 18, item 5), in Debian's headless Chromium at 375 px:
// a month with figures and an empty month, rendered from seeded data on PGlite. The page never
// scrolls sideways (wide tables scroll inside their own box), every chart's text is drawn at a
// readable size, and an empty month's charts say there is nothing, with no threshold line drawn
// across an empty plot.
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMonthlyReport } from '../../bot/reports/report-html.ts';
import { monthlyReport } from '../../db/index.ts';
import { MERCHANT_PURCHASES, seedReportMonths } from '../ombudsman/report-seed.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

let database: TestDatabase;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error("Debian's Chromium is missing: apt-get install -y chromium");
  database = await createTestDatabase('pglite');
  await seedReportMonths(database.db);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await database?.dispose();
});

async function onPhone(html: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

/** What a reader of the page sees: sideways overflow, and the smallest chart text in CSS pixels. */
function layout(page: Page) {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll('svg text')].map((text) => text.getBoundingClientRect().height);
    return {
      pageWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      smallestChartText: texts.length ? Math.min(...texts) : null,
      charts: document.querySelectorAll('svg').length,
      emptyCharts: [...document.querySelectorAll('.empty-chart')].map((p) => p.textContent),
      thresholds: document.querySelectorAll('.threshold').length,
      tablesOutsideScroll: [...document.querySelectorAll('table')].filter(
        (table) => !table.parentElement?.classList.contains('table-scroll'),
      ).length,
      widestTableBox: Math.max(
        ...[...document.querySelectorAll('.table-scroll')].map((box) => box.getBoundingClientRect().right),
      ),
    };
  });
}

describe('the monthly report on a 375 px phone', () => {
  it('a month with figures: no sideways scroll of the page, readable charts, the threshold drawn', async () => {
    const html = renderMonthlyReport(
      await monthlyReport(database.db, {
        month: '2026-03',
        purchases: 2_000_000,
        merchantPurchases: MERCHANT_PURCHASES,
      }),
    );
    const page = await onPhone(html);
    const seen = await layout(page);
    expect(seen.pageWidth).toBeLessThanOrEqual(seen.viewport);
    expect(seen.widestTableBox).toBeLessThanOrEqual(seen.viewport);
    expect(seen.tablesOutsideScroll).toBe(0);
    expect(seen.charts).toBeGreaterThanOrEqual(4);
    // 12 px text in a 400-wide drawing shown about 350 px wide: at least 10 px on the phone.
    expect(seen.smallestChartText).toBeGreaterThanOrEqual(10);
    expect(seen.thresholds).toBeGreaterThan(0);
    await page.close();
  });

  it('an empty month: each chart says there is nothing, and no threshold line is drawn', async () => {
    const html = renderMonthlyReport(await monthlyReport(database.db, { month: '2025-01' }));
    const page = await onPhone(html);
    const seen = await layout(page);
    expect(seen.pageWidth).toBeLessThanOrEqual(seen.viewport);
    expect(seen.charts).toBe(0);
    expect(seen.thresholds).toBe(0);
    expect(seen.emptyCharts).toEqual([
      'Complaints per intent: no complaints in the month.',
      'Ombudsman requests per intent: no ombudsman requests in the month.',
      'Ombudsman overturn rate per intent: no ombudsman decisions in the month.',
      'Merchant dispute rate (1.5 % threshold): no merchant disputes in the month.',
      'Disputes per refund reason: no disagreements with a shop in the month.',
    ]);
    await page.close();
  });
});
