// The customer ombudsman's tables: the consumer's written request (`ombudsman_requests`), the
// one-time codes that prove ownership without a chat session, the contact e-mail on a case, and
// the process feedback a decision sends to the tier concerned.
//
// A request and a decision are each one transaction that first locks the case row (FOR UPDATE):
// routing decides on the locked case, so two requests for one case at once cannot both pass the
// "once per case" rule (the unique case_id would refuse the second anyway, but as a 500). Every
// refusal returns before anything is written, so a refused request leaves no trace but one: a
// one-time code that was tried has spent that try, right or wrong (`spendCodeTry`).
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import {
  Case as CaseSchema,
  decide,
  DEFAULT_POLICY,
  noticeMessageId,
  ombudsmanEligibility,
  ROUTING_ERRORS,
  type Case,
  type Command,
  type OverturnOutcome,
  type RoutingError,
} from '../routing/index.ts';
import type { StoredCase } from './cases.ts';
import { signalConsumerMessage } from './consumer-relay.ts';
import { commitDecision, type DecisionContext } from './decisions.ts';
import type { Db, Queryable } from './driver.ts';
import { latestConversation, openConversation, storeOutbound } from './messages.ts';
import { lowerTierActs, recordOmbudsmanAccess } from './ombudsman-accounts.ts';

export type OmbudsmanProof = 'session' | 'one_time_code';

/** A refusal with a stable code; routing's codes plus the few of this module. */
export interface OmbudsmanRefusal {
  ok: false;
  error: { code: string; message: string; kind: 'invalid' | 'forbidden' | 'not_found' | 'conflict' };
}

function refusal(code: string, message: string, kind: OmbudsmanRefusal['error']['kind']): OmbudsmanRefusal {
  return { ok: false, error: { code, message, kind } };
}

/** Routing's refusal, with the kind its code has (routing/errors.ts). */
function fromRouting(error: RoutingError): OmbudsmanRefusal {
  return refusal(error.code, error.message, ROUTING_ERRORS[error.code]);
}

/** The case row by reference, locked until the transaction ends. */
export async function lockCaseByRef(q: Queryable, ref: string): Promise<StoredCase | undefined> {
  const { rows } = await q.query<{ id: number; version: number; state: unknown }>(
    'SELECT id, version, state FROM cases WHERE ref = $1 FOR UPDATE',
    [ref],
  );
  const row = rows[0];
  return row && { id: row.id, version: row.version, case: CaseSchema.parse(row.state) };
}

export interface OmbudsmanRequestRow {
  id: string;
  caseId: number;
  consumerId: string;
  statement: string;
  desiredOutcome: string;
  language: string;
  proof: OmbudsmanProof;
  decision: 'upheld' | 'overturned' | null;
  reasoning: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  previousOutcome: string | null;
  newOutcome: string | null;
  createdAt: Date;
}

const REQUEST_COLUMNS = `id, case_id AS "caseId", consumer_id AS "consumerId", statement, desired_outcome AS "desiredOutcome",
  language, proof, decision, reasoning, decided_by AS "decidedBy", decided_at AS "decidedAt",
  previous_outcome AS "previousOutcome", new_outcome AS "newOutcome", created_at AS "createdAt"`;

export async function ombudsmanRequestOf(q: Queryable, caseId: number): Promise<OmbudsmanRequestRow | undefined> {
  const { rows } = await q.query<OmbudsmanRequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM ombudsman_requests WHERE case_id = $1`,
    [caseId],
  );
  return rows[0];
}

export type OneTimeCodeCheck = { caseId: number; code: string };

export type FiledRequest = { ok: true; requestId: string; stored: StoredCase; receiptId?: number };

/** The conversation a message about the case goes into: the case's own, else the consumer's latest. */
async function conversationOf(q: Queryable, kase: Case, at: Date): Promise<string> {
  return (
    kase.conversationId ??
    (await latestConversation(q, kase.consumerId, 'web')) ??
    (await latestConversation(q, kase.consumerId, 'app')) ??
    (await openConversation(q, { consumerId: kase.consumerId, channel: 'web', language: kase.language, at }))
  );
}

/**
 * The consumer's written request: ownership (the session's consumer, or a one-time code sent to
 * the case's contact), then routing's `request_ombudsman` on the locked case, then the request
 * row, in one transaction. `consumerId` null means the code proves ownership instead.
 */
export async function fileOmbudsmanRequest(
  context: DecisionContext,
  input: {
    ref: string;
    consumerId: string | null;
    code?: string;
    statement: string;
    desiredOutcome: string;
    now: Date;
    /** The receipt for the consumer's chat (in the case's language), stored with the request. */
    receiptFor?: (filed: Case) => string;
    redact?: (text: string) => string;
  },
): Promise<FiledRequest | OmbudsmanRefusal> {
  const notFound = refusal('case_not_found', `There is no case ${input.ref} that belongs to you.`, 'not_found');
  const result = await context.db.transaction(async (tx): Promise<FiledRequest | OmbudsmanRefusal> => {
    const before = await lockCaseByRef(tx, input.ref);
    const codeInvalid = refusal(
      'code_invalid',
      'The code is wrong or has expired. Ask for a new code and use it within 15 minutes.',
      'forbidden',
    );
    // On the code path a missing case is a wrong code too: whether a reference exists is not told.
    if (!before) return input.consumerId === null ? codeInvalid : notFound;
    let proof: OmbudsmanProof = 'session';
    let codeId: number | undefined;
    if (input.consumerId !== null) {
      if (before.case.consumerId !== input.consumerId) return notFound;
    } else {
      const check = await spendCodeTry(tx, before.id, input.code ?? '', input.now);
      if (!check) return codeInvalid;
      proof = 'one_time_code';
      codeId = check;
    }
    const command: Command = {
      type: 'request_ombudsman',
      actor: { kind: 'consumer', id: before.case.consumerId },
      statement: input.statement,
      desiredOutcome: input.desiredOutcome,
    };
    const decision = decide(before.case, command, input.now, context.policy ?? DEFAULT_POLICY);
    if (!decision.ok) return fromRouting(decision.error);
    const stored = await commitDecision(tx, context.signal, before, decision, input.now);
    if (codeId !== undefined)
      await tx.query('UPDATE ombudsman_codes SET used_at = $2 WHERE id = $1', [codeId, input.now]);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ombudsman_requests (case_id, consumer_id, statement, desired_outcome, language, proof, previous_outcome, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        stored.id,
        before.case.consumerId,
        input.statement,
        input.desiredOutcome,
        before.case.language,
        proof,
        before.case.outcome,
        input.now,
      ],
    );
    let receiptId: number | undefined;
    if (input.receiptFor) {
      const text = input.receiptFor(stored.case);
      const conversationId = await conversationOf(tx, stored.case, input.now);
      const receipt = await storeOutbound(tx, {
        conversationId,
        caseId: stored.id,
        author: 'bot',
        text,
        redactedText: input.redact ? input.redact(text) : text,
        at: input.now,
      });
      receiptId = receipt.id;
    }
    return { ok: true, requestId: rows[0]!.id, stored, receiptId };
  });
  if (result.ok) {
    context.signal.afterCommit(result.stored.id);
    // The receipt reaches an open chat at once; otherwise the history has it.
    if (result.receiptId !== undefined) await signalConsumerMessage(context.db, result.receiptId);
  }
  return result;
}

/** The case may go to the ombudsman: the form may be written. */
export type EligibleCase = { ok: true; ref: string; language: string };

/**
 * Whether the consumer may write the request on the case, asked before they write it (issue 18,
 * item 7): the same proof of ownership and the same rule as `fileOmbudsmanRequest` (routing's
 * `ombudsmanEligibility`), and nothing is written, but on the code path the code's try (as a
 * filing spends one, so a check is no cheaper way to guess a code than a request).
 */
export async function checkOmbudsmanEligibility(
  db: Db,
  input: { ref: string; consumerId: string | null; code?: string; now: Date },
): Promise<EligibleCase | OmbudsmanRefusal> {
  return db.transaction(async (tx): Promise<EligibleCase | OmbudsmanRefusal> => {
    const found = await lockCaseByRef(tx, input.ref);
    if (input.consumerId !== null) {
      if (!found || found.case.consumerId !== input.consumerId)
        return refusal('case_not_found', `There is no case ${input.ref} that belongs to you.`, 'not_found');
    } else if (!found || !(await spendCodeTry(tx, found.id, input.code ?? '', input.now))) {
      return refusal(
        'code_invalid',
        'The code is wrong or has expired. Ask for a new code and use it within 15 minutes.',
        'forbidden',
      );
    }
    const eligibility = ombudsmanEligibility(found.case);
    if (!eligibility.eligible) return fromRouting(eligibility.error);
    return { ok: true, ref: found.case.ref, language: found.case.language };
  });
}

// One-time codes ---------------------------------------------------------------------------------

export const CODE_TTL_MS = 15 * 60_000;
/** Wrong tries before a code is dead: 6 digits and 5 tries give 1 chance in 200,000. */
export const CODE_MAX_ATTEMPTS = 5;
/** At most one new code per case in this time, so the form cannot flood a mailbox. */
export const CODE_RESEND_MS = 60_000;
/** At most this many codes per case in 24 hours: with five tries each, 25 guesses a day at a
 *  million codes, so guessing one would take far longer than a code or a case lives. */
export const CODE_DAILY_MAX = 5;

function hashCode(caseId: number, code: string): string {
  return createHash('sha256').update(`${caseId}:${code}`).digest('hex');
}

/**
 * Spends one try of the case's newest live code on `code`; its id when the code is right.
 *
 * The try is counted and the limit checked in one UPDATE, never a read and a later write: when
 * guesses arrive at once, PostgreSQL makes each UPDATE wait for the row another one is changing
 * and then checks `attempts < limit` again on the row as that one left it, so however many come
 * together, at most CODE_MAX_ATTEMPTS are ever compared and `attempts` never passes the limit
 * (a read of the limit with the wrong try counted after the transaction let 30 wrong codes and
 * the right one, sent together, all be compared). A code out of tries is dead, even for the right
 * code; an older live code does not stand in for it: a new one must be asked for.
 */
async function spendCodeTry(q: Queryable, caseId: number, code: string, now: Date): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const { rows } = await q.query<{ id: number; code_hash: string }>(
    `UPDATE ombudsman_codes SET attempts = attempts + 1
      WHERE id = (SELECT id FROM ombudsman_codes
                   WHERE case_id = $1 AND used_at IS NULL AND expires_at > $2
                   ORDER BY created_at DESC, id DESC LIMIT 1)
        AND attempts < $3
      RETURNING id, code_hash`,
    [caseId, now, CODE_MAX_ATTEMPTS],
  );
  const row = rows[0];
  if (!row) return undefined;
  const given = Buffer.from(hashCode(caseId, code));
  const expected = Buffer.from(row.code_hash);
  return given.length === expected.length && timingSafeEqual(given, expected) ? row.id : undefined;
}

export type IssuedCode =
  /** `notEligible`: the case cannot go to the ombudsman (routing's code); tell the contact why,
   *  not the code, so nobody writes a request that would be refused. */
  | { issued: true; code: string; email: string; language: string; notEligible?: string }
  | { issued: false; reason: 'no_case' | 'no_contact' | 'too_soon' | 'daily_limit' };

/**
 * A new six-digit code for the case's contact e-mail (the caller sends it). Only the hash is kept.
 * Refused quietly (the caller tells the consumer the same either way) when the case or its
 * contact is unknown, a code was issued less than a minute ago, or five in the last 24 hours.
 *
 * These per-case limits live here, not in a replica's memory, because every replica serves the
 * same case. The case row is locked first, so asks at once (from any replica and any address) are
 * taken one after the other and each reads the codes of those before it: one code a minute, one
 * e-mail, however many ask together.
 */
export async function issueOmbudsmanCode(db: Db, ref: string, now: Date): Promise<IssuedCode> {
  return db.transaction(async (tx): Promise<IssuedCode> => {
    const { rows } = await tx.query<{ id: number; email: string | null; language: string; state: unknown }>(
      `SELECT c.id, k.email, c.language, c.state
         FROM cases c LEFT JOIN case_contacts k ON k.case_id = c.id
        WHERE c.ref = $1
          FOR UPDATE OF c`,
      [ref],
    );
    const row = rows[0];
    if (!row) return { issued: false, reason: 'no_case' };
    if (!row.email) return { issued: false, reason: 'no_contact' };
    // A statement of its own, after the lock: under READ COMMITTED it sees a code committed by an
    // ask that held the lock before this one.
    const { rows: codes } = await tx.query<{ last: Date | null; today: number }>(
      `SELECT max(created_at) AS last,
              count(*) FILTER (WHERE created_at > $2::timestamptz - interval '24 hours')::int AS today
         FROM ombudsman_codes WHERE case_id = $1`,
      [row.id, now],
    );
    const { last, today } = codes[0]!;
    if (last && now.getTime() - new Date(last).getTime() < CODE_RESEND_MS) return { issued: false, reason: 'too_soon' };
    if (today >= CODE_DAILY_MAX) return { issued: false, reason: 'daily_limit' };
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.query('INSERT INTO ombudsman_codes (case_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      row.id,
      hashCode(row.id, code),
      now,
      new Date(now.getTime() + CODE_TTL_MS),
    ]);
    const eligibility = ombudsmanEligibility(CaseSchema.parse(row.state));
    return {
      issued: true,
      code,
      email: row.email,
      language: row.language,
      ...(eligibility.eligible ? {} : { notEligible: eligibility.error.code }),
    };
  });
}

/** The contact e-mail on a case (set where the consumer gives it: an agent, a later intake step). */
export async function setCaseContact(q: Queryable, caseId: number, email: string, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO case_contacts (case_id, email, set_at) VALUES ($1, $2, $3)
     ON CONFLICT (case_id) DO UPDATE SET email = EXCLUDED.email, set_at = EXCLUDED.set_at`,
    [caseId, email, at],
  );
}

// The ombudsman's decision ----------------------------------------------------------------------

class RollBack extends Error {
  constructor(
    readonly refusal: OmbudsmanRefusal,
    /** Set when the refusal is recorded in the case's access log (who was refused). */
    readonly caseId?: number,
  ) {
    super(refusal.error.message);
  }
}

export type DecidedReview = {
  ok: true;
  stored: StoredCase;
  /** The message that told the consumer, stored in their conversation. */
  messageId: number;
  feedbackTier: string;
};

/**
 * The ombudsman's decision on a case at the ombudsman: picked up first when it waits in the
 * queue, then routing's `ombudsman_decide` (an overturn is carried out on the invoice there),
 * the request row completed, a process-feedback note for the tier the case came from, and the
 * consumer's message in their conversation: one transaction. The message is signalled after the
 * commit, so whichever replica holds the consumer's socket delivers it (bot/web/relay.ts).
 */
export async function decideOmbudsmanReview(
  context: DecisionContext,
  input: {
    ref: string;
    ombudsmanId: string;
    /** The Slack user the ombudsman works as in a lower tier, if any (independence check). */
    slackUserId?: string | null;
    decision: 'upheld' | 'overturned';
    reasoning: string;
    newOutcome?: OverturnOutcome;
    feedback?: string;
    now: Date;
    /** The consumer's message, written from the decided case (in the case's language). */
    messageFor: (decided: Case) => string;
    redact: (text: string) => string;
  },
): Promise<DecidedReview | OmbudsmanRefusal> {
  const actor = { kind: 'agent' as const, id: input.ombudsmanId, tier: 'ombudsman' as const };
  const policy = context.policy ?? DEFAULT_POLICY;
  let result: DecidedReview;
  try {
    result = await context.db.transaction(async (tx) => {
      let current = await lockCaseByRef(tx, input.ref);
      if (!current) throw new RollBack(refusal('case_not_found', `There is no case ${input.ref}.`, 'not_found'));
      if (current.case.tier !== 'ombudsman' || current.case.ombudsmanRequestedAt === null) {
        throw new RollBack(
          refusal('not_with_ombudsman', `Case ${input.ref} has not been sent to the customer ombudsman.`, 'conflict'),
        );
      }
      // Independence: whoever acted on the case in a lower tier does not decide it as ombudsman.
      const acts = await lowerTierActs(tx, current.id, {
        id: input.ombudsmanId,
        slackUserId: input.slackUserId ?? null,
      });
      if (acts.length > 0) {
        const what = [...new Set(acts.map((act) => act.what.replaceAll('_', ' ')))].join(', ');
        throw new RollBack(
          refusal(
            'ombudsman_not_independent',
            `You acted on case ${input.ref} before it reached the ombudsman (as ${acts[0]!.actor}: ${what}); another ombudsman must decide it.`,
            'forbidden',
          ),
          current.id,
        );
      }
      if (current.case.status === 'queued') {
        const picked = decide(current.case, { type: 'pick_up', actor }, input.now, policy);
        if (!picked.ok) throw new RollBack(fromRouting(picked.error));
        current = await commitDecision(tx, context.signal, current, picked, input.now);
      }
      const decided = decide(
        current.case,
        {
          type: 'ombudsman_decide',
          actor,
          decision: input.decision,
          reasoning: input.reasoning,
          ...(input.newOutcome !== undefined ? { newOutcome: input.newOutcome } : {}),
          ...(input.feedback !== undefined ? { feedback: input.feedback } : {}),
        },
        input.now,
        policy,
      );
      if (!decided.ok) throw new RollBack(fromRouting(decided.error));
      const previousOutcome = current.case.outcome;
      const stored = await commitDecision(tx, context.signal, current, decided, input.now);
      const by = `ombudsman:${input.ombudsmanId}`;
      await tx.query(
        `UPDATE ombudsman_requests SET decision = $2, reasoning = $3, decided_by = $4, decided_at = $5,
                previous_outcome = coalesce(previous_outcome, $6), new_outcome = $7
          WHERE case_id = $1`,
        [stored.id, input.decision, input.reasoning, by, input.now, previousOutcome, stored.case.outcome],
      );
      await recordOmbudsmanAccess(tx, {
        caseId: stored.id,
        ombudsmanId: input.ombudsmanId,
        action: 'decided',
        at: input.now,
      });
      const feedbackTier = current.case.ombudsmanFromTier ?? 'customer_service';
      await tx.query(
        'INSERT INTO process_feedback (case_id, tier, decision, note, author, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [stored.id, feedbackTier, input.decision, input.feedback ?? input.reasoning, by, input.now],
      );
      const kase = stored.case;
      const conversationId = await conversationOf(tx, kase, input.now);
      const text = input.messageFor(kase);
      // This message is the decision's outcome notice (db/outcome-notices.ts): stored under its
      // event's id, so the notice loop finds it told and sends no second one.
      const { rows: led } = await tx.query<{ id: number }>(
        `SELECT id::int AS id FROM case_events WHERE case_id = $1 AND type = 'ombudsman_decided' ORDER BY id DESC LIMIT 1`,
        [stored.id],
      );
      const message = await storeOutbound(tx, {
        conversationId,
        caseId: stored.id,
        author: by,
        text,
        redactedText: input.redact(text),
        ...(led[0] ? { clientMessageId: noticeMessageId({ eventId: led[0].id }) } : {}),
        at: input.now,
      });
      return { ok: true as const, stored, messageId: message.id, feedbackTier };
    });
  } catch (error) {
    if (error instanceof RollBack) {
      if (error.caseId !== undefined)
        await recordOmbudsmanAccess(context.db, {
          caseId: error.caseId,
          ombudsmanId: input.ombudsmanId,
          action: 'refused',
          at: input.now,
        });
      return error.refusal;
    }
    throw error;
  }
  context.signal.afterCommit(result.stored.id);
  // Committed first, signalled after: a replica that misses the signal catches up by id.
  await signalConsumerMessage(context.db, result.messageId);
  return result;
}

export interface ProcessFeedbackNote {
  id: number;
  caseId: number;
  caseRef: string;
  tier: string;
  decision: 'upheld' | 'overturned';
  note: string;
  author: string;
  createdAt: Date;
}

/** A team's process feedback, newest first. */
export async function processFeedbackFor(q: Queryable, tier: string, limit = 50): Promise<ProcessFeedbackNote[]> {
  const { rows } = await q.query<ProcessFeedbackNote>(
    `SELECT f.id, f.case_id AS "caseId", c.ref AS "caseRef", f.tier, f.decision, f.note, f.author, f.created_at AS "createdAt"
       FROM process_feedback f JOIN cases c ON c.id = f.case_id
      WHERE f.tier = $1 ORDER BY f.created_at DESC, f.id DESC LIMIT $2`,
    [tier, limit],
  );
  return rows;
}
