// The cases table group, read side: a case row (routing's Case as columns + jsonb) and its
// append-only events. Writes go through db/write-decision.ts, one statement per decision, and
// check the version they read (optimistic concurrency): a stale write changes nothing and throws
// StaleCaseError, and the caller decides again on fresh data. Nothing is silently overwritten.
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

const CASE_COLUMNS = `id, version, state`;

function fromRow(row: { id: number; version: number; state: unknown }): StoredCase {
  return { id: row.id, version: row.version, case: Case.parse(row.state) };
}

export async function findCaseByRef(q: Queryable, ref: string): Promise<StoredCase | undefined> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE ref = $1`,
    [ref],
    { name: 'ombud_find_case_by_ref' },
  );
  return rows[0] && fromRow(rows[0]);
}

export async function findCaseById(
  q: Queryable,
  id: number,
  options: { lock?: boolean } = {},
): Promise<StoredCase | undefined> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [id],
    { name: options.lock ? 'ombud_find_case_by_id_for_update' : 'ombud_find_case_by_id' },
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

/**
 * The consumer's cases whose merchant claims to have settled and waits for the consumer's answer,
 * oldest claim first: what the dialog asks about ("the shop says it refunded 899 kr — right?")
 * and answers with consumer_confirmed_settlement or consumer_objected.
 */
export async function casesAwaitingSettlementAnswer(q: Queryable, consumerId: string): Promise<StoredCase[]> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT c.id, c.version, c.state FROM cases c JOIN disputes d ON d.case_id = c.id
      WHERE c.consumer_id = $1 AND c.status <> 'resolved' AND d.settlement_status = 'pending' AND d.closed_at IS NULL
      ORDER BY d.settlement_claimed_at, c.id`,
    [consumerId],
  );
  return rows.map(fromRow);
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
