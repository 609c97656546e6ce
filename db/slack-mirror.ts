// Consumer messages mirrored into their case card's thread (migration 0005). Every replica may
// scan for them; a replica claims a message before posting it, so each is posted once. A claim
// whose poster died before saving the thread message's ts lapses after a lease.
import type { Queryable } from './driver.ts';

export const MIRROR_CLAIM_LEASE_SECONDS = 30;

export interface MessageToMirror {
  messageId: number;
  caseId: number;
  caseRef: string;
  /** Masked at storing (intents/redact); the desk masks again before posting. */
  redactedText: string;
  channelId: string;
  threadTs: string;
}

/**
 * Inbound messages after `afterId` that belong to a case whose card in its current tier is posted,
 * written since that card was claimed (older ones are in the card's transcript), and not posted
 * into the thread yet (nor being posted).
 */
export async function consumerMessagesToMirror(
  q: Queryable,
  input: { afterId: number; now: Date; limit?: number },
): Promise<MessageToMirror[]> {
  const { rows } = await q.query<{
    id: number;
    case_id: number;
    ref: string;
    redacted_text: string;
    channel_id: string;
    message_ts: string;
  }>(
    `SELECT m.id, m.case_id, c.ref, m.redacted_text, s.channel_id, s.message_ts
       FROM messages m
       JOIN cases c ON c.id = m.case_id
       JOIN slack_cards s ON s.case_id = c.id AND s.tier = c.tier AND s.message_ts IS NOT NULL
      WHERE m.id > $1 AND m.direction = 'in' AND m.created_at >= s.claimed_at
        AND NOT EXISTS (SELECT 1 FROM slack_mirrored_messages x
                         WHERE x.message_id = m.id
                           AND (x.posted_ts IS NOT NULL OR x.claimed_at >= $2::timestamptz - make_interval(secs => $3)))
      ORDER BY m.id
      LIMIT $4`,
    [input.afterId, input.now, MIRROR_CLAIM_LEASE_SECONDS, input.limit ?? 200],
  );
  return rows.map((row) => ({
    messageId: Number(row.id),
    caseId: Number(row.case_id),
    caseRef: row.ref,
    redactedText: row.redacted_text,
    channelId: row.channel_id,
    threadTs: row.message_ts,
  }));
}

/** True for the one caller that should post the message into the thread. */
export async function claimMirror(q: Queryable, message: MessageToMirror, now: Date): Promise<boolean> {
  const { rows } = await q.query<{ message_id: number }>(
    `INSERT INTO slack_mirrored_messages (message_id, case_id, channel_id, thread_ts, claimed_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (message_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, channel_id = EXCLUDED.channel_id, thread_ts = EXCLUDED.thread_ts
      WHERE slack_mirrored_messages.posted_ts IS NULL
        AND slack_mirrored_messages.claimed_at < EXCLUDED.claimed_at - make_interval(secs => $6)
     RETURNING message_id`,
    [message.messageId, message.caseId, message.channelId, message.threadTs, now, MIRROR_CLAIM_LEASE_SECONDS],
  );
  return rows.length === 1;
}

/**
 * Keeps a claim from lapsing while its poster is still trying: Slack's client retries a failing
 * post for minutes, and a lapsed claim lets another replica post the same message again.
 */
export async function renewMirrorClaim(q: Queryable, messageId: number, now: Date): Promise<void> {
  await q.query('UPDATE slack_mirrored_messages SET claimed_at = $2 WHERE message_id = $1 AND posted_ts IS NULL', [
    messageId,
    now,
  ]);
}

export async function mirrorPosted(q: Queryable, messageId: number, postedTs: string): Promise<void> {
  await q.query('UPDATE slack_mirrored_messages SET posted_ts = $2 WHERE message_id = $1', [messageId, postedTs]);
}

/** Gives up a claim whose post failed, so the next scan tries again. */
export async function unclaimMirror(q: Queryable, messageId: number): Promise<void> {
  await q.query('DELETE FROM slack_mirrored_messages WHERE message_id = $1 AND posted_ts IS NULL', [messageId]);
}
