import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  DEFAULT_RATE_LIMIT,
  RateLimiter,
  retryAfterSeconds,
  type TakeResult,
} from '../../bot/web/rate-limit.ts';

const T0 = 1_770_000_000_000;

function takeMany(limiter: RateLimiter, key: string, n: number, now: number): TakeResult[] {
  return Array.from({ length: n }, () => limiter.take(key, now));
}

describe('the per-session rate limit', () => {
  it('allows a burst of 20 by default, then refuses and says when to retry', () => {
    const limiter = new RateLimiter();
    expect(DEFAULT_RATE_LIMIT).toMatchObject({ burst: 20, refillPerSecond: 1 });
    const burst = takeMany(limiter, 's1', 20, T0);
    expect(burst.every((r) => r.ok)).toBe(true);
    expect(limiter.take('s1', T0)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(limiter.take('s1', T0 + 400)).toEqual({ ok: false, retryAfterMs: 600 });
  });

  it('refills one message a second: waiting the given time is enough, and not more than that', () => {
    const limiter = new RateLimiter();
    takeMany(limiter, 's1', 20, T0);
    const refused = limiter.take('s1', T0);
    if (refused.ok) throw new Error('expected a refusal');
    expect(limiter.take('s1', T0 + refused.retryAfterMs - 1).ok).toBe(false);
    expect(limiter.take('s1', T0 + refused.retryAfterMs).ok).toBe(true);
    expect(limiter.take('s1', T0 + refused.retryAfterMs).ok).toBe(false);
  });

  it('limits each session on its own', () => {
    const limiter = new RateLimiter({ burst: 2 });
    takeMany(limiter, 'flooder', 5, T0);
    expect(limiter.take('flooder', T0).ok).toBe(false);
    expect(takeMany(limiter, 'neighbour', 2, T0).every((r) => r.ok)).toBe(true);
  });

  it('never saves up more than the burst, however long a session was quiet', () => {
    const limiter = new RateLimiter({ burst: 3, refillPerSecond: 1 });
    limiter.take('s1', T0);
    const later = T0 + 3_600_000;
    expect(takeMany(limiter, 's1', 4, later).map((r) => r.ok)).toEqual([true, true, true, false]);
  });

  it('takes its size and rate from options', () => {
    const limiter = new RateLimiter({ burst: 5, refillPerSecond: 10 });
    expect(takeMany(limiter, 's1', 6, T0).filter((r) => r.ok)).toHaveLength(5);
    expect(limiter.take('s1', T0)).toEqual({ ok: false, retryAfterMs: 100 });
    expect(limiter.take('s1', T0 + 100).ok).toBe(true);
  });

  it('does not hand out extra messages when the clock steps back', () => {
    const limiter = new RateLimiter({ burst: 2, refillPerSecond: 1 });
    takeMany(limiter, 's1', 2, T0);
    expect(limiter.take('s1', T0 - 60_000).ok).toBe(false);
    expect(limiter.take('s1', T0 + 999).ok).toBe(false);
    expect(limiter.take('s1', T0 + 1000).ok).toBe(true);
  });

  it('refuses nonsense settings and clocks', () => {
    expect(() => new RateLimiter({ burst: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ burst: 0.5 })).toThrow(RangeError);
    expect(() => new RateLimiter({ refillPerSecond: -1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ maxBuckets: 1.5 })).toThrow(RangeError);
    expect(() => new RateLimiter().take('s1', Number.NaN)).toThrow(TypeError);
  });

  it('never lets more through in a window than the burst plus what refilled in it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 120 }),
        (burst, refillPerSecond, gaps) => {
          const limiter = new RateLimiter({ burst, refillPerSecond });
          let now = T0;
          const allowedAt: number[] = [];
          for (const gap of gaps) {
            now += gap;
            const result = limiter.take('s', now);
            if (result.ok) allowedAt.push(now);
            else expect(result.retryAfterMs).toBeGreaterThan(0);
          }
          for (let i = 0; i < allowedAt.length; i++) {
            for (let j = i; j < allowedAt.length; j++) {
              const window = allowedAt[j]! - allowedAt[i]!;
              expect(j - i + 1).toBeLessThanOrEqual(burst + Math.floor((window * refillPerSecond) / 1000) + 1e-9);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is always right about retryAfterMs: not a millisecond early, and enough', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 60 }),
        (burst, refillPerSecond, gaps) => {
          const limiter = new RateLimiter({ burst, refillPerSecond });
          let now = T0;
          for (const gap of gaps) limiter.take('s', (now += gap));
          // Drain whatever is left, then ask.
          let refused = limiter.take('s', now);
          while (refused.ok) refused = limiter.take('s', now);
          // A refusal costs nothing, so asking one ms early changes nothing about asking on time.
          if (refused.retryAfterMs > 1) expect(limiter.take('s', now + refused.retryAfterMs - 1).ok).toBe(false);
          expect(limiter.take('s', now + refused.retryAfterMs).ok).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('memory', () => {
  it('forgets a bucket once it would be full again, which changes no answer', () => {
    const limiter = new RateLimiter({ burst: 4, refillPerSecond: 2 }); // full again after 2 s
    expect(limiter.fullAfterMs).toBe(2000);
    limiter.take('a', T0);
    limiter.take('b', T0 + 500);
    expect(limiter.size).toBe(2);
    limiter.take('c', T0 + 2000);
    expect(limiter.size).toBe(2); // 'a' went, 'b' (idle 1.5 s) stays
    limiter.take('d', T0 + 10_000);
    expect(limiter.size).toBe(1);
  });

  it('keeps at most maxBuckets, dropping the one idle longest rather than the oldest', () => {
    const limiter = new RateLimiter({ burst: 3, refillPerSecond: 1, maxBuckets: 3 });
    takeMany(limiter, 'first', 3, T0);
    limiter.take('second', T0 + 1);
    limiter.take('third', T0 + 2);
    // 'first' is used again, so 'second' is now the one idle longest.
    expect(limiter.take('first', T0 + 3).ok).toBe(false);
    limiter.take('fourth', T0 + 4);
    expect(limiter.size).toBe(3);
    // 'first' kept its empty bucket; 'second' was forgotten and starts full again.
    expect(limiter.take('first', T0 + 5).ok).toBe(false);
    expect(takeMany(limiter, 'second', 3, T0 + 5).every((r) => r.ok)).toBe(true);
  });

  it('stays within the cap under a flood of distinct keys', () => {
    const limiter = new RateLimiter({ maxBuckets: 1000 });
    for (let i = 0; i < 20_000; i++) limiter.take(`k${i}`, T0 + i);
    expect(limiter.size).toBe(1000);
  });

  it('answers exactly like a limiter that never forgets, as long as the cap is not reached', () => {
    // The reference: the textbook bucket with every key kept forever.
    class Reference {
      private buckets = new Map<string, { tokens: number; at: number }>();
      constructor(
        private burst: number,
        private perMs: number,
      ) {}
      take(key: string, now: number): boolean {
        const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
        const tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
        const ok = tokens >= 1 - 1e-9;
        this.buckets.set(key, { tokens: ok ? Math.max(0, tokens - 1) : tokens, at: now });
        return ok;
      }
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 3000 })), { maxLength: 150 }),
        (burst, refillPerSecond, steps) => {
          const limiter = new RateLimiter({ burst, refillPerSecond });
          const reference = new Reference(burst, refillPerSecond / 1000);
          let now = T0;
          for (const [key, gap] of steps) {
            now += gap;
            expect(limiter.take(key, now).ok).toBe(reference.take(key, now));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('over HTTP', () => {
  it('Retry-After is whole seconds rounded up, never 0, so that waiting it out is always enough', () => {
    expect([1, 999, 1000, 1001, 29_999.5, 60_000].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 30, 60]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (ms) => {
        const seconds = retryAfterSeconds(ms);
        expect(seconds * 1000).toBeGreaterThanOrEqual(ms);
        expect((seconds - 1) * 1000).toBeLessThan(ms);
      }),
    );
  });

  it('counts an IPv4 address as itself, and an IPv4-mapped IPv6 address as the IPv4 one', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.8')).not.toBe(addressKey('192.0.2.7'));
  });

  it('counts an IPv6 address by its /64, however it is written, so a subscriber cannot walk its block for fresh buckets', () => {
    const key = '2001:db8:1:2::/64';
    const sameBlock = [
      '2001:db8:1:2:3:4:5:6',
      '2001:db8:1:2::9',
      '2001:0DB8:0001:0002:ffff::',
      '2001:db8:1:2::',
      '2001:db8:1:2::1%eth0',
    ];
    expect(sameBlock.map(addressKey)).toEqual(Array(sameBlock.length).fill(key));
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('1:2:3:4:5:6:192.0.2.1')).toBe('1:2:3:4::/64');
  });

  it('an unknown peer is one key, and what is not an address is kept as it is', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('')).toBe('unknown');
    expect(addressKey('not-an-address')).toBe('not-an-address');
  });
});
