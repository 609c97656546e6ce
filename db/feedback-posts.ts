// Posting the ombudsman's process feedback to the team it concerns (migration 0021,
// bot/slack/feedback-poster.ts): a note is claimed for a lease, posted, then marked; a claim
// whose poster died lapses and another replica posts the note.
import type { Queryable } from './driver.ts';

export interface FeedbackToPost {
  id: number;
  caseId: number;
  caseRef: string;
  tier: 'customer_service' | 'investigation' | 'specialist';
  decision: 'upheld' | 'overturned';
  note: string;
}

/** Claims up to `limit` unposted notes (of one case, or of any), oldest first, for `leaseSeconds`. */
export async function claimFeedbackToPost(
  q: Queryable,
  input: { caseId?: number; now: Date; leaseSeconds: number; limit: number },
): Promise<FeedbackToPost[]> {
  const { rows } = await q.query<{
    id: string | number;
    case_id: string | number;
    ref: string;
    tier: FeedbackToPost['tier'];
    decision: FeedbackToPost['decision'];
    note: string;
  }>(
    `WITH due AS (
       SELECT f.id FROM process_feedback f
        WHERE f.posted_at IS NULL AND (f.post_claimed_until IS NULL OR f.post_claimed_until <= $1)
          AND ($2::bigint IS NULL OR f.case_id = $2)
        ORDER BY f.id
        LIMIT $4
        FOR UPDATE SKIP LOCKED
     )
     UPDATE process_feedback f SET post_claimed_until = $1::timestamptz + make_interval(secs => $3)
       FROM due, cases c
      WHERE f.id = due.id AND c.id = f.case_id
     RETURNING f.id, f.case_id, c.ref, f.tier, f.decision, f.note`,
    [input.now, input.caseId ?? null, input.leaseSeconds, input.limit],
  );
  return rows
    .map((row) => ({
      id: Number(row.id),
      caseId: Number(row.case_id),
      caseRef: row.ref,
      tier: row.tier,
      decision: row.decision,
      note: row.note,
    }))
    .sort((a, b) => a.id - b.id);
}

export async function markFeedbackPosted(q: Queryable, id: number, now: Date): Promise<void> {
  await q.query(
    'UPDATE process_feedback SET posted_at = $2, post_claimed_until = NULL WHERE id = $1 AND posted_at IS NULL',
    [id, now],
  );
}

/** A post that failed is due again at `retryAt`: the notes behind it go on meanwhile. */
export async function deferFeedbackPost(q: Queryable, id: number, retryAt: Date): Promise<void> {
  await q.query('UPDATE process_feedback SET post_claimed_until = $2 WHERE id = $1 AND posted_at IS NULL', [
    id,
    retryAt,
  ]);
}
