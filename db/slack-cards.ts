// The slack_cards table (migrations 0004, 0005): one Slack card per case and tier. A replica claims
// the (case, tier) row before it posts, so only one posts; a claim whose poster died before saving
// the message's ts lapses after a lease and another replica posts. Each row also records what its
// card shows, as (case version, number of notes): whoever moves that forward updates the card, so
// a change is written to Slack once however many handlers and replicas see it.
import type { Tier } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

export interface CardSlot {
  channelId: string;
  /** Null while the claimant is posting. */
  messageTs: string | null;
}

/** What a card shows: the case's version and how many notes it counts. Both only grow. */
export interface CardRevision {
  version: number;
  notes: number;
}

export interface CardStore {
  /** True when this caller may post the card; otherwise the slot as it is. */
  claim(
    caseId: number,
    tier: Tier,
    channelId: string,
    now: Date,
  ): Promise<{ claimed: true } | { claimed: false; slot: CardSlot }>;
  /** `now` is the time of the claim that led to the post. */
  posted(caseId: number, tier: Tier, messageTs: string, now: Date, shown?: CardRevision): Promise<void>;
  /**
   * Takes the right to show `shown` on the posted card of (case, tier): the card's slot when it
   * showed something older (the caller updates it), undefined when it is up to date already or
   * not posted yet.
   */
  claimRevision(
    caseId: number,
    tier: Tier,
    shown: CardRevision,
  ): Promise<{ channelId: string; messageTs: string } | undefined>;
  /** Gives back a revision whose update did not reach Slack, so a later refresh tries again. */
  releaseRevision(caseId: number, tier: Tier, shown: CardRevision): Promise<void>;
  /** Gives up a claim that did not lead to a post, so the next change tries again. */
  unclaim(caseId: number, tier: Tier): Promise<void>;
  /** How long a claim without a posted message holds unless renewed (seconds). */
  readonly leaseSeconds: number;
  /**
   * Keeps this poster's claim from lapsing while it is still trying: Slack's client retries a
   * failing post for minutes, and a lapsed claim lets another replica post the same card.
   */
  renewClaim(caseId: number, tier: Tier, now: Date): Promise<void>;
  /** Every card of a case (one per tier it has been in). */
  cardsOf(caseId: number): Promise<{ tier: Tier; channelId: string; messageTs: string | null }[]>;
  /** The case whose card is the message `messageTs` of `channelId` (a thread's parent). */
  caseInThread(channelId: string, messageTs: string): Promise<{ caseId: number; ref: string; tier: Tier } | undefined>;
}

/** How long a claim without a posted message holds before another replica may post. */
export const CLAIM_LEASE_SECONDS = 30;

export function sqlCardStore(q: Queryable, options: { leaseSeconds?: number } = {}): CardStore {
  const leaseSeconds = options.leaseSeconds ?? CLAIM_LEASE_SECONDS;
  return {
    leaseSeconds,
    async renewClaim(caseId, tier, now) {
      await q.query('UPDATE slack_cards SET claimed_at = $3 WHERE case_id = $1 AND tier = $2 AND message_ts IS NULL', [
        caseId,
        tier,
        now,
      ]);
    },
    async claim(caseId, tier, channelId, now) {
      const { rows } = await q.query<{ case_id: number }>(
        `INSERT INTO slack_cards (case_id, tier, channel_id, claimed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, tier) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, channel_id = EXCLUDED.channel_id
          WHERE slack_cards.message_ts IS NULL
            AND slack_cards.claimed_at < EXCLUDED.claimed_at - make_interval(secs => $5)
         RETURNING case_id`,
        [caseId, tier, channelId, now, leaseSeconds],
      );
      if (rows.length === 1) return { claimed: true };
      const slot = await q.query<{ channel_id: string; message_ts: string | null }>(
        'SELECT channel_id, message_ts FROM slack_cards WHERE case_id = $1 AND tier = $2',
        [caseId, tier],
      );
      const row = slot.rows[0]!;
      return { claimed: false, slot: { channelId: row.channel_id, messageTs: row.message_ts } };
    },
    async posted(caseId, tier, messageTs, now, shown) {
      // claimed_at goes back to the claim's time (`now`), whatever renewals moved it to: the
      // mirror of consumer messages reads it as the moment the card was made, and a message
      // written while the post waited on Slack belongs in the thread.
      await q.query(
        `UPDATE slack_cards SET message_ts = $3, posted_at = $4, claimed_at = $4, shown_version = $5, shown_notes = $6
          WHERE case_id = $1 AND tier = $2`,
        [caseId, tier, messageTs, now, shown?.version ?? 0, shown?.notes ?? 0],
      );
    },
    async claimRevision(caseId, tier, shown) {
      // A row comparison: a newer case version wins whatever the notes; the same version with
      // more notes wins too. The row lock makes two claimants of one revision take turns, and
      // the second finds it shown.
      const { rows } = await q.query<{ channel_id: string; message_ts: string }>(
        `UPDATE slack_cards SET shown_version = $3, shown_notes = $4
          WHERE case_id = $1 AND tier = $2 AND message_ts IS NOT NULL AND (shown_version, shown_notes) < ($3::int, $4::int)
         RETURNING channel_id, message_ts`,
        [caseId, tier, shown.version, shown.notes],
      );
      const row = rows[0];
      return row ? { channelId: row.channel_id, messageTs: row.message_ts } : undefined;
    },
    async releaseRevision(caseId, tier, shown) {
      await q.query(
        `UPDATE slack_cards SET shown_version = 0, shown_notes = 0
          WHERE case_id = $1 AND tier = $2 AND shown_version = $3 AND shown_notes = $4`,
        [caseId, tier, shown.version, shown.notes],
      );
    },
    async unclaim(caseId, tier) {
      await q.query('DELETE FROM slack_cards WHERE case_id = $1 AND tier = $2 AND message_ts IS NULL', [caseId, tier]);
    },
    async cardsOf(caseId) {
      const { rows } = await q.query<{ tier: Tier; channel_id: string; message_ts: string | null }>(
        'SELECT tier, channel_id, message_ts FROM slack_cards WHERE case_id = $1',
        [caseId],
      );
      return rows.map((row) => ({ tier: row.tier, channelId: row.channel_id, messageTs: row.message_ts }));
    },
    async caseInThread(channelId, messageTs) {
      const { rows } = await q.query<{ id: number; ref: string; tier: Tier }>(
        'SELECT c.id, c.ref, s.tier FROM slack_cards s JOIN cases c ON c.id = s.case_id WHERE s.channel_id = $1 AND s.message_ts = $2',
        [channelId, messageTs],
      );
      const row = rows[0];
      return row && { caseId: Number(row.id), ref: row.ref, tier: row.tier };
    },
  };
}

/** The newest case event's id (0 when none): where a catch-up scan starts counting from. */
export async function newestCaseEventId(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ id: number | null }>('SELECT max(id) AS id FROM case_events');
  return Number(rows[0]?.id ?? 0);
}

/**
 * The catch-up read behind the card poster's signal: cases with events in (afterEventId,
 * upToEventId] whose cards are behind, that is a posted card showing an older version, a claim
 * whose poster died, or an open case in a tier with a channel that has no card yet. Every change
 * of a case writes an event (append-only, by id), so a scan by event id needs no extra index.
 */
export async function casesWithStaleCards(
  q: Queryable,
  input: { afterEventId: number; upToEventId: number; tiers: readonly Tier[]; now: Date; limit?: number },
): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `WITH changed AS (
       SELECT DISTINCT case_id FROM case_events WHERE id > $1 AND id <= $2
     )
     SELECT c.id FROM changed ch JOIN cases c ON c.id = ch.case_id
      WHERE EXISTS (SELECT 1 FROM slack_cards s
                     WHERE s.case_id = c.id
                       AND ((s.message_ts IS NOT NULL AND s.shown_version < c.version)
                         OR (s.message_ts IS NULL AND s.claimed_at < $4::timestamptz - make_interval(secs => $5))))
         OR (c.status <> 'resolved' AND c.tier = ANY($3::text[])
             AND NOT EXISTS (SELECT 1 FROM slack_cards s WHERE s.case_id = c.id AND s.tier = c.tier))
      ORDER BY c.id
      LIMIT $6`,
    [input.afterEventId, input.upToEventId, [...input.tiers], input.now, CLAIM_LEASE_SECONDS, input.limit ?? 500],
  );
  return rows.map((row) => Number(row.id));
}
