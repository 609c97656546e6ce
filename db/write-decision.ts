// One decision, one statement: the case row, its events, its timer changes and its dispute row
// written by a single INSERT/UPDATE with data-modifying CTEs.
//
// Why one statement: a statement is atomic on its own, so opening a case needs no BEGIN/COMMIT
// and costs one round trip instead of six; inside a transaction (pickup, sweeper) it still saves
// four. bench:queue measured intake at ~1.8k/s with one statement per table and [see README]
// with this. The events, timers and dispute join on the written case row, so a stale update
// (no row) writes none of them.
import type { Case, CaseEvent, TimerInstruction } from '../routing/index.ts';

const CASE_VALUES = `$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18`;

const INSERT_CASE = `
  INSERT INTO cases (ref, consumer_id, conversation_id, intent, language, tier, status, priority, assignee, outcome,
                     queued_at, first_response_due_at, resolution_due_at, first_response_at, final_statement_at,
                     resolved_at, invoice_state, state, created_at, updated_at)
  VALUES (${CASE_VALUES}, $19, $19)
  RETURNING id, version`;

const UPDATE_CASE = `
  UPDATE cases
     SET ref = $1, consumer_id = $2, conversation_id = $3, intent = $4, language = $5, tier = $6, status = $7,
         priority = $8, assignee = $9, outcome = $10, queued_at = $11, first_response_due_at = $12,
         resolution_due_at = $13, first_response_at = $14, final_statement_at = $15, resolved_at = $16,
         invoice_state = $17, state = $18, updated_at = $19, version = version + 1
   WHERE id = $24 AND version = $25
  RETURNING id, version`;

const REST = `
  events AS (
    INSERT INTO case_events (case_id, type, actor, reason, data, at)
    -- in the decision's order: ids follow it, and the history is read by id
    SELECT c.id, e.event->>'type', e.event->>'actor', e.event->>'reason', coalesce(e.event->'data', '{}'::jsonb),
           (e.event->>'at')::timestamptz
      FROM c, jsonb_array_elements($20::jsonb) WITH ORDINALITY AS e(event, n)
     ORDER BY e.n
  ),
  set_timers AS (
    INSERT INTO case_timers (case_id, kind, due_at, created_at)
    SELECT c.id, t.kind, t.due_at, $19 FROM c, jsonb_to_recordset($21::jsonb) AS t(kind text, due_at timestamptz)
    ON CONFLICT (case_id, kind) WHERE fired_at IS NULL AND cancelled_at IS NULL DO UPDATE SET due_at = EXCLUDED.due_at
  ),
  cancel_timers AS (
    -- case_id compared with a scalar subquery, not joined to c: the join was not used as an
    -- index condition and the scan grew with the table (a 10,000-row filter per decision)
    UPDATE case_timers SET cancelled_at = $19
     WHERE cardinality($22::text[]) > 0 -- evaluated once: most decisions cancel nothing and skip the scan
       AND case_id = (SELECT id FROM c) AND kind = ANY($22::text[]) AND fired_at IS NULL AND cancelled_at IS NULL
  ),
  dispute AS (
    SELECT * FROM jsonb_to_record($23::jsonb) AS d(kind text, merchant_name text, amount_minor bigint, currency text,
      window_ends_at timestamptz, merchant_answer text, merchant_answered_at timestamptz, escalated_at timestamptz,
      dispute_fee_charged boolean, decision text, decision_reasoning text, opened_at timestamptz, closed_at timestamptz)
     WHERE $23::jsonb IS NOT NULL
  ),
  merchant AS (
    -- DO UPDATE (a no-op change) rather than DO NOTHING, so that RETURNING gives the id either way
    INSERT INTO merchants (name, normalized_name)
    SELECT merchant_name, lower(btrim(merchant_name)) FROM dispute WHERE merchant_name IS NOT NULL
    ON CONFLICT (normalized_name) DO UPDATE SET normalized_name = EXCLUDED.normalized_name
    RETURNING id
  ),
  saved_dispute AS (
    INSERT INTO disputes (case_id, kind, merchant_id, merchant_name, amount_minor, currency, window_ends_at, merchant_answer,
                          merchant_answered_at, escalated_at, dispute_fee_charged, decision, decision_reasoning, opened_at, closed_at)
    SELECT c.id, d.kind, (SELECT id FROM merchant), d.merchant_name, d.amount_minor, d.currency, d.window_ends_at, d.merchant_answer,
           d.merchant_answered_at, d.escalated_at, d.dispute_fee_charged, d.decision, d.decision_reasoning, d.opened_at, d.closed_at
      FROM c, dispute d
    ON CONFLICT (case_id) DO UPDATE SET
      kind = EXCLUDED.kind, merchant_id = EXCLUDED.merchant_id, merchant_name = EXCLUDED.merchant_name,
      amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency, window_ends_at = EXCLUDED.window_ends_at,
      merchant_answer = EXCLUDED.merchant_answer, merchant_answered_at = EXCLUDED.merchant_answered_at,
      escalated_at = EXCLUDED.escalated_at, dispute_fee_charged = EXCLUDED.dispute_fee_charged, decision = EXCLUDED.decision,
      decision_reasoning = EXCLUDED.decision_reasoning, closed_at = EXCLUDED.closed_at
  )
  SELECT id, version FROM c`;

export const INSERT_DECISION_SQL = `WITH c AS (${INSERT_CASE}),${REST}`;
export const UPDATE_DECISION_SQL = `WITH c AS (${UPDATE_CASE}),${REST}`;

export interface DecisionWrite {
  case: Case;
  events: readonly CaseEvent[];
  timers: readonly TimerInstruction[];
  /** Whether the dispute row must be written (it changed, or is new). */
  disputeChanged: boolean;
  at: Date;
}

/** The parameters of INSERT_DECISION_SQL ($1..$23) or UPDATE_DECISION_SQL ($1..$25). */
export function decisionParams(write: DecisionWrite, update?: { id: number; version: number }): unknown[] {
  const kase = write.case;
  const dispute = write.disputeChanged && kase.dispute
    ? {
        kind: kase.dispute.kind,
        merchant_name: kase.dispute.merchantName,
        amount_minor: kase.dispute.amountMinor,
        currency: kase.dispute.currency,
        window_ends_at: kase.dispute.windowEndsAt,
        merchant_answer: kase.dispute.merchantAnswer,
        merchant_answered_at: kase.dispute.merchantAnsweredAt,
        escalated_at: kase.dispute.escalatedAt,
        dispute_fee_charged: kase.dispute.disputeFeeCharged,
        decision: kase.dispute.decision,
        decision_reasoning: kase.dispute.decisionReasoning,
        opened_at: kase.dispute.openedAt,
        closed_at: kase.dispute.closedAt,
      }
    : null;
  const params: unknown[] = [
    kase.ref,
    kase.consumerId,
    kase.conversationId,
    kase.intent,
    kase.language,
    kase.tier,
    kase.status,
    kase.priority,
    kase.assignee,
    kase.outcome,
    kase.queuedAt,
    kase.firstResponseDueAt,
    kase.resolutionDueAt,
    kase.firstResponseAt,
    kase.finalStatementAt,
    kase.resolvedAt,
    kase.invoiceState,
    JSON.stringify(kase),
    write.at,
    JSON.stringify(write.events),
    JSON.stringify(write.timers.filter((timer) => timer.action === 'set').map((timer) => ({ kind: timer.kind, due_at: timer.dueAt }))),
    write.timers.filter((timer) => timer.action === 'cancel').map((timer) => timer.kind),
    dispute && JSON.stringify(dispute),
  ];
  if (update) params.push(update.id, update.version);
  return params;
}
