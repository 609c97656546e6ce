// Told when away in a real headless Chromium (Debian's, /usr/bin/chromium) against the real
// service (bot/service.ts in this process, PGlite, SMTP_URL at a local SMTP sink; issue 18): a
// consumer chatting in the widget has a case with their e-mail address; the agent's final statement
// shows in the open chat and sends no e-mail; the consumer closes the page, the agent replies twice,
// and one e-mail arrives at the sink: a subject that names the case only, the first reply masked,
// the link to the chat.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { t } from '../../bot/dialog/catalogue.ts';
import { postAgentReply } from '../../bot/dialog/agent-reply.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { openCase, runCaseCommand, setCaseContact } from '../../db/index.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { freePort } from '../support/process.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

let service: RunningService;
let browser: Browser;
let dataDir: string;
let base: string;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error("Debian's Chromium is missing: apt-get install -y chromium");
  sink = await startSmtpSink();
  dataDir = mkdtempSync(join(tmpdir(), 'ombud-away-e2e-'));
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'away-email-e2e-secret-0123456789-abcdefgh',
    SMTP_URL: sink.url,
    SMTP_FROM: 'Ombud <no-reply@ombud.test>',
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
  });
  service = await startService(config, createLogger('warn'));
  base = `http://localhost:${service.port}`;
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await sink?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a consumer who closed the chat, in a real browser', () => {
  it('sees the final statement live (no e-mail), closes the page, and the next two replies are one e-mail', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const input = page.getByRole('textbox', { name: t('en', 'widget_input') });
    await page.goto(`${base}/`);
    await page.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 15_000 });
    await input.fill('Hello');
    await input.press('Enter');
    await page.locator('.entry-out', { hasText: t('en', 'capabilities') }).waitFor({ timeout: 15_000 });
    // The case is opened for this consumer as the dialog opens one (the dialog's own questions are
    // tested elsewhere), with the contact address a consumer gives by writing it in the chat.
    const consumerId = await page.evaluate(
      () => JSON.parse(localStorage.getItem('ombud.session') ?? '{}').user as string,
    );
    const opened = await openCase(
      { db: service.db, signal: service.signal },
      { type: 'open', actor: { kind: 'bot' }, consumerId, intent: 'invoice', language: 'en' },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const ref = opened.stored.case.ref;
    await setCaseContact(service.db, opened.stored.id, 'erik.away@example.se', new Date());

    // The agent picks the case up and gives a final statement: the open chat shows it.
    const desk = { db: service.db, signal: service.signal };
    const agent = { kind: 'agent', id: 'cs-erik', tier: 'customer_service' } as const;
    for (const command of [
      { type: 'pick_up', actor: agent },
      {
        type: 'issue_final_statement',
        actor: agent,
        text: 'The charge is correct: it is the annual fee of your card.',
      },
    ] as const) {
      const result = await runCaseCommand(desk, ref, command, new Date());
      if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    }
    await page.getByText(`Final statement on your case ${ref}`).first().waitFor({ timeout: 15_000 });
    await sleep(8_000); // past the grace and a scan: the consumer was there, no e-mail
    expect(sink.mails).toEqual([]);

    // The consumer closes the page; the agent answers twice.
    await page.close();
    await sleep(300);
    for (const text of [
      'One more thing, Erik: the fee for card 4111 1111 1111 1111 is refunded if you cancel the card.',
      'You can cancel it in the app.',
    ]) {
      const posted = await postAgentReply(desk, {
        caseRef: ref,
        agent: { id: 'cs-erik', tier: 'customer_service' },
        text,
        now: new Date(),
      });
      if (!posted.ok) throw new Error(posted.error.code);
    }
    const until = Date.now() + 20_000;
    while (sink.mails.length === 0 && Date.now() < until) await sleep(200);
    await sleep(5_000); // a few more scans: still once
    await context.close();

    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail!.to).toEqual(['erik.away@example.se']);
    expect(mail!.subject).toBe(`New message about your case ${ref}`);
    expect(mail!.body).toContain('“One more thing, Erik: the fee for card [card] is refunded if you cancel the card.”');
    expect(mail!.body).not.toContain('4111');
    expect(mail!.body).toContain(`Read it and reply in the chat: ${base}/`);
  }, 90_000);
});
