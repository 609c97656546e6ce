import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/labels.ts';
import { createLlmClassifier, type LocalGuess } from '../../intents/llm.ts';
import { leakedVariants, variantMessages } from '../support/pii-variants.ts';

const BASE = 'http://llm.test';
const PATH = '/v1/chat/completions';
const BASE_URL = `${BASE}/v1`;

const local: LocalGuess = {
  intent: 'invoice',
  confidence: 0.41,
  language: 'sv',
  alternatives: [{ intent: 'merchant_disagreement', confidence: 0.38 }],
};

function completion(content: string | null) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    choices: [
      { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}
const verdictReply = (verdict: unknown) => completion(JSON.stringify(verdict));
const GOOD = { intent: 'merchant_disagreement', confidence: 0.9, language: 'sv' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('a successful call', () => {
  it('returns the model verdict and sends masked text with a structured-output schema', async () => {
    let body: any;
    const scope = nock(BASE, { reqheaders: { authorization: 'Bearer sk-test' } })
      .post(PATH, (b) => {
        body = b;
        return true;
      })
      .reply(200, verdictReply(GOOD));
    const llm = createLlmClassifier({ apiKey: 'sk-test', baseURL: BASE_URL });

    const verdict = await llm.classify('Varan kom aldrig men jag fick en faktura', local);

    expect(verdict).toEqual(GOOD);
    expect(scope.isDone()).toBe(true);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.schema.properties.intent.enum).toEqual([...INTENTS]);
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'Varan kom aldrig men jag fick en faktura' });
    expect(body.messages[0].content).toContain('invoice (confidence 0.41)');
    expect(llm.stats()).toEqual({ calls: 1, failures: 0, breakerOpen: false });
  });

  it('uses the configured model', async () => {
    let model = '';
    nock(BASE)
      .post(PATH, (b) => {
        model = b.model;
        return true;
      })
      .reply(200, verdictReply({ intent: 'greeting', confidence: 1, language: 'und' }));
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL, model: 'llama-3.1-8b' });
    expect(await llm.classify('hei', local)).toEqual({ intent: 'greeting', confidence: 1, language: 'und' });
    expect(model).toBe('llama-3.1-8b');
  });

  it('reaches any OpenAI-compatible server named by OPENAI_BASE_URL', async () => {
    const before = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = 'http://llm-from-env.test/v1';
    try {
      const scope = nock('http://llm-from-env.test').post(PATH).reply(200, verdictReply(GOOD));
      const llm = createLlmClassifier({ apiKey: 'k' });
      expect(await llm.classify('hej', local)).toEqual(GOOD);
      expect(scope.isDone()).toBe(true);
    } finally {
      if (before === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = before;
    }
  });
});

describe('personal data never leaves in the request', () => {
  it('masks card, personal numbers and phone again before sending, even if the caller forgot', async () => {
    let raw = '';
    nock(BASE)
      .post(PATH, (b) => {
        raw = JSON.stringify(b);
        return true;
      })
      .reply(200, verdictReply(GOOD));
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL });
    const unmasked =
      'Mitt kort 4111 1111 1111 1111 drogs, personnummer 811218-9876, hetu 131052-308T, ring 070-123 45 67';

    expect(await llm.classify(unmasked, local)).toEqual(GOOD);

    for (const secret of [
      '4111 1111 1111 1111',
      '4111111111111111',
      '811218-9876',
      '8112189876',
      '131052-308T',
      '070-123 45 67',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).toContain('Mitt kort [card] drogs, personnummer [personal_id], hetu [personal_id], ring [phone]');
  });
});

describe('personal data typed every way never leaves in the request', () => {
  // The shared table (test/support/pii-variants.ts): every separator kind, the probe's numbers.
  it.each(variantMessages().map((message) => [message.variants[0]!.name.split(',')[0]!, message] as const))(
    '%s, whatever separates its groups, reaches the model as its token',
    async (_number, message) => {
      let content = '';
      nock(BASE)
        .post(PATH, (b) => {
          content = b.messages.at(-1).content;
          return true;
        })
        .reply(200, verdictReply(GOOD));
      const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL });
      expect(await llm.classify(message.text, local)).toEqual(GOOD);
      expect(leakedVariants(content, message.variants)).toEqual([]);
      expect(content).toBe(message.masked);
    },
  );
});

describe('failures give null, never an exception', () => {
  it('gives up at the deadline when the reply is late', async () => {
    nock(BASE).post(PATH).delay(3_000).reply(200, verdictReply(GOOD));
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL, timeoutMs: 200 });
    const started = performance.now();
    const verdict = await llm.classify('hej', local);
    const elapsed = performance.now() - started;
    expect(verdict).toBeNull();
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1_000);
    expect(llm.stats()).toEqual({ calls: 1, failures: 1, breakerOpen: false });
  });

  it('answers when the reply comes within the deadline', async () => {
    nock(BASE).post(PATH).delay(50).reply(200, verdictReply(GOOD));
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL, timeoutMs: 1_000 });
    expect(await llm.classify('hej', local)).toEqual(GOOD);
  });

  it.each([
    [429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }],
    [500, { error: { message: 'internal error', type: 'server_error' } }],
    [503, 'Service Unavailable'],
    [401, { error: { message: 'bad key', type: 'invalid_request_error' } }],
  ])('gives null on HTTP %i without retrying', async (status, reply) => {
    nock(BASE)
      .post(PATH)
      .reply(status, reply as never, { 'retry-after': '0' });
    // A retry would take this second interceptor; it must still be pending afterwards.
    nock(BASE).post(PATH).reply(200, verdictReply(GOOD));
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL });
    expect(await llm.classify('hej', local)).toBeNull();
    expect(nock.pendingMocks()).toHaveLength(1);
    expect(llm.stats()).toEqual({ calls: 1, failures: 1, breakerOpen: false });
  });

  it.each([
    ['text that is not JSON', completion('I think this is about an invoice.')],
    ['an unknown intent', verdictReply({ intent: 'refund', confidence: 0.8, language: 'sv' })],
    ['a confidence above 1', verdictReply({ intent: 'invoice', confidence: 1.5, language: 'sv' })],
    ['a language we do not speak', verdictReply({ intent: 'invoice', confidence: 0.5, language: 'ru' })],
    ['a missing field', verdictReply({ intent: 'invoice', language: 'sv' })],
    ['no content (a refusal)', completion(null)],
    ['no choices', { ...completion('{}'), choices: [] }],
    ['a body that is not JSON', 'oops'],
  ])('gives null on %s', async (_what, reply) => {
    nock(BASE)
      .post(PATH)
      .reply(200, reply as never);
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL });
    expect(await llm.classify('hej', local)).toBeNull();
    expect(llm.stats().failures).toBe(1);
  });

  it('gives null when the server cannot be reached', async () => {
    // No interceptor and no network: the request fails at once.
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL });
    expect(await llm.classify('hej', local)).toBeNull();
  });

  it('gives null for a malformed local guess instead of throwing', async () => {
    nock(BASE).post(PATH).reply(200, verdictReply(GOOD));
    const llm = createLlmClassifier({ apiKey: 'k', baseURL: BASE_URL });
    await expect(llm.classify('hej', { intent: 'invoice' } as never)).resolves.toBeNull();
    await expect(llm.classify(undefined as never, local)).resolves.toBeNull();
    // The service did nothing wrong: no request, no failure counted against it.
    expect(llm.stats()).toEqual({ calls: 0, failures: 0, breakerOpen: false });
  });
});

describe('circuit breaker', () => {
  function setup(failureThreshold: number, resetAfterMs: number) {
    let t = 1_000_000;
    const clock = { advance: (ms: number) => (t += ms) };
    const llm = createLlmClassifier({
      apiKey: 'k',
      baseURL: BASE_URL,
      breaker: { failureThreshold, resetAfterMs },
      now: () => t,
    });
    return { llm, clock };
  }

  it('opens after N consecutive failures and sends nothing while open', async () => {
    const { llm } = setup(3, 10_000);
    nock(BASE)
      .post(PATH)
      .times(3)
      .reply(500, { error: { message: 'down' } });
    for (let i = 0; i < 3; i++) expect(await llm.classify('hej', local)).toBeNull();
    expect(llm.stats()).toEqual({ calls: 3, failures: 3, breakerOpen: true });

    const untouched = nock(BASE).post(PATH).reply(200, verdictReply(GOOD));
    expect(await llm.classify('hej', local)).toBeNull();
    expect(await llm.classify('hej igen', local)).toBeNull();
    expect(untouched.isDone()).toBe(false); // no HTTP request went out
    expect(llm.stats()).toEqual({ calls: 3, failures: 3, breakerOpen: true });
  });

  it('does not open when failures are not consecutive', async () => {
    const { llm } = setup(2, 10_000);
    nock(BASE).post(PATH).reply(500, {}).post(PATH).reply(200, verdictReply(GOOD)).post(PATH).reply(500, {});
    await llm.classify('a', local);
    await llm.classify('b', local);
    await llm.classify('c', local);
    expect(llm.stats()).toEqual({ calls: 3, failures: 2, breakerOpen: false });
  });

  it('lets one trial through after resetAfterMs and closes on its success', async () => {
    const { llm, clock } = setup(2, 10_000);
    nock(BASE).post(PATH).times(2).reply(500, {});
    await llm.classify('a', local);
    await llm.classify('b', local);
    expect(llm.stats().breakerOpen).toBe(true);

    const trial = nock(BASE).post(PATH).reply(200, verdictReply(GOOD));
    clock.advance(9_999);
    expect(await llm.classify('c', local)).toBeNull();
    expect(trial.isDone()).toBe(false);

    clock.advance(1);
    expect(await llm.classify('d', local)).toEqual(GOOD);
    expect(trial.isDone()).toBe(true);
    expect(llm.stats()).toEqual({ calls: 3, failures: 2, breakerOpen: false });

    // Closed again: the next call goes out at once.
    const next = nock(BASE).post(PATH).reply(200, verdictReply(GOOD));
    expect(await llm.classify('e', local)).toEqual(GOOD);
    expect(next.isDone()).toBe(true);
  });

  it('opens again at once when the trial fails, for another resetAfterMs', async () => {
    const { llm, clock } = setup(2, 5_000);
    nock(BASE).post(PATH).times(3).reply(500, {});
    await llm.classify('a', local);
    await llm.classify('b', local);
    clock.advance(5_000);
    expect(await llm.classify('trial', local)).toBeNull();
    expect(llm.stats()).toEqual({ calls: 3, failures: 3, breakerOpen: true });

    const later = nock(BASE).post(PATH).reply(200, verdictReply(GOOD));
    clock.advance(4_999);
    expect(await llm.classify('still open', local)).toBeNull();
    expect(later.isDone()).toBe(false);
    clock.advance(1);
    expect(await llm.classify('second trial', local)).toEqual(GOOD);
    expect(later.isDone()).toBe(true);
  });

  it('sends only one trial while half-open, however many messages arrive', async () => {
    const { llm, clock } = setup(1, 1_000);
    nock(BASE).post(PATH).reply(500, {});
    await llm.classify('a', local);
    clock.advance(1_000);
    const trial = nock(BASE).post(PATH).delay(50).reply(200, verdictReply(GOOD));
    const extra = nock(BASE).post(PATH).reply(200, verdictReply(GOOD));
    const results = await Promise.all([llm.classify('1', local), llm.classify('2', local), llm.classify('3', local)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(trial.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
  });

  it('counts a malformed answer and a timeout as failures', async () => {
    const { llm } = setup(2, 10_000);
    nock(BASE).post(PATH).reply(200, completion('not json'));
    nock(BASE)
      .post(PATH)
      .reply(200, verdictReply({ intent: 'nope', confidence: 1, language: 'sv' }));
    await llm.classify('a', local);
    await llm.classify('b', local);
    expect(llm.stats().breakerOpen).toBe(true);
  });
});
