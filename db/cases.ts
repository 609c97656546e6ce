// The cases table group: a case row (routing's Case as columns + jsonb), its append-only
// events and its dispute row. Writes check the version they read (optimistic concurrency): a
// stale write changes nothing and throws StaleCaseError, and the caller decides again on fresh
// data. Nothing is silently overwritten.
import { Case } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

export interface StoredCase {
  id: number;
  version: number;
  case: Case;
}

export class StaleCaseError extends Error {
  override name = 'StaleCaseError';
  constructor(readonly ref: string) {
    super(`case ${ref} was changed by someone else since it was read`);
  }
}

export interface CaseEventInput {
  type: string;
  actor: string;
  reason?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

const CASE_COLUMNS = `id, version, state`;

function fromRow(row: { id: number; version: number; state: unknown }): StoredCase {
  return { id: row.id, version: row.version, case: Case.parse(row.state) };
}

/** The columns that queries filter and sort on, from the case itself: one mapping, both writes. */
function columnsOf(kase: Case): unknown[] {
  return [
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
  ];
}

export async function insertCase(tx: Queryable, kase: Case, at: Date): Promise<StoredCase> {
  const { rows } = await tx.query<{ id: number; version: number }>(
    `INSERT INTO cases (ref, consumer_id, conversation_id, intent, language, tier, status, priority,
                        assignee, outcome, queued_at, first_response_due_at, resolution_due_at,
                        first_response_at, final_statement_at, resolved_at, invoice_state, state,
                        created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
     RETURNING id, version`,
    [...columnsOf(kase), at],
  );
  return { id: rows[0]!.id, version: rows[0]!.version, case: kase };
}

/** Writes `kase` over the row if it is still at `expectedVersion`; else StaleCaseError. */
export async function updateCase(
  tx: Queryable,
  stored: Pick<StoredCase, 'id' | 'version'>,
  kase: Case,
  at: Date,
): Promise<StoredCase> {
  const { rows } = await tx.query<{ version: number }>(
    `UPDATE cases
        SET ref = $1, consumer_id = $2, conversation_id = $3, intent = $4, language = $5, tier = $6,
            status = $7, priority = $8, assignee = $9, outcome = $10, queued_at = $11,
            first_response_due_at = $12, resolution_due_at = $13, first_response_at = $14,
            final_statement_at = $15, resolved_at = $16, invoice_state = $17, state = $18,
            updated_at = $19, version = version + 1
      WHERE id = $20 AND version = $21
      RETURNING version`,
    [...columnsOf(kase), at, stored.id, stored.version],
  );
  if (!rows[0]) throw new StaleCaseError(kase.ref);
  return { id: stored.id, version: rows[0].version, case: kase };
}

export async function findCaseByRef(q: Queryable, ref: string): Promise<StoredCase | undefined> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE ref = $1`,
    [ref],
  );
  return rows[0] && fromRow(rows[0]);
}

export async function findCaseById(q: Queryable, id: number, options: { lock?: boolean } = {}): Promise<StoredCase | undefined> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] && fromRow(rows[0]);
}

export async function listCases(
  q: Queryable,
  filter: { tier?: string; status?: string; consumerId?: string; limit?: number } = {},
): Promise<StoredCase[]> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT ${CASE_COLUMNS} FROM cases
      WHERE ($1::text IS NULL OR tier = $1)
        AND ($2::text IS NULL OR status = $2)
        AND ($3::text IS NULL OR consumer_id = $3)
      ORDER BY (status = 'resolved'), priority, coalesce(queued_at, created_at), id
      LIMIT $4`,
    [filter.tier ?? null, filter.status ?? null, filter.consumerId ?? null, filter.limit ?? 100],
  );
  return rows.map(fromRow);
}

export async function appendCaseEvents(tx: Queryable, caseId: number, events: readonly CaseEventInput[]): Promise<void> {
  // One statement for all of a decision's events keeps the transaction short.
  if (events.length === 0) return;
  const values: unknown[] = [];
  const tuples = events.map((event, index) => {
    values.push(caseId, event.type, event.actor, event.reason ?? null, JSON.stringify(event.data ?? {}), event.at);
    const base = index * 6;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`;
  });
  await tx.query(`INSERT INTO case_events (case_id, type, actor, reason, data, at) VALUES ${tuples.join(', ')}`, values);
}

export interface StoredCaseEvent {
  id: number;
  type: string;
  actor: string;
  reason: string | null;
  data: Record<string, unknown>;
  at: Date;
}

export async function caseEvents(q: Queryable, caseId: number): Promise<StoredCaseEvent[]> {
  const { rows } = await q.query<StoredCaseEvent>(
    'SELECT id, type, actor, reason, data, at FROM case_events WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows;
}

/** Keeps the `disputes` row in step with the case's dispute (merchant rates are read from it). */
export async function saveDispute(tx: Queryable, caseId: number, kase: Case): Promise<void> {
  const dispute = kase.dispute;
  if (!dispute) return;
  await tx.query(
    `INSERT INTO merchants (name, normalized_name)
     SELECT $1::text, lower(btrim($1::text)) WHERE $1::text IS NOT NULL
     ON CONFLICT (normalized_name) DO NOTHING`,
    [dispute.merchantName],
  );
  await tx.query(
    `INSERT INTO disputes (case_id, kind, merchant_id, merchant_name, amount_minor, currency, window_ends_at,
                           merchant_answer, merchant_answered_at, escalated_at, dispute_fee_charged, decision,
                           decision_reasoning, opened_at, closed_at)
     VALUES ($1, $2, (SELECT id FROM merchants WHERE normalized_name = lower(btrim($3::text))), $3, $4, $5, $6,
             $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (case_id) DO UPDATE SET
       kind = EXCLUDED.kind, merchant_id = EXCLUDED.merchant_id, merchant_name = EXCLUDED.merchant_name,
       amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency, window_ends_at = EXCLUDED.window_ends_at,
       merchant_answer = EXCLUDED.merchant_answer, merchant_answered_at = EXCLUDED.merchant_answered_at,
       escalated_at = EXCLUDED.escalated_at, dispute_fee_charged = EXCLUDED.dispute_fee_charged,
       decision = EXCLUDED.decision, decision_reasoning = EXCLUDED.decision_reasoning, closed_at = EXCLUDED.closed_at`,
    [
      caseId,
      dispute.kind,
      dispute.merchantName,
      dispute.amountMinor,
      dispute.currency,
      dispute.windowEndsAt,
      dispute.merchantAnswer,
      dispute.merchantAnsweredAt,
      dispute.escalatedAt,
      dispute.disputeFeeCharged,
      dispute.decision,
      dispute.decisionReasoning,
      dispute.openedAt,
      dispute.closedAt,
    ],
  );
}
