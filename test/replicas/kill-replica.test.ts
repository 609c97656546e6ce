// A replica killed in the middle of a conversation loses nothing. The consumer chats in the real
// widget (headless Chromium) through a front proxy, as behind a load balancer, to replica A;
// A is killed with SIGKILL, the proxy sends new connections to replica B (same PostgreSQL,
// same session secret). The widget reconnects by itself, shows the whole conversation (each
// message once), and its next message is answered by B. Everything the consumer saw answered
// before the kill is in the database.
import { existsSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const BEFORE_KILL = [
  'How do I pay my invoice?',
  'When is my invoice due?',
  'I did not get the code to log in',
  'Can I get more time to pay the invoice?',
  'BankID does not work when I log in',
];
/** Written while no replica answers: it waits in the widget and goes to B once connected. */
const DURING_OUTAGE = 'Hello? My invoice amount looks wrong';
const AFTER_KILL = 'How can I pause my invoice?';

let proxy: TcpProxy;
let replicaA: ServiceProcess;
let replicaB: ServiceProcess;
let browser: Browser;
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const database = await createServerDatabase();
  drop = database.drop;
  // The proxy is the service's public address; it points at A once A is up.
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 9 });
  const env = {
    DATABASE_URL: database.url,
    SESSION_SECRET: 'kill-replica-secret-of-at-least-32-characters',
    PUBLIC_URL: `http://127.0.0.1:${proxy.port}`,
    LOG_LEVEL: 'warn',
  };
  [replicaA, replicaB] = await Promise.all([startReadyService(env), startReadyService(env)]);
  proxy.retarget({ host: '127.0.0.1', port: replicaA.port });
  db = await openDatabase({ kind: 'postgres', url: database.url });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const replica of [replicaA, replicaB])
    if (replica && replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGTERM');
  await Promise.all([replicaA?.exited, replicaB?.exited]);
  await proxy?.close();
  await db?.close();
  await drop?.();
});

interface Shown {
  direction: 'in' | 'out';
  text: string;
}

/** The conversation as the page shows it, in order: who, and the bubble's words (not the first visit's welcome, which the widget shows and nobody stores). */
function shown(page: Page): Promise<Shown[]> {
  return page.$$eval('.log .entry:not(.welcome)', (entries) =>
    entries.map((entry) => {
      const bubble = entry.querySelector('.bubble')!;
      const words = [...bubble.childNodes].filter(
        (node) => !(node instanceof Element && node.classList.contains('visually-hidden')),
      );
      return {
        direction: entry.classList.contains('entry-in') ? ('in' as const) : ('out' as const),
        text: words.map((node) => node.textContent).join(''),
      };
    }),
  );
}

/** Writes `text` and waits until the bot's answer to it is on the page. */
async function sendAndAwaitAnswer(page: Page, text: string): Promise<void> {
  const answers = await page.locator('.entry-out').count();
  const input = page.getByRole('textbox', { name: 'Your message' });
  await input.fill(text);
  await input.press('Enter');
  await page.waitForFunction((before) => document.querySelectorAll('.entry-out').length > before, answers, {
    timeout: 10_000,
  });
  // A turn's bubbles come in one write; let the last of them render.
  await page.waitForTimeout(300);
}

async function storedConversation(user: string): Promise<Shown[]> {
  const { rows } = await db.query<Shown>(
    `SELECT m.direction, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE c.consumer_id = $1 ORDER BY m.id`,
    [user],
  );
  return rows;
}

describe('a replica killed mid-conversation [postgres]', () => {
  it('loses nothing: the widget reconnects to the other replica, shows the whole conversation once, and is answered there', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${proxy.port}/`);
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();

    for (const text of BEFORE_KILL) await sendAndAwaitAnswer(page, text);
    const beforeKill = await shown(page);
    expect(beforeKill.filter((entry) => entry.direction === 'in').map((entry) => entry.text)).toEqual(BEFORE_KILL);
    expect(beforeKill.filter((entry) => entry.direction === 'out').length).toBeGreaterThanOrEqual(BEFORE_KILL.length);
    const user = await page.evaluate(() => JSON.parse(localStorage.getItem('ombud.session') ?? '{}').user as string);

    // A dies without a goodbye; the consumer writes on while nothing answers; then the load
    // balancer sends new connections to B.
    replicaA.child.kill('SIGKILL');
    expect((await replicaA.exited).signal).toBe('SIGKILL');
    await page.locator('.ombud-chat[data-connection="closed"]').waitFor({ timeout: 10_000 });
    const input = page.getByRole('textbox', { name: 'Your message' });
    await input.fill(DURING_OUTAGE);
    await input.press('Enter');
    await page.locator('.entry-in.pending', { hasText: DURING_OUTAGE }).waitFor();
    await page.waitForTimeout(1_000); // a reconnect or two fails against the dead replica
    proxy.retarget({ host: '127.0.0.1', port: replicaB.port });

    // The widget reconnects by itself (no reload), sends what waited, and B answers it.
    await page.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 20_000 });
    await page.getByText('Connected again.').waitFor({ timeout: 5_000 });
    await page.locator('.entry-in:not(.pending)', { hasText: DURING_OUTAGE }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(
      (count) => document.querySelectorAll('.log .entry:not(.welcome)').length > count + 1,
      beforeKill.length,
      { timeout: 10_000 },
    );
    await page.waitForTimeout(500); // the history loaded after the reconnect is merged, the turn's bubbles are in
    const reconnected = await shown(page);
    expect(reconnected.slice(0, beforeKill.length)).toEqual(beforeKill);
    expect(reconnected[beforeKill.length]).toEqual({ direction: 'in', text: DURING_OUTAGE });
    expect(reconnected.slice(beforeKill.length + 1).every((entry) => entry.direction === 'out')).toBe(true);

    // Nothing the consumer saw answered before the kill is missing from the database.
    const stored = await storedConversation(user);
    for (const entry of beforeKill) {
      expect(
        stored.filter((message) => message.direction === entry.direction && message.text === entry.text).length,
        `${entry.direction}: ${entry.text}`,
      ).toBeGreaterThan(0);
    }

    // The conversation goes on, on B.
    await sendAndAwaitAnswer(page, AFTER_KILL);
    const afterward = await shown(page);
    expect(afterward.slice(0, reconnected.length)).toEqual(reconnected);
    expect(afterward[reconnected.length]).toEqual({ direction: 'in', text: AFTER_KILL });
    expect(afterward.length).toBeGreaterThan(reconnected.length + 1);
    expect(afterward.at(-1)!.direction).toBe('out');

    // What the page shows is the stored conversation, each message once, in order; a reload
    // (through B) shows it again the same.
    expect(await storedConversation(user)).toEqual(afterward);
    await page.reload();
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();
    await page.locator('.entry-in', { hasText: AFTER_KILL }).waitFor();
    await page.waitForTimeout(300);
    expect(await shown(page)).toEqual(afterward);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
