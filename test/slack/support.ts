// Slack's side of a request, built in the test: the body signed the way Slack signs it
// (HMAC-SHA256 of `v0:{timestamp}:{body}` with the app's signing secret) and sent, and Slack's
// Web API answered and recorded. What is sent is built in payloads.ts.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

// The tests outside test/slack take these from here.
export {
  cardClick,
  jsonBody,
  payloadBody,
  selectedValue,
  textValue,
  threadMessageEvent,
  viewSubmission,
} from './payloads.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-token';
export const SLACK_API = 'https://slack.test';
/** The Web API as the client calls it: `${SLACK_API}/api/<method>`. */
export const CLIENT_OPTIONS = { slackApiUrl: `${SLACK_API}/api/`, retryConfig: { retries: 0 } };

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackRequest {
  body: string;
  contentType: string;
  /** Seconds since the epoch; now unless given. */
  timestamp?: number;
  /** Replaces the header (undefined = a correct one; null = none at all). */
  signature?: string | null;
  /** More headers, e.g. Slack's retry headers (x-slack-retry-num, x-slack-retry-reason). */
  headers?: Record<string, string>;
}

export async function postToSlackEndpoint(
  baseUrl: string,
  request: SlackRequest,
): Promise<{ status: number; text: string }> {
  const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    ...request.headers,
    'content-type': request.contentType,
    'x-slack-request-timestamp': String(timestamp),
  };
  const sig = request.signature === undefined ? signature(request.body, timestamp) : request.signature;
  if (sig !== null) headers['x-slack-signature'] = sig;
  // Slack gives up on a request after 3 s; a service that never answers fails here with the
  // body that hung it, rather than as a whole test's timeout that hides which request it was.
  const post = () =>
    fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers,
      body: request.body,
      signal: AbortSignal.timeout(30_000),
    }).catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'TimeoutError') throw error;
      throw new Error(`no answer in 30 s to ${request.contentType} ${request.body.slice(0, 300)}`);
    });
  let response: Response;
  try {
    response = await post();
  } catch (error) {
    // A kept-alive connection the server closed as the request went out (ECONNRESET on a busy
    // machine): Slack delivers again when a delivery fails, and so does this stand-in, once. A
    // service that is down fails the second time too.
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    response = await post();
  }
  return { status: response.status, text: await response.text() };
}

export async function listen(app: Express): Promise<{ server: Server; baseUrl: string; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `check` holds (handlers run after the acknowledgement). */
export async function eventually(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface SlackApiCall {
  method: string;
  body: Record<string, string>;
}

/**
 * Answers every Slack Web API call with `{ok: true}` (plus what `answer` adds for the call) and
 * hands each to `onCall`; no other network is allowed but the local server.
 */
export function interceptSlackApi(
  onCall: (call: SlackApiCall) => void,
  answer: (call: SlackApiCall) => Record<string, unknown> = () => ({}),
): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply(function (uri, body) {
      const parsed =
        typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
      const call = { method: uri.replace('/api/', ''), body: parsed };
      onCall(call);
      return [200, { ok: true, ...answer(call) }];
    });
}

/**
 * `interceptSlackApi` for a whole test file: `calls` holds the calls of the test running (emptied
 * after each), and nock is undone after the last.
 */
export function recordSlackApi(answer?: (call: SlackApiCall) => Record<string, unknown>): {
  readonly calls: SlackApiCall[];
} {
  const calls: SlackApiCall[] = [];
  beforeAll(() => interceptSlackApi((call) => calls.push(call), answer));
  afterEach(() => {
    calls.length = 0;
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return { calls };
}

let nextTs = 1;

/** What Slack answers a post or an update with: the channel, and the message's ts (a new one for a post). */
export function postedMessage(call: SlackApiCall): Record<string, unknown> {
  return { channel: call.body.channel, ts: call.body.ts ?? `1764300000.${String(nextTs++).padStart(6, '0')}` };
}

export interface FakeSlackApi {
  /** The base URL to give the service (SLACK_API_URL), ending in /api/. */
  url: string;
  /** Every call, with what it was answered (e.g. a posted card's ts). */
  calls: (SlackApiCall & { answer: Record<string, unknown> })[];
  close(): Promise<void>;
}

/**
 * Slack's Web API as a local HTTP server, for services running as child processes (where nock
 * cannot reach): answers every call like `interceptSlackApi`, and records it.
 */
export async function startFakeSlackApi(
  answer: (call: SlackApiCall) => Record<string, unknown> = postedMessage,
): Promise<FakeSlackApi> {
  const calls: FakeSlackApi['calls'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const body: Record<string, string> = (req.headers['content-type'] ?? '').includes('json')
        ? JSON.parse(raw || '{}')
        : Object.fromEntries(new URLSearchParams(raw));
      const call = { method: (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, ''), body };
      const answered = { ok: true, ...answer(call) };
      calls.push({ ...call, answer: answered });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answered));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Slack's delivery `num` (1 to 3) of a request it thinks was not taken. */
export function retriedDelivery(request: SlackRequest, num: number, reason = 'http_error'): SlackRequest {
  return {
    ...request,
    headers: { ...request.headers, 'x-slack-retry-num': String(num), 'x-slack-retry-reason': reason },
  };
}
