// Optional LLM fallback for messages the local classifier is unsure about. It sees only
// masked text, answers within a hard deadline or not at all, and stops being asked while
// its service is failing. It never throws: on any failure it returns null and the caller
// keeps the local answer. Any OpenAI-compatible server works (baseURL, or OPENAI_BASE_URL,
// which the SDK reads itself when baseURL is not given).
import OpenAI from 'openai';
import { redact } from './redact.ts';
import { createCircuitBreaker, type BreakerOptions } from './llm/breaker.ts';
import { MAX_MESSAGE_CHARS, systemPrompt, type LocalGuess } from './llm/prompt.ts';
import { LlmVerdict, VERDICT_RESPONSE_FORMAT } from './llm/verdict.ts';

export { LlmVerdict } from './llm/verdict.ts';
export type { LocalGuess } from './llm/prompt.ts';

export interface LlmClassifierOptions {
  apiKey: string;
  baseURL?: string;
  /** Default gpt-4o-mini. */
  model?: string;
  /** Deadline for the whole call, connection to parsed answer. Default 2000 ms. */
  timeoutMs?: number;
  breaker?: BreakerOptions;
  /** Clock for the breaker; Date.now by default. */
  now?: () => number;
}

export interface LlmStats {
  /** Requests sent to the model's service. */
  calls: number;
  /** Of those, how many gave no usable verdict (error status, timeout, malformed answer). */
  failures: number;
  /** True while the breaker is open or half-open (no request goes out until a trial succeeds). */
  breakerOpen: boolean;
}

export interface LlmClassifier {
  classify(maskedText: string, local: LocalGuess): Promise<LlmVerdict | null>;
  stats(): LlmStats;
}

export const DEFAULT_LLM_MODEL = 'gpt-4o-mini';
export const DEFAULT_LLM_TIMEOUT_MS = 2_000;

type ChatRequest = OpenAI.ChatCompletionCreateParamsNonStreaming;

export function createLlmClassifier(opts: LlmClassifierOptions): LlmClassifier {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const model = opts.model ?? DEFAULT_LLM_MODEL;
  const breaker = createCircuitBreaker(opts.breaker ?? {}, opts.now ?? Date.now);
  let client: OpenAI | null = null;
  try {
    // No retries: a retry would blow the deadline, and the breaker handles a failing service.
    client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: 0, timeout: timeoutMs });
  } catch {
    client = null; // e.g. no API key at all: every call answers null, the local answer stands
  }
  let calls = 0;
  let failures = 0;

  function buildRequest(maskedText: string, local: LocalGuess): ChatRequest {
    // Defence in depth: the caller should already have masked the text; mask it again.
    const text = redact(maskedText.slice(0, MAX_MESSAGE_CHARS));
    return {
      model,
      temperature: 0,
      messages: [
        { role: 'system', content: systemPrompt(local) },
        { role: 'user', content: text },
      ],
      response_format: VERDICT_RESPONSE_FORMAT,
    };
  }

  async function send(openai: OpenAI, request: ChatRequest): Promise<LlmVerdict> {
    // The SDK's own timeout stops waiting for the response headers; this one also covers
    // reading and parsing the body, so the deadline holds for the whole call.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      const completion = await openai.chat.completions.create(request, {
        signal: deadline.signal,
        timeout: timeoutMs,
        maxRetries: 0,
      });
      const content = completion.choices[0]?.message?.content;
      if (typeof content !== 'string') throw new Error('the model gave no content');
      return LlmVerdict.parse(JSON.parse(content));
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async classify(maskedText, local) {
      let request: ChatRequest;
      try {
        request = buildRequest(maskedText, local);
      } catch {
        return null; // a bad argument is the caller's problem, not the service's: the breaker is not told
      }
      if (client === null || !breaker.tryAcquire()) return null;
      calls++;
      try {
        const verdict = await send(client, request);
        breaker.onSuccess();
        return verdict;
      } catch {
        failures++;
        breaker.onFailure();
        return null;
      }
    },
    stats: () => ({ calls, failures, breakerOpen: breaker.state() !== 'closed' }),
  };
}
