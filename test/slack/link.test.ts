// The desk's link to Slack: connecting in the background, tried again after each failure with a
// wait that doubles up to a cap and is drawn at random from its upper half, on once Slack
// answers; a failure that says Slack is away (no connection, a 5xx) takes it down and it is tried
// again, one that refuses a single call (ok: false, a rate limit) does not.
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { backoffDelay, createSlackLink, isSlackAway, shortReason } from '../../bot/slack/link.ts';
import { eventually } from './support.ts';

const refused = () =>
  new WebAPIRequestError(
    Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    }),
  );
const unavailable = () => new WebAPIHTTPError(503, 'Service Unavailable', {}, '');

describe('the wait between attempts', () => {
  it('doubles from the first wait up to the cap, each drawn from the upper half of its step', () => {
    const backoff = { firstMs: 1_000, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((failures) => backoffDelay(failures, backoff, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect([0, 1, 5, 50].map((failures) => backoffDelay(failures, backoff, () => 0))).toEqual([
      500, 1_000, 15_000, 15_000,
    ]);
    const drawn = Array.from({ length: 200 }, () => backoffDelay(3, backoff));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(4_000);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(8_000);
    expect(new Set(drawn).size).toBeGreaterThan(50);
  });
});

describe('what says Slack is away', () => {
  it('is no connection or a 5xx, not a refusal of one call', () => {
    expect(isSlackAway(refused())).toBe(true);
    expect(isSlackAway(unavailable())).toBe(true);
    expect(isSlackAway(new WebAPIHTTPError(404, 'Not Found', {}, ''))).toBe(false);
    expect(isSlackAway(new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }))).toBe(false);
    expect(isSlackAway(new Error('A rate limit was exceeded'))).toBe(false);
    expect(
      [refused(), unavailable(), new WebAPIPlatformError({ ok: false, error: 'invalid_auth' })].map(shortReason),
    ).toEqual(['ECONNREFUSED', 'HTTP 503', 'invalid_auth']);
  });
});

describe('the link', () => {
  it('connects in the background, waits longer after each failure, and is on once Slack answers', async () => {
    const attempts: number[] = [];
    let failuresLeft = 4;
    const link = createSlackLink({
      connect: async () => {
        attempts.push(Date.now());
        if (failuresLeft-- > 0) throw refused();
      },
      backoff: { firstMs: 40, maxMs: 160 },
      random: () => 1,
    });
    expect(link.status().state).toBe('connecting');
    link.start();
    await eventually(() => attempts.length === 2);
    expect(link.status()).toMatchObject({ state: 'connecting', lastError: { reason: 'ECONNREFUSED' } });
    await eventually(() => link.isOn(), 2_000);
    expect(attempts).toHaveLength(5);
    const waits = attempts.slice(1).map((at, index) => at - attempts[index]!);
    // 40, 80, 160, then the cap (160): each at least its step, and none far past it.
    for (const [index, step] of [40, 80, 160, 160].entries()) {
      expect(waits[index]).toBeGreaterThanOrEqual(step - 5);
      expect(waits[index]).toBeLessThan(step + 100);
    }
    expect(link.status()).toMatchObject({ state: 'on', lastError: { reason: 'ECONNREFUSED' } });
    await link.stop();
  });

  it('goes down on a failure that says Slack is away, is tried again, and stays on for one that does not', async () => {
    let answering = true;
    let attempts = 0;
    const link = createSlackLink({
      connect: async () => {
        attempts++;
        if (!answering) throw unavailable();
      },
      backoff: { firstMs: 20, maxMs: 80 },
    });
    link.start();
    await eventually(() => link.isOn());
    expect(link.lost(new WebAPIPlatformError({ ok: false, error: 'not_in_channel' }))).toBe(false);
    expect(link.isOn()).toBe(true);

    answering = false;
    const before = new Date();
    expect(link.lost(unavailable())).toBe(true);
    expect(link.status()).toMatchObject({ state: 'unreachable', lastError: { reason: 'HTTP 503' } });
    expect(link.status().since.getTime()).toBeGreaterThanOrEqual(before.getTime());
    // A second failure reported meanwhile starts no second round of attempts.
    expect(link.lost(refused())).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileAway = attempts;
    expect(whileAway).toBeGreaterThan(2);
    expect(whileAway).toBeLessThan(12); // waits of 10 to 80 ms over 300 ms: no hot loop
    answering = true;
    await eventually(() => link.isOn(), 1_000);
    await link.stop();
    const stoppedAt = attempts;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(attempts).toBe(stoppedAt);
  });

  it('tries nothing after it is stopped, even while it waits', async () => {
    let attempts = 0;
    const link = createSlackLink({
      connect: async () => {
        attempts++;
        throw refused();
      },
      backoff: { firstMs: 50, maxMs: 50 },
    });
    link.start();
    await eventually(() => attempts === 1);
    await link.stop();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(attempts).toBe(1);
  });
});
