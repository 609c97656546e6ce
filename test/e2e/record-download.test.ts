// The case card's "Download record" in a real headless Chromium (Debian's, /usr/bin/chromium)
// against the real service (bot/service.ts in this process, PGlite; issue 18): a consumer types a
// question that is passed on to a person as a case, taps the button, and the browser saves REF.html, the case's record
// with their conversation, masked. The record is fetched with the session in the Authorization
// header: no request the page makes for it carries the token in its URL.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { t } from '../../bot/dialog/catalogue.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { freePort } from '../support/process.ts';

let service: RunningService;
let browser: Browser;
let dataDir: string;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error("Debian's Chromium is missing: apt-get install -y chromium");
  dataDir = mkdtempSync(join(tmpdir(), 'ombud-record-e2e-'));
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'record-download-e2e-secret-0123456789-abcdef',
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

describe('the case card in a real browser', () => {
  it('"Download record" saves REF.html with the conversation, masked, and never puts the token in a URL', async () => {
    const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const requests: { url: string; authorization: string | undefined }[] = [];
      page.on('request', (request) =>
        requests.push({ url: request.url(), authorization: request.headers().authorization }),
      );
      await page.goto(`${base}/`);
      await page.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 15_000 });

      const input = page.getByRole('textbox', { name: t('en', 'widget_input') });
      await input.fill('Hello');
      await input.press('Enter');
      await page.locator('.entry-out', { hasText: t('en', 'capabilities') }).waitFor({ timeout: 15_000 });
      // A person asked for, then the matter in one line: a case opens whatever the classifier
      // makes of the words (a report would ask its questions first).
      await input.fill('I want to talk to a person, please');
      await input.press('Enter');
      await page.locator('.entry-out', { hasText: t('en', 'ask_what_about') }).waitFor({ timeout: 15_000 });
      await input.fill('My card 4111 1111 1111 1111 was charged');
      await input.press('Enter');
      const card = page.locator('.case-card');
      await card.waitFor({ timeout: 15_000 }).catch(async (error) => {
        throw new Error(`no case card; the log: ${await page.locator('.log').innerText()}`, { cause: error });
      });
      const ref = (await card.locator('dd[data-field="ref"]').textContent())!.trim();
      expect(ref).toMatch(/^OMB-[0-9A-Z]{8}$/);

      const button = card.getByRole('button', { name: t('en', 'widget_download_record') });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), button.click()]);
      expect(download.suggestedFilename()).toBe(`${ref}.html`);
      const html = readFileSync((await download.path())!, 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(t('en', 'record_title', { ref }));
      expect(html).toContain('My card [card] was charged');
      expect(html).not.toContain('4111 1111');
      expect(html).not.toMatch(/<script\b/i);

      // The token went in a header, never in the record's URL.
      const token = await page.evaluate(
        () => JSON.parse(localStorage.getItem('ombud.session') ?? '{}').token as string,
      );
      const asked = requests.filter((request) => request.url.includes('/record'));
      expect(asked).toHaveLength(1);
      expect(asked[0]!.url).toBe(`${base}/api/cases/${ref}/record`);
      expect(asked[0]!.authorization).toBe(`Bearer ${token}`);
      expect(requests.filter((request) => request.url.includes(token) && !request.url.includes('/ws?'))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
