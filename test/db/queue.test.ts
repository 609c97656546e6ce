import { describe, expect, it } from 'vitest';
import { policyWith } from '../../routing/index.ts';
import {
  caseEvents,
  coalescedNotify,
  openDatabase,
  pickNextCase,
  queueViews,
  runCaseCommand,
  migrate,
  type Db,
} from '../../db/index.ts';
import { createServerDatabase, describeEachDriver } from '../support/databases.ts';
import { at, contextFor, MINUTE, openTestCase } from './support.ts';

describeEachDriver('tier queues', (current) => {
  it('an agent gets the highest priority first, then the longest waiting', async () => {
    const context = contextFor(current().db);
    const olderNormal = await openTestCase(context, 'invoice', at(0));
    const newerNormal = await openTestCase(context, 'login', at(MINUTE));
    // a breached first-response target raises a case's priority: it jumps the queue
    await runCaseCommand(
      context,
      newerNormal.case.ref,
      { type: 'first_response_breached', actor: { kind: 'system' } },
      at(20 * MINUTE),
    );
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
    await runCaseCommand(
      context,
      opened.case.ref,
      { type: 'decide_investigation', actor: agent, decision: 'consumer_favour', reasoning: 'not theirs' },
      at(7 * 60 * MINUTE),
    );
    const after = await queueViews(context, at(8 * 60 * MINUTE));
    expect(investigation(after).depth).toBe(investigation(before).depth);
    expect(investigation(after).assigned).toBe(investigation(before).assigned);
  });

  it('an agent holds at most the policy number of open cases', async () => {
    const context = { ...contextFor(current().db), policy: policyWith({ maxOpenCasesPerAgent: 2 }) };
    for (let index = 0; index < 3; index++) await openTestCase(context, 'human_agent', at(index));
    const results = [];
    for (let index = 0; index < 3; index++)
      results.push(await pickNextCase(context, 'customer_service', 'busy-agent', at(MINUTE + index)));
    expect(results.map((result) => (result.ok ? 'picked' : result.error.code))).toEqual([
      'picked',
      'picked',
      'agent_at_capacity',
    ]);
  });
});

describeEachDriver('pickup claims', (current) => {
  it('a claim left by a claimer that died holds its case only until the lease runs out, then the case is picked', async () => {
    const context = contextFor(current().db);
    const first = await openTestCase(context, 'invoice', at(0));
    const second = await openTestCase(context, 'login', at(MINUTE));
    // what a replica that crashed between claim and write leaves behind
    await current().db.query(
      "INSERT INTO case_claims (case_id, agent, until) VALUES ($1, 'crashed-agent', clock_timestamp() + interval '1 hour')",
      [first.id],
    );
    const meanwhile = await pickNextCase(context, 'customer_service', 'agent-1', at(2 * MINUTE));
    expect(meanwhile.ok && meanwhile.stored.case.ref).toBe(second.case.ref);
    expect((await queueViews(context, at(2 * MINUTE))).find((view) => view.tier === 'customer_service')!.depth).toBe(1);

    await current().db.query(
      "UPDATE case_claims SET until = clock_timestamp() - interval '1 second' WHERE case_id = $1",
      [first.id],
    );
    const later = await pickNextCase(context, 'customer_service', 'agent-2', at(3 * MINUTE));
    expect(later.ok && later.stored.case.ref).toBe(first.case.ref);
    expect(later.ok && later.stored.case.assignee).toBe('agent-2');
    const { rows } = await current().db.query<{ claims: number }>('SELECT count(*)::int AS claims FROM case_claims');
    expect(rows[0]!.claims).toBe(0);
    expect((await caseEvents(current().db, first.id)).filter((event) => event.type === 'picked_up')).toHaveLength(1);
  });

  it('an agent refused for capacity leaves the case, unclaimed, in the queue for the next agent', async () => {
    const context = { ...contextFor(current().db), policy: policyWith({ maxOpenCasesPerAgent: 1 }) };
    await openTestCase(context, 'human_agent', at(0));
    const waiting = await openTestCase(context, 'human_agent', at(MINUTE));
    const held = await pickNextCase(context, 'customer_service', 'one-case-agent', at(2 * MINUTE));
    expect(held.ok).toBe(true);
    const refused = await pickNextCase(context, 'customer_service', 'one-case-agent', at(3 * MINUTE));
    expect(!refused.ok && refused.error.code).toBe('agent_at_capacity');
    const other = await pickNextCase(context, 'customer_service', 'other-agent', at(4 * MINUTE));
    expect(other.ok && other.stored.case.ref).toBe(waiting.case.ref);
  });
});

describe('one agent clicking next many times at once', () => {
  it('never passes the open-case limit [postgres]', async () => {
    const server = await createServerDatabase();
    const db = await openDatabase({ kind: 'postgres', url: server.url }, { poolSize: 12 });
    try {
      await migrate(db);
      const context = { ...contextFor(db), policy: policyWith({ maxOpenCasesPerAgent: 3 }) };
      for (let index = 0; index < 20; index++) await openTestCase(context, 'invoice', at(index));
      const results = await Promise.all(
        Array.from({ length: 10 }, () => pickNextCase(context, 'customer_service', 'eager-agent', at(10 * MINUTE))),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(3);
      expect(results.filter((result) => !result.ok && result.error.code === 'agent_at_capacity')).toHaveLength(7);
      const { rows } = await db.query<{ held: number; queued: number; leased: number }>(
        `SELECT (SELECT count(*)::int FROM cases WHERE assignee = 'eager-agent') AS held,
                (SELECT count(*)::int FROM cases WHERE status = 'queued') AS queued,
                (SELECT count(*)::int FROM case_claims) AS leased`,
      );
      expect(rows[0]).toEqual({ held: 3, queued: 17, leased: 0 });
    } finally {
      await db.close();
      await server.drop();
    }
  }, 60_000);
});

describe('32 agents draining one queue at once', () => {
  async function drain(db: Db, cases: number) {
    // the service's signal (sent after commit), under which concurrent pickups are served in rounds
    const context = { db, signal: coalescedNotify(db), policy: policyWith({ maxOpenCasesPerAgent: 1000 }) };
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
