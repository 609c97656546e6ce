// Issue 5's journey in a real browser against the real service: a consumer chats in Swedish
// about a purchase they do not recognise, confirms the summary, and sees an investigation case
// card; after a reload the history is there; an agent's reply, written through the database by
// another process, appears live. Then the page opened at 127.0.0.1 instead of localhost (issue
// 15): the same service, its first visit's welcome and a topic tapped.
import { existsSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { postAgentReply } from '../../bot/dialog/agent-reply.ts';
import { coalescedNotify, openDatabase, runCaseCommand, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';

let service: ServiceProcess;
let browser: Browser;
let db: Db;
let drop: () => Promise<void>;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error("Debian's Chromium is missing: apt-get install -y chromium");
  const database = await createServerDatabase();
  drop = database.drop;
  service = await startReadyService({
    DATABASE_URL: database.url,
    SESSION_SECRET: 'journey-secret-of-at-least-32-characters',
    LOG_LEVEL: 'warn',
  });
  base = `http://localhost:${service.port}`;
  db = await openDatabase({ kind: 'postgres', url: database.url });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  service?.child.kill('SIGTERM');
  await service?.exited;
  await db?.close();
  await drop?.();
});

describe('a consumer in Swedish, in a real browser', () => {
  it('reports a purchase they do not recognise, gets an investigation case, keeps the history, and sees an agent reply live', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/`);
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();

    const input = page.getByRole('textbox', { name: 'Ditt meddelande' });
    const first = 'Jag har INTE köpt det här! Det finns en faktura på 499 kr från Webhallen som inte är min';
    await input.fill(first);
    await input.press('Enter');
    await page.locator('.entry-out', { hasText: t('sv', 'collect_intro_unrecognized') }).waitFor();

    // answer what is asked by tapping "skip" until the summary offers "confirm"
    const confirm = page.getByRole('button', { name: t('sv', 'qr_confirm') });
    for (let turn = 0; turn < 4 && !(await confirm.isVisible()); turn++) {
      await page
        .getByRole('button', { name: t('sv', 'qr_skip') })
        .last()
        .click();
      await page.waitForTimeout(400);
    }
    await confirm.click();
    await page.locator('.entry-out', { hasText: t('sv', 'handoff_unrecognized') }).waitFor();

    const card = page.locator('.case-card');
    await card.waitFor();
    const ref = (await card.locator('dd[data-field="ref"]').textContent())!.trim();
    expect(ref).toMatch(/^OMB-[0-9A-Z]{8}$/);
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('ombud.session') ?? '{}').token as string);
    const kase = await (
      await fetch(`${base}/api/cases/${ref}`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(kase.case).toMatchObject({
      ref,
      tier: 'investigation',
      status: 'queued',
      intent: 'unrecognized_purchase',
      invoiceState: 'paused',
    });

    // a reload shows the whole conversation again
    await page.reload();
    await page.locator('.ombud-chat[data-connection="open"]').waitFor();
    await page.locator('.entry-in', { hasText: first }).waitFor();
    await page.locator('.entry-out', { hasText: t('sv', 'handoff_unrecognized') }).waitFor();
    expect((await page.locator('.case-card dd[data-field="ref"]').textContent())!.trim()).toBe(ref);

    // an investigator picks the case up and answers from another process
    const decisions = { db, signal: coalescedNotify(db) };
    await runCaseCommand(
      decisions,
      ref,
      { type: 'pick_up', actor: { kind: 'agent', id: 'u-ines', tier: 'investigation' } },
      new Date(),
    );
    const reply = 'Hej! Jag heter Ines och utreder ditt ärende. Fakturan är pausad under tiden.';
    expect(
      (
        await postAgentReply(decisions, {
          caseRef: ref,
          agent: { id: 'u-ines', tier: 'investigation' },
          text: reply,
          now: new Date(),
        })
      ).ok,
    ).toBe(true);
    await page.locator('.entry-out', { hasText: reply }).waitFor({ timeout: 5_000 });
    expect(await page.locator('.entry-out', { hasText: reply }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('the real service reached at 127.0.0.1, its own origin being http://localhost:PORT', () => {
  it('the page shows the welcome, takes a session, opens the websocket, and the bot answers a tapped topic', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 667 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const sessions: number[] = [];
      page.on(
        'response',
        (response) => response.url().endsWith('/api/chat/session') && sessions.push(response.status()),
      );
      await page.goto(`http://127.0.0.1:${service.port}/`);
      await page.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 15_000 });
      expect(sessions).toEqual([201]);
      await page.locator('.welcome', { hasText: t('en', 'welcome') }).waitFor();
      // "Talk to a person" on a first visit: the bot asks in one line what it is about.
      await page.getByRole('button', { name: t('en', 'qr_human') }).click();
      await page
        .locator('.entry-out:not(.welcome)', { hasText: t('en', 'ask_what_about') })
        .waitFor({ timeout: 10_000 });
      expect(await page.locator('.connection').isHidden()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
