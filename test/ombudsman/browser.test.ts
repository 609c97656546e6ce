// The ombudsman's pages in a real headless Chromium (Debian's, /usr/bin/chromium) against the
// real service process on PostgreSQL: the widget at / keeps its chat session, the form at
// /ombudsman proves ownership with that session, checks first that the case can go to the
// ombudsman (a case with no final statement is told so before anything is written), and files
// the request; a browser without it is
// told to use the device it chatted on; the ombudsman signs in on the dossier page and overturns.
// No page logs an error (a CSP violation would).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMBUDSMAN_CATALOGUES } from '../../bot/ombudsman/catalogue.ts';
import { findCaseByRef, openDatabase, type Db } from '../../db/index.ts';
import { startServiceOnNewDatabase } from '../support/process.ts';
import { Clock, contextFor, DAY, decidedForMerchant, OMBUDSMAN_TOKEN, open, SECRET } from './support.ts';

const SV = OMBUDSMAN_CATALOGUES.sv;

let browser: Browser;
let db: Db;
let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`,
    );
  }
  const started = await startServiceOnNewDatabase({
    LOG_LEVEL: 'warn',
    SESSION_SECRET: SECRET,
    OMBUDSMAN_TOKEN,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ombud-omb-')),
  });
  stop = started.stop;
  // The service's own origin is http://localhost:PORT: the pages' API calls carry it as Origin.
  base = `http://localhost:${started.service.port}`;
  db = await openDatabase({ kind: 'postgres', url: started.url });
  browser = await launchChromium(['localhost']);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.close();
  await stop?.();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('the ombudsman in a browser [postgres]', () => {
  it("the form files the request with the widget's session, in Swedish, and the ombudsman overturns from the dossier page", async () => {
    const consumer = await browser.newContext({ locale: 'sv-SE' });
    const page = await consumer.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/`);
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('ombud.session')), { timeout: 15_000 })
      .toBeTruthy();
    const { user } = JSON.parse((await page.evaluate(() => localStorage.getItem('ombud.session')))!);
    const decided = await decidedForMerchant(contextFor(db), user, new Clock(new Date(Date.now() - 10 * DAY)), {
      language: 'sv',
    });
    const ref = decided.case.ref;

    await page.goto(`${base}/ombudsman?case=${ref}`);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await expect.poll(() => page.locator('#omb-proof').textContent()).toBe(SV.proof_session);
    expect(await page.locator('#omb-code-path').isHidden()).toBe(true);
    expect(await page.getByLabel(SV.field_case_ref).inputValue()).toBe(ref);
    // The case is checked first (the session and the reference are there): then the fields show.
    await expect
      .poll(() => page.locator('#omb-eligible').textContent(), { timeout: 10_000 })
      .toBe(SV.eligible.replace('{ref}', ref));
    await page.getByLabel(SV.field_statement).fill('Spårningsnumret gäller ett annat paket.');
    await page.getByLabel(SV.field_desired_outcome).fill('Pengarna tillbaka.');
    await page.getByRole('button', { name: SV.submit }).click();
    await expect
      .poll(() => page.locator('#omb-done').textContent(), { timeout: 10_000 })
      .toBe(SV.sent.replace('{ref}', ref));
    expect(await page.locator('#omb-form').isHidden()).toBe(true);
    const { rows } = await db.query<{ proof: string; statement: string }>(
      'SELECT proof, statement FROM ombudsman_requests WHERE case_id = $1',
      [decided.id],
    );
    expect(rows).toEqual([{ proof: 'session', statement: 'Spårningsnumret gäller ett annat paket.' }]);

    // Opening the form again for it: told in Swedish before writing anything, no fields to write in.
    await page.goto(`${base}/ombudsman?case=${ref}`);
    await expect
      .poll(() => page.locator('#omb-error').textContent(), { timeout: 10_000 })
      .toBe(SV.error_ombudsman_already_requested);
    expect(await page.locator('#omb-write').isHidden()).toBe(true);

    // A case with no final statement yet (issue 18, item 7): the consumer learns it, and what to do
    // instead, before writing the request; the fields never show and nothing is stored.
    const notYet = await open(contextFor(db), user, 'invoice', new Date(), { language: 'sv' });
    await page.goto(`${base}/ombudsman?case=${notYet.case.ref}`);
    await expect
      .poll(() => page.locator('#omb-error').textContent(), { timeout: 10_000 })
      .toBe(SV.error_not_eligible_no_final_statement);
    expect(await page.locator('#omb-write').isHidden()).toBe(true);
    expect(await page.locator('#omb-statement').isVisible()).toBe(false);
    // Typed by hand and checked with the button: the same answer.
    await page.goto(`${base}/ombudsman`);
    await page.getByLabel(SV.field_case_ref).fill(notYet.case.ref);
    await page.getByRole('button', { name: SV.check }).click();
    await expect
      .poll(() => page.locator('#omb-error').textContent(), { timeout: 10_000 })
      .toBe(SV.error_not_eligible_no_final_statement);
    expect(await page.locator('#omb-write').isHidden()).toBe(true);
    const stored = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ombudsman_requests WHERE case_id = $1',
      [notYet.id],
    );
    expect(stored.rows[0]!.n).toBe(0);
    expect(errors.filter((error) => !/409/.test(error))).toEqual([]);
    await consumer.close();

    // A browser that never chatted here is told to use the device it chatted on.
    const stranger = await browser.newContext({ locale: 'en-GB' });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(`${base}/ombudsman`);
    await expect.poll(() => strangerPage.locator('#omb-proof').textContent()).toBe(OMBUDSMAN_CATALOGUES.en.proof_none);
    await stranger.close();

    // The ombudsman: the token once, then the dossier and the decision form.
    const desk = await browser.newContext({ locale: 'en-GB' });
    const deskPage = await desk.newPage();
    const deskErrors = watchErrors(deskPage);
    await deskPage.goto(`${base}/ombudsman/cases/${ref}`);
    await deskPage.getByLabel("The ombudsman's token").fill(OMBUDSMAN_TOKEN);
    await deskPage.getByRole('button', { name: 'Open the dossier' }).click();
    await expect.poll(() => deskPage.locator('h1').textContent(), { timeout: 10_000 }).toBe(`Dossier for case ${ref}`);
    expect(await deskPage.locator('.omb-request').first().textContent()).toContain(
      'Spårningsnumret gäller ett annat paket.',
    );
    await deskPage.getByLabel('Overturned: the outcome changes').check();
    await deskPage.getByLabel('New outcome (overturn only)').selectOption('chargeback');
    await deskPage.getByLabel('Reasoning (sent to the consumer)').fill('Spårningsnumret hör till ett annat paket.');
    await deskPage.getByRole('button', { name: 'Record the decision' }).click();
    await expect
      .poll(async () => (await findCaseByRef(db, ref))!.case.ombudsmanDecision, { timeout: 10_000 })
      .toBe('overturned');
    await expect.poll(() => deskPage.locator('#omb-decide').count(), { timeout: 10_000 }).toBe(0);
    expect(await deskPage.locator('table').first().textContent()).toContain('chargeback');
    expect(deskErrors).toEqual([]);
    await desk.close();
  }, 90_000);
});
