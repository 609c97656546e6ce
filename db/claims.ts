// What the two ways of picking up a case share: the one-agent claim (db/queue.ts) and the round
// that claims for several agents in one statement (db/pickup-rounds.ts). Both take queued cases
// no live claim holds, in queue order, lock them FOR NO KEY UPDATE SKIP LOCKED, and write a claim
// row that an expired claim gives way to; both give up after the same number of lost races.

/** How long a claim holds its case for the claimer to decide and write; a dead claimer's case waits this long. */
export const LEASE_SECONDS = 30;

/**
 * How often one pickup may lose its case before it gives up: to a concurrent claimer whose claim
 * committed first (the claim wrote nothing), or to a change between claim and write (a consumer
 * withdrew, a timer fired; the write wrote nothing). Each loss means another claimer made
 * progress, so the limit only stops a pickup that keeps losing to a storm of them.
 */
export const MAX_CLAIM_ATTEMPTS = 20;

/** `c` (cases) is queued at tier $1 and no live claim holds it. */
export const QUEUED_UNCLAIMED_AT_TIER = `c.tier = $1 AND c.status = 'queued'
       AND NOT EXISTS (SELECT 1 FROM case_claims k WHERE k.case_id = c.id AND k.until > clock_timestamp())`;

/** Queue order: highest priority first, then the longest waiting; the id settles ties. */
export const QUEUE_ORDER = 'c.priority, c.queued_at, c.id';

/** After `INSERT INTO case_claims (case_id, agent, until) ...`: an expired claim gives way, a live one wins (nothing written). */
export const CLAIM_UNLESS_LIVE = `ON CONFLICT (case_id) DO UPDATE SET agent = EXCLUDED.agent, until = EXCLUDED.until
     WHERE case_claims.until <= clock_timestamp()`;

/** The error a pickup that kept losing its case ends with. */
export function claimGaveUp(tier: string, attempts: number): Error {
  return new Error(`could not claim a ${tier} case after ${attempts} attempts`);
}
