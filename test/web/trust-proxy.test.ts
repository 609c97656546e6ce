// Behind a reverse proxy every request comes from the proxy's address. TRUST_PROXY names the
// proxies whose X-Forwarded-For to believe: then each client behind them has its own per-address
// limit; without it the header is ignored, so nobody picks their own address with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSIONS_PER_ADDRESS } from '../../bot/web/routes.ts';
import { startServiceOnFreshDatabase } from '../support/process.ts';

const newSession = (base: string, forwardedFor: string) =>
  fetch(`${base}/api/chat/session`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor } }).then(
    (response) => response.status,
  );

async function exhaust(base: string, forwardedFor: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i <= SESSIONS_PER_ADDRESS.burst; i++) statuses.push(await newSession(base, forwardedFor));
  return statuses;
}

describe('TRUST_PROXY', () => {
  let trusting: Awaited<ReturnType<typeof startServiceOnFreshDatabase>>;
  let plain: Awaited<ReturnType<typeof startServiceOnFreshDatabase>>;

  beforeAll(async () => {
    [trusting, plain] = await Promise.all([
      startServiceOnFreshDatabase('pglite', { LOG_LEVEL: 'warn', TRUST_PROXY: 'loopback' }),
      startServiceOnFreshDatabase('pglite', { LOG_LEVEL: 'warn' }),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([trusting?.stop(), plain?.stop()]);
  });

  it('set to the proxy in front: each client it reports has its own limit', async () => {
    const first = await exhaust(trusting.base, '198.51.100.7');
    expect(first.at(-1)).toBe(429);
    expect(await newSession(trusting.base, '198.51.100.8')).toBe(201);
  });

  it('unset: X-Forwarded-For is ignored, so a client cannot take a fresh bucket by writing one', async () => {
    const first = await exhaust(plain.base, '198.51.100.7');
    expect(first.at(-1)).toBe(429);
    expect(await newSession(plain.base, '198.51.100.8')).toBe(429);
  });
});
