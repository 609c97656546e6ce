// Applying routing's decisions: the case row, its events, its timers, its dispute row and the
// change signal, in one transaction. Every entry point (a command on a case, opening a case, an
// agent's pickup, a due timer) ends in `commitDecision`.
import { randomInt } from 'node:crypto';
import {
  decide,
  DEFAULT_POLICY,
  type Case,
  type Command,
  type CommandOf,
  type Decided,
  type Policy,
  type RoutingError,
} from '../routing/index.ts';
import { findCaseById, findCaseByRef, StaleCaseError, type StoredCase } from './cases.ts';
import type { CaseSignal } from './case-signal.ts';
import type { Db, Queryable } from './driver.ts';
import {
  isPurchaseDisputeConflict,
  purchaseConflictRefusal,
  type PurchaseHasOpenDispute,
} from './purchase-disputes.ts';
import { decisionStatement } from './write-decision.ts';

export interface DecisionContext {
  db: Db;
  signal: CaseSignal;
  policy?: Policy;
}

export type CommandResult =
  | { ok: true; stored: StoredCase; decided: Decided }
  | { ok: false; error: RoutingError }
  | PurchaseHasOpenDispute;

/**
 * Writes a decision over `before` (null for a new case) in one statement (db/write-decision.ts),
 * so `q` may be the Db itself (atomic on its own) or a transaction that holds locks.
 * Throws StaleCaseError when `before` is no longer the current version.
 */
export async function commitDecision(
  q: Queryable,
  signal: CaseSignal,
  before: StoredCase | null,
  decided: Decided,
  at: Date,
  options: { dropClaim?: boolean } = {},
): Promise<StoredCase> {
  const write = {
    ...decided,
    disputeChanged: disputeChanged(before?.case ?? null, decided.case),
    at,
    dropClaim: options.dropClaim,
  };
  const statement = decisionStatement(write, before ?? undefined);
  const { rows } = await q.query<{ id: number; version: number }>(statement.text, statement.values, {
    name: statement.name,
  });
  if (!rows[0]) throw new StaleCaseError(decided.case.ref);
  await signal.inTransaction(q, rows[0].id);
  return { id: rows[0].id, version: rows[0].version, case: decided.case };
}

/** Whether a decision's dispute must be written: it is new, or it changed. */
export function disputeChanged(before: Case | null, after: Case): boolean {
  if (!after.dispute) return false;
  return JSON.stringify(before?.dispute ?? null) !== JSON.stringify(after.dispute);
}

/** A decision that holds no locks: one statement, in a transaction only when the signal needs one. */
export function commitAlone(
  context: DecisionContext,
  before: StoredCase | null,
  decided: Decided,
  now: Date,
  options: { dropClaim?: boolean } = {},
): Promise<StoredCase> {
  return context.signal.needsTransaction
    ? context.db.transaction((tx) => commitDecision(tx, context.signal, before, decided, now, options))
    : commitDecision(context.db, context.signal, before, decided, now, options);
}

/**
 * PostgreSQL gave up the statement over a lock conflict with another transaction: a deadlock
 * (40P01: two writers took the same rows in the other order, e.g. a decision and the sweeper, or
 * the rating request on the conversation) or a serialization failure (40001). Nothing of it was
 * written, so deciding again on the current version is safe.
 */
export function isLockConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Optimistic rounds before a command waits its turn on the case's row lock. */
const OPTIMISTIC_ATTEMPTS = 3;
/** Locked rounds a lock conflict may cost before the command gives up with its error. */
const LOCKED_ATTEMPTS = 3;

/**
 * Runs a command on the case `ref`: read, decide, write with the version read. When someone else
 * changed the case in between, it reads and decides again (the command may now be refused).
 * Under contention (an agent's burst of replies beside the consumer's messages, on several
 * replicas) every optimistic round can be lost to another writer; after a few the command takes
 * the row lock (FOR UPDATE) and is decided on the current version, so it is never dropped. The
 * common, uncontended path stays one statement with no lock.
 */
export async function runCaseCommand(
  context: DecisionContext,
  ref: string,
  command: Command,
  now: Date,
): Promise<CommandResult> {
  let caseId = 0;
  for (let attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
    const before = await findCaseByRef(context.db, ref);
    if (!before) return { ok: false, error: { code: 'case_not_found', message: `There is no case ${ref}.` } };
    const decision = decide(before.case, command, now, context.policy ?? DEFAULT_POLICY);
    if (!decision.ok) return decision;
    try {
      const stored = await commitAlone(context, before, decision, now);
      context.signal.afterCommit(stored.id);
      return { ok: true, stored, decided: decision };
    } catch (error) {
      if (isPurchaseDisputeConflict(error)) {
        const refusal = await purchaseConflictRefusal(context.db, decision.case);
        if (refusal) return refusal;
      } else if (!(error instanceof StaleCaseError) && !isLockConflict(error)) throw error;
      caseId = before.id;
    }
  }
  for (let attempt = 1; ; attempt++) {
    let decided: Case | undefined;
    try {
      const result = await context.db.transaction(async (tx): Promise<CommandResult> => {
        const before = await findCaseById(tx, caseId, { lock: true });
        if (!before) return { ok: false, error: { code: 'case_not_found', message: `There is no case ${ref}.` } };
        const decision = decide(before.case, command, now, context.policy ?? DEFAULT_POLICY);
        if (!decision.ok) return decision;
        decided = decision.case;
        return { ok: true, stored: await commitDecision(tx, context.signal, before, decision, now), decided: decision };
      });
      if (result.ok) context.signal.afterCommit(result.stored.id);
      return result;
    } catch (error) {
      if (decided && isPurchaseDisputeConflict(error)) {
        const refusal = await purchaseConflictRefusal(context.db, decided);
        if (refusal) return refusal;
        if (attempt < LOCKED_ATTEMPTS) continue;
      }
      if (!isLockConflict(error) || attempt >= LOCKED_ATTEMPTS) throw error;
    }
  }
}

/**
 * Opens a case with a fresh reference; `ref` in the command is ignored and chosen here. A dispute
 * of a purchase that already has an open one is refused with `purchase_has_open_dispute` and the
 * case that has it (`existing`): a second report of a purchase joins its open case.
 */
export async function openCase(
  context: DecisionContext,
  command: Omit<CommandOf<'open'>, 'ref'>,
  now: Date,
  q?: Queryable,
): Promise<CommandResult> {
  for (let attempt = 1; ; attempt++) {
    const decision = decide(null, { ...command, ref: newCaseRef() }, now, context.policy ?? DEFAULT_POLICY);
    if (!decision.ok) return decision;
    // In the caller's transaction a refused write would abort it (PostgreSQL), so ask first; two
    // such callers at once still meet the index, and the second one's transaction fails.
    const open = q && decision.case.dispute ? await purchaseConflictRefusal(q, decision.case) : undefined;
    if (open) return open;
    try {
      const stored = q
        ? await commitDecision(q, context.signal, null, decision, now)
        : await commitAlone(context, null, decision, now);
      context.signal.afterCommit(stored.id);
      return { ok: true, stored, decided: decision };
    } catch (error) {
      if (!q && isPurchaseDisputeConflict(error)) {
        const refusal = await purchaseConflictRefusal(context.db, decision.case);
        if (refusal) return refusal;
        // The open dispute closed in between: this one may open now.
        if (attempt < 3) continue;
      }
      // Two references alike in 32^8: draw again.
      const duplicateRef =
        (error as { code?: string; constraint?: string }).code === '23505' &&
        /ref/.test(String((error as Error).message));
      if (!duplicateRef || attempt >= 3 || q) throw error;
    }
  }
}

// Crockford's base32: no I, L, O or U, so a reference read aloud or retyped stays unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `OMB-` and eight characters, at least one of them a digit (so it never reads as a word). */
export function newCaseRef(): string {
  for (;;) {
    let body = '';
    for (let index = 0; index < 8; index++) body += ALPHABET[randomInt(ALPHABET.length)];
    if (/\d/.test(body)) return `OMB-${body}`;
  }
}
