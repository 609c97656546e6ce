// What the dialog remembers of a conversation between two messages (stored with the
// conversation, so any replica can take the next message). Older stored shapes still parse:
// every field added since has a default.
import { z } from 'zod';
import { Intent, Language } from '../../intents/labels.ts';

/** What a tier needs before a handoff; filled from what the consumer says, or asked one at a time. */
export const Slots = z.object({
  description: z.string(),
  merchant: z.string().nullable().default(null),
  amountMinor: z.number().int().nonnegative().nullable().default(null),
  /** ISO 4217; a "kr" with no market to tell is resolved before it gets here. */
  currency: z.string().nullable().default(null),
  /** What the consumer wrote for the amount (kept for older stored states; the summary formats the amount). */
  amountText: z.string().nullable().default(null),
  /** YYYY-MM-DD: the day, or the first day of the week or month the consumer meant. */
  date: z.string().nullable().default(null),
  dateSpan: z.enum(['day', 'week', 'month']).default('day'),
  dateText: z.string().nullable().default(null),
  orderNumber: z.string().nullable().default(null),
  contactedMerchant: z.boolean().nullable().default(null),
  /** Why the consumer wants their money back (a dispute's refund reason); null until told. */
  refundReason: z
    .enum(['returned', 'not_received', 'wrong_amount', 'faulty', 'refund_refused'])
    .nullable()
    .default(null),
  /** The purchase the consumer picked from their purchases (its id in the payments core); the case points at it. */
  purchaseId: z.string().nullable().default(null),
  /** The consumer's purchases were looked up for this report (offered, or none fitted): not again. */
  purchaseOffered: z.boolean().default(false),
  /** Slots the consumer could not give: never asked again. */
  skipped: z.array(z.string()).default([]),
});
export type Slots = z.infer<typeof Slots>;

export const SLOT_NAMES = ['refundReason', 'merchant', 'amount', 'date', 'contactedMerchant'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/**
 * What a question expects as its answer; the reader for that kind reads the next message first.
 * Sent with the question (`expects` on the reply) so apps can offer the right input.
 */
export const EXPECTS = [
  'shop',
  'amount',
  'date',
  'contacted',
  'confirm',
  'helped',
  'free_text',
  'yes_no',
  'choice',
  'rating',
] as const;
export const Expects = z.enum(EXPECTS);
export type Expects = z.infer<typeof Expects>;

const misses = z.number().int().nonnegative().default(0);

/** A purchase offered as a button: what the button shows and what the case keeps when it is picked. */
export const OfferedPurchase = z.object({
  id: z.string(),
  merchant: z.string(),
  amountMinor: z.number().int().nonnegative(),
  currency: z.string(),
  purchaseDate: z.string(),
  orderNumber: z.string().nullable(),
});
export type OfferedPurchase = z.infer<typeof OfferedPurchase>;

const ReportIntent = z.enum(['unrecognized_purchase', 'merchant_disagreement']);

const CollectState = z.object({
  stage: z.literal('collect'),
  intent: Intent,
  slots: Slots,
  asking: z.enum(SLOT_NAMES),
  misses,
});
/** The summary is shown; `editing` once the consumer said something is wrong and was asked what. */
const ConfirmState = z.object({
  stage: z.literal('confirm'),
  intent: Intent,
  slots: Slots,
  editing: z.boolean().default(false),
  misses,
});

export const DialogState = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('idle'), misses }),
  /** A self-service answer was given: waiting for "did this help?". `alternative`: what else the question may be about. */
  z.object({
    stage: z.literal('helped'),
    intent: z.enum(['invoice', 'login']),
    description: z.string(),
    alternative: Intent.nullable().default(null),
    misses,
  }),
  /** Not sure what the consumer meant: the options offered. */
  z.object({ stage: z.literal('clarify'), text: z.string(), options: z.array(Intent), misses }),
  CollectState,
  /**
   * An identified consumer's report: their purchases that fit what they described are offered
   * (`offered`, empty while the shell looks them up); "none of these" goes on with typed facts.
   */
  z.object({
    stage: z.literal('pick_purchase'),
    intent: ReportIntent,
    slots: Slots,
    offered: z.array(OfferedPurchase).max(10),
    misses,
  }),
  /**
   * The merchant of the consumer's case `ref` says it settled (refunded `amountMinor` in `currency`):
   * is that right? Yes closes the dispute as settled; no resumes it.
   */
  z.object({
    stage: z.literal('settlement'),
    ref: z.string(),
    merchant: z.string().nullable(),
    amountMinor: z.number().int().nonnegative().nullable(),
    currency: z.string().nullable(),
    misses,
  }),
  /**
   * A dispute was opened without its refund reason: "what happened with the purchase?" is asked
   * after the case `ref` is opened, so that a report never waits on it; the answer is recorded on the case.
   */
  z.object({ stage: z.literal('refund_reason'), ref: z.string(), misses }),
  ConfirmState,
  /**
   * What is it about? Asked before a person (intent human_agent), or after a topic button
   * (invoice, login: the question; a report: what happened); the answer goes to that topic.
   */
  z.object({
    stage: z.literal('describe'),
    intent: Intent.default('human_agent'),
    /** What the consumer said before the question ("nåt konstigt på min faktura"), read with the answer. */
    earlier: z.string().max(2_000).optional(),
    misses,
  }),
  /**
   * A person was offered (after two misses, or when no ready answer was found); yes opens this case.
   * `resume`: the report whose question was missed twice; "no" (or an answer to that question)
   * goes on with it, so that declining a person never drops what the consumer reported.
   */
  z.object({
    stage: z.literal('offer_person'),
    intent: Intent,
    slots: Slots,
    resume: z.discriminatedUnion('stage', [CollectState, ConfirmState]).optional(),
  }),
  /** The case is resolved: waiting for a rating (1 to 5). */
  z.object({ stage: z.literal('rating'), ref: z.string() }),
  /** Rated: the next message may be a comment on the rating. */
  z.object({ stage: z.literal('rating_comment'), ref: z.string() }),
]);
export type DialogState = z.infer<typeof DialogState>;

export const ConversationMemory = z.object({
  /** The conversation's one language: set once, switched only by full sentences in another. */
  language: Language.nullable().default(null),
  state: DialogState.default({ stage: 'idle', misses: 0 }),
});
export type ConversationMemory = z.infer<typeof ConversationMemory>;

export const INITIAL_MEMORY: ConversationMemory = { language: null, state: { stage: 'idle', misses: 0 } };
