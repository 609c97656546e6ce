// The purchase directory as an operator sets it up for the embedded default and demos: purchases
// imported with `npm run purchases -- import` (before the start: PGlite allows one process per
// folder), then the service started, and an identified consumer's report offers them as buttons
// in the real service's app API. On PGlite and PostgreSQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { operatorCli } from '../support/cli.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';

const IDENTITY_SECRET = 'the-apps-backend-shares-this-secret-0123456789';
const SUBJECT = 'shopper-42';

interface Reply {
  text: string;
  expects?: string;
  quick_replies?: { title: string; payload: string }[];
  case?: { ref: string };
}

for (const kind of DRIVERS) {
  describe(`purchases offered in the chat of the running service [${kind}]`, () => {
    let service: ServiceProcess;
    let base: string;
    const cleanups: (() => Promise<void> | void)[] = [];
    const today = new Date().toISOString().slice(0, 10);

    beforeAll(async () => {
      let env: Record<string, string>;
      if (kind === 'postgres') {
        const database = await createServerDatabase();
        cleanups.push(() => database.drop());
        env = { DATABASE_URL: database.url };
      } else {
        const dataDir = mkdtempSync(join(tmpdir(), 'ombud-service-'));
        cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
        env = { DATA_DIR: dataDir };
      }
      const file = join(mkdtempSync(join(tmpdir(), 'ombud-purchases-')), 'purchases.jsonl');
      const purchase = {
        consumerId: SUBJECT,
        currency: 'SEK',
        purchaseDate: today,
        invoiceState: 'open',
        dueDate: null,
      };
      writeFileSync(
        file,
        [
          { ...purchase, id: 'svc-1', merchant: 'Jula', amountMinor: 29_900, orderNumber: 'J-77', invoiceId: 'inv-77' },
          {
            ...purchase,
            id: 'svc-2',
            merchant: 'Apotea',
            amountMinor: 34_900,
            orderNumber: 'A-12',
            invoiceId: 'inv-78',
          },
        ]
          .map((line) => JSON.stringify(line))
          .join('\n') + '\n',
      );
      const imported = operatorCli('purchases', env, 'import', file);
      expect(imported.stdout, imported.stderr).toContain('imported 2 purchases');
      service = await startReadyService({ ...env, IDENTITY_SECRET, LOG_LEVEL: 'warn' });
      cleanups.unshift(async () => {
        service.child.kill('SIGTERM');
        await service.exited;
      });
      base = `http://127.0.0.1:${service.port}`;
    }, 120_000);
    afterAll(async () => {
      for (const cleanup of cleanups) await cleanup();
    });

    it('an identified consumer picks the purchase by typing; the case holds its facts; an anonymous one types them', async () => {
      const token = await new SignJWT({ sub: SUBJECT, exp: Math.floor(Date.now() / 1000) + 600 })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(IDENTITY_SECRET));
      const session = (await (
        await fetch(`${base}/api/chat/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identityToken: token, locale: 'sv-SE' }),
        })
      ).json()) as { user: string; token: string };
      const send = async (who: { user: string; token: string }, text: string): Promise<Reply[]> => {
        const response = await fetch(`${base}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
          body: JSON.stringify({ type: 'message', text, user: who.user }),
        });
        expect(response.status).toBe(200);
        return (await response.json()) as Reply[];
      };

      const offered = await send(session, 'Det finns ett köp på min faktura som jag inte har gjort');
      expect(offered.at(-1)?.expects).toBe('choice');
      expect(offered.at(-1)?.quick_replies?.map((reply) => reply.title)).toEqual([
        expect.stringMatching(/^Jula · 299,00\skr · /),
        expect.stringMatching(/^Apotea · 349,00\skr · /),
        t('sv', 'qr_purchase_none'),
      ]);
      const summary = await send(session, 'den från Jula');
      expect(summary.at(-1)?.expects).toBe('confirm');
      expect(summary.map((reply) => reply.text).join('\n')).toContain('J-77');
      const filed = await send(session, 'ja');
      const ref = filed.find((reply) => reply.case)?.case?.ref;
      const seen = (await (
        await fetch(`${base}/api/cases/${ref}`, { headers: { authorization: `Bearer ${session.token}` } })
      ).json()) as { case: { purchase: unknown } };
      expect(seen.case.purchase).toMatchObject({ merchant: 'Jula', amountMinor: 29_900, currency: 'SEK', date: today });

      const anonymous = (await (
        await fetch(`${base}/api/chat/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ locale: 'sv-SE' }),
        })
      ).json()) as { user: string; token: string };
      const asked = await send(anonymous, 'Det finns ett köp på min faktura som jag inte har gjort');
      expect(asked.at(-1)?.expects).toBe('amount');
    }, 60_000);
  });
}
