// A resolved case's rating (migration 0003, table case_ratings): asked for once, rated once,
// commented once; bot/dialog/rating.ts asks, bot/dialog/dialog.ts stores the answers. "Once"
// takes no lock of its own: the row's primary key makes the request an INSERT ... ON CONFLICT
// DO NOTHING that one replica wins, and the rating and the comment are UPDATEs conditional on
// the column still being NULL, whose row count says whether this one counted.
import type { Queryable } from './driver.ts';

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

/** The consumer's comment on their rating (once). */
export async function commentRating(q: Queryable, caseId: number, comment: string): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE case_ratings SET comment = $2 WHERE case_id = $1 AND rating IS NOT NULL AND comment IS NULL',
    [caseId, comment],
  );
  return rowCount === 1;
}
