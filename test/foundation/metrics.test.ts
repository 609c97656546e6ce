// /metrics on the real service, on PGlite and PostgreSQL: after a consumer asks for a person in
// Swedish, Prometheus sees the message by intent and language, the reply latency, the
// classifier's confidence, the case in the customer-service queue (depth, status), and no LLM
// calls (none is configured); never a word of what the consumer wrote, nor who they are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServiceOnFreshDatabase } from '../support/process.ts';

/** The value of one sample line, e.g. `ombud_queue_depth{tier="investigation"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`/metrics [${kind}]`, () => {
    let base: string;
    let stop = async () => {};

    beforeAll(async () => {
      const started = await startServiceOnFreshDatabase(kind, { LOG_LEVEL: 'warn' });
      ({ base, stop } = started);
    }, 90_000);

    afterAll(() => stop());

    it('counts messages by intent and language, times replies, and shows the queues and cases from the database', async () => {
      const before = await (await fetch(`${base}/metrics`)).text();
      expect(sample(before, 'ombud_queue_depth{tier="customer_service"}')).toBe(0);
      expect(
        sample(before, 'ombud_messages_total{intent="human_agent",language="sv",decided_by="local"}'),
      ).toBeUndefined();

      const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
      const text = 'Jag vill prata med en människa om min faktura, beloppet på den stämmer inte alls';
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ type: 'message', text, user: session.user }),
      });
      expect(response.status).toBe(200);
      const replies = await response.json();
      expect(replies.at(-1).case).toMatchObject({ tier: 'customer_service', status: 'queued', intent: 'human_agent' });

      const scraped = await fetch(`${base}/metrics`);
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('x-content-type-options')).toBe('nosniff');
      const notFound = await fetch(`${base}/api/nothing-here`);
      expect(notFound.status).toBe(404);
      expect(notFound.headers.get('x-content-type-options')).toBe('nosniff');
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
      const after = await scraped.text();
      expect(sample(after, 'ombud_messages_total{intent="human_agent",language="sv",decided_by="local"}')).toBe(1);
      expect(sample(after, 'ombud_reply_seconds_count{channel="app"}')).toBe(1);
      expect(sample(after, 'ombud_reply_seconds_sum{channel="app"}')).toBeGreaterThan(0);
      expect(sample(after, 'ombud_classifier_confidence_count{decided_by="local"}')).toBe(1);
      expect(sample(after, 'ombud_cases{tier="customer_service",status="queued"}')).toBe(1);
      expect(sample(after, 'ombud_queue_depth{tier="customer_service"}')).toBe(1);
      expect(sample(after, 'ombud_queue_depth{tier="investigation"}')).toBe(0);
      expect(sample(after, 'ombud_queue_oldest_wait_seconds{tier="customer_service"}')).toBeGreaterThanOrEqual(0);
      expect(sample(after, 'ombud_llm_calls_total')).toBe(0);
      expect(sample(after, 'ombud_llm_failures_total')).toBe(0);
      expect(after).toContain('ombud_process_resident_memory_bytes');
      expect(after).not.toContain('människa');
      expect(after).not.toContain(session.user);
    });
  });
}

// Who may scrape. On the public port by default (as above); METRICS_TOKEN asks for a Bearer token;
// METRICS_PORT moves /metrics to a port of its own, and the public port then has none.
describe('/metrics behind a token, on a port of its own', () => {
  const TOKEN = 'metrics-token-for-the-test-0123456789abcdef';
  let base: string;
  let metricsBase: string;
  let stop = async () => {};

  beforeAll(async () => {
    const metricsPort = await freePort();
    const started = await startServiceOnFreshDatabase('pglite', {
      LOG_LEVEL: 'warn',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: TOKEN,
    });
    ({ base, stop } = started);
    metricsBase = `http://127.0.0.1:${metricsPort}`;
  }, 90_000);

  afterAll(() => stop());

  it('is not on the public port at all', async () => {
    const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });

  it('refuses a scrape without the token, or with another, with 401 and the error body', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      const response = await fetch(`${metricsBase}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await response.json()).error.code).toBe('metrics_unauthorized');
    }
  });

  it('answers the token, and many scrapes at once each get the full figures', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${metricsBase}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(sample(text, 'ombud_queue_depth{tier="customer_service"}')).toBe(0);
      expect(text).toContain('ombud_process_resident_memory_bytes');
    }
  });
});
