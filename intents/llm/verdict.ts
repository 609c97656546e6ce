// What the model must answer: one zod schema, sent with the request as its JSON schema
// (structured output) and checked against the answer, because an OpenAI-compatible server may
// ignore response_format or a model may drift.
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { INTENTS, LANGUAGES } from '../labels.ts';

const VERDICT_LANGUAGES = [...LANGUAGES, 'und'] as const;

export const LlmVerdict = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  language: z.enum(VERDICT_LANGUAGES),
});
export type LlmVerdict = z.infer<typeof LlmVerdict>;

/**
 * response_format for chat.completions (strict structured output), built from the zod schema by
 * OpenAI's own helper, so the two cannot drift apart.
 */
export const VERDICT_RESPONSE_FORMAT: ResponseFormatJSONSchema = zodResponseFormat(LlmVerdict, 'intent_verdict');
