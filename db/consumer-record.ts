// The consumer's record of one of their cases (GET /api/cases/:ref/record, docs/outcomes.md): the
// conversations that concern the case and the decisions on it that the consumer was told, read
// for that consumer only. Built like the ombudsman's dossier (db/ombudsman-dossier.ts) but for the
// other side of the counter, so it reads less by construction:
//
// - never the agents' internal notes (case_notes) or the ombudsman's process feedback, which are
//   not read here at all;
// - of the case's events only the types listed in RECORD_EVENTS, whose words the consumer was
//   given (an escalation's internal note, a release, a priority, a merchant's fee stay out);
// - messages as stored for leaving the database: the redacted copy (card numbers, personal
//   identity numbers, IBANs, phone numbers and e-mail addresses masked).
import type { Case } from '../routing/index.ts';
import { findCaseByRef, type StoredCaseEvent } from './cases.ts';
import type { Queryable } from './driver.ts';

/** The events a consumer's record shows: decisions and status changes they were told of. */
export const RECORD_EVENTS = [
  'case_opened',
  'dispute_opened',
  'invoice_paused',
  'refund_reason_recorded',
  'escalated',
  'dispute_escalated',
  'info_requested',
  'settlement_claimed',
  'settlement_objected',
  'final_statement_issued',
  'resolved',
  'reopened',
  'ombudsman_requested',
  'ombudsman_decided',
] as const;

export interface RecordMessage {
  id: number;
  direction: 'in' | 'out';
  /** 'consumer', 'bot', 'agent:<id>', 'ombudsman:<id>'; the record names people by their team only. */
  author: string;
  /** The redacted copy. */
  text: string;
  /** Whether the message is linked to this case (the rest of the conversation is context). */
  aboutThisCase: boolean;
  at: Date;
}

export interface ConsumerRecord {
  case: Case;
  /** Messages of every conversation of this consumer that touched the case, in order. */
  messages: RecordMessage[];
  /** The case's events of RECORD_EVENTS, in order (their data as written: mask free text when showing it). */
  events: StoredCaseEvent[];
}

/**
 * The record of case `ref` for consumer `consumerId`; undefined when there is no such case or it
 * is another consumer's (the caller answers both the same way).
 */
export async function loadConsumerRecord(
  q: Queryable,
  ref: string,
  consumerId: string,
): Promise<ConsumerRecord | undefined> {
  const stored = await findCaseByRef(q, ref);
  if (!stored || stored.case.consumerId !== consumerId) return undefined;
  const caseId = stored.id;

  const { rows: messageRows } = await q.query<{
    id: number;
    case_id: number | null;
    direction: 'in' | 'out';
    author: string;
    redacted_text: string;
    created_at: Date;
  }>(
    `WITH about AS (
       SELECT DISTINCT conversation_id AS id FROM messages WHERE case_id = $1
       UNION SELECT conversation_id FROM cases WHERE id = $1 AND conversation_id IS NOT NULL
     )
     SELECT m.id, m.case_id, m.direction, m.author, m.redacted_text, m.created_at
       FROM about a JOIN conversations v ON v.id = a.id JOIN messages m ON m.conversation_id = v.id
      WHERE v.consumer_id = $2
      ORDER BY m.created_at, m.id`,
    [caseId, consumerId],
  );
  const messages = messageRows.map((row) => ({
    id: Number(row.id),
    direction: row.direction,
    author: row.author,
    text: row.redacted_text,
    aboutThisCase: row.case_id !== null && Number(row.case_id) === caseId,
    at: new Date(row.created_at),
  }));

  const { rows: events } = await q.query<StoredCaseEvent>(
    'SELECT id, type, actor, reason, data, at FROM case_events WHERE case_id = $1 AND type = ANY($2::text[]) ORDER BY id',
    [caseId, [...RECORD_EVENTS]],
  );

  return {
    case: stored.case,
    messages,
    events: events.map((event) => ({ ...event, id: Number(event.id), at: new Date(event.at) })),
  };
}

/** The final statement in force (the latest; a reopen clears the case's), as issued; undefined when none. */
export async function finalStatementOf(q: Queryable, caseId: number): Promise<{ at: Date; text: string } | undefined> {
  const { rows } = await q.query<{ at: Date; text: string | null }>(
    `SELECT at, data->>'text' AS text FROM case_events WHERE case_id = $1 AND type = 'final_statement_issued' ORDER BY id DESC LIMIT 1`,
    [caseId],
  );
  return rows[0] ? { at: new Date(rows[0].at), text: rows[0].text ?? '' } : undefined;
}

/**
 * Whether the case is a complaint: the consumer showed they were unhappy with how it was handled
 * (docs/domain.md) — a dispute, an escalation or a final statement they asked for, a rating of 1 or 2, or an ombudsman
 * request, at any time. The monthly report counts the same signals per month (db/reports.ts).
 */
export async function isComplaint(q: Queryable, caseId: number): Promise<boolean> {
  const { rows } = await q.query<{ complaint: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM disputes WHERE case_id = $1)
         OR EXISTS (SELECT 1 FROM case_events WHERE case_id = $1 AND type IN ('escalated', 'final_statement_requested') AND reason = 'consumer_request')
         OR EXISTS (SELECT 1 FROM case_ratings WHERE case_id = $1 AND rating <= 2)
         OR EXISTS (SELECT 1 FROM ombudsman_requests WHERE case_id = $1) AS complaint`,
    [caseId],
  );
  return rows[0]?.complaint === true;
}
