// A token bucket per key (a consumer session): `burst` messages at once, then `refillPerSecond`.
// The clock is a parameter, so the rule is testable without waiting.
//
// Per process, on purpose. Each replica keeps its own buckets, so with N replicas a consumer
// whose messages are spread over all of them gets at most N times the limit. That is acceptable
// because this is abuse control, not billing: its job is to stop one session flooding the
// classifier and the database, and a widget holds one websocket, so a session's messages land on
// one replica anyway; a load balancer spreading one session's webhook calls evenly still leaves
// the flood bounded by N x the rate. A shared counter (Postgres or Redis) would put a round trip
// in front of every message for little gain. The buckets are lost on restart, which only ever
// gives a consumer a fresh burst.
//
// Memory is bounded without a timer. The map is kept in order of last use (a touched key moves
// to the end), so the idle ones are at the front:
// - a bucket idle long enough to have refilled completely is the same as no bucket, so dropping
//   it changes nothing; each `take` drops such buckets from the front (amortised O(1));
// - past `maxBuckets`, the least recently used bucket goes even if not full. Only a flood of
//   distinct keys gets there (100k by default: 28 MB of heap, measured with 24-character keys),
//   and its cost is a fresh burst for a session idle longer than all the others.
//
// Over HTTP a refusal is always the same answer (`takeOrRefuse`): 429 `rate_limited` with the
// error body and Retry-After. The websocket has no status line and answers an error frame that
// carries `retryAfterMs` instead (bot/web/channel.ts).
import { isIPv6 } from 'node:net';
import type { Request, Response } from 'express';
import { CodedError } from '../errors.ts';

export interface RateLimitOptions {
  /** Messages allowed at once (the bucket's size). Default 20. */
  burst?: number;
  /** Messages the bucket regains per second. Default 1. */
  refillPerSecond?: number;
  /** At most this many buckets are kept. Default 100 000. */
  maxBuckets?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  /** Epoch ms when `tokens` was last brought up to date. */
  at: number;
}

export const DEFAULT_RATE_LIMIT = { burst: 20, refillPerSecond: 1, maxBuckets: 100_000 } as const;

export class RateLimiter {
  readonly burst: number;
  readonly refillPerSecond: number;
  readonly maxBuckets: number;
  /** How long an untouched bucket takes to refill from empty: after that it is forgettable. */
  readonly fullAfterMs: number;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}) {
    this.burst = positive('burst', options.burst ?? DEFAULT_RATE_LIMIT.burst);
    if (this.burst < 1) throw new RangeError('burst must be at least 1');
    this.refillPerSecond = positive('refillPerSecond', options.refillPerSecond ?? DEFAULT_RATE_LIMIT.refillPerSecond);
    this.maxBuckets = positive('maxBuckets', options.maxBuckets ?? DEFAULT_RATE_LIMIT.maxBuckets);
    if (!Number.isInteger(this.maxBuckets)) throw new RangeError('maxBuckets must be a whole number');
    this.perMs = this.refillPerSecond / 1000;
    this.fullAfterMs = this.burst / this.perMs;
  }

  /** Takes one message's worth from `key`'s bucket at time `now` (epoch ms). */
  take(key: string, now: number): TakeResult {
    if (!Number.isFinite(now)) throw new TypeError('now must be epoch milliseconds');
    this.forgetIdle(now);

    const bucket = this.buckets.get(key);
    let tokens = this.burst;
    if (bucket) {
      // A clock that steps back (another replica's time, NTP) must not drain or fill a bucket.
      const elapsed = Math.max(0, now - bucket.at);
      tokens = Math.min(this.burst, bucket.tokens + elapsed * this.perMs);
      this.buckets.delete(key); // re-inserted below: the end of the map is the most recent use
    }

    let result: TakeResult;
    if (enough(tokens)) {
      tokens = Math.max(0, tokens - 1);
      result = { ok: true };
    } else {
      result = { ok: false, retryAfterMs: this.waitFor(tokens) };
    }
    this.buckets.set(key, { tokens, at: bucket ? Math.max(now, bucket.at) : now });

    if (this.buckets.size > this.maxBuckets) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
    return result;
  }

  /** How many buckets are held (for metrics and tests). */
  get size(): number {
    return this.buckets.size;
  }

  /** Forgets a key, e.g. when its session ends. */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /**
   * The fewest whole milliseconds after which `take` will say yes: found with the very
   * arithmetic `take` uses, so floating-point rounding cannot make it a millisecond off.
   */
  private waitFor(tokens: number): number {
    const after = (ms: number) => enough(Math.min(this.burst, tokens + ms * this.perMs));
    let ms = Math.max(1, Math.ceil((1 - tokens) / this.perMs));
    while (ms > 1 && after(ms - 1)) ms -= 1;
    while (!after(ms)) ms += 1;
    return ms;
  }

  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at < this.fullAfterMs) break;
      this.buckets.delete(key);
    }
  }
}

/** The epsilon absorbs floating-point dust (e.g. 0.1 + 0.2 tokens summed to 0.3 minus a bit). */
function enough(tokens: number): boolean {
  return tokens >= 1 - 1e-9;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}

/** Retry-After as HTTP writes it: whole seconds, rounded up, so that waiting that long is enough. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/**
 * One HTTP request's worth from `key`'s bucket. When it is empty the request is refused before
 * the route does anything: `Retry-After` is set and a CodedError thrown, which the service's error
 * handler answers as 429 with {"error": {"code": "rate_limited", "message"}}.
 */
export function takeOrRefuse(limiter: RateLimiter, key: string, now: Date, res: Response, message: string): void {
  const limit = limiter.take(key, now.getTime());
  if (limit.ok) return;
  res.setHeader('retry-after', String(retryAfterSeconds(limit.retryAfterMs)));
  throw new CodedError('rate_limited', message);
}

/**
 * The key of a per-address limit: `req.ip`, the address express reports. The service keeps
 * 'trust proxy' off (bot/http.ts), so that is the TCP peer and no client picks its own key with
 * X-Forwarded-For. Behind a reverse proxy or load balancer the peer is the proxy: everyone behind
 * it shares one bucket, so a per-address limit becomes a limit on the whole proxy. Such a
 * deployment sets TRUST_PROXY to its proxies; req.ip, and with it this key, then names the
 * client again.
 */
export function clientKey(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress);
}

/**
 * An address as a limit counts it. IPv6 by its /64: a subscriber is given a whole /64 and could
 * otherwise take a fresh bucket for each of its 2^64 addresses. An IPv4-mapped address
 * (::ffff:192.0.2.1, what a dual-stack socket reports) is the IPv4 address it maps.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split('%')[0]!; // a zone (fe80::1%eth0) names the interface, not the host
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  // A dotted IPv4 tail fills the last two groups; it lies in the low 64 bits, which are dropped.
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const groups = [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
