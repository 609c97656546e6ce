// An agent's formatted Slack message in the consumer's chat, in a real headless Chromium against
// the real service (PostgreSQL, the Slack desk on, Slack's Web API a local stand-in): the
// consumer writes, a case opens, the agent picks it up from its card and writes in the card's
// thread with Slack's markup (bold, a mention, a labelled link, an escaped HTML tag, a link of
// another scheme). The chat shows plain text; the one link is to the real address; the tag is
// text, never an element; the history API and a reload show the same.
import { existsSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { coalescedNotify, latestConversation, openCase, openDatabase, type Db } from '../../db/index.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { startServiceOnNewDatabase } from '../support/process.ts';
import {
  cardClick,
  eventually,
  jsonBody,
  postedMessage,
  postToSlackEndpoint,
  SIGNING_SECRET,
  startFakeSlackApi,
  type FakeSlackApi,
} from '../slack/support.ts';

const CHANNEL = 'C0CS';
const AGENT = 'U0ANNA';

let slack: FakeSlackApi;
let service: Awaited<ReturnType<typeof startServiceOnNewDatabase>>;
let browser: Browser;
let db: Db;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error("Debian's Chromium is missing: apt-get install -y chromium");
  slack = await startFakeSlackApi((call) =>
    call.method === 'users.info'
      ? { user: { id: call.body.user, profile: { display_name: 'Anna B', real_name: 'Anna Berg' } } }
      : postedMessage(call),
  );
  service = await startServiceOnNewDatabase({
    SESSION_SECRET: 'formatting-test-secret-of-at-least-32-characters',
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: 'xoxb-formatting-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CHANNEL_CUSTOMER_SERVICE: CHANNEL,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: slack.url,
  });
  // The page is served as localhost, the origin the service allows by default.
  base = `http://localhost:${service.service.port}`;
  db = await openDatabase({ kind: 'postgres', url: service.url });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await db?.close();
  await service?.stop();
  await slack?.close();
});

/** What Slack sends for the agent's message: its own markup, &, < and > as entities. */
const TYPED =
  '*Hello*, <@U0ANNA> here. See <https://evil.example/x|our page> &amp; not &lt;img src=x onerror="window.injected=1"&gt;, nor <javascript:window.injected=2|this link>. <!here>';
const SHOWN =
  'Hello, Anna B here. See our page (https://evil.example/x) & not <img src=x onerror="window.injected=1">, nor this link.';

describe("an agent's formatted message in the consumer's chat", () => {
  it('shows as plain text with one link to the real address, no HTML; the history and a reload agree', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/`);
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();
    await page.locator('#ombud-chat-input').fill('Hello, my invoice looks wrong.');
    await page.locator('#ombud-chat-input').press('Enter');
    await page.locator('.entry-out').first().waitFor({ timeout: 15_000 });
    // The case is opened as the dialog hands over (its wording is not this test's subject), on
    // the consumer's conversation, signalled so the service posts its card.
    const session = await page.evaluate(
      () => JSON.parse(localStorage.getItem('ombud.session') ?? '{}') as { user: string; token: string },
    );
    const conversationId = (await latestConversation(db, session.user, 'web'))!;
    const opened = await openCase(
      { db, signal: coalescedNotify(db) },
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: session.user,
        conversationId,
        intent: 'invoice',
        language: 'en',
      },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;

    const isCard = (call: FakeSlackApi['calls'][number]) =>
      call.method === 'chat.postMessage' &&
      call.body.channel === CHANNEL &&
      !call.body.thread_ts &&
      JSON.stringify(call.body).includes(ref);
    await eventually(() => slack.calls.some(isCard), 15_000);
    const cardTs = String(slack.calls.find(isCard)!.answer.ts);
    expect(
      (
        await postToSlackEndpoint(
          base,
          cardClick({ ref, actionId: CARD_ACTIONS.pickUp, channel: CHANNEL, cardTs, user: AGENT }),
        )
      ).status,
    ).toBe(200);
    await eventually(
      () => slack.calls.some((call) => call.method === 'chat.update' && JSON.stringify(call.body).includes('assigned')),
      10_000,
    );

    const ts = '1764500000.000001';
    const message = jsonBody({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'EvFormatting1',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        channel: CHANNEL,
        channel_type: 'channel',
        user: AGENT,
        text: TYPED,
        ts,
        thread_ts: cardTs,
      },
    });
    expect((await postToSlackEndpoint(base, message)).status).toBe(200);

    const shownEntry = async () => {
      const entry = page.locator('.entry-out', { hasText: 'our page' });
      await entry.waitFor({ timeout: 10_000 });
      return entry.locator('.bubble').evaluate((bubble) => ({
        text: (bubble.textContent ?? '').slice((bubble.querySelector('.visually-hidden')?.textContent ?? '').length),
        elements: [...bubble.children].map((child) => child.tagName.toLowerCase()),
        links: [...bubble.querySelectorAll('a')].map((a) => ({
          href: a.getAttribute('href'),
          text: a.textContent,
          rel: a.rel,
        })),
      }));
    };
    const expected = {
      text: SHOWN,
      elements: ['span', 'a'],
      links: [{ href: 'https://evil.example/x', text: 'https://evil.example/x', rel: 'noopener noreferrer' }],
    };
    expect(await shownEntry()).toEqual(expected);
    expect(await page.locator('.log img, .log b, .log script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();

    // The history API gives the consumer the same plain text, and so does the page after a reload.
    const history = (await (
      await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${session.token}` } })
    ).json()) as { messages: { direction: string; text: string }[] };
    expect(
      history.messages.filter((m) => m.direction === 'out' && m.text.includes('our page')).map((m) => m.text),
    ).toEqual([SHOWN]);
    await page.reload();
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();
    expect(await shownEntry()).toEqual(expected);
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();

    // The agent sees the ✅: the message went out as it was taken.
    await eventually(
      () => slack.calls.some((call) => call.method === 'reactions.add' && call.body.timestamp === ts),
      5_000,
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
