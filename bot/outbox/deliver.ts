// One try at handing one event to its receiver: the body of the events contract, signed, POSTed
// with a deadline; the answer sorted into delivered, worth trying again, or refused for good.
import { redact } from '../../intents/redact.ts';
import type { ClaimedOutboxEvent } from '../../db/index.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';

export interface Receiver {
  url: string;
  secret: string;
}

export type TryOutcome =
  | { kind: 'delivered' }
  /** No answer in time, no connection, a 5xx, a 408 or a 429: the receiver may take it later. */
  | { kind: 'failed'; error: string; retryAfterMs?: number }
  /** Any other 4xx: the receiver says this event is wrong; a few more tries, then it is stopped. */
  | { kind: 'refused'; error: string };

/**
 * `{"id", "type", "created", "data"}`, from the stored event alone, so every try and every
 * replica sends the same bytes.
 */
export function eventBody(event: Pick<ClaimedOutboxEvent, 'id' | 'type' | 'createdAt' | 'data'>): string {
  return JSON.stringify({ id: event.id, type: event.type, created: event.createdAt.toISOString(), data: event.data });
}

/** How much of a refusal's answer an operator gets to read (masked: the receiver may quote anything). */
const ANSWER_EXCERPT_CHARS = 200;

export async function tryDelivery(
  receiver: Receiver,
  body: string,
  options: { now: Date; timeoutMs: number; signal?: AbortSignal },
): Promise<TryOutcome> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(receiver.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Ombud',
        [SIGNATURE_HEADER]: signatureHeader(receiver.secret, body, options.now),
      },
      body,
      redirect: 'manual',
      signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline,
    });
  } catch (error) {
    return {
      kind: 'failed',
      error: deadline.aborted ? `no answer within ${options.timeoutMs} ms` : connectionError(error),
    };
  }
  let answer = '';
  try {
    answer = await response.text();
  } catch {
    // The status says what matters; an answer cut off on the way is not a second failure.
  }
  if (response.status >= 200 && response.status < 300) return { kind: 'delivered' };
  const error = `HTTP ${response.status}${excerpt(answer)}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
    return { kind: 'refused', error };
  const retryAfterMs = retryAfter(response.headers.get('retry-after'));
  return retryAfterMs === undefined ? { kind: 'failed', error } : { kind: 'failed', error, retryAfterMs };
}

function connectionError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return `cannot reach the receiver${code ? ` (${code})` : excerpt(String((error as Error | null)?.message ?? error))}`;
}

// Masked before it is cut, so that a number cut in two is not left half readable.
function excerpt(answer: string): string {
  const masked = redact(
    answer
      .slice(0, 10 * ANSWER_EXCERPT_CHARS)
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (!masked) return '';
  return `: ${masked.length > ANSWER_EXCERPT_CHARS ? `${masked.slice(0, ANSWER_EXCERPT_CHARS)}…` : masked}`;
}

/** Retry-After in seconds (an HTTP date is rare from an API and is left to the backoff). */
function retryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}
