// Conversations and their messages. Every inbound message is stored before the bot answers
// (docs/architecture.md, step 2): `handled_at` stays NULL until the bot has answered or handed off,
// so a restarted service finds what a crash left unanswered. The original text stays here; the
// redacted copy is what may leave the database.
import type { Db, Queryable } from './driver.ts';

export type Channel = 'web' | 'app' | 'ombudsman';

export interface StoredMessage {
  id: number;
  conversationId: string;
  caseId: number | null;
  direction: 'in' | 'out';
  author: string;
  text: string;
  redactedText: string;
  intent: string | null;
  confidence: number | null;
  language: string | null;
  createdAt: Date;
  handledAt: Date | null;
}

interface MessageRow {
  id: number;
  conversation_id: string;
  case_id: number | null;
  direction: 'in' | 'out';
  author: string;
  text: string;
  redacted_text: string;
  intent: string | null;
  confidence: number | null;
  language: string | null;
  created_at: Date;
  handled_at: Date | null;
}

const MESSAGE_COLUMNS = `id, conversation_id, case_id, direction, author, text, redacted_text, intent, confidence, language, created_at, handled_at`;

function fromRow(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    caseId: row.case_id,
    direction: row.direction,
    author: row.author,
    text: row.text,
    redactedText: row.redacted_text,
    intent: row.intent,
    confidence: row.confidence,
    language: row.language,
    createdAt: row.created_at,
    handledAt: row.handled_at,
  };
}

export async function openConversation(
  q: Queryable,
  input: { consumerId: string; channel: Channel; language?: string; at: Date },
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO conversations (consumer_id, channel, language, created_at, last_message_at)
     VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [input.consumerId, input.channel, input.language ?? 'und', input.at],
  );
  return rows[0]!.id;
}

/** The consumer's most recent conversation on a channel, if any. */
export async function latestConversation(
  q: Queryable,
  consumerId: string,
  channel: Channel,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM conversations WHERE consumer_id = $1 AND channel = $2 ORDER BY last_message_at DESC LIMIT 1`,
    [consumerId, channel],
  );
  return rows[0]?.id;
}

/**
 * Stores a consumer's message. A client that retries sends the same `clientMessageId`: the
 * message is stored once and the stored one is returned with `duplicate: true`.
 */
export async function storeInbound(
  q: Queryable,
  input: {
    conversationId: string;
    author: string;
    text: string;
    redactedText: string;
    clientMessageId?: string;
    at: Date;
  },
): Promise<{ message: StoredMessage; duplicate: boolean }> {
  const inserted = await q.query<MessageRow>(
    `WITH stored AS (
       INSERT INTO messages (conversation_id, direction, author, text, redacted_text, client_message_id, created_at)
       VALUES ($1, 'in', $2, $3, $4, $5, $6)
       ON CONFLICT (conversation_id, client_message_id) DO NOTHING
       RETURNING ${MESSAGE_COLUMNS}
     ), touched AS (
       UPDATE conversations SET last_message_at = $6 WHERE id = $1 AND EXISTS (SELECT 1 FROM stored)
     )
     SELECT * FROM stored`,
    [input.conversationId, input.author, input.text, input.redactedText, input.clientMessageId ?? null, input.at],
  );
  if (inserted.rows[0]) return { message: fromRow(inserted.rows[0]), duplicate: false };
  const existing = await q.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_message_id = $2`,
    [input.conversationId, input.clientMessageId],
  );
  return { message: fromRow(existing.rows[0]!), duplicate: true };
}

/** What the classifier made of an inbound message. */
export async function recordClassification(
  q: Queryable,
  messageId: number,
  result: { intent: string; confidence: number; language: string },
): Promise<void> {
  await q.query('UPDATE messages SET intent = $2, confidence = $3, language = $4 WHERE id = $1', [
    messageId,
    result.intent,
    result.confidence,
    result.language,
  ]);
}

export async function storeOutbound(
  q: Queryable,
  input: {
    conversationId: string;
    caseId?: number | null;
    author: string;
    text: string;
    redactedText: string;
    quickReplies?: { title: string; payload: string }[];
    /** Where the message came from when its sender may deliver it twice (a Slack message's ts). */
    clientMessageId?: string;
    at: Date;
  },
): Promise<StoredMessage> {
  const { rows } = await q.query<MessageRow>(
    `INSERT INTO messages (conversation_id, case_id, direction, author, text, redacted_text, quick_replies, client_message_id, created_at)
     VALUES ($1, $2, 'out', $3, $4, $5, $6, $7, $8)
     RETURNING ${MESSAGE_COLUMNS}`,
    [
      input.conversationId,
      input.caseId ?? null,
      input.author,
      input.text,
      input.redactedText,
      input.quickReplies ? JSON.stringify(input.quickReplies) : null,
      input.clientMessageId ?? null,
      input.at,
    ],
  );
  return fromRow(rows[0]!);
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
      if (rows[0]) return fromRow(rows[0]);
    }
    const message = await storeOutbound(tx, input);
    await signalConsumerMessage(tx, message.id);
    return message;
  });
}

/** The bot answered or handed off this inbound message (and links it to a case if one exists). */
export async function markHandled(q: Queryable, messageId: number, at: Date, caseId?: number | null): Promise<void> {
  await q.query('UPDATE messages SET handled_at = $2, case_id = coalesce($3, case_id) WHERE id = $1', [
    messageId,
    at,
    caseId ?? null,
  ]);
}

/** The last `limit` messages of a conversation, oldest first: the bot reads only what it needs. */
export async function recentMessages(q: Queryable, conversationId: string, limit = 20): Promise<StoredMessage[]> {
  const { rows } = await q.query<MessageRow>(
    `SELECT * FROM (
       SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2
     ) latest ORDER BY id`,
    [conversationId, limit],
  );
  return rows.map(fromRow);
}

export interface HistoryEntry {
  id: number;
  direction: 'in' | 'out';
  text: string;
  at: Date;
  case?: { ref: string; tier: string; status: string; intent: string };
}

/**
 * A consumer's messages across their conversations on a channel, oldest first, as
 * `GET /api/chat/history` answers them; an outbound message that opened or changed a case
 * carries the case as it is now. Only this consumer's rows are read.
 */
export async function consumerHistory(
  q: Queryable,
  consumerId: string,
  options: { afterId?: number; limit?: number } = {},
): Promise<HistoryEntry[]> {
  const { rows } = await q.query<{
    id: number;
    direction: 'in' | 'out';
    text: string;
    created_at: Date;
    ref: string | null;
    tier: string | null;
    status: string | null;
    intent: string | null;
  }>(
    `SELECT * FROM (
       SELECT m.id, m.direction, m.text, m.created_at, c.ref, c.tier, c.status, c.intent
         FROM messages m
         JOIN conversations v ON v.id = m.conversation_id
         LEFT JOIN cases c ON c.id = m.case_id AND m.direction = 'out'
        WHERE v.consumer_id = $1 AND m.id > $2
        ORDER BY m.id DESC
        LIMIT $3
     ) latest ORDER BY id`,
    [consumerId, options.afterId ?? 0, options.limit ?? 200],
  );
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    text: row.text,
    at: row.created_at,
    ...(row.ref ? { case: { ref: row.ref, tier: row.tier!, status: row.status!, intent: row.intent! } } : {}),
  }));
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

/** Marks a case's rating as asked for; true for the one caller (replica) that should ask. */
export async function requestRating(q: Queryable, caseId: number, at: Date): Promise<boolean> {
  const { rows } = await q.query<{ case_id: number }>(
    'INSERT INTO case_ratings (case_id, requested_at) VALUES ($1, $2) ON CONFLICT (case_id) DO NOTHING RETURNING case_id',
    [caseId, at],
  );
  return rows.length === 1;
}

/** Resolved cases whose consumer was never asked for a rating (a missed signal, a restart). */
export async function casesAwaitingRatingRequest(q: Queryable, since: Date, limit = 100): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT c.id FROM cases c
      WHERE c.status = 'resolved' AND c.resolved_at >= $1
        AND NOT EXISTS (SELECT 1 FROM case_ratings r WHERE r.case_id = c.id)
      ORDER BY c.resolved_at LIMIT $2`,
    [since, limit],
  );
  return rows.map((row) => row.id);
}

/** Stores the consumer's rating once per case (it must have been asked for); later ones are ignored. */
export async function rateCase(q: Queryable, caseId: number, rating: number, at: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE case_ratings SET rating = $2, rated_at = $3 WHERE case_id = $1 AND rating IS NULL',
    [caseId, rating, at],
  );
  return rowCount === 1;
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
    ...fromRow(row),
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

/**
 * Claims the oldest inbound message that was stored before `olderThan` and never answered (a
 * crash between storing and answering), for `leaseMs`. SKIP LOCKED and the lease keep two
 * replicas from answering one message; a replica that dies while answering lets the lease lapse.
 */
export async function claimUnanswered(
  q: Queryable,
  now: Date,
  olderThan: Date,
  leaseMs: number,
): Promise<(StoredMessage & { consumerId: string; channel: Channel }) | undefined> {
  const { rows } = await q.query<MessageRow & { consumer_id: string; channel: Channel }>(
    `WITH next AS (
       SELECT id FROM messages
        WHERE direction = 'in' AND handled_at IS NULL AND created_at < $2
          AND (recovery_claimed_until IS NULL OR recovery_claimed_until < $1)
        ORDER BY created_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
     )
     UPDATE messages m SET recovery_claimed_until = $1::timestamptz + make_interval(secs => $3 / 1000.0)
       FROM next, conversations v
      WHERE m.id = next.id AND v.id = m.conversation_id
      RETURNING ${MESSAGE_COLUMNS.split(', ')
        .map((column) => `m.${column}`)
        .join(', ')}, v.consumer_id, v.channel`,
    [now, olderThan, leaseMs],
  );
  const row = rows[0];
  return row && { ...fromRow(row), consumerId: row.consumer_id, channel: row.channel };
}

/** The consumer's comment on their rating (once). */
export async function commentRating(q: Queryable, caseId: number, comment: string): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE case_ratings SET comment = $2 WHERE case_id = $1 AND rating IS NOT NULL AND comment IS NULL',
    [caseId, comment],
  );
  return rowCount === 1;
}

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

/** The channel on which a stored message for a consumer is announced (people's replies, rating questions). */
export const CONSUMER_MESSAGE_CHANNEL = 'ombud_consumer_message';

/** Announces a committed message so that whichever replica holds the consumer's socket sends it. */
export async function signalConsumerMessage(q: Queryable, messageId: number): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [CONSUMER_MESSAGE_CHANNEL, String(messageId)]);
}

/** The newest message id (0 when there are none): where a relay starts. */
export async function newestMessageId(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ id: number | null }>('SELECT max(id) AS id FROM messages');
  return rows[0]?.id ?? 0;
}
