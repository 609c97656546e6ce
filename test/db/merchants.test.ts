// The merchant registry in the database (issue 17), on PGlite and PostgreSQL: an API key is kept
// only as its prefix and hash, works until rotated or revoked; a dispute is linked at opening to
// the merchant its shop's name finds, however the consumer spelled it; a name that finds nobody
// stays as typed and waits for an agent, and a link made later moves it under the merchant; the
// 1.5 % figure counts by merchant, with the disputes of no merchant as a row of their own.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  addMerchant,
  addMerchantName,
  linkDisputeOfCase,
  merchantDisputeRates,
  merchantIdForApiKey,
  openCase,
  revokeApiKey,
  rotateApiKey,
  runCaseCommand,
  unlinkedDisputes,
  type Db,
  type DecisionContext,
} from '../../db/index.ts';
import type { OpenEntities } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { contextFor, DAY } from './support.ts';

const MONTH = (month: number) => new Date(Date.UTC(2026, month - 1, 2, 9));
const monthRange = (month: number) => ({
  from: new Date(Date.UTC(2026, month - 1, 1)),
  to: new Date(Date.UTC(2026, month, 1)),
});

describeEachDriver('the merchant registry', (current) => {
  let consumers = 0;

  /** A disagreement about a shop, by a consumer of its own (one purchase, one open dispute). */
  async function dispute(context: DecisionContext, merchant: string, when: Date, entities: Partial<OpenEntities> = {}) {
    const result = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: `registry-${current().kind}-${++consumers}`,
        intent: 'merchant_disagreement',
        language: 'fi',
        entities: { merchant, amountMinor: 49_900, currency: 'EUR', ...entities },
      },
      when,
    );
    if (!result.ok) throw new Error(result.error.code);
    return result.stored;
  }

  async function merchantOf(
    db: Db,
    caseId: number,
  ): Promise<{ merchant_id: number | null; merchant_name: string | null }> {
    const { rows } = await db.query<{ merchant_id: number | null; merchant_name: string | null }>(
      'SELECT merchant_id::int AS merchant_id, merchant_name FROM disputes WHERE case_id = $1',
      [caseId],
    );
    return rows[0]!;
  }

  const register = (db: Db, name: string, more: { aliases?: string[]; domains?: string[] } = {}, at = MONTH(1)) =>
    db.transaction((tx) => addMerchant(tx, { name, ...more }, at));

  it('keeps an API key only as its prefix and SHA-256; the key works until rotated, the new one until revoked', async () => {
    const { db } = current();
    const created = await register(db, 'Keyshop');
    const id = created.merchant.id;
    expect(created.apiKey).toMatch(/^omk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const { rows } = await db.query<{ prefix: string; sha256: string }>(
      'SELECT prefix, sha256 FROM merchant_api_keys WHERE merchant_id = $1',
      [id],
    );
    expect(rows).toEqual([
      { prefix: created.apiKey.slice(0, 12), sha256: createHash('sha256').update(created.apiKey).digest('hex') },
    ]);
    const { rows: anywhere } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM merchant_api_keys k, merchants m WHERE k.sha256 = $1 OR m.webhook_secret = $1 OR m.name = $1',
      [created.apiKey],
    );
    expect(anywhere[0]!.n).toBe(0);

    expect(await merchantIdForApiKey(db, created.apiKey)).toBe(id);
    const lastChanged = created.apiKey.slice(0, -1) + (created.apiKey.endsWith('A') ? 'B' : 'A');
    expect(await merchantIdForApiKey(db, lastChanged)).toBeUndefined();
    expect(await merchantIdForApiKey(db, 'Bearer nonsense')).toBeUndefined();

    const rotated = await db.transaction((tx) => rotateApiKey(tx, id, MONTH(2)));
    expect(rotated.revoked).toEqual([created.apiKey.slice(0, 12)]);
    expect(await merchantIdForApiKey(db, created.apiKey)).toBeUndefined();
    expect(await merchantIdForApiKey(db, rotated.apiKey)).toBe(id);

    expect(await db.transaction((tx) => revokeApiKey(tx, id, rotated.apiKey.slice(0, 12), MONTH(3)))).toBe('revoked');
    expect(await db.transaction((tx) => revokeApiKey(tx, id, rotated.apiKey.slice(0, 12), MONTH(3)))).toBe(
      'already_revoked',
    );
    expect(await db.transaction((tx) => revokeApiKey(tx, id, 'omk_00000000', MONTH(3)))).toBe('unknown');
    expect(await merchantIdForApiKey(db, rotated.apiKey)).toBeUndefined();
  });

  it('links a dispute at opening to the merchant its shop name finds, however it is written, a picked purchase too', async () => {
    const { db } = current();
    const context = contextFor(db);
    const zalando = (await register(db, 'Zalando', { domains: ['zalando.fi'] })).merchant.id;
    const spellings = [
      'Zalando',
      'zalando.se',
      'ZALANDO SE',
      'Zalandolta',
      'Zalandon',
      'bei Zalando',
      'www.zalando.fi',
    ];
    for (const name of spellings) {
      const opened = await dispute(context, name, MONTH(4));
      expect(await merchantOf(db, opened.id), name).toEqual({ merchant_id: zalando, merchant_name: name });
    }
    // the consumer picked the order from the purchase directory, which calls the shop "Zalando SE"
    const picked = await dispute(context, 'Zalando SE', MONTH(4), { purchaseId: 'core-zal-1', orderNumber: 'ZA-1' });
    expect(await merchantOf(db, picked.id)).toEqual({ merchant_id: zalando, merchant_name: 'Zalando SE' });
  });

  it('counts "Zalando" and "Zalandolta" as one merchant in the 1.5 % figure, and the disputes of no merchant as "unlinked"', async () => {
    const { db } = current();
    const context = contextFor(db);
    const existing = await db.query<{ id: number }>(
      "SELECT merchant_id::int AS id FROM merchant_keys WHERE key = 'zalando'",
    );
    const zalando = existing.rows[0]!.id;
    await dispute(context, 'Zalando', MONTH(5));
    await dispute(context, 'Zalandolta', MONTH(5));
    await dispute(context, 'Nobody Registered', MONTH(5));
    const rows = await merchantDisputeRates(db, { ...monthRange(5), purchases: new Map([['Zalando', 100]]) });
    // one dispute in 100 purchases each would be 1 %, under the line; together they are 2 %
    expect(rows).toEqual([
      {
        merchantId: zalando,
        merchant: 'Zalando',
        disputes: 2,
        escalated: 0,
        purchases: 100,
        rate: 0.02,
        flagged: true,
      },
      {
        merchantId: null,
        merchant: 'unlinked',
        disputes: 1,
        escalated: 0,
        purchases: null,
        rate: null,
        flagged: false,
      },
    ]);
  });

  it('keeps a name that finds nobody as typed, lists it for an agent, and a link by name moves it (and later ones) under the merchant', async () => {
    const { db } = current();
    const context = contextFor(db);
    const boozt = (await register(db, 'Boozt', {}, MONTH(6))).merchant.id;
    const typo = await dispute(context, 'Boozd Nordic', MONTH(6));
    expect(await merchantOf(db, typo.id)).toEqual({ merchant_id: null, merchant_name: 'Boozd Nordic' });
    expect((await unlinkedDisputes(db)).map((d) => [d.caseRef, d.merchantName])).toContainEqual([
      typo.case.ref,
      'Boozd Nordic',
    ]);
    expect(await merchantDisputeRates(db, monthRange(6))).toEqual([
      {
        merchantId: null,
        merchant: 'unlinked',
        disputes: 1,
        escalated: 0,
        purchases: null,
        rate: null,
        flagged: false,
      },
    ]);

    const { linkedDisputes } = await db.transaction((tx) =>
      addMerchantName(tx, boozt, { name: 'Boozd Nordic', kind: 'alias' }, MONTH(6)),
    );
    expect(linkedDisputes).toBe(1);
    expect(await merchantOf(db, typo.id)).toEqual({ merchant_id: boozt, merchant_name: 'Boozd Nordic' });
    expect((await unlinkedDisputes(db)).map((d) => d.caseRef)).not.toContain(typo.case.ref);
    expect(await merchantDisputeRates(db, monthRange(6))).toEqual([
      { merchantId: boozt, merchant: 'Boozt', disputes: 1, escalated: 0, purchases: null, rate: null, flagged: false },
    ]);
    // the next consumer who spells it so is linked at once
    const next = await dispute(context, 'BOOZD NORDIC', MONTH(6));
    expect((await merchantOf(db, next.id)).merchant_id).toBe(boozt);
  });

  it('a merchant registered after its disputes takes over the unlinked ones its names find', async () => {
    const { db } = current();
    const context = contextFor(db);
    const early = await dispute(context, 'Jululta', MONTH(7));
    expect((await merchantOf(db, early.id)).merchant_id).toBeNull();
    const created = await register(db, 'Julu', { domains: ['julu.se'] }, MONTH(7));
    expect(created.linkedDisputes).toBe(1);
    expect((await merchantOf(db, early.id)).merchant_id).toBe(created.merchant.id);
  });

  it("an agent's link of one case's dispute stays when the case's next decision rewrites the dispute", async () => {
    const { db } = current();
    const context = contextFor(db);
    const apotea = (await register(db, 'Apotea', {}, MONTH(8))).merchant.id;
    const vague = await dispute(context, 'the pharmacy', MONTH(8));
    expect((await merchantOf(db, vague.id)).merchant_id).toBeNull();
    expect(await db.transaction((tx) => linkDisputeOfCase(tx, vague.case.ref, apotea))).toEqual({
      found: true,
      previous: null,
    });
    const answered = await runCaseCommand(
      context,
      vague.case.ref,
      { type: 'merchant_responded', actor: { kind: 'merchant' }, summary: 'We refunded nothing yet.' },
      new Date(MONTH(8).getTime() + DAY),
    );
    expect(answered.ok).toBe(true);
    expect(await merchantOf(db, vague.id)).toEqual({ merchant_id: apotea, merchant_name: 'the pharmacy' });
    expect(await db.transaction((tx) => linkDisputeOfCase(tx, 'OMB-NOSUCH00', apotea))).toEqual({
      found: false,
      previous: null,
    });
  });

  it('refuses a name that already finds another merchant, and the whole registration with it', async () => {
    const { db } = current();
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants');
    // "Zalandolta" finds Zalando, so a merchant of that name would take Zalando's disputes so spelled
    await expect(register(db, 'Zalandolta Oy')).rejects.toMatchObject({ code: 'name_taken' });
    await expect(register(db, 'Other', { aliases: ['Zalandon'] })).rejects.toMatchObject({ code: 'name_taken' });
    await expect(register(db, 'Other', { domains: ['zalando.de'] })).rejects.toMatchObject({ code: 'name_taken' });
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM merchants');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    await expect(register(db, 'Zalando Lounge')).resolves.toMatchObject({ merchant: { name: 'Zalando Lounge' } });
  });
});
