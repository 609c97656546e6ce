// A consumer's turn, each end in one statement: beginTurn finds (or opens) the conversation,
// stores the message and reads what the dialog needs; finishTurn records the classification,
// stores the replies, saves the dialog's memory and marks the message answered. The memory is
// the conversation's `dialog_state` (migration 0003), so any replica can take the next message;
// it is also read and written outside a turn (an answer after a crash, a rating question).
//
// No lock of their own: a client's retry is stored once by the unique
// (conversation_id, client_message_id) (ON CONFLICT DO NOTHING), and the retry reads the stored
// message instead.
import type { Queryable } from './driver.ts';
import type { Channel } from './messages.ts';

export interface TurnStart {
  conversationId: string;
  /** The stored message; `duplicate` when a client retried one already stored. */
  message: { id: number; handled: boolean };
  duplicate: boolean;
  dialogState: unknown;
  /** The consumer's most recent open case (else most recent case), as stored. */
  latestCase: { id: number; version: number; state: unknown } | null;
}

/**
 * The start of a consumer's turn in one statement: find (or open) the conversation, store the
 * message, and read what the dialog needs (its memory, the consumer's latest case). One round
 * trip instead of six (bench:chat: a turn's database calls were most of its CPU); the message
 * is committed before anything is answered.
 */
export async function beginTurn(
  q: Queryable,
  input: {
    consumerId: string;
    channel: Channel;
    text: string;
    redactedText: string;
    clientMessageId?: string;
    at: Date;
  },
): Promise<TurnStart> {
  const { rows } = await q.query<{
    conversation_id: string;
    dialog_state: unknown;
    message_id: number | null;
    case_id: number | null;
    case_version: number | null;
    case_state: unknown;
  }>(
    `WITH existing AS (
       SELECT id, dialog_state FROM conversations WHERE consumer_id = $1 AND channel = $2 ORDER BY last_message_at DESC LIMIT 1
     ), created AS (
       INSERT INTO conversations (consumer_id, channel, created_at, last_message_at)
       SELECT $1, $2, $6, $6 WHERE NOT EXISTS (SELECT 1 FROM existing)
       RETURNING id, dialog_state
     ), conversation AS (
       SELECT id, dialog_state FROM existing UNION ALL SELECT id, dialog_state FROM created
     ), stored AS (
       INSERT INTO messages (conversation_id, direction, author, text, redacted_text, client_message_id, created_at)
       SELECT id, 'in', 'consumer', $3, $4, $5, $6 FROM conversation
       ON CONFLICT (conversation_id, client_message_id) DO NOTHING
       RETURNING id
     ), touched AS (
       UPDATE conversations SET last_message_at = $6 WHERE id IN (SELECT id FROM existing)
     ), latest_case AS (
       SELECT id, version, state FROM cases WHERE consumer_id = $1 ORDER BY (status = 'resolved'), created_at DESC LIMIT 1
     )
     SELECT c.id AS conversation_id, c.dialog_state, (SELECT id FROM stored) AS message_id,
            k.id AS case_id, k.version AS case_version, k.state AS case_state
       FROM conversation c LEFT JOIN latest_case k ON true`,
    [input.consumerId, input.channel, input.text, input.redactedText, input.clientMessageId ?? null, input.at],
    { name: 'ombud_begin_turn' },
  );
  const row = rows[0]!;
  const latestCase =
    row.case_id === null ? null : { id: row.case_id, version: row.case_version!, state: row.case_state };
  if (row.message_id !== null) {
    return {
      conversationId: row.conversation_id,
      message: { id: row.message_id, handled: false },
      duplicate: false,
      dialogState: row.dialog_state,
      latestCase,
    };
  }
  // A retry of a stored message: the rare path reads it.
  const existing = await q.query<{ id: number; handled_at: Date | null }>(
    'SELECT id, handled_at FROM messages WHERE conversation_id = $1 AND client_message_id = $2',
    [row.conversation_id, input.clientMessageId],
  );
  return {
    conversationId: row.conversation_id,
    message: { id: existing.rows[0]!.id, handled: existing.rows[0]!.handled_at !== null },
    duplicate: true,
    dialogState: row.dialog_state,
    latestCase,
  };
}

/**
 * The end of a turn in one statement: what the classifier made of the message, the replies
 * (in order, with their quick replies), the dialog's memory, and the message marked answered.
 */
export async function finishTurn(
  q: Queryable,
  input: {
    conversationId: string;
    messageId: number;
    classification: { intent: string; confidence: number; language: string } | null;
    replies: {
      caseId: number | null;
      text: string;
      redactedText: string;
      quickReplies?: { title: string; payload: string }[];
    }[];
    dialogState: unknown;
    language: string | null;
    caseId: number | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `WITH answered AS (
       UPDATE messages SET intent = coalesce($3, intent), confidence = coalesce($4, confidence), language = coalesce($5, language),
                           handled_at = $6, case_id = coalesce($7, case_id)
        WHERE id = $2
     ), replies AS (
       INSERT INTO messages (conversation_id, case_id, direction, author, text, redacted_text, quick_replies, created_at)
       SELECT $1, (r.reply->>'caseId')::bigint, 'out', 'bot', r.reply->>'text', r.reply->>'redactedText', r.reply->'quickReplies', $6
         FROM jsonb_array_elements($8::jsonb) WITH ORDINALITY AS r(reply, n)
        ORDER BY r.n
     )
     UPDATE conversations SET dialog_state = $9, language = coalesce($10, language) WHERE id = $1`,
    [
      input.conversationId,
      input.messageId,
      input.classification?.intent ?? null,
      input.classification?.confidence ?? null,
      input.classification?.language ?? null,
      input.at,
      input.caseId,
      JSON.stringify(input.replies),
      JSON.stringify(input.dialogState),
      input.language,
    ],
    { name: 'ombud_finish_turn' },
  );
}

export async function loadDialogState(q: Queryable, conversationId: string): Promise<unknown> {
  const { rows } = await q.query<{ dialog_state: unknown }>('SELECT dialog_state FROM conversations WHERE id = $1', [
    conversationId,
  ]);
  return rows[0]?.dialog_state;
}

export async function saveDialogState(
  q: Queryable,
  conversationId: string,
  state: unknown,
  language: string | null,
): Promise<void> {
  await q.query('UPDATE conversations SET dialog_state = $2, language = coalesce($3, language) WHERE id = $1', [
    conversationId,
    JSON.stringify(state),
    language,
  ]);
}

/** The consumer's most recent case that is not resolved, else their most recent case. */
export async function latestCaseOf(q: Queryable, consumerId: string): Promise<{ id: number; ref: string } | undefined> {
  const { rows } = await q.query<{ id: number; ref: string }>(
    `SELECT id, ref FROM cases WHERE consumer_id = $1 ORDER BY (status = 'resolved'), created_at DESC LIMIT 1`,
    [consumerId],
  );
  return rows[0];
}
