// Picking up one named case (a card's Pick up button), with the agent limit that `/cases next`
// keeps (db/queue.ts): the agent's open cases are counted under the same per-agent advisory lock
// (the same key, so a click and a `/cases next` of one agent take turns too),
// so two clicks of one agent on two cards cannot both pass the limit, and the case row is locked
// while the pickup is decided and written, so two agents never both get it.
// (It sits beside pickNextCase in spirit; kept here because this module belongs to the desk.)
import { Case, decide, DEFAULT_POLICY, type RoutingError, type Tier } from '../routing/index.ts';
import type { StoredCase } from './cases.ts';
import { commitDecision, type CommandResult, type DecisionContext } from './decisions.ts';

export async function pickUpCase(
  context: DecisionContext,
  ref: string,
  agent: { id: string; tier: Tier },
  now: Date,
): Promise<CommandResult> {
  const policy = context.policy ?? DEFAULT_POLICY;
  const result = await context.db.transaction(async (tx): Promise<CommandResult> => {
    // The lock in a statement of its own: under READ COMMITTED a statement reads the snapshot
    // taken when it starts, so a count in the statement that waited for the lock would not see
    // the pickup that the lock's previous holder committed (tried: on PostgreSQL both clicks
    // passed). The next statement starts after the lock is held and sees it.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ombud:agent:' || $1))`, [agent.id]);
    const { rows } = await tx.query<{ id: number; version: number; state: unknown; held: number }>(
      `SELECT c.id, c.version, c.state,
              (SELECT count(*)::int FROM cases WHERE assignee = $2 AND status <> 'resolved') AS held
         FROM cases c
        WHERE c.ref = $1
        FOR UPDATE`,
      [ref, agent.id],
    );
    const row = rows[0];
    if (!row) return { ok: false, error: { code: 'case_not_found', message: `There is no case ${ref}.` } as RoutingError };
    const before: StoredCase = { id: Number(row.id), version: row.version, case: Case.parse(row.state) };
    const decision = decide(
      before.case,
      { type: 'pick_up', actor: { kind: 'agent', id: agent.id, tier: agent.tier }, openCasesHeld: row.held },
      now,
      policy,
    );
    if (!decision.ok) return decision;
    const stored = await commitDecision(tx, context.signal, before, decision, now);
    return { ok: true, stored, decided: decision };
  });
  if (result.ok) context.signal.afterCommit(result.stored.id);
  return result;
}
