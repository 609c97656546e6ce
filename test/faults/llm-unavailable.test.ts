// The LLM fallback on (OPENAI_API_KEY set) and its endpoint down (the port refuses) or hanging
// (takes the request, never answers): the real service still answers every consumer, with the
// very answer it gives with the LLM off (the local classifier's), and after a few failures its
// breaker opens so later messages do not reach the endpoint at all. Latency is bench/faults.ts's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusingBaseUrl, startFakeLlm, type FakeLlmServer } from '../support/fake-llm-server.ts';
import { startServiceOnNewDatabase } from '../support/process.ts';

type Running = Awaited<ReturnType<typeof startServiceOnNewDatabase>>;

/** Messages the local model is unsure of: with an LLM configured, each would be sent to it. */
const UNSURE = [
  'jag undrar lite',
  'I have a question about something',
  'ich habe eine Frage',
  'jeg lurer på noe',
  'hur gör jag nu med det',
  'the payment thing from before',
];
const ENV = { SESSION_SECRET: 'llm-faults-test-secret-0123456789abcdef', LOG_LEVEL: 'warn' };

let hanging: FakeLlmServer;
let off: Running;
let down: Running;
let hung: Running;

beforeAll(async () => {
  hanging = await startFakeLlm({ mode: 'hang' });
  const llm = { OPENAI_API_KEY: 'sk-faults-test', OPENAI_TIMEOUT_MS: '300' };
  [off, down, hung] = await Promise.all([
    startServiceOnNewDatabase(ENV),
    refusingBaseUrl().then((url) => startServiceOnNewDatabase({ ...ENV, ...llm, OPENAI_BASE_URL: url })),
    startServiceOnNewDatabase({ ...ENV, ...llm, OPENAI_BASE_URL: hanging.baseUrl }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([off, down, hung].map((running) => running?.stop()));
  await hanging?.close();
});

/** Each message from a new consumer over the app webhook: the texts of the bot's replies. */
async function answersOf(base: string): Promise<string[][]> {
  const answers: string[][] = [];
  for (const text of UNSURE) {
    const session = (await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json()) as {
      user: string;
      token: string;
    };
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text, user: session.user }),
    });
    expect(response.status).toBe(200);
    // A case's reference is new on every service; the rest of the answer must be the same.
    answers.push(
      ((await response.json()) as { text: string }[]).map((reply) => reply.text.replace(/OMB-[A-Z0-9]+/g, 'OMB-…')),
    );
  }
  return answers;
}

async function llmMetrics(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) =>
    Number(
      text
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.split(' ')[1],
    );
  return {
    calls: value('ombud_llm_calls_total'),
    failures: value('ombud_llm_failures_total'),
    breakerOpen: value('ombud_llm_breaker_open'),
  };
}

describe('the LLM endpoint down or hanging [postgres]', () => {
  let local: string[][];

  beforeAll(async () => {
    local = await answersOf(off.base);
    expect(local.every((replies) => replies.length > 0)).toBe(true);
  });

  it('refusing connections: every consumer gets the local answer, and the breaker opens', async () => {
    expect(await answersOf(down.base)).toEqual(local);
    const metrics = await llmMetrics(down.base);
    expect(metrics.calls).toBeGreaterThan(0); // the messages were unsure enough to ask the LLM
    expect(metrics.failures).toBe(metrics.calls);
    expect(metrics.calls).toBeLessThan(UNSURE.length);
    expect(metrics.breakerOpen).toBe(1);
  });

  it('hanging past OPENAI_TIMEOUT_MS: every consumer gets the local answer, and later messages no longer reach it', async () => {
    expect(await answersOf(hung.base)).toEqual(local);
    const metrics = await llmMetrics(hung.base);
    expect(metrics.calls).toBeGreaterThan(0);
    expect(metrics.failures).toBe(metrics.calls);
    expect(metrics.breakerOpen).toBe(1);
    // The endpoint saw only the calls made before the breaker opened.
    expect(hanging.requests()).toBe(metrics.calls);
    expect(hanging.requests()).toBeLessThan(UNSURE.length);
  });
});
