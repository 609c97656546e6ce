// Everything that can happen to a case, as one zod discriminated union on `type`. Commands come
// from the dialog (bot, consumer), the agent desk (agents, ombudsman staff), merchant integrations
// and the timer sweeper (system). Which actor may send which command in which status is the
// move table's business (moves.ts), not the schema's: a wrong actor is a refusal with a code.
import { z } from 'zod';
import { COMPLAINT_CHANNELS } from './complaints.ts';
import { Intent } from '../intents/labels.ts';
import { Actor } from './actors.ts';
import {
  CaseLanguage,
  CurrencyCode,
  DisputeKind,
  InvestigationDecision,
  OverturnOutcome,
  RefundReason,
  ResolveOutcome,
  Tier,
} from './types.ts';
import { PurchaseId } from './purchases.ts';

const text = z.string().trim().min(1).max(10_000);
/** Accepts a Date or an ISO string (Slack and HTTP hand over strings). */
const dueAt = z.coerce.date();
const amountMinor = z.number().int().nonnegative().nullable().optional();

/** An amount in minor units is money only with its ISO 4217 currency. */
function amountHasCurrency(value: { amountMinor?: number | null; currency?: string | null }): boolean {
  return value.amountMinor == null || value.currency != null;
}
const AMOUNT_NEEDS_CURRENCY = { message: 'an amount in minor units needs its ISO 4217 currency', path: ['currency'] };

/** What an agent gives of the purchase when a dispute opens on a case. */
const DISPUTE_DETAILS = {
  merchant: z.string().trim().min(1).max(200).nullable().optional(),
  amountMinor,
  currency: CurrencyCode.nullable().optional(),
  refundReason: RefundReason.nullable().optional(),
};

/** What the classifier found that routing keeps; the caller maps `intents` entities onto it. */
export const OpenEntities = z
  .object({
    /** The refund reason is kept on a disagreement's dispute; an unrecognised purchase has none. */
    ...DISPUTE_DETAILS,
    orderNumber: z.string().trim().min(1).max(100).nullable().optional(),
    purchaseDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .optional(),
    contactedMerchant: z.boolean().nullable().optional(),
    /** The purchase the consumer picked from the purchase directory; the case then points at it. */
    purchaseId: PurchaseId.nullable().optional(),
  })
  .refine(amountHasCurrency, AMOUNT_NEEDS_CURRENCY);
export type OpenEntities = z.infer<typeof OpenEntities>;

/** Why a case climbs. A technical fault always goes to the specialist team. */
export const ESCALATION_REASONS = [
  'technical_fault',
  'outside_routine',
  'buyer_protection',
  'consumer_request',
] as const;
export const EscalationReason = z.enum(ESCALATION_REASONS);
export type EscalationReason = z.infer<typeof EscalationReason>;

export const Command = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('open'),
    actor: Actor,
    /** Chosen by the caller (the db layer makes references); kept all the way up. */
    ref: z.string().trim().min(1).max(64),
    consumerId: z.string().min(1),
    conversationId: z.string().min(1).nullable().optional(),
    intent: Intent,
    language: CaseLanguage,
    entities: OpenEntities.optional(),
    /** The dialog's troubleshooting did not help: customer service will see the flag. */
    technicalFault: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('pick_up'),
    actor: Actor,
    /** How many open cases the agent holds now, when the caller knows; checked against policy. */
    openCasesHeld: z.number().int().nonnegative().optional(),
  }),
  z.object({ type: z.literal('release'), actor: Actor, reason: text.optional() }),
  z.object({
    type: z.literal('reply'),
    actor: Actor,
    /** The stored message this reply is, for linking the event to `messages`. */
    messageId: z.string().min(1).optional(),
  }),
  z.object({
    type: z.literal('request_info'),
    actor: Actor,
    from: z.enum(['consumer', 'merchant']),
    /** When the answer is due; the policy's default when absent. Must lie in the future. */
    dueAt: dueAt.optional(),
    messageId: z.string().min(1).optional(),
    /** The question to the merchant (masked by the caller): sent with its request (webhook, e-mail).
     *  A question to the consumer is their chat message (messageId). */
    question: z.string().trim().min(1).max(4_000).optional(),
  }),
  z
    .object({
      type: z.literal('escalate'),
      actor: Actor,
      to: Tier,
      reason: EscalationReason,
      note: text.optional(),
      /** To investigation: the kind of dispute it opens when none is open (the case's own kind by default). */
      kind: DisputeKind.optional(),
      /** To investigation: what the agent learned of the purchase, for the dispute it opens. */
      ...DISPUTE_DETAILS,
    })
    .refine(amountHasCurrency, AMOUNT_NEEDS_CURRENCY),
  z
    .object({ type: z.literal('open_dispute'), actor: Actor, kind: DisputeKind, ...DISPUTE_DETAILS })
    .refine(amountHasCurrency, AMOUNT_NEEDS_CURRENCY),
  /** The merchant says it settled (a refund or an agreement): a claim the consumer confirms or objects to. */
  z
    .object({
      type: z.literal('merchant_settlement_claimed'),
      actor: Actor,
      amountMinor,
      currency: CurrencyCode.nullable().optional(),
      terms: text.optional(),
    })
    .refine(amountHasCurrency, AMOUNT_NEEDS_CURRENCY),
  z.object({ type: z.literal('consumer_confirmed_settlement'), actor: Actor }),
  z.object({ type: z.literal('consumer_objected'), actor: Actor, reason: text.optional() }),
  z.object({ type: z.literal('settlement_confirmation_expired'), actor: Actor }),
  z.object({ type: z.literal('record_refund_reason'), actor: Actor, reason: RefundReason }),
  z.object({
    type: z.literal('merchant_responded'),
    actor: Actor,
    summary: text.optional(),
    /** Ids of the evidence the merchant sent with its answer (its API), kept with the answer. */
    evidence: z.array(z.string().trim().min(1).max(100)).max(10).optional(),
  }),
  z.object({ type: z.literal('window_expired'), actor: Actor }),
  /** A reminder point of the merchant's window came (the sweeper); the merchant is told, nothing else changes. */
  z.object({ type: z.literal('merchant_reminder_due'), actor: Actor }),
  z.object({ type: z.literal('consumer_info_expired'), actor: Actor }),
  z.object({ type: z.literal('first_response_breached'), actor: Actor }),
  z.object({ type: z.literal('decide_investigation'), actor: Actor, decision: InvestigationDecision, reasoning: text }),
  z.object({ type: z.literal('issue_final_statement'), actor: Actor, text }),
  z.object({ type: z.literal('resolve'), actor: Actor, outcome: ResolveOutcome, note: text.optional() }),
  z.object({ type: z.literal('reopen'), actor: Actor, reason: text.optional() }),
  z.object({ type: z.literal('withdraw'), actor: Actor, reason: text.optional() }),
  /** The consumer asks for their open case to go higher ("I want to complain", "escalate this"): a complaint. */
  z.object({ type: z.literal('request_escalation'), actor: Actor, note: text.optional() }),
  /** The consumer asks for the company's final statement on their case (a complaint). */
  z.object({ type: z.literal('request_final_statement'), actor: Actor, note: text.optional() }),
  z.object({ type: z.literal('final_statement_overdue'), actor: Actor }),
  /** A registered complaint about the case passed its answer date unanswered (db/complaints.ts). */
  z.object({ type: z.literal('complaint_overdue'), actor: Actor, channel: z.enum(COMPLAINT_CHANNELS) }),
  /**
   * A complaint about the case was registered in the complaints register (db/complaints.ts): put
   * on the case's record, so its history and its card show it. Who registered it is the register's.
   */
  z.object({
    type: z.literal('register_complaint'),
    actor: Actor,
    complaintId: z.number().int().positive(),
    channel: z.enum(COMPLAINT_CHANNELS),
    authority: z.string().min(1).max(64).optional(),
    answerDueAt: dueAt,
  }),
  /** A registered complaint about the case was answered (db/complaints.ts): on the case's record. */
  z.object({ type: z.literal('answer_complaint'), actor: Actor, complaintId: z.number().int().positive() }),
  z.object({
    type: z.literal('request_ombudsman'),
    actor: Actor,
    /** The consumer's written account. */
    statement: text,
    desiredOutcome: text,
  }),
  z
    .object({
      type: z.literal('ombudsman_decide'),
      actor: Actor,
      decision: z.enum(['upheld', 'overturned']),
      reasoning: text,
      /** Required for an overturn, refused for an upheld decision: the outcome to carry out. */
      newOutcome: OverturnOutcome.optional(),
      /** The lesson for the tier concerned; the reasoning when absent. */
      feedback: text.optional(),
    })
    .refine((c) => (c.decision === 'overturned') === (c.newOutcome !== undefined), {
      message: 'an overturn names the new outcome; an upheld decision names none',
      path: ['newOutcome'],
    }),
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export const COMMAND_TYPES = Command.options.map((o) => o.shape.type.value) as readonly CommandType[];
