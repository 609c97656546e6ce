// The complaints register (migration 0022, issue 18): complaints that arrive outside the chat, each
// registered once with its channel (and authority), market, what it is about, when it came and
// when it must be answered; answered once, with how. A complaint about a case takes the case's
// intent; one without a case names its own.
import {
  addDays,
  AUTHORITIES,
  COMPLAINT_ANSWER_DAYS,
  decide,
  DEFAULT_POLICY,
  type AuthorityKey,
  type Command,
  type ComplaintChannel,
} from '../routing/index.ts';
import { findCaseById, findCaseByRef } from './cases.ts';
import { commitDecision, type DecisionContext } from './decisions.ts';
import type { Queryable } from './driver.ts';

export interface Complaint {
  id: number;
  caseRef: string | null;
  channel: ComplaintChannel;
  authority: AuthorityKey | null;
  market: string;
  intent: string;
  summary: string;
  receivedAt: Date;
  answerDueAt: Date;
  answeredAt: Date | null;
  outcome: string | null;
  registeredBy: string;
}

export class ComplaintError extends Error {}

export interface NewComplaint {
  channel: ComplaintChannel;
  authority?: AuthorityKey;
  /** ISO 3166 code; an authority's own market when one is given. */
  market?: string;
  caseRef?: string;
  /** Needed without a case; a case's own intent otherwise. */
  intent?: string;
  /** Masked by the caller. */
  summary: string;
  receivedAt: Date;
  /** The authority's or the letter's own deadline; the channel's days from receipt otherwise. */
  answerDueAt?: Date;
  registeredBy: string;
  now: Date;
}

const SELECT = `
  SELECT k.id::int AS id, c.ref AS "caseRef", k.channel, k.authority, k.market, k.intent, k.summary,
         k.received_at AS "receivedAt", k.answer_due_at AS "answerDueAt", k.answered_at AS "answeredAt",
         k.outcome, k.registered_by AS "registeredBy"
    FROM complaints k LEFT JOIN cases c ON c.id = k.case_id`;

export async function registerComplaint(q: Queryable, input: NewComplaint): Promise<Complaint> {
  if ((input.channel === 'authority') !== (input.authority !== undefined)) {
    throw new ComplaintError(
      input.channel === 'authority'
        ? 'a complaint through an authority names the authority'
        : 'only a complaint through an authority names one',
    );
  }
  const stored = input.caseRef ? await findCaseByRef(q, input.caseRef.toUpperCase()) : undefined;
  if (input.caseRef && !stored) throw new ComplaintError(`there is no case ${input.caseRef}`);
  const intent = stored?.case.intent ?? input.intent;
  if (!intent) throw new ComplaintError('a complaint without a case says what it is about (intent)');
  const market = input.authority ? AUTHORITIES[input.authority].market : input.market;
  if (!market || !/^[A-Z]{2}$/.test(market))
    throw new ComplaintError('the market is a two-letter country code, e.g. SE');
  const answerDueAt = input.answerDueAt ?? addDays(input.receivedAt, COMPLAINT_ANSWER_DAYS[input.channel]);
  if (answerDueAt.getTime() <= input.receivedAt.getTime())
    throw new ComplaintError('the answer is due after the complaint came');
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO complaints (case_id, channel, authority, market, intent, summary, received_at, answer_due_at, registered_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::int AS id`,
    [
      stored?.id ?? null,
      input.channel,
      input.authority ?? null,
      market,
      intent,
      input.summary,
      input.receivedAt,
      answerDueAt,
      input.registeredBy,
      input.now,
    ],
  );
  return (await findComplaint(q, rows[0]!.id))!;
}

export async function findComplaint(q: Queryable, id: number): Promise<Complaint | undefined> {
  const { rows } = await q.query<Complaint>(`${SELECT} WHERE k.id = $1`, [id]);
  return rows[0];
}

/** Oldest due first; `open` leaves out the answered ones. */
export async function listComplaints(
  q: Queryable,
  options: { open?: boolean; limit?: number } = {},
): Promise<Complaint[]> {
  const { rows } = await q.query<Complaint>(
    `${SELECT} WHERE ($1::boolean IS NOT TRUE OR k.answered_at IS NULL) ORDER BY k.answer_due_at, k.id LIMIT $2`,
    [options.open ?? false, options.limit ?? 500],
  );
  return rows;
}

/** Records the answer once; an answered complaint keeps its first answer. */
export async function answerComplaint(
  q: Queryable,
  input: { id: number; outcome: string; at: Date },
): Promise<Complaint> {
  const { rowCount } = await q.query(
    'UPDATE complaints SET answered_at = $2, outcome = $3 WHERE id = $1 AND answered_at IS NULL',
    [input.id, input.at, input.outcome],
  );
  const complaint = await findComplaint(q, input.id);
  if (!complaint) throw new ComplaintError(`there is no complaint ${input.id}`);
  if (rowCount === 0)
    throw new ComplaintError(`complaint ${input.id} was answered already (${complaint.answeredAt?.toISOString()})`);
  return complaint;
}

/**
 * `command` on the record of the case with reference `ref`, in the caller's transaction: the
 * case's history and its card show the complaint. The case's id, for the signal after commit.
 */
async function onCaseRecord(
  context: DecisionContext,
  tx: Queryable,
  ref: string,
  command: Command,
  now: Date,
): Promise<number> {
  const found = await findCaseByRef(tx, ref);
  const before = found && (await findCaseById(tx, found.id, { lock: true }));
  if (!before) throw new ComplaintError(`there is no case ${ref}`);
  const decision = decide(before.case, command, now, context.policy ?? DEFAULT_POLICY);
  if (!decision.ok) throw new ComplaintError(decision.error.message);
  return (await commitDecision(tx, context.signal, before, decision, now)).id;
}

/**
 * Registers a complaint (registerComplaint) and, when it is about a case, puts it on the case's
 * record in the same transaction, so the case's card shows it. What the desk and the CLI call.
 */
export async function fileComplaint(context: DecisionContext, input: NewComplaint): Promise<Complaint> {
  const { complaint, caseId } = await context.db.transaction(async (tx) => {
    const complaint = await registerComplaint(tx, input);
    if (!complaint.caseRef) return { complaint, caseId: undefined };
    const command: Command = {
      type: 'register_complaint',
      actor: { kind: 'system' },
      complaintId: complaint.id,
      channel: complaint.channel,
      ...(complaint.authority ? { authority: complaint.authority } : {}),
      answerDueAt: complaint.answerDueAt,
    };
    return { complaint, caseId: await onCaseRecord(context, tx, complaint.caseRef, command, input.now) };
  });
  if (caseId !== undefined) context.signal.afterCommit(caseId);
  return complaint;
}

/** Answers a complaint once (answerComplaint), and puts the answer on its case's record. */
export async function closeComplaint(
  context: DecisionContext,
  input: { id: number; outcome: string; at: Date },
): Promise<Complaint> {
  const { complaint, caseId } = await context.db.transaction(async (tx) => {
    const complaint = await answerComplaint(tx, input);
    if (!complaint.caseRef) return { complaint, caseId: undefined };
    const command: Command = { type: 'answer_complaint', actor: { kind: 'system' }, complaintId: complaint.id };
    return { complaint, caseId: await onCaseRecord(context, tx, complaint.caseRef, command, input.at) };
  });
  if (caseId !== undefined) context.signal.afterCommit(caseId);
  return complaint;
}

/** The complaints registered about one case, oldest first: what its card shows. */
export async function caseComplaints(q: Queryable, caseId: number): Promise<Complaint[]> {
  const { rows } = await q.query<Complaint>(`${SELECT} WHERE k.case_id = $1 ORDER BY k.received_at, k.id`, [caseId]);
  return rows;
}

/**
 * Claims one registered complaint whose answer date passed unanswered, and marks it overdue, in
 * the caller's transaction (SKIP LOCKED: replicas sweeping at once take different ones).
 */
export async function claimOverdueComplaint(
  q: Queryable,
  now: Date,
): Promise<{ id: number; caseId: number | null; channel: ComplaintChannel } | undefined> {
  const { rows } = await q.query<{ id: number; case_id: number | string | null; channel: ComplaintChannel }>(
    `UPDATE complaints SET overdue_at = $1
      WHERE id = (SELECT id FROM complaints WHERE answered_at IS NULL AND overdue_at IS NULL AND answer_due_at <= $1
                   ORDER BY answer_due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id::int AS id, case_id, channel`,
    [now],
  );
  const row = rows[0];
  return row && { id: row.id, caseId: row.case_id === null ? null : Number(row.case_id), channel: row.channel };
}
