// The website and app channel: Botkit with the authenticated web adapter on the service's own
// HTTP server (websocket `/ws` for the widget) and the webhook `POST /api/messages` for apps.
// Both hand every message to the same dialog.
import type { Server } from 'node:http';
import { Botkit } from 'botkit';
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { handleConsumerMessage, type DialogDeps } from '../dialog/dialog.ts';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ChatMetrics } from '../metrics.ts';
import { AuthenticatedWebAdapter, hasNul, MAX_MESSAGE_CHARS } from './adapter.ts';
import { RateLimiter, takeOrRefuse } from './rate-limit.ts';
import { bearerToken, verifySession, type SessionSecrets } from './session.ts';

const WebhookMessage = z.object({
  type: z.literal('message'),
  text: z
    .string()
    .trim()
    .min(1, 'The message is empty.')
    .max(MAX_MESSAGE_CHARS, `A message may be at most ${MAX_MESSAGE_CHARS} characters.`)
    .refine((text) => !hasNul(text), 'A message may not contain NUL characters.'),
  user: z.string().min(1),
  clientMessageId: z
    .string()
    .max(100)
    .refine((id) => !hasNul(id), 'clientMessageId may not contain NUL characters.')
    .optional(),
  channel: z.string().optional(),
});

const TOO_MANY = 'Too many messages; wait a moment.';

export interface WebChannel {
  adapter: AuthenticatedWebAdapter;
  /** Resolves when Botkit has booted and the websocket takes connections. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Sets up the channel and registers its routes at once (before the 404 handler); await `ready`. */
export function createWebChannel(deps: {
  app: Express;
  server: Server;
  secrets: SessionSecrets;
  /** Origins whose pages may open the websocket besides the service's own (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  dialog: DialogDeps;
  log: Logger;
  metrics?: ChatMetrics;
  now?: () => Date;
}): WebChannel {
  const now = deps.now ?? (() => new Date());
  // One bucket per consumer, whichever channel their messages come by.
  const limiter = new RateLimiter();
  const adapter = new AuthenticatedWebAdapter({
    server: deps.server,
    allowedOrigins: deps.allowedOrigins,
    authenticate: (token) => {
      const check = verifySession(deps.secrets, token, now());
      return check.ok
        ? { ok: true, user: check.user, locale: check.locale }
        : { ok: false, code: check.code, message: check.message };
    },
    onRefused: ({ code, user }) => deps.log.warn({ code, user }, 'chat frame or connection refused'),
  });
  const controller = new Botkit({ adapter, disable_webserver: true, disable_console: true });

  controller.on('message', async (bot, message) => {
    const channel = message.incoming_message.channelId === 'websocket' ? 'web' : 'app';
    const user = message.user;
    if (channel === 'web') {
      // The webhook's route took its message from the same bucket already (and answers 429).
      const limit = limiter.take(user, now().getTime());
      if (!limit.ok) {
        await bot.say({
          text: '',
          channelData: {
            type: 'error',
            error: { code: 'rate_limited', message: TOO_MANY, retryAfterMs: limit.retryAfterMs },
          },
        } as never);
        return;
      }
      adapter.sendToUser(user, { type: 'typing' });
    }
    const started = process.hrtime.bigint();
    let replies;
    try {
      replies = await handleConsumerMessage(deps.dialog, {
        consumerId: user,
        channel,
        text: message.text ?? '',
        clientMessageId: (message.incoming_message.channelData as { clientMessageId?: string } | undefined)
          ?.clientMessageId,
        locale: (message.incoming_message.channelData as { locale?: string } | undefined)?.locale ?? null,
        now: now(),
      });
    } catch (error) {
      // Botkit calls this handler from a callback whose promise nobody awaits: an error let out of
      // here is an unhandled rejection that stops the process (bench:faults, the database restarted
      // under load). The message may or may not have been stored; the consumer is asked to send it
      // again, which the same clientMessageId makes safe (stored once, answered once).
      deps.log.warn({ err: error, user, channel }, 'a consumer message failed; the consumer is asked to send it again');
      const failure = {
        code: 'internal_error',
        message: 'Something went wrong on our side; send your message again in a moment.',
      };
      if (channel === 'web') {
        adapter.sendToUser(user, { type: 'error', error: failure });
      } else {
        const turnState = (bot.getConfig('context') as { turnState: Map<string, unknown> }).turnState;
        turnState.set('httpStatus', 500);
        turnState.set('httpBody', { error: failure });
      }
      return;
    }
    deps.metrics?.answered(Number(process.hrtime.bigint() - started) / 1e9, channel);
    // The turn's replies go out at once, not one Botkit `say` per bubble (bench:chat: the
    // per-bubble middleware was an eighth of a turn's CPU): to the user's sockets, or as the
    // webhook's response body, which is what Botkit's webhook would have sent.
    if (channel === 'web') {
      adapter.sendAllToUser(user, replies);
    } else {
      (bot.getConfig('context') as { turnState: Map<string, unknown> }).turnState.set('httpBody', replies);
    }
  });
  const ready = new Promise<void>((resolve) => controller.ready(() => resolve()));

  deps.app.post('/api/messages', async (req: Request, res: Response) => {
    const check = verifySession(deps.secrets, bearerToken(req.get('authorization')), now());
    if (!check.ok) throw new CodedError(check.code, check.message);
    const parsed = WebhookMessage.safeParse(req.body);
    if (!parsed.success)
      throw new CodedError('invalid_request', parsed.error.issues[0]?.message ?? 'The message is not valid.');
    if (parsed.data.user !== check.user)
      throw new CodedError('user_mismatch', "The message's user is not the session's user.");
    // Refused before Botkit sees it, so a refused message is neither stored nor answered.
    takeOrRefuse(limiter, check.user, now(), res, TOO_MANY);
    // Botkit's webhook: the bot's replies come back as the JSON array of this response.
    req.body = { ...parsed.data, channel: 'webhook', locale: check.locale };
    await adapter.processActivity(req as never, res as never, controller.handleTurn.bind(controller));
  });

  return {
    adapter,
    ready,
    async close() {
      await adapter.close();
    },
  };
}
