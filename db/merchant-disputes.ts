// A merchant's own disputes, for its API (bot/merchant/, docs/merchants.md): only those linked to
// it (disputes.merchant_id). Another merchant's dispute, or a case without one, is simply not
// found, so a reference tells a merchant nothing about disputes that are not its own.
import { Case } from '../routing/index.ts';
import type { StoredCase } from './cases.ts';
import type { Queryable } from './driver.ts';

/** The merchant's disputes, newest first (at most `limit`). */
export async function merchantDisputeCases(
  q: Queryable,
  merchantId: number,
  options: { limit?: number } = {},
): Promise<StoredCase[]> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT c.id::int AS id, c.version, c.state FROM disputes d JOIN cases c ON c.id = d.case_id
      WHERE d.merchant_id = $1
      ORDER BY d.opened_at DESC, d.id DESC
      LIMIT $2`,
    [merchantId, options.limit ?? 500],
  );
  return rows.map((row) => ({ id: row.id, version: row.version, case: Case.parse(row.state) }));
}

/** The case of dispute `ref` when its dispute is the merchant's; undefined otherwise. */
export async function findMerchantDisputeCase(
  q: Queryable,
  merchantId: number,
  ref: string,
): Promise<StoredCase | undefined> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    `SELECT c.id::int AS id, c.version, c.state FROM cases c JOIN disputes d ON d.case_id = c.id
      WHERE c.ref = $1 AND d.merchant_id = $2`,
    [ref, merchantId],
  );
  const row = rows[0];
  return row && { id: row.id, version: row.version, case: Case.parse(row.state) };
}

/**
 * The merchant's latest account of the dispute (its contest through the API, or an agent's
 * "Merchant responded"), as the case's history keeps it (masked); undefined when it gave none.
 */
export async function latestMerchantResponse(
  q: Queryable,
  caseId: number,
): Promise<{ summary: string | null; evidence: string[]; at: Date } | undefined> {
  const { rows } = await q.query<{ data: { summary?: unknown; evidence?: unknown }; at: Date }>(
    `SELECT data, at FROM case_events WHERE case_id = $1 AND type = 'merchant_responded' ORDER BY id DESC LIMIT 1`,
    [caseId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const evidence = Array.isArray(row.data.evidence)
    ? row.data.evidence.filter((id): id is string => typeof id === 'string')
    : [];
  return { summary: typeof row.data.summary === 'string' ? row.data.summary : null, evidence, at: new Date(row.at) };
}
