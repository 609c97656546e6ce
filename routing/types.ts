// The words of the domain (DOMAIN.md) as zod enums, and the case itself as plain data.
// The case is what the db layer stores: the columns of `cases` plus the whole value as jsonb in
// `cases.state` (and the dispute as a `disputes` row). `Case.parse(json)` turns a stored jsonb
// value back into a case: dates come back from JSON as strings, so the schema coerces them.
import { z } from 'zod';
import { Intent } from '../intents/labels.ts';

/** The ladder, lowest first. Only a consumer's written request reaches the ombudsman. */
export const TIERS = ['customer_service', 'investigation', 'specialist', 'ombudsman'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

/** The tiers that own a case and may give its final statement: every tier but the ombudsman. */
export const OWNING_TIERS = ['customer_service', 'investigation', 'specialist'] as const;

export const STATUSES = ['queued', 'assigned', 'awaiting_consumer', 'awaiting_merchant', 'resolved'] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

/**
 * How a case ended.
 * - `answered`: a person answered or solved the matter (invoice, login, terms, ...).
 * - `fault_fixed`: a technical fault was found and fixed (usually by the specialist team).
 * - `merchant_settled`: the merchant settled the dispute with the consumer; the invoice resumes
 *   as the settlement left it.
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

/** Maps onto one `disputes` row. */
export const Dispute = z.object({
  kind: DisputeKind,
  /** The shop's name as the consumer or agent gave it; null when not known yet. */
  merchantName: z.string().nullable(),
  /** The disputed amount in minor units (öre, cents); null when not known. */
  amountMinor: z.number().int().nonnegative().nullable(),
  currency: CurrencyCode.nullable(),
  /** The day of the purchase (or of the return) the consumer reported, YYYY-MM-DD; null when not given. */
  purchaseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  /** Whether the consumer said they had contacted the shop before reporting; null when not asked. */
  contactedMerchant: z.boolean().nullable().default(null),
  openedAt: date,
  /** End of the merchant's window to settle (merchant disagreements only). */
  windowEndsAt: optionalDate,
  /** What the merchant last did; null while it has said nothing. */
  merchantAnswer: z.enum(['settled', 'responded']).nullable(),
  merchantAnsweredAt: optionalDate,
  /** When the dispute reached the investigation department's queue after the window. */
  escalatedAt: optionalDate,
  /** The merchant pays a dispute fee when the dispute escalates (silence or no agreement). */
  disputeFeeCharged: z.boolean(),
  /** Investigation's (or the system's, for a silent merchant) decision; null otherwise. */
  decision: InvestigationDecision.nullable(),
  decisionReasoning: z.string().nullable(),
  /** Set when the invoice stops being paused: settled, decided or withdrawn. */
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
  /** The outcome in force: null until the first resolution; kept through a reopen or an
   *  ombudsman review until something replaces it. */
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
  /** The latest final statement; a new one after a reopen replaces it. */
  finalStatementText: z.string().nullable(),
  /** Event-style actor of the statement, e.g. `agent:u123`. */
  finalStatementBy: z.string().nullable(),
  finalStatementAt: optionalDate,
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
