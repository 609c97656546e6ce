// What the dialog remembers of a conversation between two messages (stored with the
// conversation, so any replica can take the next message).
import { z } from 'zod';
import { Intent, Language } from '../../intents/labels.ts';

/** What a tier needs before a handoff; filled from entities or asked for one at a time. */
export const Slots = z.object({
  description: z.string(),
  merchant: z.string().nullable().default(null),
  amountMinor: z.number().int().nonnegative().nullable().default(null),
  currency: z.string().nullable().default(null),
  amountText: z.string().nullable().default(null),
  date: z.string().nullable().default(null),
  dateText: z.string().nullable().default(null),
  orderNumber: z.string().nullable().default(null),
  contactedMerchant: z.boolean().nullable().default(null),
  /** Slots the consumer chose to skip: never asked again. */
  skipped: z.array(z.string()).default([]),
});
export type Slots = z.infer<typeof Slots>;

export const SLOT_NAMES = ['merchant', 'amount', 'date', 'contactedMerchant'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

export const DialogState = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('idle'), misses: z.number().int().nonnegative().default(0) }),
  /** A self-service answer was given: waiting for "did this help?". */
  z.object({ stage: z.literal('helped'), intent: z.enum(['invoice', 'login']), description: z.string() }),
  /** Not sure what the consumer meant: the options offered. */
  z.object({ stage: z.literal('clarify'), text: z.string(), options: z.array(Intent) }),
  z.object({ stage: z.literal('collect'), intent: Intent, slots: Slots, asking: z.enum(SLOT_NAMES) }),
  z.object({ stage: z.literal('confirm'), intent: Intent, slots: Slots }),
  /** The case is resolved: waiting for a rating (1 to 5). */
  z.object({ stage: z.literal('rating'), ref: z.string() }),
  /** Rated: the next message may be a comment on the rating. */
  z.object({ stage: z.literal('rating_comment'), ref: z.string() }),
]);
export type DialogState = z.infer<typeof DialogState>;

export const ConversationMemory = z.object({
  language: Language.nullable().default(null),
  state: DialogState.default({ stage: 'idle', misses: 0 }),
});
export type ConversationMemory = z.infer<typeof ConversationMemory>;

export const INITIAL_MEMORY: ConversationMemory = { language: null, state: { stage: 'idle', misses: 0 } };
