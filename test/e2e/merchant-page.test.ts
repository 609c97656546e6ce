// The merchant's page (/merchant, issue 17) in a real headless Chromium (Debian's,
// /usr/bin/chromium) against the real service (bot/service.ts in this process, PGlite): a key
// that is wrong is refused in words; the right one, pasted once, lists the merchant's open
// disputes with their deadlines (another merchant's are not there); a contest with a typed
// account and a picked PDF lands on the case as the merchant's response with its file; a
// settlement typed as "899,00" is put to the consumer as 89 900 öre; nothing breaks the page's CSP.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { addMerchant, caseEvents, findCaseByRef, openCase } from '../../db/index.ts';
import { caseEvidence } from '../../db/evidence.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { freePort } from '../support/process.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

let service: RunningService;
let browser: Browser;
let dataDir: string;
let base: string;
let key = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error("Debian's Chromium is missing: apt-get install -y chromium");
  dataDir = mkdtempSync(join(tmpdir(), 'ombud-merchant-page-'));
  const config = loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'merchant-page-e2e-secret-0123456789-abcdef',
    LOG_LEVEL: 'warn',
  });
  service = await startService(config, createLogger('warn'));
  base = `http://127.0.0.1:${service.port}`;
  key = (await service.db.transaction((tx) => addMerchant(tx, { name: 'Zalando' }, new Date()))).apiKey;
  await service.db.transaction((tx) => addMerchant(tx, { name: 'Apotea' }, new Date()));
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function dispute(consumerId: string, merchant: string, orderNumber: string): Promise<string> {
  const result = await openCase(
    { db: service.db, signal: service.signal },
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId,
      intent: 'merchant_disagreement',
      language: 'sv',
      entities: { merchant, amountMinor: 89_900, currency: 'SEK', orderNumber, refundReason: 'not_received' },
    },
    new Date(),
  );
  if (!result.ok) throw new Error(result.error.code);
  return result.stored.case.ref;
}

describe("the merchant's page in a real browser", () => {
  it('signs in with the key, lists own open disputes with deadlines, contests with a PDF and settles with a typed amount', async () => {
    const contested = await dispute('page-consumer-1', 'Zalandolta', '5001');
    const settled = await dispute('page-consumer-2', 'zalando.se', '5002');
    const foreign = await dispute('page-consumer-3', 'Apotea', '5003');

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 740 } });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        // The wrong key's 401 is the one failed load the browser reports on its own.
        if (message.type() === 'error' && !message.text().includes('status of 401')) problems.push(message.text());
      });
      await page.goto(`${base}/merchant`);

      // A wrong key: the API's words, still signed out.
      await page.getByLabel('Your merchant API key').fill('mk_not_a_key');
      await page.getByRole('button', { name: 'Show my disputes' }).click();
      await page.locator('#mer-error', { hasText: 'missing, unknown or revoked' }).waitFor({ timeout: 10_000 });
      expect(await page.locator('#mer-desk').isHidden()).toBe(true);

      await page.getByLabel('Your merchant API key').fill(key);
      await page.getByRole('button', { name: 'Show my disputes' }).click();
      await page.locator(`article[data-ref="${contested}"]`).waitFor({ timeout: 10_000 });
      expect(await page.locator(`article[data-ref="${settled}"]`).count()).toBe(1);
      expect(await page.locator(`article[data-ref="${foreign}"]`).count()).toBe(0);
      const card = page.locator(`article[data-ref="${contested}"]`);
      expect((await card.locator('dd[data-field="amount"]').textContent())?.replace(/\s/g, ' ')).toBe('SEK 899.00');
      expect(await card.locator('dd[data-field="order"]').textContent()).toBe('5001');
      expect(await card.locator('dd[data-field="respondBy"]').textContent()).toMatch(/\(in 2[01] days\)$/);
      // The key is not in the address, and a reload keeps the tab signed in.
      expect(page.url()).toBe(`${base}/merchant`);
      await page.reload();
      await page.locator(`article[data-ref="${contested}"]`).waitFor({ timeout: 10_000 });

      // Contest: the account typed, a PDF picked.
      await page.locator(`article[data-ref="${contested}"] summary`, { hasText: 'Contest' }).click();
      await page
        .locator(`#mer-statement-${contested}`)
        .fill('Delivered on 2 December, signed for by the consumer; tracking attached.');
      await page
        .locator(`#mer-files-${contested}`)
        .setInputFiles({ name: 'tracking.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator(`article[data-ref="${contested}"] button`, { hasText: 'Send contest' }).click();
      await page
        .locator('#mer-status', { hasText: `Contest sent for ${contested} with 1 file` })
        .waitFor({ timeout: 15_000 });
      expect(await page.locator(`article[data-ref="${contested}"] dd[data-field="status"]`).textContent()).toBe(
        'You contested it; the window runs on',
      );
      const contestedCase = await findCaseByRef(service.db, contested);
      const events = await caseEvents(service.db, contestedCase!.id);
      const response = events.find((event) => event.type === 'merchant_responded');
      const files = await caseEvidence(service.db, contestedCase!.id);
      expect(files.map((file) => [file.uploadedBy, file.mediaType])).toEqual([['merchant', 'application/pdf']]);
      expect(response?.data).toMatchObject({
        summary: 'Delivered on 2 December, signed for by the consumer; tracking attached.',
        evidence: [files[0]!.id],
      });

      // A typed amount that is not one is refused on the page; "899,00" is 89 900 öre.
      await page.locator(`article[data-ref="${settled}"] summary`, { hasText: 'Settle' }).click();
      await page.locator(`#mer-refund-${settled}`).fill('about nine hundred');
      await page.locator(`article[data-ref="${settled}"] button`, { hasText: 'Send settlement' }).click();
      await page.locator('#mer-error', { hasText: 'is not an amount' }).waitFor({ timeout: 5_000 });
      await page.locator(`#mer-refund-${settled}`).fill('899,00');
      await page.locator(`article[data-ref="${settled}"] button`, { hasText: 'Send settlement' }).click();
      await page
        .locator('#mer-status', { hasText: new RegExp(`Settlement of SEK.899\\.00 sent for ${settled}`) })
        .waitFor({ timeout: 15_000 });
      const settledCard = page.locator(`article[data-ref="${settled}"]`);
      expect(await settledCard.locator('dd[data-field="status"]').textContent()).toBe(
        'Your refund waits for the consumer to confirm it',
      );
      expect(await settledCard.locator('form').count()).toBe(0);
      const settledCase = await findCaseByRef(service.db, settled);
      expect(settledCase!.case.dispute?.settlementClaim).toMatchObject({ amountMinor: 89_900, currency: 'SEK' });

      // The amount reader, as the page loads it: typed forms people use, and ones it must refuse.
      // (A string, so that vitest leaves the browser's own import() alone.)
      const typed = [
        '899',
        '899,00',
        '1 299.50',
        '1.299,50',
        '1,299',
        'kr 899',
        '12,5',
        '1234,567',
        '1,234.567',
        '1.299.50',
        '1,299,50',
        'about 900',
        '',
      ];
      const read = await page.evaluate(
        `import('/merchant/assets/amount.js').then(({ parseAmount }) => ${JSON.stringify(typed)}.map((text) => [text, parseAmount(text, 'SEK') ?? null]))`,
      );
      expect(read).toEqual([
        ['899', 89_900],
        ['899,00', 89_900],
        ['1 299.50', 129_950],
        ['1.299,50', 129_950],
        ['1,299', 129_900],
        ['kr 899', 89_900],
        ['12,5', 1_250],
        ['1234,567', null],
        ['1,234.567', null],
        ['1.299.50', null],
        ['1,299,50', null],
        ['about 900', null],
        ['', null],
      ]);
      // Nothing of the page runs past its width on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // Sign out forgets the key.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.reload();
      expect(await page.locator('#mer-sign-in').isVisible()).toBe(true);
      expect(await page.locator('article').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
