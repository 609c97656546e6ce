// Timer rows (migration 0002): routing says which to set or cancel (written with the decision,
// db/write-decision.ts); the sweeper claims and fires the due ones.
import type { TimerKind } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

export interface DueTimer {
  id: number;
  caseId: number;
  kind: TimerKind;
  dueAt: Date;
}

/**
 * Locks the next due timer that no other sweeper holds. SKIP LOCKED lets any number of
 * replicas sweep at once; the lock lasts until the caller's transaction ends, and firing the
 * timer happens in that same transaction, so a crash releases it unfired.
 */
export async function claimDueTimer(tx: Queryable, now: Date): Promise<DueTimer | undefined> {
  const { rows } = await tx.query<{ id: number; case_id: number; kind: TimerKind; due_at: Date }>(
    `SELECT id, case_id, kind, due_at FROM case_timers
      WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1
      ORDER BY due_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED`,
    [now],
  );
  const row = rows[0];
  return row && { id: row.id, caseId: row.case_id, kind: row.kind, dueAt: row.due_at };
}

export async function markTimerFired(tx: Queryable, timerId: number, at: Date): Promise<void> {
  await tx.query('UPDATE case_timers SET fired_at = $2 WHERE id = $1', [timerId, at]);
}

export async function pendingTimers(q: Queryable, caseId: number): Promise<{ kind: TimerKind; dueAt: Date }[]> {
  const { rows } = await q.query<{ kind: TimerKind; due_at: Date }>(
    'SELECT kind, due_at FROM case_timers WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at',
    [caseId],
  );
  return rows.map((row) => ({ kind: row.kind, dueAt: row.due_at }));
}
