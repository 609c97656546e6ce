// The payments core as the purchase directory's source: one GET per question, the consumer's
// purchases in the answer (the contract is in docs/purchases.md). A slow or broken core must
// not hold up the chat: the wait is bounded, nothing is retried (the consumer can type the facts
// instead), and after a few failures in a row the circuit breaker stops asking for a while, so a
// core that is down costs each conversation nothing.
import { z } from 'zod';
import { createCircuitBreaker, type CircuitBreaker } from '../../intents/llm/breaker.ts';
import { Purchase } from '../../routing/index.ts';
import type { PurchaseSource, WarnLog } from './directory.ts';

/** Why the core gave no purchases; the directory logs it and answers with none. */
export class PurchasesUnavailable extends Error {
  override name = 'PurchasesUnavailable';
  constructor(
    readonly reason: 'breaker_open' | 'timeout' | 'network' | 'status' | 'too_large' | 'malformed',
    detail: string,
  ) {
    super(detail);
  }
}

/** More than any consumer's recent purchases: a bigger answer is a fault, not data. */
const MAX_BODY_BYTES = 1_000_000;
const Answer = z.object({ purchases: z.array(z.unknown()).max(1_000) });

export interface HttpPurchasesOptions {
  url: string;
  token?: string;
  timeoutMs: number;
  log: WarnLog;
  breaker?: CircuitBreaker;
  fetch?: typeof fetch;
}

export function httpPurchases(options: HttpPurchasesOptions): PurchaseSource {
  const breaker = options.breaker ?? createCircuitBreaker({ failureThreshold: 3, resetAfterMs: 30_000 }, Date.now);
  const get = options.fetch ?? fetch;
  return {
    kind: 'http',
    async purchasesOf(customerId, query) {
      if (!breaker.tryAcquire())
        throw new PurchasesUnavailable(
          'breaker_open',
          'the purchase directory failed several times in a row; not asked for now',
        );
      const url = new URL(options.url);
      url.searchParams.set('consumer', customerId);
      url.searchParams.set('since', query.since);
      let body: unknown;
      try {
        body = await fetchJson(get, url, options);
      } catch (error) {
        if (error instanceof NotFound) {
          // The core does not know the consumer: no purchases, and the core answered fine.
          breaker.onSuccess();
          return [];
        }
        breaker.onFailure();
        throw error;
      }
      breaker.onSuccess();
      const purchases: Purchase[] = [];
      let refused = 0;
      for (const item of body as unknown[]) {
        const parsed = Purchase.safeParse(item);
        if (parsed.success) purchases.push(parsed.data);
        else refused++;
      }
      if (refused > 0)
        options.log.warn(
          { source: 'http', refused, kept: purchases.length },
          'purchase directory: purchases not in the agreed format left out',
        );
      return purchases;
    },
  };
}

class NotFound extends Error {}

async function fetchJson(get: typeof fetch, url: URL, options: HttpPurchasesOptions): Promise<unknown[]> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await get(url, {
      headers: { accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      signal,
      redirect: 'error',
    });
  } catch (error) {
    throw unavailable(error, signal);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new NotFound();
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PurchasesUnavailable('status', `the purchase directory answered ${response.status}`);
  }
  let text: string;
  try {
    text = await readCapped(response, MAX_BODY_BYTES);
  } catch (error) {
    throw error instanceof PurchasesUnavailable ? error : unavailable(error, signal);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PurchasesUnavailable('malformed', 'the purchase directory answered something that is not JSON');
  }
  const answer = Answer.safeParse(json);
  if (!answer.success)
    throw new PurchasesUnavailable('malformed', 'the purchase directory answered JSON without a purchases list');
  return answer.data.purchases;
}

function unavailable(error: unknown, signal: AbortSignal): PurchasesUnavailable {
  if (signal.aborted) return new PurchasesUnavailable('timeout', 'the purchase directory did not answer in time');
  return new PurchasesUnavailable(
    'network',
    `the purchase directory could not be reached (${(error as Error).message})`,
  );
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new PurchasesUnavailable('too_large', `the purchase directory's answer is over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
