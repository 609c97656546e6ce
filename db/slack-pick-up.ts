// Picking up one named case (a card's Pick up button), with the agent limit that `/cases next`
// keeps (db/queue.ts): the agent's open cases are counted the same way, under the same per-agent
// lock, so two clicks of one agent on two cards cannot both pass the limit; the case row is locked
// while the pickup is decided and written, so two agents never both get it. One transaction:
// a click is one agent's one case, not the queue's hot path that pickNextCase is tuned for.
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
    // The agent's open cases (held, and claimed this moment by `/cases next`) counted by
    // ombud_lock_agent_open_cases (migration 0007), which takes the per-agent lock first and counts
    // with a fresh snapshot, so two clicks of one agent, or a click and a `/cases next`, take turns.
    // In a statement of its own: a statement that waited for the lock and counted in its own
    // snapshot would not see the previous holder's pickup (tried: on PostgreSQL both clicks passed).
    const cap = Number.isFinite(policy.maxOpenCasesPerAgent)
      ? Math.min(policy.maxOpenCasesPerAgent, 2 ** 31 - 1)
      : null;
    const counted = await tx.query<{ held: number }>('SELECT ombud_lock_agent_open_cases($1, $2) AS held', [
      agent.id,
      cap,
    ]);
    const held = Number(counted.rows[0]?.held ?? 0);
    const { rows } = await tx.query<{ id: number; version: number; state: unknown }>(
      'SELECT c.id, c.version, c.state FROM cases c WHERE c.ref = $1 FOR UPDATE',
      [ref],
    );
    const row = rows[0];
    if (!row)
      return { ok: false, error: { code: 'case_not_found', message: `There is no case ${ref}.` } as RoutingError };
    const before: StoredCase = { id: Number(row.id), version: row.version, case: Case.parse(row.state) };
    const decision = decide(
      before.case,
      {
        type: 'pick_up',
        actor: { kind: 'agent', id: agent.id, tier: agent.tier },
        ...(cap === null ? {} : { openCasesHeld: held }),
      },
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
