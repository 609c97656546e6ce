// Desk modals' submissions, applied once (migration 0009), keyed by the view's id and hash: a
// replayed or doubly delivered submission, on any replica, finds the claim of the first. The
// claim lives as long as the modal's answer: deleted when the modal showed an error (the agent
// submits the same view again), kept as applied when it closed the modal.
import type { Queryable } from './driver.ts';

/**
 * How long an unfinished claim holds off the same submission. Slack waits three seconds for the
 * modal's answer and then shows the agent that it failed: a claim this old lost its replica.
 */
export const VIEW_CLAIM_LEASE_SECONDS = 10;
/** Submissions older than this are forgotten (replays past Slack's signature window are refused). */
const VIEW_KEPT_SECONDS = 3_600;

export interface SubmittedView {
  viewId: string;
  hash: string;
}

/** `claimed`: this caller applies it; `applied`: done before; `busy`: another caller is applying it now. */
export type ViewClaim = 'claimed' | 'applied' | 'busy';

export async function claimViewSubmission(q: Queryable, view: SubmittedView, now: Date): Promise<ViewClaim> {
  // A conflicting claim being inserted at this moment makes this insert wait for it (PostgreSQL
  // checks the key under a lock), so of two at once exactly one returns a row.
  const { rows } = await q.query<{ view_id: string }>(
    `INSERT INTO slack_view_submissions (view_id, view_hash, claimed_at) VALUES ($1, $2, $3)
     ON CONFLICT (view_id, view_hash) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
      WHERE slack_view_submissions.applied_at IS NULL
        AND slack_view_submissions.claimed_at < EXCLUDED.claimed_at - make_interval(secs => $4)
     RETURNING view_id`,
    [view.viewId, view.hash, now, VIEW_CLAIM_LEASE_SECONDS],
  );
  if (rows.length === 1) {
    await q.query('DELETE FROM slack_view_submissions WHERE claimed_at < $1::timestamptz - make_interval(secs => $2)', [
      now,
      VIEW_KEPT_SECONDS,
    ]);
    return 'claimed';
  }
  const { rows: held } = await q.query<{ applied: boolean }>(
    'SELECT applied_at IS NOT NULL AS applied FROM slack_view_submissions WHERE view_id = $1 AND view_hash = $2',
    [view.viewId, view.hash],
  );
  // Released between the two statements: free again, taken on the caller's next try.
  if (held.length === 0) return 'busy';
  return held[0]!.applied ? 'applied' : 'busy';
}

/** The submission closed its modal: every later copy of it is a replay. */
export async function markViewApplied(q: Queryable, view: SubmittedView, now: Date): Promise<void> {
  await q.query('UPDATE slack_view_submissions SET applied_at = $3 WHERE view_id = $1 AND view_hash = $2', [
    view.viewId,
    view.hash,
    now,
  ]);
}

/** The submission changed nothing (its modal shows an error, or it failed before answering): the same view may be submitted again. */
export async function releaseViewSubmission(q: Queryable, view: SubmittedView): Promise<void> {
  await q.query('DELETE FROM slack_view_submissions WHERE view_id = $1 AND view_hash = $2 AND applied_at IS NULL', [
    view.viewId,
    view.hash,
  ]);
}
