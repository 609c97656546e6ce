// Slack's events, taken once (migration 0005). Slack retries an event it thinks was not taken
// (x-slack-retry-num), and the retry may reach another replica; so a replica claims the event's
// id before acting on it. A claim that was never finished (its replica died mid-way) lapses
// after a lease, and then a retry is taken.
//
// An agent's thread message is claimed with its content before Slack is told it arrived
// (migration 0008): after the acknowledgement Slack never sends it again, so a claim left
// unfinished is taken up from here by any replica instead (bot/slack/threads.ts).
import type { Queryable } from './driver.ts';

/**
 * How long an unfinished claim holds off a retry or the recovery of its thread message: storing
 * a reply takes milliseconds, so a claim this old has lost its worker. Slack retries after about
 * 1 min, 5 min.
 */
export const EVENT_CLAIM_LEASE_SECONDS = 30;

/** What the desk needs to work an agent's thread message without Slack sending it again. */
export interface RecordedThreadMessage {
  channel: string;
  ts: string;
  threadTs: string;
  user: string;
  text: string;
}

/**
 * True when this caller is the one to act on the event. `threadMessage` is kept with a new claim
 * (until the event is finished); a lapsed claim taken again counts one attempt more.
 */
export async function claimSlackEvent(
  q: Queryable,
  eventId: string,
  now: Date,
  threadMessage?: RecordedThreadMessage,
): Promise<boolean> {
  const { rows } = await q.query<{ event_id: string }>(
    `INSERT INTO slack_events (event_id, claimed_at, thread_message) VALUES ($1, $2, $4::jsonb)
     ON CONFLICT (event_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, attempts = slack_events.attempts + 1
      WHERE slack_events.done_at IS NULL
        AND slack_events.claimed_at < EXCLUDED.claimed_at - make_interval(secs => $3)
     RETURNING event_id`,
    [eventId, now, EVENT_CLAIM_LEASE_SECONDS, threadMessage ? JSON.stringify(threadMessage) : null],
  );
  return rows.length === 1;
}

/** The event is worked: no retry takes it again, and the message's text is not kept longer. */
export async function finishSlackEvent(q: Queryable, eventId: string, now: Date): Promise<void> {
  await q.query('UPDATE slack_events SET done_at = $2, thread_message = NULL WHERE event_id = $1', [eventId, now]);
}

export interface UnfinishedThreadMessage {
  eventId: string;
  message: RecordedThreadMessage;
  /** How many times it was taken up so far. */
  attempts: number;
}

/**
 * Thread messages acknowledged to Slack whose claim lapsed unfinished (the replica died, or its
 * work failed), oldest first, up to `maxAttempts` tries each.
 */
export async function unfinishedThreadMessages(
  q: Queryable,
  input: { now: Date; maxAttempts: number; limit?: number },
): Promise<UnfinishedThreadMessage[]> {
  const { rows } = await q.query<{
    event_id: string;
    thread_message: RecordedThreadMessage | string;
    attempts: number;
  }>(
    `SELECT event_id, thread_message, attempts FROM slack_events
      WHERE done_at IS NULL AND thread_message IS NOT NULL
        AND claimed_at < $1::timestamptz - make_interval(secs => $2)
        AND attempts < $3
      ORDER BY claimed_at
      LIMIT $4`,
    [input.now, EVENT_CLAIM_LEASE_SECONDS, input.maxAttempts, input.limit ?? 50],
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    message:
      typeof row.thread_message === 'string'
        ? (JSON.parse(row.thread_message) as RecordedThreadMessage)
        : row.thread_message,
    attempts: Number(row.attempts),
  }));
}

/** Slack stops retrying after about an hour; older ids are forgotten. */
export async function forgetSlackEvents(q: Queryable, olderThan: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM slack_events WHERE claimed_at < $1', [olderThan]);
  return rowCount;
}
