// A stored message on its way to the consumer's socket. Its writer (a person's reply, a rating
// question, an outcome notice) signals its id on CONSUMER_MESSAGE_CHANNEL; the NOTIFY goes out
// when the writer's transaction commits. Every replica's relay (bot/web/relay.ts) reads the
// message and sends it to the sockets it holds; a person's message whose signal was lost is
// caught up by id (agentMessagesAfter, from newestMessageId when the relay starts).
import type { Db, Queryable } from './driver.ts';
import { MESSAGE_COLUMNS, messageFromRow, storeOutbound, type MessageRow, type StoredMessage } from './messages.ts';

/** The channel on which a stored message for a consumer is announced (people's replies, rating questions). */
export const CONSUMER_MESSAGE_CHANNEL = 'ombud_consumer_message';

/** Announces a committed message so that whichever replica holds the consumer's socket sends it. */
export async function signalConsumerMessage(q: Queryable, messageId: number): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [CONSUMER_MESSAGE_CHANNEL, String(messageId)]);
}

/**
 * A person's message to the consumer (an agent, the ombudsman), stored and signalled for the
 * relay in one transaction that holds the conversation's row: two written at once, on one replica
 * or two, get their ids, their commits and their signals (a NOTIFY goes out at commit, in commit
 * order) in the same order, so every replica delivers them in the history's order.
 */
export function storeOutboundInOrder(db: Db, input: Parameters<typeof storeOutbound>[1]): Promise<StoredMessage> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE', [input.conversationId]);
    // A message delivered twice (a Slack event worked again after its replica died) is stored and
    // signalled once: the row lock above makes the second delivery find the first one's row.
    if (input.clientMessageId !== undefined) {
      const { rows } = await tx.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_message_id = $2 AND direction = 'out'`,
        [input.conversationId, input.clientMessageId],
      );
      if (rows[0]) return messageFromRow(rows[0]);
    }
    const message = await storeOutbound(tx, input);
    await signalConsumerMessage(tx, message.id);
    return message;
  });
}

/** One stored message with its conversation's consumer (for delivering it to their sockets). */
export async function messageForDelivery(
  q: Queryable,
  messageId: number,
): Promise<
  | (StoredMessage & {
      consumerId: string;
      quickReplies: { title: string; payload: string }[] | null;
      caseRef: string | null;
      caseTier: string | null;
      caseStatus: string | null;
      caseIntent: string | null;
    })
  | undefined
> {
  const { rows } = await q.query<
    MessageRow & {
      consumer_id: string;
      quick_replies: { title: string; payload: string }[] | null;
      ref: string | null;
      tier: string | null;
      status: string | null;
      case_intent: string | null;
    }
  >(
    `SELECT ${MESSAGE_COLUMNS.split(', ')
      .map((column) => `m.${column}`)
      .join(', ')}, m.quick_replies, v.consumer_id, c.ref, c.tier, c.status, c.intent AS case_intent
       FROM messages m JOIN conversations v ON v.id = m.conversation_id LEFT JOIN cases c ON c.id = m.case_id
      WHERE m.id = $1`,
    [messageId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...messageFromRow(row),
    consumerId: row.consumer_id,
    quickReplies: row.quick_replies,
    caseRef: row.ref,
    caseTier: row.tier,
    caseStatus: row.status,
    caseIntent: row.case_intent,
  };
}

/** Outbound messages written by people (agents, the ombudsman) after `afterId`: the relay's catch-up read. */
export async function agentMessagesAfter(q: Queryable, afterId: number, limit = 500): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM messages WHERE id > $1 AND direction = 'out' AND author <> 'bot' ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows.map((row) => row.id);
}

/** The newest message id (0 when there are none): where a relay starts. */
export async function newestMessageId(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ id: number | null }>('SELECT max(id) AS id FROM messages');
  return rows[0]?.id ?? 0;
}
