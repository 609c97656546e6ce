// Slack's side of a request, built in the test: the body signed the way Slack signs it
// (HMAC-SHA256 of `v0:{timestamp}:{body}` with the app's signing secret).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

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

export const jsonBody = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });
/** Interactive payloads (block_actions, view_submission) come form-encoded as `payload=`. */
export const payloadBody = (value: unknown) => ({
  body: new URLSearchParams({ payload: JSON.stringify(value) }).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

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

/**
 * A click on a button of the case card `cardTs` in `channel`, as Slack sends it (the button's
 * value is the case reference): the whole block_actions payload, with the fields Slack adds that
 * the desk does not read (token, names, response_url).
 */
export function cardClick(input: {
  ref: string;
  actionId: string;
  channel: string;
  cardTs: string;
  user?: string;
  triggerId?: string;
}) {
  const user = input.user ?? 'U0ANNA';
  return payloadBody({
    type: 'block_actions',
    team: { id: 'T1', domain: 'ombud' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: input.triggerId ?? 'trigger-1',
    container: { type: 'message', message_ts: input.cardTs, channel_id: input.channel, is_ephemeral: false },
    channel: { id: input.channel, name: 'desk' },
    message: { type: 'message', ts: input.cardTs, text: 'card', user: 'UBOT', bot_id: 'B1' },
    response_url: 'https://hooks.slack.test/actions/T1/1/x',
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: `case:${input.ref}`,
        value: input.ref,
        text: { type: 'plain_text', text: 'button' },
        action_ts: '1764000001.000001',
      },
    ],
  });
}

let nextThreadMessage = 1;

/**
 * A person's message in the thread of the case card `threadTs`, as the Events API delivers it:
 * its own ts (the one the ✅ goes on) and the signed request; a new event id each time.
 */
export function threadMessageEvent(input: { channel: string; threadTs: string; text: string; user?: string }) {
  const n = nextThreadMessage++;
  const ts = `1764700000.${String(n).padStart(6, '0')}`;
  return {
    ts,
    request: jsonBody({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: `EvThread${n}`,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        channel: input.channel,
        channel_type: 'channel',
        user: input.user ?? 'U0ANNA',
        text: input.text,
        ts,
        thread_ts: input.threadTs,
      },
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

let nextView = 1;

/** Which modal Slack opened and which version of it: each call names another opened modal. */
export function newView(): { id: string; hash: string } {
  const n = nextView++;
  return { id: `V0VIEW${String(n).padStart(6, '0')}`, hash: `1764000000.${n.toString(16).padStart(8, '0')}` };
}

/**
 * A modal's submission as Slack sends it, from the case card `ts` in `channel`; another opened
 * modal each time unless `view` names one (a replay, a second Submit of the same modal).
 */
export function viewSubmission(input: {
  ref: string;
  callbackId: string;
  channel: string;
  cardTs: string;
  values: Record<string, Record<string, unknown>>;
  user?: string;
  view?: { id: string; hash: string };
}) {
  const view = input.view ?? newView();
  const user = input.user ?? 'U0ANNA';
  return payloadBody({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: user, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: 'trigger-2',
    view: {
      id: view.id,
      team_id: 'T1',
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: JSON.stringify({ ref: input.ref, channel: input.channel, ts: input.cardTs }),
      state: { values: input.values },
      hash: view.hash,
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
      app_id: 'A1',
      bot_id: 'B1',
    },
  });
}

/** A modal's text field as Slack sends its state. */
export const textValue = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
/** A modal's select or radio buttons as Slack sends its state; null when nothing is chosen. */
export const selectedValue = (value: string | null, type = 'static_select') => ({
  value: { type, selected_option: value === null ? null : { value, text: { type: 'plain_text', text: value } } },
});
