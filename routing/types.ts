// The words of the domain (docs/domain.md) as zod enums, and the case itself as plain data.
// The case is what the db layer stores: the columns of `cases` plus the whole value as jsonb in
// `cases.state` (and the dispute as a `disputes` row). `Case.parse(json)` turns a stored jsonb
// value back into a case: dates come back from JSON as strings, so the schema coerces them.
import { z } from 'zod';
import { Intent } from '../intents/labels.ts';

/** The ladder, lowest first. Only a consumer's written request reaches the ombudsman. */
export const TIERS = ['customer_service', 'investigation', 'specialist', 'ombudsman'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

/** How a tier is named in a refusal's message ("Case X is with the specialist team"). */
export const TIER_WORDS: Readonly<Record<Tier, string>> = {
  customer_service: 'customer service',
  investigation: 'the investigation department',
  specialist: 'the specialist team',
  ombudsman: 'the customer ombudsman',
};

/** The tiers that own a case and may give its final statement: every tier but the ombudsman. */
export const OWNING_TIERS = ['customer_service', 'investigation', 'specialist'] as const;

export const STATUSES = ['queued', 'assigned', 'awaiting_consumer', 'awaiting_merchant', 'resolved'] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

/**
 * How a case ended.
 * - `answered`: a person answered or solved the matter (invoice, login, terms, ...).
 * - `fault_fixed`: a technical fault was found and fixed (usually by the specialist team).
 * - `merchant_settled`: the merchant settled the dispute with the consumer (the consumer confirmed
 *   the merchant's claim, or did not object in time); the invoice resumes as the settlement left it.
 * - `invoice_reactivated`: decided in the merchant's favour; the consumer pays.
 * - `chargeback`: decided in the consumer's favour, or the merchant never answered; the paid
 *   amount goes back to the consumer.
 * - `withdrawn`: the consumer withdrew the matter; a paused invoice is reactivated.
 * - `consumer_unresponsive`: the consumer did not give the information asked for; a paused
 *   invoice is reactivated (the claim lapses).
 */
export const OUTCOMES = [
  'answered',
  'fault_fixed',
  'merchant_settled',
  'invoice_reactivated',
  'chargeback',
  'withdrawn',
  'consumer_unresponsive',
] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** Outcomes an agent may give with `resolve`; the others come from the dispute's own commands. */
export const RESOLVE_OUTCOMES = ['answered', 'fault_fixed', 'withdrawn', 'consumer_unresponsive'] as const;
export const ResolveOutcome = z.enum(RESOLVE_OUTCOMES);
export type ResolveOutcome = z.infer<typeof ResolveOutcome>;

/** Outcomes the ombudsman may put in place of the final statement's when overturning it. */
export const OVERTURN_OUTCOMES = ['chargeback', 'invoice_reactivated', 'answered'] as const;
export const OverturnOutcome = z.enum(OVERTURN_OUTCOMES);
export type OverturnOutcome = z.infer<typeof OverturnOutcome>;

/**
 * The consumer's invoice as this case left it. `active`: untouched by the case (every case
 * without a dispute); `paused` while a dispute is open; then `reactivated` (the consumer pays)
 * or `charged_back` (money back to the consumer). It never returns to `active`.
 */
export const INVOICE_STATES = ['active', 'paused', 'reactivated', 'charged_back'] as const;
export const InvoiceState = z.enum(INVOICE_STATES);
export type InvoiceState = z.infer<typeof InvoiceState>;

/**
 * The invoice states each outcome agrees with (docs/ladder.md: chargeback <-> charged back; the
 * merchant's favour <-> reactivated). Outcomes that say nothing of money fit an invoice that
 * runs: untouched, or reactivated by an earlier withdrawal. A paused invoice fits no outcome: while
 * a dispute is open, nothing is decided.
 */
export const OUTCOME_INVOICE: Readonly<Record<Outcome, readonly InvoiceState[]>> = Object.freeze({
  answered: ['active', 'reactivated'],
  fault_fixed: ['active', 'reactivated'],
  merchant_settled: ['reactivated'],
  invoice_reactivated: ['reactivated'],
  chargeback: ['charged_back'],
  withdrawn: ['active', 'reactivated'],
  consumer_unresponsive: ['active', 'reactivated'],
});

/** Outcomes that decide what happens to the invoice: a later answer on the case does not replace them. */
export const INVOICE_OUTCOMES = [
  'merchant_settled',
  'invoice_reactivated',
  'chargeback',
] as const satisfies readonly Outcome[];

/**
 * Queue priority: lower is sooner, as in `cases.priority` (default 2). A breached first-response
 * target raises a case one step.
 */
export const PRIORITY = { urgent: 0, high: 1, normal: 2 } as const;
export const Priority = z.number().int().min(PRIORITY.urgent).max(PRIORITY.normal);
export type Priority = z.infer<typeof Priority>;

/** The languages of `intents/labels.ts` plus `und`; a test keeps the two lists equal. */
export const CASE_LANGUAGES = ['sv', 'no', 'da', 'fi', 'de', 'en', 'und'] as const;
export const CaseLanguage = z.enum(CASE_LANGUAGES);
export type CaseLanguage = z.infer<typeof CaseLanguage>;

/** Buyer protection knows two kinds of dispute; only a disagreement gives the merchant a window. */
export const DISPUTE_KINDS = ['merchant_disagreement', 'unrecognized_purchase'] as const;
export const DisputeKind = z.enum(DISPUTE_KINDS);
export type DisputeKind = z.infer<typeof DisputeKind>;

export const InvestigationDecision = z.enum(['merchant_favour', 'consumer_favour']);
export type InvestigationDecision = z.infer<typeof InvestigationDecision>;

export const OmbudsmanDecision = z.enum(['upheld', 'overturned']);
export type OmbudsmanDecision = z.infer<typeof OmbudsmanDecision>;

const date = z.coerce.date();
const optionalDate = date.nullable();

/** Three-letter ISO 4217 code, as `disputes.currency` requires. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/);

/**
 * Why the consumer wants their money back from the shop (docs/domain.md): returned goods, goods never
 * received, a wrong or too high amount, faulty or not as described, a refund the shop refused.
 * A disagreement with the merchant carries one; an unrecognised purchase none (the consumer did
 * not buy it).
 */
export const REFUND_REASONS = ['returned', 'not_received', 'wrong_amount', 'faulty', 'refund_refused'] as const;
export const RefundReason = z.enum(REFUND_REASONS);
export type RefundReason = z.infer<typeof RefundReason>;

/** Each reason in the domain's words, as the desks and the monthly report show it (in English). */
export const REFUND_REASON_WORDS: Readonly<Record<RefundReason, string>> = Object.freeze({
  returned: 'returned the goods',
  not_received: 'goods never received',
  wrong_amount: 'wrong or too high amount',
  faulty: 'faulty or not as described',
  refund_refused: 'refund refused by the shop',
});

/**
 * Where a merchant's claim to have settled stands. `pending`: the consumer has not answered;
 * `confirmed` (by the consumer) and `unopposed` (no objection in time) closed the dispute as
 * settled; `objected`: the dispute went on where it stood; `lapsed`: the dispute ended otherwise
 * (a withdrawal) while the claim waited.
 */
export const SETTLEMENT_STATUSES = ['pending', 'confirmed', 'unopposed', 'objected', 'lapsed'] as const;
export const SettlementStatus = z.enum(SETTLEMENT_STATUSES);
export type SettlementStatus = z.infer<typeof SettlementStatus>;

/** The merchant's (latest) claim to have settled a dispute; a new claim replaces an answered one. */
export const SettlementClaim = z.object({
  status: SettlementStatus,
  claimedAt: date,
  /** Event-style actor: `merchant` (its integration) or `agent:<id>` (an answer given by phone or e-mail). */
  claimedBy: z.string().min(1),
  /** What the merchant says it refunded, in minor units; null when it named no amount. */
  amountMinor: z.number().int().nonnegative().nullable(),
  currency: CurrencyCode.nullable(),
  terms: z.string().nullable(),
  /** When silence counts as the consumer's confirmation. */
  confirmBy: date,
  /** When the consumer answered, or silence or a withdrawal ended the wait; null while pending. */
  answeredAt: optionalDate,
});
export type SettlementClaim = z.infer<typeof SettlementClaim>;

/** Maps onto one `disputes` row. */
export const Dispute = z.object({
  kind: DisputeKind,
  /** The shop's name as the consumer or agent gave it; null when not known yet. */
  merchantName: z.string().nullable(),
  /** The disputed amount in minor units (öre, cents); null when not known. */
  amountMinor: z.number().int().nonnegative().nullable(),
  currency: CurrencyCode.nullable(),
  /** The day of the purchase (or of the return) the consumer reported, YYYY-MM-DD; null when not given. */
  purchaseDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
  /** Whether the consumer said they had contacted the shop before reporting; null when not asked. */
  contactedMerchant: z.boolean().nullable().default(null),
  /** Why the consumer wants their money back; null while not told, and for an unrecognised purchase. */
  refundReason: RefundReason.nullable().default(null),
  openedAt: date,
  /** End of the merchant's window to settle (merchant disagreements only). */
  windowEndsAt: optionalDate,
  /** What the merchant last did; null while it has said nothing. `settled` only once the consumer
   *  confirmed the merchant's claim or did not object in time. */
  merchantAnswer: z.enum(['settled', 'responded']).nullable(),
  merchantAnsweredAt: optionalDate,
  settlementClaim: SettlementClaim.nullable().default(null),
  /** When the merchant is next reminded of the dispute (docs/events.md, policy.merchantReminders);
   *  null when no reminder is left in its window (and for an unrecognised purchase). */
  nextReminderAt: optionalDate.default(null),
  /** When investigation had the consumer's account of a merchant disagreement: the consumer
   *  answered its question, or let the question's time run out. The merchant is asked, and the
   *  dispute decided, only after it (the seed's order: the consumer, then the merchant). */
  consumerAccountAt: optionalDate.default(null),
  /** When the dispute reached the investigation department's queue after the window. */
  escalatedAt: optionalDate,
  /** The merchant pays a dispute fee when the dispute escalates at its window's end (silence or no
   *  agreement); never a merchant who settled before that, never for an unrecognised purchase. */
  disputeFeeCharged: z.boolean(),
  /** Investigation's (or the system's, for a silent merchant) decision; null otherwise. */
  decision: InvestigationDecision.nullable(),
  decisionReasoning: z.string().nullable(),
  /** Set when the invoice stops being paused: settled, decided or withdrawn. A dispute closed
   *  without a decision may be resumed after a reopen (the field is null again). */
  closedAt: optionalDate,
});
export type Dispute = z.infer<typeof Dispute>;

export const Case = z.object({
  /** The case reference the consumer sees; the same on every tier, all the way up. */
  ref: z.string().min(1),
  consumerId: z.string().min(1),
  conversationId: z.string().nullable(),
  /** The intent the case was opened with. */
  intent: Intent,
  language: CaseLanguage,
  /** The tier that owns the case now. */
  tier: Tier,
  status: Status,
  priority: Priority,
  /** The agent (id) holding the case; set while a person works it, null in a queue. */
  assignee: z.string().nullable(),
  /** The outcome in force: null until the first resolution and while a dispute is open; kept
   *  through a reopen or an ombudsman review until something replaces it. */
  outcome: Outcome.nullable(),
  invoiceState: InvoiceState,
  /** The caller (dialog) suspects a technical fault; customer service decides on escalation. */
  technicalFault: z.boolean(),
  /** The order number the consumer gave, if any. */
  orderNumber: z.string().nullable(),
  /** The purchase (its id in the payments core) the case is about, when the consumer picked one;
   *  a dispute on it is that purchase's one open dispute. */
  purchaseId: z.string().nullable().default(null),
  dispute: Dispute.nullable(),
  /** Due time of what the case awaits (consumer's or merchant's answer); null otherwise. */
  waitingUntil: optionalDate,
  /** The latest final statement; a reopen clears it (a new one is needed before the ombudsman). */
  finalStatementText: z.string().nullable(),
  /** Event-style actor of the statement, e.g. `agent:u123`. */
  finalStatementBy: z.string().nullable(),
  finalStatementAt: optionalDate,
  /** The consumer asked for a final statement: it is due by then (policy.finalStatementDays);
   *  null when not asked, and again once the statement is given. */
  finalStatementDueAt: optionalDate.default(null),
  /** When that due time passed without the statement (the case was raised to urgent). */
  finalStatementOverdueAt: optionalDate.default(null),
  ombudsmanRequestedAt: optionalDate,
  /** The tier that owned the case when the consumer asked the ombudsman: feedback goes there. */
  ombudsmanFromTier: Tier.nullable(),
  ombudsmanDecision: OmbudsmanDecision.nullable(),
  ombudsmanDecidedAt: optionalDate,
  openedAt: date,
  /** When the case last joined its tier's queue (a release keeps its place); null if never. */
  queuedAt: optionalDate,
  /** First agent message to the consumer in the current tier (a reply or a question). */
  firstResponseAt: optionalDate,
  /** Service-level due times of the current tier; null while no clock runs (merchant window). */
  firstResponseDueAt: optionalDate,
  resolutionDueAt: optionalDate,
  /** Set once when the first-response target was breached (and the priority raised). */
  firstResponseBreachedAt: optionalDate,
  resolvedAt: optionalDate,
});
export type Case = z.infer<typeof Case>;
