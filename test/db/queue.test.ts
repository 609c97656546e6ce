import { describe, expect, it } from 'vitest';
import { policyWith } from '../../routing/index.ts';
import { caseEvents, openDatabase, pickNextCase, queueViews, runCaseCommand, migrate, type Db } from '../../db/index.ts';
import { createServerDatabase, describeEachDriver } from '../support/databases.ts';
import { at, contextFor, MINUTE, openTestCase } from './support.ts';

describeEachDriver('tier queues', (current) => {
  it('an agent gets the highest priority first, then the longest waiting', async () => {
    const context = contextFor(current().db);
    const olderNormal = await openTestCase(context, 'invoice', at(0));
    const newerNormal = await openTestCase(context, 'login', at(MINUTE));
    // a breached first-response target raises a case's priority: it jumps the queue
    await runCaseCommand(context, newerNormal.case.ref, { type: 'first_response_breached', actor: { kind: 'system' } }, at(20 * MINUTE));
    const first = await pickNextCase(context, 'customer_service', 'agent-1', at(21 * MINUTE));
    const second = await pickNextCase(context, 'customer_service', 'agent-1', at(22 * MINUTE));
    expect(first.ok && first.stored.case.ref).toBe(newerNormal.case.ref);
    expect(second.ok && second.stored.case.ref).toBe(olderNormal.case.ref);
    const empty = await pickNextCase(context, 'customer_service', 'agent-1', at(23 * MINUTE));
    expect(!empty.ok && empty.error.code).toBe('queue_empty');
  });

  it('queue views show depth, oldest wait and breaches per tier, and a resolved case is in no queue', async () => {
    const context = contextFor(current().db);
    const before = await queueViews(context, at(0));
    const opened = await openTestCase(context, 'unrecognized_purchase', at(0));
    const during = await queueViews(context, at(5 * 60 * MINUTE));
    const investigation = (views: typeof during) => views.find((view) => view.tier === 'investigation')!;
    expect(investigation(during).depth).toBe(investigation(before).depth + 1);
    expect(investigation(during).oldestWaitSeconds).toBeGreaterThanOrEqual(5 * 60 * 60);
    expect(investigation(during).breached).toBeGreaterThanOrEqual(1); // 4 h target
    expect(during.map((view) => view.tier)).toEqual(['customer_service', 'investigation', 'specialist', 'ombudsman']);

    const agent = { kind: 'agent', id: 'inv-1', tier: 'investigation' } as const;
    await runCaseCommand(context, opened.case.ref, { type: 'pick_up', actor: agent }, at(6 * 60 * MINUTE));
    await runCaseCommand(context, opened.case.ref, { type: 'decide_investigation', actor: agent, decision: 'consumer_favour', reasoning: 'not theirs' }, at(7 * 60 * MINUTE));
    const after = await queueViews(context, at(8 * 60 * MINUTE));
    expect(investigation(after).depth).toBe(investigation(before).depth);
    expect(investigation(after).assigned).toBe(investigation(before).assigned);
  });

  it('an agent holds at most the policy number of open cases', async () => {
    const context = { ...contextFor(current().db), policy: policyWith({ maxOpenCasesPerAgent: 2 }) };
    for (let index = 0; index < 3; index++) await openTestCase(context, 'human_agent', at(index));
    const results = [];
    for (let index = 0; index < 3; index++) results.push(await pickNextCase(context, 'customer_service', 'busy-agent', at(MINUTE + index)));
    expect(results.map((result) => (result.ok ? 'picked' : result.error.code))).toEqual(['picked', 'picked', 'agent_at_capacity']);
  });
});

describe('32 agents draining one queue at once', () => {
  async function drain(db: Db, cases: number) {
    const context = { ...contextFor(db), policy: policyWith({ maxOpenCasesPerAgent: 1000 }) };
    for (let index = 0; index < cases; index++) await openTestCase(context, index % 2 ? 'invoice' : 'login', at(index));
    const picked: string[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async (_, agent) => {
        for (;;) {
          const result = await pickNextCase(context, 'customer_service', `agent-${agent}`, at(10 * MINUTE));
          if (!result.ok) {
            expect(result.error.code).toBe('queue_empty');
            return;
          }
          picked.push(result.stored.case.ref);
        }
      }),
    );
    return picked;
  }

  it('never share a case and leave none behind [postgres]', async () => {
    const server = await createServerDatabase();
    const db = await openDatabase({ kind: 'postgres', url: server.url }, { poolSize: 34 });
    try {
      await migrate(db);
      const picked = await drain(db, 400);
      expect(picked).toHaveLength(400);
      expect(new Set(picked).size).toBe(400);
      const { rows } = await db.query<{ queued: number; doubly: number }>(
        `SELECT (SELECT count(*)::int FROM cases WHERE status = 'queued') AS queued,
                (SELECT count(*)::int FROM (SELECT case_id FROM case_events WHERE type = 'picked_up' GROUP BY case_id HAVING count(*) > 1) d) AS doubly`,
      );
      expect(rows[0]).toEqual({ queued: 0, doubly: 0 });
      const sample = await db.query<{ id: number }>('SELECT id FROM cases LIMIT 1');
      expect((await caseEvents(db, sample.rows[0]!.id)).filter((event) => event.type === 'picked_up')).toHaveLength(1);
    } finally {
      await db.close();
      await server.drop();
    }
  }, 60_000);
});
