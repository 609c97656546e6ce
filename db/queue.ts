// Per-tier queues over the cases table: pick the next case, and the queue views.
import { decide, DEFAULT_POLICY, TIERS, type Decided, type Policy, type RoutingError, type Tier } from '../routing/index.ts';
import { Case } from '../routing/index.ts';
import type { StoredCase } from './cases.ts';
import { commitDecision, type DecisionContext } from './decisions.ts';

export type PickResult =
  | { ok: true; stored: StoredCase; decided: Decided }
  | { ok: false; error: RoutingError | { code: 'queue_empty'; message: string } };

/**
 * Gives `agentId` the next queued case of `tier`: highest priority first, then the longest
 * waiting. FOR UPDATE SKIP LOCKED makes concurrent pickers (agents, replicas) each take a
 * different row without waiting on each other; the row stays locked until the pickup commits,
 * so two agents never get one case. The agent's open cases are counted under a per-agent
 * advisory lock, so two clicks of one agent cannot both pass the limit.
 */
export async function pickNextCase(context: DecisionContext, tier: Tier, agentId: string, now: Date): Promise<PickResult> {
  const policy = context.policy ?? DEFAULT_POLICY;
  const result = await context.db.transaction(async (tx): Promise<PickResult> => {
    // The per-agent advisory lock is taken (CTE, joined first) before the agent's open cases are
    // counted, so two clicks of one agent cannot both pass the limit; one round trip for all three.
    const { rows } = await tx.query<{ id: number; version: number; state: unknown; held: number }>(
      `WITH agent_lock AS (SELECT pg_advisory_xact_lock(hashtext('ombud:agent:' || $2)))
       SELECT c.id, c.version, c.state,
              (SELECT count(*)::int FROM cases WHERE assignee = $2 AND status <> 'resolved') AS held
         FROM agent_lock, cases c
        WHERE c.tier = $1 AND c.status = 'queued'
        ORDER BY c.priority, c.queued_at, c.id
        LIMIT 1
        FOR UPDATE OF c SKIP LOCKED`,
      [tier, agentId],
      { name: 'ombud_pick_next_case' },
    );
    const row = rows[0];
    if (!row) return { ok: false, error: { code: 'queue_empty', message: `The ${tier} queue is empty.` } };
    const before: StoredCase = { id: row.id, version: row.version, case: Case.parse(row.state) };
    const decision = decide(
      before.case,
      { type: 'pick_up', actor: { kind: 'agent', id: agentId, tier }, openCasesHeld: row.held },
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

export interface QueueView {
  tier: Tier;
  /** Cases waiting for an agent. */
  depth: number;
  /** How long the longest-waiting case has waited, in seconds (0 when empty). */
  oldestWaitSeconds: number;
  /** Queued cases past their first-response target, and within its last share (near breach). */
  breached: number;
  nearBreach: number;
  /** Cases held by agents, and waiting on a consumer or merchant. */
  assigned: number;
  awaiting: number;
}

export async function queueViews(context: Pick<DecisionContext, 'db' | 'policy'>, now: Date): Promise<QueueView[]> {
  const policy = context.policy ?? DEFAULT_POLICY;
  const { rows } = await context.db.query<{
    tier: Tier;
    depth: number;
    oldest: Date | null;
    breached: number;
    near: number;
    assigned: number;
    awaiting: number;
  }>(
    `SELECT tier,
            count(*) FILTER (WHERE status = 'queued')::int AS depth,
            min(queued_at) FILTER (WHERE status = 'queued') AS oldest,
            count(*) FILTER (WHERE status = 'queued' AND first_response_at IS NULL AND first_response_due_at <= $1)::int AS breached,
            count(*) FILTER (WHERE status = 'queued' AND first_response_at IS NULL AND first_response_due_at > $1
                               AND first_response_due_at <= $1::timestamptz + make_interval(secs => $2 * extract(epoch FROM first_response_due_at - queued_at)))::int AS near,
            count(*) FILTER (WHERE status = 'assigned')::int AS assigned,
            count(*) FILTER (WHERE status IN ('awaiting_consumer', 'awaiting_merchant'))::int AS awaiting
       FROM cases
      WHERE status <> 'resolved'
      GROUP BY tier`,
    [now, policy.nearBreachShare],
  );
  const byTier = new Map(rows.map((row) => [row.tier, row]));
  return TIERS.map((tier) => {
    const row = byTier.get(tier);
    return {
      tier,
      depth: row?.depth ?? 0,
      oldestWaitSeconds: row?.oldest ? Math.max(0, Math.round((now.getTime() - new Date(row.oldest).getTime()) / 1000)) : 0,
      breached: row?.breached ?? 0,
      nearBreach: row?.near ?? 0,
      assigned: row?.assigned ?? 0,
      awaiting: row?.awaiting ?? 0,
    };
  });
}
