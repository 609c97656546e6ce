// The slack_cards table (migration 0004): one Slack card per case and tier. A replica claims the
// (case, tier) row before it posts, so only one posts; a claim whose poster died before saving
// the message's ts lapses after a lease and another replica posts.
import type { Tier } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

export interface CardSlot {
  channelId: string;
  /** Null while the claimant is posting. */
  messageTs: string | null;
}

export interface CardStore {
  /** True when this caller may post the card; otherwise the slot as it is. */
  claim(caseId: number, tier: Tier, channelId: string, now: Date): Promise<{ claimed: true } | { claimed: false; slot: CardSlot }>;
  posted(caseId: number, tier: Tier, messageTs: string, now: Date): Promise<void>;
  /** Gives up a claim that did not lead to a post, so the next change tries again. */
  unclaim(caseId: number, tier: Tier): Promise<void>;
  /** Every card of a case (one per tier it has been in). */
  cardsOf(caseId: number): Promise<{ tier: Tier; channelId: string; messageTs: string | null }[]>;
  /** The case whose card is the message `messageTs` of `channelId` (a thread's parent). */
  caseInThread(channelId: string, messageTs: string): Promise<{ ref: string; tier: Tier } | undefined>;
}

/** How long a claim without a posted message holds before another replica may post. */
export const CLAIM_LEASE_SECONDS = 30;

export function sqlCardStore(q: Queryable): CardStore {
  return {
    async claim(caseId, tier, channelId, now) {
      const { rows } = await q.query<{ case_id: number }>(
        `INSERT INTO slack_cards (case_id, tier, channel_id, claimed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, tier) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, channel_id = EXCLUDED.channel_id
          WHERE slack_cards.message_ts IS NULL
            AND slack_cards.claimed_at < EXCLUDED.claimed_at - make_interval(secs => $5)
         RETURNING case_id`,
        [caseId, tier, channelId, now, CLAIM_LEASE_SECONDS],
      );
      if (rows.length === 1) return { claimed: true };
      const slot = await q.query<{ channel_id: string; message_ts: string | null }>(
        'SELECT channel_id, message_ts FROM slack_cards WHERE case_id = $1 AND tier = $2',
        [caseId, tier],
      );
      const row = slot.rows[0]!;
      return { claimed: false, slot: { channelId: row.channel_id, messageTs: row.message_ts } };
    },
    async posted(caseId, tier, messageTs, now) {
      await q.query('UPDATE slack_cards SET message_ts = $3, posted_at = $4 WHERE case_id = $1 AND tier = $2', [caseId, tier, messageTs, now]);
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
      const { rows } = await q.query<{ ref: string; tier: Tier }>(
        'SELECT c.ref, s.tier FROM slack_cards s JOIN cases c ON c.id = s.case_id WHERE s.channel_id = $1 AND s.message_ts = $2',
        [channelId, messageTs],
      );
      return rows[0];
    },
  };
}
