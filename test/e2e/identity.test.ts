// An identified consumer in a real headless Chromium against the real service, on each database.
// A shop's page (another site, allowed to embed the chat) signs an identity token for its logged-in
// user on its own server, as the shop's backend would, and puts it on the embed.js tag. On one
// device (a browser context) the consumer asks about an invoice and gets a case; on another device
// (a fresh context: no storage in common) the same user finds the conversation and the case, and
// the case's API answers there. Then the token handoff's other paths: a token that has expired
// by the time the page is read is renewed through `ombud:identity-needed`, and a switch to
// another account on the same device shows none of the first one's chat.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { SignJWT } from 'jose';
import { type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { DRIVERS } from '../support/databases.ts';
import { freePort, startServiceOnFreshDatabase, type ServiceProcess } from '../support/process.ts';

const IDENTITY_SECRET = 'the-shops-backend-shares-this-secret-012345';
const SHOP_HOST = 'shop.test';

const seconds = () => Math.floor(Date.now() / 1000);
function tokenFor(user: string, { expired = false } = {}): Promise<string> {
  const now = seconds();
  return new SignJWT({
    sub: user,
    iss: `https://${SHOP_HOST}`,
    iat: expired ? now - 900 : now,
    exp: expired ? now - 600 : now + 600,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(IDENTITY_SECRET));
}

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`,
    );
  browser = await launchChromium([SHOP_HOST]);
});
afterAll(() => browser?.close());

for (const kind of DRIVERS) {
  describe(`an identified consumer in Chromium [${kind}]`, () => {
    let service: ServiceProcess;
    let stop: () => Promise<void>;
    let base: string;
    let shop: Server;
    let shopUrl: string;

    beforeAll(async () => {
      // The shop's site: its page carries a token for the user named in its address (its login,
      // simplified), and /token gives a fresh one, as the shop's backend would to its own page.
      const shopPort = await freePort();
      shopUrl = `http://${SHOP_HOST}:${shopPort}`;
      const started = await startServiceOnFreshDatabase(kind, {
        SESSION_SECRET: 'an-identity-e2e-secret-of-at-least-32-chars',
        IDENTITY_SECRET,
        ALLOWED_ORIGINS: shopUrl,
        LOG_LEVEL: 'warn',
      });
      service = started.service;
      stop = started.stop;
      base = `http://localhost:${service.port}`;
      shop = createServer(async (req, res) => {
        const url = new URL(req.url ?? '/', shopUrl);
        const user = url.searchParams.get('user') ?? 'nobody';
        if (url.pathname === '/token') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end(await tokenFor(user));
          return;
        }
        const token = await tokenFor(user, { expired: url.searchParams.has('expired') });
        const page =
          `<!doctype html><html lang="en"><head><title>A shop</title></head><body><h1>A shop</h1>` +
          `<script>window.identityNeeded = []; window.addEventListener('ombud:identity-needed', async (event) => {` +
          ` window.identityNeeded.push(event.detail.reason); OmbudChat.identify(await (await fetch('/token?user=${encodeURIComponent(user)}')).text()); });</script>` +
          `<script src="${base}/embed.js" data-identity-token="${token}" async></script></body></html>`;
        res
          .writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
          .end(url.pathname === '/' ? page : '');
      });
      shop.listen(shopPort, '127.0.0.1');
      await once(shop, 'listening');
    }, 90_000);

    afterAll(async () => {
      shop?.close();
      await stop?.();
    });

    /** A device: a browser context of its own, the shop's page for `user`, the chat opened. */
    async function openChatAs(
      user: string,
      query = '',
    ): Promise<{ page: Page; chat: Frame; errors: string[]; close(): Promise<void> }> {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${shopUrl}/?user=${user}${query}`);
      await page.getByRole('button', { name: t('en', 'widget_title') }).click();
      const chatElement = await page.locator('iframe').elementHandle();
      const chat = (await chatElement!.contentFrame())!;
      await chat.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 20_000 });
      return { page, chat, errors, close: () => context.close() };
    }

    const inbound = (chat: Frame) => chat.locator('.log .entry-in .bubble').allInnerTexts();

    it('a case opened on one device is there, with the conversation, on another', async () => {
      const phone = await openChatAs('anna');
      const input = phone.chat.getByRole('textbox', { name: t('en', 'widget_input') });
      await input.fill('How do I pay my invoice?');
      await input.press('Enter');
      await phone.chat.getByRole('button', { name: t('en', 'qr_helped_no'), exact: true }).click();
      const card = phone.chat.locator('.case-card');
      await card.waitFor();
      const ref = (await card.locator('dd[data-field="ref"]').textContent())!.trim();
      expect(ref).toMatch(/^OMB-[0-9A-Z]{8}$/);
      // the token went by postMessage, never into the chat's address
      expect(phone.chat.url()).toBe(`${base}/?embed=1&identity=1`);
      expect(phone.errors).toEqual([]);
      await phone.close();

      // the laptop: nothing in common with the phone but the shop's login
      const laptopContext = await browser.newContext({ locale: 'en-GB' });
      const laptop = await laptopContext.newPage();
      const opened = laptop.waitForResponse(
        (response) => response.url() === `${base}/api/chat/session` && response.status() === 201,
      );
      await laptop.goto(`${shopUrl}/?user=anna`);
      await laptop.getByRole('button', { name: t('en', 'widget_title') }).click();
      const session = (await (await opened).json()) as { user: string; token: string };
      const chat = (await (await laptop.locator('iframe').elementHandle())!.contentFrame())!;
      await chat.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 20_000 });
      await chat.locator('.case-card dd[data-field="ref"]', { hasText: ref }).waitFor();
      expect(await inbound(chat)).toEqual(
        expect.arrayContaining([expect.stringContaining('How do I pay my invoice?')]),
      );
      // no first-visit welcome for someone who has written before
      expect(await chat.locator('.entry.welcome').count()).toBe(0);
      // the case's API answers the laptop's session, from the chat's own page
      const kase = await chat.evaluate(
        async ({ ref, token }) => {
          const response = await fetch(`/api/cases/${ref}`, { headers: { authorization: `Bearer ${token}` } });
          return { status: response.status, body: await response.json() };
        },
        { ref, token: session.token },
      );
      expect(kase.status).toBe(200);
      expect(kase.body.case).toMatchObject({ ref, tier: 'customer_service', intent: 'invoice' });

      // the laptop is handed to another user of the shop: none of anna's chat stays in view
      await laptop.evaluate(async () => {
        const token = await (await fetch('/token?user=bertil')).text();
        (window as unknown as { OmbudChat: { identify(token: string): void } }).OmbudChat.identify(token);
      });
      await chat.locator('.entry.welcome').waitFor();
      expect(await chat.locator('.case-card').count()).toBe(0);
      expect(await inbound(chat)).toEqual([]);
      await laptopContext.close();
    }, 90_000);

    it('a token that expired before the chat used it is renewed through ombud:identity-needed', async () => {
      const device = await openChatAs('anna', '&expired=1');
      expect(
        await device.page.evaluate(() => (window as unknown as { identityNeeded: string[] }).identityNeeded),
      ).toEqual(['identity_expired']);
      await device.chat.locator('.entry-in .bubble', { hasText: 'How do I pay my invoice?' }).waitFor();
      await device.chat.locator('.case-card').waitFor();
      expect(device.errors).toEqual([]);
      await device.close();
    }, 60_000);
  });
}
