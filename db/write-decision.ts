// One decision, one statement: the case row, its events, and (when the decision has them) its
// timer changes, dispute row and outgoing events (db/outbox.ts), written by a single INSERT/UPDATE
// with data-modifying CTEs.
//
// Why one statement: a statement is atomic on its own, so opening a case needs no BEGIN/COMMIT
// and costs one round trip instead of six; inside a transaction (pickup, sweeper) it saves four.
// Why only the parts a decision needs: every CTE runs even when its input is empty, and a full
// statement made a pickup cost twice a plain UPDATE (bench:queue). Each shape is its own named
// (prepared) statement. The events, timers, dispute and outgoing events hang off the written case
// row, so a stale update (no row: the version moved on) writes none of them: an event leaves the
// building exactly when its decision is written.
import { merchantKeys, type Case, type CaseEvent, type TimerInstruction } from '../routing/index.ts';
import {
  feeMonth,
  hasOutgoingEvents,
  MAILED_EVENT_TYPES,
  MERCHANT_DESTINATION,
  MERCHANT_DESTINATION_PREFIX,
  MERCHANT_MAIL_PREFIX,
  outgoingEvents,
  type NewOutboxEvent,
} from './outbox.ts';
import { purchaseKeys } from './purchase-disputes.ts';

const CASE_COLUMNS = [
  'ref',
  'consumer_id',
  'conversation_id',
  'intent',
  'language',
  'tier',
  'status',
  'priority',
  'assignee',
  'outcome',
  'queued_at',
  'first_response_due_at',
  'resolution_due_at',
  'first_response_at',
  'final_statement_at',
  'resolved_at',
  'invoice_state',
  'state',
] as const;
// $1..$18 the columns above, $19 the decision's time, $20 the events; optional parts follow.
const AT = '$19';

const INSERT_CASE = `
  INSERT INTO cases (${CASE_COLUMNS.join(', ')}, created_at, updated_at)
  VALUES (${CASE_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')}, ${AT}, ${AT})
  RETURNING id, version`;

const updateCase = (id: string, version: string) => `
  UPDATE cases
     SET ${CASE_COLUMNS.map((column, index) => `${column} = $${index + 1}`).join(', ')},
         updated_at = ${AT}, version = version + 1
   WHERE id = ${id} AND version = ${version}
  RETURNING id, version`;

const EVENTS = `
  events AS (
    -- in the decision's order: ids follow it, and the history is read by id
    INSERT INTO case_events (case_id, type, actor, reason, data, at)
    SELECT c.id, e.event->>'type', e.event->>'actor', e.event->>'reason', coalesce(e.event->'data', '{}'::jsonb),
           (e.event->>'at')::timestamptz
      FROM c, jsonb_array_elements($20::jsonb) WITH ORDINALITY AS e(event, n)
     ORDER BY e.n
  )`;

const setTimers = (param: string) => `
  set_timers AS (
    INSERT INTO case_timers (case_id, kind, due_at, created_at)
    SELECT c.id, t.kind, t.due_at, ${AT} FROM c, jsonb_to_recordset(${param}::jsonb) AS t(kind text, due_at timestamptz)
    ON CONFLICT (case_id, kind) WHERE fired_at IS NULL AND cancelled_at IS NULL DO UPDATE SET due_at = EXCLUDED.due_at
  )`;

const cancelTimers = (param: string) => `
  cancel_timers AS (
    -- case_id against a scalar subquery, not a join to c: the join was not used as an index
    -- condition and the scan grew with the table
    UPDATE case_timers SET cancelled_at = ${AT}
     WHERE case_id = (SELECT id FROM c) AND kind = ANY(${param}::text[]) AND fired_at IS NULL AND cancelled_at IS NULL
  )`;

const saveDispute = (param: string) => `
  dispute AS (
    SELECT * FROM jsonb_to_record(${param}::jsonb) AS d(kind text, merchant_name text, amount_minor bigint, currency text,
      window_ends_at timestamptz, merchant_answer text, merchant_answered_at timestamptz, escalated_at timestamptz,
      dispute_fee_charged boolean, decision text, decision_reasoning text, opened_at timestamptz, closed_at timestamptz,
      purchase_id text, consumer_id text, merchant_key text, order_key text, refund_reason text, settlement_status text,
      settlement_claimed_at timestamptz, settlement_amount_minor bigint, settlement_currency text, settlement_confirm_by timestamptz,
      merchant_keys text[])
  ),
  merchant AS (
    -- the registered merchant the shop's name matches, its most literal key first (merchantKeys,
    -- db/merchants.ts); none leaves the dispute unlinked, with the name as typed, for an agent
    SELECT mk.merchant_id AS id
      FROM dispute d, unnest(d.merchant_keys) WITH ORDINALITY AS k(key, rank)
      JOIN merchant_keys mk ON mk.key = k.key
     ORDER BY k.rank LIMIT 1
  ),
  saved_dispute AS (
    INSERT INTO disputes (case_id, kind, merchant_id, merchant_name, amount_minor, currency, window_ends_at, merchant_answer,
                          merchant_answered_at, escalated_at, dispute_fee_charged, decision, decision_reasoning, opened_at, closed_at,
                          purchase_id, consumer_id, merchant_key, order_key, refund_reason, settlement_status, settlement_claimed_at,
                          settlement_amount_minor, settlement_currency, settlement_confirm_by)
    SELECT c.id, d.kind, (SELECT id FROM merchant), d.merchant_name, d.amount_minor, d.currency, d.window_ends_at, d.merchant_answer,
           d.merchant_answered_at, d.escalated_at, d.dispute_fee_charged, d.decision, d.decision_reasoning, d.opened_at, d.closed_at,
           d.purchase_id, d.consumer_id, d.merchant_key, d.order_key, d.refund_reason, d.settlement_status, d.settlement_claimed_at,
           d.settlement_amount_minor, d.settlement_currency, d.settlement_confirm_by
      FROM c, dispute d
    -- the purchase keys stay as first written: a dispute opened before migration 0012 stays
    -- outside its rule (db/purchase-disputes.ts)
    ON CONFLICT (case_id) DO UPDATE SET
      kind = EXCLUDED.kind, merchant_name = EXCLUDED.merchant_name,
      -- a link an agent made (db/merchants.ts) stays while the shop's name does
      merchant_id = CASE WHEN disputes.merchant_name IS NOT DISTINCT FROM EXCLUDED.merchant_name
                         THEN coalesce(disputes.merchant_id, EXCLUDED.merchant_id) ELSE EXCLUDED.merchant_id END,
      amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency, window_ends_at = EXCLUDED.window_ends_at,
      merchant_answer = EXCLUDED.merchant_answer, merchant_answered_at = EXCLUDED.merchant_answered_at,
      escalated_at = EXCLUDED.escalated_at, dispute_fee_charged = EXCLUDED.dispute_fee_charged, decision = EXCLUDED.decision,
      decision_reasoning = EXCLUDED.decision_reasoning, closed_at = EXCLUDED.closed_at, refund_reason = EXCLUDED.refund_reason,
      settlement_status = EXCLUDED.settlement_status, settlement_claimed_at = EXCLUDED.settlement_claimed_at,
      settlement_amount_minor = EXCLUDED.settlement_amount_minor, settlement_currency = EXCLUDED.settlement_currency,
      settlement_confirm_by = EXCLUDED.settlement_confirm_by
    RETURNING merchant_id
  )`;

// The dispute's merchant as this statement leaves it: the row it writes, else the stored one.
const SAVED_MERCHANT = '(SELECT merchant_id FROM saved_dispute)';
const STORED_MERCHANT = '(SELECT merchant_id FROM disputes WHERE case_id = (SELECT id FROM c))';

const saveOutbox = (param: string, merchantId: string) => `
  outbox AS (
    -- in the decision's order: a case's events are delivered in the order of seq. A merchant's
    -- event goes to 'merchant:<id>' of the dispute's merchant, and only when it has a webhook URL:
    -- a dispute of no registered merchant, or of one without a webhook, sends it nowhere.
    -- Where it has a contact e-mail, the merchant's dispute events also go to 'mail:merchant-<id>',
    -- with an id made from the event's (db/outbox.ts, MERCHANT_MAIL_PREFIX).
    INSERT INTO outbox (id, destination, type, case_id, data, created_at, next_attempt_at)
    SELECT t.id, t.destination, o.event->>'type', c.id, o.event->'data', ${AT}, ${AT}
      FROM c CROSS JOIN jsonb_array_elements(${param}::jsonb) WITH ORDINALITY AS o(event, n)
      LEFT JOIN merchants m ON m.id = ${merchantId}
      CROSS JOIN LATERAL (
        SELECT 1 AS k, (o.event->>'id')::uuid AS id, o.event->>'destination' AS destination
         WHERE o.event->>'destination' <> '${MERCHANT_DESTINATION}'
        UNION ALL
        SELECT 2, (o.event->>'id')::uuid, '${MERCHANT_DESTINATION_PREFIX}' || m.id
         WHERE o.event->>'destination' = '${MERCHANT_DESTINATION}' AND m.webhook_url IS NOT NULL
        UNION ALL
        SELECT 3, md5('mail:' || (o.event->>'id'))::uuid, '${MERCHANT_MAIL_PREFIX}' || m.id
         WHERE o.event->>'destination' = '${MERCHANT_DESTINATION}' AND m.contact_email IS NOT NULL
           AND o.event->>'type' = ANY('{${MAILED_EVENT_TYPES.join(',')}}'::text[])
      ) t
     ORDER BY o.n, t.k
  )`;

const saveFees = (param: string, merchantId: string) => `
  fees AS (
    -- the standard dispute fee in the ledger (db/merchant-fees.ts), under the dispute's merchant
    -- (none while it is unlinked); its id is its fee.charged event's. One per escalation: a second
    -- write of the same charge adds nothing.
    INSERT INTO merchant_fees (id, kind, case_id, merchant_id, escalated_at, month, market, amount_minor, currency, charged_at)
    SELECT (f->>'id')::uuid, 'dispute_fee', c.id, ${merchantId}, (f->>'escalatedAt')::timestamptz, f->>'month', f->>'market',
           (f->>'amount')::bigint, f->>'currency', ${AT}
      FROM c CROSS JOIN jsonb_array_elements(${param}::jsonb) AS f
    ON CONFLICT (kind, case_id, escalated_at) DO NOTHING
  )`;

const DROP_CLAIM = `
  dropped_claim AS (
    DELETE FROM case_claims WHERE case_id = (SELECT id FROM c)
  )`;

export interface DecisionWrite {
  case: Case;
  events: readonly CaseEvent[];
  timers: readonly TimerInstruction[];
  /** Whether the dispute row must be written (it changed, or is new). */
  disputeChanged: boolean;
  /** Whether the write ends a pickup claim on the case (db/queue.ts). */
  dropClaim?: boolean;
  at: Date;
}

export interface DecisionStatement {
  name: string;
  text: string;
  values: unknown[];
}

const statements = new Map<string, string>();

/** The statement that writes `write`, over the row `update` read (or a new row), with its values. */
export function decisionStatement(write: DecisionWrite, update?: { id: number; version: number }): DecisionStatement {
  const kase = write.case;
  const values: unknown[] = [
    ...CASE_COLUMNS.map((column) => columnValue(kase, column)),
    write.at,
    JSON.stringify(write.events),
  ];
  const next = (value: unknown) => `$${values.push(value)}`;
  const sets = write.timers.filter((timer) => timer.action === 'set');
  const cancels = write.timers.filter((timer) => timer.action === 'cancel');
  const parts: string[] = [];
  const shape: string[] = [update ? 'update' : 'insert'];
  // Placeholders are numbered in this fixed order, so one shape always has one text.
  const caseSql = update ? updateCase(next(update.id), next(update.version)) : INSERT_CASE;
  parts.push(EVENTS);
  if (sets.length) {
    parts.push(setTimers(next(JSON.stringify(sets.map((timer) => ({ kind: timer.kind, due_at: timer.dueAt }))))));
    shape.push('set');
  }
  if (cancels.length) {
    parts.push(cancelTimers(next(cancels.map((timer) => timer.kind))));
    shape.push('cancel');
  }
  const savesDispute = write.disputeChanged && kase.dispute !== null;
  if (savesDispute) {
    parts.push(saveDispute(next(JSON.stringify({ ...disputeRow(kase.dispute!), ...purchaseKeys(kase) }))));
    shape.push('dispute');
  }
  const outgoing = outgoingEvents(kase, write.events);
  if (outgoing.length) {
    parts.push(saveOutbox(next(JSON.stringify(outgoing)), savesDispute ? SAVED_MERCHANT : STORED_MERCHANT));
    shape.push('outbox');
  }
  const fees = ledgerFees(kase, write.events, outgoing);
  if (fees.length) {
    parts.push(saveFees(next(JSON.stringify(fees)), savesDispute ? SAVED_MERCHANT : STORED_MERCHANT));
    shape.push('fee');
  }
  if (write.dropClaim) {
    parts.push(DROP_CLAIM);
    shape.push('claim');
  }
  const name = `ombud_decision_${shape.join('_')}`;
  let text = statements.get(name);
  if (!text) {
    text = `WITH c AS (${caseSql}),${parts.join(',')}\n  SELECT id, version FROM c`;
    statements.set(name, text);
  }
  return { name, text, values };
}

/**
 * The ledger rows of a decision's standard fees: one per `dispute_fee_charged` event that carries
 * an amount, with the id of the fee.charged event written for it (outgoingEvents, in order).
 */
function ledgerFees(kase: Case, events: readonly CaseEvent[], outgoing: readonly NewOutboxEvent[]) {
  const charged = events.filter((event) => event.type === 'dispute_fee_charged');
  if (charged.length === 0 || !kase.dispute?.escalatedAt) return [];
  const feeEvents = outgoing.filter((event) => event.type === 'fee.charged');
  return charged.flatMap((event, index) => {
    const { amountMinor, currency, market } = event.data;
    const id = feeEvents[index]?.id;
    if (
      id === undefined ||
      typeof amountMinor !== 'number' ||
      typeof currency !== 'string' ||
      typeof market !== 'string'
    )
      return [];
    return [
      {
        id,
        escalatedAt: kase.dispute!.escalatedAt,
        month: feeMonth(kase.dispute!.escalatedAt!),
        market,
        amount: amountMinor,
        currency,
      },
    ];
  });
}

function columnValue(kase: Case, column: (typeof CASE_COLUMNS)[number]): unknown {
  switch (column) {
    case 'ref':
      return kase.ref;
    case 'consumer_id':
      return kase.consumerId;
    case 'conversation_id':
      return kase.conversationId;
    case 'intent':
      return kase.intent;
    case 'language':
      return kase.language;
    case 'tier':
      return kase.tier;
    case 'status':
      return kase.status;
    case 'priority':
      return kase.priority;
    case 'assignee':
      return kase.assignee;
    case 'outcome':
      return kase.outcome;
    case 'queued_at':
      return kase.queuedAt;
    case 'first_response_due_at':
      return kase.firstResponseDueAt;
    case 'resolution_due_at':
      return kase.resolutionDueAt;
    case 'first_response_at':
      return kase.firstResponseAt;
    case 'final_statement_at':
      return kase.finalStatementAt;
    case 'resolved_at':
      return kase.resolvedAt;
    case 'invoice_state':
      return kase.invoiceState;
    case 'state':
      return JSON.stringify(kase);
  }
}

function disputeRow(dispute: NonNullable<Case['dispute']>) {
  return {
    kind: dispute.kind,
    merchant_name: dispute.merchantName,
    amount_minor: dispute.amountMinor,
    currency: dispute.currency,
    window_ends_at: dispute.windowEndsAt,
    merchant_answer: dispute.merchantAnswer,
    merchant_answered_at: dispute.merchantAnsweredAt,
    escalated_at: dispute.escalatedAt,
    dispute_fee_charged: dispute.disputeFeeCharged,
    decision: dispute.decision,
    decision_reasoning: dispute.decisionReasoning,
    opened_at: dispute.openedAt,
    closed_at: dispute.closedAt,
    refund_reason: dispute.refundReason,
    settlement_status: dispute.settlementClaim?.status ?? null,
    settlement_claimed_at: dispute.settlementClaim?.claimedAt ?? null,
    settlement_amount_minor: dispute.settlementClaim?.amountMinor ?? null,
    settlement_currency: dispute.settlementClaim?.currency ?? null,
    settlement_confirm_by: dispute.settlementClaim?.confirmBy ?? null,
    merchant_keys: dispute.merchantName ? merchantKeys(dispute.merchantName) : [],
  };
}

// Many pickups in one statement (db/pickup-rounds.ts): each case's row with the version its claim
// read, its events, and its claim dropped. Only decisions that touch no timer, no dispute and send
// nothing out come here (a pickup never does); any other goes through decisionStatement one by
// one. A case whose version moved on is simply not in `c`, so its events are not written and its
// claim stays for the caller to drop.
const UPDATE_MANY = `
  WITH input AS (SELECT * FROM jsonb_populate_recordset(NULL::cases, $1::jsonb)),
  c AS (
    UPDATE cases
       SET ${CASE_COLUMNS.map((column) => `${column} = input.${column}`).join(', ')},
           updated_at = input.updated_at, version = cases.version + 1
      FROM input
     WHERE cases.id = input.id AND cases.version = input.version
    RETURNING cases.id, cases.version
  ),
  events AS (
    INSERT INTO case_events (case_id, type, actor, reason, data, at)
    SELECT c.id, e.event->>'type', e.event->>'actor', e.event->>'reason', coalesce(e.event->'data', '{}'::jsonb),
           (e.event->>'at')::timestamptz
      FROM c JOIN jsonb_to_recordset($2::jsonb) AS d(id bigint, events jsonb) ON d.id = c.id,
           jsonb_array_elements(d.events) WITH ORDINALITY AS e(event, n)
     ORDER BY c.id, e.n
  ),
  dropped_claims AS (
    DELETE FROM case_claims WHERE case_id IN (SELECT id FROM c)
  )
  SELECT id, version FROM c`;

export interface ClaimedWrite {
  /** The row the claim read. */
  before: { id: number; version: number };
  case: Case;
  events: readonly CaseEvent[];
  /** When it was decided. */
  at: Date;
}

/** Whether a decision can be written by `updateManyStatement`: no timers, the dispute unchanged, no outgoing events. */
export function fitsUpdateMany(write: Pick<DecisionWrite, 'timers' | 'disputeChanged' | 'events'>): boolean {
  return write.timers.length === 0 && !write.disputeChanged && !hasOutgoingEvents(write.events);
}

/** One statement writing several claimed cases' decisions. */
export function updateManyStatement(writes: readonly ClaimedWrite[]): DecisionStatement {
  const rows = writes.map((write) => {
    const row: Record<string, unknown> = { id: write.before.id, version: write.before.version, updated_at: write.at };
    for (const column of CASE_COLUMNS) row[column] = column === 'state' ? write.case : columnValue(write.case, column);
    return row;
  });
  const events = writes.map((write) => ({ id: write.before.id, events: write.events }));
  return {
    name: 'ombud_decision_update_many_claim',
    text: UPDATE_MANY,
    values: [JSON.stringify(rows), JSON.stringify(events)],
  };
}
