// The monthly report (docs/domain.md, "Complaints and the figures watched"): per intent, complaints,
// ombudsman requests, the ombudsman's overturn rate and complaints per million purchases; per
// merchant, the dispute rate with the 1.5 % flag; per refund reason, why consumers wanted their
// money back.
//
// A complaint is a case in which the consumer says they are dissatisfied with how the company
// handled something (docs/domain.md): a dispute, an escalation the consumer asked for, a rating of 1
// or 2, or an ombudsman request. A case counts once in a month however many of these it had
// there; it counts in the month of each signal (a dispute in March and an ombudsman request in
// May make it a complaint in both). A question the bot answered opens no case, so it is never
// one. Purchases come from outside (the payment ledger is not ours): the caller gives them.
import { INTENTS, type Intent } from '../intents/labels.ts';
import { redact } from '../intents/redact.ts';
import { DEFAULT_POLICY, REFUND_REASONS, teamOf, type ProductTeam, type RefundReason } from '../routing/index.ts';
import type { Queryable } from './driver.ts';
import { merchantDisputeRates, type MerchantDisputeRow } from './merchant-dispute-rates.ts';

export const COMPLAINT_KINDS = [
  'dispute',
  'consumer_escalation',
  'low_rating',
  'ombudsman_request',
  'registered',
] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export interface IntentFigures {
  intent: Intent;
  /** Cases opened in the month. */
  casesOpened: number;
  /** Distinct cases with at least one complaint signal in the month. */
  complaints: number;
  /** Cases per kind of signal (a case may show in several). */
  complaintsBy: Record<ComplaintKind, number>;
  ombudsmanRequests: number;
  /** Ombudsman decisions made in the month, and how many overturned the final statement. */
  ombudsmanDecided: number;
  overturned: number;
  /** overturned / decided; null when nothing was decided. */
  overturnRate: number | null;
  /** complaints per million purchases; null without a purchase count. */
  complaintsPerMillion: number | null;
}

/**
 * Why consumers wanted their money back from the shop (docs/domain.md): the disagreements opened in
 * the month per refund reason, and how many of them escalated (the merchant paid the fee) or the
 * merchant settled. `not_told`: the consumer has not said yet.
 */
export interface RefundReasonFigures {
  reason: RefundReason | 'not_told';
  disputes: number;
  escalated: number;
  settled: number;
}

export interface MonthlyReport {
  /** The period: `YYYY-MM` for a month, `YYYY` for a year (the same figures over the year). */
  month: string;
  period: 'month' | 'year';
  from: Date;
  to: Date;
  purchases: number | null;
  intents: IntentFigures[];
  total: Omit<IntentFigures, 'intent'>;
  merchants: MerchantDisputeRow[];
  /** Every reason in a fixed order, with zeros, so months compare line by line. */
  refundReasons: RefundReasonFigures[];
  /** Process-feedback notes the ombudsman sent per tier in the month. */
  feedbackByTier: { tier: string; upheld: number; overturned: number }[];
  /** A page per product team (policy.productTeams): its complaints against the period before, what consumers wrote, the ombudsman's lessons. */
  teams: TeamPage[];
}

export interface TeamPage {
  team: string;
  name: string;
  complaints: number;
  complaintsBy: Record<ComplaintKind, number>;
  /** The same figure in the period before (the month before, or the year before). */
  previousComplaints: number;
  /** Consumers' comments with their ratings, masked, oldest first. */
  opinions: { caseRef: string; rating: number; comment: string }[];
  /** The ombudsman's process feedback on the team's cases, masked, oldest first. */
  lessons: { caseRef: string; decision: string; note: string }[];
}

/** The period before `from`: the month before a month, the year before a year. */
function previousRange(from: Date, period: 'month' | 'year'): { from: Date; to: Date } {
  const back = new Date(from);
  if (period === 'year') back.setUTCFullYear(back.getUTCFullYear() - 1);
  else back.setUTCMonth(back.getUTCMonth() - 1);
  return { from: back, to: from };
}

/** Each team's page: complaints now and before (a case counts once per team and period), opinions, lessons. */
async function teamPages(
  q: Queryable,
  range: { from: Date; to: Date; period: 'month' | 'year' },
  teams: readonly ProductTeam[],
): Promise<TeamPage[]> {
  const signalsIn = async (from: Date, to: Date) =>
    (
      await q.query<{ case_id: number | string; kind: ComplaintKind; intent: string; refund_reason: string | null }>(
        `WITH signals AS (${COMPLAINT_SIGNALS})
         SELECT DISTINCT 'c' || s.case_id AS case_id, s.kind, c.intent, d.refund_reason
           FROM signals s JOIN cases c ON c.id = s.case_id LEFT JOIN disputes d ON d.case_id = s.case_id
         UNION ALL
         ${STANDALONE_COMPLAINTS}`,
        [from, to],
      )
    ).rows;
  const before = previousRange(range.from, range.period);
  const [now, then] = await Promise.all([signalsIn(range.from, range.to), signalsIn(before.from, before.to)]);
  const { rows: opinions } = await q.query<{
    ref: string;
    intent: string;
    refund_reason: string | null;
    rating: number;
    comment: string;
  }>(
    `SELECT c.ref, c.intent, d.refund_reason, r.rating, r.comment
       FROM case_ratings r JOIN cases c ON c.id = r.case_id LEFT JOIN disputes d ON d.case_id = r.case_id
      WHERE r.rated_at >= $1 AND r.rated_at < $2 AND r.comment IS NOT NULL AND btrim(r.comment) <> ''
      ORDER BY r.rated_at, r.case_id`,
    [range.from, range.to],
  );
  const { rows: lessons } = await q.query<{
    ref: string;
    intent: string;
    refund_reason: string | null;
    decision: string;
    note: string;
  }>(
    `SELECT c.ref, c.intent, d.refund_reason, f.decision, f.note
       FROM process_feedback f JOIN cases c ON c.id = f.case_id LEFT JOIN disputes d ON d.case_id = f.case_id
      WHERE f.created_at >= $1 AND f.created_at < $2
      ORDER BY f.created_at, f.id`,
    [range.from, range.to],
  );
  const idOf = (row: { intent: string; refund_reason: string | null }) =>
    teamOf(teams, row.intent, row.refund_reason).id;
  const casesOf = (rows: typeof now, team: string, kind?: ComplaintKind) =>
    new Set(
      rows
        .filter((row) => idOf(row) === team && (kind === undefined || row.kind === kind))
        .map((row) => String(row.case_id)),
    ).size;
  return teams.map((team) => ({
    team: team.id,
    name: team.name,
    complaints: casesOf(now, team.id),
    complaintsBy: Object.fromEntries(COMPLAINT_KINDS.map((kind) => [kind, casesOf(now, team.id, kind)])) as Record<
      ComplaintKind,
      number
    >,
    previousComplaints: casesOf(then, team.id),
    opinions: opinions
      .filter((row) => idOf(row) === team.id)
      .map((row) => ({ caseRef: row.ref, rating: row.rating, comment: redact(row.comment.trim()) })),
    lessons: lessons
      .filter((row) => idOf(row) === team.id)
      .map((row) => ({ caseRef: row.ref, decision: row.decision, note: redact(row.note.trim()) })),
  }));
}

/**
 * Every complaint signal in [$1, $2): (case_id, kind). A case may have several; each figure
 * counts distinct cases.
 */
const COMPLAINT_SIGNALS = `
       SELECT case_id, 'dispute' AS kind FROM disputes WHERE opened_at >= $1 AND opened_at < $2
       UNION ALL
       SELECT case_id, 'consumer_escalation' FROM case_events
        -- the consumer asked for it to go higher, or for the final statement (a complaint either way)
        WHERE type IN ('escalated', 'final_statement_requested') AND reason = 'consumer_request' AND at >= $1 AND at < $2
       UNION ALL
       SELECT case_id, 'low_rating' FROM case_ratings WHERE rating <= 2 AND rated_at >= $1 AND rated_at < $2
       UNION ALL
       SELECT case_id, 'ombudsman_request' FROM ombudsman_requests WHERE created_at >= $1 AND created_at < $2
       UNION ALL
       -- registered by an agent (a letter, an e-mail, an authority) about a case
       SELECT case_id, 'registered' FROM complaints WHERE case_id IS NOT NULL AND received_at >= $1 AND received_at < $2
`;

/** Registered complaints about no case in [$1, $2): each is one complaint of its own. */
const STANDALONE_COMPLAINTS = `
       SELECT 'k' || id AS key, 'registered' AS kind, intent, NULL::text AS refund_reason FROM complaints
        WHERE case_id IS NULL AND received_at >= $1 AND received_at < $2
`;

/**
 * `YYYY-MM` or `YYYY` to its first instant and the next period's, in UTC. Over a year every figure
 * is the year's own: a case with complaint signals in March and April counts once in it.
 */
export function periodRange(period: string): { from: Date; to: Date; period: 'month' | 'year' } {
  if (/^\d{4}$/.test(period)) {
    const year = Number(period);
    return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)), period: 'year' };
  }
  return { ...monthRange(period), period: 'month' };
}

/** `YYYY-MM` to its first instant and the next month's, in UTC. */
export function monthRange(month: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new RangeError(`month must be YYYY-MM, got ${JSON.stringify(month)}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, index, 1)), to: new Date(Date.UTC(year, index + 1, 1)) };
}

function perMillion(count: number, purchases: number | null): number | null {
  return purchases === null || purchases === 0 ? null : (count / purchases) * 1_000_000;
}

export async function monthlyReport(
  q: Queryable,
  options: {
    month: string;
    purchases?: number;
    merchantPurchases?: ReadonlyMap<string, number>;
    teams?: readonly ProductTeam[];
  },
): Promise<MonthlyReport> {
  const { from, to, period } = periodRange(options.month);
  const purchases = options.purchases ?? null;
  if (purchases !== null && (!Number.isInteger(purchases) || purchases < 0))
    throw new RangeError('purchases must be a non-negative whole number');

  const { rows } = await q.query<{
    intent: string;
    opened: number;
    complaints: number;
    dispute: number;
    consumer_escalation: number;
    low_rating: number;
    ombudsman_request: number;
    registered: number;
    requests: number;
    decided: number;
    overturned: number;
  }>(
    `WITH signals AS (${COMPLAINT_SIGNALS}), keyed AS (
       SELECT 'c' || s.case_id AS key, s.kind, c.intent FROM signals s JOIN cases c ON c.id = s.case_id
       UNION ALL
       SELECT key, kind, intent FROM (${STANDALONE_COMPLAINTS}) alone
     ), complained AS (
       SELECT intent,
              count(DISTINCT key)::int AS complaints,
              count(DISTINCT key) FILTER (WHERE kind = 'dispute')::int AS dispute,
              count(DISTINCT key) FILTER (WHERE kind = 'consumer_escalation')::int AS consumer_escalation,
              count(DISTINCT key) FILTER (WHERE kind = 'low_rating')::int AS low_rating,
              count(DISTINCT key) FILTER (WHERE kind = 'ombudsman_request')::int AS ombudsman_request,
              count(DISTINCT key) FILTER (WHERE kind = 'registered')::int AS registered
         FROM keyed
        GROUP BY intent
     ), opened AS (
       SELECT intent, count(*)::int AS opened FROM cases WHERE created_at >= $1 AND created_at < $2 GROUP BY intent
     ), requests AS (
       SELECT c.intent,
              count(*) FILTER (WHERE o.created_at >= $1 AND o.created_at < $2)::int AS requests,
              count(*) FILTER (WHERE o.decided_at >= $1 AND o.decided_at < $2)::int AS decided,
              count(*) FILTER (WHERE o.decided_at >= $1 AND o.decided_at < $2 AND o.decision = 'overturned')::int AS overturned
         FROM ombudsman_requests o JOIN cases c ON c.id = o.case_id
        GROUP BY c.intent
     ), intents AS (
       SELECT intent FROM complained UNION SELECT intent FROM opened UNION SELECT intent FROM requests
     )
     SELECT i.intent, coalesce(op.opened, 0) AS opened, coalesce(k.complaints, 0) AS complaints,
            coalesce(k.dispute, 0) AS dispute, coalesce(k.consumer_escalation, 0) AS consumer_escalation,
            coalesce(k.low_rating, 0) AS low_rating, coalesce(k.ombudsman_request, 0) AS ombudsman_request,
            coalesce(k.registered, 0) AS registered, coalesce(r.requests, 0) AS requests, coalesce(r.decided, 0) AS decided, coalesce(r.overturned, 0) AS overturned
       FROM intents i
       LEFT JOIN complained k ON k.intent = i.intent
       LEFT JOIN opened op ON op.intent = i.intent
       LEFT JOIN requests r ON r.intent = i.intent`,
    [from, to],
  );
  const byIntent = new Map(rows.map((row) => [row.intent, row]));

  const figures = (row: (typeof rows)[number] | undefined): Omit<IntentFigures, 'intent'> => {
    const complaints = row?.complaints ?? 0;
    const decided = row?.decided ?? 0;
    const overturned = row?.overturned ?? 0;
    return {
      casesOpened: row?.opened ?? 0,
      complaints,
      complaintsBy: {
        dispute: row?.dispute ?? 0,
        consumer_escalation: row?.consumer_escalation ?? 0,
        low_rating: row?.low_rating ?? 0,
        ombudsman_request: row?.ombudsman_request ?? 0,
        registered: row?.registered ?? 0,
      },
      ombudsmanRequests: row?.requests ?? 0,
      ombudsmanDecided: decided,
      overturned,
      overturnRate: decided === 0 ? null : overturned / decided,
      complaintsPerMillion: perMillion(complaints, purchases),
    };
  };
  // Every intent that can open a case is listed, with zeros, so months compare line by line.
  const intents = INTENTS.filter(
    (intent) => byIntent.has(intent) || !['greeting', 'other', 'case_status', 'ombudsman'].includes(intent),
  ).map((intent): IntentFigures => ({ intent, ...figures(byIntent.get(intent)) }));
  const sum = (pick: (f: IntentFigures) => number) => intents.reduce((total, f) => total + pick(f), 0);
  const decided = sum((f) => f.ombudsmanDecided);
  const overturned = sum((f) => f.overturned);
  const complaints = sum((f) => f.complaints);
  const total: Omit<IntentFigures, 'intent'> = {
    casesOpened: sum((f) => f.casesOpened),
    complaints,
    complaintsBy: Object.fromEntries(COMPLAINT_KINDS.map((kind) => [kind, sum((f) => f.complaintsBy[kind])])) as Record<
      ComplaintKind,
      number
    >,
    ombudsmanRequests: sum((f) => f.ombudsmanRequests),
    ombudsmanDecided: decided,
    overturned,
    overturnRate: decided === 0 ? null : overturned / decided,
    complaintsPerMillion: perMillion(complaints, purchases),
  };

  const merchants = await merchantDisputeRates(q, { from, to, purchases: options.merchantPurchases });

  const { rows: feedback } = await q.query<{ tier: string; upheld: number; overturned: number }>(
    `SELECT tier, count(*) FILTER (WHERE decision = 'upheld')::int AS upheld, count(*) FILTER (WHERE decision = 'overturned')::int AS overturned
       FROM process_feedback WHERE created_at >= $1 AND created_at < $2 GROUP BY tier ORDER BY tier`,
    [from, to],
  );

  const { rows: reasons } = await q.query<RefundReasonFigures>(
    `SELECT coalesce(refund_reason, 'not_told') AS reason, count(*)::int AS disputes,
            count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated,
            count(*) FILTER (WHERE merchant_answer = 'settled')::int AS settled
       FROM disputes
      WHERE kind = 'merchant_disagreement' AND opened_at >= $1 AND opened_at < $2
      GROUP BY 1`,
    [from, to],
  );
  const refundReasons = [...REFUND_REASONS, 'not_told' as const].map(
    (reason) => reasons.find((row) => row.reason === reason) ?? { reason, disputes: 0, escalated: 0, settled: 0 },
  );

  const teams = await teamPages(q, { from, to, period }, options.teams ?? DEFAULT_POLICY.productTeams);
  return {
    month: options.month,
    period,
    from,
    to,
    purchases,
    intents,
    total,
    merchants,
    refundReasons,
    feedbackByTier: feedback,
    teams,
  };
}
