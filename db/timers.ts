// Timer rows (migration 0002): routing says which to set or cancel; the sweeper fires due ones.
import type { TimerInstruction, TimerKind } from '../routing/index.ts';
import type { Queryable } from './driver.ts';

export async function applyTimerChanges(tx: Queryable, caseId: number, changes: readonly TimerInstruction[], at: Date): Promise<void> {
  for (const change of changes) {
    if (change.action === 'set') {
      // The partial unique index allows one pending timer per kind: setting again moves it.
      await tx.query(
        `INSERT INTO case_timers (case_id, kind, due_at, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, kind) WHERE fired_at IS NULL AND cancelled_at IS NULL
         DO UPDATE SET due_at = EXCLUDED.due_at`,
        [caseId, change.kind, change.dueAt, at],
      );
    } else {
      await tx.query(
        'UPDATE case_timers SET cancelled_at = $3 WHERE case_id = $1 AND kind = $2 AND fired_at IS NULL AND cancelled_at IS NULL',
        [caseId, change.kind, at],
      );
    }
  }
}

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
