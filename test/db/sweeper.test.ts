import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  caseEvents,
  findCaseByRef,
  migrate,
  openDatabase,
  pendingTimers,
  runCaseCommand,
  sweepDueTimers,
  type Db,
} from '../../db/index.ts';
import { createServerDatabase, describeEachDriver } from '../support/databases.ts';
import { REPO_ROOT } from '../support/process.ts';
import { at, contextFor, DAY, MINUTE, openTestCase } from './support.ts';

describeEachDriver('the timer sweeper', (current) => {
  it('a merchant disagreement waits 21 days for the merchant, then escalates to investigation with the dispute fee', async () => {
    const context = contextFor(current().db);
    const opened = await openTestCase(context, 'merchant_disagreement', at(0));
    expect(opened.case.status).toBe('awaiting_merchant');
    const timers = await pendingTimers(current().db, opened.id);
    expect(timers.find((timer) => timer.kind === 'merchant_window')?.dueAt).toEqual(at(21 * DAY));

    await sweepDueTimers(context, at(21 * DAY - MINUTE));
    expect((await findCaseByRef(current().db, opened.case.ref))?.case.status).toBe('awaiting_merchant');

    const report = await sweepDueTimers(context, at(21 * DAY));
    expect(report.fired).toBeGreaterThanOrEqual(1);
    const after = (await findCaseByRef(current().db, opened.case.ref))!.case;
    expect(after).toMatchObject({ tier: 'investigation', status: 'queued', invoiceState: 'paused' });
    expect(after.dispute?.disputeFeeCharged).toBe(true);
    const { rows } = await current().db.query<{ dispute_fee_charged: boolean; escalated_at: Date | null }>(
      'SELECT dispute_fee_charged, escalated_at FROM disputes WHERE case_id = $1',
      [opened.id],
    );
    expect(rows[0]!.dispute_fee_charged).toBe(true);
    expect(rows[0]!.escalated_at).not.toBeNull();
    const types = (await caseEvents(current().db, opened.id)).map((event) => event.type);
    expect(types).toContain('merchant_window_expired');
    expect(types).toContain('dispute_fee_charged');
  });

  it('a timer fires once: the next sweep at the same time finds nothing due', async () => {
    const context = contextFor(current().db);
    // Another consumer than the test above: its purchase still has its open dispute.
    const opened = await openTestCase(context, 'merchant_disagreement', at(0), 'consumer-2');
    const first = await sweepDueTimers(context, at(60 * DAY));
    expect(first.fired).toBeGreaterThanOrEqual(1);
    const eventsAfterFirst = await caseEvents(current().db, opened.id);
    expect(await sweepDueTimers(context, at(60 * DAY))).toEqual({ fired: 0, obsolete: 0 });
    expect(await caseEvents(current().db, opened.id)).toEqual(eventsAfterFirst);
  });

  it("an agent's first reply cancels the first-response timer", async () => {
    const context = contextFor(current().db);
    const opened = await openTestCase(context, 'invoice', at(0));
    const agent = { kind: 'agent', id: 'cs-1', tier: 'customer_service' } as const;
    await runCaseCommand(context, opened.case.ref, { type: 'pick_up', actor: agent }, at(MINUTE));
    expect((await pendingTimers(current().db, opened.id)).map((timer) => timer.kind)).toEqual(['sla_first_response']);
    await runCaseCommand(context, opened.case.ref, { type: 'reply', actor: agent }, at(2 * MINUTE));
    expect(await pendingTimers(current().db, opened.id)).toEqual([]);
    expect(await sweepDueTimers(context, at(DAY))).toEqual({ fired: 0, obsolete: 0 });
  });
});

describe('sweeper replicas killed mid-sweep [postgres]', () => {
  async function countFired(db: Db) {
    const { rows } = await db.query<{ fired: number; pending_due: number; double_expiry: number }>(
      `SELECT (SELECT count(*)::int FROM case_timers WHERE kind = 'merchant_window' AND fired_at IS NOT NULL) AS fired,
              (SELECT count(*)::int FROM case_timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1) AS pending_due,
              (SELECT count(*)::int FROM (SELECT case_id FROM case_events WHERE type = 'merchant_window_expired'
                                          GROUP BY case_id HAVING count(*) > 1) twice) AS double_expiry`,
      [at(30 * DAY)],
    );
    return rows[0]!;
  }

  it('lose no timer and fire none twice', async () => {
    const server = await createServerDatabase();
    const db = await openDatabase({ kind: 'postgres', url: server.url });
    try {
      await migrate(db);
      const context = contextFor(db);
      const CASES = 150;
      for (let index = 0; index < CASES; index++)
        await openTestCase(context, 'merchant_disagreement', at(index), `consumer-${index}`);

      // Two replicas sweep at once; one is killed (SIGKILL) while it works.
      const replicas = [0, 1].map(() =>
        spawn(process.execPath, ['--import', 'tsx', 'test/db/sweep-replica.ts'], {
          cwd: REPO_ROOT,
          env: { ...process.env, DATABASE_URL: server.url, SWEEP_AT: at(30 * DAY).toISOString() },
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      );
      const victim = replicas[0]!;
      let victimFired = 0;
      await new Promise<void>((resolve) => {
        victim.stdout!.on('data', (chunk: Buffer) => {
          victimFired += (chunk.toString().match(/fired/g) ?? []).length;
          if (victimFired >= 10) resolve();
        });
        victim.once('exit', () => resolve());
      });
      victim.kill('SIGKILL');
      await new Promise((resolve) => replicas[1]!.once('exit', resolve));

      // A replica started after the crash finishes whatever is left.
      await sweepDueTimers(context, at(30 * DAY), { limit: 10_000 });
      const counts = await countFired(db);
      expect(victimFired).toBeGreaterThanOrEqual(10);
      expect(counts).toEqual({ fired: CASES, pending_due: 0, double_expiry: 0 });
      const escalated = await db.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM cases WHERE tier = 'investigation' AND status = 'queued'",
      );
      expect(escalated.rows[0]!.count).toBe(CASES);
    } finally {
      await db.close();
      await server.drop();
    }
  }, 120_000);
});
