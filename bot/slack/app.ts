// The agent desk's Bolt app, on the service's own HTTP server. Bolt's ExpressReceiver does the
// signature check (HMAC of `v0:{timestamp}:{body}`, timestamps older than five minutes refused;
// mountSlack refuses those more than five minutes ahead too) and the parsing; we only mount its
// router at /slack/events. Bolt is given the bot's ids so it never calls auth.test on its own:
// the caller takes them from config or from an auth.test of its own.
//
// Socket mode instead (SLACK_APP_TOKEN, xapp-...): Bolt's SocketModeReceiver opens a websocket to
// Slack, so the service needs no public URL; Slack authenticates the socket with the app-level
// token, and nothing is mounted on the HTTP server. Each replica opens its own socket; Slack
// gives each event to one of them (the desk's database claims hold either way).
import type { ServerResponse } from 'node:http';
import {
  App,
  ErrorCode,
  ExpressReceiver,
  LogLevel,
  SocketModeReceiver,
  type Logger as BoltLogger,
  type ReceiverEvent,
} from '@slack/bolt';
import { ZodError } from 'zod';
import type { WebClientOptions } from '@slack/web-api';
import type { Express, NextFunction, Request, Response } from 'express';
import { errorBody, sendError, statusOf } from '../errors.ts';
import type { Logger } from '../log.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAppOptions {
  /** Checks HTTP requests' signatures; not used in socket mode. */
  signingSecret?: string;
  /** An app-level token (xapp-...): socket mode instead of HTTP requests at /slack/events. */
  appToken?: string;
  botToken: string;
  botId: string;
  botUserId: string;
  /** Web API client options; tests pass `{ retryConfig: { retries: 0 } }` and a slackApiUrl. */
  clientOptions?: WebClientOptions;
  log?: Logger;
}

// The receiver of each app, for mountSlack and onSocketClosed: Bolt keeps its own reference private.
const receivers = new WeakMap<App, ExpressReceiver>();
const socketReceivers = new WeakMap<App, SocketModeReceiver>();

/** Whether the app takes Slack's events over a socket (it must then be started and stopped). */
export function isSocketMode(app: App): boolean {
  return socketReceivers.has(app);
}

/** Calls `listener` each time the socket of a socket-mode app closes, or fails to open. */
export function onSocketClosed(app: App, listener: () => void): void {
  socketReceivers.get(app)?.client.on('disconnected', listener);
}

/** Bolt (and the desk's Web API clients) log through the service's pino logger, so their lines are JSON like ours. */
export function boltLogger(log: Logger | undefined): BoltLogger {
  const child = log?.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => child?.debug(msg.map(String).join(' ')),
    info: (...msg) => child?.info(msg.map(String).join(' ')),
    warn: (...msg) => child?.warn(msg.map(String).join(' ')),
    error: (...msg) => child?.error(msg.map(String).join(' ')),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackApp(options: SlackAppOptions): App {
  const logger = boltLogger(options.log);
  if (options.appToken) {
    const socket = new SocketModeReceiver({
      appToken: options.appToken,
      logger,
      // The desk reconnects with its own backoff (bot/slack/link.ts): the client's own gives up
      // with an unhandled rejection when Slack refuses apps.connections.open.
      autoReconnectEnabled: false,
      // The socket's own Web API client (apps.connections.open) takes the same options, one try
      // per attempt of the desk's. A copy: the client writes its retry policy into what it is given.
      installerOptions: { clientOptions: { ...options.clientOptions, retryConfig: { retries: 0 } } },
    });
    const app = new App({
      receiver: socket,
      token: options.botToken,
      botId: options.botId,
      botUserId: options.botUserId,
      logger,
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    });
    socketReceivers.set(app, socket);
    dropForeignIds(app, options.log);
    return app;
  }
  if (!options.signingSecret)
    throw new Error('a Slack app over HTTP needs its signing secret (or an app token for socket mode)');
  const receiver = new ExpressReceiver({
    signingSecret: options.signingSecret,
    signatureVerification: true,
    endpoints: SLACK_EVENTS_PATH,
    // Acknowledge first, work after: Slack retries anything not acknowledged within 3 s, and the
    // handlers ack() before touching the database. What must not be lost once acknowledged (an
    // agent's thread message) is written down before the acknowledgement (beforeAcknowledging).
    processBeforeResponse: false,
    logger,
    processEventErrorHandler: async ({ error, response }) => answerFailedEvent(error, response, options.log),
  });
  const app = new App({
    receiver,
    token: options.botToken,
    botId: options.botId,
    botUserId: options.botUserId,
    logger,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
  });
  receivers.set(app, receiver);
  dropForeignIds(app, options.log);
  return app;
}

/** What Slack's user, channel and team ids look like (U…, W…, C…, G…, D…, T…). */
const SLACK_ID = /^[A-Z0-9]{2,32}$/;

/**
 * A payload whose user or channel id is not one of Slack's never came from Slack (only a signed
 * sender with our secret could make one): it is acknowledged and goes no further, before any
 * listener would hand the id to the Web API client (a lone surrogate in one made its
 * encodeURIComponent throw "URI malformed").
 */
function dropForeignIds(app: App, log: Logger | undefined): void {
  app.use(async (args) => {
    const body = args.body as Record<string, unknown>;
    const event = (body.event ?? {}) as Record<string, unknown>;
    const ids = [
      (body.user as { id?: unknown } | undefined)?.id,
      body.user_id,
      (body.channel as { id?: unknown } | undefined)?.id,
      body.channel_id,
      event.user,
      event.channel,
    ].filter((id) => id !== undefined && id !== null);
    if (ids.every((id) => typeof id === 'string' && SLACK_ID.test(id))) {
      await args.next();
      return;
    }
    log?.warn({ kind: body.type ?? event.type }, 'slack payload with an id that is not a Slack id; ignored');
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  });
}

/**
 * A signed payload that Bolt or a handler could not take. One of a shape Slack never sends (a
 * field missing or of another type: a TypeError, SyntaxError or ZodError, as such or wrapped by
 * Bolt) is the sender's fault, 400 and a warning; anything else (the database) stays a 500, which
 * Slack retries. Bolt's default answered 500 to both.
 */
async function answerFailedEvent(error: unknown, response: ServerResponse, log: Logger | undefined): Promise<boolean> {
  const original = (error as { original?: unknown }).original ?? error;
  if (response.headersSent) {
    log?.warn({ err: original }, 'slack handler failed after its acknowledgement');
    return false;
  }
  if ((error as { code?: string }).code === ErrorCode.AuthorizationError) {
    response.writeHead(401).end();
    return true;
  }
  // Bolt gives the errors of several listeners (a payload that reached more than one) together.
  const errors = (error as { originals?: unknown[] }).originals ?? [original];
  const malformed =
    errors.length > 0 &&
    errors.every((e) => e instanceof TypeError || e instanceof SyntaxError || e instanceof ZodError);
  if (malformed) log?.warn({ err: original }, 'slack payload of a shape we do not take');
  else log?.error({ err: original }, 'slack event failed');
  const code = malformed ? 'invalid_request' : 'internal_error';
  const status = statusOf(code);
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(
      JSON.stringify(
        errorBody(
          code,
          malformed ? 'The Slack payload is not of a shape this app takes.' : 'Something went wrong on our side.',
        ),
      ),
    );
  return malformed;
}

/**
 * Runs `record` on each event before Bolt acknowledges it, and lets the listeners read what it
 * adds to the event's customProperties in their context. Bolt tells Slack an event arrived
 * before any middleware or listener runs, and Slack never sends an acknowledged event again:
 * what must outlive a crash from that moment on is written here. When `record` throws, the event
 * is not acknowledged (Slack delivers it again).
 */
export function beforeAcknowledging(app: App, record: (event: ReceiverEvent) => Promise<ReceiverEvent>): void {
  // Both receivers hand each request to app.processEvent, where the acknowledgement is made.
  const process = app.processEvent.bind(app);
  app.processEvent = async (event) => process(await record(event));
}

/** How far a request's timestamp may lie from now, either way, as Slack's own check allows. */
const REQUEST_WINDOW_SECONDS = 5 * 60;

/**
 * Routes Slack's requests on the service's express app. Mount it before any body parser
 * (express.json) of the app: the signature is computed over the raw body, which a parser
 * would have consumed. `slackApp` may be given as a function when the app is made later (the
 * bot's ids wait for Slack): until it gives one, Slack is asked to deliver again (503).
 */
export function mountSlack(app: Express, slackApp: App | (() => App | undefined)): void {
  const current = typeof slackApp === 'function' ? slackApp : () => slackApp;
  const known = current();
  if (known && socketReceivers.has(known)) return; // events come over the socket
  if (known && !receivers.has(known)) throw new Error('mountSlack needs an app made by createSlackApp');
  // Bolt refuses a request that fails the signature check with a bare 401; ours carries the
  // error body every refusal of the service carries, with a code a client can rely on.
  app.use(SLACK_EVENTS_PATH, (req: Request, res: Response, next: NextFunction) => {
    const send = res.send;
    res.send = function (this: Response, body?: unknown) {
      res.send = send;
      if (this.statusCode !== 401 || body !== undefined) return send.call(this, body);
      return this.json(
        errorBody(
          'slack_signature_invalid',
          "The request is not signed with this Slack app's signing secret, or its timestamp is more than five minutes from now.",
        ),
      );
    };
    // Bolt refuses a timestamp more than five minutes old but takes one from the future, so a
    // request signed ahead of time would stay good until then and for five minutes after.
    const stamp = Number(req.get('x-slack-request-timestamp'));
    if (Number.isFinite(stamp) && Math.abs(Date.now() / 1000 - stamp) > REQUEST_WINDOW_SECONDS) {
      res.status(401).send();
      return;
    }
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const made = current();
    const receiver = made && receivers.get(made);
    if (receiver) return receiver.router(req, res, next);
    if (req.path !== SLACK_EVENTS_PATH) return next();
    // Bolt cannot take an event before it knows the bot's ids; Slack retries a 5xx, a few
    // times over the next minutes, so nothing sent now is lost.
    res.set('retry-after', '10');
    sendError(
      res,
      'slack_desk_connecting',
      'The agent desk is still connecting to Slack; please deliver this again shortly.',
    );
  });
}
