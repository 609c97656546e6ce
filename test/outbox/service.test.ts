// The service itself, as `npm start` runs it, on each driver: without CORE_WEBHOOK_URL the events
// a decision wrote are kept and the start line says so; started with it, the service's worker
// sends them (signed, once) and still stops cleanly.
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../db/index.ts';
import { seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';
import { startFakeCore } from '../support/fake-core-server.ts';
import { startReadyService } from '../support/process.ts';
import { contextFor, openTestCase } from '../db/support.ts';
import { SECRET } from './support.ts';

async function seed(db: Db) {
  await migrate(db);
  const opened = await openTestCase(contextFor(db), 'merchant_disagreement', undefined, 'consumer-service');
  return opened.case.ref;
}

async function deliveredCount(env: Record<string, string>): Promise<number> {
  const db = env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: env.DATA_DIR! });
  try {
    const { rows } = await db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM outbox WHERE delivered_at IS NOT NULL',
    );
    return rows[0]!.count;
  } finally {
    await db.close();
  }
}

for (const kind of DRIVERS) {
  describe(`the service's outbox worker [${kind}]`, () => {
    const database = seededForCli(kind, seed);

    it('keeps the events while CORE_WEBHOOK_URL is unset, and sends them once it is set', async () => {
      const core = await startFakeCore({ secret: SECRET });
      try {
        const without = await startReadyService({ ...database.env(), LOG_LEVEL: 'info' });
        const quiet = await without.waitForLog(/^Ombud is running/);
        expect(quiet.msg).toContain(
          'payments core events: kept, not sent (set CORE_WEBHOOK_URL and CORE_WEBHOOK_SECRET to send them)',
        );
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        without.child.kill('SIGTERM');
        expect((await without.exited).code).toBe(0);
        expect(core.calls).toHaveLength(0);
        expect(await deliveredCount(database.env())).toBe(0);

        const withCore = await startReadyService({
          ...database.env(),
          LOG_LEVEL: 'debug',
          CORE_WEBHOOK_URL: core.url,
          CORE_WEBHOOK_SECRET: SECRET,
        });
        const line = await withCore.waitForLog(/^Ombud is running/);
        expect(line.msg).toContain(`payments core events: sent to ${new URL(core.url).origin}`);
        await core.waitForAccepted(1);
        expect(core.calls).toHaveLength(1);
        expect(core.calls[0]!.signatureValid).toBe(true);
        expect(core.calls[0]!.event).toMatchObject({
          type: 'invoice.paused',
          data: { caseRef: database.seeded(), amount: 129_900, currency: 'SEK' },
        });
        // The worker's round ends once the answer is recorded.
        expect(await withCore.waitForLog(/^outgoing events$/)).toMatchObject({ delivered: 1, failed: 0 });
        withCore.child.kill('SIGTERM');
        expect((await withCore.exited).code).toBe(0);
        expect(await deliveredCount(database.env())).toBe(1);
      } finally {
        await core.close();
      }
    }, 120_000);
  });
}
