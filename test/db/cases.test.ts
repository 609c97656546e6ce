import { expect, it } from 'vitest';
import {
  caseEvents,
  CASE_CHANNEL,
  coalescedNotify,
  findCaseByRef,
  parseCaseSignal,
  pendingTimers,
  runCaseCommand,
  StaleCaseError,
} from '../../db/index.ts';
import { commitDecision, notifyInTransaction } from '../../db/index.ts';
import { decide } from '../../routing/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, MINUTE, openTestCase, T0 } from './support.ts';

describeEachDriver('cases in the database', (current) => {
  it('an unrecognised purchase is stored in investigation, high priority, invoice paused, with its events, dispute row and first-response timer', async () => {
    const context = contextFor(current().db);
    const stored = await openTestCase(context, 'unrecognized_purchase');
    expect(stored.case.ref).toMatch(/^OMB-[0-9A-HJKMNP-TV-Z]{8}$/);
    const { rows } = await current().db.query<Record<string, unknown>>(
      'SELECT tier, status, priority, invoice_state, version FROM cases WHERE id = $1',
      [stored.id],
    );
    expect(rows[0]).toEqual({
      tier: 'investigation',
      status: 'queued',
      priority: 1,
      invoice_state: 'paused',
      version: 1,
    });
    const events = await caseEvents(current().db, stored.id);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.actor === 'bot')).toBe(true);
    const dispute = await current().db.query<Record<string, unknown>>(
      'SELECT kind, merchant_name, amount_minor, currency, window_ends_at FROM disputes WHERE case_id = $1',
      [stored.id],
    );
    expect(dispute.rows).toEqual([
      {
        kind: 'unrecognized_purchase',
        merchant_name: 'Zalando',
        amount_minor: 129_900,
        currency: 'SEK',
        window_ends_at: null,
      },
    ]);
    expect((await pendingTimers(current().db, stored.id)).map((timer) => timer.kind)).toEqual(['sla_first_response']);
  });

  it('the stored case reads back equal to what routing decided', async () => {
    const context = contextFor(current().db);
    const stored = await openTestCase(context, 'invoice');
    const read = await findCaseByRef(current().db, stored.case.ref);
    expect(read).toEqual(stored);
  });

  it('a stale write is refused and changes nothing: the version guards the row', async () => {
    const context = contextFor(current().db);
    const stored = await openTestCase(context, 'invoice');
    const agentA = { kind: 'agent', id: 'agent-a', tier: 'customer_service' } as const;
    const agentB = { kind: 'agent', id: 'agent-b', tier: 'customer_service' } as const;
    // Both decide on version 1; A writes first.
    const byA = decide(stored.case, { type: 'pick_up', actor: agentA }, at(MINUTE));
    const byB = decide(stored.case, { type: 'pick_up', actor: agentB }, at(MINUTE));
    if (!byA.ok || !byB.ok) throw new Error('both pickups are legal on version 1');
    const signal = notifyInTransaction();
    await current().db.transaction((tx) => commitDecision(tx, signal, stored, byA, at(MINUTE)));
    const eventsBefore = await caseEvents(current().db, stored.id);
    await expect(
      current().db.transaction((tx) => commitDecision(tx, signal, stored, byB, at(2 * MINUTE))),
    ).rejects.toBeInstanceOf(StaleCaseError);
    const read = await findCaseByRef(current().db, stored.case.ref);
    expect(read?.version).toBe(2);
    expect(read?.case.assignee).toBe('agent-a');
    expect(await caseEvents(current().db, stored.id)).toEqual(eventsBefore);
  });

  it('two agents picking up one case by reference at once: one gets it, the other is refused, nothing is lost', async () => {
    const context = contextFor(current().db);
    const stored = await openTestCase(context, 'login');
    const results = await Promise.all(
      ['agent-a', 'agent-b'].map((id) =>
        runCaseCommand(
          context,
          stored.case.ref,
          { type: 'pick_up', actor: { kind: 'agent', id, tier: 'customer_service' } },
          at(MINUTE),
        ),
      ),
    );
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    const loser = results.find((result) => !result.ok);
    expect(loser && !loser.ok && loser.error.code).toMatch(/illegal_move|case_with_human/);
    const read = await findCaseByRef(current().db, stored.case.ref);
    expect(read?.case.assignee).toBe(winners[0]!.ok ? winners[0]!.stored.case.assignee : undefined);
    const pickups = (await caseEvents(current().db, stored.id)).filter((event) => event.type === 'picked_up');
    expect(pickups).toHaveLength(1);
  });

  it('a refused command writes nothing', async () => {
    const context = contextFor(current().db);
    const stored = await openTestCase(context, 'invoice');
    const before = await caseEvents(current().db, stored.id);
    const result = await runCaseCommand(
      context,
      stored.case.ref,
      {
        type: 'request_ombudsman',
        actor: { kind: 'consumer', id: 'consumer-1' },
        statement: 'unfair',
        desiredOutcome: 'refund',
      },
      at(MINUTE),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('not_eligible_no_final_statement');
    expect(await caseEvents(current().db, stored.id)).toEqual(before);
    expect((await findCaseByRef(current().db, stored.case.ref))?.version).toBe(1);
  });

  it('every case change is signalled on the case channel, in either shape', async () => {
    const db = current().db;
    const received: number[] = [];
    const unlisten = await db.listen(CASE_CHANNEL, (payload) => received.push(...parseCaseSignal(payload)));
    try {
      const inTx = await openTestCase(contextFor(db), 'invoice');
      const coalesced = { db, signal: coalescedNotify(db, { intervalMs: 5 }) };
      const second = await openTestCase(coalesced, 'login');
      await runCaseCommand(
        coalesced,
        second.case.ref,
        { type: 'pick_up', actor: { kind: 'agent', id: 'a', tier: 'customer_service' } },
        at(MINUTE),
      );
      await coalesced.signal.flush();
      const deadline = Date.now() + 3_000;
      while (!(received.includes(inTx.id) && received.includes(second.id)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(received).toContain(inTx.id);
      expect(received).toContain(second.id);
    } finally {
      await unlisten();
    }
  });

  it('unknown references are refused with case_not_found', async () => {
    const result = await runCaseCommand(
      contextFor(current().db),
      'OMB-NOPE0000',
      { type: 'release', actor: { kind: 'agent', id: 'a', tier: 'customer_service' } },
      T0,
    );
    expect(!result.ok && result.error.code).toBe('case_not_found');
  });
});
