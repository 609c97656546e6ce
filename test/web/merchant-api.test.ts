// The merchant's API (issue 17) through the real service (bot/service.ts's composition root in
// this process, so the test registers merchants and opens cases on the very database it serves),
// on PGlite and PostgreSQL: a merchant sees its own disputes only, another merchant's reference
// answers as a missing one, a revoked key is refused like an unknown one, bad bodies change
// nothing, a settlement is put to the consumer in the chat, a contest is kept on the case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { issueSession } from '../../bot/web/session.ts';
import { addMerchant, caseEvents, findCaseByRef, openCase, revokeApiKey, rotateApiKey } from '../../db/index.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { freePort } from '../support/process.ts';

const SECRET = 'merchant-api-test-session-secret-0123456789';
const CARD = '4111 1111 1111 1111';

for (const kind of DRIVERS) {
  describe(`the merchant's API [${kind}]`, () => {
    let service: RunningService;
    let base: string;
    let dataDir: string;
    let drop = async () => {};
    let zalandoKey = '';
    let apoteaKey = '';
    let zalandoId = 0;
    let apoteaId = 0;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ombud-merchant-api-'));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      if (server) drop = server.drop;
      const config = loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: SECRET,
        PUBLIC_URL: 'https://chat.example',
        LOG_LEVEL: 'warn',
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      service = await startService(config, createLogger('warn'));
      base = `http://127.0.0.1:${service.port}`;
      const zalando = await service.db.transaction((tx) => addMerchant(tx, { name: 'Zalando' }, new Date()));
      const apotea = await service.db.transaction((tx) => addMerchant(tx, { name: 'Apotea' }, new Date()));
      zalandoKey = zalando.apiKey;
      apoteaKey = apotea.apiKey;
      zalandoId = zalando.merchant.id;
      apoteaId = apotea.merchant.id;
    }, 120_000);

    afterAll(async () => {
      await service?.stop();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function dispute(consumerId: string, merchant: string, orderNumber = '12345678') {
      const result = await openCase(
        { db: service.db, signal: service.signal },
        {
          type: 'open',
          actor: { kind: 'bot' },
          consumerId,
          intent: 'merchant_disagreement',
          language: 'sv',
          entities: { merchant, amountMinor: 89_900, currency: 'SEK', orderNumber, refundReason: 'not_received' },
        },
        new Date(),
      );
      if (!result.ok) throw new Error(result.error.code);
      return result.stored.case.ref;
    }

    const call = (path: string, key: string | undefined, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(init.body !== undefined
          ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
          : {}),
      });

    async function state(ref: string) {
      const stored = await findCaseByRef(service.db, ref);
      return { case: stored!.case, events: (await caseEvents(service.db, stored!.id)).map((event) => event.type) };
    }

    it("lists the merchant's own disputes, with the status filter; one of another merchant's answers exactly as a missing one", async () => {
      const own = await dispute('consumer-own', 'zalando.se', '1001');
      const other = await dispute('consumer-other', 'Apotea', '1002');
      const list = await call('/api/merchant/disputes', zalandoKey);
      expect(list.status).toBe(200);
      const { disputes } = (await list.json()) as { disputes: { ref: string }[] };
      expect(disputes.map((d) => d.ref)).toContain(own);
      expect(disputes.map((d) => d.ref)).not.toContain(other);
      const filtered = (await (await call('/api/merchant/disputes?status=needs_response', zalandoKey)).json()) as {
        disputes: { ref: string; status: string }[];
      };
      expect(filtered.disputes.every((d) => d.status === 'needs_response')).toBe(true);
      expect(
        (
          (await (await call('/api/merchant/disputes?status=closed', zalandoKey)).json()) as { disputes: unknown[] }
        ).disputes.map((d) => (d as { ref: string }).ref),
      ).not.toContain(own);
      const badFilter = await call('/api/merchant/disputes?status=whatever', zalandoKey);
      expect(badFilter.status).toBe(400);
      expect((await badFilter.json()).error.code).toBe('invalid_request');

      const one = await call(`/api/merchant/disputes/${own}`, zalandoKey);
      expect(one.status).toBe(200);
      const body = (await one.json()) as { dispute: Record<string, unknown> };
      expect(body.dispute).toMatchObject({
        ref: own,
        status: 'needs_response',
        reason: 'not_received',
        orderNumber: '1001',
        amount: 89_900,
        currency: 'SEK',
        settlement: null,
      });
      expect(JSON.stringify(body)).not.toContain('consumer-own');

      const foreign = await call(`/api/merchant/disputes/${other}`, zalandoKey);
      const missing = await call('/api/merchant/disputes/OMB-ZZZZZZZ9', zalandoKey);
      expect([foreign.status, missing.status]).toEqual([404, 404]);
      const [foreignBody, missingBody] = [await foreign.json(), await missing.json()];
      expect(foreignBody.error.code).toBe('dispute_not_found');
      expect(foreignBody.error.message.replace(other, 'REF')).toBe(
        missingBody.error.message.replace('OMB-ZZZZZZZ9', 'REF'),
      );
      // Nor may it answer another's dispute.
      const answered = await call(`/api/merchant/disputes/${other}/response`, zalandoKey, {
        method: 'POST',
        body: { action: 'contest', statement: 'Not ours.' },
      });
      expect(answered.status).toBe(404);
      expect((await state(other)).events).not.toContain('merchant_responded');
    });

    it('no key, a wrong key and a revoked key are the same 401', async () => {
      const ref = await dispute('consumer-keys', 'Zalando', '2001');
      const old = zalandoKey;
      const rotated = await service.db.transaction((tx) => rotateApiKey(tx, zalandoId, new Date()));
      zalandoKey = rotated.apiKey;
      const answers = [
        await call(`/api/merchant/disputes/${ref}`, undefined),
        await call(`/api/merchant/disputes/${ref}`, `${old.slice(0, -3)}abc`),
        await call(`/api/merchant/disputes/${ref}`, old),
        await call(`/api/merchant/disputes/${ref}/response`, old, {
          method: 'POST',
          body: { action: 'contest', statement: 'Delivered.' },
        }),
      ];
      expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
      const bodies = await Promise.all(answers.map((r) => r.json()));
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(bodies[0].error.code).toBe('merchant_key_invalid');
      expect((await state(ref)).events).not.toContain('merchant_responded');
      expect((await call(`/api/merchant/disputes/${ref}`, zalandoKey)).status).toBe(200);
      // revoke-key stops one key the same way.
      const prefix = /^(omk_[a-z0-9]{8})_/.exec(apoteaKey)![1]!;
      expect(await revokeApiKey(service.db, apoteaId, prefix, new Date())).toBe('revoked');
      expect((await call('/api/merchant/disputes', apoteaKey)).status).toBe(401);
    });

    it('bad bodies are a 400 with a code, and change nothing', async () => {
      const ref = await dispute('consumer-bad', 'Zalando', '3001');
      const before = await state(ref);
      const bad: unknown[] = [
        '{not json',
        {},
        { action: 'refund' },
        { action: 'settle', refundAmount: 12.5, currency: 'SEK' },
        { action: 'settle', refundAmount: -1, currency: 'SEK' },
        { action: 'settle', refundAmount: 100, currency: 'sek' },
        { action: 'settle', refundAmount: 100 },
        { action: 'settle', refundAmount: 100, currency: 'SEK', extra: true },
        { action: 'contest' },
        { action: 'contest', statement: '   ' },
        { action: 'contest', statement: 'x'.repeat(10_001) },
        { action: 'contest', statement: 'ok', evidence: ['../../etc/passwd'] },
        { action: 'contest', statement: 'ok', evidence: Array.from({ length: 11 }, (_, i) => `e${i}`) },
        { action: 'contest', statement: 'bell \u0007' },
        { action: 'contest', statement: 'nul \u0000' },
        { action: 'contest', statement: 'half a pair \ud800' },
        { action: 'settle', refundAmount: 100, currency: 'SEK', note: 'half a pair \udc00' },
      ];
      for (const body of bad) {
        const response = await call(`/api/merchant/disputes/${ref}/response`, zalandoKey, { method: 'POST', body });
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(['invalid_json', 'invalid_request']).toContain((await response.json()).error.code);
      }
      const otherCurrency = await call(`/api/merchant/disputes/${ref}/response`, zalandoKey, {
        method: 'POST',
        body: { action: 'settle', refundAmount: 100, currency: 'EUR' },
      });
      expect(otherCurrency.status).toBe(400);
      expect((await otherCurrency.json()).error.code).toBe('currency_mismatch');
      const after = await state(ref);
      expect(after.events).toEqual(before.events);
      expect(after.case).toEqual(before.case);
    });

    it('settle: the claim is put to the consumer in the chat, who confirms it; no fee', async () => {
      const session = issueSession(SECRET, { now: new Date() });
      const ref = await dispute(session.user, 'Zalando', '4001');
      const settled = await call(`/api/merchant/disputes/${ref}/response`, zalandoKey, {
        method: 'POST',
        body: { action: 'settle', refundAmount: 89_900, currency: 'SEK', note: `Refunded to card ${CARD}.` },
      });
      expect(settled.status).toBe(200);
      expect((await settled.json()).dispute).toMatchObject({
        ref,
        status: 'settlement_pending',
        settlement: { status: 'pending', refundAmount: 89_900, currency: 'SEK' },
      });
      // A claim, not a settlement: the dispute stays open until the consumer answers.
      let now = await state(ref);
      expect(now.case).toMatchObject({ status: 'awaiting_merchant', invoiceState: 'paused', outcome: null });
      expect(now.case.dispute?.settlementClaim).toMatchObject({
        claimedBy: 'merchant',
        terms: expect.not.stringContaining('4111'),
      });
      const again = await call(`/api/merchant/disputes/${ref}/response`, zalandoKey, {
        method: 'POST',
        body: { action: 'settle', refundAmount: 1, currency: 'SEK' },
      });
      expect(again.status).toBe(409);
      expect((await again.json()).error.code).toBe('settlement_claim_pending');

      const say = async (text: string) => {
        const response = await fetch(`${base}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: JSON.stringify({ type: 'message', text, user: session.user }),
        });
        expect(response.status).toBe(200);
        return (await response.json()) as { text: string; quick_replies?: { payload: string }[] }[];
      };
      const replies = await say('hej');
      expect(replies.flatMap((reply) => reply.quick_replies?.map((quick) => quick.payload) ?? [])).toContain(
        'settlement_yes',
      );
      await say('settlement_yes');
      now = await state(ref);
      expect(now.case).toMatchObject({ status: 'resolved', outcome: 'merchant_settled', invoiceState: 'reactivated' });
      expect(now.case.dispute?.disputeFeeCharged).toBe(false);
      const view = (await (await call(`/api/merchant/disputes/${ref}`, zalandoKey)).json()) as {
        dispute: { status: string };
      };
      expect(view.dispute.status).toBe('settled');
      const late = await call(`/api/merchant/disputes/${ref}/response`, zalandoKey, {
        method: 'POST',
        body: { action: 'contest', statement: 'Too late.' },
      });
      expect(late.status).toBe(409);
      expect((await late.json()).error.code).toBe('no_open_dispute');
    }, 60_000);

    it("contest: the merchant's statement is its response on the case, masked; the window runs on and no fee is charged", async () => {
      const ref = await dispute('consumer-contest', 'Zalando', '5001');
      const before = await state(ref);
      // The evidence it names must be its uploads to the dispute (docs/evidence.md): an id it never uploaded is refused.
      const form = new FormData();
      form.append(
        'file',
        new Blob([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }),
        'pod-5001.pdf',
      );
      const uploaded = await fetch(`${base}/api/merchant/disputes/${ref}/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${zalandoKey}` },
        body: form,
      });
      expect(uploaded.status).toBe(201);
      const pod = ((await uploaded.json()) as { id: string }).id;
      const unknown = await call(`/api/merchant/disputes/${ref}/response`, zalandoKey, {
        method: 'POST',
        body: { action: 'contest', statement: 'Delivered to the parcel box.', evidence: ['pod-5001.pdf'] },
      });
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).error.code).toBe('evidence_unknown');
      const contested = await call(`/api/merchant/disputes/${ref}/response`, zalandoKey, {
        method: 'POST',
        body: {
          action: 'contest',
          statement: `Delivered to the parcel box; the customer paid with ${CARD}.`,
          evidence: [pod],
        },
      });
      expect(contested.status).toBe(200);
      expect((await contested.json()).dispute).toMatchObject({
        ref,
        status: 'responded',
        respondBy: before.case.dispute!.windowEndsAt!.toISOString(),
      });
      const after = await state(ref);
      expect(after.case).toMatchObject({
        status: 'awaiting_merchant',
        waitingUntil: before.case.waitingUntil,
        invoiceState: 'paused',
      });
      expect(after.case.dispute).toMatchObject({
        merchantAnswer: 'responded',
        disputeFeeCharged: false,
        escalatedAt: null,
      });
      const stored = await findCaseByRef(service.db, ref);
      const responded = (await caseEvents(service.db, stored!.id)).find(
        (event) => event.type === 'merchant_responded',
      )!;
      expect(responded.actor).toBe('merchant');
      expect(responded.data).toMatchObject({ evidence: [pod], late: false });
      expect(String(responded.data.summary)).toContain('Delivered to the parcel box');
      expect(String(responded.data.summary)).not.toContain('4111');
    });

    // Last: it empties this address's bucket.
    it('is rate-limited per client address before the key is checked: 429 rate_limited with Retry-After', async () => {
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 80 && !limited; i++) {
        const response = await call('/api/merchant/disputes', `omk_aaaaaaaa_${'x'.repeat(43)}`);
        statuses.push(response.status);
        if (response.status === 429) limited = response;
        else await response.body?.cancel();
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await limited!.json()).error.code).toBe('rate_limited');
    });
  });
}
