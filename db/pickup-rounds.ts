// Pickups in rounds: when several agents of one replica ask for the next case of a tier at the same
// time, one statement claims a case for each of them and one statement writes all their pickups,
// instead of two statements per agent. Nobody waits for a round to fill: a request that finds no
// round running starts one at once (alone, it takes the one-agent path of db/queue.ts); requests
// that arrive while a round is running form the next round. So an idle desk sees the latency it
// always had, and a busy one pays two round trips per round rather than per agent (bench:queue).
//
// Each agent still gets a case of their own: the claim statement locks rows FOR NO KEY UPDATE SKIP
// LOCKED and writes one claim per case, exactly like the one-agent claim, and the write is
// versioned per case. One agent appears at most once in a round (a second click waits for the next
// round), and an agent at the open-case limit is left to the one-agent path, which refuses them.
import { decide, DEFAULT_POLICY, type Decided, type Tier } from '../routing/index.ts';
import { Case } from '../routing/index.ts';
import { CLAIM_UNLESS_LIVE, claimGaveUp, MAX_CLAIM_ATTEMPTS, QUEUE_ORDER, QUEUED_UNCLAIMED_AT_TIER } from './claims.ts';
import { disputeChanged, type DecisionContext } from './decisions.ts';
import type { PickResult } from './queue.ts';
import { fitsUpdateMany, updateManyStatement, type ClaimedWrite } from './write-decision.ts';

/** The one-agent pickup of db/queue.ts, for rounds of one and for what a round leaves to it. */
export type PickAlone = (context: DecisionContext, tier: Tier, agentId: string, now: Date) => Promise<PickResult>;

/** At most this many agents in one round. */
const MAX_ROUND = 64;
/**
 * Rounds of one tier running at once. One: the next round forms while this one runs. Two overlapped
 * the waits but halved the rounds (bench:queue, 10,000 cases, same hour: one 6,187 pickups/s at
 * 0.09 + 0.17 ms CPU per pickup, two 3,328/s at 0.16 + 0.34 ms).
 */
const ROUNDS_IN_FLIGHT = 1;

// The agents' open-case counts first, each under the agent's lock, taken in agent order so that
// two rounds on two replicas cannot wait on each other; then as many queued cases as there are
// agents under their limit, in queue order, each paired with one agent and claimed for them.
const CLAIM_NEXT_CASES = `
  WITH agents AS MATERIALIZED (
    SELECT a.agent, a.n, ombud_lock_agent_open_cases(a.agent, $3) AS held,
           set_config('synchronous_commit', 'off', true) AS commit_mode -- as the one-agent claim (db/queue.ts)
      FROM unnest($2::text[]) WITH ORDINALITY AS a(agent, n)
     ORDER BY a.agent
  ),
  eligible AS MATERIALIZED (
    SELECT agent, row_number() OVER (ORDER BY n) AS slot FROM agents WHERE $3::int IS NULL OR held < $3::int
  ),
  next AS (
    SELECT q.id, q.version, q.state, row_number() OVER (ORDER BY q.priority, q.queued_at, q.id) AS slot
      FROM (SELECT c.id, c.version, c.state, c.priority, c.queued_at FROM cases c
             WHERE ${QUEUED_UNCLAIMED_AT_TIER}
             ORDER BY ${QUEUE_ORDER}
             LIMIT (SELECT count(*) FROM eligible)
               FOR NO KEY UPDATE OF c SKIP LOCKED) q
  ),
  claimed AS (
    INSERT INTO case_claims (case_id, agent, until)
    SELECT next.id, eligible.agent, clock_timestamp() + make_interval(secs => $4)
      FROM next JOIN eligible ON eligible.slot = next.slot
    ${CLAIM_UNLESS_LIVE}
    RETURNING case_id
  )
  SELECT agents.agent, agents.held, eligible.slot IS NOT NULL AS eligible, next.id, next.version, next.state,
         claimed.case_id IS NOT NULL AS won
    FROM agents
    LEFT JOIN eligible ON eligible.agent = agents.agent
    LEFT JOIN next ON next.slot = eligible.slot
    LEFT JOIN claimed ON claimed.case_id = next.id`;

const DROP_CLAIMS = 'DELETE FROM case_claims WHERE case_id = ANY($1::bigint[])';

interface Request {
  agentId: string;
  now: Date;
  attempts: number;
  resolve: (outcome: PickResult) => void;
  reject: (error: unknown) => void;
}

interface ClaimRow {
  agent: string;
  held: number;
  eligible: boolean;
  id: number | null;
  version: number;
  state: unknown;
  won: boolean;
}

export class PickupRounds {
  private waiting: Request[] = [];
  private running = 0;

  constructor(
    readonly context: DecisionContext,
    private readonly tier: Tier,
    private readonly leaseSeconds: number,
    private readonly cap: number | null,
    private readonly alone: PickAlone,
  ) {}

  pick(agentId: string, now: Date): Promise<PickResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ agentId, now, attempts: 0, resolve, reject });
      if (this.running < ROUNDS_IN_FLIGHT) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running += 1;
    try {
      while (this.waiting.length > 0) {
        const round = this.takeRound();
        if (round.length === 1) await this.one(round[0]!);
        else await this.many(round).catch((error) => round.forEach((request) => request.reject(error)));
      }
    } finally {
      this.running -= 1;
    }
  }

  /** The waiting requests of distinct agents, oldest first; the rest wait for the next round. */
  private takeRound(): Request[] {
    const round: Request[] = [];
    const agents = new Set<string>();
    const later: Request[] = [];
    for (const request of this.waiting) {
      if (round.length < MAX_ROUND && !agents.has(request.agentId)) {
        agents.add(request.agentId);
        round.push(request);
      } else later.push(request);
    }
    this.waiting = later;
    return round;
  }

  private async one(request: Request): Promise<void> {
    try {
      request.resolve(await this.alone(this.context, this.tier, request.agentId, request.now));
    } catch (error) {
      request.reject(error);
    }
  }

  private async many(round: Request[]): Promise<void> {
    const { db, signal } = this.context;
    const policy = this.context.policy ?? DEFAULT_POLICY;
    const { rows } = await db.query<ClaimRow>(
      CLAIM_NEXT_CASES,
      [this.tier, round.map((request) => request.agentId), this.cap, this.leaseSeconds],
      { name: 'ombud_claim_next_cases' },
    );
    const byAgent = new Map(rows.map((row) => [row.agent, row]));
    const writes: (ClaimedWrite & { request: Request; decided: Decided })[] = [];
    const dropped: number[] = [];
    const retry: Request[] = [];
    const alone: Request[] = [];
    for (const request of round) {
      const row = byAgent.get(request.agentId)!;
      if (!row.eligible)
        alone.push(request); // at the limit: the one-agent path says so
      else if (row.id === null)
        request.resolve({ ok: false, error: { code: 'queue_empty', message: `The ${this.tier} queue is empty.` } });
      else if (!row.won)
        retry.push(request); // another claimer's live claim: claim again
      else {
        const before = { id: Number(row.id), version: row.version };
        const current = Case.parse(row.state);
        const decision = decide(
          current,
          {
            type: 'pick_up',
            actor: { kind: 'agent', id: request.agentId, tier: this.tier },
            openCasesHeld: this.cap === null ? undefined : Number(row.held),
          },
          request.now,
          policy,
        );
        if (!decision.ok) {
          dropped.push(before.id);
          request.resolve(decision);
        } else if (
          !fitsUpdateMany({
            timers: decision.timers,
            disputeChanged: disputeChanged(current, decision.case),
            events: decision.events,
          })
        ) {
          // The round's one write carries rows, events and claims only (a pickup never needs
          // more); should one ever set a timer, touch its dispute or send an event out, it takes the whole path.
          dropped.push(before.id);
          alone.push(request);
        } else
          writes.push({
            before,
            case: decision.case,
            events: decision.events,
            at: request.now,
            request,
            decided: decision,
          });
      }
    }
    if (writes.length > 0) {
      const statement = updateManyStatement(writes);
      const { rows: written } = await db.query<{ id: number; version: number }>(statement.text, statement.values, {
        name: statement.name,
      });
      const versionOf = new Map(written.map((row) => [Number(row.id), row.version]));
      for (const write of writes) {
        const version = versionOf.get(write.before.id);
        if (version === undefined) {
          // Changed between claim and write (a consumer withdrew, a timer fired): claim again.
          dropped.push(write.before.id);
          retry.push(write.request);
          continue;
        }
        signal.afterCommit(write.before.id);
        write.request.resolve({
          ok: true,
          stored: { id: write.before.id, version, case: write.case },
          decided: write.decided,
        });
      }
    }
    if (dropped.length > 0) await db.query(DROP_CLAIMS, [dropped], { name: 'ombud_drop_claims' });
    for (const request of alone) await this.one(request);
    for (const request of retry) {
      request.attempts += 1;
      if (request.attempts >= MAX_CLAIM_ATTEMPTS) request.reject(claimGaveUp(this.tier, request.attempts));
      else this.waiting.unshift(request);
    }
  }
}
