// What the model must answer, twice over: as the JSON schema sent with the request
// (structured output) and as the zod schema its answer is checked against, because an
// OpenAI-compatible server may ignore response_format or a model may drift.
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { z } from 'zod';
import { INTENTS, LANGUAGES } from '../labels.ts';

const VERDICT_LANGUAGES = [...LANGUAGES, 'und'] as const;

export const LlmVerdict = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  language: z.enum(VERDICT_LANGUAGES),
});
export type LlmVerdict = z.infer<typeof LlmVerdict>;

/** response_format for chat.completions (strict structured output). */
export const VERDICT_RESPONSE_FORMAT: ResponseFormatJSONSchema = {
  type: 'json_schema',
  json_schema: {
    name: 'intent_verdict',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        intent: { type: 'string', enum: [...INTENTS] },
        confidence: { type: 'number', description: 'from 0 to 1' },
        language: { type: 'string', enum: [...VERDICT_LANGUAGES] },
      },
      required: ['intent', 'confidence', 'language'],
      additionalProperties: false,
    },
  },
};
