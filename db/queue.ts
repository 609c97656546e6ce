// Per-tier queues over the cases table: pick the next case, and the queue views.
import {
  decide,
  DEFAULT_POLICY,
  TIERS,
  type Decided,
  type Policy,
  type RoutingError,
  type Tier,
} from '../routing/index.ts';
import { Case } from '../routing/index.ts';
import { StaleCaseError, type StoredCase } from './cases.ts';
import {
  CLAIM_UNLESS_LIVE,
  claimGaveUp,
  LEASE_SECONDS,
  MAX_CLAIM_ATTEMPTS,
  QUEUE_ORDER,
  QUEUED_UNCLAIMED_AT_TIER,
} from './claims.ts';
import { commitAlone, type DecisionContext } from './decisions.ts';
import type { Queryable } from './driver.ts';
import { PickupRounds } from './pickup-rounds.ts';

export type PickResult =
  | { ok: true; stored: StoredCase; decided: Decided }
  | { ok: false; error: RoutingError | { code: 'queue_empty'; message: string } };

// Claims the next queued case of a tier for an agent: highest priority first, then the longest
// waiting, skipping cases under another live claim. FOR NO KEY UPDATE SKIP LOCKED makes
// concurrent claimers (agents, replicas) each take a different row without waiting on each other
// (NO KEY: the lock does not block the foreign-key checks of rows that reference the case); the
// claim row written here keeps the case theirs after this statement commits. A claimer whose
// statement began before another's claim committed can still reach the same case; its insert then
// meets the live claim and writes nothing (won = false) and it claims again. The agent's open
// cases are counted by ombud_lock_agent_open_cases (migration 0007), which also serialises one
// agent's concurrent claims. One row always comes back, with a null id when the queue is empty.
//
// The claim commits without waiting for its WAL to reach the disk (synchronous_commit off for
// this statement's transaction only): a claim is worth nothing after a crash anyway (its table is
// unlogged, its row lock gone), and the decision written next commits durably, flushing this
// too. On the reference machine a durable commit waited 2.5 ms for the disk under load, an
// asynchronous one 0.2 ms.
const CLAIM_NEXT_CASE = `
  WITH agent AS MATERIALIZED (
    SELECT ombud_lock_agent_open_cases($2, $4) AS held, set_config('synchronous_commit', 'off', true) AS commit_mode
  ),
  next AS (
    SELECT c.id, c.version, c.state FROM cases c
     WHERE ${QUEUED_UNCLAIMED_AT_TIER}
     ORDER BY ${QUEUE_ORDER}
     LIMIT 1
       FOR NO KEY UPDATE OF c SKIP LOCKED
  ),
  claimed AS (
    INSERT INTO case_claims (case_id, agent, until)
    SELECT next.id, $2, clock_timestamp() + make_interval(secs => $3) FROM next, agent
    ${CLAIM_UNLESS_LIVE}
    RETURNING case_id
  )
  SELECT agent.held, next.id, next.version, next.state, claimed.case_id IS NOT NULL AS won
    FROM agent LEFT JOIN next ON true LEFT JOIN claimed ON true`;

const DROP_CLAIM = 'DELETE FROM case_claims WHERE case_id = $1 AND agent = $2';

/** The open-case cap as the claim statement takes it: null when the policy sets none (Infinity). */
function capOf(policy: Policy): number | null {
  return Number.isFinite(policy.maxOpenCasesPerAgent) ? Math.min(policy.maxOpenCasesPerAgent, 2 ** 31 - 1) : null;
}

/**
 * Gives `agentId` the next queued case of `tier`, through routing's pick_up (which enforces the
 * agent's open-case limit). Alone: two statements, no transaction: claim (above), then the
 * decision's one-statement write with the version the claim read (bench:queue, 32 agents: 2,765
 * pickups/s against 4 round trips' BEGIN, lock, write, COMMIT; the round trips were the cost).
 * On PostgreSQL, agents asking at the same moment are served in rounds (db/pickup-rounds.ts).
 */
export async function pickNextCase(
  context: DecisionContext,
  tier: Tier,
  agentId: string,
  now: Date,
): Promise<PickResult> {
  // Rounds need concurrent connections and a signal sent after commit: PostgreSQL's. PGlite has
  // one connection, so a round would only queue what it queues anyway.
  if (context.db.kind !== 'postgres' || context.signal.needsTransaction) return pickAlone(context, tier, agentId, now);
  return roundsFor(context, tier).pick(agentId, now);
}

const rounds = new WeakMap<DecisionContext['db'], Map<Tier, PickupRounds>>();

/** This process's pickup rounds for a tier of a database; callers with another signal or policy get their own. */
function roundsFor(context: DecisionContext, tier: Tier): PickupRounds {
  let byTier = rounds.get(context.db);
  if (!byTier) rounds.set(context.db, (byTier = new Map()));
  const existing = byTier.get(tier);
  if (existing && existing.context.signal === context.signal && existing.context.policy === context.policy)
    return existing;
  const created = new PickupRounds(context, tier, LEASE_SECONDS, capOf(context.policy ?? DEFAULT_POLICY), pickAlone);
  if (!existing) byTier.set(tier, created);
  return created;
}

/** One agent's pickup: claim, decide, write. */
async function pickAlone(context: DecisionContext, tier: Tier, agentId: string, now: Date): Promise<PickResult> {
  const policy = context.policy ?? DEFAULT_POLICY;
  for (let attempt = 1; ; attempt++) {
    const { rows } = await context.db.query<{
      held: number;
      id: number | null;
      version: number;
      state: unknown;
      won: boolean;
    }>(CLAIM_NEXT_CASE, [tier, agentId, LEASE_SECONDS, capOf(policy)], { name: 'ombud_claim_next_case' });
    const row = rows[0]!;
    if (row.id === null) return { ok: false, error: { code: 'queue_empty', message: `The ${tier} queue is empty.` } };
    if (!row.won) {
      if (attempt >= MAX_CLAIM_ATTEMPTS) throw claimGaveUp(tier, attempt);
      continue;
    }
    const before: StoredCase = { id: Number(row.id), version: row.version, case: Case.parse(row.state) };
    const decision = decide(
      before.case,
      {
        type: 'pick_up',
        actor: { kind: 'agent', id: agentId, tier },
        openCasesHeld: capOf(policy) === null ? undefined : Number(row.held),
      },
      now,
      policy,
    );
    if (!decision.ok) {
      await context.db.query(DROP_CLAIM, [before.id, agentId], { name: 'ombud_drop_claim' });
      return decision;
    }
    try {
      const stored = await commitAlone(context, before, decision, now, { dropClaim: true });
      context.signal.afterCommit(stored.id);
      return { ok: true, stored, decided: decision };
    } catch (error) {
      // Someone changed the case between claim and write (a consumer withdrew, a timer fired):
      // the write wrote nothing, so drop the claim and claim again.
      if (!(error instanceof StaleCaseError)) throw error;
      await context.db.query(DROP_CLAIM, [before.id, agentId], { name: 'ombud_drop_claim' });
      if (attempt >= MAX_CLAIM_ATTEMPTS) throw error;
    }
  }
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
      oldestWaitSeconds: row?.oldest
        ? Math.max(0, Math.round((now.getTime() - new Date(row.oldest).getTime()) / 1000))
        : 0,
      breached: row?.breached ?? 0,
      nearBreach: row?.near ?? 0,
      assigned: row?.assigned ?? 0,
      awaiting: row?.awaiting ?? 0,
    };
  });
}

/**
 * How many open cases there are in each tier and status, for /metrics. Resolved cases are left
 * out: they only grow, and counting them on every scrape read the whole table. Open cases are
 * found through the partial index cases_assignee_open_idx (WHERE status <> 'resolved'): at 300,000
 * cases of which 3,000 open, 3.8 ms instead of 38.6 ms for the whole-table count (EXPLAIN ANALYZE,
 * PostgreSQL 15, this machine).
 */
export async function caseCounts(q: Queryable): Promise<{ tier: Tier; status: string; count: number }[]> {
  const { rows } = await q.query<{ tier: Tier; status: string; count: number }>(
    `SELECT tier, status, count(*)::int AS count FROM cases WHERE status <> 'resolved' GROUP BY tier, status ORDER BY tier, status`,
  );
  return rows;
}
