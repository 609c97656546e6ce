// Outcome notices (routing/outcome-notices.ts decides which): the events that lead them, the
// cases whose notices are not stored yet, and storing one notice once.
//
// "Once" holds across replicas and crashes without a cursor of its own: a notice is a message in
// the consumer's conversation whose client_message_id is `outcome:<event id>`, and the event is
// in case_events from the moment its decision committed. Storing takes a per-case advisory lock
// and looks for that id among the case's messages first, so two replicas (or a retry after a
// crash between the decision and the message) store it once; the catch-up scan finds every
// leading event without its message.
import { NOTICE_LEAD_EVENTS, type NoticeEvent } from '../routing/index.ts';
import { signalConsumerMessage } from './consumer-relay.ts';
import type { Db, Queryable } from './driver.ts';
import { latestConversation, openConversation, storeOutbound, type StoredMessage } from './messages.ts';

// Spelt out, not a parameter: the partial index of migration 0015 has exactly this predicate.
const LEAD_TYPES = `(${NOTICE_LEAD_EVENTS.map((type) => `'${type}'`).join(', ')})`;

/** Events up to this one were decided before notices existed (migration 0016): never announced. */
const NOTICES_START = '(SELECT coalesce(max(after_event_id), 0) FROM outcome_notices_start)';

/** The events a case's notices are derived from, oldest first. */
export async function noticeEventsOf(q: Queryable, caseId: number): Promise<NoticeEvent[]> {
  const { rows } = await q.query<{
    id: number;
    type: string;
    actor: string;
    data: { [key: string]: unknown };
    at: Date;
  }>(
    `SELECT id::int AS id, type, actor, data, at FROM case_events
      WHERE case_id = $1 AND type IN ${LEAD_TYPES} AND id > ${NOTICES_START} ORDER BY id`,
    [caseId],
  );
  return rows.map((row) => ({ ...row, at: new Date(row.at) }));
}

/**
 * Cases with a leading event since `since` that has no message yet: a missed signal, a replica
 * that died between the decision and the notice. An event whose notice routing withholds (the
 * consumer's own decision, a resolution inside an ombudsman decision) is left out here too.
 */
export async function casesWithUntoldOutcomes(q: Queryable, since: Date, limit = 100): Promise<number[]> {
  const { rows } = await q.query<{ case_id: number }>(
    `SELECT e.case_id::int AS case_id, min(e.id) AS first
       FROM case_events e
      WHERE e.type IN ${LEAD_TYPES} AND e.at >= $1 AND e.id > ${NOTICES_START} AND e.actor <> 'consumer'
        AND NOT (e.type = 'resolved' AND EXISTS (
              SELECT 1 FROM case_events o WHERE o.case_id = e.case_id AND o.type = 'ombudsman_decided' AND o.at = e.at))
        AND NOT EXISTS (
              SELECT 1 FROM messages m WHERE m.case_id = e.case_id AND m.client_message_id = 'outcome:' || e.id)
      GROUP BY e.case_id ORDER BY first LIMIT $2`,
    [since, limit],
  );
  return rows.map((row) => row.case_id);
}

// Any number unlikely to meet another advisory lock's first key in this database.
const NOTICE_LOCK = 18_0001;

/**
 * Stores a notice for a case in its conversation (or the consumer's latest, or a new web one),
 * and signals it for the relay, unless a message with `clientMessageId` exists for the case.
 * Returns the stored message, or undefined when it was already there.
 */
export function storeNoticeOnce(
  db: Db,
  input: {
    caseId: number;
    consumerId: string;
    conversationId: string | null;
    language: string;
    clientMessageId: string;
    text: string;
    redactedText: string;
    at: Date;
  },
): Promise<StoredMessage | undefined> {
  return db.transaction(async (tx) => {
    // One notice writer per case at a time: the check below then sees the other's message.
    await tx.query('SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)', [NOTICE_LOCK, input.caseId]);
    // The case's row before the conversation's, in the order a decision takes them (it locks the
    // case, then writes its message): the other order deadlocked a notice with an ombudsman's
    // decision on the same case (the message's key-share lock on the case waited behind the
    // decision, which waited for the conversation).
    await tx.query('SELECT 1 FROM cases WHERE id = $1 FOR KEY SHARE', [input.caseId]);
    const { rows } = await tx.query('SELECT 1 FROM messages WHERE case_id = $1 AND client_message_id = $2', [
      input.caseId,
      input.clientMessageId,
    ]);
    if (rows.length > 0) return undefined;
    const conversationId =
      input.conversationId ??
      (await latestConversation(tx, input.consumerId, 'web')) ??
      (await latestConversation(tx, input.consumerId, 'app')) ??
      (await openConversation(tx, {
        consumerId: input.consumerId,
        channel: 'web',
        language: input.language,
        at: input.at,
      }));
    // As storeOutboundInOrder: the conversation's row orders this message with people's replies.
    await tx.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
    const message = await storeOutbound(tx, {
      conversationId,
      caseId: input.caseId,
      author: 'bot',
      text: input.text,
      redactedText: input.redactedText,
      clientMessageId: input.clientMessageId,
      at: input.at,
    });
    await signalConsumerMessage(tx, message.id);
    return message;
  });
}
