// Conversations and their messages. Every inbound message is stored before the bot answers
// (docs/architecture.md, step 2): `handled_at` stays NULL until the bot has answered or handed off,
// so a restarted service finds what a crash left unanswered (claimUnanswered). The original text
// stays here; the redacted copy is what may leave the database.
//
// A message row's columns and their mapping are written once, here (MESSAGE_COLUMNS,
// messageFromRow); the relay's reads (db/consumer-relay.ts) import them.
import type { Queryable } from './driver.ts';

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

export interface MessageRow {
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

/** A message row's columns, in MessageRow's order: every read that returns a StoredMessage selects these. */
export const MESSAGE_COLUMNS = `id, conversation_id, case_id, direction, author, text, redacted_text, intent, confidence, language, created_at, handled_at`;

export function messageFromRow(row: MessageRow): StoredMessage {
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
  if (inserted.rows[0]) return { message: messageFromRow(inserted.rows[0]), duplicate: false };
  const existing = await q.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_message_id = $2`,
    [input.conversationId, input.clientMessageId],
  );
  return { message: messageFromRow(existing.rows[0]!), duplicate: true };
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
  return messageFromRow(rows[0]!);
}

/** The bot answered or handed off this inbound message (and links it to a case if one exists). */
export async function markHandled(q: Queryable, messageId: number, at: Date, caseId?: number | null): Promise<void> {
  await q.query('UPDATE messages SET handled_at = $2, case_id = coalesce($3, case_id) WHERE id = $1', [
    messageId,
    at,
    caseId ?? null,
  ]);
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
  return row && { ...messageFromRow(row), consumerId: row.consumer_id, channel: row.channel };
}

/** The last `limit` messages of a conversation, oldest first: the bot reads only what it needs. */
export async function recentMessages(q: Queryable, conversationId: string, limit = 20): Promise<StoredMessage[]> {
  const { rows } = await q.query<MessageRow>(
    `SELECT * FROM (
       SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2
     ) latest ORDER BY id`,
    [conversationId, limit],
  );
  return rows.map(messageFromRow);
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

/**
 * What a case is about, in the consumer's words, for the people who work it (the Slack card,
 * `npm run cases -- show`): the longest of the consumer's last 20 messages in its conversation up
 * to the case's opening, in the stored masked form. The report is the longest thing a consumer
 * types; the answers to the bot's questions ("ja", "i början av november") are short, and a
 * long report would push the first message out of any window of the latest ones.
 */
export async function caseDescription(
  q: Queryable,
  kase: { conversationId: string | null; openedAt: Date },
): Promise<string | null> {
  if (!kase.conversationId) return null;
  const { rows } = await q.query<{ redacted_text: string }>(
    `SELECT redacted_text FROM messages
      WHERE conversation_id = $1 AND direction = 'in' AND created_at <= $2
      ORDER BY id DESC LIMIT 20`,
    [kase.conversationId, kase.openedAt],
  );
  let longest: string | null = null;
  for (const { redacted_text: text } of rows) if (longest === null || text.length > longest.length) longest = text;
  return longest;
}
