// The composition root: configuration in, a running service out. Channels are mounted here as
// they are built; each stays thin and calls the same core.
import express from 'express';
import type { Config } from './config.ts';
import { createHttpService, type HttpService } from './http.ts';
import { createIntentService, createLlmClassifier } from '../intents/index.ts';
import type { DialogDeps } from './dialog/dialog.ts';
import { createPurchaseDirectory } from './purchases/directory.ts';
import { findAnswer } from './dialog/knowledge.ts';
import { createWebChannel, type WebChannel } from './web/channel.ts';
import { startConsumerRelay } from './web/relay.ts';
import { startAwayNotices } from './web/away.ts';
import { startRecovery } from './dialog/recovery.ts';
import { startRatingRequests } from './dialog/rating.ts';
import { describeLink, startSlackDesk, type SlackDesk } from './slack/index.ts';
import { createMetrics } from './metrics.ts';
import { startOutboxDelivery } from './outbox/index.ts';
import { identityVerifier } from './web/identity.ts';
import { mountChatApi } from './web/routes.ts';
import { mountMerchantApi } from './merchant/api.ts';
import { mountEvidenceRoutes } from './evidence/routes.ts';
import { signEvidenceLink } from './evidence/links.ts';
import { mountOmbudsman, smtpMailer } from './ombudsman/index.ts';
import { mountStatic } from './web/static.ts';
import { resolveSessionSecret } from './web/session-secret.ts';
import type { Logger } from './log.ts';
import { withReleasers, type Releasers } from './lifecycle.ts';
import {
  APP_DESTINATION,
  coalescedNotify,
  CORE_DESTINATION,
  migrate,
  openDatabase,
  startSweeper,
  type CaseSignal,
  type Db,
} from '../db/index.ts';

export interface RunningService {
  db: Db;
  /** The "case changed" signal every decision sends (coalesced NOTIFY; db/case-signal.ts). */
  signal: CaseSignal;
  http: HttpService;
  port: number;
  /** The Slack agent desk, when Slack is on: it connects in the background. */
  desk?: Pick<SlackDesk, 'status'>;
  /** Graceful stop: no new work, in-flight requests finish (up to the timeout), database closed. */
  stop(): Promise<void>;
}

export async function startService(config: Config, log: Logger): Promise<RunningService> {
  const { value, releaseAll } = await withReleasers(
    ({ name, error }) => log.error({ err: error, part: name }, 'a part of the service did not stop cleanly'),
    (releasers) => startParts(config, log, releasers),
  );
  return { ...value, stop: releaseAll };
}

/** Starts each part in order, pushing how to stop it: releasers.releaseAll() is the shutdown. */
async function startParts(config: Config, log: Logger, releasers: Releasers): Promise<Omit<RunningService, 'stop'>> {
  const db = await openDatabase(
    config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir },
    {
      poolSize: config.DATABASE_POOL_SIZE,
      onListenerState: (state, error) =>
        state === 'lost'
          ? log.warn({ err: error }, 'lost the database notification connection; reconnecting')
          : log.info('database notification connection restored'),
    },
  );
  releasers.push('database', () => db.close());
  const result = await migrate(db, {
    onApply: (migration) =>
      log.info({ migration: `${String(migration.version).padStart(4, '0')}_${migration.name}` }, 'applying migration'),
  });
  log.info(
    { applied: result.applied, alreadyApplied: result.alreadyApplied, database: db.description },
    'migrations done',
  );

  const signal = coalescedNotify(db, { onError: (error) => log.warn({ err: error }, 'case change signal not sent') });
  releasers.push('case change signal', () => signal.flush());
  // Every replica sweeps due timers (merchant windows, consumer deadlines, first-response
  // targets); SKIP LOCKED shares the work and keeps each timer to one firing.
  const sweeper = startSweeper(
    { db, signal },
    {
      intervalMs: 1_000,
      onSweep: (report) => log.info(report, 'timers fired'),
      onError: (error) => log.warn({ err: error }, 'timer sweep failed; retrying'),
    },
  );
  releasers.push('timer sweeper', () => sweeper.stop());
  // One SMTP path: the ombudsman's one-time codes, the e-mail to a consumer away from the chat, and
  // the merchants' e-mails beside their webhooks.
  const mailer = config.SMTP_URL ? smtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM }) : undefined;
  if (mailer) releasers.push('mailer', () => mailer.close());
  // Every replica delivers outgoing events too (SKIP LOCKED and a lease share them out): the
  // merchants' webhooks always (each merchant's URL and secret from the registry), the payments
  // core's when CORE_WEBHOOK_URL is set; without it they stay in the outbox until it is.
  const outbox = startOutboxDelivery({
    db,
    receivers: {
      ...(config.CORE_WEBHOOK_URL
        ? { [CORE_DESTINATION]: { url: config.CORE_WEBHOOK_URL, secret: config.CORE_WEBHOOK_SECRET! } }
        : {}),
      // consumer.message for a consumer away from the chat (bot/web/away.ts)
      ...(config.APP_WEBHOOK_URL
        ? { [APP_DESTINATION]: { url: config.APP_WEBHOOK_URL, secret: config.APP_WEBHOOK_SECRET! } }
        : {}),
    },
    merchants: true,
    mailer,
    publicUrl: config.publicUrl,
    log,
  });
  releasers.push('outbox delivery', () => outbox.stop());

  const sessionSecret = await resolveSessionSecret({
    configured: config.SESSION_SECRET,
    nodeEnv: config.NODE_ENV,
    dataDir: config.DATA_DIR,
  });
  if ('note' in sessionSecret && sessionSecret.note) {
    const level = sessionSecret.source === 'generated' ? 'info' : 'warn';
    log[level]({ path: sessionSecret.path }, sessionSecret.note);
  }
  const llm = config.OPENAI_API_KEY
    ? createLlmClassifier({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        timeoutMs: config.OPENAI_TIMEOUT_MS,
      })
    : undefined;
  const intents = createIntentService({
    llm,
    onRetrain: (reason) => log.info({ reason }, 'training the intent model'),
  });
  const metrics = createMetrics({
    db,
    llmStats: llm ? () => llm.stats() : undefined,
    token: config.METRICS_TOKEN,
    slackDesk: config.slackEnabled ? () => desk?.status() : undefined,
  });
  if (config.NODE_ENV === 'production' && !config.METRICS_PORT && !config.METRICS_TOKEN) {
    log.warn('/metrics answers anyone who reaches PORT; set METRICS_TOKEN, or METRICS_PORT for a port of its own');
  }
  const dialog: DialogDeps = {
    db,
    signal,
    classify: async (text, options) => {
      const result = await intents.classify(text, options);
      metrics.classified(result);
      return result;
    },
    findAnswer,
    threshold: intents.threshold,
    ombudsmanUrl: `${config.publicUrl}/ombudsman`,
    // PURCHASES_URL's payments core, else the purchases table (npm run purchases -- import)
    purchases: createPurchaseDirectory(config, { db, log }),
    log,
  };

  // The desk needs the database only: Slack is reached in the background, and consumers are
  // served whether it answers or not.
  const desk = config.slackEnabled
    ? await startSlackDesk({
        // Socket mode when an app token is set (no public URL); HTTP at /slack/events otherwise.
        ...(config.SLACK_APP_TOKEN
          ? { appToken: config.SLACK_APP_TOKEN }
          : { signingSecret: config.SLACK_SIGNING_SECRET! }),
        botToken: config.SLACK_BOT_TOKEN!,
        botId: config.SLACK_BOT_ID,
        botUserId: config.SLACK_BOT_USER_ID,
        ...(config.SLACK_API_URL ? { clientOptions: { slackApiUrl: config.SLACK_API_URL } } : {}),
        db,
        signal,
        tierChannels: {
          customer_service: config.SLACK_CHANNEL_CUSTOMER_SERVICE,
          investigation: config.SLACK_CHANNEL_INVESTIGATION,
          specialist: config.SLACK_CHANNEL_SPECIALIST,
          ombudsman: config.SLACK_CHANNEL_OMBUDSMAN,
        },
        publicUrl: config.publicUrl,
        // The card's "Open files": links signed with the session secret, 15 minutes each (docs/evidence.md).
        evidenceLink: (id, now) => `${config.publicUrl}${signEvidenceLink(sessionSecret.secret, id, now)}`,
        log,
      })
    : undefined;
  if (desk) releasers.push('Slack desk', () => desk.stop());

  let web: WebChannel | undefined;
  const secret = sessionSecret.secret;
  const http = createHttpService({
    db,
    log,
    hsts: config.publicUrl.startsWith('https://'),
    ...(config.TRUST_PROXY !== undefined ? { trustProxy: config.TRUST_PROXY } : {}),
    mount: (app, server) => {
      // Slack first: its signature covers the raw body, which a JSON parser would consume.
      desk?.mount(app);
      if (config.METRICS_PORT === undefined) metrics.mount(app);
      // The static widget next: its module scripts carry Origin, which the API's check would refuse elsewhere.
      mountStatic(app, { allowedOrigins: config.allowedOrigins });
      app.use(express.json({ limit: '32kb' }));
      mountChatApi(app, {
        db,
        secrets: secret,
        allowedOrigins: config.allowedOrigins,
        identity: identityVerifier({
          secret: config.IDENTITY_SECRET,
          jwksUrl: config.IDENTITY_JWKS_URL,
          issuer: config.IDENTITY_ISSUER,
          audience: config.IDENTITY_AUDIENCE,
        }),
        // The ombudsman link in a case's record (GET /api/cases/:ref/record).
        publicUrl: config.publicUrl,
      });
      mountMerchantApi(app, { context: { db, signal }, log });
      // Evidence uploads and downloads (docs/evidence.md); before the ombudsman's routes, whose error handler answers its refusals.
      mountEvidenceRoutes(app, {
        db,
        signal,
        secrets: secret,
        ombudsman: config.OMBUDSMAN_TOKEN ? { token: config.OMBUDSMAN_TOKEN, id: config.OMBUDSMAN_ID } : undefined,
      });
      mountOmbudsman(app, {
        context: { db, signal },
        secrets: secret,
        allowedOrigins: config.allowedOrigins,
        log,
        mailer,
        ombudsman: config.OMBUDSMAN_TOKEN ? { token: config.OMBUDSMAN_TOKEN, id: config.OMBUDSMAN_ID } : undefined,
      });
      web = createWebChannel({
        app,
        server,
        secrets: secret,
        allowedOrigins: config.allowedOrigins,
        dialog,
        log,
        metrics,
      });
    },
  });
  // In flight requests finish (up to the timeout) while everything they need still runs.
  releasers.push('HTTP server', () => http.stop(config.SHUTDOWN_TIMEOUT_MS));
  if (web) {
    const channel = web;
    releasers.push('web chat', () => channel.close());
    await channel.ready;
  }
  const relay = web ? await startConsumerRelay({ db, adapter: web.adapter, log }) : undefined;
  if (relay) releasers.push('consumer relay', () => relay.stop());
  // A consumer with no open socket on any replica is told of a new message by e-mail and/or the app's backend.
  const away = await startAwayNotices({
    db,
    presence: web?.adapter,
    mailer,
    appEvents: Boolean(config.APP_WEBHOOK_URL),
    publicUrl: config.publicUrl,
    log,
  });
  releasers.push('away notices', () => away.stop());
  // The outcome notices and the rating requests: one loop, the notices first.
  const ratings = await startRatingRequests({ db, log, publicUrl: config.publicUrl });
  releasers.push('outcome notices and ratings', () => ratings.stop());
  const recovery = startRecovery(dialog, {
    log,
    deliver: (consumerId, replies) => {
      for (const reply of replies) web?.adapter.sendToUser(consumerId, reply);
    },
  });
  releasers.push('dialog recovery', () => recovery.stop());
  const port = await http.listen(config.PORT, config.HOST);
  // /metrics on a port of its own when asked: nothing else is served there but the probes.
  if (config.METRICS_PORT !== undefined) {
    const metricsHttp = createHttpService({ db, log, mount: (app) => metrics.mount(app) });
    releasers.push('metrics server', () => metricsHttp.stop(1_000));
    await metricsHttp.listen(config.METRICS_PORT, config.HOST);
  }
  return { db, signal, http, port, ...(desk ? { desk } : {}) };
}

/** The one start-up line: where to chat, and what is off and how to turn it on. */
export function startLine(config: Config, service: RunningService): string {
  const url = config.PUBLIC_URL ? config.publicUrl : config.publicUrl.replace(`:${config.PORT}`, `:${service.port}`);
  const parts = [
    `Ombud is running: open the chat at ${url}/`,
    `database: ${service.db.description}`,
    service.desk
      ? `Slack agent desk: ${describeLink(service.desk.status())} (${config.SLACK_APP_TOKEN ? 'socket mode' : 'requests at /slack/events'})`
      : 'Slack agent desk: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on)',
    config.openaiEnabled
      ? `OpenAI fallback: on (${config.OPENAI_MODEL})`
      : 'OpenAI fallback: off (set OPENAI_API_KEY to turn it on)',
    config.CORE_WEBHOOK_URL
      ? `payments core events: sent to ${new URL(config.CORE_WEBHOOK_URL).origin}`
      : 'payments core events: kept, not sent (set CORE_WEBHOOK_URL and CORE_WEBHOOK_SECRET to send them)',
  ];
  return parts.join('; ');
}
