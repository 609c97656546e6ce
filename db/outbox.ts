// The outbox (migration 0010): events for systems outside Ombud, written in the transaction of the
// decision that caused them (db/write-decision.ts) and delivered at least once by every replica's
// worker (bot/outbox/). A worker claims due events with FOR UPDATE SKIP LOCKED and a lease: the
// claim moves `next_attempt_at` a lease ahead, so no other replica takes the event while its
// claimant is trying, and one whose claimant died is due again when the lease runs out.
//
// A case's events go out in the order they were written: an event is not claimed while an earlier
// one of its case for the same destination is undelivered (trying, waiting to retry, or stopped
// after a permanent refusal). A receiver never learns of a chargeback before the pause it ends.
import { randomUUID } from 'node:crypto';
import { Case, merchantDisputeView, type CaseEvent, type Json } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

/** The payments core (CORE_WEBHOOK_URL). */
export const CORE_DESTINATION = 'core';
/**
 * A merchant's webhook is destination `merchant:<id>` (its URL and secret in `merchants`). A
 * decision names its merchant events `merchant`: the statement that writes them puts the id of
 * the dispute's merchant in, and leaves them out when the dispute has no merchant, or its
 * merchant no webhook URL (db/write-decision.ts).
 */
export const MERCHANT_DESTINATION = 'merchant';
export const MERCHANT_DESTINATION_PREFIX = 'merchant:';

/**
 * A merchant's e-mail (to its contact address, where SMTP_URL is set; bot/outbox/merchant-mail.ts)
 * is destination `mail:merchant-<id>`: a copy of each dispute event of `MAILED_EVENT_TYPES`,
 * written beside the webhook's when the merchant has a contact e-mail, with an id of its own
 * (derived from the event's, so a re-run writes the same one). Its order and retries are its own:
 * a mail server that is down holds back no webhook, and a webhook no mail.
 */
export const MERCHANT_MAIL_PREFIX = 'mail:merchant-';
export const MAILED_EVENT_TYPES = [
  'dispute.opened',
  'dispute.reminder',
  'dispute.escalated',
  'dispute.decided',
] as const;

/** The merchant id of a destination `mail:merchant-<id>`; undefined for any other. */
export function merchantIdOfMailDestination(destination: string): number | undefined {
  const match = /^mail:merchant-(\d{1,15})$/.exec(destination);
  return match ? Number(match[1]) : undefined;
}

/** The merchant id of a destination `merchant:<id>`; undefined for any other. */
export function merchantIdOfDestination(destination: string): number | undefined {
  const match = /^merchant:(\d{1,15})$/.exec(destination);
  return match ? Number(match[1]) : undefined;
}

/**
 * The case events the dispute's merchant is told of, and the event type it gets (docs/events.md).
 * The invoice events stand for the dispute's end: they are written exactly when it closes (or an
 * ombudsman's overturn changes what it ended in).
 */
const MERCHANT_EVENTS: Partial<Record<CaseEvent['type'], string>> = {
  dispute_opened: 'dispute.opened',
  dispute_resumed: 'dispute.opened',
  merchant_reminded: 'dispute.reminder',
  // investigation asks the merchant for its account: a reminder with the question's own respondBy
  info_requested: 'dispute.reminder',
  dispute_escalated: 'dispute.escalated',
  dispute_fee_charged: 'fee.charged',
  invoice_reactivated: 'dispute.decided',
  invoice_charged_back: 'dispute.decided',
};

function merchantEventType(kase: Case, event: CaseEvent): string | undefined {
  const type = MERCHANT_EVENTS[event.type];
  if (!type || kase.dispute === null) return undefined;
  if (event.type === 'info_requested' && event.data.from !== 'merchant') return undefined;
  if (type === 'dispute.decided' && kase.dispute.closedAt === null) return undefined;
  return type;
}

/** The case events that change the consumer's invoice, and the event the payments core gets for each. */
const INVOICE_EVENTS: Partial<Record<CaseEvent['type'], { type: string; state: string }>> = {
  invoice_paused: { type: 'invoice.paused', state: 'paused' },
  invoice_reactivated: { type: 'invoice.reactivated', state: 'reactivated' },
  invoice_charged_back: { type: 'invoice.charged_back', state: 'charged_back' },
};

/**
 * The standard fee as the merchant is told of it: `{kind, amount, currency, month}`, amounts in
 * minor units, the month (UTC) it is charged in. The event's id is also the fee's row in the
 * ledger (db/merchant-fees.ts). Routing puts the amount on the `dispute_fee_charged` event.
 */
function disputeFeeData(kase: Case, event: CaseEvent): { [key: string]: Json } {
  const fee: { [key: string]: Json } = { kind: 'dispute_fee' };
  const { amountMinor, currency } = event.data;
  if (typeof amountMinor === 'number' && typeof currency === 'string') {
    fee.amount = amountMinor;
    fee.currency = currency;
    fee.month = feeMonth(kase.dispute?.escalatedAt ?? event.at);
  }
  return fee;
}

/** A time of an event's data (a Date in the decision, a string once stored) as ISO 8601; null when absent. */
function jsonTime(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? new Date(value).toISOString() : null;
}

/** The month (UTC, `YYYY-MM`) a charge at `at` belongs to. */
export function feeMonth(at: Date | string): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** Whether a decision's case events send anything out (its write then needs the outbox part). */
export function hasOutgoingEvents(events: readonly CaseEvent[]): boolean {
  return events.some((event) => INVOICE_EVENTS[event.type] !== undefined || MERCHANT_EVENTS[event.type] !== undefined);
}

export interface NewOutboxEvent {
  id: string;
  destination: string;
  type: string;
  data: { [key: string]: Json };
}

/**
 * The events a decision sends out, in the order of its case events: to the payments core one for
 * each change of the invoice, with what the core needs to find the invoice (the purchase's id in
 * the core when the consumer picked one, otherwise the order number, the shop and the amount) and
 * the case reference; to the dispute's merchant (`merchant`, see MERCHANT_DESTINATION) one for its
 * opening, each reminder, its escalation (and fee), and its end, with the dispute as the merchant
 * sees it (routing/merchant-disputes.ts: nothing personal).
 * Each gets its id here, once: it is the receiver's idempotency key on every try.
 */
export function outgoingEvents(kase: Case, events: readonly CaseEvent[]): NewOutboxEvent[] {
  const out: NewOutboxEvent[] = [];
  for (const event of events) {
    const merchantType = merchantEventType(kase, event);
    if (merchantType) {
      const data: { [key: string]: Json } = { dispute: { ...merchantDisputeView(kase) } };
      if (merchantType === 'fee.charged') data.fee = disputeFeeData(kase, event);
      // Investigation's question: what it asks (masked when it was written) and by when.
      if (event.type === 'info_requested') {
        data.request = {
          question: typeof event.data.question === 'string' ? event.data.question : null,
          respondBy: jsonTime(event.data.dueAt),
        };
      }
      out.push({ id: randomUUID(), destination: MERCHANT_DESTINATION, type: merchantType, data });
    }
    const outgoing = INVOICE_EVENTS[event.type];
    if (!outgoing) continue;
    const dispute = kase.dispute;
    const data: { [key: string]: Json } = {
      caseRef: kase.ref,
      consumerId: kase.consumerId,
      state: outgoing.state,
      previousState: typeof event.data.from === 'string' ? event.data.from : null,
      amount: dispute?.amountMinor ?? null,
      currency: dispute?.currency ?? null,
    };
    if (kase.purchaseId !== null) data.purchaseId = kase.purchaseId;
    if (kase.orderNumber !== null) data.orderNumber = kase.orderNumber;
    if (dispute?.merchantName) data.merchant = dispute.merchantName;
    out.push({ id: randomUUID(), destination: CORE_DESTINATION, type: outgoing.type, data });
  }
  return out;
}

/**
 * Disputes linked to their merchant after they opened (a name registered later, an agent's link):
 * the merchant is told of each one still open now, when it has a webhook URL, so its reminders and
 * escalation never come without the opening. Written in the link's transaction; returns how many.
 */
export async function announceLinkedDisputes(q: Queryable, caseIds: readonly number[], at: Date): Promise<number> {
  if (caseIds.length === 0) return 0;
  const { rows } = await q.query<{
    case_id: number;
    merchant_id: number;
    state: unknown;
    webhook: boolean;
    mail: boolean;
  }>(
    `SELECT c.id::int AS case_id, d.merchant_id::int AS merchant_id, c.state,
            m.webhook_url IS NOT NULL AS webhook, m.contact_email IS NOT NULL AS mail
       FROM cases c JOIN disputes d ON d.case_id = c.id JOIN merchants m ON m.id = d.merchant_id
      WHERE c.id = ANY($1::bigint[]) AND d.closed_at IS NULL AND (m.webhook_url IS NOT NULL OR m.contact_email IS NOT NULL)
      ORDER BY c.id`,
    [caseIds],
  );
  if (rows.length === 0) return 0;
  const events = rows.flatMap((row) => {
    const data = { dispute: { ...merchantDisputeView(Case.parse(row.state)) } };
    const base = { type: 'dispute.opened', case_id: row.case_id, data };
    return [
      ...(row.webhook
        ? [{ ...base, id: randomUUID(), destination: `${MERCHANT_DESTINATION_PREFIX}${row.merchant_id}` }]
        : []),
      ...(row.mail ? [{ ...base, id: randomUUID(), destination: `${MERCHANT_MAIL_PREFIX}${row.merchant_id}` }] : []),
    ];
  });
  await q.query(
    `INSERT INTO outbox (id, destination, type, case_id, data, created_at, next_attempt_at)
     SELECT (e.event->>'id')::uuid, e.event->>'destination', e.event->>'type', (e.event->>'case_id')::bigint, e.event->'data', $2, $2
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(event, n)
      ORDER BY e.n`,
    [JSON.stringify(events), at],
  );
  return events.length;
}

export interface ClaimedOutboxEvent {
  id: string;
  seq: number;
  destination: string;
  type: string;
  caseId: number | null;
  data: { [key: string]: Json };
  createdAt: Date;
  /** This try's number (1 = the first); a later write about it names it, so a lapsed claim's late answer changes nothing. */
  attempt: number;
}

interface OutboxRow {
  id: string;
  seq: number | string;
  destination: string;
  type: string;
  case_id: number | string | null;
  data: { [key: string]: Json };
  created_at: Date;
  attempts: number;
}

/**
 * Claims up to `limit` due events for `destinations`, oldest first, each for `leaseSeconds`.
 * SKIP LOCKED: replicas claiming at the same moment take different events instead of waiting on
 * each other; the claim commits at once, and the moved `next_attempt_at` keeps the event from
 * every later scan until the lease ends.
 */
export async function claimOutboxEvents(
  q: Queryable,
  input: { destinations: readonly string[]; now: Date; leaseSeconds: number; limit: number; merchants?: boolean },
): Promise<ClaimedOutboxEvent[]> {
  const { rows } = await q.query<OutboxRow>(
    `WITH due AS (
       SELECT o.id FROM outbox o
        WHERE o.delivered_at IS NULL AND o.stopped_at IS NULL AND o.next_attempt_at <= $2
          AND (o.destination = ANY($1::text[]) OR ($5::boolean AND (o.destination LIKE 'merchant:%' OR o.destination LIKE 'mail:merchant-%')))
          AND NOT EXISTS (SELECT 1 FROM outbox earlier
                           WHERE earlier.case_id = o.case_id AND earlier.destination = o.destination
                             AND earlier.seq < o.seq AND earlier.delivered_at IS NULL)
        ORDER BY o.next_attempt_at, o.seq
        LIMIT $4
        FOR UPDATE SKIP LOCKED
     )
     UPDATE outbox SET attempts = outbox.attempts + 1, last_attempt_at = $2,
                       next_attempt_at = $2::timestamptz + make_interval(secs => $3)
       FROM due WHERE outbox.id = due.id
     RETURNING outbox.id, outbox.seq, outbox.destination, outbox.type, outbox.case_id, outbox.data, outbox.created_at, outbox.attempts`,
    [input.destinations, input.now, input.leaseSeconds, input.limit, input.merchants ?? false],
    { name: 'ombud_outbox_claim_merchants' },
  );
  return rows
    .map((row) => ({
      id: row.id,
      seq: Number(row.seq),
      destination: row.destination,
      type: row.type,
      caseId: row.case_id === null ? null : Number(row.case_id),
      data: row.data,
      createdAt: new Date(row.created_at),
      attempt: row.attempts,
    }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * The event is done without being sent: a merchant's e-mail with no SMTP_URL set or no contact
 * address any more. Kept as delivered with the reason, so it is neither tried again nor piled up.
 */
export async function markOutboxSkipped(q: Queryable, id: string, now: Date, reason: string): Promise<void> {
  await q.query(
    'UPDATE outbox SET delivered_at = $2, stopped_at = NULL, last_error = $3 WHERE id = $1 AND delivered_at IS NULL',
    [id, now, reason],
    {
      name: 'ombud_outbox_skipped',
    },
  );
}

/** The receiver took the event. Whoever's try it was: a success is one even after the lease. */
export async function markOutboxDelivered(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query(
    'UPDATE outbox SET delivered_at = $2, stopped_at = NULL WHERE id = $1 AND delivered_at IS NULL',
    [id, now],
    {
      name: 'ombud_outbox_delivered',
    },
  );
}

/**
 * A try failed: the event is due again at `retryAt`, or stopped (`retryAt` null) after a
 * permanent refusal. Only while the claim of `attempt` is the latest: when the lease ran out
 * and another replica took the event, that replica's try decides.
 */
export async function markOutboxFailed(
  q: Queryable,
  input: { id: string; attempt: number; now: Date; error: string; retryAt: Date | null },
): Promise<void> {
  await q.query(
    `UPDATE outbox SET last_error = $4,
            next_attempt_at = coalesce($5, next_attempt_at),
            stopped_at = CASE WHEN $5::timestamptz IS NULL THEN $3::timestamptz END
      WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL`,
    [input.id, input.attempt, input.now, input.error, input.retryAt],
    { name: 'ombud_outbox_failed' },
  );
}

/** Gives a claim back unanswered (its replica is stopping), so any replica may try the event at once. */
export async function releaseOutboxClaim(
  q: Queryable,
  input: { id: string; attempt: number; now: Date },
): Promise<void> {
  await q.query('UPDATE outbox SET next_attempt_at = $3 WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL', [
    input.id,
    input.attempt,
    input.now,
  ]);
}

export interface OutboxFigures {
  destination: string;
  /** Events not delivered yet: waiting, being tried, retrying or stopped. */
  pending: number;
  /** Of those, the ones whose last try failed and that will be tried again. */
  retrying: number;
  /** Of those, the ones stopped after a permanent refusal, until an operator retries them. */
  stopped: number;
  /** Age of the oldest undelivered event; 0 when none. */
  oldestSeconds: number;
}

/** Per destination (the payments core always, others while they have undelivered events). */
export async function outboxFigures(q: Queryable, now: Date): Promise<OutboxFigures[]> {
  const { rows } = await q.query<{
    destination: string;
    pending: number;
    retrying: number;
    stopped: number;
    oldest_seconds: number;
  }>(
    `SELECT d.destination,
            count(o.id)::int AS pending,
            (count(o.id) FILTER (WHERE o.last_error IS NOT NULL AND o.stopped_at IS NULL))::int AS retrying,
            (count(o.id) FILTER (WHERE o.stopped_at IS NOT NULL))::int AS stopped,
            coalesce(extract(epoch FROM $1::timestamptz - min(o.created_at)), 0)::float8 AS oldest_seconds
       FROM (SELECT $2::text AS destination UNION SELECT destination FROM outbox WHERE delivered_at IS NULL) d
       LEFT JOIN outbox o ON o.destination = d.destination AND o.delivered_at IS NULL
      GROUP BY d.destination
      ORDER BY d.destination`,
    [now, CORE_DESTINATION],
  );
  return rows.map((row) => ({
    destination: row.destination,
    pending: row.pending,
    retrying: row.retrying,
    stopped: row.stopped,
    oldestSeconds: Math.max(0, Number(row.oldest_seconds)),
  }));
}

export interface FailingDelivery {
  id: string;
  destination: string;
  type: string;
  caseRef: string | null;
  createdAt: Date;
  attempts: number;
  lastAttemptAt: Date | null;
  lastError: string;
  /** When it is tried next; null when stopped. */
  nextAttemptAt: Date | null;
  stoppedAt: Date | null;
}

/** Undelivered events whose last try failed, stopped ones first, then the oldest. */
export async function failingDeliveries(q: Queryable, options: { limit?: number } = {}): Promise<FailingDelivery[]> {
  const { rows } = await q.query<{
    id: string;
    destination: string;
    type: string;
    ref: string | null;
    created_at: Date;
    attempts: number;
    last_attempt_at: Date | null;
    last_error: string;
    next_attempt_at: Date;
    stopped_at: Date | null;
  }>(
    `SELECT o.id, o.destination, o.type, c.ref, o.created_at, o.attempts, o.last_attempt_at, o.last_error, o.next_attempt_at, o.stopped_at
       FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
      WHERE o.delivered_at IS NULL AND o.last_error IS NOT NULL
      ORDER BY o.stopped_at IS NULL, o.seq
      LIMIT $1`,
    [options.limit ?? 100],
  );
  return rows.map((row) => ({
    id: row.id,
    destination: row.destination,
    type: row.type,
    caseRef: row.ref,
    createdAt: new Date(row.created_at),
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at === null ? null : new Date(row.last_attempt_at),
    lastError: row.last_error,
    nextAttemptAt: row.stopped_at === null ? new Date(row.next_attempt_at) : null,
    stoppedAt: row.stopped_at === null ? null : new Date(row.stopped_at),
  }));
}

/**
 * An operator sends a stopped event again (the receiver was fixed): due now, with its id and body
 * unchanged. False when no stopped event has that id.
 */
export async function retryStoppedEvent(q: Queryable, id: string, now: Date): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
  const { rowCount } = await q.query(
    'UPDATE outbox SET stopped_at = NULL, next_attempt_at = $2 WHERE id = $1 AND stopped_at IS NOT NULL AND delivered_at IS NULL',
    [id, now],
  );
  return rowCount === 1;
}
