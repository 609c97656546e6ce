// `npm run cases -- outbox`: the operator sees the outgoing events not delivered, and for each
// failing one its last error, and sends a stopped one again; on each driver, spawned as run.
import { describe, expect, it } from 'vitest';
import { deliverDueEvents } from '../../bot/outbox/index.ts';
import { migrate, type Db } from '../../db/index.ts';
import { operatorCli, seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';
import { startFakeCore } from '../support/fake-core-server.ts';
import { contextFor, openTestCase } from '../db/support.ts';
import { SECRET } from './support.ts';

const HOUR = 3_600_000;

// Three rounds an hour apart, ending an hour ago: the refused event is stopped after its third
// try, the one the core fails with 500 waits for its fourth, the third was delivered.
async function seed(db: Db) {
  await migrate(db);
  const context = contextFor(db);
  const refused = await openTestCase(context, 'unrecognized_purchase', undefined, 'consumer-refused');
  const failing = await openTestCase(context, 'unrecognized_purchase', undefined, 'consumer-failing');
  const fine = await openTestCase(context, 'unrecognized_purchase', undefined, 'consumer-fine');
  const { rows } = await db.query<{ id: string; ref: string }>(
    'SELECT o.id, c.ref FROM outbox o JOIN cases c ON c.id = o.case_id',
  );
  const idOf = (ref: string) => rows.find((row) => row.ref === ref)!.id;
  const core = await startFakeCore({
    secret: SECRET,
    answer: ({ event }) =>
      event.id === idOf(refused.case.ref) ? 422 : event.id === idOf(failing.case.ref) ? 500 : 'ok',
  });
  try {
    for (const hoursAgo of [3, 2, 1]) {
      const now = new Date(Date.now() - hoursAgo * HOUR);
      await deliverDueEvents({ db, receivers: { core: { url: core.url, secret: SECRET } }, now: () => now });
    }
  } finally {
    await core.close();
  }
  return {
    refused: { ref: refused.case.ref, id: idOf(refused.case.ref) },
    failing: { ref: failing.case.ref, id: idOf(failing.case.ref) },
    fine: fine.case.ref,
  };
}

for (const kind of DRIVERS) {
  describe(`npm run cases -- outbox [${kind}]`, () => {
    const database = seededForCli(kind, seed);
    const cli = (...args: string[]) => operatorCli('cases', database.env(), ...args);

    it('lists the failing deliveries with their last error, the stopped one first', () => {
      const table = cli('outbox');
      expect(table.code).toBe(0);
      const lines = table.stdout.split('\n');
      expect(lines[2]).toMatch(/^core\s+2\s+1\s+1\s+\d+ (min|h|d)\s*$/);
      const refusedLine = lines.find((line) => line.includes(database.seeded().refused.id))!;
      expect(refusedLine).toContain(database.seeded().refused.ref);
      expect(refusedLine).toContain('invoice.paused');
      expect(refusedLine).toContain('STOPPED');
      expect(refusedLine).toContain('HTTP 422: {"error":"refused with 422"}');
      const failingLine = lines.find((line) => line.includes(database.seeded().failing.id))!;
      expect(failingLine).toMatch(/\b3\s+retry \d{4}-/);
      expect(failingLine).toContain('HTTP 500');
      expect(lines.indexOf(refusedLine)).toBeLessThan(lines.indexOf(failingLine));
      expect(lines.filter((line) => line.includes('invoice.paused'))).toHaveLength(2);
      expect(table.stdout).not.toContain(database.seeded().fine);

      const json = JSON.parse(cli('outbox', '--json').stdout);
      expect(json.destinations).toEqual([
        { destination: 'core', pending: 2, retrying: 1, stopped: 1, oldestSeconds: expect.any(Number) },
      ]);
      expect(
        json.failing.map((f: { caseRef: string; attempts: number; stoppedAt: string | null }) => [
          f.caseRef,
          f.attempts,
          f.stoppedAt !== null,
        ]),
      ).toEqual([
        [database.seeded().refused.ref, 3, true],
        [database.seeded().failing.ref, 3, false],
      ]);
    }, 60_000);

    it('retry sends a stopped event again; anything else is refused with a clear message', () => {
      expect(cli('outbox', 'retry', database.seeded().failing.id).code).toBe(1);
      const missing = cli('outbox', 'retry', '00000000-0000-4000-8000-000000000000');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no stopped event 00000000-0000-4000-8000-000000000000/);
      expect(cli('outbox', 'retry').code).toBe(2);
      expect(cli('outbox', 'frobnicate').code).toBe(2);
      expect(cli('outbox', '--limit', 'many').code).toBe(2);

      const retried = cli('outbox', 'retry', database.seeded().refused.id);
      expect(retried.code).toBe(0);
      expect(retried.stdout).toContain(`event ${database.seeded().refused.id} is due again`);
      const json = JSON.parse(cli('outbox', '--json').stdout);
      expect(json.destinations[0]).toMatchObject({ pending: 2, stopped: 0 });
      expect(json.failing.find((f: { id: string }) => f.id === database.seeded().refused.id)).toMatchObject({
        stoppedAt: null,
        attempts: 3,
      });
    }, 120_000);
  });
}
