// The consumer chat page in a real headless Chromium (Debian's, /usr/bin/chromium), against the
// real pieces: the HTTP service, the chat API, the static mount, Botkit with the authenticated web
// adapter, and PGlite. A small bot stands in for the dialog: it stores each message, sends a
// typing frame, then answers with quick replies, or opens a real case when asked for one.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { Botkit } from 'botkit';
import express from 'express';
import { type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpService, type HttpService } from '../../bot/http.ts';
import { AuthenticatedWebAdapter } from '../../bot/web/adapter.ts';
import { mountChatApi } from '../../bot/web/routes.ts';
import { verifySession } from '../../bot/web/session.ts';
import { mountStatic } from '../../bot/web/static.ts';
import {
  consumerHistory,
  latestConversation,
  notifyInTransaction,
  openCase,
  openConversation,
  storeInbound,
  storeOutbound,
} from '../../db/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const SECRET = 'an-e2e-test-secret-that-is-at-least-32-bytes';
/** Two more sites, both this machine: one may embed the chat, the other may not. */
const SHOP_HOST = 'shop.test';
const ELSEWHERE_HOST = 'elsewhere.test';
const TIER_NAMES: Record<string, string> = { investigation: 'Investigation department', customer_service: 'Customer service' };
const STATUS_NAMES: Record<string, string> = { queued: 'In the queue', awaiting_merchant: 'Waiting for the shop', assigned: 'Being handled' };

let database: TestDatabase;
let http: HttpService;
let adapter: AuthenticatedWebAdapter;
let hostSite: Server;
let browser: Browser;
let base: string;
let hostPort: number;
const openedCases: { user: string; ref: string; tier: string; status: string }[] = [];

/** Set E2E_SCREENSHOTS=<folder> to keep pictures of what the browser showed. */
async function picture(page: Page, name: string) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png` });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`);
  }
  database = await createTestDatabase('pglite');
  const db = database.db;

  // The service's origin is known only once it listens: the routes go on a sub-app mounted now
  // and filled in after listen, in the order service.ts uses.
  const late = express();
  late.disable('x-powered-by');
  http = createHttpService({ db, log: pino({ level: 'silent' }), mount: (app) => app.use(late) });
  const port = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;

  hostSite = createServer((req, res) => {
    const page = `<!doctype html><html lang="en"><head><title>A shop</title></head><body><h1>A shop</h1><a href="#top">Top</a>` +
      `<script src="${base}/embed.js" async></script></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.url === '/' ? page : '');
  });
  hostSite.listen(0, '127.0.0.1');
  await once(hostSite, 'listening');
  hostPort = (hostSite.address() as { port: number }).port;

  const allowedOrigins = [base, `http://${SHOP_HOST}:${hostPort}`];
  mountStatic(late, { allowedOrigins });
  late.use(express.json({ limit: '32kb' }));
  mountChatApi(late, { db, secrets: SECRET, allowedOrigins });

  adapter = new AuthenticatedWebAdapter({
    server: http.server,
    authenticate: (token) => {
      const check = verifySession(SECRET, token, new Date());
      return check.ok ? { ok: true, user: check.user } : check;
    },
  });
  const controller = new Botkit({ adapter, disable_webserver: true, disable_console: true });
  controller.on('message', async (bot, message) => {
    const user = String(message.user);
    const text = String(message.text);
    const now = new Date();
    const conversationId =
      (await latestConversation(db, user, 'web')) ?? (await openConversation(db, { consumerId: user, channel: 'web', at: now }));
    const stored = await storeInbound(db, {
      conversationId,
      author: user,
      text,
      redactedText: text,
      clientMessageId: typeof message.clientMessageId === 'string' ? message.clientMessageId : undefined,
      at: now,
    });
    if (stored.duplicate) return;
    await bot.reply(message, { type: 'typing' });
    await sleep(300);
    if (/\bcase\b/i.test(text)) {
      const opened = await openCase(
        { db, signal: notifyInTransaction() },
        {
          type: 'open',
          actor: { kind: 'bot' },
          consumerId: user,
          intent: 'unrecognized_purchase',
          language: 'en',
          entities: { merchant: 'Zalando', amountMinor: 129_900, currency: 'SEK' },
        },
        new Date(),
      );
      if (!opened.ok) throw new Error(`could not open a case: ${opened.error.code}`);
      const kase = opened.stored.case;
      openedCases.push({ user, ref: kase.ref, tier: kase.tier, status: kase.status });
      const reply = `Your case ${kase.ref} is with the investigation department.`;
      await storeOutbound(db, { conversationId, caseId: opened.stored.id, author: 'bot', text: reply, redactedText: reply, at: new Date() });
      await bot.reply(message, {
        text: reply,
        case: { ref: kase.ref, tier: kase.tier, status: kase.status, intent: kase.intent, expectedWaitMinutes: 12 },
      });
      return;
    }
    const reply = `Echo: ${text}`;
    await storeOutbound(db, { conversationId, author: 'bot', text: reply, redactedText: reply, at: new Date() });
    await bot.reply(message, {
      text: reply,
      quick_replies: [
        { title: 'Yes, thanks', payload: 'helped_yes' },
        { title: 'Talk to a person', payload: 'human' },
      ],
    });
  });
  await new Promise<void>((resolve) => controller.ready(() => resolve()));

  browser = await launchChromium([SHOP_HOST, ELSEWHERE_HOST]);
});

afterAll(async () => {
  await browser?.close();
  await adapter?.close();
  await http?.stop(1_000);
  hostSite?.close();
  await database?.dispose();
});

/** Console errors and uncaught exceptions of a page, as a person's devtools would show them. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const bubbles = (page: Page) => page.locator('.log .entry .bubble');
/** What the log shows, message by message, without the screen-reader prefix ("You: "). */
async function shownMessages(page: Page): Promise<string[]> {
  return page.$$eval('.log .entry', (entries) =>
    entries.map((entry) => {
      const bubble = entry.querySelector('.bubble')!;
      const who = bubble.querySelector('.visually-hidden')?.textContent ?? '';
      return `${entry.classList.contains('entry-in') ? 'in' : 'out'}: ${bubble.textContent!.slice(who.length)}`;
    }),
  );
}

async function sessionUser(page: Page): Promise<string> {
  const stored = await page.evaluate(() => localStorage.getItem('ombud.session'));
  return (JSON.parse(stored!) as { user: string }).user;
}

async function storedHistory(user: string): Promise<string[]> {
  const history = await consumerHistory(database.db, user);
  return history.map((entry) => `${entry.direction}: ${entry.text}`);
}

describe('the consumer chat page', () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 740 } });
    page = await context.newPage();
    errors = watchErrors(page);
  });
  afterAll(() => context?.close());

  it('loads at / with its security headers, connects, and logs no console errors', async () => {
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain(`frame-ancestors 'self' ${base} http://${SHOP_HOST}:${hostPort}`);
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page.getByRole('heading', { name: 'Chat with us' }).isVisible()).toBe(true);
    // Readable at phone width: nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  });

  it('Shift+Enter adds a line, Enter sends; the message, a typing indicator and the reply appear', async () => {
    const input = page.getByRole('textbox', { name: 'Your message' });
    await input.click();
    await input.pressSequentially('line one');
    await input.press('Shift+Enter');
    await input.pressSequentially('line two');
    expect(await input.inputValue()).toBe('line one\nline two');
    expect(await bubbles(page).count()).toBe(0);
    await input.press('Enter');
    expect(await input.inputValue()).toBe('');
    await page.locator('.typing:not([hidden])').waitFor();
    await page.locator('.entry-out', { hasText: 'Echo: line one' }).waitFor();
    expect(await page.locator('.typing').isHidden()).toBe(true);
    expect(await shownMessages(page)).toEqual(['in: line one\nline two', 'out: Echo: line one\nline two']);
  });

  it("a quick reply sends its payload, shows its title, and the bot's answer follows", async () => {
    await page.getByRole('button', { name: 'Yes, thanks' }).click();
    await page.locator('.entry-out', { hasText: 'Echo: helped_yes' }).waitFor();
    const shown = await shownMessages(page);
    expect(shown.slice(2)).toEqual(['in: Yes, thanks', 'out: Echo: helped_yes']);
    // The answered set is gone; a new set came with the new answer, and focus is back in the input.
    expect(await page.getByRole('group', { name: 'Suggested answers' }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ombud-chat-input');
  });

  it('a reply that carries a case shows the case card: reference, team, status, expected wait', async () => {
    const input = page.getByRole('textbox', { name: 'Your message' });
    await input.fill('Please open a case for me');
    await input.press('Enter');
    const card = page.locator('.case-card');
    await card.waitFor();
    const opened = openedCases.at(-1)!;
    expect(opened.user).toBe(await sessionUser(page));
    expect(await card.getAttribute('aria-label')).toBe(`Your case ${opened.ref}`);
    expect(await card.locator('dd[data-field="ref"]').textContent()).toBe(opened.ref);
    expect(await card.locator('dd[data-field="tier"]').textContent()).toBe(TIER_NAMES[opened.tier]);
    expect(await card.locator('dd[data-field="status"]').textContent()).toBe(STATUS_NAMES[opened.status]);
    expect(await card.locator('dd[data-field="wait"]').textContent()).toBe('about 12 min');
    await picture(page, 'chat-360px');
    expect(errors).toEqual([]);
  });

  it('after a reload the whole history is shown again, in order, once, with the case card', async () => {
    const before = await shownMessages(page);
    const user = await sessionUser(page);
    await page.reload();
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();
    await expect.poll(() => shownMessages(page)).toEqual(before);
    // The same as the database holds, except that a tapped quick reply shows its title.
    const stored = await storedHistory(user);
    expect(stored).toEqual(before.map((line) => (line === 'in: Yes, thanks' ? 'in: helped_yes' : line)));
    const ref = openedCases.at(-1)!.ref;
    expect(await page.locator('.case-card dd[data-field="ref"]').textContent()).toBe(ref);
    expect(await sessionUser(page)).toBe(user);
    expect(errors).toEqual([]);
  });

  it('reconnects by itself after the server drops the socket, shows what it missed, and chats on', async () => {
    const user = await sessionUser(page);
    expect(adapter.isConnected(user)).toBe(true);
    // Live messages carry no id: after the reconnect the history must match them, not repeat them.
    const input = page.getByRole('textbox', { name: 'Your message' });
    await input.fill('before the drop');
    await input.press('Enter');
    await page.locator('.entry-out', { hasText: 'Echo: before the drop' }).waitFor();
    // An agent's answer stored while the consumer's socket is gone reaches them with the history.
    const conversationId = (await latestConversation(database.db, user, 'web'))!;
    const missed = 'An agent here: we are looking into it.';
    adapter.getConnection(user).terminate();
    await expect.poll(() => adapter.isConnected(user)).toBe(false);
    const agentReply = await storeOutbound(database.db, { conversationId, author: 'agent', text: missed, redactedText: missed, at: new Date() });
    await page.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 10_000 });
    await page.locator('.entry-out', { hasText: missed }).waitFor();
    expect(adapter.isConnected(user)).toBe(true);
    // The live relay may deliver the same stored message after the history did: shown once.
    expect(adapter.sendToUser(user, { type: 'message', text: missed, id: agentReply.id })).toBe(1);

    await input.fill('still there?');
    await input.press('Enter');
    await page.locator('.entry-out', { hasText: 'Echo: still there?' }).waitFor();
    // Nothing shown twice: the page and the database agree message for message.
    await expect.poll(async () => (await shownMessages(page)).length).toBe((await storedHistory(user)).length);
    const shown = await shownMessages(page);
    expect(shown.slice(-5)).toEqual([
      'in: before the drop',
      'out: Echo: before the drop',
      `out: ${missed}`,
      'in: still there?',
      'out: Echo: still there?',
    ]);
  });
});

describe('the chat for a keyboard user in Swedish', () => {
  it('Tab reaches the input, Enter sends, Shift+Tab and Enter choose a quick reply', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}/`);
      await page.locator('.ombud-chat[data-connection="open"]').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('sv');
      const input = page.getByRole('textbox', { name: 'Ditt meddelande' });
      expect(await input.getAttribute('placeholder')).toBe('Skriv ditt meddelande…');
      expect(await page.getByRole('button', { name: 'Skicka' }).count()).toBe(1);

      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('ombud-chat-input');
      // The focus ring is visible (not the browser's "none").
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
      await page.keyboard.type('hej');
      await page.keyboard.press('Enter');
      await page.locator('.entry-out', { hasText: 'Echo: hej' }).waitFor();

      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Talk to a person');
      await page.keyboard.press('Enter');
      await page.locator('.entry-out', { hasText: 'Echo: human' }).waitFor();
      await picture(page, 'keyboard-sv');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('ombud-chat-input');

      // Less motion asked for: the typing dots stand still.
      const animation = await page.evaluate(() => getComputedStyle(document.querySelector('.typing')!, '::after').animationName);
      expect(animation).toBe('none');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the embed script on another site', () => {
  it('adds a launcher that opens the chat in a frame; Escape closes it and focus returns', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`http://${SHOP_HOST}:${hostPort}/`);
      const launcher = page.getByRole('button', { name: 'Chat with us' });
      await launcher.waitFor();
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      await launcher.focus();
      await page.keyboard.press('Enter');
      expect(await launcher.getAttribute('aria-expanded')).toBe('true');

      const chat = page.frameLocator('iframe[title="Customer service chat"]');
      await chat.locator('.ombud-chat[data-connection="open"]').waitFor();
      const input = chat.getByRole('textbox', { name: 'Your message' });
      await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type('hello from the shop');
      await page.keyboard.press('Enter');
      await chat.locator('.entry-out', { hasText: 'Echo: hello from the shop' }).waitFor();
      await picture(page, 'embedded');

      await page.keyboard.press('Escape');
      await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#ombud-chat-panel').isHidden()).toBe(true);
      expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a site that is not in ALLOWED_ORIGINS cannot show the chat (frame-ancestors)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      const refused = new Promise<string>((resolve) =>
        page.on('console', (message) => /frame-ancestors/.test(message.text()) && resolve(message.text())),
      );
      await page.goto(`http://${ELSEWHERE_HOST}:${hostPort}/`);
      await page.getByRole('button', { name: 'Chat with us' }).click();
      expect(await refused).toContain(base);
      expect(await page.frameLocator('iframe').locator('textarea').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
