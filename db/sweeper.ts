// The timer sweeper: fires due timers (a merchant's window, a consumer's deadline, a first-
// response target), and marks registered complaints past their answer date (db/complaints.ts). Each timer is claimed, fired and marked in one transaction with the
// decision it causes: a crash anywhere rolls all of it back, so no timer is lost and none is
// fired twice; SKIP LOCKED lets every replica sweep at the same time.
import { commandForTimer, decide, DEFAULT_POLICY } from '../routing/index.ts';
import { findCaseById } from './cases.ts';
import { commitDecision, type DecisionContext } from './decisions.ts';
import { claimOverdueComplaint } from './complaints.ts';
import { claimDueTimer, markTimerFired } from './timers.ts';

export interface SweepReport {
  fired: number;
  /** Due timers whose command routing refused (the case had moved on): marked, nothing changed. */
  obsolete: number;
}

export async function sweepDueTimers(
  context: DecisionContext,
  now: Date,
  options: { limit?: number } = {},
): Promise<SweepReport> {
  const report: SweepReport = { fired: 0, obsolete: 0 };
  const limit = options.limit ?? 500;
  while (report.fired + report.obsolete < limit) {
    const outcome = await context.db.transaction(async (tx) => {
      const timer = await claimDueTimer(tx, now);
      if (!timer) return undefined;
      const before = await findCaseById(tx, timer.caseId, { lock: true });
      await markTimerFired(tx, timer.id, now);
      if (!before) return { fired: false as const };
      const decision = decide(before.case, commandForTimer(timer.kind), now, context.policy ?? DEFAULT_POLICY);
      if (!decision.ok) return { fired: false as const };
      const stored = await commitDecision(tx, context.signal, before, decision, now);
      return { fired: true as const, caseId: stored.id };
    });
    if (!outcome) break;
    if (outcome.fired) {
      report.fired += 1;
      context.signal.afterCommit(outcome.caseId);
    } else {
      report.obsolete += 1;
    }
  }
  // Registered complaints past their answer date: marked once, and the case they concern raised.
  while (report.fired + report.obsolete < limit) {
    const outcome = await context.db.transaction(async (tx) => {
      const complaint = await claimOverdueComplaint(tx, now);
      if (!complaint) return undefined;
      const before = complaint.caseId === null ? undefined : await findCaseById(tx, complaint.caseId, { lock: true });
      if (!before) return { fired: true as const, caseId: undefined };
      const decision = decide(
        before.case,
        { type: 'complaint_overdue', actor: { kind: 'system' }, channel: complaint.channel },
        now,
        context.policy ?? DEFAULT_POLICY,
      );
      if (!decision.ok) return { fired: false as const };
      const stored = await commitDecision(tx, context.signal, before, decision, now);
      return { fired: true as const, caseId: stored.id };
    });
    if (!outcome) break;
    if (outcome.fired) {
      report.fired += 1;
      if (outcome.caseId !== undefined) context.signal.afterCommit(outcome.caseId);
    } else report.obsolete += 1;
  }
  return report;
}

/** Sweeps every `intervalMs` until stopped; errors are reported and the next sweep tries again. */
export function startSweeper(
  context: DecisionContext,
  options: {
    intervalMs?: number;
    now?: () => Date;
    onError?: (error: Error) => void;
    onSweep?: (report: SweepReport) => void;
  } = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 1_000;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = sweepDueTimers(context, options.now?.() ?? new Date())
      .then((report) => {
        if (report.fired || report.obsolete) options.onSweep?.(report);
      })
      .catch((error: Error) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
