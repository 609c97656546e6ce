// Service levels: every case carries its due times, and a tier's queue shows the cases near or
// past breach first, then by priority, then oldest first. Clocks start when a case joins a tier
// (open, escalation, the end of the merchant window, a reopen, an ombudsman request) and do not
// restart on a release, so handing a case back cannot hide a late one (docs/peers.md: SLA clocks
// that ignore escalation).
import { addMinutes, DEFAULT_POLICY, type Policy } from './policy.ts';
import { isQueued } from './state.ts';
import type { Case, Tier } from './types.ts';

/** Service-level fields for a case joining `tier` at `now`: a fresh first-response clock. */
export function startServiceLevels(tier: Tier, now: Date, policy: Policy) {
  const level = policy.serviceLevels[tier];
  return {
    firstResponseAt: null,
    firstResponseDueAt: addMinutes(now, level.firstResponseMinutes),
    resolutionDueAt: addMinutes(now, level.resolutionMinutes),
    firstResponseBreachedAt: null,
  } satisfies Partial<Case>;
}

/** `stopped`: no clock runs (no target yet, or resolved); `met`: answered in time or late. */
export type ClockState = 'stopped' | 'met' | 'running' | 'near' | 'breached';

export interface ServiceLevelState {
  firstResponse: ClockState;
  resolution: ClockState;
  /** 0 = a target is breached, 1 = near breach, 2 = neither: the first key of the queue order. */
  urgency: 0 | 1 | 2;
}

function clock(due: Date | null, targetMinutes: number, now: Date, policy: Policy): ClockState {
  if (due === null) return 'stopped';
  const left = due.getTime() - now.getTime();
  if (left <= 0) return 'breached';
  if (left <= targetMinutes * policy.nearBreachShare * 60_000) return 'near';
  return 'running';
}

export function serviceLevelState(c: Case, now: Date, policy: Policy = DEFAULT_POLICY): ServiceLevelState {
  const level = policy.serviceLevels[c.tier];
  const resolved = c.status === 'resolved';
  const firstResponse: ClockState = resolved
    ? 'stopped'
    : c.firstResponseAt !== null
      ? 'met'
      : clock(c.firstResponseDueAt, level.firstResponseMinutes, now, policy);
  const resolution: ClockState = resolved ? 'stopped' : clock(c.resolutionDueAt, level.resolutionMinutes, now, policy);
  const states = [firstResponse, resolution];
  const urgency = states.includes('breached') ? 0 : states.includes('near') ? 1 : 2;
  return { firstResponse, resolution, urgency };
}

/** Has the first-response target passed with no agent message to the consumer yet? */
export function isFirstResponseBreached(c: Case, now: Date): boolean {
  return (
    c.status !== 'resolved' &&
    c.firstResponseAt === null &&
    c.firstResponseDueAt !== null &&
    now.getTime() >= c.firstResponseDueAt.getTime()
  );
}

interface QueueKey {
  urgency: number;
  priority: number;
  since: number;
  ref: string;
}

function queueKey(c: Case, now: Date, policy: Policy): QueueKey {
  return {
    urgency: serviceLevelState(c, now, policy).urgency,
    priority: c.priority,
    since: (c.queuedAt ?? c.openedAt).getTime(),
    ref: c.ref,
  };
}

// The ref breaks ties so that the order is the same on every replica.
function compareKeys(x: QueueKey, y: QueueKey): number {
  return (
    x.urgency - y.urgency ||
    x.priority - y.priority ||
    x.since - y.since ||
    (x.ref < y.ref ? -1 : x.ref > y.ref ? 1 : 0)
  );
}

/** Comparator for a queue: breached first, then near breach, then priority, then oldest. */
export function queueOrder(now: Date, policy: Policy = DEFAULT_POLICY): (a: Case, b: Case) => number {
  return (a, b) => compareKeys(queueKey(a, now, policy), queueKey(b, now, policy));
}

/** The given cases in queue order (a new array; the input is not changed). */
export function sortForQueue(cases: readonly Case[], now: Date, policy: Policy = DEFAULT_POLICY): Case[] {
  const keyed = cases.map((c) => ({ c, key: queueKey(c, now, policy) }));
  keyed.sort((x, y) => compareKeys(x.key, y.key));
  return keyed.map((k) => k.c);
}

/** A tier's queue: its queued cases in queue order. Resolved or held cases are in no queue. */
export function queueOf(cases: readonly Case[], tier: Tier, now: Date, policy: Policy = DEFAULT_POLICY): Case[] {
  return sortForQueue(
    cases.filter((c) => c.tier === tier && isQueued(c)),
    now,
    policy,
  );
}
