// The purchase directory as the dialog will call it: an identified consumer's recent purchases
// from the payments core (a local stand-in) or from the purchases table; none for an anonymous
// consumer; and when the core is slow, failing or talking nonsense, none and a warning, never an
// error into the chat.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../intents/llm/breaker.ts';
import { ConfigError, loadConfig } from '../../bot/config.ts';
import { createPurchaseDirectory, purchaseDirectory, type WarnLog } from '../../bot/purchases/directory.ts';
import { httpPurchases } from '../../bot/purchases/http.ts';
import { rememberIdentifiedConsumer, upsertPurchases, type Db } from '../../db/index.ts';
import type { Purchase } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { startFakePurchases, type FakePurchasesServer } from '../support/fake-purchases-server.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const ALICE = 'i_AAAAAAAAAAAAAAAAAAAAAA';
const BOB = 'i_BBBBBBBBBBBBBBBBBBBBBB';
const NEWCOMER = 'i_CCCCCCCCCCCCCCCCCCCCCC';

const zalando: Purchase = {
  id: 'pur-1001',
  merchant: 'Zalando',
  amountMinor: 89_900,
  currency: 'SEK',
  purchaseDate: '2026-11-03',
  orderNumber: '12345678',
  invoiceId: 'inv-501',
  invoiceState: 'open',
  dueDate: '2026-12-03',
};
const elgiganten: Purchase = {
  ...zalando,
  id: 'pur-1002',
  merchant: 'Elgiganten',
  amountMinor: 249_000,
  purchaseDate: '2026-11-15',
  orderNumber: null,
  invoiceId: 'inv-502',
};
const longAgo: Purchase = {
  ...zalando,
  id: 'pur-0900',
  merchant: 'Jula',
  purchaseDate: '2026-05-01',
  invoiceState: 'paid',
};

function recordingLog(): WarnLog & { lines: { object: object; message: string }[] } {
  const lines: { object: object; message: string }[] = [];
  return { lines, warn: (object, message) => lines.push({ object, message }) };
}

async function identify(db: Db, id: string, subject: string) {
  await rememberIdentifiedConsumer(db, { id, issuer: 'https://shop.example', subject, at: NOW });
}

describeEachDriver('the purchase directory', (current) => {
  let core: FakePurchasesServer;
  beforeAll(async () => {
    core = await startFakePurchases({ 'cust-alice': [longAgo, zalando, elgiganten], 'cust-bob': [] });
    await identify(current().db, ALICE, 'cust-alice');
    await identify(current().db, BOB, 'cust-bob');
    await identify(current().db, NEWCOMER, 'cust-newcomer');
  });
  afterAll(() => core.close());

  function overHttp(options: { timeoutMs?: number } = {}) {
    const log = recordingLog();
    const source = httpPurchases({
      url: core.url,
      token: 'core-token-for-tests',
      timeoutMs: options.timeoutMs ?? 2_000,
      log,
    });
    return { log, directory: purchaseDirectory(source, { db: current().db, log, now: () => NOW }) };
  }

  it("gives an identified consumer's purchases of the last 90 days from the core, newest first, asked by the subject the core knows", async () => {
    core.answer = { kind: 'ok' };
    const { directory, log } = overHttp();
    const purchases = await directory.recentPurchases(ALICE);
    expect(purchases).toEqual([elgiganten, zalando]);
    expect(core.requests.at(-1)).toEqual({
      consumer: 'cust-alice',
      since: '2026-08-22',
      authorization: 'Bearer core-token-for-tests',
    });
    expect(log.lines).toEqual([]);
  });

  it('gives an anonymous consumer none without asking the core', async () => {
    const { directory } = overHttp();
    const asked = core.requests.length;
    expect(await directory.recentPurchases('c_anonymous-browser-id')).toEqual([]);
    expect(core.requests.length).toBe(asked);
  });

  it('a consumer the core does not know, or who bought nothing, has none, and nothing is wrong', async () => {
    const { directory, log } = overHttp();
    expect(await directory.recentPurchases(NEWCOMER)).toEqual([]);
    expect(await directory.recentPurchases(BOB)).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  it('a core slower than the timeout gives none and a warning within the timeout, not a wait', async () => {
    core.answer = { kind: 'ok', delayMs: 3_000 };
    const { directory, log } = overHttp({ timeoutMs: 300 });
    const started = performance.now();
    expect(await directory.recentPurchases(ALICE)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(log.lines).toEqual([
      expect.objectContaining({ object: expect.objectContaining({ source: 'http', reason: 'timeout' }) }),
    ]);
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 }, 'status'],
    ['a 401', { kind: 'status', status: 401 }, 'status'],
    ['a body that is not JSON', { kind: 'body', body: '<html>Bad gateway</html>' }, 'malformed'],
    ['JSON cut short', { kind: 'body', body: '{"purchases": [{"id": "pur-1' }, 'malformed'],
    ['JSON of another shape', { kind: 'body', body: '{"items": []}' }, 'malformed'],
  ] as const)('%s gives none and a warning naming why', async (_, answer, reason) => {
    core.answer = answer;
    const { directory, log } = overHttp();
    await expect(directory.recentPurchases(ALICE)).resolves.toEqual([]);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.object).toMatchObject({ source: 'http', reason });
  });

  it('a purchase not in the agreed format is left out, the others kept, and the warning says how many', async () => {
    core.answer = {
      kind: 'body',
      body: JSON.stringify({
        purchases: [
          zalando,
          { ...elgiganten, amountMinor: 2490.5 },
          { ...elgiganten, id: 'pur-1003', currency: 'KRONOR' },
        ],
      }),
    };
    const { directory, log } = overHttp();
    expect(await directory.recentPurchases(ALICE)).toEqual([zalando]);
    expect(log.lines.map((line) => line.object)).toEqual([expect.objectContaining({ refused: 2, kept: 1 })]);
  });

  it('no warning carries the consumer or their purchases', async () => {
    core.answer = { kind: 'body', body: JSON.stringify({ purchases: [{ ...zalando, currency: 'KRONOR' }] }) };
    const { directory, log } = overHttp();
    await directory.recentPurchases(ALICE);
    core.answer = { kind: 'status', status: 503 };
    await directory.recentPurchases(ALICE);
    const written = JSON.stringify(log.lines);
    for (const secret of ['cust-alice', ALICE, 'Zalando', '12345678', 'inv-501', 'core-token-for-tests'])
      expect(written).not.toContain(secret);
  });

  it('after three failures in a row the core is not asked for a while (no storm of requests), then asked again', async () => {
    core.answer = { kind: 'status', status: 503 };
    let clock = 0;
    const log = recordingLog();
    const breaker = createCircuitBreaker({ failureThreshold: 3, resetAfterMs: 30_000 }, () => clock);
    const directory = purchaseDirectory(httpPurchases({ url: core.url, timeoutMs: 2_000, log, breaker }), {
      db: current().db,
      log,
      now: () => NOW,
    });
    const before = core.requests.length;
    for (let index = 0; index < 10; index++) expect(await directory.recentPurchases(ALICE)).toEqual([]);
    expect(core.requests.length - before).toBe(3);
    expect(log.lines.at(-1)!.object).toMatchObject({ reason: 'breaker_open' });
    core.answer = { kind: 'ok' };
    clock += 30_000;
    expect(await directory.recentPurchases(ALICE)).toEqual([elgiganten, zalando]);
    expect(core.requests.length - before).toBe(4);
  });

  it('without PURCHASES_URL the purchases table answers: own purchases only, newest first, the last 90 days', async () => {
    const { db } = current();
    await upsertPurchases(
      db,
      [longAgo, zalando, elgiganten].map((purchase) => ({ ...purchase, consumerId: 'cust-alice' })),
      NOW,
    );
    await upsertPurchases(db, [{ ...zalando, id: 'pur-2001', merchant: 'Boozt', consumerId: 'cust-bob' }], NOW);
    const log = recordingLog();
    const directory = createPurchaseDirectory(loadConfig({}), { db, log, now: () => NOW });
    expect(await directory.recentPurchases(ALICE)).toEqual([elgiganten, zalando]);
    expect((await directory.recentPurchases(BOB)).map((purchase) => purchase.merchant)).toEqual(['Boozt']);
    expect(await directory.recentPurchases('c_anonymous-browser-id')).toEqual([]);
    expect(await directory.recentPurchases(ALICE, { since: new Date('2026-11-10T00:00:00Z') })).toEqual([elgiganten]);
    expect(log.lines).toEqual([]);
  });

  it('with PURCHASES_URL the core answers, not the table', async () => {
    core.answer = { kind: 'ok' };
    const log = recordingLog();
    const config = loadConfig({ PURCHASES_URL: core.url, PURCHASES_TOKEN: 'core-token-for-tests' });
    const directory = createPurchaseDirectory(config, { db: current().db, log, now: () => NOW });
    const before = core.requests.length;
    expect(await directory.recentPurchases(ALICE)).toEqual([elgiganten, zalando]);
    expect(core.requests.length).toBe(before + 1);
  });
});

it('PURCHASES_URL must be https, plain http only to this machine and never in production', () => {
  expect(() => loadConfig({ PURCHASES_URL: 'http://core.example/v1/purchases' })).toThrow(ConfigError);
  expect(() => loadConfig({ PURCHASES_URL: 'http://core.example/v1/purchases' })).toThrow(
    /PURCHASES_URL must be an https:\/\/ URL/,
  );
  expect(loadConfig({ PURCHASES_URL: 'http://127.0.0.1:9/v1/purchases' }).PURCHASES_URL).toBe(
    'http://127.0.0.1:9/v1/purchases',
  );
  expect(() =>
    loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(32),
      PURCHASES_URL: 'http://127.0.0.1:9/v1/purchases',
    }),
  ).toThrow(/PURCHASES_URL/);
  expect(() => loadConfig({ PURCHASES_URL: 'ftp://core.example/purchases' })).toThrow(/PURCHASES_URL/);
  expect(() => loadConfig({ PURCHASES_TIMEOUT_MS: '20' })).toThrow(/PURCHASES_TIMEOUT_MS must be at least 100/);
  expect(loadConfig({}).PURCHASES_TIMEOUT_MS).toBe(1_500);
});
