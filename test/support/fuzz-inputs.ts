// The fuzzer's inputs, in one place for the tests (test/fuzz/) and the benchmark (bench/fuzz.ts):
// fast-check arbitraries of HTTP requests to the JSON routes, websocket frames and Slack
// payloads, all of them bad in some way, and the rules an answer to a bad input must follow
// (4xx, the error body of docs/architecture.md, a code from the stable set) plus the row counts of
// every table, to show that nothing was written. Beside them, chat texts that are valid but
// built to cost time (test/intents/adversarial-input.test.ts, and bench:fuzz sends them).
//
// Inputs that need the run's own values (a session's token or user, another consumer's case)
// carry placeholders that the runner fills in: `auth` names whose credentials go with a request,
// and OTHER_USER / OTHER_CASE / OWN_USER stand for ids in bodies and frames.
import { request } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import type { WebSocket } from 'ws';
import { ERROR_CODES } from '../../bot/errors.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { COMPLAINT_MODAL } from '../../bot/slack/complaint-modal.ts';
import { MODALS } from '../../bot/slack/modals.ts';
import { ROUTING_ERROR_CODES } from '../../routing/index.ts';

export const OWN_USER = '\u0001OWN_USER\u0001';
export const OTHER_USER = '\u0001OTHER_USER\u0001';
export const OTHER_CASE = '\u0001OTHER_CASE\u0001';

/** Every code a 4xx answer or an error frame may carry: the service's, the ombudsman's, routing's. */
export const STABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  ...Object.entries(ERROR_CODES)
    .filter(([, status]) => status < 500)
    .map(([code]) => code),
  ...ROUTING_ERROR_CODES,
  'code_invalid',
  'code_path_off',
  'not_with_ombudsman',
  'ombudsman_desk_off',
  'ombudsman_token_missing',
  'not_the_ombudsman',
  'ombudsman_not_independent',
  // websocket frames
  'invalid_frame',
  'empty_message',
  'message_too_long',
]);

// ---------------------------------------------------------------------------------------------
// Strings that have broken services before: NUL, lone surrogates, control and bidi characters,
// very long ones, numbers and keywords where text is expected.

const nasty = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDC00y',
  '\uFEFF',
  '\u202E',
  '\r\n',
  '%00',
  '\\u0000',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '1e309',
  '<script>',
  "'; DROP TABLE cases; --",
  '${}',
  '{{x}}',
);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: nasty },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), nasty, fc.string({ maxLength: 10 }))
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2_001, max: 12_000 }).map((n) => 'x'.repeat(n)) },
);

/** Any JSON-ish value, strings included from the nasty ones. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e21, [], {}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => open.repeat(depth) + (open === '[' ? ']' : '1}').repeat(depth));

// ---------------------------------------------------------------------------------------------
// HTTP

/** `merchant`: a registered merchant's API key; the merchant owns none of the run's disputes. */
export type Auth = 'none' | 'own' | 'other' | 'garbage' | 'ombudsman' | 'expired' | 'merchant';

export interface HttpInput {
  method: 'POST' | 'GET' | 'PUT' | 'DELETE';
  path: string;
  /** null: no content-type header. */
  contentType: string | null;
  contentEncoding: string | null;
  auth: Auth;
  /** The garbage credentials when auth is 'garbage'. */
  garbage?: string;
  origin: string | null;
  body: string | Uint8Array;
  /** The query string's `after` (GET /api/chat/history). */
  after?: string;
}

/** The fields each JSON route reads, to build bodies with the right names and wrong values. */
const ROUTE_FIELDS: Record<string, string[]> = {
  '/api/chat/session': [],
  '/api/messages': ['type', 'text', 'user', 'clientMessageId', 'channel'],
  '/api/ombudsman/requests': ['caseRef', 'statement', 'desiredOutcome', 'code'],
  '/api/ombudsman/codes': ['caseRef'],
  '/api/ombudsman/cases/:ref/decision': ['decision', 'reasoning', 'newOutcome', 'feedback'],
  '/api/merchant/disputes/:ref/response': ['action', 'refundAmount', 'currency', 'note', 'statement', 'evidence'],
};
export const JSON_ROUTES = Object.keys(ROUTE_FIELDS);

const caseRefLike = fc.oneof(fc.constant(OTHER_CASE), fc.stringMatching(/^OMB-[A-Z0-9]{8}$/), nastyString);

const routePath = (route: string) =>
  route.includes(':ref') ? caseRefLike.map((ref) => route.replace(':ref', () => ref)) : fc.constant(route);

/** Objects with the route's own field names (and some others), each value possibly wrong. */
function shapedBody(route: string): fc.Arbitrary<unknown> {
  const fields = ROUTE_FIELDS[route] ?? [];
  const value = (field: string): fc.Arbitrary<unknown> => {
    const plausible: Record<string, fc.Arbitrary<unknown>> = {
      type: fc.constantFrom('message', 'Message', 'typing', 'event'),
      text: nastyString,
      user: fc.constantFrom(OTHER_USER, OWN_USER),
      caseRef: caseRefLike,
      code: fc.oneof(fc.stringMatching(/^\d{6}$/), nastyString),
      decision: fc.constantFrom('upheld', 'overturned', 'UPHELD', 'maybe'),
      newOutcome: fc.constantFrom('chargeback', 'invoice_reactivated', 'answered', 'refund'),
      action: fc.constantFrom('settle', 'contest', 'SETTLE', 'accept'),
      refundAmount: fc.oneof(fc.integer(), fc.double(), fc.constant(129_900)),
      currency: fc.constantFrom('SEK', 'EUR', 'sek', 'SEKK'),
      evidence: fc.array(nastyString, { maxLength: 12 }),
    };
    return fc.oneof({ weight: 2, arbitrary: plausible[field] ?? nastyString }, { weight: 1, arbitrary: anyValue });
  };
  const entries = fields.map((field) =>
    fc.option(value(field), { nil: undefined, freq: 4 }).map((v) => [field, v] as const),
  );
  return fc
    .tuple(
      fc.tuple(...(entries.length > 0 ? entries : [fc.constant(['x', 1] as const)])),
      fc.dictionary(nastyString, anyValue, { maxKeys: 2 }),
    )
    .map(([pairs, extra]) => {
      const body: Record<string, unknown> = {};
      for (const [key, v] of pairs) if (v !== undefined) body[key] = v;
      return { ...extra, ...body };
    });
}

/** A well-formed request for the wrong user: another consumer's message, case, or desk. */
function wrongUserBody(route: string): fc.Arbitrary<unknown> {
  switch (route) {
    case '/api/messages':
      return fc.record({
        type: fc.constant('message'),
        text: fc.constantFrom('Hej', 'Where is my case?'),
        user: fc.constant(OTHER_USER),
      });
    case '/api/ombudsman/requests':
      return fc
        .record({
          caseRef: fc.constant(OTHER_CASE),
          statement: fc.constant('I did not buy this.'),
          desiredOutcome: fc.constant('A refund.'),
          code: fc.option(fc.stringMatching(/^\d{6}$/), { nil: undefined }),
        })
        .map((body) => JSON.parse(JSON.stringify(body)));
    case '/api/ombudsman/cases/:ref/decision':
      return fc.constant({ decision: 'upheld', reasoning: 'The statement stands.' });
    case '/api/merchant/disputes/:ref/response':
      return fc.constantFrom(
        { action: 'contest', statement: 'Delivered.' },
        { action: 'settle', refundAmount: 129_900, currency: 'SEK' },
      );
    default:
      return fc.constant({ caseRef: OTHER_CASE });
  }
}

function mutateJson(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut)),
    fc
      .tuple(fc.nat({ max: text.length }), fc.constantFrom('{', '}', '"', ',', ':', '\\', '\u0000', 'NaN', "'"))
      .map(([at, c]) => text.slice(0, at) + c + text.slice(at)),
    fc.constant(`${text}${text}`),
    fc.constant(text.replace(/"/g, "'")),
  );
}

const bodyFor = (route: string): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof(
    { weight: 4, arbitrary: shapedBody(route).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: wrongUserBody(route).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: shapedBody(route).chain((value) => mutateJson(JSON.stringify(value))) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: deepNesting },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 33 * 1024, max: 200 * 1024 }).map((n) => JSON.stringify({ text: 'x'.repeat(n) })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        'null',
        '"text"',
        '[]',
        '0',
        'true',
        '{"__proto__":{"type":"message"}}',
        '{"text":"\\ud800"}',
        '{"text":"\\u0000"}',
      ),
    },
  );

const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      null,
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=klingon',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '',
      'json',
      '*/*',
    ),
  },
);

/** A chat message the service would take (it is stored and answered): not a bad input, so never generated. */
function takenMessage(input: HttpInput): boolean {
  if (input.path !== '/api/messages' || input.auth !== 'own' || typeof input.body !== 'string') return false;
  try {
    const body = JSON.parse(input.body);
    return body?.type === 'message' && typeof body.text === 'string' && body.user === OWN_USER;
  } catch {
    return false;
  }
}

/** The consumer's reads: history after a message id, and a case by reference (another consumer's among them). */
const readInput: fc.Arbitrary<HttpInput> = fc.record({
  method: fc.constant('GET' as const),
  path: fc.oneof(
    fc.constant('/api/chat/history'),
    routePath('/api/cases/:ref'),
    fc.constant('/api/merchant/disputes'),
    routePath('/api/merchant/disputes/:ref'),
  ),
  contentType: fc.constant(null),
  contentEncoding: fc.constant(null),
  auth: fc.constantFrom<Auth>('none', 'own', 'own', 'other', 'garbage', 'expired', 'ombudsman', 'merchant'),
  garbage: fc.oneof(
    nastyString.map((s) => `Bearer ${s}`),
    fc.constant('Bearer v1.AAAA.BBBB'),
  ),
  origin: fc.option(fc.constantFrom('https://evil.example', 'null'), { nil: null, freq: 8 }),
  body: fc.constant(''),
  after: fc.oneof(fc.constantFrom('-1', '1.5', '1e400', 'NaN', '9007199254740993', '', 'abc', '0x10'), nastyString),
});

const writeInput: fc.Arbitrary<HttpInput> = fc
  .constantFrom(...JSON_ROUTES)
  .chain((route) =>
    fc.record({
      method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'PUT', 'GET'),
      path: routePath(route),
      contentType: contentTypes,
      contentEncoding: fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'x-unknown'), {
        nil: null,
        freq: 6,
      }),
      auth: fc.constantFrom<Auth>('none', 'own', 'own', 'own', 'other', 'garbage', 'ombudsman', 'expired', 'merchant'),
      garbage: fc.oneof(
        nastyString.map((s) => `Bearer ${s}`),
        fc.string({ maxLength: 60 }),
        fc.constant('Bearer v1.AAAA.BBBB'),
      ),
      origin: fc.option(fc.constantFrom('https://evil.example', 'null', 'http://localhost:1'), { nil: null, freq: 8 }),
      body: bodyFor(route),
    }),
  )
  .filter((input) => !takenMessage(input));

export const httpInput: fc.Arbitrary<HttpInput> = fc.oneof(
  { weight: 9, arbitrary: writeInput },
  { weight: 1, arbitrary: readInput },
);

export interface HttpCredentials {
  ownToken: string;
  ownUser: string;
  otherToken: string;
  otherUser: string;
  otherCase: string;
  expiredToken: string;
  ombudsmanToken: string;
  /** The API key of a merchant that owns none of the run's disputes. */
  merchantKey: string;
}

function fill(text: string, credentials: HttpCredentials): string {
  return text
    .replaceAll(OWN_USER, credentials.ownUser)
    .replaceAll(OTHER_USER, credentials.otherUser)
    .replaceAll(OTHER_CASE, credentials.otherCase);
}

/** Headers and body as sent (placeholders replaced with the run's ids). */
export function materialise(
  input: HttpInput,
  credentials: HttpCredentials,
): { method: string; path: string; headers: Record<string, string>; body: Buffer } {
  const headers: Record<string, string> = {};
  if (input.contentType !== null) headers['content-type'] = input.contentType;
  if (input.contentEncoding !== null) headers['content-encoding'] = input.contentEncoding;
  if (input.origin !== null) headers.origin = input.origin;
  const token = {
    own: credentials.ownToken,
    other: credentials.otherToken,
    ombudsman: credentials.ombudsmanToken,
    expired: credentials.expiredToken,
    merchant: credentials.merchantKey,
  }[input.auth as 'own'];
  if (token) headers.authorization = `Bearer ${token}`;
  if (input.auth === 'garbage' && input.garbage !== undefined)
    headers.authorization = input.garbage.replace(/[^\t\x20-\x7e]/g, '?');
  const body =
    typeof input.body === 'string' ? Buffer.from(fill(input.body, credentials), 'utf8') : Buffer.from(input.body);
  const query = input.after === undefined ? '' : `?after=${percentEncoded(input.after).replace(/&/g, '%26')}`;
  return { method: input.method, path: percentEncoded(fill(input.path, credentials)) + query, headers, body };
}

/** Every byte outside printable ASCII (and the URL's own delimiters in a segment) as %XX of its UTF-8. */
function percentEncoded(path: string): string {
  return [...Buffer.from(path, 'utf8')]
    .map((byte) =>
      byte > 0x20 && byte < 0x7f && byte !== 0x25 && byte !== 0x3f && byte !== 0x23
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');
}

export interface RawAnswer {
  status: number;
  text: string;
  /** Set when the request got no answer (timeout or a dropped connection). */
  failure?: string;
}

/** One request with exactly these headers and bytes (fetch would add or refuse some). */
export function sendRaw(
  base: string,
  req: { method: string; path: string; headers: Record<string, string>; body: Buffer },
  timeoutMs = 10_000,
): Promise<RawAnswer> {
  const url = new URL(req.path, base);
  return new Promise((resolve) => {
    const outgoing = request(
      url,
      // A connection of its own each: no keep-alive race with the server's idle timeout.
      {
        method: req.method,
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        timeout: timeoutMs,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => resolve({ status: 0, text: '', failure: error.message }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error) => resolve({ status: 0, text: '', failure: error.message }));
    outgoing.end(req.body);
  });
}

/**
 * What is wrong with the answer to a bad input, or undefined when it is right: a 4xx with
 * {"error": {"code", "message"}} and a stable code. `accepted` lists 2xx statuses the route may
 * give a request the fuzzer happened to make valid (a session's POST ignores its body; a code
 * request always answers 202).
 */
export function answerProblem(answer: RawAnswer, accepted: readonly number[] = []): string | undefined {
  if (answer.failure) return `no answer: ${answer.failure}`;
  if (accepted.includes(answer.status)) return undefined;
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `status ${answer.status} without a JSON body: ${answer.text.slice(0, 200)}`;
  }
  const code = body?.error?.code;
  if (typeof code !== 'string' || !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(code))
    return `status ${answer.status} with no snake_case code: ${answer.text.slice(0, 200)}`;
  if (!STABLE_ERROR_CODES.has(code)) return `status ${answer.status} with an unknown code ${code}`;
  if (typeof body.error?.message !== 'string' || body.error.message.length === 0)
    return `status ${answer.status} (${code}) without a message`;
  return undefined;
}

/** The 2xx answers a route may give a fuzzed request that happens to be acceptable, writing nothing. */
export function acceptedStatuses(input: HttpInput): number[] {
  // Reads write nothing: one's own history, and the other consumer's case read by that consumer
  // (read with anyone else's session it must stay "not found").
  if (input.method === 'GET' && input.path === '/api/chat/history')
    return input.auth === 'own' || input.auth === 'other' ? [200] : [];
  if (input.method === 'GET' && input.path === `/api/cases/${OTHER_CASE}`) return input.auth === 'other' ? [200] : [];
  // A merchant's list of its own disputes: none. An empty reference leaves the list's path with a
  // trailing slash, which routes to the list (Express's routing is not strict about it).
  if (input.method === 'GET' && (input.path === '/api/merchant/disputes' || input.path === '/api/merchant/disputes/'))
    return input.auth === 'merchant' ? [200] : [];
  if (input.method !== 'POST') return [];
  if (input.path === '/api/chat/session') return [201];
  if (input.path === '/api/ombudsman/codes') return [202];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Websocket frames

export interface WsFrame {
  binary: boolean;
  data: string | Uint8Array;
}

const validShape = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const frame = value as Record<string, unknown>;
  return (
    frame.type === 'message' &&
    typeof frame.text === 'string' &&
    frame.text.trim().length > 0 &&
    frame.text.trim().length <= 2_000 &&
    (frame.user === undefined || frame.user === OWN_USER) &&
    (frame.clientMessageId === undefined ||
      (typeof frame.clientMessageId === 'string' && frame.clientMessageId.length <= 100))
  );
};

const frameObject = fc.record(
  {
    type: fc.oneof(fc.constantFrom('message', 'typing', 'hello', 'Message'), anyValue),
    text: fc.oneof(
      { weight: 3, arbitrary: nastyString },
      { weight: 1, arbitrary: anyValue },
      { weight: 1, arbitrary: fc.constantFrom('', '   ', '\n\t') },
    ),
    user: fc.oneof(fc.constant(OTHER_USER), anyValue),
    clientMessageId: fc.oneof(fc.string({ minLength: 101, maxLength: 150 }), anyValue),
    channel: anyValue,
  },
  { requiredKeys: [] },
);

/** Frames the adapter must refuse: not JSON, not an object, wrong fields, another user, too big. */
export const wsFrame: fc.Arbitrary<WsFrame> = fc.oneof(
  {
    weight: 5,
    arbitrary: frameObject
      .filter((value) => !validShape(value))
      .map((value) => ({ binary: false, data: JSON.stringify(value) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        type: fc.constant('message'),
        text: fc.constantFrom('Hej', 'hello', 'fakturan'),
        user: fc.constant(OTHER_USER),
      })
      .map((value) => ({ binary: false, data: JSON.stringify(value) })),
  },
  {
    weight: 2,
    arbitrary: frameObject
      .chain((value) => mutateJson(JSON.stringify(value)))
      .filter((text) => !parsesValid(text))
      .map((data) => ({ binary: false, data })),
  },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 200 })
      .filter((text) => !parsesValid(text))
      .map((data) => ({ binary: false, data })),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((data) => ({ binary: true, data })) },
  // Bytes sent as a text frame: invalid UTF-8 is a protocol error the socket closes on (1007).
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((data) => ({ binary: false, data })) },
  {
    weight: 1,
    arbitrary: fc
      .jsonValue({ maxDepth: 3 })
      .filter((value) => !validShape(value))
      .map((value) => ({ binary: false, data: JSON.stringify(value) ?? 'null' })),
  },
  {
    weight: 1,
    arbitrary: deepNesting.filter((text) => text.length <= 30_000).map((data) => ({ binary: false, data })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 33 * 1024, max: 128 * 1024 })
      .map((n) => ({ binary: false, data: JSON.stringify({ type: 'message', text: 'x'.repeat(n) }) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 2_001, max: 8_000 })
      .map((n) => ({ binary: false, data: JSON.stringify({ type: 'message', text: 'y'.repeat(n) }) })),
  },
);

function parsesValid(text: string): boolean {
  try {
    return validShape(JSON.parse(text));
  } catch {
    return false;
  }
}

export function frameData(frame: WsFrame, ids: { ownUser: string; otherUser: string }): string | Buffer {
  if (typeof frame.data !== 'string') return Buffer.from(frame.data);
  const text = frame.data.replaceAll(OWN_USER, ids.ownUser).replaceAll(OTHER_USER, ids.otherUser);
  // A text frame carries UTF-8: ws would turn a lone surrogate into U+FFFD anyway, so send that.
  return text;
}

/** Close codes a refused frame may end its socket with: 1007 not UTF-8, 1009 too big, 1002 protocol. */
export const STABLE_CLOSE_CODES: ReadonlySet<number> = new Set([1002, 1007, 1009]);

export type FrameOutcome =
  | { kind: 'error'; code: string }
  | { kind: 'close'; code: number }
  | { kind: 'reply'; frame: string }
  | { kind: 'silence' };

/** Sends one frame on an open socket and waits for what it brings: an error frame, the socket's close, a reply, or nothing. */
export function sendFrame(
  ws: WebSocket,
  frame: WsFrame,
  ids: { ownUser: string; otherUser: string },
  timeoutMs = 3_000,
): Promise<FrameOutcome> {
  return new Promise((resolve) => {
    const done = (outcome: FrameOutcome) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(outcome);
    };
    const onMessage = (data: Buffer) => {
      const text = data.toString('utf8');
      let parsed: { type?: string; error?: { code?: unknown } };
      try {
        parsed = JSON.parse(text);
      } catch {
        return done({ kind: 'reply', frame: text });
      }
      if (parsed.type === 'typing') return;
      if (parsed.type === 'error') return done({ kind: 'error', code: String(parsed.error?.code) });
      done({ kind: 'reply', frame: text });
    };
    const onClose = (code: number) => done({ kind: 'close', code });
    const timer = setTimeout(() => done({ kind: 'silence' }), timeoutMs);
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(frameData(frame, ids), { binary: frame.binary });
  });
}

/** What is wrong with the outcome of a refused frame, or undefined: an error frame with a stable code, or a close with a stable code. */
export function frameProblem(outcome: FrameOutcome): string | undefined {
  if (outcome.kind === 'error')
    return STABLE_ERROR_CODES.has(outcome.code) ? undefined : `error frame with an unknown code ${outcome.code}`;
  if (outcome.kind === 'close')
    return STABLE_CLOSE_CODES.has(outcome.code) ? undefined : `socket closed with ${outcome.code}`;
  if (outcome.kind === 'reply') return `the bot answered a bad frame: ${outcome.frame.slice(0, 200)}`;
  return 'no answer to the frame';
}

// ---------------------------------------------------------------------------------------------
// Slack

export interface SlackInput {
  kind: 'json' | 'event' | 'interactive' | 'command' | 'form' | 'unsigned' | 'bad_signature' | 'stale';
  contentType: string;
  body: string;
}

export interface SlackChannels {
  /** Channel ids the desk works in, so some payloads reach the handlers' deeper paths. */
  tierChannels: readonly string[];
  /** Where payloads' response_url points (a stand-in for Slack's hooks). */
  responseUrl?: string;
}

const slackId = (prefix: string) => fc.oneof(fc.stringMatching(new RegExp(`^${prefix}[A-Z0-9]{6,10}$`)), nastyString);
const slackTs = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([s, us]) => `${s}.${String(us).padStart(6, '0')}`),
  nastyString,
);

function slackChannel(channels: SlackChannels) {
  return channels.tierChannels.length > 0
    ? fc.oneof(fc.constantFrom(...channels.tierChannels), slackId('C'))
    : slackId('C');
}

function slackEvent(channels: SlackChannels) {
  return fc.record(
    {
      type: fc.oneof(fc.constantFrom('event_callback', 'url_verification', 'app_rate_limited'), nastyString),
      token: nastyString,
      team_id: slackId('T'),
      api_app_id: slackId('A'),
      event_id: fc.oneof(slackId('Ev'), anyValue),
      event_time: fc.oneof(fc.integer(), anyValue),
      challenge: anyValue,
      event: fc.oneof(
        fc.record(
          {
            type: fc.oneof(
              fc.constantFrom('message', 'app_home_opened', 'app_mention', 'reaction_added', 'member_joined_channel'),
              nastyString,
            ),
            subtype: fc.oneof(fc.constantFrom('bot_message', 'message_changed', 'channel_join'), anyValue),
            channel: slackChannel(channels),
            user: slackId('U'),
            text: fc.oneof(nastyString, fc.constantFrom('note: hello', 'note:', 'hello consumer'), anyValue),
            ts: slackTs,
            thread_ts: slackTs,
            bot_id: anyValue,
            tab: fc.oneof(fc.constantFrom('home', 'messages'), anyValue),
          },
          { requiredKeys: ['type'] },
        ),
        anyValue,
      ),
    },
    { requiredKeys: ['type'] },
  );
}

const actionIds = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Object.values(CARD_ACTIONS)) },
  { weight: 1, arbitrary: nastyString },
);
const callbackIds = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Object.values(MODALS), COMPLAINT_MODAL) },
  { weight: 1, arbitrary: nastyString },
);

function stateValues() {
  const blocks = fc.constantFrom(
    'outcome',
    'note',
    'text',
    'question',
    'due',
    'decision',
    'reasoning',
    'new_outcome',
    'feedback',
    'authority',
    'case',
    'intent',
    'market',
    'received',
    'summary',
    'x',
  );
  const element = fc.record(
    {
      type: fc.constantFrom('plain_text_input', 'static_select', 'radio_buttons', 'weird'),
      value: fc.oneof(nastyString, anyValue),
      selected_option: fc.oneof(
        fc.record({
          value: fc.oneof(
            fc.constantFrom(
              'answered',
              'upheld',
              'overturned',
              'chargeback',
              'merchant_favour',
              '7',
              'konsumentverket',
              'SE',
              'invoice',
            ),
            nastyString,
          ),
        }),
        anyValue,
      ),
      selected_date: fc.oneof(fc.constantFrom('2026-12-01', '2026-02-30', '9999-12-31', ''), nastyString, anyValue),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    fc.dictionary(blocks, fc.dictionary(fc.oneof(blocks, nastyString), element, { maxKeys: 2 }), { maxKeys: 5 }),
    anyValue,
  );
}

function interactive(channels: SlackChannels) {
  const channel = slackChannel(channels);
  const metadata = fc.oneof(
    fc
      .record(
        { ref: fc.oneof(fc.stringMatching(/^OMB-[A-Z0-9]{8}$/), nastyString), channel, ts: slackTs },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
    nastyString,
    anyValue,
  );
  return fc.record(
    {
      type: fc.oneof(
        fc.constantFrom(
          'block_actions',
          'view_submission',
          'view_closed',
          'shortcut',
          'message_action',
          'block_suggestion',
        ),
        nastyString,
      ),
      team: fc.oneof(fc.record({ id: slackId('T') }), anyValue),
      user: fc.oneof(fc.record({ id: slackId('U'), team_id: slackId('T') }), anyValue),
      api_app_id: slackId('A'),
      trigger_id: nastyString,
      channel: fc.oneof(fc.record({ id: channel }), anyValue),
      container: fc.oneof(
        fc.record({ type: fc.constant('message'), message_ts: slackTs, channel_id: channel }),
        anyValue,
      ),
      message: fc.oneof(fc.record({ ts: slackTs, text: nastyString }), anyValue),
      actions: fc.oneof(
        fc.array(
          fc.record(
            {
              type: fc.constantFrom('button', 'static_select', 'weird'),
              action_id: actionIds,
              block_id: nastyString,
              value: fc.oneof(fc.stringMatching(/^OMB-[A-Z0-9]{8}$/), nastyString, anyValue),
              action_ts: slackTs,
            },
            { requiredKeys: ['action_id'] },
          ),
          { maxLength: 2 },
        ),
        anyValue,
      ),
      view: fc.oneof(
        fc.record(
          {
            id: slackId('V'),
            type: fc.constant('modal'),
            callback_id: callbackIds,
            private_metadata: metadata,
            state: fc.oneof(fc.record({ values: stateValues() }), anyValue),
            hash: nastyString,
          },
          { requiredKeys: ['callback_id'] },
        ),
        anyValue,
      ),
      response_url: fc.constant(`${channels.responseUrl ?? 'https://hooks.slack.test'}/actions/T/1/x`),
    },
    { requiredKeys: ['type'] },
  );
}

function slashCommand(channels: SlackChannels) {
  return fc
    .record(
      {
        command: fc.oneof(fc.constantFrom('/cases', '/complaint'), nastyString),
        text: fc.oneof(fc.constantFrom('next', 'next customer_service', 'next ombudsman', '', 'nonsense'), nastyString),
        user_id: slackId('U'),
        channel_id: slackChannel(channels),
        team_id: slackId('T'),
        trigger_id: nastyString,
        response_url: fc.constant(`${channels.responseUrl ?? 'https://hooks.slack.test'}/commands/T/1/x`),
      },
      { requiredKeys: ['command'] },
    )
    .map((fields) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString());
}

/** Signed and unsigned payloads for /slack/events. The signing (or not) is the runner's, by `kind`. */
export function slackInput(channels: SlackChannels): fc.Arbitrary<SlackInput> {
  const form = 'application/x-www-form-urlencoded';
  const json = 'application/json';
  return fc.oneof(
    {
      weight: 3,
      arbitrary: slackEvent(channels).map((v) => ({
        kind: 'event' as const,
        contentType: json,
        body: JSON.stringify(v),
      })),
    },
    {
      weight: 4,
      arbitrary: interactive(channels).map((v) => ({
        kind: 'interactive' as const,
        contentType: form,
        body: new URLSearchParams({ payload: JSON.stringify(v) }).toString(),
      })),
    },
    {
      weight: 1,
      arbitrary: slashCommand(channels).map((body) => ({ kind: 'command' as const, contentType: form, body })),
    },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => ({ kind: 'json' as const, contentType: json, body: JSON.stringify(v) ?? 'null' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          nastyString.map((s) => new URLSearchParams({ payload: s }).toString()),
          fc.string({ maxLength: 80 }),
          fc
            .dictionary(nastyString, nastyString, { maxKeys: 3 })
            .map((fields) => new URLSearchParams(fields).toString()),
        )
        .chain((body) =>
          fc
            .constantFrom(form, json, 'text/plain')
            .map((contentType) => ({ kind: 'form' as const, contentType, body })),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom<SlackInput['kind']>('unsigned', 'bad_signature', 'stale'), interactive(channels))
        .map(([kind, v]) => ({
          kind,
          contentType: form,
          body: new URLSearchParams({ payload: JSON.stringify(v) }).toString(),
        })),
    },
  );
}

/**
 * Slack Web API methods that post, change or remove something people see in a channel. Private
 * answers to the person who acted are not among them: an ephemeral notice or a modal for the
 * clicking agent, the App Home of the user who opened it (views.publish for an app_home_opened).
 */
export const SLACK_POSTING_METHODS: ReadonlySet<string> = new Set([
  'chat.postMessage',
  'chat.update',
  'chat.delete',
  'chat.scheduleMessage',
  'reactions.add',
  'reactions.remove',
  'files.upload',
  'conversations.invite',
]);

// ---------------------------------------------------------------------------------------------
// Chat texts that cost time: valid messages of up to 2,000 characters, each built to make a
// backtracking pattern retry (a cue word and then a long run of filler, a separator repeated,
// an almost-match that fails at its last character). The service stores and answers them like
// any message; the rule is that each costs no more than any other.

export interface AdversarialText {
  /** What the text is made of, never its characters: digits are shown as 9, anything outside ASCII as its code point. */
  label: string;
  text: string;
}

/** Characters people (and probes) put between words and digit groups. */
export const SEPARATORS = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '.',
  '. ',
  ',',
  '-',
  ' - ',
  '–',
  ':',
  ': ',
  '#',
  '=',
  '/',
  '_',
  "'",
  '+',
  '(',
  ')',
  '@',
  '*',
  '!',
  '\u00A0',
  '\u2007',
  '\u2009',
  '\u200A',
  '\u202F',
  '\u205F',
  '\u3000',
  '\u1680',
  '\u2028',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
] as const;

/** Words that make a pattern start its work: order, reference, PII, merchant, amount, date and case cues. */
const CUE_WORDS = [
  'ref',
  'order',
  'Order no',
  'ordernummer',
  'beställning',
  'bestilling',
  'Bestellnummer',
  'Auftrag',
  'tilausnumero',
  'tilauksen',
  'reference',
  'invoice',
  'faktura',
  'OCR',
  'KID',
  'viite',
  'lasku',
  'Rechnung',
  'tracking',
  'customer',
  'kundnummer',
  'personnummer',
  'CPR',
  'tel',
  'puhelin',
  'mobil',
  'nummer',
  'from',
  'hos',
  'bei',
  'kaupasta',
  'kr',
  'SEK',
  '€',
  'maj',
  'May',
  'toukokuun',
  'OMB-',
  'omb',
  '+46',
  '0046',
  'SE45',
  'a@b',
  'from A',
  'hos H&M',
  'kaupasta A',
];

/** What may follow a cue before the text gives up: the filler the order and reference patterns allow, and near-misses of it. */
const FILLERS = [
  ' ',
  '\u00A0',
  '\u202F',
  '\u200B',
  '\t',
  '\n',
  '.',
  ':',
  '-',
  '–',
  '#',
  '=',
  ' .',
  ' :',
  '. ',
  ' no',
  ' nr',
  ' no.',
  ' is',
  ' ist',
  ' on',
];

/** How a text ends: a failing character right after the run, a digit too few, or a would-be value. */
const ENDINGS = ['! 1', 'é1', 'x', '12', '@'];

/** Fragments repeated on their own: cues that repeat, digit groups, addresses, IBANs, dates, amounts, names. */
const REPEATED = [
  'ref ',
  'order no ',
  'no ',
  'nr. ',
  'no. ',
  '# ',
  ': ',
  'ref: ',
  'OMB-',
  'OMB-1',
  'omb-a-',
  'from ',
  'hos A ',
  'bei Otto ',
  'from the ',
  'Zalando ',
  'H&M:',
  'A:lta ',
  'A.',
  'A-',
  'A&',
  'A.-',
  '1',
  '12 ',
  '123 ',
  '1234 ',
  '123456 ',
  '1.',
  '1-',
  '1/',
  '1 1',
  '12.5.',
  '1/1/',
  '12-05-',
  '2024-05-',
  '12 maj ',
  '12. toukokuuta ',
  'May 12 ',
  '1st ',
  '12 of ',
  '1 299,50 kr ',
  '1 000',
  '1.000',
  "1'000",
  '€1 ',
  'kr ',
  '1:-',
  '1,-',
  '+46 70 ',
  '(0)',
  '(08) ',
  '+',
  '00',
  '850709-',
  '850709 9805 ',
  '19850709-',
  '0101011234',
  'SE45 5000 ',
  'SE45',
  'SE4',
  'DE89 ',
  'a@',
  '@',
  '.',
  'a.',
  'a@a.',
  '@a.',
  'a-',
  'a.a@',
  'x@y.',
  'å',
  'äöü',
  'é',
  'ÅÄÖ',
  'a',
  'Aa',
  'aa ',
  'ab-',
  "don't ",
  'e-post ',
  'ß',
  'ø',
  '\u0301',
  'a\u0301',
  '1\u00A0',
  '1\u202F',
  '1\u2009',
  '1\u200B',
  '12\u00A0',
  '1234\u00A0',
  '1234\u2009',
];

const MAX_TEXT = 2_000;

function show(part: string): string {
  let out = '';
  for (const char of part) {
    const code = char.codePointAt(0)!;
    if (code >= 48 && code <= 57) out += '9';
    else if (code >= 32 && code < 127 && char !== '"' && char !== '\\') out += char;
    else out += `\\u{${code.toString(16).toUpperCase()}}`;
  }
  return `"${out}"`;
}

/** `head`, then `unit` as often as fits in `length` with `tail` after it; the label says so. */
export function adversarialText(head: string, unit: string, tail: string, length = MAX_TEXT): AdversarialText {
  const times = Math.max(1, Math.floor((length - head.length - tail.length) / unit.length));
  const parts = [head && show(head), `${show(unit)}×${times}`, tail && show(tail)].filter(Boolean);
  return { label: parts.join(' + '), text: head + unit.repeat(times) + tail };
}

/** The message an outside probe sent: 1,996 characters that held the whole service for 11 s. */
export const PROBE_TEXT = adversarialText('ref', ' ', '! 1', 1_996);

/**
 * Every family of costly text, `length` characters or a few less: each separator repeated between
 * two letters, each cue followed by a long run of each filler and a failing ending, and each
 * fragment repeated (cues, digit groups with every separator, address-, IBAN-, date- and
 * amount-like almost-matches, letters with diacritics).
 */
export function adversarialTexts(length = MAX_TEXT): AdversarialText[] {
  const texts: AdversarialText[] = [PROBE_TEXT];
  for (const separator of SEPARATORS) texts.push(adversarialText('a', separator, 'b', length));
  for (const cue of CUE_WORDS) {
    for (const filler of FILLERS) {
      for (const ending of ENDINGS.slice(0, 2)) texts.push(adversarialText(cue, filler, ending, length));
    }
  }
  for (const unit of REPEATED) {
    for (const ending of ['', 'x', 'é', '1', ':x']) texts.push(adversarialText('', unit, ending, length));
  }
  for (const separator of SEPARATORS) {
    for (const group of ['1', '12', '123', '1234', '123456'])
      texts.push(adversarialText('', group + separator, 'x', length));
  }
  return texts;
}

const textPart = (from: readonly string[]) => fc.constantFrom(...from);

/**
 * Costly texts at random for the benchmark: a cue or nothing, one to three fragments or separators
 * repeated together up to the length, then an ending.
 */
export const adversarialTextArbitrary: fc.Arbitrary<AdversarialText> = fc
  .record({
    head: fc.oneof(fc.constant(''), textPart(CUE_WORDS)),
    unit: fc
      .array(fc.oneof(textPart(SEPARATORS), textPart(FILLERS), textPart(REPEATED), textPart(CUE_WORDS)), {
        minLength: 1,
        maxLength: 3,
      })
      .map((parts) => parts.join('')),
    tail: fc.oneof(fc.constant(''), textPart(ENDINGS)),
    length: fc.integer({ min: 200, max: MAX_TEXT }),
  })
  .map(({ head, unit, tail, length }) => adversarialText(head, unit, tail, length))
  .filter(({ text }) => text.trim() !== '');

// ---------------------------------------------------------------------------------------------
// Raw request lines and upgrade headers: what no HTTP client library sends, written on a plain
// TCP connection. Request targets that are not a path (`GET //a:b/ws` once ended the process from
// the websocket's upgrade listener), absolute and authority forms, `*`, very long targets, bad
// percent-encoding, NUL and control characters; Upgrade, Connection and Sec-WebSocket-* headers
// missing, doubled or odd; bad Host headers; HTTP/1.0 and the HTTP/2 preface. The rule: the
// process stays up and nothing is answered with a 5xx; the parser's own 400 (or a close) is fine.

/** One request as bytes, and what it is, for a report (never its bytes: a target may be 70 kB). */
export interface RawRequest {
  label: string;
  /** TOKEN and HOST stand for a valid session token and the service's host:port. */
  text: string;
  /** False when the bytes end before the request does: the server may wait for the rest. */
  complete: boolean;
}

export const RAW_TOKEN = '\u0001TOKEN\u0001';
export const RAW_HOST = '\u0001HOST\u0001';

/** The head of the upgrade a websocket client sends with a session, but its last blank line. */
export const RAW_UPGRADE = `GET /ws?token=${RAW_TOKEN} HTTP/1.1\r\nHost: ${RAW_HOST}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n`;

type Part = readonly [label: string, text: string];
const parts = (...choices: Part[]) => fc.constantFrom(...choices);

const rawMethod = parts(
  ['GET', 'GET'],
  ['POST', 'POST'],
  ['HEAD', 'HEAD'],
  ['OPTIONS', 'OPTIONS'],
  ['CONNECT', 'CONNECT'],
  ['lower-case get', 'get'],
  ['PRI', 'PRI'],
  ['a method with a NUL', 'G\u0000T'],
  ['a 300-letter method', 'X'.repeat(300)],
  ['no method', ''],
);

const rawTarget = fc.oneof(
  {
    weight: 4,
    arbitrary: parts(
      ['/ws with a session', `/ws?token=${RAW_TOKEN}`],
      ['/ws', '/ws'],
      ['/ws with an empty token', '/ws?token='],
    ),
  },
  {
    weight: 6,
    arbitrary: parts(
      ['//a:b/ws', '//a:b/ws'],
      ['//', '//'],
      ['///', '///'],
      ['//ws with a session', `//ws?token=${RAW_TOKEN}`],
      ['//a:b/ws with a session', `//a:b/ws?token=${RAW_TOKEN}`],
      ['absolute-form with a session', `http://${RAW_HOST}/ws?token=${RAW_TOKEN}`],
      ['absolute-form with a bad port', 'http://a:b/ws'],
      ['ws: absolute-form', `ws://${RAW_HOST}/ws?token=${RAW_TOKEN}`],
      ['an unclosed IPv6 host', 'http://[::1/ws'],
      ['a port past 65535', 'http://[::1]:99999/ws'],
      ['authority-form', RAW_HOST],
      ['authority-form with a bad port', 'a:b'],
      ['*', '*'],
      ['bad percent-encoding in the token', '/ws?token=%ZZ'],
      ['a lone %', '/%'],
      ['%00', '/%00'],
      ['%00 in the path with a session', `/ws%00?token=${RAW_TOKEN}`],
      ['an encoded slash and dots', '/ws%2F..%2F..'],
      ['dot segments with a session', `/a/../ws?token=${RAW_TOKEN}`],
      ['a fragment', '/ws#x'],
      ['two tokens', `/ws?token=${RAW_TOKEN}&token=x`],
      ['an 8 kB token', `/ws?token=${'A'.repeat(8_000)}`],
      ['a 70 kB target', `/${'a'.repeat(70_000)}`],
      ['ten thousand ampersands', `/ws?${'&'.repeat(10_000)}`],
      ['a byte past ASCII', '/\u00ff'],
      ['a NUL in the target', `/ws?token=${RAW_TOKEN}\u0000`],
      ['a control character in the target', '/ws\u0007'],
      ['/healthz', '/healthz'],
      ['/api/messages', '/api/messages'],
      ['no target', ''],
    ),
  },
);

const rawVersion = fc.oneof(
  { weight: 6, arbitrary: parts(['HTTP/1.1', 'HTTP/1.1']) },
  {
    weight: 4,
    arbitrary: parts(
      ['HTTP/1.0', 'HTTP/1.0'],
      ['HTTP/2.0', 'HTTP/2.0'],
      ['HTTP/0.9', 'HTTP/0.9'],
      ['HTTP/1.2', 'HTTP/1.2'],
      ['HTTP/9.9', 'HTTP/9.9'],
      ['lower-case http', 'http/1.1'],
      ['no version', ''],
      ['a word after the version', 'HTTP/1.1 x'],
    ),
  },
);

/** A header as a client sends it (unnamed in the label), missing, twice, or with an odd value. */
const header = (name: string, usual: string, odd: Part[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<Part>(['', `${name}: ${usual}\r\n`]) },
    { weight: 1, arbitrary: fc.constant<Part>([`no ${name}`, '']) },
    { weight: 1, arbitrary: fc.constant<Part>([`${name} twice`, `${name}: ${usual}\r\n${name}: ${odd[0]![1]}\r\n`]) },
    {
      weight: 2,
      arbitrary: parts(...odd.map(([label, value]): Part => [`${name}: ${label}`, `${name}: ${value}\r\n`])),
    },
  );

const rawHeaders = fc.tuple(
  header('Host', RAW_HOST, [
    ['evil.example', 'evil.example'],
    ['empty', ''],
    ['a space inside', 'a b'],
    ['an unclosed IPv6', '[::1'],
    ['9 kB', 'h'.repeat(9_000)],
    ['a NUL', `${RAW_HOST}\u0000`],
  ]),
  header('Upgrade', 'websocket', [
    ['WebSocket', 'WebSocket'],
    ['websocket, h2c', 'websocket, h2c'],
    ['h2c', 'h2c'],
    ['empty', ''],
  ]),
  header('Connection', 'Upgrade', [
    ['keep-alive, Upgrade', 'keep-alive, Upgrade'],
    ['close', 'close'],
    ['a control character', 'upgrade\u0001'],
  ]),
  header('Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==', [
    ['not base64', 'not base64!!'],
    ['short', 'c2hvcnQ='],
    ['empty', ''],
    ['5 kB', 'A'.repeat(5_000)],
  ]),
  header('Sec-WebSocket-Version', '13', [
    ['8', '8'],
    ['99', '99'],
    ['abc', 'abc'],
    ['13, 8', '13, 8'],
  ]),
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<Part>(['', '']) },
    {
      weight: 4,
      arbitrary: parts(
        ['a bad deflate offer', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99\r\n'],
        ['an empty extension', 'Sec-WebSocket-Extensions: ;;;\r\n'],
        ['an empty protocol', 'Sec-WebSocket-Protocol: a, , b\r\n'],
        ['Origin: null', 'Origin: null\r\n'],
        ['a foreign Origin', 'Origin: https://evil.example\r\n'],
        ['Expect: 100-continue', 'Expect: 100-continue\r\n'],
        ['a negative Content-Length', 'Content-Length: -1\r\n'],
        ['a list as Content-Length', 'Content-Length: 1, 2\r\n'],
        ['a NUL in a value', 'X-Probe: a\u0000b\r\n'],
        ['a control character in a value', 'X-Probe: a\u0007b\r\n'],
        ['a space in a name', 'X Probe: x\r\n'],
        ['a line without a colon', 'NoColon\r\n'],
        ['a folded line', 'X-Probe: a\r\n b\r\n'],
        ['two thousand headers', 'X-A: 1\r\n'.repeat(2_000)],
        ['a 20 kB value', `X-Probe: ${'v'.repeat(20_000)}\r\n`],
      ),
    },
  ),
);

/** A request line and headers from the parts above, each line ended with CRLF (or LF alone). */
const assembled: fc.Arbitrary<RawRequest> = fc
  .record({
    method: rawMethod,
    target: rawTarget,
    version: rawVersion,
    headers: rawHeaders,
    bareLf: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 5, arbitrary: fc.constant(false) }),
  })
  .map(({ method, target, version, headers, bareLf }) => {
    const line = [method[1], target[1], version[1]].filter((part) => part !== '').join(' ');
    const text = `${line}\r\n${headers.map(([, value]) => value).join('')}\r\n`;
    const label = [
      `${method[0]} "${target[0]}" ${version[0]}`,
      ...headers.map(([name]) => name).filter(Boolean),
      bareLf ? 'LF line ends' : '',
    ]
      .filter(Boolean)
      .join(', ');
    return { label, text: bareLf ? text.replaceAll('\r\n', '\n') : text, complete: true };
  });

/** Whole requests of their own: other protocols, bodies that lie, requests cut short. */
const special: fc.Arbitrary<RawRequest> = fc.oneof(
  parts(
    ['the HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['a TLS ClientHello', '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003'],
    ['a bad chunk', `POST /api/messages HTTP/1.1\r\nHost: ${RAW_HOST}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n`],
    [
      'Content-Length and Transfer-Encoding both',
      `POST /api/messages HTTP/1.1\r\nHost: ${RAW_HOST}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    ['a body with the upgrade', `${RAW_UPGRADE}Content-Length: 5\r\n\r\nhello`],
  ).map(([label, text]) => ({ label, text, complete: true })),
  // Cut short: the server may wait for the rest (blank lines before a request line are skipped, RFC 9112).
  parts(
    ['blank lines only', '\r\n\r\n\r\n\r\n'],
    ['a request line cut short', 'GET /ws?tok'],
    ['a head without its blank line', `GET / HTTP/1.1\r\nHost: ${RAW_HOST}\r\n`],
    [
      'a body shorter than its length',
      `POST /api/messages HTTP/1.1\r\nHost: ${RAW_HOST}\r\nContent-Length: 50\r\n\r\n{}`,
    ],
  ).map(([label, text]) => ({ label, text, complete: false })),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({
    label: `${bytes.length} random bytes`,
    text: Buffer.from(bytes).toString('latin1'),
    complete: false,
  })),
);

export const rawRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  { weight: 9, arbitrary: assembled },
  { weight: 1, arbitrary: special },
);

export interface RawExchange {
  /** The status of the first response head, 0 when none came. */
  status: number;
  /** The connection ended (closed or reset) without a response head. */
  closed: boolean;
  /** No answer and no close within the time allowed, or no connection at all. */
  failure?: string;
}

/**
 * Writes the request's bytes (one byte a character) on a connection of its own and waits for the
 * first response head, the connection's end, or the timeout (short for a request cut short, which
 * may rightly get nothing); then lets the connection go.
 */
export function exchangeRaw(
  port: number,
  request: RawRequest,
  values: { token: string; host: string },
  timeoutMs = request.complete ? 3_000 : 300,
): Promise<RawExchange> {
  const bytes = Buffer.from(
    request.text.replaceAll(RAW_TOKEN, values.token).replaceAll(RAW_HOST, values.host),
    'latin1',
  );
  return new Promise((resolve) => {
    let head = '';
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const done = (exchange: RawExchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(exchange);
    };
    const timer = setTimeout(
      () => done({ status: 0, closed: false, failure: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (status) done({ status: Number(status[1]), closed: false });
      else if (head.length >= 12)
        done({ status: 0, closed: false, failure: `not an HTTP answer: ${JSON.stringify(head.slice(0, 40))}` });
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done(
        error.code === 'ECONNRESET' || error.code === 'EPIPE'
          ? { status: 0, closed: true }
          : { status: 0, closed: false, failure: error.message },
      ),
    );
    socket.on('close', () => done({ status: 0, closed: true }));
  });
}

/** What is wrong with the exchange, or undefined: a 5xx, or silence after a whole request. */
export function rawProblem(request: RawRequest, exchange: RawExchange): string | undefined {
  if (exchange.status >= 500) return `${request.label}: answered ${exchange.status}`;
  if (exchange.failure && (request.complete || !exchange.failure.startsWith('no answer')))
    return `${request.label}: ${exchange.failure}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The database's footprint

/** Row counts of every table of the public schema (the migrations' bookkeeping included). */
export async function tableRowCounts(
  query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>,
): Promise<Record<string, number>> {
  const { rows } = await query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const names = rows.map((row) => String(row.table_name));
  if (names.length === 0) return {};
  const counted = await query(
    names.map((name) => `SELECT '${name}' AS name, count(*)::int AS n FROM "${name}"`).join(' UNION ALL '),
  );
  return Object.fromEntries(counted.rows.map((row) => [String(row.name), Number(row.n)]));
}

// Which chat sockets are open where (bot/web/away.ts): a well-formed connection among the fuzzed
// ones is a live socket, not data written; the table is left out of "writes nothing".
const LIVE_STATE_TABLES = new Set(['consumer_presence']);

/** Tables whose row count changed, with before -> after (live connection state left out). */
export function rowChanges(before: Record<string, number>, after: Record<string, number>): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (LIVE_STATE_TABLES.has(name)) continue;
    if (before[name] !== after[name]) changed[name] = `${before[name] ?? 0} -> ${after[name] ?? 0}`;
  }
  return changed;
}
