// Many writers on one case at once (an agent's burst of replies, on several replicas): the
// optimistic version check refuses all but one write a round; a command that keeps losing waits
// its turn on the case's row lock, so none is dropped and none is written twice.
import { expect, it } from 'vitest';
import { caseEvents, findCaseById, runCaseCommand } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, MINUTE, openTestCase } from './support.ts';

const WRITERS = 20;

describeEachDriver('commands racing on one case', (current) => {
  it(`${WRITERS} replies by the holder at once are each decided and written once`, async () => {
    const context = contextFor(current().db);
    const stored = await openTestCase(context, 'invoice', at(0), 'consumer-contention');
    const agent = { kind: 'agent', id: 'u-anna', tier: 'customer_service' } as const;
    const picked = await runCaseCommand(context, stored.case.ref, { type: 'pick_up', actor: agent }, at(MINUTE));
    expect(picked.ok).toBe(true);
    const before = (await caseEvents(current().db, stored.id)).length;
    const version = (await findCaseById(current().db, stored.id))!.version;

    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, index) =>
        runCaseCommand(context, stored.case.ref, { type: 'reply', actor: agent }, at(2 * MINUTE + index)),
      ),
    );
    expect(results.map((result) => result.ok)).toEqual(results.map(() => true));
    const after = await findCaseById(current().db, stored.id);
    expect(after!.version).toBe(version + WRITERS);
    expect(after!.case.status).toBe('assigned');
    const events = (await caseEvents(current().db, stored.id)).slice(before);
    expect(events.filter((event) => event.type === 'agent_replied')).toHaveLength(WRITERS);
    expect(events.filter((event) => event.type === 'first_response')).toHaveLength(1);
  });
});

describeEachDriver('a command whose write PostgreSQL gives up over a lock conflict', (current) => {
  // A deadlock with another writer (the sweeper, the rating request) aborts the statement and
  // writes nothing; the command is decided again on the current version instead of failing.
  for (const code of ['40P01', '40001']) {
    it(`is decided again after ${code} and written once`, async () => {
      const real = current().db;
      const context = contextFor(real);
      const stored = await openTestCase(context, 'invoice', at(0), `consumer-conflict-${code}`);
      let conflicts = 0;
      // The first write of a case is refused as PostgreSQL refuses the loser of a deadlock.
      const refusingOnce = <Q extends object>(q: Q): Q =>
        new Proxy(q, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver) as unknown;
            if (property === 'transaction') {
              return (work: (tx: object) => Promise<unknown>) =>
                (value as (w: typeof work) => Promise<unknown>).call(target, (tx) => work(refusingOnce(tx)));
            }
            if (property !== 'query')
              return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
            return async (sql: string, ...rest: unknown[]) => {
              if (conflicts === 0 && /UPDATE cases/.test(sql)) {
                conflicts++;
                throw Object.assign(new Error('deadlock detected'), { code });
              }
              return (value as (...a: unknown[]) => Promise<unknown>).call(target, sql, ...rest);
            };
          },
        });
      const flaky = refusingOnce(real);
      const agent = { kind: 'agent', id: 'u-anna', tier: 'customer_service' } as const;
      const picked = await runCaseCommand(
        { ...context, db: flaky },
        stored.case.ref,
        { type: 'pick_up', actor: agent },
        at(MINUTE),
      );
      expect(conflicts).toBe(1);
      expect(picked.ok).toBe(true);
      const after = await findCaseById(real, stored.id);
      expect(after!.case.assignee).toBe('u-anna');
      expect((await caseEvents(real, stored.id)).filter((event) => event.type === 'picked_up')).toHaveLength(1);
    });
  }
});
