// The ombudsman's dossier: everything about one case, read in one go, in time order. Complete by
// construction: every message of every conversation that touched the case (not only the
// messages linked to it, so the consumer's words around a handoff are there too), every event
// of the append-only history, every decision and final statement, the dispute row, the rating,
// the process feedback and the consumer's written account.
//
// Messages are given as stored for leaving the database: the redacted copy (card numbers,
// personal numbers, IBANs, phone numbers and e-mails masked). The ombudsman judges how the case
// was handled; nothing in that needs a card number, and a dossier is printed and forwarded.
import type { Case, RefundReason, SettlementClaim } from '../routing/index.ts';
import { caseEvents, findCaseByRef, type StoredCaseEvent } from './cases.ts';
import type { Queryable } from './driver.ts';
import { ombudsmanRequestOf, type OmbudsmanRequestRow } from './ombudsman.ts';
import { ombudsmanAccessOf, type OmbudsmanAccessEntry } from './ombudsman-accounts.ts';

export interface DossierMessage {
  id: number;
  conversationId: string;
  direction: 'in' | 'out';
  /** 'consumer', 'bot', 'agent:<id>', 'ombudsman:<id>'. */
  author: string;
  text: string;
  intent: string | null;
  language: string | null;
  /** Whether the message is linked to this case (the rest of the conversation is context). */
  aboutThisCase: boolean;
  at: Date;
}

export interface DossierConversation {
  id: string;
  channel: string;
  language: string;
  startedAt: Date;
  messages: DossierMessage[];
}

/** A case event as the dossier shows it: the event history itself (db/cases.ts). */
export type DossierEvent = StoredCaseEvent;

export interface DossierDispute {
  kind: string;
  merchant: string | null;
  /** Minor units (öre, cents) with their ISO 4217 currency. */
  amountMinor: number | null;
  currency: string | null;
  /** returned, not_received, wrong_amount, faulty, refund_refused; null when not told. */
  refundReason: RefundReason | null;
  /** The merchant's (latest) claim to have settled, and where it stands; null when it made none. */
  settlementClaim: SettlementClaim | null;
  openedAt: Date;
  merchantWindowEndsAt: Date | null;
  merchantAnswer: string | null;
  merchantAnsweredAt: Date | null;
  escalatedAt: Date | null;
  disputeFeeCharged: boolean;
  decision: string | null;
  decisionReasoning: string | null;
  closedAt: Date | null;
}

export type TimelineEntry =
  | { kind: 'request'; at: Date; statement: string; desiredOutcome: string; proof: string }
  | { kind: 'message'; at: Date; message: DossierMessage }
  | { kind: 'event'; at: Date; event: DossierEvent }
  | { kind: 'note'; at: Date; note: DossierNote };

/** An agent's internal note on the case (`note:` in its Slack thread), masked as kept. */
export interface DossierNote {
  id: number;
  author: string;
  text: string;
}

/** Event types that are decisions on the matter (as opposed to work on it). */
export const DECISION_EVENTS = [
  'investigation_decided',
  'merchant_settled',
  'dispute_resumed',
  'resolved',
  'withdrawn',
  'ombudsman_decided',
  'outcome_changed',
] as const;

/** Another case of the same consumer, as the dossier lists it (issue 18, item 6). */
export interface DossierOtherCase {
  ref: string;
  intent: string;
  tier: string;
  status: string;
  outcome: string | null;
  openedAt: Date;
  finalStatementAt: Date | null;
  resolvedAt: Date | null;
  /** The final statement's text (the latest), as the agent wrote it. */
  finalStatement: string | null;
  ombudsmanDecision: string | null;
}

/** How many of the consumer's other conversations the dossier carries, newest first. */
export const DOSSIER_CONTACT_LIMIT = 20;

export interface Dossier {
  case: Case;
  request: OmbudsmanRequestRow | null;
  conversations: DossierConversation[];
  events: DossierEvent[];
  decisions: DossierEvent[];
  finalStatements: { text: string; by: string; at: Date }[];
  dispute: DossierDispute | null;
  rating: { rating: number | null; comment: string | null; ratedAt: Date | null } | null;
  processFeedback: { tier: string; decision: string; note: string; author: string; at: Date }[];
  /** The agents' internal notes: how the case was worked, which the ombudsman reviews too. */
  notes: (DossierNote & { at: Date })[];
  /** Everything above that happened at a time, oldest first. */
  timeline: TimelineEntry[];
  /** The consumer's other cases, oldest first: their history with the company, not only this case. */
  earlierCases: DossierOtherCase[];
  /** The consumer's other conversations (contacts not about this case), the newest
   *  DOSSIER_CONTACT_LIMIT, oldest first, messages masked as everywhere in the dossier. */
  earlierContacts: DossierConversation[];
  /** Who opened this dossier and who decided (or was refused), oldest first. */
  access: OmbudsmanAccessEntry[];
}

export async function loadDossier(q: Queryable, ref: string): Promise<Dossier | undefined> {
  const stored = await findCaseByRef(q, ref);
  if (!stored) return undefined;
  const caseId = stored.id;

  const { rows: messageRows } = await q.query<{
    id: number;
    conversation_id: string;
    channel: string;
    conversation_language: string;
    conversation_created_at: Date;
    case_id: number | null;
    direction: 'in' | 'out';
    author: string;
    redacted_text: string;
    intent: string | null;
    language: string | null;
    created_at: Date;
  }>(
    `WITH about AS (
       SELECT DISTINCT conversation_id AS id FROM messages WHERE case_id = $1
       UNION SELECT conversation_id FROM cases WHERE id = $1 AND conversation_id IS NOT NULL
     )
     SELECT m.id, m.conversation_id, v.channel, v.language AS conversation_language, v.created_at AS conversation_created_at,
            m.case_id, m.direction, m.author, m.redacted_text, m.intent, m.language, m.created_at
       FROM about a JOIN conversations v ON v.id = a.id JOIN messages m ON m.conversation_id = v.id
      ORDER BY v.created_at, v.id, m.id`,
    [caseId],
  );
  const conversations = new Map<string, DossierConversation>();
  const messages: DossierMessage[] = [];
  for (const row of messageRows) {
    let conversation = conversations.get(row.conversation_id);
    if (!conversation) {
      conversation = {
        id: row.conversation_id,
        channel: row.channel,
        language: row.conversation_language,
        startedAt: row.conversation_created_at,
        messages: [],
      };
      conversations.set(row.conversation_id, conversation);
    }
    const message: DossierMessage = {
      id: row.id,
      conversationId: row.conversation_id,
      direction: row.direction,
      author: row.author,
      text: row.redacted_text,
      intent: row.intent,
      language: row.language,
      aboutThisCase: row.case_id === caseId,
      at: row.created_at,
    };
    conversation.messages.push(message);
    messages.push(message);
  }

  const events = await caseEvents(q, caseId);

  const { rows: disputeRows } = await q.query<Omit<DossierDispute, 'settlementClaim'>>(
    // amount_minor as bigint (a Number on both drivers): ::int would fail above 21 million kronor.
    `SELECT d.kind, coalesce(m.name, d.merchant_name) AS merchant, d.amount_minor::bigint AS "amountMinor", d.currency,
            d.refund_reason AS "refundReason",
            d.opened_at AS "openedAt", d.window_ends_at AS "merchantWindowEndsAt", d.merchant_answer AS "merchantAnswer",
            d.merchant_answered_at AS "merchantAnsweredAt", d.escalated_at AS "escalatedAt",
            d.dispute_fee_charged AS "disputeFeeCharged", d.decision, d.decision_reasoning AS "decisionReasoning",
            d.closed_at AS "closedAt"
       FROM disputes d LEFT JOIN merchants m ON m.id = d.merchant_id
      WHERE d.case_id = $1`,
    [caseId],
  );

  const { rows: ratingRows } = await q.query<{ rating: number | null; comment: string | null; ratedAt: Date | null }>(
    'SELECT rating, comment, rated_at AS "ratedAt" FROM case_ratings WHERE case_id = $1',
    [caseId],
  );

  const { rows: feedback } = await q.query<{ tier: string; decision: string; note: string; author: string; at: Date }>(
    'SELECT tier, decision, note, author, created_at AS at FROM process_feedback WHERE case_id = $1 ORDER BY id',
    [caseId],
  );

  const { rows: noteRows } = await q.query<{ id: number; author: string; text: string; at: Date }>(
    'SELECT id, author, redacted_text AS text, created_at AS at FROM case_notes WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  const notes = noteRows.map((row) => ({ ...row, id: Number(row.id) }));

  const request = (await ombudsmanRequestOf(q, caseId)) ?? null;
  const decisionTypes: readonly string[] = DECISION_EVENTS;
  const decisions = events.filter((event) => decisionTypes.includes(event.type));
  const finalStatements = events
    .filter((event) => event.type === 'final_statement_issued')
    .map((event) => ({ text: String(event.data.text ?? ''), by: event.actor, at: event.at }));

  const timeline: TimelineEntry[] = [
    ...messages.map((message): TimelineEntry => ({ kind: 'message', at: message.at, message })),
    ...events.map((event): TimelineEntry => ({ kind: 'event', at: event.at, event })),
    ...notes.map(({ at, ...note }): TimelineEntry => ({ kind: 'note', at, note })),
  ];
  if (request) {
    timeline.push({
      kind: 'request',
      at: request.createdAt,
      statement: request.statement,
      desiredOutcome: request.desiredOutcome,
      proof: request.proof,
    });
  }
  // Time first; at one instant, what the consumer wrote comes before what it caused (their
  // request before the events it produced, a message before the events of its handling).
  const rank = { request: 0, message: 1, event: 2, note: 3 } as const;
  const idOf = (entry: TimelineEntry) =>
    entry.kind === 'message'
      ? entry.message.id
      : entry.kind === 'event'
        ? entry.event.id
        : entry.kind === 'note'
          ? entry.note.id
          : 0;
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind] || idOf(a) - idOf(b));

  return {
    case: stored.case,
    request,
    conversations: [...conversations.values()],
    events,
    decisions,
    finalStatements,
    // The claim's row columns say where it stands; the case's own value has the rest (who, terms).
    dispute: disputeRows[0]
      ? { ...disputeRows[0], settlementClaim: stored.case.dispute?.settlementClaim ?? null }
      : null,
    rating: ratingRows[0] ?? null,
    processFeedback: feedback,
    notes,
    timeline,
    earlierCases: await otherCasesOf(q, stored.case.consumerId, caseId),
    earlierContacts: await otherContactsOf(q, stored.case.consumerId, new Set(conversations.keys())),
    access: await ombudsmanAccessOf(q, caseId),
  };
}

async function otherCasesOf(q: Queryable, consumerId: string, caseId: number): Promise<DossierOtherCase[]> {
  const { rows } = await q.query<DossierOtherCase>(
    `SELECT c.ref, c.intent, c.tier, c.status, c.outcome, c.created_at AS "openedAt", c.final_statement_at AS "finalStatementAt",
            c.resolved_at AS "resolvedAt", c.state->>'ombudsmanDecision' AS "ombudsmanDecision",
            (SELECT e.data->>'text' FROM case_events e WHERE e.case_id = c.id AND e.type = 'final_statement_issued'
              ORDER BY e.id DESC LIMIT 1) AS "finalStatement"
       FROM cases c WHERE c.consumer_id = $1 AND c.id <> $2
      ORDER BY c.created_at, c.id`,
    [consumerId, caseId],
  );
  return rows;
}

async function otherContactsOf(q: Queryable, consumerId: string, shown: Set<string>): Promise<DossierConversation[]> {
  const { rows: talks } = await q.query<{ id: string; channel: string; language: string; startedAt: Date }>(
    `SELECT id, channel, language, created_at AS "startedAt" FROM conversations
      WHERE consumer_id = $1 AND NOT (id::text = ANY($2::text[]))
      ORDER BY created_at DESC, id LIMIT $3`,
    [consumerId, [...shown], DOSSIER_CONTACT_LIMIT],
  );
  if (talks.length === 0) return [];
  const { rows } = await q.query<{
    id: number;
    conversation_id: string;
    direction: 'in' | 'out';
    author: string;
    redacted_text: string;
    intent: string | null;
    language: string | null;
    created_at: Date;
  }>(
    `SELECT id, conversation_id, direction, author, redacted_text, intent, language, created_at
       FROM messages WHERE conversation_id = ANY($1::uuid[]) ORDER BY id`,
    [talks.map((talk) => talk.id)],
  );
  const byId = new Map(
    talks.reverse().map((talk): [string, DossierConversation] => [talk.id, { ...talk, messages: [] }]),
  );
  for (const row of rows) {
    byId.get(row.conversation_id)?.messages.push({
      id: Number(row.id),
      conversationId: row.conversation_id,
      direction: row.direction,
      author: row.author,
      text: row.redacted_text,
      intent: row.intent,
      language: row.language,
      aboutThisCase: false,
      at: row.created_at,
    });
  }
  return [...byId.values()];
}
