// The consumer chat page in a real headless Chromium (Debian's, /usr/bin/chromium), against the
// real pieces: the HTTP service, the chat API, the static mount, Botkit with the authenticated web
// adapter, and PGlite. A small bot stands in for the dialog: it stores each message, sends a
// typing frame, then answers with quick replies, or opens a real case when asked for one.
//
// The page is opened at http://127.0.0.1:PORT while the service's own origin is
// http://localhost:PORT, as `npm start` has it without PUBLIC_URL: a page is the service's own by
// the address it was loaded from, not by a list.
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
import { mountStatic, widgetWords } from '../../bot/web/static.ts';
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
import { statusLabel, t, tierName, type MessageKey } from '../../bot/dialog/catalogue.ts';
import { formatWait } from '../../bot/dialog/catalogue/format.ts';
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import type { Status, Tier } from '../../routing/types.ts';

const SECRET = 'an-e2e-test-secret-that-is-at-least-32-bytes';
/** Two more sites, both this machine: one may embed the chat, the other may not. */
const SHOP_HOST = 'shop.test';
const ELSEWHERE_HOST = 'elsewhere.test';

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
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`,
    );
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
    const page =
      `<!doctype html><html lang="en"><head><title>A shop</title></head><body><h1>A shop</h1><a href="#top">Top</a>` +
      `<script src="${base}/embed.js" async></script></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.url === '/' ? page : '');
  });
  hostSite.listen(0, '127.0.0.1');
  await once(hostSite, 'listening');
  hostPort = (hostSite.address() as { port: number }).port;

  const allowedOrigins = [`http://localhost:${port}`, `http://${SHOP_HOST}:${hostPort}`];
  mountStatic(late, { allowedOrigins });
  late.use(express.json({ limit: '32kb' }));
  mountChatApi(late, { db, secrets: SECRET, allowedOrigins });

  adapter = new AuthenticatedWebAdapter({
    server: http.server,
    allowedOrigins,
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
      (await latestConversation(db, user, 'web')) ??
      (await openConversation(db, { consumerId: user, channel: 'web', at: now }));
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
    const asked = /\bcase\b(?:\D*(\d+))?/i.exec(text);
    if (asked) {
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
      await storeOutbound(db, {
        conversationId,
        caseId: opened.stored.id,
        author: 'bot',
        text: reply,
        redactedText: reply,
        at: new Date(),
      });
      await bot.reply(message, {
        text: reply,
        case: {
          ref: kase.ref,
          tier: kase.tier,
          status: kase.status,
          intent: kase.intent,
          expectedWaitMinutes: Number(asked[1] ?? 12),
        },
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

/** The conversation's messages: the welcome of a first visit is the page's, not the conversation's. */
const bubbles = (page: Page) => page.locator('.log .entry:not(.welcome) .bubble');
/** What the log shows, message by message, without the screen-reader prefix ("You: "). */
async function shownMessages(page: Page): Promise<string[]> {
  return page.$$eval('.log .entry:not(.welcome)', (entries) =>
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
    expect(headers['content-security-policy']).toContain(
      `frame-ancestors 'self' http://localhost:${new URL(base).port} http://${SHOP_HOST}:${hostPort}`,
    );
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
    expect(await card.locator('dd[data-field="tier"]').textContent()).toBe(tierName('en', opened.tier as Tier));
    expect(await card.locator('dd[data-field="status"]').textContent()).toBe(
      statusLabel('en', opened.status as Status),
    );
    expect(await card.locator('dd[data-field="wait"]').textContent()).toBe('about 10 minutes');
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
    const agentReply = await storeOutbound(database.db, {
      conversationId,
      author: 'agent',
      text: missed,
      redactedText: missed,
      at: new Date(),
    });
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
  it("Tab reaches the welcome's topics, then the input; Enter sends, Shift+Tab and Enter choose a quick reply", async () => {
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

      // A first visit: the welcome's topics come first, in the log's order, then the input.
      await page.locator('.welcome .quick-replies').waitFor();
      const focused: string[] = [];
      for (let press = 0; press < 10 && focused.at(-1) !== 'ombud-chat-input'; press++) {
        await page.keyboard.press('Tab');
        focused.push(
          await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''),
        );
      }
      expect(focused).toEqual([...widgetWords('sv').topics.map((topic) => topic.title), 'ombud-chat-input']);
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
      const animation = await page.evaluate(
        () => getComputedStyle(document.querySelector('.typing')!, '::after').animationName,
      );
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

  it("the launcher speaks the widget's words from the catalogues, in the browser's language (German: du)", async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    try {
      const page = await context.newPage();
      await page.goto(`http://${SHOP_HOST}:${hostPort}/`);
      const launcher = page.getByRole('button', { name: t('de', 'widget_title') });
      await launcher.click();
      expect(await page.getByRole('button', { name: t('de', 'widget_close') }).count()).toBe(1);
      const chat = page.frameLocator(`iframe[title="${t('de', 'widget_frame')}"]`);
      await chat.locator('.ombud-chat[data-connection="open"]').waitFor();
      expect(await chat.getByRole('heading', { level: 1 }).textContent()).toBe(t('de', 'widget_title'));
      expect(t('de', 'widget_title')).toBe('Chatte mit uns');
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

/** The browser locale of each language's consumers. */
const BROWSER_LOCALES: Record<Language, string> = {
  sv: 'sv-SE',
  no: 'nb-NO',
  da: 'da-DK',
  fi: 'fi-FI',
  de: 'de-DE',
  en: 'en-GB',
};
/** The phone of issue 15's report. */
const PHONE = { width: 375, height: 667 };

/** Every word the widget shows or says itself: visible text, placeholders, accessible names, the title. */
async function widgetWordsShown(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[placeholder], [aria-label], .visually-hidden')) {
      parts.push(el.getAttribute('placeholder') ?? '', el.getAttribute('aria-label') ?? '', el.textContent ?? '');
    }
    return parts.join('\n');
  });
}

/**
 * The words of the case cards that a line break splits: each run of non-space characters is a
 * Range, and a Range that lies on more than one line has client rectangles at more than one top.
 */
async function wordsSplitAcrossLines(page: Page): Promise<string[]> {
  return page.$$eval('.case-card', (cards) => {
    const split: string[] = [];
    for (const card of cards) {
      const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index!);
          range.setEnd(node, word.index! + word[0].length);
          const tops = new Set(
            [...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)),
          );
          if (tops.size > 1) split.push(word[0]);
        }
      }
    }
    return split;
  });
}

/** Whether `selector`'s last match lies wholly inside the log's visible area. */
async function wholeInLog(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((selector) => {
    const log = document.querySelector('.log')!.getBoundingClientRect();
    const all = document.querySelectorAll(selector);
    const box = all[all.length - 1]?.getBoundingClientRect();
    return !!box && box.height > 0 && box.top >= log.top - 1 && box.bottom <= log.bottom + 1;
  }, selector);
}

const TIERS: Tier[] = ['customer_service', 'investigation', 'specialist', 'ombudsman'];
const STATUSES: Status[] = ['queued', 'assigned', 'awaiting_consumer', 'awaiting_merchant', 'resolved'];

for (const language of LANGUAGES) {
  describe(`the chat as a person sees it on a 375 px phone, in ${language}`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      context = await browser.newContext({ locale: BROWSER_LOCALES[language], viewport: PHONE });
      page = await context.newPage();
      errors = watchErrors(page);
      await page.goto(`${base}/`);
      await page.locator('.ombud-chat[data-connection="open"]').waitFor();
    });
    afterAll(() => context?.close());

    it("a first visit shows the bot's welcome and the main topics as buttons, in the catalogue's words", async () => {
      const welcome = page.locator('.log .welcome');
      await welcome.waitFor();
      expect(await welcome.locator('.bubble').textContent()).toBe(
        `${t(language, 'tier_customer_service')}: ${t(language, 'welcome')}`,
      );
      const topics = page.getByRole('group', { name: t(language, 'widget_topics') }).getByRole('button');
      expect(await topics.allTextContents()).toEqual([
        t(language, 'intent_invoice'),
        t(language, 'intent_login'),
        t(language, 'intent_unrecognized_purchase'),
        t(language, 'intent_merchant_disagreement'),
        t(language, 'intent_case_status'),
        t(language, 'qr_human'),
      ]);
      expect(await wholeInLog(page, '.welcome .quick-replies')).toBe(true);
    });

    it("the widget's own words are the catalogue's, in the bot's register", async () => {
      expect(await page.title()).toBe(t(language, 'widget_title'));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t(language, 'widget_title'));
      const input = page.getByRole('textbox', { name: t(language, 'widget_input') });
      expect(await input.getAttribute('placeholder')).toBe(t(language, 'widget_placeholder'));
      expect(await page.getByRole('button', { name: t(language, 'widget_send') }).count()).toBe(1);
      expect(await page.getByRole('log', { name: t(language, 'widget_log') }).count()).toBe(1);
      // The bot says du to a German consumer: so does everything around its bubbles.
      if (language === 'de') expect(await widgetWordsShown(page)).not.toMatch(/\b(Sie|Ihnen|Ihre?[mnrs]?)\b/);
    });

    it('a topic sends its payload as the message and shows its title; the welcome itself is not stored', async () => {
      const title = t(language, 'intent_unrecognized_purchase');
      await page.getByRole('button', { name: title }).click();
      await page.locator('.entry-out', { hasText: 'Echo: unrecognized_purchase' }).waitFor();
      expect(await shownMessages(page)).toEqual([`in: ${title}`, 'out: Echo: unrecognized_purchase']);
      expect(await page.locator('.welcome .quick-replies').count()).toBe(0);
      expect(await storedHistory(await sessionUser(page))).toEqual([
        'in: unrecognized_purchase',
        'out: Echo: unrecognized_purchase',
      ]);
      // Not a first visit any more: after a reload the conversation shows, without a welcome.
      await page.reload();
      await page.locator('.ombud-chat[data-connection="open"]').waitFor();
      await expect.poll(() => shownMessages(page)).toEqual([`in: ${title}`, 'out: Echo: unrecognized_purchase']);
      expect(await page.locator('.welcome').count()).toBe(0);
    });

    it('the case card: its labels, team and status are the catalogue\'s, and the wait is in words ("about 4 hours")', async () => {
      const input = page.getByRole('textbox', { name: t(language, 'widget_input') });
      await input.fill('case 240');
      await input.press('Enter');
      const card = page.locator('.case-card');
      await card.waitFor();
      const opened = openedCases.at(-1)!;
      expect(await card.getByRole('heading').textContent()).toBe(t(language, 'widget_case_title'));
      expect(await card.locator('dt').allTextContents()).toEqual(
        ['card_reference', 'card_team', 'card_status', 'card_wait'].map((key) =>
          t(language, key as MessageKey & `card_${string}`),
        ),
      );
      expect(await card.locator('dd[data-field="tier"]').textContent()).toBe(tierName(language, opened.tier as Tier));
      expect(await card.locator('dd[data-field="status"]').textContent()).toBe(
        statusLabel(language, opened.status as Status),
      );
      const wait = t(language, 'widget_card_wait', { wait: formatWait(language, 240) });
      expect(await card.locator('dd[data-field="wait"]').textContent()).toBe(wait);
      expect(wait).toMatch(
        { sv: /4 timmar/, no: /4 timer/, da: /4 timer/, fi: /4 tuntia/, de: /4 Stunden/, en: /about 4 hours/ }[
          language
        ],
      );
      expect(await wholeInLog(page, '.case-card')).toBe(true);
      expect(errors).toEqual([]);
    });

    it('no word of a case card is split across lines, whatever its team, status and wait, and nothing sticks out', async () => {
      const user = await sessionUser(page);
      const waits = [240, 45, 2_880, 12, 600];
      for (const [index, status] of STATUSES.entries()) {
        // A reference of the real shape, the one the report saw broken as "OMB-/D5DW1A/MF".
        const ref = `OMB-D5DW1AM${index}`;
        const tier = TIERS[index % TIERS.length]!;
        adapter.sendToUser(user, {
          type: 'message',
          text: `Case ${ref}`,
          case: { ref, tier, status, intent: 'other', expectedWaitMinutes: waits[index] },
        });
      }
      await expect.poll(() => page.locator('.case-card').count()).toBe(1 + STATUSES.length);
      await picture(page, `case-cards-375px-${language}`);
      expect(await wordsSplitAcrossLines(page)).toEqual([]);
      const overflowing = await page.$$eval('.case-card, .case-card dd', (els) =>
        els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
      );
      expect(overflowing).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    });
  });
}

describe('the log on a 375 × 667 phone', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-GB', viewport: PHONE });
    page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();
  });
  afterAll(() => context?.close());

  const input = () => page.getByRole('textbox', { name: t('en', 'widget_input') });
  const scrolledUp = () => page.evaluate(() => document.querySelector('.log')!.scrollTop);

  it('after a long conversation the newest message and then the case card are shown whole', async () => {
    for (let turn = 1; turn <= 10; turn++) {
      await input().fill(`Message number ${turn}, long enough to take two lines on a phone like this one`);
      await input().press('Enter');
      await page.locator('.entry-out', { hasText: `Echo: Message number ${turn},` }).waitFor();
      await expect.poll(() => wholeInLog(page, '.entry-out:last-child .bubble')).toBe(true);
    }
    await input().fill('Please open a case for me');
    await input().press('Enter');
    await page.locator('.case-card').waitFor();
    await expect.poll(() => wholeInLog(page, '.case-card')).toBe(true);
    await picture(page, 'long-conversation-375px');
    expect(await page.locator('.more').isHidden()).toBe(true);
  });

  it('a consumer who scrolled up to read stays where they are; "new messages" takes them down, and so does sending', async () => {
    const user = await sessionUser(page);
    await page.locator('.log').evaluate((log) => log.scrollTo({ top: 0, behavior: 'instant' }));
    await expect.poll(scrolledUp).toBe(0);
    const more = page.getByRole('button', { name: t('en', 'widget_new_messages') });
    expect(await more.isHidden()).toBe(true);

    adapter.sendToUser(user, { type: 'message', text: 'An agent here: we are looking into it.' });
    await page.locator('.entry-out', { hasText: 'An agent here' }).waitFor();
    await more.waitFor();
    // Not yanked down: still at the top, and the new message is below the fold.
    expect(await scrolledUp()).toBe(0);
    expect(await wholeInLog(page, '.entry-out:last-child')).toBe(false);
    await picture(page, 'new-messages-375px');

    await more.click();
    await expect.poll(() => wholeInLog(page, '.entry-out:last-child')).toBe(true);
    expect(await more.isHidden()).toBe(true);

    // Following again: the next message comes into view by itself.
    adapter.sendToUser(user, { type: 'message', text: 'And a second note from the agent.' });
    await page.locator('.entry-out', { hasText: 'a second note' }).waitFor();
    await expect.poll(() => wholeInLog(page, '.entry-out:last-child')).toBe(true);

    // Scrolled up again, the consumer's own message takes them to the end.
    await page.locator('.log').evaluate((log) => log.scrollTo({ top: 0, behavior: 'instant' }));
    await input().fill('one more question');
    await input().press('Enter');
    await page.locator('.entry-out', { hasText: 'Echo: one more question' }).waitFor();
    await expect.poll(() => wholeInLog(page, '.entry-out:last-child .bubble')).toBe(true);
  });
});

describe('waits in words', () => {
  it("the card writes a wait as the bot's replies do (formatWait), in every language, from minutes to days", async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      const minutes = [0, 1, 3, 7, 12, 44, 87, 89, 90, 149, 150, 240, 600, 2_159, 2_160, 2_880, 10_000];
      const locales = Object.fromEntries(LANGUAGES.map((language) => [language, widgetWords(language).locale]));
      // A string, so that the test's own bundler leaves the page's import() alone.
      const shown = await page.evaluate(`(async () => {
        const { waitInWords } = await import('/widget.js');
        const locales = ${JSON.stringify(locales)};
        return Object.fromEntries(Object.entries(locales).map(([language, locale]) => [language, ${JSON.stringify(minutes)}.map((m) => waitInWords(locale, m))]));
      })()`);
      expect(shown).toEqual(
        Object.fromEntries(LANGUAGES.map((language) => [language, minutes.map((m) => formatWait(language, m))])),
      );
    } finally {
      await context.close();
    }
  });
});

describe("the chat at another address than the service's own origin, and pages elsewhere", () => {
  it('opened at 127.0.0.1 (its own origin is localhost) the page takes a session, opens the websocket and gets replies', async () => {
    expect(new URL(base).hostname).toBe('127.0.0.1');
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      const statuses: number[] = [];
      page.on(
        'response',
        (response) => response.url().includes('/api/chat/session') && statuses.push(response.status()),
      );
      await page.goto(`${base}/`);
      await page.locator('.ombud-chat[data-connection="open"]').waitFor();
      expect(statuses).toEqual([201]);
      await page.getByRole('button', { name: t('en', 'qr_human') }).click();
      await page.locator('.entry-out', { hasText: 'Echo: human' }).waitFor();
      expect(await page.locator('.connection').isHidden()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a page on an origin that is not allowed can neither take a session nor open the websocket with one; an allowed one can', async () => {
    const session = (await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json()) as { token: string };
    const socketUrl = `${base.replace('http:', 'ws:')}/ws?token=${encodeURIComponent(session.token)}`;
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const tryFromPage = () =>
        page.evaluate(
          async ({ base, socketUrl }) => {
            const call = await fetch(`${base}/api/chat/session`, { method: 'POST' }).then(
              (response) => `answered ${response.status}`,
              () => 'refused',
            );
            const socket = await new Promise<string>((resolve) => {
              const ws = new WebSocket(socketUrl);
              ws.onopen = () => {
                ws.close();
                resolve('open');
              };
              ws.onclose = () => resolve('refused');
            });
            return { call, socket };
          },
          { base, socketUrl },
        );
      await page.goto(`http://${ELSEWHERE_HOST}:${hostPort}/`);
      expect(await tryFromPage()).toEqual({ call: 'refused', socket: 'refused' });
      await page.goto(`http://${SHOP_HOST}:${hostPort}/`);
      expect(await tryFromPage()).toEqual({ call: 'answered 201', socket: 'open' });
    } finally {
      await context.close();
    }
  });
});
