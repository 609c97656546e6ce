// Slack's events, taken once (migration 0005). Slack retries an event it thinks was not taken
// (x-slack-retry-num), and the retry may reach another replica; so a replica claims the event's
// id before acting on it. A claim that was never finished (its replica died mid-way) lapses
// after a lease, and then a retry is taken.
import type { Queryable } from './driver.ts';

/** How long an unfinished claim holds off a retry; Slack retries after about 1 min, 5 min. */
export const EVENT_CLAIM_LEASE_SECONDS = 60;

/** True when this caller is the one to act on the event. */
export async function claimSlackEvent(q: Queryable, eventId: string, now: Date): Promise<boolean> {
  const { rows } = await q.query<{ event_id: string }>(
    `INSERT INTO slack_events (event_id, claimed_at) VALUES ($1, $2)
     ON CONFLICT (event_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
      WHERE slack_events.done_at IS NULL
        AND slack_events.claimed_at < EXCLUDED.claimed_at - make_interval(secs => $3)
     RETURNING event_id`,
    [eventId, now, EVENT_CLAIM_LEASE_SECONDS],
  );
  return rows.length === 1;
}

export async function finishSlackEvent(q: Queryable, eventId: string, now: Date): Promise<void> {
  await q.query('UPDATE slack_events SET done_at = $2 WHERE event_id = $1', [eventId, now]);
}

/** A claim whose work failed: let Slack's retry take it. */
export async function releaseSlackEvent(q: Queryable, eventId: string): Promise<void> {
  await q.query('DELETE FROM slack_events WHERE event_id = $1 AND done_at IS NULL', [eventId]);
}

/** Slack stops retrying after about an hour; older ids are forgotten. */
export async function forgetSlackEvents(q: Queryable, olderThan: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM slack_events WHERE claimed_at < $1', [olderThan]);
  return rowCount;
}
