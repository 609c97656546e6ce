// A circuit breaker for the LLM fallback. When the model's service fails N times in a row,
// stop calling it for a while: every consumer message would otherwise wait out the full
// timeout for an answer that will not come. After `resetAfterMs` one trial call is let
// through (half-open); its success closes the breaker, its failure opens it again.
// The clock is a parameter so tests can move time without waiting.

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 3. */
  failureThreshold?: number;
  /** How long the breaker stays open before one trial call. Default 30 s. */
  resetAfterMs?: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreaker {
  /** Whether a call may go out now; in half-open only one trial call at a time. */
  tryAcquire(): boolean;
  onSuccess(): void;
  onFailure(): void;
  state(): BreakerState;
}

export function createCircuitBreaker(options: BreakerOptions, now: () => number): CircuitBreaker {
  const failureThreshold = Math.max(1, options.failureThreshold ?? 3);
  const resetAfterMs = Math.max(0, options.resetAfterMs ?? 30_000);
  let state: BreakerState = 'closed';
  let consecutiveFailures = 0;
  let openedAt = 0;
  let trialInFlight = false;

  return {
    tryAcquire() {
      if (state === 'closed') return true;
      if (state === 'open' && now() - openedAt >= resetAfterMs) {
        state = 'half_open';
        trialInFlight = false;
      }
      if (state === 'half_open' && !trialInFlight) {
        trialInFlight = true;
        return true;
      }
      return false;
    },
    onSuccess() {
      state = 'closed';
      consecutiveFailures = 0;
      trialInFlight = false;
    },
    onFailure() {
      consecutiveFailures++;
      trialInFlight = false;
      if (state === 'half_open' || consecutiveFailures >= failureThreshold) {
        state = 'open';
        openedAt = now();
      }
    },
    state: () => state,
  };
}
