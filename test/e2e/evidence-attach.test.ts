// The case card's "Attach" in a real headless Chromium (Debian's, /usr/bin/chromium) against the
// real service (bot/service.ts in this process, PGlite; issue 17): a consumer whose message became
// a case picks a PNG, which lands on the case (and is told so in their language); a renamed
// executable picked the same way is refused with the words for it, and nothing is stored.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { t } from '../../bot/dialog/catalogue.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { findCaseByRef } from '../../db/index.ts';
import { caseEvidence, databaseEvidenceStore } from '../../db/evidence.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { freePort } from '../support/process.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(256, 0x41)]);

let service: RunningService;
let browser: Browser;
let dataDir: string;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error("Debian's Chromium is missing: apt-get install -y chromium");
  dataDir = mkdtempSync(join(tmpdir(), 'ombud-attach-e2e-'));
  const config = loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'evidence-attach-e2e-secret-0123456789-abcdef',
    LOG_LEVEL: 'warn',
  });
  service = await startService(config, createLogger('warn'));
  base = `http://localhost:${service.port}`;
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the case card's Attach in a real browser", () => {
  it('uploads a picked PNG onto the case and says so; a renamed executable is refused with its words', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${base}/`);
      await page.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 15_000 });
      const input = page.getByRole('textbox', { name: t('en', 'widget_input') });
      await input.fill('Hello');
      await input.press('Enter');
      await page.locator('.entry-out', { hasText: t('en', 'capabilities') }).waitFor({ timeout: 15_000 });
      await input.fill('I want to talk to a person, please');
      await input.press('Enter');
      // Asked what it is about, in one sentence: the answer opens the case with a person.
      await page.locator('.entry-out', { hasText: 'In one sentence' }).waitFor({ timeout: 15_000 });
      await input.fill('There is a late fee on my invoice that I do not understand');
      await input.press('Enter');
      const card = page.locator('.case-card');
      await card.waitFor({ timeout: 15_000 }).catch(async (error) => {
        throw new Error(`no case card; the log: ${await page.locator('.log').innerText()}`, { cause: error });
      });
      const ref = (await card.locator('dd[data-field="ref"]').textContent())!.trim();

      const attach = card.getByRole('button', { name: t('en', 'widget_attach') });
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), attach.click()]);
      await chooser.setFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
      await page
        .locator('.notice', { hasText: t('en', 'widget_attached', { name: 'receipt.png' }) })
        .waitFor({ timeout: 15_000 });

      const stored = await findCaseByRef(service.db, ref);
      const files = await caseEvidence(service.db, stored!.id);
      expect(files.map((file) => [file.uploadedBy, file.mediaType, file.bytes])).toEqual([
        ['consumer', 'image/png', PNG.length],
      ]);
      expect((await databaseEvidenceStore.get(service.db, files[0]!.id))!.equals(PNG)).toBe(true);

      const [again] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), attach.click()]);
      await again.setFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: EXE });
      await page.locator('.notice', { hasText: t('en', 'widget_attach_type') }).waitFor({ timeout: 15_000 });
      expect(await caseEvidence(service.db, stored!.id)).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
