// Told when away (migration 0017): who has an open chat socket on which replica, the messages a
// consumer may need to be told of, and the claim of one notice per case per interval.
//
// Presence is one row per (consumer, replica), refreshed by the replica that holds the sockets
// and deleted when the consumer's last socket there closes; a row not refreshed within the
// presence TTL (its replica died) no longer counts. The claim is one conditional upsert of the
// case's row in `away_notices`, so two replicas deciding on the same message (or on two messages
// of one case) send one notice, and the interval holds across restarts.
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from './driver.ts';

/** The app's backend (APP_WEBHOOK_URL): `consumer.message` events, one per away notice. */
export const APP_DESTINATION = 'app';

/** Marks `consumerIds` as connected through `replica` now, and forgets the replica's others. */
export async function refreshPresence(
  q: Queryable,
  replica: string,
  consumerIds: readonly string[],
  now: Date,
): Promise<void> {
  if (consumerIds.length > 0) {
    await q.query(
      `INSERT INTO consumer_presence (consumer_id, replica, seen_at) SELECT unnest($1::text[]), $2, $3
       ON CONFLICT (consumer_id, replica) DO UPDATE SET seen_at = EXCLUDED.seen_at`,
      [consumerIds, replica, now],
    );
  }
  await q.query('DELETE FROM consumer_presence WHERE replica = $1 AND NOT (consumer_id = ANY($2::text[]))', [
    replica,
    consumerIds,
  ]);
}

/** One consumer connected through `replica` (their first socket there opened). */
export async function markPresent(q: Queryable, replica: string, consumerId: string, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO consumer_presence (consumer_id, replica, seen_at) VALUES ($1, $2, $3)
     ON CONFLICT (consumer_id, replica) DO UPDATE SET seen_at = EXCLUDED.seen_at`,
    [consumerId, replica, now],
  );
}

/** One consumer's last socket on `replica` closed. */
export async function markAbsent(q: Queryable, replica: string, consumerId: string): Promise<void> {
  await q.query('DELETE FROM consumer_presence WHERE consumer_id = $1 AND replica = $2', [consumerId, replica]);
}

/** A replica that stops holds no sockets; rows of replicas that died long ago are dropped too. */
export async function clearPresence(q: Queryable, replica: string, staleBefore: Date): Promise<void> {
  await q.query('DELETE FROM consumer_presence WHERE replica = $1 OR seen_at < $2', [replica, staleBefore]);
}

/** Whether the consumer has an open socket on any replica that refreshed it after `freshAfter`. */
export async function isConsumerPresent(q: Queryable, consumerId: string, freshAfter: Date): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM consumer_presence WHERE consumer_id = $1 AND seen_at > $2 LIMIT 1', [
    consumerId,
    freshAfter,
  ]);
  return rows.length > 0;
}

/** A message a consumer away from the chat is told of: people's replies and outcome notices on a case. */
export interface AwayCandidate {
  messageId: number;
  caseId: number;
  caseRef: string;
  language: string;
  consumerId: string;
  /** The masked copy (messages.redacted_text): the only text that may leave the database. */
  redactedText: string;
  createdAt: Date;
}

/**
 * Messages after id `afterId` written between `from` and `until` that may call for a notice: by
 * an agent or the ombudsman, or an outcome notice (`outcome:<event id>`), on a case. The bot's
 * answers to what the consumer just wrote are not among them.
 */
export async function awayCandidates(
  q: Queryable,
  input: { afterId: number; from: Date; until: Date; limit?: number },
): Promise<AwayCandidate[]> {
  const { rows } = await q.query<{
    id: number;
    case_id: number;
    ref: string;
    language: string;
    consumer_id: string;
    redacted_text: string;
    created_at: Date;
  }>(
    `SELECT m.id::int AS id, m.case_id::int AS case_id, c.ref, c.language, v.consumer_id, m.redacted_text, m.created_at
       FROM messages m JOIN conversations v ON v.id = m.conversation_id JOIN cases c ON c.id = m.case_id
      WHERE m.id > $1 AND m.direction = 'out' AND m.created_at >= $2 AND m.created_at <= $3
        AND (m.author <> 'bot' OR m.client_message_id LIKE 'outcome:%')
      ORDER BY m.id LIMIT $4`,
    [input.afterId, input.from, input.until, input.limit ?? 500],
  );
  return rows.map((row) => ({
    messageId: row.id,
    caseId: row.case_id,
    caseRef: row.ref,
    language: row.language,
    consumerId: row.consumer_id,
    redactedText: row.redacted_text,
    createdAt: new Date(row.created_at),
  }));
}

export type AwayClaim =
  /** The consumer has an open socket: the relay shows it live. */
  | { kind: 'present' }
  /** Nothing to tell them by: no contact address with mail on, and no app backend. */
  | { kind: 'no_channel' }
  /** The case had a notice within the interval, or this message (or a later one) was told already. */
  | { kind: 'recent' }
  /** This replica tells them: by e-mail when `email` is set; the app event is written already. */
  | { kind: 'claimed'; email: string | null; appEvent: boolean };

/**
 * Decides, for one message, whether its consumer is told now, and claims the notice if so: the
 * case's row in `away_notices` is taken only when its last notice is at least `intervalMs` old
 * and about an earlier message. With `appEvent` the `consumer.message` event is written to the
 * outbox in the same transaction (data: caseRef, consumerId, messageId, preview, created).
 */
export function claimAwayNotice(
  db: Db,
  input: {
    candidate: AwayCandidate;
    preview: string;
    now: Date;
    intervalMs: number;
    presenceTtlMs: number;
    mail: boolean;
    appEvent: boolean;
  },
): Promise<AwayClaim> {
  const { candidate, now } = input;
  return db.transaction(async (tx): Promise<AwayClaim> => {
    if (await isConsumerPresent(tx, candidate.consumerId, new Date(now.getTime() - input.presenceTtlMs)))
      return { kind: 'present' };
    const { rows: contacts } = await tx.query<{ email: string }>('SELECT email FROM case_contacts WHERE case_id = $1', [
      candidate.caseId,
    ]);
    const email = input.mail ? (contacts[0]?.email ?? null) : null;
    if (email === null && !input.appEvent) return { kind: 'no_channel' };
    const { rows } = await tx.query(
      `INSERT INTO away_notices (case_id, message_id, notified_at, app_event) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO UPDATE
         SET message_id = EXCLUDED.message_id, notified_at = EXCLUDED.notified_at, emailed_at = NULL, app_event = EXCLUDED.app_event
       WHERE away_notices.notified_at <= $5 AND away_notices.message_id < EXCLUDED.message_id
       RETURNING case_id`,
      [candidate.caseId, candidate.messageId, now, input.appEvent, new Date(now.getTime() - input.intervalMs)],
    );
    if (rows.length === 0) return { kind: 'recent' };
    if (input.appEvent) {
      const data = {
        caseRef: candidate.caseRef,
        consumerId: candidate.consumerId,
        messageId: candidate.messageId,
        preview: input.preview,
        created: candidate.createdAt.toISOString(),
      };
      await tx.query(
        `INSERT INTO outbox (id, destination, type, case_id, data, created_at, next_attempt_at) VALUES ($1, $2, 'consumer.message', $3, $4::jsonb, $5, $5)`,
        [randomUUID(), APP_DESTINATION, candidate.caseId, JSON.stringify(data), now],
      );
    }
    return { kind: 'claimed', email, appEvent: input.appEvent };
  });
}

/** Records that the notice's e-mail went out. */
export async function markAwayNoticeEmailed(q: Queryable, caseId: number, messageId: number, at: Date): Promise<void> {
  await q.query('UPDATE away_notices SET emailed_at = $3 WHERE case_id = $1 AND message_id = $2', [
    caseId,
    messageId,
    at,
  ]);
}

/** The newest message id (0 when none): where a notifier starts looking. */
export async function newestAwayCandidateFloor(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ id: number | null }>('SELECT max(id)::int AS id FROM messages');
  return rows[0]?.id ?? 0;
}
