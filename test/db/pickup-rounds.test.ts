// Pickups in rounds (db/pickup-rounds.ts): on PostgreSQL with the service's after-commit signal,
// agents asking at the same moment are served by one claim and one write. What each agent gets
// must be exactly what one-by-one pickups would give: their own case, in queue order, within
// their limit, with one picked_up event each and no claim left behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policyWith } from '../../routing/index.ts';
import {
  coalescedNotify,
  migrate,
  notifyInTransaction,
  openDatabase,
  pickNextCase,
  runCaseCommand,
  type DecisionContext,
  type Db,
} from '../../db/index.ts';
import { PickupRounds } from '../../db/pickup-rounds.ts';
import { createServerDatabase } from '../support/databases.ts';
import { at, MINUTE, openTestCase } from './support.ts';

let db: Db;
let drop: () => Promise<void>;

// A database per test: case events are append-only, so tables cannot be emptied between tests.
beforeEach(async () => {
  const server = await createServerDatabase();
  drop = server.drop;
  db = await openDatabase({ kind: 'postgres', url: server.url }, { poolSize: 24 });
  await migrate(db);
}, 60_000);

afterEach(async () => {
  await db.close();
  await drop();
});

function contextWith(maxOpenCasesPerAgent: number): DecisionContext {
  return { db, signal: coalescedNotify(db), policy: policyWith({ maxOpenCasesPerAgent }) };
}

async function tally() {
  const { rows } = await db.query<{
    queued: number;
    assigned: number;
    claims: number;
    picked_events: number;
    doubly: number;
  }>(
    `SELECT (SELECT count(*)::int FROM cases WHERE status = 'queued') AS queued,
            (SELECT count(*)::int FROM cases WHERE status = 'assigned') AS assigned,
            (SELECT count(*)::int FROM case_claims) AS claims,
            (SELECT count(*)::int FROM case_events WHERE type = 'picked_up') AS picked_events,
            (SELECT count(*)::int FROM (SELECT case_id FROM case_events WHERE type = 'picked_up' GROUP BY case_id HAVING count(*) > 1) d) AS doubly`,
  );
  return rows[0]!;
}

describe('agents asking for the next case at the same moment [postgres]', () => {
  it('twelve agents and five cases: the five get the five oldest, each their own; the rest hear the queue is empty', async () => {
    const context = contextWith(10);
    const opened = [];
    for (let index = 0; index < 5; index++) opened.push(await openTestCase(context, 'invoice', at(index * MINUTE)));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, agent) =>
        pickNextCase(context, 'customer_service', `agent-${agent}`, at(30 * MINUTE)),
      ),
    );
    const won = results.flatMap((result, agent) => (result.ok ? [{ agent: `agent-${agent}`, result }] : []));
    expect(won.map((w) => w.result.stored.case.ref).sort()).toEqual(opened.map((c) => c.case.ref).sort());
    for (const { agent, result } of won) {
      expect(result.stored.case.assignee).toBe(agent);
      expect(result.stored.case.status).toBe('assigned');
    }
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.error.code)).toEqual(
      Array(7).fill('queue_empty'),
    );
    expect(await tally()).toEqual({ queued: 0, assigned: 5, claims: 0, picked_events: 5, doubly: 0 });
    // what the database holds is what each agent was told
    const { rows } = await db.query<{ ref: string; assignee: string; version: number }>(
      'SELECT ref, assignee, version FROM cases',
    );
    for (const { agent, result } of won) {
      expect(rows.find((row) => row.ref === result.stored.case.ref)).toEqual({
        ref: result.stored.case.ref,
        assignee: agent,
        version: result.stored.version,
      });
    }
  }, 30_000);

  it('is served in rounds: the first request alone, the eleven that arrive meanwhile together', async () => {
    const context = contextWith(10);
    for (let index = 0; index < 20; index++) await openTestCase(context, 'invoice', at(index));
    // The one-agent path, counted: a round that fell back to it agent by agent would show here.
    let alone = 0;
    const oneByOne = { db, signal: notifyInTransaction(), policy: context.policy };
    const rounds = new PickupRounds(context, 'customer_service', 30, 10, (_context, tier, agentId, now) => {
      alone += 1;
      return pickNextCase(oneByOne, tier, agentId, now);
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, agent) => rounds.pick(`agent-${agent}`, at(MINUTE))),
    );
    expect(alone).toBe(1);
    const refs = results.map((result) => (result.ok ? result.stored.case.ref : result.error.code));
    expect(new Set(refs).size).toBe(12);
    expect(await tally()).toEqual({ queued: 8, assigned: 12, claims: 0, picked_events: 12, doubly: 0 });
  }, 30_000);

  it('an agent at the limit is refused while the others in the same moment get cases, and the case stays queued', async () => {
    const context = contextWith(1);
    for (let index = 0; index < 4; index++) await openTestCase(context, 'login', at(index * MINUTE));
    const first = await pickNextCase(context, 'customer_service', 'busy-agent', at(10 * MINUTE));
    expect(first.ok).toBe(true);
    const [busy, free1, free2] = await Promise.all(
      ['busy-agent', 'free-1', 'free-2'].map((agent) =>
        pickNextCase(context, 'customer_service', agent, at(11 * MINUTE)),
      ),
    );
    expect(!busy!.ok && busy!.error.code).toBe('agent_at_capacity');
    expect(free1!.ok && free2!.ok && free1!.stored.case.ref !== free2!.stored.case.ref).toBe(true);
    expect(await tally()).toEqual({ queued: 1, assigned: 3, claims: 0, picked_events: 3, doubly: 0 });
  }, 30_000);

  it('one agent clicking many times among others: the agent gets no more than the limit, nobody shares a case', async () => {
    const context = contextWith(2);
    for (let index = 0; index < 20; index++) await openTestCase(context, 'invoice', at(index));
    const asks = [
      ...Array.from({ length: 6 }, () => 'eager'),
      ...Array.from({ length: 6 }, (_, index) => `calm-${index}`),
    ];
    const results = await Promise.all(
      asks.map((agent) => pickNextCase(context, 'customer_service', agent, at(5 * MINUTE))),
    );
    const eager = results.slice(0, 6);
    expect(eager.filter((result) => result.ok)).toHaveLength(2);
    expect(eager.filter((result) => !result.ok && result.error.code === 'agent_at_capacity')).toHaveLength(4);
    const refs = results.flatMap((result) => (result.ok ? [result.stored.case.ref] : []));
    expect(new Set(refs).size).toBe(8);
    expect(await tally()).toEqual({ queued: 12, assigned: 8, claims: 0, picked_events: 8, doubly: 0 });
  }, 30_000);

  it('a consumer withdrawing a case while agents are served: the writes are serialised, never lost or mixed', async () => {
    const context = contextWith(10);
    const withdrawn = await openTestCase(context, 'invoice', at(0));
    const next = await openTestCase(context, 'invoice', at(MINUTE));
    // The consumer's side closes the oldest case while two agents are being served: whoever
    // claimed it must not assign a resolved case; both agents end up with queued cases only.
    const [a, b] = await Promise.all([
      pickNextCase(context, 'customer_service', 'agent-a', at(2 * MINUTE)),
      pickNextCase(context, 'customer_service', 'agent-b', at(2 * MINUTE)),
      runCaseCommand(
        context,
        withdrawn.case.ref,
        { type: 'withdraw', actor: { kind: 'consumer', id: 'consumer-1' } },
        at(2 * MINUTE),
      ),
    ]);
    const picked = [a, b].flatMap((result) => (result.ok ? [result.stored.case.ref] : []));
    expect(picked).toContain(next.case.ref);
    // The withdrawal and the pickups were serialised by the versions: the withdrawn case was either
    // picked first and withdrawn from the agent, or withdrawn and then never picked.
    const { rows } = await db.query<{ type: string }>(
      `SELECT e.type FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.ref = $1 AND e.type IN ('picked_up', 'withdrawn') ORDER BY e.id`,
      [withdrawn.case.ref],
    );
    const order = rows.map((row) => row.type);
    expect([['withdrawn'], ['picked_up', 'withdrawn']]).toContainEqual(order);
    expect(picked.includes(withdrawn.case.ref)).toBe(order[0] === 'picked_up');
    expect((await tally()).claims).toBe(0);
  }, 30_000);
});
